"""Stage 7, figures: byte-stable PNGs and the plots of the tables above."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import matplotlib
import matplotlib.patches
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import pandas as pd
import PIL.Image

from .checks import check_count
from .engine.image import fold
from .entities import ENTITY_TYPES, TITLES
from .files import FIGURES

# Fixed settings so that a rerun writes the same bytes: one font, one size, one resolution,
# no timestamps or software versions in the file.
FIGURE_RC = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "mahdi-army-corpus",
    "path.simplify": True,
}
TYPE_COLORS = {
    "PERSON": "#1b6ca8",
    "ARMED_GROUP": "#c0392b",
    "MOVEMENT": "#8e44ad",
    "PLACE": "#27ae60",
    "GROUP": "#d68910",
}


def setup_figures() -> None:
    """Apply ``FIGURE_RC``. Call once at the top of a notebook."""
    matplotlib.rcParams.update(FIGURE_RC)


def figures_dir(out: str | Path | None = None) -> Path:
    """The folder figures go to: ``<out>/figures`` for a rerun elsewhere, else ``figures/``."""
    folder = FIGURES if out is None else Path(out) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_figure(fig, name: str, out: str | Path | None = None) -> Path:
    """Write ``fig`` to ``<figures>/<name>.png`` with fixed settings; return the path.

    ``metadata={"Software": None}`` drops the matplotlib version stamp, so the same figure gives
    the same bytes on every run; the PNG's ``Title`` is the figure's title (its axes' titles),
    which the HTML export uses as the image's alt text.
    """
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise ValueError(f"figure name {name!r}: use letters, digits, '_', '-' or '.' only")
    path = figures_dir(out) / f"{name}.png"
    with matplotlib.rc_context(FIGURE_RC):
        fig.savefig(
            path,
            format="png",
            dpi=FIGURE_RC["savefig.dpi"],
            bbox_inches="tight",
            metadata={"Software": None, "Title": figure_title(fig)},
        )
    return path


class SavedFigure:
    """A figure as ``save_figure`` wrote it: Jupyter shows the file's own PNG bytes.

    ``png`` is the file's content; ``text`` the figure's plain-text form (matplotlib's repr,
    as the inline backend gives it). The image is shown at the size the inline backend's
    ``figure.dpi`` would give it (its pixels scaled by figure.dpi / savefig.dpi), so a notebook
    looks as before, with the sharper saved pixels on a high-resolution screen.
    """

    def __init__(self, png: bytes, text: str) -> None:
        self.png = png
        self.text = text

    def _repr_mimebundle_(self, include=None, exclude=None):
        with PIL.Image.open(io.BytesIO(self.png)) as image:
            width, height = image.size
        scale = FIGURE_RC["figure.dpi"] / FIGURE_RC["savefig.dpi"]
        shown = {"width": round(width * scale), "height": round(height * scale)}
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.text}
        return data, {"image/png": shown}

    def __repr__(self) -> str:
        return self.text


def show_figure(fig, name: str, out: str | Path | None = None) -> SavedFigure:
    """Save ``fig`` as ``save_figure`` does, close it, and return the saved file to show.

    The notebook's image is then the figure file itself, byte for byte: a reader of the
    rendered notebook sees exactly ``figures/<name>.png``. Closing the figure keeps Jupyter's
    inline backend from drawing it a second time at its own resolution (on the seed, the
    second drawing was about 0.5 s of each figure's 1 s, a third of a warm ``make``).
    """
    path = save_figure(fig, name, out)
    text = repr(fig)
    plt.close(fig)
    return SavedFigure(path.read_bytes(), text)


def _whole_numbers(axis) -> None:
    """Ticks at whole numbers only (an axis of counts has no 2.5 sentences), as many as the
    axis's length holds, labelled compactly (150k, 1.2M: six-digit labels of a million-sentence
    corpus would run into each other, and so would ten labels on a narrow panel)."""
    axis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins="auto", integer=True))
    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _: compact(value)))


def ink_on(rgba) -> str:
    """Black or white, whichever reads better on a cell of colour ``rgba`` (WCAG relative
    luminance: white on cells darker than the middle grey)."""

    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgba[:3])
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "white" if luminance < 0.179 else "black"


def figure_title(fig) -> str:
    """The titles of a figure's axes, joined (the suptitle first, if any)."""
    titles = [fig.get_suptitle()] if fig.get_suptitle() else []
    titles += [ax.get_title() for ax in fig.axes if ax.get_title()]
    return "; ".join(titles)


def compact(n: float) -> str:
    """A count as a short label: 999, 1.2k, 31k, 406k, 1.2M (figures stay legible at scale)."""
    n = float(n)
    for limit, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(n) >= limit:
            value = n / limit
            return f"{value:.1f}{suffix}" if value < 10 else f"{value:.0f}{suffix}"
    return f"{n:.0f}"


def _axes(ax, size: tuple[float, float]):
    """``(figure, axes)``: a new figure of ``size`` inches, or ``ax`` and its figure (a panel
    of a larger figure)."""
    return plt.subplots(figsize=size) if ax is None else (ax.figure, ax)


def nothing_to_draw(title: str, message: str, ax=None):
    """A small figure that says in words what is absent, for a corpus where a chart would be
    empty (no sentences, no entities, no frames): the figure file still exists, and says why.
    ``ax``: say it in that panel instead."""
    fig, ax = _axes(ax, (6, 1.6))
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=10, wrap=True)
    ax.set_axis_off()
    ax.set_title(title)
    return fig


