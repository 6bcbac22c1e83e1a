"""Stage 4, co-occurrence: who is named with whom, pairs ranked by association, and the words
near a name (collocates)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .engine.jit import ascending
from .engine.tables import pair_counts
from .engine.text import joined_text
from .engine.tokens import row_words, word_counts
from .engine.windows import near_nodes
from .tokens import load_stopwords

PAIR_COLUMNS = [
    "entity_a",
    "entity_b",
    "count",
    "count_a",
    "count_b",
    "expected",
    "pmi",
    "npmi",
    "llr",
    "p_value",
    "dice",
]


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
    new_row = np.empty(len(ids), dtype=bool)
    new_row[:1] = True
    np.not_equal(ids[1:], ids[:-1], out=new_row[1:])
    row_ptr = np.append(np.flatnonzero(new_row), len(ids)).astype(np.int64)
    return codes.astype(np.int64, copy=False), pd.Index(names, dtype=object), row_ptr, ids[new_row]


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


def cooccurrence(mentions: pd.DataFrame, entities=None) -> pd.DataFrame:
    """Symmetric entity x entity table: the number of sentences that mention both.

    The diagonal is the number of sentences that mention the entity. Entities are ordered by
    that number, ties by name (or as ``entities`` lists them: one never mentioned is a row and a
    column of zeros).
    """
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


def named_with(table: pd.DataFrame, entity: str, n: int = 10) -> pd.DataFrame:
    """The entities named in the same sentences as ``entity``, most shared sentences first.

    ``table`` is ``cooccurrence``'s. Returns columns ``entity`` and ``sentences`` (the ``n``
    largest, ties in the table's order)."""
    row = table.loc[entity].drop(entity)
    row = row[row > 0].sort_values(ascending=False, kind="stable").head(n)
    return row.rename("sentences").rename_axis("entity").reset_index()


def _association(n_ii: int, n_ix: int, n_xi: int, n_xx: int) -> dict:
    """Association measures of one 2x2 table (NLTK's, plus the two NLTK lacks).

    ``n_ii``: units with both, ``n_ix``/``n_xi``: units with each, ``n_xx``: all units.
    NPMI (Bouma 2009) is PMI / -log2 p(both); NLTK has no NPMI, so it is derived from NLTK's
    PMI here. The p-value of G² is the chi-square tail with one degree of freedom.
    """
    from nltk.metrics.association import BigramAssocMeasures as measures  # (loads scipy.stats)

    marginals = (n_ix, n_xi)
    if n_ii == 0:
        pmi, npmi = float("-inf"), -1.0
    else:
        pmi = measures.pmi(n_ii, marginals, n_xx)
        npmi = 1.0 if n_ii == n_xx else pmi / -np.log2(n_ii / n_xx)
    llr = measures.likelihood_ratio(n_ii, marginals, n_xx)
    return {
        "expected": n_ix * n_xi / n_xx,
        "pmi": pmi,
        "npmi": npmi,
        "llr": llr,
        "p_value": np.nan,  # filled in for all rows at once by _p_values (one scipy call)
        "dice": measures.dice(n_ii, marginals, n_xx),
    }


def _p_values(table: pd.DataFrame) -> pd.DataFrame:
    """Fill ``p_value``, the chi-square tail of G² with one degree of freedom, for all rows."""
    from scipy import stats

    table["p_value"] = stats.chi2.sf(table["llr"].to_numpy(dtype=float), 1)
    return table


