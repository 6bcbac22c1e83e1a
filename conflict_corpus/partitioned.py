"""Every notebook's tables, counted partition by partition: on Dask for a corpus larger than
memory, in the kernel for a corpus of one file.

A corpus given as a folder or a glob pattern of files (``load.corpus_files``) is read with
``dask.dataframe.from_map``: each file is one partition, read by ``load_corpus``'s rules (nothing
dropped, noise flagged). Each partition is matched (entities, frames) and reduced to counts that
add up across partitions (``partition_counts``); the counts are added pairwise, in corpus order,
on the workers (``added``); and the tables are finished from the sums by the functions the
in-memory path ends with (``finished``: ``ranked_frequency``, ``variants_of``, ``ranked_table``,
``ranked_pairs``, ``ranked_frames``, ``ranked_by_entity``, ``top_words``, ``collocations_of``,
``keyness_table``, ``collocates_of``, ``pairs_by_group``, ``dispersion_of``...). No step holds
more than one partition's sentences, and the result equals ``corpus_tables`` of the whole
corpus read in memory (a test compares every table). ``TableOptions`` says which tables a
notebook needs.

Three counts need something of the whole corpus first, and take a pass of their own
(``_computed``): the uncovered names (a sentence's first word is a name when the corpus
capitalises it mid-sentence anywhere: ``capitals_graph`` before the count), the dispersion (a
partition's positions follow the sentences before it, and the entities followed are the most
named: ``dispersion_graph`` after it) and the explorer's sample (the first sentences, read again
from the partitions that hold them: ``sample_graph``).

``sentence_id`` in the tables is the position in the whole corpus, as ``load_corpus`` numbers a
corpus of several files: rows follow one another in file-name order. Within a partition the
matchers see the file's own numbering; the sums shift each partition's ids by the rows before it.

Where the work runs: ``address`` (or Dask's own setting, the environment variable
``DASK_SCHEDULER_ADDRESS``) sends it to a running Dask cluster, whose workers need this project
installed. Without one, a local cluster starts: one single-threaded worker process per core this
process may use (``CONFLICT_CORPUS_THREADS`` chooses fewer), each scanning with one thread. A
corpus of one file is one partition, counted in this process without Dask.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .compare import (
    dispersion,
    dispersion_counts,
    dispersion_of,
    dispersion_summary,
    keyness_table,
    keyness_tables,
    target_group,
)
from .cooccurrence import (
    collocates,
    collocates_of,
    cooccurrence,
    near_counts,
    near_counts_by,
    pairs_by_group,
    pairs_from_table,
    ranked_table,
)
from .engine.parallel import THREADS_VARIABLE, worker_count
from .entities import (
    entity_frequency,
    find_entities,
    mid_sentence_capitals,
    ranked_frequency,
    ranked_names,
    shared_name_words,
    shared_words_of,
    uncovered_names,
    variants_of,
    written_forms,
)
from .files import DEFAULT_CORPUS
from .groups import (
    PERIODS,
    added_sizes,
    group_labels,
    group_sizes,
    grouping,
    sized,
    unknown_label,
    whole,
)
from .kwic import (
    first_forms,
    in_context,
    kwic,
    ranked_forms,
    spelling_forms,
    spelling_table,
    spellings,
)
from .load import (
    CORPUS_COLUMNS,
    KINDS,
    _id_list,
    _in_corpus,
    corpus_files,
    corpus_summary,
    file_label,
    is_many_files,
    load_corpus,
    sentences,
)
from .tokens import (
    LENGTH_MEASURES,
    bigram_counts,
    collocations_of,
    content_tokens,
    content_word_counts,
    length_counts,
    length_summary,
    load_stopwords,
    sentence_lengths,
    top_words,
)
from .wording import (
    EVENT_KEYS,
    EVENT_LINES,
    find_frames,
    frame_events,
    frame_summary,
    frames_by_entity,
    ranked_by_entity,
    ranked_frames,
)

# frame_summary's ``where`` shows this many sentence ids (load._id_list's limit).
WHERE_IDS = 12


@dataclass(frozen=True)
class TableOptions:
    """What the tables hold: ``group`` (a column, or a period of the date, for the group sizes
    and the keyness of the largest group against the rest; None: no groups), ``words`` (rows of
    the word frequency), ``collocations`` and ``min_count`` (of the bigram collocations),
    ``kwic_frames``, ``kwic_rows`` and ``window`` (the first KWIC lines of each frame, in corpus
    order, with ``window`` words each side), ``rows`` (the first rows listed of those that name
    a source and of those set aside), and ``matched`` (False: only the tables of the rows and
    the words, notebook 01's, without running the entity and frame matchers; the other tables
    are then None); ``searches`` (name and regular expression of each phrase searched: its
    first ``search_rows`` KWIC lines, its counts, its spellings by source and the collocates
    within ``collocate_window`` words), ``entity_collocates`` (the collocates of every entity
    named, within ``collocate_window`` words), ``coverage`` (the names the gazetteer misses, the
    name words entities share, the first ``rows`` entity mentions in headlines) and ``explore``
    (the first sentences kept, with their entities and frames, for the explorer; 0: none).

    Notebook 05's: ``target`` (the group of ``group`` compared with the rest; None: the
    largest), ``period`` (a period of the date: its sizes, and with ``grouped`` the frame
    summaries by ``group`` and by ``period`` and the co-occurrences by ``period``),
    ``dispersion_frames`` and ``dispersion_entities`` (the frames, and how many of the most
    named entities, whose occurrences are placed over the corpus: a second pass, once the
    sentences before each partition are known) and ``dispersion_points`` (the occurrences
    drawn are those of every k-th sentence, k the smallest that keeps at most this many
    sentences)."""

    group: str | None = None
    words: int = 20
    collocations: int = 15
    min_count: int = 2
    kwic_frames: tuple[str, ...] = ("ceasefire", "disarmament")
    kwic_rows: int = 25
    window: int = 6
    rows: int = 10
    matched: bool = True
    searches: tuple[tuple[str, str], ...] = ()
    search_rows: int = 40
    collocate_window: int = 5
    entity_collocates: bool = False
    coverage: bool = False
    explore: int = 0
    target: object = None
    period: str | None = None
    grouped: bool = False
    dispersion_frames: tuple[str, ...] = ()
    dispersion_entities: int = 0
    dispersion_points: int = 100_000


@dataclass
class SearchTables:
    """One phrase searched (``TableOptions.searches``), as notebook 04 shows it."""

    lines: pd.DataFrame  # the first KWIC lines (kwic's columns)
    matches: int
    rows: int  # the sentences that hold a match
    forms: pd.DataFrame  # spelling_forms: spelling, count, first match
    table: pd.DataFrame  # spelling_table: matches by source and spelling
    collocates: pd.DataFrame  # collocates of the matches


@dataclass
class CorpusTables:
    """The tables the notebooks show, for one corpus (see ``corpus_tables``)."""

    partitions: int  # the files read (one partition each)
    rows: int  # every row read, whatever its kind
    kinds: pd.DataFrame  # kind, rows
    summary: pd.DataFrame  # corpus_summary: kind, rows, lines (the first ids)
    attributed: pd.DataFrame  # the first rows naming a source: sentence_id, kind, source, headline
    set_aside: pd.DataFrame  # the first noise and blank rows: sentence_id, kind, reason, text
    sentences: int
    lengths: pd.DataFrame  # length_summary: describe() of words and characters per sentence
    length_counts: dict  # length_counts: measure -> sentences by length
    word_frequency: pd.DataFrame
    bigram_collocations: pd.DataFrame
    # Those of the matchers (None when TableOptions.matched is False):
    entity_frequency: pd.DataFrame | None = None
    entity_variants: pd.DataFrame | None = None
    cooccurrence: pd.DataFrame | None = None
    cooccurrence_pairs: pd.DataFrame | None = None
    frame_summary: pd.DataFrame | None = None
    frames_by_entity: pd.DataFrame | None = None
    kwic: dict = field(default_factory=dict)  # frame -> KWIC lines (in_context, with stance)
    events: pd.DataFrame | None = None  # frame_events: frame, stance, cameo, plover, counts
    searches: dict = field(default_factory=dict)  # name -> SearchTables
    collocates: dict = field(default_factory=dict)  # entity -> its collocates
    uncovered: pd.DataFrame | None = None  # uncovered_names
    shared_words: pd.DataFrame | None = None  # shared_name_words
    headline_mentions: pd.DataFrame | None = None  # the first: sentence_id, entity, surface
    columns: tuple = ()  # the corpus's columns
    undated: int = 0  # sentences with no date (0 without a date column)
    period_sizes: pd.DataFrame | None = None  # group_sizes by TableOptions.period
    frames_by_group: pd.DataFrame | None = None  # frame_summary(by=group)
    frames_by_period: pd.DataFrame | None = None  # frame_summary(by=period)
    pairs_by_period: pd.DataFrame | None = None  # cooccurrence(by=period)
    dispersion: pd.DataFrame | None = None  # dispersion's occurrences (every k-th sentence's)
    dispersion_summary: pd.DataFrame | None = None  # of every occurrence
    sample: tuple = ()  # (sentences, mentions, frames) of the first sentences, for the explorer
    group_sizes: pd.DataFrame | None = None
    target: object = None
    keyness: dict = field(default_factory=dict)  # "words"/"entities"/"frames" -> table


def _kwic_lines(sents: pd.DataFrame, frames: pd.DataFrame, options: TableOptions) -> dict:
    lines = {}
    for frame in options.kwic_frames:
        first = frames[frames["frame"] == frame].head(options.kwic_rows)
        lines[frame] = in_context(sents, first, options.window).assign(
            stance=first["stance"].to_numpy()
        )
    return lines


ATTRIBUTED_COLUMNS = ["sentence_id", "kind", "source", "headline"]
SET_ASIDE_COLUMNS = ["sentence_id", "kind", "reason", "text"]


def _listed(corpus: pd.DataFrame, options: TableOptions) -> dict:
    """The first rows that name a source, and the first set aside (noise, blank)."""
    attributed = corpus.loc[corpus["source"].notna(), ATTRIBUTED_COLUMNS]
    set_aside = corpus.loc[corpus["kind"].isin(["noise", "blank"]), SET_ASIDE_COLUMNS]
    return {
        "attributed": attributed.head(options.rows).reset_index(drop=True),
        "set_aside": set_aside.head(options.rows).reset_index(drop=True),
    }


def corpus_tables(corpus: pd.DataFrame, options: TableOptions | None = None) -> CorpusTables:
    """The tables of a corpus read in memory (``load_corpus``), by the functions the notebooks
    call: the reference the Dask path (``partitioned_tables``) is tested against."""
    options = options or TableOptions()
    sents = sentences(corpus)
    lengths = sentence_lengths(sents)
    tables = CorpusTables(
        partitions=int(corpus["file"].nunique()) if "file" in corpus.columns else 1,
        rows=len(corpus),
        kinds=_kinds_table(corpus["kind"].value_counts()),
        summary=corpus_summary(corpus),
        **_listed(corpus, options),
        sentences=len(sents),
        columns=tuple(corpus.columns),
        undated=_undated(sents),
        lengths=lengths[list(LENGTH_MEASURES)].describe().T.rename_axis("per sentence"),
        length_counts=length_counts(lengths),
        word_frequency=top_words(content_word_counts(sents["text"]), options.words),
        bigram_collocations=collocations_of(
            *bigram_counts(sents["text"]), options.collocations, options.min_count
        ),
    )
    if not options.matched:
        return tables
    mentions, frames = find_entities(sents), find_frames(sents)
    table = cooccurrence(mentions)
    tables.entity_frequency = entity_frequency(mentions, sents)
    tables.entity_variants = variants_of(written_forms(mentions))
    tables.cooccurrence = table
    tables.cooccurrence_pairs = _pairs(table, len(sents))
    tables.frame_summary = frame_summary(frames, sents)
    tables.frames_by_entity = frames_by_entity(frames, mentions)
    tables.kwic = _kwic_lines(sents, frames, options)
    tables.events = frame_events(frames)
    tables.searches = {name: _search(sents, pattern, options) for name, pattern in options.searches}
    if options.period is not None and "date" in sents.columns:
        tables.period_sizes = group_sizes(sents, options.period)
        if options.grouped:
            tables.frames_by_period = frame_summary(frames, sents, by=options.period)
            tables.pairs_by_period = cooccurrence(mentions, by=options.period, corpus=sents)
    if options.grouped and options.group is not None:
        tables.frames_by_group = frame_summary(frames, sents, by=options.group)
    if options.dispersion_frames or options.dispersion_entities:
        followed = tables.entity_frequency["entity"].head(options.dispersion_entities).tolist()
        points = pd.concat(
            [
                dispersion(frames, sents, "frame", options.dispersion_frames),
                dispersion(mentions, sents, "entity", followed),
            ],
            ignore_index=True,
        )
        tables.dispersion_summary = dispersion_summary(points, sents)
        tables.dispersion = _thinned(points, len(sents), options)
    if options.coverage:
        tables.uncovered = uncovered_names(sents, mentions)
        tables.shared_words = shared_name_words(mentions)
        tables.headline_mentions = _headline_mentions(corpus, options)
    if options.entity_collocates:
        tables.collocates = {
            entity: collocates(sents, spans, window=options.collocate_window)
            for entity, spans in mentions.groupby("entity", sort=True)
        }
    tables.sample = _sample(sents, mentions, frames, options.explore) if options.explore else ()
    if options.group is not None:
        tables.group_sizes = group_sizes(sents, options.group)
        tables.target = _target(tables.group_sizes, options)
        words, entities, frame_keys = keyness_tables(
            sents, mentions, frames, options.group, tables.target
        )
        tables.keyness = {"words": words, "entities": entities, "frames": frame_keys}
    return tables


def _search(sents: pd.DataFrame, pattern: str, options: TableOptions) -> SearchTables:
    found = kwic(sents, pattern, regex=True)
    spelled = spellings(sents, found)
    return SearchTables(
        lines=found.head(options.search_rows),
        matches=len(found),
        rows=found["sentence_id"].nunique(),
        forms=spelling_forms(spelled),
        table=spelling_table(spelled),
        collocates=collocates(sents, found, window=options.collocate_window),
    )


def _undated(sents: pd.DataFrame) -> int:
    return int(sents["date"].isna().sum()) if "date" in sents.columns else 0


def _target(sizes: pd.DataFrame, options: TableOptions):
    """The group compared with the rest: ``options.target``, else the largest."""
    if options.target is not None:
        return options.target
    return target_group(sizes, options.group)


def _thinned(points: pd.DataFrame, n: int, options: TableOptions) -> pd.DataFrame:
    """The occurrences of every k-th sentence (by position), k the smallest that keeps at most
    ``options.dispersion_points`` sentences of a corpus of ``n``: all of them when it is
    smaller, so that a plot of a large corpus stays drawable."""
    step = max(1, -(-n // max(options.dispersion_points, 1)))
    return points[points["position"] % step == 0].reset_index(drop=True)


def _headline_mentions(corpus: pd.DataFrame, options: TableOptions) -> pd.DataFrame:
    """The first entity mentions of the headline lines (``find_entities`` on them)."""
    found = find_entities(corpus[corpus["kind"] == "headline"])
    return found[["sentence_id", "entity", "surface"]].head(options.rows).reset_index(drop=True)


def _sample(sents, mentions, frames, n: int) -> tuple:
    """The first ``n`` sentences, and their mentions and frames (indexes from 0)."""
    first = sents.head(n).reset_index(drop=True)
    last = first["sentence_id"].iloc[-1] if len(first) else 0
    return (
        first,
        mentions[mentions["sentence_id"] <= last].reset_index(drop=True),
        frames[frames["sentence_id"] <= last].reset_index(drop=True),
    )


def _pairs(table: pd.DataFrame, n: int) -> pd.DataFrame:
    """Every pair of ``cooccurrence_pairs`` (min_count 1, by llr) from the co-occurrence table
    of a corpus of ``n`` sentences."""
    return pairs_from_table(table, n)


# ---------------------------------------------------------------------------------------------
# One partition's counts, and their sums.


def partition_counts(
    corpus: pd.DataFrame, options: TableOptions, mid_capitals: frozenset[str] | None = None
) -> dict:
    """The counts of one partition (rows numbered from 1 within it) that add up across
    partitions: what ``finished`` turns into the tables. ``mid_capitals``: the whole corpus's
    (``mid_sentence_capitals``, for the uncovered names; None: the partition is the corpus)."""
    sents = sentences(corpus)
    bigram_words, bigrams = bigram_counts(sents["text"])
    counts = {
        "partitions": 1,
        "rows": len(corpus),
        "kinds": corpus["kind"].value_counts(),
        "kind_ids": {
            kind: ids.to_numpy()[: WHERE_IDS + 1]
            for kind, ids in corpus.groupby("kind", sort=False)["sentence_id"]
        },
        **_listed(corpus, options),
        "listed_rows": options.rows,
        "sentences": len(sents),
        "sentence_counts": [len(sents)],
        "row_counts": [len(corpus)],
        "columns": tuple(corpus.columns),
        "undated": _undated(sents),
        "lengths": length_counts(sentence_lengths(sents)),
        "words": content_word_counts(sents["text"]).set_index("word"),
        "bigram_words": bigram_words,
        "bigrams": bigrams.set_index(["first", "second"])["count"],
    }
    if not options.matched:
        return counts
    mentions, frames = find_entities(sents), find_frames(sents)
    counts |= {
        "entities": entity_frequency(mentions, sents).set_index(["entity", "type"])[
            ["mentions", "sentences"]
        ],
        "written": written_forms(mentions).set_index(["entity", "surface"])["count"],
        "cooccurrence": cooccurrence(mentions),
        "frames": _frame_counts(frames),
        "frame_ids": {
            frame: np.unique(ids.to_numpy())[: WHERE_IDS + 1]
            for frame, ids in frames.groupby("frame", sort=False)["sentence_id"]
        },
        "frames_by_entity": frames_by_entity(frames, mentions).stack().rename("sentences"),
        "kwic": _kwic_lines(sents, frames, options),
        "kwic_rows": options.kwic_rows,
        "events": frame_events(frames),
        "searches": {name: _search_counts(sents, p, options) for name, p in options.searches},
        "near_entities": (
            near_counts_by(sents, mentions, "entity", options.collocate_window, load_stopwords())
            if options.entity_collocates
            else {}
        ),
    }
    if options.coverage:
        counts["uncovered"] = uncovered_names(sents, mentions, mid_capitals=mid_capitals)
        counts["headline_mentions"] = _headline_mentions(corpus, options)
    if options.group is not None:
        counts["sizes"] = group_sizes(sents, options.group)
        counts["keyed"] = _group_counts(sents, mentions, frames, options.group)
        if options.grouped:
            counts["frames_by_group"] = _grouped_frames(frames, sents, options.group)
    if options.period is not None:
        counts["period_sizes"] = _period_sizes(sents, options.period)
        if options.grouped:
            counts["frames_by_period"] = _grouped_frames(frames, sents, options.period)
            counts["pairs_by_period"] = _grouped_tables(mentions, sents, options.period)
    return counts


def _search_counts(sents: pd.DataFrame, pattern: str, options: TableOptions) -> dict:
    """One partition's counts of a phrase searched (what ``SearchTables`` is finished from)."""
    found = kwic(sents, pattern, regex=True)
    spelled = spellings(sents, found)
    near, window_tokens = near_counts(sents, found, options.collocate_window, load_stopwords())
    return {
        "lines": found.head(options.search_rows),
        "lines_kept": options.search_rows,
        "matches": len(found),
        "rows": found["sentence_id"].nunique(),
        "forms": first_forms(spelled),
        "cells": spelled.groupby(["source", "spelling"]).size(),
        "near": near,
        "window_tokens": window_tokens,
    }


