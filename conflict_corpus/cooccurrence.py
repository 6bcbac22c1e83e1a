"""Stage 4, co-occurrence: who is named with whom, pairs ranked by association, and the words
near a name (collocates)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .association import MEASURES, association, q_values, rank_key
from .checks import check_count, check_spans, check_table
from .engine.jit import ascending
from .engine.parallel import default_threads
from .engine.tables import pair_counts, run_starts
from .engine.text import joined_text
from .engine.tokens import word_counts
from .engine.windows import near_nodes
from .entities import actors
from .groups import Grouping, grouping, labelled, whole
from .tokens import load_stopwords

PAIR_COLUMNS = ["entity_a", "entity_b", "count", "count_a", "count_b", "n", *MEASURES]


def _by_sentence(mentions: pd.DataFrame) -> tuple[np.ndarray, pd.Index, np.ndarray, np.ndarray]:
    """The mentions' entities as integer codes, grouped by sentence: ``(codes, names, row_ptr,
    sentence_ids)``; the mentions of sentence ``sentence_ids[r]`` have the codes
    ``codes[row_ptr[r]:row_ptr[r + 1]]`` (a missing name has code -1)."""
    # Integer codes first: a million mentions are counted as numbers, not as strings.
    codes, names = pd.factorize(mentions["entity"].to_numpy(dtype=object))
    ids = mentions["sentence_id"].to_numpy(dtype=np.int64)
    if not ascending(ids):  # mentions come in text order; a table of another order is sorted
        order = np.argsort(ids, kind="stable")
        ids, codes = ids[order], codes[order]
    row_ptr = run_starts(ids)
    sentence_ids = ids[row_ptr[:-1]]
    return codes.astype(np.int64, copy=False), pd.Index(names, dtype=object), row_ptr, sentence_ids


def _entity_order(names: pd.Index, sentences: np.ndarray, entities=None) -> list[str]:
    """The entities in the order asked for, or by the number of sentences that mention them
    (ties by name)."""
    if entities is not None:
        return list(entities)
    return [names[i] for i in sorted(range(len(names)), key=lambda i: (-sentences[i], names[i]))]


def incidence(mentions: pd.DataFrame, entities=None):
    """The sparse sentence x entity matrix (1 where a sentence mentions an entity).

    Returns ``(matrix, sentence_ids, entities)``; entities are ordered by the number of sentences
    that mention them (ties by name) unless ``entities`` gives the order: an entity not listed is
    left out, one never mentioned is a column of zeros. Sentences that name none of the listed
    entities are not rows of the matrix; a sentence that names an entity twice counts once.
    """
    check_table("incidence", "mentions", mentions, ("sentence_id", "entity"), "find_entities")
    from scipy import sparse

    codes, names, row_ptr, sentence_ids = _by_sentence(mentions)
    held = codes >= 0
    sentences = pair_counts(row_ptr, codes, len(names)).diagonal()  # sentences per entity
    entities = _entity_order(names, sentences, entities)
    column_of = np.full(len(names), -1, dtype=np.int64)  # entity code -> column asked for
    at = names.get_indexer(entities)
    column_of[at[at >= 0]] = np.flatnonzero(at >= 0)
    columns = np.where(held, column_of[np.maximum(codes, 0)], -1)
    rows = np.repeat(np.arange(len(sentence_ids)), np.diff(row_ptr))
    keep = columns >= 0
    matrix = sparse.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.int64), (rows[keep], columns[keep])),
        shape=(len(sentence_ids), len(entities)),
    )
    matrix.data[:] = 1  # (the constructor summed the repeats of a sentence)
    named = np.diff(matrix.indptr) > 0
    return matrix[named], sentence_ids[named], entities


def cooccurrence(
    mentions: pd.DataFrame,
    entities=None,
    by: str | None = None,
    corpus: pd.DataFrame | None = None,
    descriptors: bool = False,
) -> pd.DataFrame:
    """Symmetric entity x entity table: the number of sentences that mention both, as actors:
    a mention typed as a descriptor ("Shiite cleric", find_entities's ``role``) is not counted
    unless ``descriptors`` is True.

    The diagonal is the number of sentences that mention the entity. Entities are ordered by
    that number, ties by name (or as ``entities`` lists them: one never mentioned is a row and a
    column of zeros).

    ``by`` (with the ``corpus`` whose groups are meant): a long table instead, one row per group
    and pair of entities named together at least once (``entity_a`` before ``entity_b`` in the
    group's order): the group, ``group_sentences``, ``entity_a``, ``entity_b``, ``sentences``
    and ``per_1000`` (per 1,000 sentences of the group).
    """
    check_table("cooccurrence", "mentions", mentions, ("sentence_id", "entity"), "find_entities")
    mentions = _counted(mentions, descriptors)
    if by is not None:
        if corpus is None:
            raise ValueError("cooccurrence: by= needs corpus= (the table whose groups count)")
        groups = grouping(corpus, by)
        return _long_table(_group_pairs(mentions, groups, entities), groups)
    codes, names, row_ptr, _ = _by_sentence(mentions)
    counts = pair_counts(row_ptr, codes, len(names))
    entities = _entity_order(names, counts.diagonal(), entities)
    at = names.get_indexer(entities)
    known = np.flatnonzero(at >= 0)
    table = np.zeros((len(entities), len(entities)), dtype=np.int64)
    table[np.ix_(known, known)] = counts[np.ix_(at[known], at[known])]
    return pd.DataFrame(
        table, index=pd.Index(entities, name="entity"), columns=pd.Index(entities, name="entity")
    )


def _counted(mentions: pd.DataFrame, descriptors: bool) -> pd.DataFrame:
    """The mentions co-occurrence counts: the actors (all, with ``descriptors``), and only the
    columns it reads (a few million mentions are not copied whole)."""
    columns = [c for c in ("sentence_id", "entity", "role") if c in mentions.columns]
    mentions = mentions[columns]
    return mentions if descriptors else actors(mentions)


def ranked_table(table: pd.DataFrame) -> pd.DataFrame:
    """A co-occurrence table (a square table of counts, its diagonal each entity's sentences)
    in ``cooccurrence``'s order: most sentences first, ties by name."""
    order = _entity_order(pd.Index(table.index, dtype=object), np.diag(table.to_numpy()))
    table = table.loc[order, order].astype(np.int64)
    table.index.name = table.columns.name = "entity"
    return table


def named_with(table: pd.DataFrame, entity: str, n: int = 10) -> pd.DataFrame:
    """The entities named in the same sentences as ``entity``, most shared sentences first.

    ``table`` is ``cooccurrence``'s. Returns columns ``entity`` and ``sentences`` (the ``n``
    largest, ties in the table's order). An entity the table does not hold (never named, or
    None) is named with nobody: the table is empty."""
    n = check_count("named_with", "n", n, 0)
    if entity not in table.index:
        return pd.DataFrame({"entity": pd.Series(dtype=object), "sentences": pd.Series(dtype=int)})
    row = table.loc[entity].drop(entity)
    row = row[row > 0].sort_values(ascending=False, kind="stable").head(n)
    return row.rename("sentences").rename_axis("entity").reset_index()


def partners_by_group(pairs: pd.DataFrame, entity: str, by: str, n: int = 5) -> pd.DataFrame:
    """Who is named with ``entity``, group by group (``cooccurrence(by=)``'s long table): one
    row per group and partner, ``by``, ``group_sentences``, ``named_with`` (the other entity,
    whichever side of the pair it was on), ``sentences`` and ``per_1000``, the groups in their
    order and, within a group, the ``n`` partners named together most (ties by name)."""
    check_table(
        "partners_by_group",
        "pairs",
        pairs,
        (by, "entity_a", "entity_b", "sentences"),
        "cooccurrence",
    )
    mine = pairs[(pairs["entity_a"] == entity) | (pairs["entity_b"] == entity)]
    other = np.where(mine["entity_a"] == entity, mine["entity_b"], mine["entity_a"])
    rank = {g: k for k, g in enumerate(dict.fromkeys(pairs[by].tolist()))}
    table = pd.DataFrame(
        {
            by: mine[by].to_numpy(),
            "group_sentences": mine["group_sentences"].to_numpy(),
            "named_with": other,
            "sentences": mine["sentences"].to_numpy(),
            "per_1000": mine["per_1000"].to_numpy(),
            "_rank": mine[by].map(rank).to_numpy(),
        }
    )
    table = table.sort_values(
        ["_rank", "sentences", "named_with"], ascending=[True, False, True], kind="stable"
    )
    table = table.groupby("_rank", sort=False).head(n)
    return table.drop(columns="_rank").reset_index(drop=True)


def cooccurrence_pairs(
    mentions: pd.DataFrame,
    corpus: pd.DataFrame,
    min_count: int = 1,
    sort_by: str = "llr",
    table: pd.DataFrame | None = None,
    attracted_only: bool = False,
    by: str | None = None,
    descriptors: bool = False,
) -> pd.DataFrame:
    """One row per pair of entities that share at least ``min_count`` sentences, with the 2x2
    sentence table it was computed from and its association measures.

    ``corpus`` is the table that was annotated: its rows are the units, so sentences that
    mention nobody count in ``n``. Columns: ``entity_a``, ``entity_b``, ``count`` (sentences
    with both), ``count_a``, ``count_b`` (sentences with each), ``n`` (sentences), then
    ``expected``, ``pmi``, ``npmi``, ``llr`` (signed G²), ``dice``, ``p_value`` (one-sided
    Fisher exact test for attraction), ``q_value`` (Benjamini-Hochberg over every pair that
    shares at least one sentence, whatever ``min_count`` shows) and ``too_rare`` (see
    ``conflict_corpus.association``). With ``attracted_only``, only pairs seen more often than
    expected are kept. Sorted by ``sort_by`` (descending; ties by count, then names).
    ``table``: ``cooccurrence(mentions)`` if it is at hand already.

    ``by`` (a column of ``corpus``, or a period of its date): the pairs of each group, computed
    within the group (its sentences are ``n``; the q-values are adjusted over the group's pairs),
    with the group, ``group_sentences`` and ``per_1000`` (sentences naming both per 1,000).
    Mentions typed as descriptors count only with ``descriptors`` (see ``cooccurrence``).
    """
    check_table(
        "cooccurrence_pairs", "mentions", mentions, ("sentence_id", "entity"), "find_entities"
    )
    check_table("cooccurrence_pairs", "corpus", corpus, ("sentence_id",), "load_corpus")
    if sort_by not in PAIR_COLUMNS[2:]:
        raise ValueError(f"sort_by={sort_by!r}: choose one of {PAIR_COLUMNS[2:]}")
    min_count = check_count("cooccurrence_pairs", "min_count", min_count)
    if by is not None and table is not None:
        raise ValueError("cooccurrence_pairs: by= computes each group's table; drop table=")
    groups = grouping(corpus, by)
    if table is not None:
        found = table_pairs(table, 0)
    else:
        found = _group_pairs(_counted(mentions, descriptors), groups)
    return ranked_pairs(found, groups, min_count, sort_by, attracted_only)


def pairs_from_table(
    table: pd.DataFrame,
    n: int,
    min_count: int = 1,
    sort_by: str = "llr",
    attracted_only: bool = False,
) -> pd.DataFrame:
    """``cooccurrence_pairs``' table from a co-occurrence table (``cooccurrence``) of a corpus
    of ``n`` sentences: what a table counted partition by partition gives."""
    if sort_by not in PAIR_COLUMNS[2:]:
        raise ValueError(f"sort_by={sort_by!r}: choose one of {PAIR_COLUMNS[2:]}")
    min_count = check_count("pairs_from_table", "min_count", min_count)
    return ranked_pairs(table_pairs(table, 0), whole(n), min_count, sort_by, attracted_only)


def ranked_pairs(
    found: dict, groups: Grouping, min_count: int, sort_by: str, attracted_only: bool
) -> pd.DataFrame:
    """``cooccurrence_pairs``' table from the pairs' counts (``table_pairs``' arrays, or those
    of each group): the measures, the q-values within each group, the rows kept and sorted."""
    pairs = pd.DataFrame({**found, "n": groups.sizes[found["_group"]]})
    measures = association(pairs["count"], pairs["count_a"], pairs["count_b"], pairs["n"])
    # The q-values are adjusted within each group: a group's pairs are its own family of tests.
    # (The pairs come group after group, so each group is a slice.)
    p, q = measures["p_value"].to_numpy(), np.empty(len(measures))
    bounds = np.searchsorted(found["_group"], np.arange(len(groups.labels) + 1))
    for first, last in zip(bounds[:-1], bounds[1:]):
        q[first:last] = q_values(p[first:last])
    measures["q_value"] = q
    pairs = pd.concat([pairs, measures], axis=1)[["_group", *PAIR_COLUMNS]]
    keep = pairs["count"] >= min_count
    if attracted_only:
        keep &= pairs["count"] > pairs["expected"]
    pairs = pairs[keep].sort_values(
        ["_group", sort_by, "count", "entity_a", "entity_b"],
        ascending=[True, False, False, True, True],
        kind="stable",
        key=rank_key,
    )
    return labelled(pairs, groups, "count")


def table_pairs(table: pd.DataFrame, group: int) -> dict:
    """The pairs above the diagonal of a co-occurrence table that share at least one sentence
    (the family the q-values are adjusted over), as arrays."""
    return _pairs_of(table.to_numpy(), np.array([*table.index, None], dtype=object)[:-1], group)


def pairs_by_group(tables: dict, groups: Grouping) -> pd.DataFrame:
    """``cooccurrence(mentions, by=...)``'s long table from each group's co-occurrence table
    (a dict from the group's label to ``cooccurrence`` of its mentions, or to the sum of its
    parts' tables; a group left out names nobody)."""
    found = []
    for k, label in enumerate(groups.labels):
        table = tables.get(label)
        if table is None or table.empty:
            continue
        table = ranked_table(table)
        found.append(_pairs_of(table.to_numpy(), np.array(table.index, dtype=object), k))
    if found:
        pairs = {key: np.concatenate([f[key] for f in found]) for key in found[0]}
    else:
        pairs = table_pairs(pd.DataFrame(np.zeros((0, 0), dtype=np.int64)), 0)
    return _long_table(pairs, groups)


def _long_table(pairs: dict, groups: Grouping) -> pd.DataFrame:
    """``cooccurrence(by=)``'s long table from the pairs of every group (``_pairs_of``)."""
    table = pd.DataFrame(
        {
            "_group": pairs["_group"],
            "entity_a": pairs["entity_a"],
            "entity_b": pairs["entity_b"],
            "sentences": pairs["count"],
        }
    )
    return labelled(table, groups, "sentences")


def _pairs_of(counts: np.ndarray, entities: np.ndarray, group: int) -> dict:
    a, b = np.triu_indices(len(entities), k=1)
    tested = counts[a, b] >= 1
    a, b = a[tested], b[tested]
    diagonal = counts.diagonal()
    return {
        "_group": np.full(len(a), group, dtype=np.int64),
        "entity_a": entities[a],
        "entity_b": entities[b],
        "count": counts[a, b],
        "count_a": diagonal[a],
        "count_b": diagonal[b],
    }


def _group_pairs(mentions: pd.DataFrame, groups, entities=None) -> dict:
    """``table_pairs`` of every group's co-occurrence table, the tables counted from one sort
    of the mentions by group and sentence (a compiled pass per group, no table per group).
    Each group's entities are in its own order (``cooccurrence``'s), or as ``entities`` lists
    them (only those)."""
    group, ids, ((codes, names),), _ = groups.numbered(mentions, "entity")
    order = np.lexsort((ids, group))
    codes, ids, group = codes[order].astype(np.int64), ids[order], group[order]
    new_row = np.ones(len(ids), dtype=bool)
    new_row[1:] = (ids[1:] != ids[:-1]) | (group[1:] != group[:-1])
    row_ptr = np.append(np.flatnonzero(new_row), len(ids)).astype(np.int64)
    row_group = group[new_row]
    bounds = np.searchsorted(row_group, np.arange(len(groups.labels) + 1))
    names = pd.Index(names, dtype=object)
    every = np.array([*names, None], dtype=object)[:-1]
    found = []
    for k in range(len(groups.labels)):
        first, last = bounds[k], bounds[k + 1]
        if first == last:
            continue
        ptr = row_ptr[first : last + 1]
        counts = pair_counts(ptr - ptr[0], codes[ptr[0] : ptr[-1]], len(names))
        at = names.get_indexer(_entity_order(names, counts.diagonal(), entities))
        seen = at[at >= 0]
        seen = seen[counts.diagonal()[seen] > 0]  # the group's own entities, in its order
        found.append(_pairs_of(counts[np.ix_(seen, seen)], every[seen], k))
    if not found:
        return table_pairs(pd.DataFrame(np.zeros((0, 0), dtype=np.int64)), 0)
    return {key: np.concatenate([f[key] for f in found]) for key in found[0]}


def collocates(
    corpus: pd.DataFrame,
    spans: pd.DataFrame,
    window: int = 5,
    min_count: int = 1,
    stopwords: frozenset[str] | None = None,
    sort_by: str = "llr",
    attracted_only: bool = True,
) -> pd.DataFrame:
    """Words that occur within ``window`` words of the given spans, with the 2x2 token table
    behind each and its association measures.

    ``spans`` has ``sentence_id``, ``start``, ``end`` (the mentions of one entity, or the
    matches of a phrase). Windows count words and stop at the sentence. Every total counts the
    same tokens, the content words (not stopwords, not all digits): ``count`` is how often the
    word stands in a window, ``window_tokens`` how many content tokens the windows hold,
    ``frequency`` how often the word occurs in the corpus and ``n`` how many content tokens the
    corpus has. Tokens inside a span are never in a window. Then ``expected``, ``pmi``,
    ``npmi``, ``llr`` (signed), ``dice``, ``p_value``, ``q_value`` (over every word seen in a
    window at least once) and ``too_rare`` (see ``conflict_corpus.association``). With
    ``attracted_only`` (the default) only words seen more often than expected are kept.
    Sorted by ``sort_by`` (descending; ties by count, then word).
    """
    check_table("collocates", "corpus", corpus, ("sentence_id", "text"), "load_corpus")
    check_spans("collocates", spans)
    window = check_count("collocates", "window", window)
    min_count = check_count("collocates", "min_count", min_count)
    stopwords = load_stopwords() if stopwords is None else stopwords
    near, window_tokens = near_counts(corpus, spans, window, stopwords)
    words = joined_text(corpus["text"]).words()
    frequency, _ = word_counts(words.ids, words.row_ptr, words.content(stopwords), len(words.vocab))
    seen = np.flatnonzero(frequency)
    frequency = pd.Series(frequency[seen], index=words.vocab[seen].tolist())
    return collocates_of(near, window_tokens, frequency, min_count, sort_by, attracted_only)


def no_collocates() -> pd.DataFrame:
    """``collocates``' table with no row (of a name not in the corpus)."""
    nothing = pd.Series([], dtype=np.int64)
    return collocates_of(nothing, 0, nothing)


def near_counts(
    corpus: pd.DataFrame, spans: pd.DataFrame, window: int, stopwords: frozenset[str]
) -> tuple[pd.Series, int]:
    """What ``collocates`` ranks: how often each content word stands within ``window`` words of
    the spans (a Series by word, of the words seen there), and how many content tokens the
    windows hold. Counts of disjoint parts of a corpus add up to the whole's."""
    return _NearReader(corpus, stopwords).counts(spans, window)


def near_counts_by(
    corpus: pd.DataFrame, spans: pd.DataFrame, column: str, window: int, stopwords: frozenset[str]
) -> dict:
    """``near_counts`` of each value of ``spans[column]`` (each entity's mentions, say), by
    value, the corpus's words read once for all of them."""
    reader = _NearReader(corpus, stopwords)
    rows = reader.rows_of(spans)
    # The spans sorted by value once and sliced, value by value (as groupby(column, sort=True)
    # groups them, missing values left out): splitting the table into a frame per value cost
    # more than the counts themselves.
    codes, values = pd.factorize(spans[column], sort=True)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(values) + 1))
    rows = rows[order]
    starts = spans["start"].to_numpy(dtype=np.int64)[order]
    ends = spans["end"].to_numpy(dtype=np.int64)[order]
    # Each value's counts on the pool's threads, at once (the compiled count releases the GIL).
    counted = default_threads().map(
        lambda ab: reader.counted(
            rows[ab[0] : ab[1]], starts[ab[0] : ab[1]], ends[ab[0] : ab[1]], window
        ),
        list(zip(bounds[:-1].tolist(), bounds[1:].tolist())),
    )
    return dict(zip(values, counted))


class _NearReader:
    """A corpus's words, read once (``Words``: their numbers and offsets), for the window counts
    of several sets of spans."""

    def __init__(self, corpus: pd.DataFrame, stopwords: frozenset[str]):
        if not corpus["sentence_id"].is_unique:
            raise ValueError(
                "collocates: the corpus has repeated sentence_id values; each row "
                "needs its own id (load_corpus numbers the rows)."
            )
        self.joined = joined_text(corpus["text"])
        self.words = self.joined.words()
        self.keep = self.words.content(stopwords)
        self.ids = pd.Index(corpus["sentence_id"])

    def rows_of(self, spans: pd.DataFrame) -> np.ndarray:
        """The row (position in the corpus) of each span; -1: a sentence not in the corpus."""
        return self.ids.get_indexer(spans["sentence_id"])

    def counts(self, spans: pd.DataFrame, window: int) -> tuple[pd.Series, int]:
        """``near_counts`` of ``spans``."""
        return self.counted(
            self.rows_of(spans),
            spans["start"].to_numpy(dtype=np.int64),
            spans["end"].to_numpy(dtype=np.int64),
            window,
        )

    def counted(
        self, position: np.ndarray, span_starts: np.ndarray, span_ends: np.ndarray, window: int
    ) -> tuple[pd.Series, int]:
        """``counts`` of the spans given as arrays: each one's row (``rows_of``) and its
        offsets in that row's text."""
        joined, words = self.joined, self.words
        # The rows that hold a node, in corpus order, and their nodes (character offsets in the
        # joined text); spans of sentences that are not in the corpus count for nothing.
        held = position >= 0
        node_rows = position[held].astype(np.int64)
        order = np.argsort(node_rows, kind="stable")
        node_rows = node_rows[order]
        starts = span_starts[held][order] + joined.starts[node_rows]
        ends = span_ends[held][order] + joined.starts[node_rows]
        rows, node_ptr = np.unique(node_rows, return_index=True)
        node_ptr = np.append(node_ptr, len(node_rows)).astype(np.int64)
        near, window_tokens = near_nodes(
            words.starts,
            words.ends,
            words.row_ptr[rows],
            words.row_ptr[rows + 1],
            words.ids,
            node_ptr,
            starts,
            ends,
            self.keep,
            window,
            len(words.vocab),
        )
        found = np.flatnonzero(near >= 1)
        return pd.Series(near[found], index=words.vocab[found].tolist()), int(window_tokens)


def collocates_of(
    near: pd.Series,
    window_tokens: int,
    frequency: pd.Series,
    min_count: int = 1,
    sort_by: str = "llr",
    attracted_only: bool = True,
) -> pd.DataFrame:
    """``collocates``' table from ``near_counts``' two counts and ``frequency``, every content
    word's count in the corpus (a Series by word: ``content_word_counts``)."""
    sortable = ["count", "frequency", *MEASURES[:-1]]
    if sort_by not in sortable:
        raise ValueError(f"sort_by={sort_by!r}: choose one of {sortable}")
    table = pd.DataFrame(
        {
            "word": pd.Series(near.index.tolist(), dtype="str"),
            "count": near.to_numpy(dtype=np.int64),
            "window_tokens": np.full(len(near), window_tokens, dtype=np.int64),
            "frequency": frequency.reindex(near.index).to_numpy(dtype=np.int64),
            "n": np.full(len(near), int(frequency.sum()), dtype=np.int64),
        }
    )
    # (Every word seen in a window is the family the q-values are adjusted over.)
    measures = association(table["count"], table["window_tokens"], table["frequency"], table["n"])
    table = pd.concat([table, measures], axis=1)
    keep_rows = table["count"] >= max(min_count, 1)
    if attracted_only:
        keep_rows &= table["count"] > table["expected"]
    table = table[keep_rows].sort_values(
        [sort_by, "count", "word"], ascending=[False, False, True], kind="stable", key=rank_key
    )
    return table.reset_index(drop=True)
