"""Notebook 05's tables: the groups of a column or a period compared (their sizes, the keyness
of one group against the rest, the frame summaries by group and by period, the co-occurrences by
period), and the dispersion of frames and entities over the corpus. The dispersion takes a pass
of its own after the count (``dispersion_part``): a partition's positions follow the sentences
before it, and the entities followed are the most named."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..compare import (
    added_dispersion_counts,
    dispersion,
    dispersion_counts,
    dispersion_of,
    item_counts,
    keyness_of,
    target_group,
    word_counts,
)
from ..cooccurrence import cooccurrence, pairs_by_group
from ..groups import PERIODS, added_sizes, group_labels, group_sizes, grouping, sized, unknown_label
from ..load import document_rows, per_document
from ..wording import added_frame_counts, frame_counts, frame_table
from .options import CorpusTables, Part, TableOptions
from .pairs import added_tables
from .sums import add_counts, inferred


def target(sizes: pd.DataFrame, options: TableOptions):
    """The group compared with the rest: ``options.target``, else the largest."""
    if options.target is not None:
        return options.target
    return target_group(sizes, options.group)


def count(part: Part, options: TableOptions) -> dict:
    sents, mentions, frames = part.sents, part.mentions, part.frames
    counts = {}
    if options.group is not None:
        counts["sizes"] = group_sizes(sents, options.group)
        counts["keyed"] = _keyed(sents, mentions, frames, options.group)
        counts["frames_by_group"] = _grouped_frames(frames, sents, options.group)
        if options.unit == "document":
            counts["by_documents"] = _by_documents(sents, mentions, frames, options.group)
    if options.period is not None:
        counts["period_sizes"] = _period_sizes(sents, options.period)
        counts["frames_by_period"] = _grouped_frames(frames, sents, options.period)
        counts["pairs_by_period"] = _grouped_tables(mentions, sents, options.period)
    return counts


def _labels_of(sents: pd.DataFrame, by: str) -> pd.Series:
    """Each sentence's group of ``by`` (a label), by sentence id; a partition without a date
    column has every sentence in the unknown period."""
    if by in PERIODS and "date" not in sents.columns and by not in sents.columns:
        labels = np.full(len(sents), unknown_label(by), dtype=object)
    else:
        labels = group_labels(sents, by).astype(str).to_numpy(dtype=object)
    return pd.Series(labels, index=sents["sentence_id"].to_numpy())


def _period_sizes(sents: pd.DataFrame, period: str) -> pd.DataFrame:
    if "date" in sents.columns:
        return group_sizes(sents, period)
    return pd.DataFrame({period: [unknown_label(period)], "sentences": [len(sents)]})


def _grouped_frames(frames: pd.DataFrame, sents: pd.DataFrame, by: str) -> pd.DataFrame:
    """``frame_counts`` by the groups of ``by``: what ``frame_summary(by=)`` is finished from."""
    labels = _labels_of(sents, by).reindex(frames["sentence_id"].to_numpy()).to_numpy()
    return frame_counts(frames, labels)


def _grouped_tables(mentions: pd.DataFrame, sents: pd.DataFrame, by: str) -> dict:
    """Each group's co-occurrence table (``pairs_by_group`` finishes them)."""
    labels = _labels_of(sents, by).reindex(mentions["sentence_id"].to_numpy()).to_numpy()
    # Each group's rows taken by number, in the order the groups first occur (as pandas'
    # groupby gives them), and a group of every row not copied at all: a copy of millions of
    # mentions with the labels as a column, grouped by them, cost more than the tables (most
    # corpora have one period, or a few).
    codes, names = pd.factorize(labels)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))

    def rows(k: int) -> pd.DataFrame:
        taken = order[bounds[k] : bounds[k + 1]]
        return mentions if len(taken) == len(mentions) else mentions.take(taken)

    return {names[k]: cooccurrence(rows(k)) for k in range(len(names))}


def _keyed(sents, mentions, frames, by: str) -> dict:
    """Per (group, item): content-word tokens, entity mentions and frame matches (what the
    keyness tables are finished from, ``compare.keyness_of``)."""
    groups = grouping(sents, by)
    return {
        "entities": item_counts(mentions, "entity", groups),
        "frames": item_counts(frames, "frame", groups),
        "words": word_counts(sents, groups),
    }