def plot_sentence_lengths(counts: dict):
    """Histogram of words per sentence, bins of five words, from ``length_counts``' counts
    (sentences by length: a corpus never held in memory is drawn as one that is)."""
    words = counts.get("words")
    if words is None or not words.sum():
        return nothing_to_draw("Sentence length", "This corpus has no sentences to measure.")
    fig, ax = plt.subplots(figsize=(6, 3))
    bins = range(0, int(words.index.max()) + 6, 5)
    ax.hist(words.index, bins=bins, weights=words.to_numpy(), color="#1b6ca8", edgecolor="white")
    ax.set(xlabel="words per sentence", ylabel="sentences", title="Sentence length")
    _whole_numbers(ax.yaxis)
    return fig


def plot_top_words(top_words: pd.DataFrame):
    """Horizontal bars of ``word_frequency``'s table, the most frequent word on top."""
    if top_words.empty:
        return nothing_to_draw("Top content words", "This corpus has no content words to count.")
    fig, ax = plt.subplots(figsize=(6, 5))
    shown = top_words.iloc[::-1]
    ax.barh(shown["word"], shown["count"], color="#1b6ca8")
    ax.set(xlabel="occurrences", title=f"Top {len(top_words)} content words")
    _whole_numbers(ax.xaxis)
    return fig


def _type_legend(ax, types, outside: bool = False) -> None:
    """The entity types shown, by colour; ``outside`` puts it right of the axes, where it
    cannot sit on a node of a network."""
    handles = [
        matplotlib.patches.Patch(color=TYPE_COLORS.get(t, "#7f8c8d"), label=t)
        for t in ENTITY_TYPES
        if t in set(types)
    ]
    where = {"loc": "upper left", "bbox_to_anchor": (1.0, 1.0)} if outside else {}
    ax.legend(handles=handles, frameon=False, fontsize=8, **({"loc": "lower right"} | where))


def plot_entity_frequency(freq: pd.DataFrame, top: int = 15, ax=None):
    """Horizontal bars of the ``top`` entities by sentences, coloured by type; returns the figure.

    ``freq`` is ``entity_frequency``'s table. Only the top N are drawn, so a large corpus stays
    legible. ``ax``: draw in that panel of a larger figure.
    """
    top = check_count("plot_entity_frequency", "top", top, 1)
    if freq.empty:
        message = "No entity of the gazetteer is named in this corpus."
        return nothing_to_draw("Entities", message, ax)
    shown = freq.head(top).iloc[::-1]
    fig, ax = _axes(ax, (7, 0.32 * len(shown) + 1.2))
    colors = [TYPE_COLORS.get(t, "#7f8c8d") for t in shown["type"]]
    ax.barh(shown["entity"], shown["sentences"], color=colors)
    for y, (n, m) in enumerate(zip(shown["sentences"], shown["mentions"])):
        ax.text(
            n,
            y,
            f" {compact(n)}" + (f" ({compact(m)} mentions)" if m != n else ""),
            va="center",
            fontsize=8,
        )
    ax.set(
        xlabel="sentences that mention the entity",
        title=f"Top {len(shown)} entities of {len(freq)}",
    )
    ax.set_xlim(0, shown["sentences"].max() * 1.35 if len(shown) else 1)
    _whole_numbers(ax.xaxis)
    _type_legend(ax, shown["type"])
    return fig