def cooccurrence_pairs(
    mentions: pd.DataFrame,
    corpus: pd.DataFrame,
    min_count: int = 1,
    sort_by: str = "llr",
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per pair of entities that share at least ``min_count`` sentences.

    ``corpus`` is the table that was annotated: its rows are the units, so sentences that
    mention nobody count in the totals. Columns: ``entity_a``, ``entity_b``, ``count``
    (sentences with both), ``count_a``, ``count_b``, ``expected`` (count if independent),
    ``pmi``, ``npmi``, ``llr`` (log-likelihood G²), ``p_value`` and ``dice``, all from the 2x2
    sentence contingency table with NLTK's ``BigramAssocMeasures``. Sorted by ``sort_by``
    (descending; ties by count, then names). ``table``: ``cooccurrence(mentions)`` if it is
    at hand already (it is computed here otherwise).
    """
    table = cooccurrence(mentions) if table is None else table
    counts = table.to_numpy()
    entities = table.index.tolist()
    n_xx = len(corpus)
    a, b = np.triu_indices(len(entities), k=1)
    keep = counts[a, b] >= max(min_count, 0)
    rows = []
    for i, j in zip(a[keep], b[keep]):
        n_ii, n_ix, n_xi = int(counts[i, j]), int(counts[i, i]), int(counts[j, j])
        rows.append(
            {
                "entity_a": entities[i],
                "entity_b": entities[j],
                "count": n_ii,
                "count_a": n_ix,
                "count_b": n_xi,
                **_association(n_ii, n_ix, n_xi, n_xx),
            }
        )
    pairs = _p_values(pd.DataFrame(rows, columns=PAIR_COLUMNS))
    if sort_by not in PAIR_COLUMNS[2:]:
        raise ValueError(f"sort_by={sort_by!r}: choose one of {PAIR_COLUMNS[2:]}")
    pairs = pairs.sort_values(
        [sort_by, "count", "entity_a", "entity_b"],
        ascending=[False, False, True, True],
        kind="stable",
    )
    return pairs.reset_index(drop=True)


def collocates(
    corpus: pd.DataFrame,
    spans: pd.DataFrame,
    window: int = 5,
    min_count: int = 1,
    stopwords: frozenset[str] | None = None,
    sort_by: str = "llr",
    attracted_only: bool = True,
) -> pd.DataFrame:
    """Words that occur within ``window`` words of the given spans, with association measures.

    ``spans`` has ``sentence_id``, ``start``, ``end`` (the mentions of one entity, or the
    matches of a phrase). Windows count words and stop at the sentence. The 2x2 table is over
    word tokens: (in a window or not) x (the word or not), so ``count`` is how often the word
    stands near the node, ``frequency`` how often it occurs in the corpus. Stopwords and tokens
    inside a span are not candidates. With ``attracted_only`` (the default) only words seen more
    often than expected are kept. Columns: ``word``, ``count``, ``frequency``, ``expected``,
    ``pmi``, ``npmi``, ``llr``, ``p_value``, ``dice``; sorted by ``sort_by``.
    """
    stopwords = load_stopwords() if stopwords is None else stopwords
    if not corpus["sentence_id"].is_unique:
        raise ValueError(
            "collocates: the corpus has repeated sentence_id values; each row "
            "needs its own id (load_corpus numbers the rows)."
        )
    joined = joined_text(corpus["text"])
    words = joined.words()
    keep = words.content(stopwords)
    size = len(words.vocab)
    frequency, _ = word_counts(words.ids, words.row_ptr, keep, size)
    # The rows that hold a node, in corpus order, and their nodes (character offsets in the
    # joined text); spans of sentences that are not in the corpus count for nothing.
    position = pd.Index(corpus["sentence_id"]).get_indexer(spans["sentence_id"])
    held = position >= 0
    node_rows = position[held].astype(np.int64)
    order = np.argsort(node_rows, kind="stable")
    node_rows = node_rows[order]
    node_starts = spans["start"].to_numpy(dtype=np.int64)[held][order] + joined.starts[node_rows]
    node_ends = spans["end"].to_numpy(dtype=np.int64)[held][order] + joined.starts[node_rows]
    rows, node_ptr = np.unique(node_rows, return_index=True)
    node_ptr = np.append(node_ptr, len(node_rows)).astype(np.int64)
    tok_starts, tok_ends, counts = row_words(joined.tokens(), joined.starts, joined.ends, rows)
    tok_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    near, window_tokens = near_nodes(
        tok_starts,
        tok_ends,
        tok_ptr,
        words.ids,
        words.row_ptr[rows],
        node_ptr,
        node_starts,
        node_ends,
        keep,
        window,
        size,
    )
    total, window_tokens = int(frequency.sum()), int(window_tokens)
    found = np.flatnonzero(near >= max(min_count, 1))
    table = [
        {"word": w, "count": c, "frequency": f, **_association(c, window_tokens, f, total)}
        for w, c, f in zip(
            words.vocab[found].tolist(), near[found].tolist(), frequency[found].tolist()
        )
    ]
    if attracted_only:
        # G² is two-sided: a word that is rarer near the node than elsewhere also scores high.
        # A collocate list shows the words drawn to the node, so those are kept.
        table = [r for r in table if r["count"] > r["expected"]]
    columns = ["word", "count", "frequency", "expected", "pmi", "npmi", "llr", "p_value", "dice"]
    table = _p_values(pd.DataFrame(table, columns=columns))
    table = table.sort_values(
        [sort_by, "count", "word"], ascending=[False, False, True], kind="stable"
    )
    return table.reset_index(drop=True)