def _by_documents(sents, mentions, frames, by: str) -> dict:
    """The group comparison counted by documents (``unit="document"``): the documents of each
    group, the documents of each group that use each frame, and the documents of each group
    that name each entity or use each frame once each (keyness over documents, as quanteda's
    keyness of a boolean document-feature matrix). A partition's documents are whole, so the
    counts add up."""
    docs = document_rows(sents)
    in_docs = {
        "entities": per_document(mentions, sents).drop_duplicates(["sentence_id", "entity"]),
        "frames": per_document(frames, sents),
    }
    groups = grouping(docs, by)
    return {
        "sizes": group_sizes(docs, by),
        "frames": _grouped_frames(in_docs["frames"], docs, by),
        "keyed": {
            "entities": item_counts(in_docs["entities"], "entity", groups),
            "frames": item_counts(
                in_docs["frames"].drop_duplicates(["sentence_id", "frame"]), "frame", groups
            ),
        },
    }


def _added_by_documents(a: dict, b: dict, by: str) -> dict:
    return {
        "sizes": added_sizes([a["sizes"], b["sizes"]], by),
        # (The ids of the first documents are not kept: they are numbered within a partition.)
        "frames": added_frame_counts(a["frames"], b["frames"], 0),
        "keyed": {k: add_counts(a["keyed"][k], b["keyed"][k]) for k in a["keyed"]},
    }


def add(a: dict, b: dict, shift: int, options: TableOptions) -> dict:
    total = {}
    if options.group is not None:
        total["sizes"] = added_sizes([a["sizes"], b["sizes"]], a["sizes"].columns[0])
        total["keyed"] = {k: add_counts(a["keyed"][k], b["keyed"][k]) for k in a["keyed"]}
        total["frames_by_group"] = added_frame_counts(
            a["frames_by_group"], b["frames_by_group"], shift
        )
        if "by_documents" in a:
            total["by_documents"] = _added_by_documents(
                a["by_documents"], b["by_documents"], options.group
            )
    if options.period is not None:
        by = a["period_sizes"].columns[0]
        total["period_sizes"] = added_sizes([a["period_sizes"], b["period_sizes"]], by)
        total["frames_by_period"] = added_frame_counts(
            a["frames_by_period"], b["frames_by_period"], shift
        )
        total["pairs_by_period"] = {
            label: added_tables(a["pairs_by_period"][label], b["pairs_by_period"][label])
            if label in a["pairs_by_period"] and label in b["pairs_by_period"]
            else a["pairs_by_period"].get(label, b["pairs_by_period"].get(label))
            for label in {**a["pairs_by_period"], **b["pairs_by_period"]}
        }
    return total


def finish(counts: dict, tables: CorpusTables, options: TableOptions) -> None:
    if options.period is not None and "date" in counts["columns"]:
        period = options.period
        tables.period_sizes = counts["period_sizes"]
        tables.frames_by_period = frame_table(
            counts["frames_by_period"], sized(tables.period_sizes, period)
        )
        tables.pairs_by_period = pairs_by_group(
            counts["pairs_by_period"], sized(tables.period_sizes, period)
        )
    if options.group is not None:
        tables.group_sizes = counts["sizes"]
        tables.target = target(tables.group_sizes, options)
        tables.frames_by_group = frame_table(
            counts["frames_by_group"], sized(counts["sizes"], options.group)
        )
        tables.keyness = {
            name: keyness_of(keyed, tables.target) for name, keyed in counts["keyed"].items()
        }
        if "by_documents" in counts:
            tables.by_documents = _finished_by_documents(
                counts["by_documents"], options.group, tables.target
            )


