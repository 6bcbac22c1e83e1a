"""Stage 8, explore: an ipywidgets explorer (search, entity, frame) for JupyterLab."""

from __future__ import annotations

import html
import re

import pandas as pd

from .cooccurrence import cooccurrence, named_with
from .entities import entity_frequency, entity_variants, find_entities
from .groups import group_labels
from .kwic import TextIndex, in_context, kwic, kwic_count, lines_shown
from .wording import find_frames

EXPLORER_ROWS = 40  # KWIC lines shown at once; the count above them is always the full count


def as_html(frame: pd.DataFrame) -> str:
    """A table for the explorer: no index column, text escaped."""
    return frame.to_html(index=False, escape=True, border=0)


# Characters that make a query look like a regular expression (see search_answer).
_REGEX_SIGNS = re.compile(r"[\\\[\](){}?*+|^$]")


def search_answer(query: str, regex: bool, matches: int, rows: int, lines: pd.DataFrame) -> str:
    """The explorer's answer to a search, as HTML: the count in words ("1 match in 1 row"),
    then the lines; for no match, a sentence instead of an empty table, which says so when the
    query looks like a regular expression but the regex box is not ticked."""
    if matches == 0:
        hint = ""
        if not regex and _REGEX_SIGNS.search(query):
            hint = (
                " It looks like a regular expression: tick <i>regex</i> to search it as one "
                "(it was searched as the words typed)."
            )
        return (
            f"<p class='explorer-count'>No match for <code>{html.escape(query)}</code>.{hint}</p>"
        )
    shown = lines_shown(lines)
    counted = (
        f"<b>{matches:,}</b> match{'' if matches == 1 else 'es'} in "
        f"<b>{rows:,}</b> sentence{'' if rows == 1 else 's'}"
    )
    if len(shown) < matches:
        counted += f" (the first {len(shown):,} shown)"
    return f"<p class='explorer-count'>{counted}</p>" + as_html(shown)


def explore(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    frames: pd.DataFrame | None = None,
    by: str | None = None,
):
    """A small explorer for JupyterLab (an ``ipywidgets.Tab``) over the sentences of ``corpus``.

    - Search: type a word, phrase or regular expression; see its count and KWIC lines (a word
      or phrase in any case, a compound closed, hyphenated or spaced: "ceasefire" finds
      "cease-fire" and "cease fire" too; see ``kwic``).
    - Entity: pick an entity; see its sentences, its spellings and who co-occurs with it.
    - Frame: pick a frame; see its matches with their stance.
    - ``by`` (a column, or a period of the date, as ``group_labels``): a group selector above
      the tabs; every tab then answers for the sentences of the group chosen.
    Annotations are computed once here (or passed in), so each answer is a table lookup or one
    scan of the texts. In a rendered notebook the widget does not run: the notebooks show a
    static example beside it.
    """
    import ipywidgets as widgets

    every = {
        "corpus": corpus,
        "mentions": find_entities(corpus) if mentions is None else mentions,
        "frames": find_frames(corpus) if frames is None else frames,
    }
    # What the tabs answer from: every sentence, or the group chosen (see on_group). The tabs'
    # handlers read it at each call; it belongs to this explorer alone.
    view: dict = {}

    def use(rows: pd.DataFrame) -> None:
        view.update(_answers_for(every, rows))

    use(corpus)

    # KWIC alignment: left context flush against the match, as in a concordancer.
    style = (
        "<style>.corpus-explorer td:nth-child(2){text-align:right}"
        ".corpus-explorer td:nth-child(3){font-weight:bold;text-align:center}"
        ".corpus-explorer td{padding:1px 6px}</style>"
    )

    # Search tab
    query = widgets.Text(
        placeholder="word, phrase or regex, then Enter",
        description="Search",
        continuous_update=False,
    )
    is_regex = widgets.Checkbox(value=False, description="regex", indent=False)
    search_out = widgets.HTML()

    def on_search(_=None):
        search_out.value = _search(view, query.value.strip(), is_regex.value, style)

    query.observe(on_search, names="value")
    is_regex.observe(on_search, names="value")
    search_tab = widgets.VBox([widgets.HBox([query, is_regex]), search_out])

    # Entity tab
    entity = widgets.Dropdown(options=view["freq"]["entity"].tolist(), description="Entity")
    entity_out = widgets.HTML()

    def on_entity(_=None):
        name = entity.value
        if name is None:
            entity_out.value = "<p>No entity is mentioned.</p>"
            return
        spans = view["mentions"][view["mentions"]["entity"] == name]
        entity_out.value = style + (
            f"<p><b>{len(spans)}</b> mentions in <b>{spans['sentence_id'].nunique()}</b> "
            f"sentences</p>"
            "<h4>Spellings</h4>"
            + as_html(entity_variants(view["mentions"], [name])[["surface", "count"]])
            + "<h4>Named with</h4>"
            + as_html(named_with(view["table"], name))
            + "<h4>Sentences</h4>"
            + as_html(
                in_context(view["corpus"], spans.head(EXPLORER_ROWS), 6)[
                    ["sentence_id", "left", "match", "right"]
                ]
            )
        )

    entity.observe(on_entity, names="value")
    entity_tab = widgets.VBox([entity, entity_out])

    # Frame tab
    frame = widgets.Dropdown(options=sorted(view["frames"]["frame"].unique()), description="Frame")
    frame_out = widgets.HTML()

    def on_frame(_=None):
        rows = view["frames"][view["frames"]["frame"] == frame.value]
        lines = in_context(view["corpus"], rows.head(EXPLORER_ROWS), 6).assign(
            stance=rows.head(EXPLORER_ROWS)["stance"].fillna("").to_numpy()
        )
        frame_out.value = style + (
            f"<p><b>{len(rows)}</b> matches in "
            f"<b>{rows['sentence_id'].nunique()}</b> sentences</p>"
            + as_html(lines[["sentence_id", "left", "match", "right", "stance"]])
        )

    frame.observe(on_frame, names="value")
    frame_tab = widgets.VBox([frame, frame_out])

    on_entity()
    if len(frame.options):
        on_frame()
    tabs = widgets.Tab(children=[search_tab, entity_tab, frame_tab])
    for i, title in enumerate(["Search", "Entity", "Frame"]):
        tabs.set_title(i, title)
    tabs.add_class("corpus-explorer")
    # Kept on the widget so tests and users can drive it from code.
    tabs.query, tabs.is_regex, tabs.search_out = query, is_regex, search_out
    tabs.entity, tabs.entity_out, tabs.frame, tabs.frame_out = entity, entity_out, frame, frame_out
    if by is None:
        return tabs

    return _with_group_selector(corpus, by, tabs, use, view, on_search, on_entity, on_frame)