def _added_search(a: dict, b: dict, shift: int) -> dict:
    forms = pd.concat(
        [a["forms"], b["forms"].assign(sentence_id=b["forms"]["sentence_id"] + shift)]
    )
    grouped = forms.groupby(level=0)  # (a's rows first: its first match is the earlier)
    return {
        "lines": _first(a["lines"], b["lines"], shift, a["lines_kept"]),
        "lines_kept": a["lines_kept"],
        "matches": a["matches"] + b["matches"],
        "rows": a["rows"] + b["rows"],
        "forms": pd.DataFrame(
            {
                "count": grouped["count"].sum(),
                "sentence_id": grouped["sentence_id"].first(),
                "start": grouped["start"].first(),
            }
        ).rename_axis("spelling"),
        "cells": _add(a["cells"], b["cells"]),
        "near": _add(a["near"], b["near"]),
        "window_tokens": a["window_tokens"] + b["window_tokens"],
    }


def _added_names(a: pd.DataFrame, b: pd.DataFrame, shift: int) -> pd.DataFrame:
    """Two parts' ``uncovered_names`` as one's (counted with the whole's mid-sentence
    capitals): counts added, the first example kept."""
    both = pd.concat([a, b.assign(example_id=b["example_id"] + shift)], ignore_index=True)
    grouped = both.groupby("name", sort=False)
    names = pd.DataFrame(
        {
            "count": grouped["count"].sum(),
            "sentences": grouped["sentences"].sum(),
            "example_id": grouped["example_id"].min(),
        }
    ).reset_index()
    # (An empty part's table has untyped columns.)
    return names.astype({"count": np.int64, "sentences": np.int64, "example_id": np.int64})