# What a spelling is, relative to the entity's listed name: the colours of the spelling chart.
SPELLING_KINDS = {
    "the listed name": "#1b6ca8",
    "with a title (Mr, Dr, ...)": "#d68910",
    "family name alone": "#27ae60",
    "another spelling": "#8e44ad",
    "other spellings, together": "#b3b6b7",
}


_ARTICLES = ("al", "el", "as", "ash", "an", "ad", "at", "ar")


def spelling_kind(surface: str, entity: str) -> str:
    """Which of ``SPELLING_KINDS`` a written form of ``entity`` is."""
    words = fold(surface).replace(".", " ").split()
    if " ".join(words).casefold() == " ".join(fold(entity).split()).casefold():
        return "the listed name"
    if words and words[0].casefold() in TITLES:
        return "with a title (Mr, Dr, ...)"

    def names(text: str) -> list[str]:  # (articles and dashes aside: al-Sadr is Sadr)
        return [w for w in fold(text).replace(".", " ").casefold().split() if w not in _ARTICLES]

    own, listed = names(surface), names(entity)
    if len(own) == 1 and len(listed) > 1 and own[0] == listed[-1]:
        return "family name alone"
    return "another spelling"


def plot_variants(variants: pd.DataFrame, per_entity: int = 6):
    """One bar per spelling, grouped by entity: the share of the entity's mentions written
    that way, every bar labelled with its spelling and count, coloured by what the spelling is
    (``SPELLING_KINDS``: the listed name, with a title, the family name alone, another
    spelling). ``variants`` is ``entity_variants``'s table, in the order the entities should be
    drawn; beyond ``per_entity`` spellings the rest share one bar, "other spellings".
    """
    per_entity = check_count("plot_variants", "per_entity", per_entity, 1)
    if variants.empty:
        return nothing_to_draw(
            "How each entity is spelled", "No entity is named under more than one spelling."
        )
    bars, ticks, heads = [], [], []  # (y, share, kind, count), (y, label), (y, entity)
    y = 0.0
    for entity in dict.fromkeys(variants["entity"]):
        rows = variants[variants["entity"] == entity]
        head, rest = rows.head(per_entity), rows.iloc[per_entity:]
        parts = [
            (s, int(c), spelling_kind(s, entity)) for s, c in zip(head["surface"], head["count"])
        ]
        if len(rest):
            parts.append(("other spellings", int(rest["count"].sum()), "other spellings, together"))
        total = sum(c for _, c, _ in parts)
        heads.append((y, entity))
        y += 1
        for surface, count, kind in parts:
            bars.append((y, count / total, kind, count))
            ticks.append((y, surface))
            y += 1
        y += 0.6
    fig, ax = plt.subplots(figsize=(8, 0.26 * y + 1.4))
    for top, share, kind, count in bars:
        ax.barh(top, share, color=SPELLING_KINDS[kind], height=0.8)
        ax.text(share, top, f" {compact(count)}", va="center", fontsize=7)
    for top, entity in heads:
        ax.text(0, top, entity, va="center", ha="left", fontsize=8.5, fontweight="bold")
    ax.set_yticks([t for t, _ in ticks], [label for _, label in ticks], fontsize=8)
    ax.set_ylim(y - 0.4, -0.8)
    ax.set_xlim(0, 1.12)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    shown = [k for k in SPELLING_KINDS if any(kind == k for _, _, kind, _ in bars)]
    ax.legend(
        handles=[matplotlib.patches.Patch(color=SPELLING_KINDS[k], label=k) for k in shown],
        frameon=False,
        fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )
    ax.spines[["top", "right"]].set_visible(False)
    ax.set(xlabel="share of the entity's mentions", title="How each entity is spelled")
    return fig


def cluster_order(table: pd.DataFrame) -> list[str]:
    """Entities of a co-occurrence table reordered so that entities named together sit together
    (average-linkage clustering of their co-occurrence profiles, optimal leaf order)."""
    from scipy.cluster import hierarchy

    if len(table) < 3:
        return table.index.tolist()
    profiles = table.to_numpy(dtype=float)
    profiles = profiles / np.maximum(np.diag(profiles), 1)[:, None]
    links = hierarchy.linkage(profiles, method="average", metric="euclidean", optimal_ordering=True)
    return [table.index[i] for i in hierarchy.leaves_list(links)]