def _search(view: dict, text: str, regex: bool, style: str) -> str:
    """The search tab's answer for ``text`` in the sentences of ``view`` (empty for no text)."""
    if not text:
        return ""
    try:
        rows_now, index = view["corpus"], view["index"]
        matches, rows = kwic_count(rows_now, text, regex=regex, index=index)
        lines = kwic(rows_now, text, window=6, regex=regex, limit=EXPLORER_ROWS, index=index)
    except Exception as err:  # a query must never break the explorer
        # Whatever a query raises (a refused pattern, too many matches, an engine error)
        # is said under the box; the explorer stays usable for the next query.
        return f"<p><b>Cannot search:</b> {html.escape(str(err))}</p>"
    return style + search_answer(text, regex, matches, rows, lines)


def _answers_for(every: dict, rows: pd.DataFrame) -> dict:
    """What the tabs answer from for the sentences ``rows``: them, their mentions and frames
    (of ``every``'s), the entity counts, the co-occurrence table and the search index."""
    ids = rows["sentence_id"]
    mentions = every["mentions"][every["mentions"]["sentence_id"].isin(ids)]
    return {
        "corpus": rows,
        "mentions": mentions,
        "frames": every["frames"][every["frames"]["sentence_id"].isin(ids)],
        "freq": entity_frequency(mentions, rows),
        "table": cooccurrence(mentions),
        "index": TextIndex(rows),
    }


def _with_group_selector(corpus, by, tabs, use, view, on_search, on_entity, on_frame):
    """The explorer with a group selector above its tabs: choosing a group makes every tab
    answer for that group's sentences (``use``), and reruns the current answers."""
    import ipywidgets as widgets

    entity, frame, frame_out = tabs.entity, tabs.frame, tabs.frame_out
    # Group selector: the tabs answer for the sentences of one group (or all of them).
    labels = group_labels(corpus, by)
    sizes = labels.value_counts(sort=False)
    group = widgets.Dropdown(
        options=[(f"all sentences ({len(corpus):,})", None)]
        + [(f"{name} ({int(n):,})", name) for name, n in sizes.items() if n],
        description=by.capitalize(),
    )

    def on_group(_=None):
        use(corpus if group.value is None else corpus[(labels == group.value).to_numpy()])
        entity.options = view["freq"]["entity"].tolist()
        frame.options = sorted(view["frames"]["frame"].unique())
        on_search()
        on_entity()
        if len(frame.options):
            on_frame()
        else:
            frame_out.value = "<p>No frame is used in this group.</p>"

    group.observe(on_group, names="value")
    box = widgets.VBox([group, tabs])
    box.add_class("corpus-explorer")
    for name in ("query", "is_regex", "search_out", "entity", "entity_out", "frame", "frame_out"):
        setattr(box, name, getattr(tabs, name))
    box.group, box.tabs = group, tabs
    return box