def _added_near(a: tuple | None, b: tuple | None) -> tuple:
    """Two parts' ``near_counts`` of one entity (None: not named in that part) added."""
    if a is None or b is None:
        return a if b is None else b
    return _add(a[0], b[0]), a[1] + b[1]


def _added_events(a: pd.DataFrame, b: pd.DataFrame, shift: int) -> pd.DataFrame:
    """Two parts' ``frame_events`` as one's: counts added, first lines kept in corpus order."""
    shifted = b.assign(first_lines=[[i + shift for i in ids] for ids in b["first_lines"]])
    grouped = pd.concat([a, shifted], ignore_index=True).groupby(EVENT_KEYS)
    return pd.DataFrame(
        {
            "matches": grouped["matches"].sum(),
            "sentences": grouped["sentences"].sum(),
            "first_lines": grouped["first_lines"].agg(lambda lists: sum(lists, [])[:EVENT_LINES]),
        }
    ).reset_index()


def _sample_part(corpus: pd.DataFrame, n: int, shift: int) -> tuple:
    """The first ``n`` sentences of one partition, matched, their ids shifted by ``shift`` (the
    rows before it): ``_sample``'s tuple. Only these sentences are matched."""
    first = sentences(corpus).head(n)
    found = _sample(first, find_entities(first), find_frames(first), n)
    return tuple(t.assign(sentence_id=t["sentence_id"] + shift) for t in found)


