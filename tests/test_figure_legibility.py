"""Every figure is legible on the seed and on the example corpus: no two pieces of text
overlap (every text artist's bounding box, measured after drawing), and no text leaves the
figure.

``LEGIBILITY_CORPUS=path`` adds a corpus of one's own (cases named ``given-...``): `make bench`
checks the figures of its million generated sentences this way, so that `make test` runs the
same checks in a tree where the benchmark has run as in a fresh clone."""

import itertools
import os

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import helpers  # noqa: E402

CORPORA = {"seed": None, "example": helpers.DATA / "examples" / "mahdi_army_news_sample.csv"}
if os.environ.get("LEGIBILITY_CORPUS"):
    CORPORA["given"] = os.environ["LEGIBILITY_CORPUS"]


def _figures(path):
    corpus = helpers.load_corpus(path)
    sents = helpers.sentences(corpus)
    mentions = helpers.find_entities(sents)
    frames = helpers.find_frames(sents)
    freq = helpers.entity_frequency(mentions, sents)
    leading = freq.loc[freq["variants"] > 1, "entity"].head(6).tolist()
    table = helpers.cooccurrence(mentions)
    # Notebook 05's figures, as the notebook draws them (its default grouping: source, year).
    sizes = helpers.group_sizes(sents, "source")
    target = helpers.target_group(sizes, "source")
    dated = "date" in sents.columns
    followed = freq["entity"].head(3).tolist()
    points = helpers.dispersion(frames, sents, "frame", ["ceasefire", "disarmament"])
    points = pd.concat([points, helpers.dispersion(mentions, sents, "entity", followed)])
    return {
        "corpus_sentence_lengths": lambda: helpers.plot_sentence_lengths(
            helpers.length_counts(helpers.sentence_lengths(sents))
        ),
        "corpus_top_words": lambda: helpers.plot_top_words(
            helpers.word_frequency(sents["text"], n=20)
        ),
        "entities_top": lambda: helpers.plot_entity_frequency(freq, top=15),
        "entities_variants": lambda: helpers.plot_variants(
            helpers.entity_variants(mentions, leading)
        ),
        "cooc_heatmap": lambda: helpers.plot_cooccurrence(table, top=20),
        "cooc_network": lambda: helpers.plot_network(mentions, top=20),
        "wording_frames": lambda: helpers.plot_frames(helpers.frame_summary(frames, sents)),
        "large_overview": lambda: helpers.plot_overview(
            freq, helpers.frame_summary(frames, sents), top=15
        ),
        "wording_frames_by_entity": lambda: helpers.plot_frames_by_entity(
            helpers.frames_by_entity(frames, mentions)
        ),
        "compare_keyness_words": lambda: helpers.plot_keyness(
            helpers.word_keyness(sents, "source", target)
            if target is not None
            else helpers.empty_keyness(),
            f"Words: {target} against the rest",
        ),
        "compare_keyness_entities": lambda: helpers.plot_keyness(
            helpers.entity_keyness(mentions, sents, "source", target)
            if target is not None
            else helpers.empty_keyness(),
            f"Entities: {target} against the rest",
        ),
        "compare_rates": lambda: (
            helpers.plot_rates(
                helpers.rate_table(
                    helpers.frame_summary(frames, sents, by="year"),
                    "year",
                    "frame",
                    helpers.group_sizes(sents, "year"),
                    items=["ceasefire", "disarmament"],
                ),
                "year",
                ["ceasefire", "disarmament"],
            )
            if dated
            else helpers.nothing_to_draw("Rate per 1,000 sentences, over time", "No date column.")
        ),
        "compare_dispersion": lambda: helpers.plot_dispersion(
            points,
            ["ceasefire", "disarmament", *followed],
            axis="date" if dated else "position",
            n_rows=len(sents),
        ),
    }