def plot_cooccurrence(table: pd.DataFrame, top: int = 20):
    """Heatmap of sentence co-occurrence counts for the ``top`` entities, clustered order.

    ``table`` is ``cooccurrence``'s (entities by frequency); the diagonal (an entity's own
    sentences) is left blank so the off-diagonal structure shows."""
    top = check_count("plot_cooccurrence", "top", top, 1)
    if table.empty:
        return nothing_to_draw("Who is named with whom", "No entity is named in this corpus.")
    sub = table.iloc[:top, :top]
    order = cluster_order(sub)
    sub = sub.loc[order, order]
    values = sub.to_numpy(dtype=float, copy=True)
    np.fill_diagonal(values, np.nan)
    size = 0.38 * len(sub) + 2.2
    fig, ax = plt.subplots(figsize=(size + 1.2, size))
    image = ax.imshow(values, cmap="Blues", vmin=0)
    ax.set_xticks(range(len(sub)), sub.columns, rotation=90)
    ax.set_yticks(range(len(sub)), sub.index)
    for i in range(len(sub)):
        for j in range(len(sub)):
            if i != j and values[i, j] > 0:
                ax.text(
                    j,
                    i,
                    compact(values[i, j]),
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color=ink_on(image.cmap(image.norm(values[i, j]))),
                )
    ax.spines[:].set_visible(False)
    _whole_numbers(fig.colorbar(image, ax=ax, shrink=0.6, label="sentences naming both").ax.yaxis)
    ax.set_title(f"Who is named with whom (top {len(sub)} entities)")
    return fig


def plot_network(mentions: pd.DataFrame, top: int = 20, min_count: int = 1, max_edges: int = 60):
    """Co-occurrence network of the ``top`` entities: node size by sentences, colour by type,
    edge width by shared sentences (pairs sharing at least ``min_count``; of those, the
    ``max_edges`` that share the most, so that a large corpus, where nearly every pair meets
    somewhere, still shows its structure). Sizes and widths are relative to the largest, so
    the figure reads the same at 15 sentences and at a million. An entity of the ``top`` with
    no pair drawn is left out, and the title says how many were. The layout (Kamada-Kawai, its
    discs then moved apart where they would touch) is the same on every run."""
    from .cooccurrence import cooccurrence

    top, min_count, max_edges = _network_arguments(top, min_count, max_edges)
    types = mentions.drop_duplicates("entity").set_index("entity")["type"]
    return plot_network_of(cooccurrence(mentions), types, top, min_count, max_edges)


def _network_arguments(top, min_count, max_edges) -> tuple[int, int, int]:
    """The network's counts checked (whole numbers >= 1), before anything is read."""
    return tuple(
        check_count("plot_network", name, value, 1)
        for name, value in (("top", top), ("min_count", min_count), ("max_edges", max_edges))
    )