def _added_sample(a: tuple, b: tuple, n: int) -> tuple:
    """The first ``n`` sentences of two neighbouring parts' samples (ids already shifted)."""
    if len(a[0]) >= n or not len(b[0]):
        return a
    return _sample(*(pd.concat([x, y], ignore_index=True) for x, y in zip(a, b)), n)


def _sampled_partitions(counts: dict, n: int) -> list[int]:
    """The partitions that hold the first ``n`` sentences (the explorer's sample): those
    before which fewer than ``n`` sentences lie, the sentences of each known from the count."""
    before = np.concatenate([[0], np.cumsum(counts["sentence_counts"])[:-1]])
    return [k for k, lying in enumerate(before) if lying < n]


def _frame_counts(frames: pd.DataFrame) -> pd.DataFrame:
    """Per frame: ``matches``, ``sentences`` and the set of its CAMEO codes."""
    grouped = frames.groupby("frame", sort=False)
    return pd.DataFrame(
        {
            "matches": grouped.size(),
            "sentences": grouped["sentence_id"].nunique(),
            "cameo": grouped["cameo"].agg(lambda c: frozenset(c.dropna())),
        }
    )


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
    """Per (group, frame): ``matches``, ``sentences``, the set of CAMEO codes (``cameo``) and
    the first sentence ids (``ids``): what ``frame_summary(by=)`` is finished from."""
    labels = _labels_of(sents, by).reindex(frames["sentence_id"].to_numpy()).to_numpy()
    grouped = frames.assign(_label=labels).groupby(["_label", "frame"], sort=False)
    return pd.DataFrame(
        {
            "matches": grouped.size(),
            "sentences": grouped["sentence_id"].nunique(),
            "cameo": grouped["cameo"].agg(lambda c: frozenset(c.dropna())),
            "ids": grouped["sentence_id"].agg(lambda i: np.unique(i.to_numpy())[: WHERE_IDS + 1]),
        }
    )