def _finished_by_documents(counts: dict, by: str, target) -> dict:
    """The tables of ``_by_documents``' sums: ``sizes`` (``by``, ``documents``), ``frames``
    (each group's documents using each frame: ``frame_summary(by=)``'s columns, counted in
    documents) and ``keyness`` of the target group against the rest (``entities``, ``frames``:
    each counted once per document)."""
    sizes = counts["sizes"].rename(columns={"sentences": "documents"})
    frames = frame_table(counts["frames"], sized(counts["sizes"], by)).drop(columns="where")
    frames = frames.rename(columns={"group_sentences": "group_documents", "sentences": "documents"})
    keyness = {name: keyness_of(keyed, target) for name, keyed in counts["keyed"].items()}
    return {"sizes": sizes, "frames": frames, "keyness": keyness}


# ---------------------------------------------------------------------------------------------
# The dispersion: a second pass, once the first has counted the sentences of every partition.


def thinned(points: pd.DataFrame, n: int, options: TableOptions) -> pd.DataFrame:
    """The occurrences of every k-th sentence (by position), k the smallest that keeps at most
    ``options.dispersion_points`` sentences of a corpus of ``n``: all of them when it is
    smaller, so that a plot of a large corpus stays drawable."""
    step = max(1, -(-n // max(options.dispersion_points, 1)))
    return points[points["position"] % step == 0].reset_index(drop=True)


def dispersion_items(tables: CorpusTables, options: TableOptions) -> tuple:
    """The frames and the entities placed by the dispersion pass (the most named ones), each
    item's occurrences in the whole corpus and the whole corpus's words (from the count: what
    each partition's share of them is measured against)."""
    followed = tables.entity_frequency["entity"].head(options.dispersion_entities).tolist()
    totals = {
        **dict(zip(tables.frame_summary["frame"], tables.frame_summary["matches"])),
        **dict(zip(tables.entity_frequency["entity"], tables.entity_frequency["mentions"])),
    }
    lengths = tables.length_counts["words"]
    words = int((lengths.index.to_numpy() * lengths.to_numpy()).sum())
    return list(options.dispersion_frames), followed, totals, words


def dispersion_part(
    corpus: pd.DataFrame, options: TableOptions, items: tuple, before: tuple, n: int
) -> dict:
    """One partition's occurrences of the dispersion items, with ``before`` (the rows and the
    sentences of the partitions before it) giving their ids and positions in the corpus of
    ``n`` sentences: their ``dispersion_counts`` and the occurrences drawn."""
    return dispersion_of_part(Part.matched(corpus, options), options, items, before, n)


def dispersion_of_part(part: Part, options: TableOptions, items, before, n) -> dict:
    """``dispersion_part`` of a partition already matched."""
    sents, mentions, frames = part.sents, part.mentions, part.frames
    frame_items, entity_items, totals, words = items
    points = pd.concat(
        [
            dispersion(frames, sents, "frame", frame_items),
            dispersion(mentions, sents, "entity", entity_items),
        ],
        ignore_index=True,
    )
    # (Counted before the shift, by the partition's own sentences: its documents are whole.)
    counts = dispersion_counts(points, sents, totals, words)
    points["sentence_id"] += before[0]
    points["position"] += before[1]
    counts["items"]["first"] += before[1]
    counts["items"]["last"] += before[1]
    return {"counts": counts, "points": thinned(points, n, options)}


def added_dispersion(a: dict, b: dict) -> dict:
    """Two neighbouring parts' ``dispersion_part`` as one's."""
    counts = added_dispersion_counts(a["counts"], b["counts"])
    return {"counts": counts, "points": pd.concat([a["points"], b["points"]], ignore_index=True)}


def with_dispersion(tables: CorpusTables, found: dict, items: tuple) -> CorpusTables:
    """The tables with the dispersion pass's sums, the items in the order asked for (the
    frames, then the entities), each item's occurrences by position."""
    rank = {item: k for k, item in enumerate(dict.fromkeys([*items[0], *items[1]]))}
    counts = dict(found["counts"])
    items = counts["items"].sort_values("item", key=lambda s: s.map(rank), kind="stable")
    counts["items"] = items.reset_index(drop=True)
    tables.dispersion_summary = dispersion_of(counts)
    points = found["points"].sort_values("position", kind="stable")
    points = points.sort_values("item", key=lambda s: s.map(rank), kind="stable")
    # (A part without an occurrence has untyped columns: inferred again on the whole.)
    tables.dispersion = inferred(points)
    return tables