def _texts(fig):
    """(label, bounding box in pixels) of every visible, non-empty text of a drawn figure."""
    renderer = fig.canvas.get_renderer()
    found = []
    for text in fig.findobj(matplotlib.text.Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        found.append((text.get_text(), text.get_window_extent(renderer)))
    return found


NAMES = [
    "corpus_sentence_lengths",
    "corpus_top_words",
    "entities_top",
    "entities_variants",
    "cooc_heatmap",
    "cooc_network",
    "wording_frames",
    "large_overview",
    "wording_frames_by_entity",
    "compare_keyness_words",
    "compare_keyness_entities",
    "compare_rates",
    "compare_dispersion",
]
CASES = [(corpus, name) for corpus in CORPORA for name in NAMES]


@pytest.fixture(scope="module")
def figures():
    return {name: _figures(path) for name, path in CORPORA.items()}  # (built lazily per figure)


@pytest.mark.parametrize("corpus, name", CASES, ids=[f"{c}-{f}" for c, f in CASES])
def test_no_two_texts_overlap(figures, corpus, name):
    fig = figures[corpus][name]()
    fig.canvas.draw()
    texts = _texts(fig)
    overlaps = [
        (a, b)
        for (a, box_a), (b, box_b) in itertools.combinations(texts, 2)
        if box_a.overlaps(box_b) and box_a.intersection(box_a, box_b).width > 1
        and box_a.intersection(box_a, box_b).height > 1
    ]  # fmt: skip
    plt.close(fig)
    assert overlaps == []


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_no_two_network_nodes_overlap(figures, corpus):
    # The hubs of a dense network (the most named entities, linked to every other) are laid
    # out close together; their discs are moved apart before they are drawn.
    import numpy as np

    fig = figures[corpus]["cooc_network"]()
    fig.canvas.draw()
    ax = fig.axes[0]
    (nodes,) = [c for c in ax.collections if isinstance(c, matplotlib.collections.PathCollection)]
    at = ax.transData.transform(nodes.get_offsets())
    radii = np.sqrt(nodes.get_sizes() / np.pi) * fig.dpi / 72
    plt.close(fig)
    touching = [
        (i, j)
        for i, j in itertools.combinations(range(len(at)), 2)
        if np.hypot(*(at[i] - at[j])) < radii[i] + radii[j]
    ]
    assert touching == []


def test_the_network_says_which_entities_it_leaves_out():
    # Four entities; only the strongest pair is drawn (max_edges=1), so of the three most
    # named (top=3) the third has no pair drawn: it is left out, and the title says so.
    names = ["A", "B", "C", "D"]
    table = pd.DataFrame(
        [[9, 5, 2, 1], [5, 8, 0, 0], [2, 0, 4, 0], [1, 0, 0, 3]], index=names, columns=names
    )
    types = pd.Series("PERSON", index=names)
    fig = helpers.plot_network_of(table, types, top=3, max_edges=1)
    title = fig.axes[0].get_title()
    drawn = sorted(t.get_text() for t in fig.axes[0].texts)
    plt.close(fig)
    assert drawn == ["A", "B"]
    assert title == (
        "Co-occurrence network: 2 of 4 entities\n"
        "the 1 strongest of 2 pairs sharing a sentence; 1 of the 3 most named left out "
        "(no pair drawn)"
    )


def test_the_ticks_of_a_narrow_panel_of_large_counts_do_not_run_into_each_other():
    # The overview's frame panel is about 4.5 inches wide; at hundreds of thousands of
    # sentences (here the frames of the million-sentence benchmark corpus), nine ticks ("50k",
    # "100k", ...) would not fit: the axis takes as many as its length holds.
    freq = pd.DataFrame(
        {
            "entity": [f"Entity {k}" for k in range(15)],
            "type": "PERSON",
            "sentences": [400_000 - 20_000 * k for k in range(15)],
            "mentions": [400_000 - 20_000 * k for k in range(15)],
        }
    )
    summary = pd.DataFrame(
        {
            "frame": ["ceasefire", "disarmament", "violence", "enforcement"],
            "sentences": [369_506, 258_246, 181_159, 132_030],
            "matches": [397_298, 258_246, 218_204, 155_847],
        }
    )
    fig = helpers.plot_overview(freq, summary, top=15)
    fig.canvas.draw()
    texts = _texts(fig)
    plt.close(fig)
    pairs = itertools.combinations(texts, 2)
    assert [(a, b) for (a, box_a), (b, box_b) in pairs if box_a.overlaps(box_b)] == []