def _added_grouped_frames(a: pd.DataFrame, b: pd.DataFrame, shift: int) -> pd.DataFrame:
    later = b.assign(ids=[ids + shift for ids in b["ids"]])
    grouped = pd.concat([a, later]).groupby(level=[0, 1], sort=False)
    return pd.DataFrame(
        {
            "matches": grouped["matches"].sum(),
            "sentences": grouped["sentences"].sum(),
            "cameo": grouped["cameo"].agg(lambda sets: frozenset().union(*sets)),
            "ids": grouped["ids"].agg(lambda lists: np.concatenate(list(lists))[: WHERE_IDS + 1]),
        }
    )


def _finished_frames(counts: pd.DataFrame, sizes: pd.DataFrame, by: str) -> pd.DataFrame:
    """``frame_summary(by=)``'s table from ``_grouped_frames``' sums and the group sizes."""
    groups = sized(sizes, by)
    code = {label: k for k, label in enumerate(groups.labels)}
    labels = counts.index.get_level_values(0)
    table = pd.DataFrame(
        {
            "_group": np.array([code[label] for label in labels], dtype=np.int64),
            "frame": counts.index.get_level_values(1).to_numpy(dtype=object),
            "matches": counts["matches"].to_numpy(dtype=np.int64),
            "sentences": counts["sentences"].to_numpy(dtype=np.int64),
            "cameo": [", ".join(sorted(codes)) for codes in counts["cameo"]],
            "where": [
                _id_list(ids, WHERE_IDS, total)
                for ids, total in zip(counts["ids"], counts["sentences"])
            ],
        }
    )
    return ranked_frames(table, groups)


def _grouped_tables(mentions: pd.DataFrame, sents: pd.DataFrame, by: str) -> dict:
    """Each group's co-occurrence table (``pairs_by_group`` finishes them)."""
    labels = _labels_of(sents, by).reindex(mentions["sentence_id"].to_numpy()).to_numpy()
    return {
        label: cooccurrence(part.drop(columns="_label"))
        for label, part in mentions.assign(_label=labels).groupby("_label", sort=False)
    }


def _added_grouped_tables(a: dict, b: dict) -> dict:
    return {
        label: _added_tables(a[label], b[label])
        if label in a and label in b
        else a.get(label, b.get(label))
        for label in {**a, **b}
    }