def plot_network_of(
    table: pd.DataFrame,
    types: pd.Series,
    top: int = 20,
    min_count: int = 1,
    max_edges: int = 60,
):
    """``plot_network`` from a co-occurrence table (``cooccurrence``, or one counted partition
    by partition) and each entity's type (a Series by entity)."""
    top, min_count, max_edges = _network_arguments(top, min_count, max_edges)
    import networkx as nx

    if table.empty:
        return nothing_to_draw("Co-occurrence network", "No entity is named in this corpus.")
    sub = table.iloc[:top, :top]
    pairs = [
        (int(sub.loc[a, b]), i, j, a, b)
        for i, a in enumerate(sub.index)
        for j, b in enumerate(sub.index)
        if j > i and sub.loc[a, b] >= min_count
    ]
    # The strongest pairs first, ties in table order, so the choice is the same on every run.
    kept = sorted(pairs, key=lambda p: (-p[0], p[1], p[2]))[:max_edges]
    # An entity with no pair drawn would float at the edge, saying nothing: left out (and
    # counted in the title), unless no pair is drawn at all.
    linked = {a for *_, a, _ in kept} | {b for *_, b in kept}
    graph = nx.Graph()
    for entity in sub.index:
        if entity in linked or not kept:
            graph.add_node(entity, sentences=int(sub.loc[entity, entity]), type=types[entity])
    for count, _, _, a, b in sorted(kept, key=lambda p: (p[1], p[2])):
        graph.add_edge(a, b, count=count)
    # Kamada-Kawai places nodes at distances that follow the graph's own distances, which
    # spreads the hubs of a dense network apart (a spring layout, weighted by the counts,
    # pulled the most named entities into one knot on a large corpus). It is deterministic.
    layout = nx.kamada_kawai_layout(graph) if len(graph) > 1 else {n: (0.0, 0.0) for n in graph}
    fig, ax = plt.subplots(figsize=(8, 6.5))
    top_sentences = max([graph.nodes[n]["sentences"] for n in graph.nodes] or [1])
    sizes = [120 + 1500 * graph.nodes[n]["sentences"] / top_sentences for n in graph.nodes]
    radii = [float(np.sqrt(size / np.pi)) for size in sizes]  # (points: sizes are areas, pt²)
    ax.set_axis_off()
    ax.margins(0.08)
    layout = _nodes_apart(fig, ax, layout, radii)
    top_count = max([graph.edges[e]["count"] for e in graph.edges] or [1])
    widths = [0.6 + 8.0 * graph.edges[e]["count"] / top_count for e in graph.edges]
    nx.draw_networkx_edges(graph, layout, ax=ax, width=widths, edge_color="#95a5a6", alpha=0.6)
    colors = [TYPE_COLORS.get(graph.nodes[n]["type"], "#7f8c8d") for n in graph.nodes]
    nx.draw_networkx_nodes(graph, layout, ax=ax, node_size=sizes, node_color=colors, alpha=0.9)
    labels = [
        ax.annotate(
            node,
            layout[node],
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
        )
        for node in graph.nodes
    ]
    _type_legend(ax, [graph.nodes[n]["type"] for n in graph.nodes], outside=True)
    _separate_labels(fig, labels, radii)
    ax.set_title(_network_title(len(graph), len(table), len(sub), len(kept), len(pairs)))
    return fig


def _network_title(nodes: int, entities: int, most: int, kept: int, pairs: int) -> str:
    """What the network shows and what it leaves out: the entities drawn of the corpus's, the
    pairs drawn of those sharing a sentence, and the most named entities left out because no
    pair drawn links them."""
    drawn = f"{nodes} entities" if nodes == entities else f"{nodes} of {entities:,} entities"
    shown = (
        f"{pairs} pairs sharing a sentence"
        if kept == pairs
        else f"the {kept} strongest of {pairs:,} pairs sharing a sentence"
    )
    alone = most - nodes
    left = f"; {alone} of the {most} most named left out (no pair drawn)" if alone else ""
    return f"Co-occurrence network: {drawn}\n{shown}{left}"


def _nodes_apart(fig, ax, layout: dict, radii: list[float]) -> dict:
    """``layout`` with nodes that would overlap moved apart: each overlapping pair is pushed
    away from each other along the line between them, by half the overlap each, a few rounds
    over all pairs, in pixels (the discs' ``radii`` are in points, so whether two touch depends
    on the drawing, not on the layout's units). Moving nodes changes the axes' limits, and so the
    scale: the axes are fitted to the nodes again and the push repeated until no two touch;
    then the limits are fixed.
    Deterministic, so the figure is the same on every run. Written by hand: networkx draws
    nodes where the layout puts them, overlapping or not, and the hubs of a dense network (the
    most named entities, linked to all others) sit close together."""
    names = list(layout)
    points = np.asarray([layout[n] for n in names], dtype=float)
    if len(names) < 2:
        return layout
    pixels = np.asarray(radii) * fig.dpi / 72 + 2.0  # 2 px apart
    for _fit in range(10):
        ax.ignore_existing_data_limits = True
        ax.update_datalim(points)
        ax.autoscale_view()
        fig.canvas.draw()
        at = ax.transData.transform(points)
        if not _pushed_apart(at, pixels):
            break
        points = ax.transData.inverted().transform(at)
    # The limits fixed where the nodes were fitted (drawing the edges would pad them again).
    ax.set_xlim(ax.get_xlim())
    ax.set_ylim(ax.get_ylim())
    return {name: tuple(point) for name, point in zip(names, points.tolist())}


def _pushed_apart(at: np.ndarray, radii: np.ndarray) -> bool:
    """Push overlapping discs (centres ``at``, in place) apart, up to 100 rounds over all
    pairs; whether any was moved."""
    any_moved = False
    for _round in range(100):
        moved = False
        for i in range(len(at)):
            for j in range(i + 1, len(at)):
                step = at[j] - at[i]
                gap = float(np.hypot(*step))
                overlap = radii[i] + radii[j] - gap
                if overlap <= 0:
                    continue
                way = step / gap if gap > 0 else np.array([1.0, 0.0])
                at[i] -= way * overlap / 2
                at[j] += way * overlap / 2
                moved = any_moved = True
        if not moved:
            break
    return any_moved