def _group_counts(sents, mentions, frames, by: str) -> dict:
    """Per group label and item: content-word tokens, entity mentions and frame matches (what
    the keyness tables count), as Series indexed by (group, item)."""
    groups = grouping(sents, by)
    labels = np.array([*groups.labels, None], dtype=object)
    keyed = {}
    for name, items, column in (("entities", mentions, "entity"), ("frames", frames, "frame")):
        keyed[name] = (
            pd.DataFrame(
                {"group": labels[groups.codes(items["sentence_id"])], "item": items[column]}
            )
            .groupby(["group", "item"])
            .size()
        )
    rows, ids, vocab = content_tokens(sents["text"])
    key = groups.codes(sents["sentence_id"])[rows] * len(vocab) + ids
    seen, number = np.unique(key, return_counts=True)
    keyed["words"] = pd.Series(
        number,
        index=pd.MultiIndex.from_arrays(
            [labels[seen // len(vocab)], vocab[seen % len(vocab)]], names=["group", "item"]
        ),
    )
    return keyed


def _add(a, b):
    """Two counts indexed alike (Series or DataFrames of counts) added, missing counted 0."""
    return a.add(b, fill_value=0).astype(np.int64)


def added(a: dict, b: dict) -> dict:
    """The counts of two neighbouring parts of a corpus (``a`` before ``b``) as one part's:
    counts added, ``b``'s sentence ids shifted by ``a``'s rows, first ids and KWIC lines kept
    in corpus order."""
    shift = a["rows"]
    total = {
        "partitions": a["partitions"] + b["partitions"],
        "rows": a["rows"] + b["rows"],
        "kinds": _add(a["kinds"], b["kinds"]),
        "kind_ids": _first_ids(a["kind_ids"], b["kind_ids"], shift),
        "attributed": _first(a["attributed"], b["attributed"], shift, a["listed_rows"]),
        "set_aside": _first(a["set_aside"], b["set_aside"], shift, a["listed_rows"]),
        "listed_rows": a["listed_rows"],
        "sentences": a["sentences"] + b["sentences"],
        "sentence_counts": a["sentence_counts"] + b["sentence_counts"],
        "row_counts": a["row_counts"] + b["row_counts"],
        "columns": (*a["columns"], *(c for c in b["columns"] if c not in a["columns"])),
        "undated": a["undated"] + b["undated"],
        "lengths": {m: _add(a["lengths"][m], b["lengths"][m]) for m in a["lengths"]},
        "words": _add(a["words"], b["words"]),
        "bigram_words": _add(a["bigram_words"], b["bigram_words"]),
        "bigrams": _add(a["bigrams"], b["bigrams"]),
    }
    if "entities" not in a:  # (counted without the matchers: TableOptions.matched)
        return total
    total |= {
        "entities": _add(a["entities"], b["entities"]),
        "written": _add(a["written"], b["written"]),
        "cooccurrence": _added_tables(a["cooccurrence"], b["cooccurrence"]),
        "frames": _added_frames(a["frames"], b["frames"]),
        "frame_ids": _first_ids(a["frame_ids"], b["frame_ids"], shift),
        "frames_by_entity": _add(a["frames_by_entity"], b["frames_by_entity"]),
        "kwic": {
            frame: _first(lines, b["kwic"][frame], shift, a["kwic_rows"])
            for frame, lines in a["kwic"].items()
        },
        "kwic_rows": a["kwic_rows"],
        "events": _added_events(a["events"], b["events"], shift),
        "searches": {
            name: _added_search(search, b["searches"][name], shift)
            for name, search in a["searches"].items()
        },
        "near_entities": {
            entity: _added_near(a["near_entities"].get(entity), b["near_entities"].get(entity))
            for entity in sorted({*a["near_entities"], *b["near_entities"]})
        },
    }
    if "uncovered" in a:
        total["uncovered"] = _added_names(a["uncovered"], b["uncovered"], shift)
        total["headline_mentions"] = _first(
            a["headline_mentions"], b["headline_mentions"], shift, a["listed_rows"]
        )
    if "sizes" in a:
        total["sizes"] = added_sizes([a["sizes"], b["sizes"]], a["sizes"].columns[0])
        total["keyed"] = {k: _add(a["keyed"][k], b["keyed"][k]) for k in a["keyed"]}
        if "frames_by_group" in a:
            total["frames_by_group"] = _added_grouped_frames(
                a["frames_by_group"], b["frames_by_group"], shift
            )
    if "period_sizes" in a:
        by = a["period_sizes"].columns[0]
        total["period_sizes"] = added_sizes([a["period_sizes"], b["period_sizes"]], by)
        if "frames_by_period" in a:
            total["frames_by_period"] = _added_grouped_frames(
                a["frames_by_period"], b["frames_by_period"], shift
            )
            total["pairs_by_period"] = _added_grouped_tables(
                a["pairs_by_period"], b["pairs_by_period"]
            )
    return total


def _added_tables(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Two co-occurrence tables added (an entity one of them lacks is a row and column of 0)."""
    names = a.index.union(b.index)
    return a.reindex(index=names, columns=names, fill_value=0) + b.reindex(
        index=names, columns=names, fill_value=0
    )


def _first_ids(a: dict, b: dict, shift: int) -> dict:
    """Per key (a kind, a frame), the first ids of two neighbouring parts, ``b``'s shifted by
    ``shift`` (the rows of ``a``), as many as the sums keep."""
    return {
        key: np.concatenate(
            [a.get(key, np.zeros(0, np.int64)), b.get(key, np.zeros(0, np.int64)) + shift]
        ).astype(np.int64)[: WHERE_IDS + 1]
        for key in {**a, **b}
    }


def _first(a: pd.DataFrame, b: pd.DataFrame, shift: int, n: int) -> pd.DataFrame:
    """The first ``n`` rows of two neighbouring parts' rows, ``b``'s ids shifted by ``shift``."""
    b = b.assign(sentence_id=b["sentence_id"] + shift)
    return pd.concat([a, b], ignore_index=True).head(n)


def _added_frames(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    frames = a.index.union(b.index)
    a, b = a.reindex(frames), b.reindex(frames)
    return pd.DataFrame(
        {
            "matches": a["matches"].fillna(0).to_numpy() + b["matches"].fillna(0).to_numpy(),
            "sentences": a["sentences"].fillna(0).to_numpy() + b["sentences"].fillna(0).to_numpy(),
            "cameo": [
                (x if isinstance(x, frozenset) else frozenset())
                | (y if isinstance(y, frozenset) else frozenset())
                for x, y in zip(a["cameo"], b["cameo"])
            ],
        },
        index=frames,
    ).astype({"matches": np.int64, "sentences": np.int64})


# ---------------------------------------------------------------------------------------------
# The tables from the sums.


def finished(counts: dict, options: TableOptions) -> CorpusTables:
    """The tables of a whole corpus from its counts (``partition_counts``, ``added``), by the
    functions the in-memory path ends with."""
    n = counts["sentences"]
    tables = CorpusTables(
        partitions=counts["partitions"],
        rows=counts["rows"],
        kinds=_kinds_table(counts["kinds"]),
        summary=_summary(counts["kinds"], counts["kind_ids"], counts["rows"]),
        attributed=counts["attributed"],
        set_aside=counts["set_aside"],
        sentences=n,
        columns=counts["columns"],
        undated=counts["undated"],
        lengths=length_summary(counts["lengths"]),
        length_counts=counts["lengths"],
        word_frequency=top_words(counts["words"].reset_index(), options.words),
        bigram_collocations=collocations_of(
            counts["bigram_words"],
            counts["bigrams"].rename("count").reset_index(),
            options.collocations,
            options.min_count,
        ),
    )
    if "entities" not in counts:  # (counted without the matchers: TableOptions.matched)
        return tables
    entities = counts["entities"].reset_index()
    written = counts["written"].rename("count").reset_index()
    variants = variants_of(written)
    spellings = variants.groupby("entity").size()
    entities["variants"] = entities["entity"].map(spellings).fillna(0).astype(np.int64)
    entities.insert(0, "_group", 0)
    matrix = ranked_table(counts["cooccurrence"])
    frames = counts["frames"]
    frame_table = pd.DataFrame(
        {
            "_group": 0,
            "frame": frames.index.to_numpy(dtype=object),
            "matches": frames["matches"].to_numpy(),
            "sentences": frames["sentences"].to_numpy(),
            "cameo": [", ".join(sorted(codes)) for codes in frames["cameo"]],
            "where": [
                _id_list(counts["frame_ids"][f], WHERE_IDS, total)
                for f, total in zip(frames.index, frames["sentences"])
            ],
        }
    )
    tables.entity_frequency = ranked_frequency(entities, whole(n))
    tables.entity_variants = variants
    tables.cooccurrence = matrix
    tables.cooccurrence_pairs = _pairs(matrix, n)
    tables.frame_summary = ranked_frames(frame_table, whole(n))
    tables.frames_by_entity = ranked_by_entity(
        counts["frames_by_entity"].unstack("frame", fill_value=0).astype(np.int64)
    )
    # (A column of a partition with no KWIC line has no type: inferred again on the whole.)
    tables.kwic = {f: _inferred(lines) for f, lines in counts["kwic"].items()}
    tables.events = counts["events"]
    frequency = counts["words"]["count"]
    tables.searches = {
        name: SearchTables(
            lines=search["lines"],
            matches=search["matches"],
            rows=search["rows"],
            forms=ranked_forms(search["forms"]),
            table=(
                search["cells"].unstack("spelling", fill_value=0).rename_axis(columns=None)
                if len(search["cells"])
                else pd.DataFrame()
            ),
            collocates=collocates_of(search["near"], search["window_tokens"], frequency),
        )
        for name, search in counts["searches"].items()
    }
    if "period_sizes" in counts and "date" in counts["columns"]:
        tables.period_sizes = counts["period_sizes"]
        if "frames_by_period" in counts:
            period = options.period
            tables.frames_by_period = _finished_frames(
                counts["frames_by_period"], tables.period_sizes, period
            )
            tables.pairs_by_period = pairs_by_group(
                counts["pairs_by_period"], sized(tables.period_sizes, period)
            )
    if "uncovered" in counts:
        tables.uncovered = ranked_names(counts["uncovered"])
        tables.shared_words = shared_words_of(counts["written"])
        tables.headline_mentions = counts["headline_mentions"]
    tables.collocates = {
        entity: collocates_of(near, window_tokens, frequency)
        for entity, (near, window_tokens) in counts["near_entities"].items()
    }
    if options.group is not None:
        tables.group_sizes = counts["sizes"]
        tables.target = _target(tables.group_sizes, options)
        if "frames_by_group" in counts:
            tables.frames_by_group = _finished_frames(
                counts["frames_by_group"], counts["sizes"], options.group
            )
        tables.keyness = {
            name: _keyness(keyed, tables.target) for name, keyed in counts["keyed"].items()
        }
    return tables


def _inferred(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({c: table[c].to_numpy() for c in table.columns})


def _kinds_table(kinds: pd.Series) -> pd.DataFrame:
    """Rows by kind, in ``load.KINDS``' order (kinds with no row left out)."""
    kinds = kinds.reindex([k for k in KINDS if k in kinds.index])
    return pd.DataFrame({"kind": kinds.index.astype(object), "rows": kinds.to_numpy()})


def _summary(kinds: pd.Series, first_ids: dict, rows: int) -> pd.DataFrame:
    """``corpus_summary``'s table from the rows of each kind and their first ids."""
    table = _kinds_table(kinds)
    table["lines"] = [
        _id_list(first_ids[kind], WHERE_IDS, total)
        for kind, total in zip(table["kind"], table["rows"])
    ]
    total = pd.DataFrame({"kind": ["total"], "rows": [rows], "lines": [""]})
    return pd.concat([table, total], ignore_index=True).astype({"kind": str})


def _keyness(keyed: pd.Series, target) -> pd.DataFrame:
    """A keyness table (target group against every other sentence) from counts per (group,
    item)."""
    if target is None:
        return keyness_table([], [], [])
    table = keyed.unstack("group", fill_value=0)
    count = table[target] if target in table.columns else 0 * table.iloc[:, 0]
    return keyness_table(table.index, count.to_numpy(), (table.sum(axis=1) - count).to_numpy())


# ---------------------------------------------------------------------------------------------
# The work on Dask.


def _dispersion_items(tables: CorpusTables, options: TableOptions) -> tuple[list, list]:
    """The frames and the entities placed by the dispersion pass (the most named ones)."""
    followed = tables.entity_frequency["entity"].head(options.dispersion_entities).tolist()
    return list(options.dispersion_frames), followed


def _dispersion_part(
    corpus: pd.DataFrame, options: TableOptions, items: tuple, before: tuple, n: int
) -> dict:
    """One partition's occurrences of the dispersion items, with ``before`` (the rows and the
    sentences of the partitions before it) giving their ids and positions in the corpus of
    ``n`` sentences: their ``dispersion_counts`` and the occurrences drawn."""
    sents = sentences(corpus)
    frame_items, entity_items = items
    points = pd.concat(
        [
            dispersion(find_frames(sents), sents, "frame", frame_items),
            dispersion(find_entities(sents), sents, "entity", entity_items),
        ],
        ignore_index=True,
    )
    points["sentence_id"] += before[0]
    points["position"] += before[1]
    return {"counts": dispersion_counts(points, n), "points": _thinned(points, n, options)}


def _added_dispersion(a: dict, b: dict) -> dict:
    both = pd.concat([a["counts"], b["counts"]], ignore_index=True)
    grouped = both.groupby("item", sort=False)
    counts = pd.DataFrame(
        {
            "occurrences": grouped["occurrences"].sum(),
            "sentences": grouped["sentences"].sum(),
            "first": grouped["first"].min(),
            "last": grouped["last"].max(),
            "slices": grouped["slices"].agg(lambda arrays: np.sum(np.stack(list(arrays)), axis=0)),
        }
    ).reset_index()
    return {"counts": counts, "points": pd.concat([a["points"], b["points"]], ignore_index=True)}


def _with_dispersion(tables: CorpusTables, found: dict, items: tuple) -> CorpusTables:
    """The tables with the dispersion pass's sums, the items in the order asked for (the
    frames, then the entities), each item's occurrences by position."""
    rank = {item: k for k, item in enumerate(dict.fromkeys([*items[0], *items[1]]))}
    counts = found["counts"].sort_values("item", key=lambda s: s.map(rank), kind="stable")
    tables.dispersion_summary = dispersion_of(counts.reset_index(drop=True), tables.sentences)
    points = found["points"].sort_values("position", kind="stable")
    points = points.sort_values("item", key=lambda s: s.map(rank), kind="stable")
    # (A part without an occurrence has untyped columns: inferred again on the whole.)
    tables.dispersion = _inferred(points)
    return tables


def sample_graph(path: str | Path, counts: dict, n: int):
    """The Dask graph of the explorer's sample, the first ``n`` sentences: only the partitions
    that hold them are read again (a partition's counts carry no sentence)."""
    import dask

    rows = np.concatenate([[0], np.cumsum(counts["row_counts"])])
    parts = _partitions(path)
    found = [
        dask.delayed(_sample_part, pure=True)(parts[k], n, int(rows[k]))
        for k in _sampled_partitions(counts, n)
    ]
    return _tree(found, dask.delayed(functools.partial(_added_sample, n=n), pure=True))


def dispersion_graph(path: str | Path, counts: dict, options: TableOptions, items):
    """The Dask graph of the dispersion pass: each partition's occurrences of ``items`` placed
    by the rows and sentences of the partitions before it (``counts``: the first pass's)."""
    import dask

    rows = np.concatenate([[0], np.cumsum(counts["row_counts"])])
    sents = np.concatenate([[0], np.cumsum(counts["sentence_counts"])])
    found = [
        dask.delayed(_dispersion_part, pure=True)(
            part, options, items, (int(rows[k]), int(sents[k])), counts["sentences"]
        )
        for k, part in enumerate(_partitions(path))
    ]
    return _tree(found, dask.delayed(_added_dispersion, pure=True))


def _load_partition(file: str, corpus: str | None) -> pd.DataFrame:
    """One file of the corpus, read as ``load_corpus`` reads it alone (``corpus`` None) or in
    the corpus of several files ``corpus`` (with its ``file`` and ``row_in_file`` columns; the
    sums shift ``sentence_id`` to the position in the whole corpus)."""
    part = load_corpus(file)
    return part if corpus is None else _in_corpus(part, file_label(Path(file), corpus), 0)


def _tree(parts: list, combine):
    """``parts`` combined pairwise, neighbours with neighbours, until one is left (a balanced
    tree of Dask tasks: the order of the corpus is kept, and no task waits on all others)."""
    while len(parts) > 1:
        parts = [
            combine(parts[k], parts[k + 1]) if k + 1 < len(parts) else parts[k]
            for k in range(0, len(parts), 2)
        ]
    return parts[0]


def partitioned_counts(
    path: str | Path, options: TableOptions, mid_capitals: frozenset[str] | None = None
):
    """The Dask graph of a corpus's counts (a ``dask.delayed`` value): the files read with
    ``dask.dataframe.from_map`` (one partition each), counted, and added in a tree."""
    import dask

    counted = [
        dask.delayed(partition_counts, pure=True)(part, options, mid_capitals)
        for part in _partitions(path)
    ]
    return _tree(counted, dask.delayed(added, pure=True))


def capitals_graph(path: str | Path):
    """The Dask graph of a corpus's ``mid_sentence_capitals`` (the union of its partitions'):
    what the uncovered names of each partition need from the whole corpus, before the count."""
    import dask

    found = [dask.delayed(_partition_capitals, pure=True)(part) for part in _partitions(path)]
    return _tree(found, dask.delayed(frozenset.union, pure=True))


def _partition_capitals(corpus: pd.DataFrame) -> frozenset[str]:
    sents = sentences(corpus)
    return mid_sentence_capitals(sents, find_entities(sents))


def _partitions(path: str | Path) -> list:
    """The corpus's files as ``dask.delayed`` partitions, read by ``_load_partition``."""
    import dask
    import dask.dataframe as dd

    files = [str(f) for f in corpus_files(path)]
    # The columns vary with the files (metadata columns); only the partitions' contents are used,
    # never the frame's columns, so the declared ones are the loader's own.
    meta = pd.DataFrame({c: pd.Series(dtype=object) for c in CORPUS_COLUMNS})
    # Each partition as load_corpus reads it: Dask would otherwise turn its text columns into
    # Arrow strings, and the rows the tables list would differ from the in-memory path's.
    with dask.config.set({"dataframe.convert-string": False}):
        frame = dd.from_map(
            _load_partition,
            files,
            args=[str(path) if is_many_files(path) else None],
            meta=meta,
            enforce_metadata=False,
            label="load-corpus",
        )
        return frame.to_delayed()


def scheduler_address(address: str | None = None) -> str | None:
    """The Dask scheduler to use: ``address``, else Dask's ``scheduler-address`` setting (the
    environment variable ``DASK_SCHEDULER_ADDRESS``), else None (a local cluster)."""
    import dask

    return address or dask.config.get("scheduler-address", None) or None


def local_cluster(workers: int | None = None):
    """A local Dask cluster: ``workers`` single-threaded worker processes (default: one per
    core this process may use, or ``CONFLICT_CORPUS_THREADS``), each scanning with one thread,
    no dashboard."""
    from distributed import LocalCluster

    workers = workers or worker_count(os.environ)
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        env={THREADS_VARIABLE: "1"},
    )


def partitioned_tables(
    path: str | Path | None, options: TableOptions | None = None, address: str | None = None
) -> CorpusTables:
    """The tables of a corpus of several files (a folder or a glob pattern), counted partition
    by partition on Dask: equal to ``corpus_tables(load_corpus(path))``, without ever holding
    the corpus in memory. ``address``: a Dask scheduler (see the module docstring); ``path``
    None: the seed corpus."""
    path = DEFAULT_CORPUS if path is None else path
    options = options or TableOptions()
    address = scheduler_address(address)
    files = corpus_files(path)
    if address is None and len(files) == 1:
        # One partition: nothing to run side by side, and starting a cluster (a worker process
        # loading the compiled matchers), or even importing dask.dataframe (2 s), would cost
        # more than the count: the partition's counts are the corpus's.
        part = _load_partition(str(files[0]), str(path) if is_many_files(path) else None)
        tables = finished(partition_counts(part, options), options)
        if options.explore and options.matched:
            tables.sample = _sample_part(part, options.explore, 0)
        if options.dispersion_frames or options.dispersion_entities:
            items = _dispersion_items(tables, options)
            found = _dispersion_part(part, options, items, (0, 0), tables.sentences)
            tables = _with_dispersion(tables, found, items)
        return tables
    from distributed import Client

    if address is not None:
        with Client(address) as client:
            return _computed(client, path, options)
    with local_cluster() as cluster, Client(cluster) as client:
        return _computed(client, path, options)


def _computed(client, path: str | Path, options: TableOptions) -> CorpusTables:
    """The corpus's tables, counted on ``client``'s cluster. Two passes where a partition's
    count needs the whole corpus: with ``options.coverage``, the mid-sentence capitals first
    (for the uncovered names); with the dispersion options, the positions last (a partition's
    occurrences are placed by the sentences before it, and the entities followed are the most
    named)."""
    capitals = client.compute(capitals_graph(path)).result() if options.coverage else None
    counts = client.compute(partitioned_counts(path, options, capitals)).result()
    tables = finished(counts, options)
    if options.explore and options.matched:
        tables.sample = client.compute(sample_graph(path, counts, options.explore)).result()
    if options.dispersion_frames or options.dispersion_entities:
        items = _dispersion_items(tables, options)
        found = client.compute(dispersion_graph(path, counts, options, items)).result()
        tables = _with_dispersion(tables, found, items)
    return tables