def _separate_labels(fig, labels, radii: list[float], gap: float = 1.0) -> None:
    """Place the labels so that no two overlap: in order (the most central entity first), each
    label takes the first of a fixed list of offsets from its node (just above its disc of
    radius ``radii[k]`` points, just below, then further up or down, then to the sides) where
    its box clears every label placed before it (by ``gap`` pixels). Greedy and
    deterministic, so the figure is the same on every run. Written by hand: networkx and
    matplotlib place labels but do not move them apart, and a repel library would be one more
    dependency for twenty labels."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    placed = []
    for label, radius in zip(labels, radii):
        up, down = radius + 3, -(radius + 11)  # (a label's baseline: 11 points below clears it)
        offsets = [(0, up), (0, down)]
        offsets += [
            (0, y + sign * 12 * k) for k in range(1, 6) for y, sign in ((up, 1), (down, -1))
        ]
        offsets += [(dx, dy) for dx in (-45, 45, -90, 90) for dy in (up, down, up + 12, down - 12)]
        for offset in offsets:
            label.xyann = offset
            box = label.get_window_extent(renderer).padded(gap)
            if not any(box.overlaps(other) for other in placed):
                break
        else:
            label.xyann = offsets[0]  # nowhere clear: the default place
            box = label.get_window_extent(renderer).padded(gap)
        placed.append(box)


def plot_frames(summary: pd.DataFrame, ax=None):
    """Bars of the sentences using each frame (``frame_summary``'s table). ``ax``: draw in
    that panel of a larger figure."""
    if summary.empty:
        return nothing_to_draw("Frames", "No frame of the lexicon is used in this corpus.", ax)
    shown = summary.iloc[::-1]
    fig, ax = _axes(ax, (6, 0.45 * len(shown) + 1.2))
    colors = ["#1b6ca8" if f in ("ceasefire", "disarmament") else "#95a5a6" for f in shown["frame"]]
    ax.barh(shown["frame"], shown["sentences"], color=colors)
    for y, (n, m) in enumerate(zip(shown["sentences"], shown["matches"])):
        ax.text(
            n,
            y,
            f" {compact(n)}" + (f" ({compact(m)} matches)" if m != n else ""),
            va="center",
            fontsize=8,
        )
    ax.set_xlim(0, max(shown["sentences"].max(), 1) * 1.35)
    # The title says what the bars are; the order is the data's (the most used frame on top).
    ax.set(xlabel="sentences using the frame", title="Sentences using each frame")
    _whole_numbers(ax.xaxis)
    return fig


def plot_overview(freq: pd.DataFrame, summary: pd.DataFrame, top: int = 15):
    """Who is mentioned and how the talk is worded, side by side: the ``top`` entities by
    sentences (``plot_entity_frequency``) and the sentences using each frame
    (``plot_frames``), one figure for a report on a large corpus."""
    top = check_count("plot_overview", "top", top, 1)
    rows = max(min(len(freq), top), len(summary), 4)
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(13, 0.34 * rows + 1.6), gridspec_kw={"width_ratios": [7, 6]}
    )
    plot_entity_frequency(freq, top=top, ax=left)
    plot_frames(summary, ax=right)
    fig.subplots_adjust(wspace=0.75)
    return fig


def plot_frames_by_entity(table: pd.DataFrame, top: int = 12):
    """Heatmap of ``frames_by_entity`` for the ``top`` entities."""
    top = check_count("plot_frames_by_entity", "top", top, 1)
    if table.empty:
        return nothing_to_draw(
            "Which actors are named with which language",
            "No sentence names both an entity and a frame.",
        )
    sub = table.head(top)
    fig, ax = plt.subplots(figsize=(0.9 * len(sub.columns) + 3, 0.38 * len(sub) + 1.5))
    image = ax.imshow(sub.to_numpy(dtype=float), cmap="Oranges", vmin=0, aspect="auto")
    ax.set_xticks(range(len(sub.columns)), sub.columns, rotation=30, ha="right")
    ax.set_yticks(range(len(sub)), sub.index)
    for i in range(len(sub)):
        for j in range(len(sub.columns)):
            if sub.iat[i, j]:
                ax.text(
                    j,
                    i,
                    compact(sub.iat[i, j]),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=ink_on(image.cmap(image.norm(sub.iat[i, j]))),
                )
    ax.spines[:].set_visible(False)
    _whole_numbers(fig.colorbar(image, ax=ax, shrink=0.7, label="sentences").ax.yaxis)
    ax.set_title("Which actors are named with which language")
    return fig


KEY_COLOR, UNDER_COLOR, PLAIN_COLOR = "#c0392b", "#1b6ca8", "#bdc3c7"


def plot_keyness(table: pd.DataFrame, title: str, n: int = 8, q: float = 0.05):
    """A two-sided bar chart of a keyness table (``keyness`` and its wrappers): the ``n`` most
    over-used items to the right, the ``n`` most under-used to the left, by signed G². Bars of
    items whose q-value is at most ``q`` are coloured; the others are grey, and labelled with
    their counts (target / reference) either way."""
    n = check_count("plot_keyness", "n", n, 1)
    over = table[table["llr"] > 0].head(n)
    under = table[table["llr"] < 0].tail(n)
    shown = pd.concat([over, under])
    if shown.empty:
        return nothing_to_draw(title, "No item is used more or less often than the rest.")
    shown = shown.iloc[::-1]  # the most over-used on top
    significant = shown["q_value"] <= q
    colors = np.where(~significant, PLAIN_COLOR, np.where(shown["llr"] > 0, KEY_COLOR, UNDER_COLOR))
    fig, ax = plt.subplots(figsize=(7, 0.36 * len(shown) + 1.6))
    y = np.arange(len(shown))
    ax.barh(y, shown["llr"], color=colors)
    ax.set_yticks(y, [str(item) for item in shown["item"]])
    reach = float(np.abs(shown["llr"]).max()) or 1.0
    for k, (llr, a, b) in enumerate(zip(shown["llr"], shown["count"], shown["count_reference"])):
        ax.text(
            llr + (0.02 if llr >= 0 else -0.02) * reach,
            k,
            f"{compact(a)} / {compact(b)}",
            va="center",
            ha="left" if llr >= 0 else "right",
            fontsize=8,
        )
    ax.set_xlim(-reach * 1.45 if (shown["llr"] < 0).any() else 0, reach * 1.45)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(
        "signed G² (right: used more than in the reference; left: less)\n"
        "bar labels: count in the group / in the reference"
    )
    ax.set_title(title)
    handles = [
        matplotlib.patches.Patch(color=KEY_COLOR, label=f"more often, q ≤ {q}"),
        matplotlib.patches.Patch(color=UNDER_COLOR, label=f"less often, q ≤ {q}"),
        matplotlib.patches.Patch(color=PLAIN_COLOR, label=f"q > {q} (not significant)"),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    return fig


def _time_positions(labels: list[str]) -> np.ndarray | None:
    """Where each period label falls on a time axis, in years ("2008" -> 2008.5, "2008-03" ->
    2008 + 2.5/12, "2008 Q2" -> 2008.375, "2008-03-10" its day); None when a label is not a
    period."""
    out = []
    for label in labels:
        m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?| Q([1-4]))?", str(label))
        if m is None:
            return None
        year, month, day, quarter = m.groups()
        if day:
            stamp = pd.Timestamp(f"{year}-{month}-{day}")
            out.append(int(year) + (stamp.dayofyear - 0.5) / (366 if stamp.is_leap_year else 365))
        elif month:
            out.append(int(year) + (int(month) - 0.5) / 12)
        elif quarter:
            out.append(int(year) + (int(quarter) - 0.5) / 4)
        else:
            out.append(int(year) + 0.5)
    return np.array(out)


def plot_rates(rates: pd.DataFrame, by: str, items, undated: int = 0):
    """Rates per 1,000 sentences of ``items`` in each group of a ``rate_table`` (periods in
    time order), as points with their 95% Wilson intervals, with the sentences of each group
    (the denominator) as bars below. Periods are placed to scale in time (a gap of years is a
    gap on the axis). The unknown group (``(no year)``...) is left out: it is not a point in
    time; ``undated``, its sentences, are counted in the title."""
    from .evaluation import wilson
    from .groups import unknown_label

    items = list(items)
    rates = rates[rates[by] != unknown_label(by)]
    title = "Rate per 1,000 sentences, by " + by
    if undated:
        title += f" ({undated:,} sentence{'' if undated == 1 else 's'} without one not shown)"
    if rates.empty or not items:
        return nothing_to_draw(title, f"No sentence has a known {by}.")
    groups = rates[by].tolist()
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(7, 4.6), sharex=True, gridspec_kw={"height_ratios": [3, 1.2]}
    )
    x = _time_positions(groups)
    scaled = x is not None
    if not scaled:
        x = np.arange(len(groups), dtype=float)
    step = float(np.min(np.diff(x))) if len(x) > 1 else 1.0
    palette = ["#c0392b", "#1b6ca8", "#27ae60", "#8e44ad", "#d68910", "#2c3e50"]
    # Points, not lines: the groups are the periods that have sentences, and a line would run
    # through the periods between them, which have none. Each item is shifted a little sideways
    # so that equal rates stay visible.
    shift = 0.08 * step * (np.arange(len(items)) - (len(items) - 1) / 2)
    n = rates["sentences"].to_numpy()
    for k, item in enumerate(items):
        counts = rates[str(item)].to_numpy()
        bounds = np.array([wilson(int(c), int(t)) for c, t in zip(counts, n)], dtype=float)
        rate = rates[f"{item} per 1,000"].to_numpy()
        error = np.vstack([rate - 1000 * bounds[:, 0], 1000 * bounds[:, 1] - rate])
        top.errorbar(
            x + shift[k],
            rate,
            yerr=np.clip(np.nan_to_num(error), 0, None),  # (rounding can leave -1e-13)
            fmt="o",
            markersize=6,
            capsize=2,
            elinewidth=1,
            color=palette[k % len(palette)],
            label=str(item),
        )
    top.set_ylabel("per 1,000 sentences (95% CI)")
    top.set_ylim(bottom=0)
    top.set_title(title, fontsize=10)
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    bottom.bar(x, n, width=0.6 * step, color="#95a5a6")
    bottom.set_ylabel("sentences")
    _whole_numbers(bottom.yaxis)
    bottom.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=3, integer=True))
    if scaled and len(groups) > 12:
        bottom.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=8, integer=True))
        bottom.xaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%d"))
    else:
        bottom.set_xticks(x, groups, rotation=45 if len(groups) > 6 else 0, ha="right")
    bottom.set_xlabel(by + (" (to scale in time)" if scaled else ""))
    return fig


def plot_dispersion(points: pd.DataFrame, items, axis: str = "position", n_rows: int = 0):
    """A dispersion plot (NLTK's, AntConc's concordance plot): one row per item of ``items``, a
    mark where each occurrence falls: by ``position`` (the sentence's place in the corpus, 1 to
    ``n_rows``) or by ``date`` (occurrences without a date, or dated only to the year, are
    left out and counted in the title)."""
    items = list(items)
    title = "Where each item occurs" + (" (by publication date)" if axis == "date" else "")
    if axis not in ("position", "date"):
        raise ValueError(f"plot_dispersion: axis must be 'position' or 'date', not {axis!r}")
    shown = points[points["item"].isin(items)]
    undated = 0
    if axis == "date":
        # A date known only to the year would be drawn on 1 January: such occurrences are left
        # out with the undated ones, and counted in the title.
        dated = shown["date"].notna() if "date" in shown.columns else shown["item"].isna()
        if "date_precision" in shown.columns:
            dated &= shown["date_precision"] != "year"
        undated = int((~dated).sum())
        shown = shown[dated]
        if undated:
            title += (
                f"; {undated:,} occurrence{'s' if undated != 1 else ''} without a day or month"
                " left out"
            )
    if shown.empty or not items:
        return nothing_to_draw(title, "None of these items occurs here.")
    fig, ax = plt.subplots(figsize=(7, 0.42 * len(items) + 1.3))
    for k, item in enumerate(items):
        mine = shown[shown["item"] == item]
        ax.plot(
            mine[axis],
            np.full(len(mine), len(items) - 1 - k),
            "|",
            markersize=12,
            color="#1b6ca8",
        )
    ax.set_yticks(range(len(items)), [str(i) for i in items[::-1]])
    ax.set_ylim(-0.6, len(items) - 0.4)
    if axis == "position":
        ax.set_xlim(0, max(n_rows, int(shown["position"].max())) + 1)
        _whole_numbers(ax.xaxis)
        ax.set_xlabel("sentence (in corpus order)")
    else:
        ax.set_xlabel("publication date")
        fig.autofmt_xdate()
    ax.set_title(title)
    return fig
