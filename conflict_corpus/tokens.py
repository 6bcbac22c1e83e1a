"""Stage 2, tokens: the tokenizer, the stopword list, and word statistics (frequency, bigram
collocations, sentence lengths)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .association import association, rank_key
from .checks import check_count, check_table
from .engine.text import joined_text
from .engine.tokens import Words, content_bigrams, grouped_words, word_counts
from .files import STOPWORDS_FILE, CorpusError, read_utf8

# Words are runs of letters/digits, kept whole across internal hyphens ("cease-fire",
# "al-Sadr", "seven-month-old") and apostrophes inside a name ("Shi'ite", "Asa'ib"). A
# possessive or contraction ending ('s, 're, 've, 'll, 'd, 'm, 't) is split off, so "Sadr's"
# gives "Sadr" + "s" and the "s" is a stopword. NLTK's RegexpTokenizer needs no data package
# (unlike word_tokenize's punkt) and is one compiled regex, fast enough for a million sentences.
WORD_PATTERN = r"[^\W_]+(?:-[^\W_]+|['’](?!(?:s|re|ve|ll|d|m|t)\b)[^\W_]+)*"
# The same pattern compiled once, for the inner loops that run per match on a large corpus
# (NLTK 3.10 wraps each call of its tokenizer in a ReDoS guard that costs more than the match).
# Counts over a whole corpus (word_frequency, bigram_collocations, sentence_lengths,
# collocates, the stance windows) use the compiled form of this pattern (see ``Words``), which
# follows Python's ``re``. NLTK 3.10 runs the tokenizer's pattern with the ``regex`` module,
# whose \w leaves out a few characters ``re`` counts as letters or digits (superscript digits
# such as "²"); on such text ``tokenize`` keeps fewer tokens than the counts do.
_WORD_RE = re.compile(WORD_PATTERN)


@functools.cache
def _tokenizer():
    # Importing nltk loads all of it (scipy.stats among it, a second): done on first use.
    from nltk.tokenize import RegexpTokenizer

    return RegexpTokenizer(WORD_PATTERN)


def __getattr__(name: str):
    """``TOKENIZER``: NLTK's RegexpTokenizer of WORD_PATTERN, made on first use."""
    if name == "TOKENIZER":
        return _tokenizer()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def tokenize(text: str, lower: bool = True) -> list[str]:
    """Split one text into word tokens (see ``WORD_PATTERN``), lower-cased by default."""
    tokens = _tokenizer().tokenize(text)
    return [t.lower() for t in tokens] if lower else tokens


def load_stopwords(path: str | Path | None = None) -> frozenset[str]:
    """The shipped English stopword list (``data/stopwords_en.txt``), lower case."""
    path = Path(path) if path is not None else STOPWORDS_FILE
    if not path.exists():
        raise CorpusError(f"{path}: no such file; the stopword list ships in data/.")
    words = [w.strip().lower() for w in read_utf8(path).split("\n")]
    return frozenset(w for w in words if w and not w.startswith("#"))


def _corpus_words(texts) -> Words:
    """The Words of ``texts`` (a text column, a list of strings), shared with the matchers
    when they ran on the same rows (see joined_text)."""
    return joined_text(texts).words()


def words_per_row(texts) -> np.ndarray:
    """The number of words (tokens, as every count here reads them) of each of ``texts``."""
    return np.diff(_corpus_words(texts).row_ptr)


def sentence_lengths(corpus: pd.DataFrame) -> pd.DataFrame:
    """Per row: ``sentence_id``, ``kind``, ``words`` (token count) and ``characters``."""
    check_table("sentence_lengths", "corpus", corpus, ("sentence_id", "text"), "load_corpus")
    return pd.DataFrame(
        {
            "sentence_id": corpus["sentence_id"].to_numpy(),
            "kind": corpus["kind"].to_numpy(),
            "words": words_per_row(corpus["text"]),
            "characters": corpus["text"].str.len().to_numpy(),
        }
    )


LENGTH_MEASURES = ("words", "characters")


def length_counts(lengths: pd.DataFrame) -> dict[str, pd.Series]:
    """How many rows of ``sentence_lengths``' table have each length: per measure (``words``,
    ``characters``), a Series from length to rows, by length. Counts of disjoint parts of a
    corpus add up to the whole's (the Dask path adds them)."""
    check_table("length_counts", "lengths", lengths, LENGTH_MEASURES, "sentence_lengths")
    return {m: lengths[m].value_counts().sort_index().rename("rows") for m in LENGTH_MEASURES}


def length_summary(counts: dict[str, pd.Series]) -> pd.DataFrame:
    """Per measure of ``length_counts``: the rows of ``DataFrame.describe`` (``count``,
    ``mean``, ``std``, ``min``, ``25%``, ``50%``, ``75%``, ``max``), computed from the counts
    alone, so a corpus never held in memory is described as pandas describes one that is.

    Written out because no library takes a frequency table: numpy's weighted quantiles offer
    only the inverted-CDF method, not the linear interpolation ``describe`` uses. The quantile
    q is at position ``q * (n - 1)`` of the sorted lengths, between its two neighbours."""
    rows = {}
    for measure, rows_by_length in counts.items():
        seen = rows_by_length[rows_by_length > 0].sort_index()
        values = seen.index.to_numpy(dtype=np.float64)
        weights = seen.to_numpy(dtype=np.int64)
        n = int(weights.sum())
        row = dict.fromkeys(["mean", "std", "min", "25%", "50%", "75%", "max"], np.nan)
        if n:
            mean = float((values * weights).sum()) / n
            row["mean"] = mean
            if n > 1:
                row["std"] = float(np.sqrt((weights * (values - mean) ** 2).sum() / (n - 1)))
            ends = np.cumsum(weights)  # the sorted position after each length's last row
            for q, name in ((0.0, "min"), (0.25, "25%"), (0.5, "50%"), (0.75, "75%")):
                place = q * (n - 1)
                below = values[np.searchsorted(ends, np.floor(place), side="right")]
                above = values[np.searchsorted(ends, np.ceil(place), side="right")]
                row[name] = below + (above - below) * (place - np.floor(place))
            row["max"] = values[-1]
        rows[measure] = {"count": float(n), **row}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("per sentence")


def word_frequency(texts, n: int = 20, stopwords: frozenset[str] | None = None) -> pd.DataFrame:
    """The ``n`` most frequent content words: columns ``word``, ``count``, ``sentences``.

    Content words are the tokens that are not stopwords and not all digits. Ties are broken
    alphabetically so the table is the same on every run.
    """
    n = check_count("word_frequency", "n", n, 0)
    return top_words(content_word_counts(texts, stopwords), n)


def content_word_counts(texts, stopwords: frozenset[str] | None = None) -> pd.DataFrame:
    """Every content word of ``texts`` with its ``count`` and ``sentences`` (rows holding it),
    in no particular order: what ``word_frequency`` ranks. Counts of disjoint parts of a corpus
    add up to the whole's (the Dask path adds them, ``conflict_corpus.partitioned``)."""
    words = _corpus_words(texts)
    stopwords = load_stopwords() if stopwords is None else stopwords
    counts, rows = word_counts(words.ids, words.row_ptr, words.content(stopwords), len(words.vocab))
    seen = np.flatnonzero(counts)
    return pd.DataFrame(
        {"word": words.vocab[seen].tolist(), "count": counts[seen], "sentences": rows[seen]}
    )


def grouped_content_words(texts, row_groups: np.ndarray, stopwords: frozenset[str] | None = None):
    """Every content token of ``texts`` (the tokens ``word_frequency`` counts) of a row in a
    group, as numbers: ``(keys, vocab)``, ``group * len(vocab) + word`` for each token (its
    row's group in ``row_groups``, -1 for none: left out; its word ``vocab[word]``), in corpus
    order, and the words."""
    words = _corpus_words(texts)
    stopwords = load_stopwords() if stopwords is None else stopwords
    keep = words.content(stopwords)
    groups = np.asarray(row_groups, dtype=np.int64)
    return grouped_words(words.ids, words.row_ptr, keep, groups, len(words.vocab)), words.vocab


def top_words(counts: pd.DataFrame, n: int) -> pd.DataFrame:
    """The ``n`` rows of ``content_word_counts``' table with the largest counts (ties by word)."""
    table = counts.sort_values(["count", "word"], ascending=[False, True], kind="stable")
    return table.head(n).reset_index(drop=True)


def bigram_collocations(
    texts, n: int = 15, min_count: int = 2, stopwords: frozenset[str] | None = None
) -> pd.DataFrame:
    """The strongest pairs of adjacent words, by the signed log-likelihood ratio, with the 2x2
    token table behind each.

    A bigram is two tokens next to each other in one sentence (never across a sentence
    boundary); it is a candidate when neither word is a stopword or all digits (what NLTK's
    ``apply_word_filter`` does), so a stopword between two words still keeps them apart.
    Columns: ``bigram``, ``count`` (times the two words stand side by side), ``count_a`` and
    ``count_b`` (tokens of the first and of the second word), ``n`` (tokens), then the measures
    of ``conflict_corpus.association`` (``q_value`` over every candidate seen at least once).
    The ``n`` strongest with at least ``min_count`` occurrences, sorted by ``llr`` (ties by
    count, then bigram). The same table as NLTK's ``BigramCollocationFinder.from_documents``
    with that word filter gives (a test compares them).
    """
    n = check_count("bigram_collocations", "n", n, 0)
    min_count = check_count("bigram_collocations", "min_count", min_count, 1)
    frequency, bigrams = bigram_counts(texts, stopwords)
    return collocations_of(frequency, bigrams, n, min_count)


def bigram_counts(texts, stopwords: frozenset[str] | None = None):
    """What ``bigram_collocations`` ranks: ``(frequency, bigrams)``, a Series of every token's
    count (stopwords included: they are in ``n``) indexed by word, and a table of the candidate
    bigrams (``first``, ``second``, ``count``). Counts of disjoint parts of a corpus add up to
    the whole's."""
    words = _corpus_words(texts)
    stopwords = load_stopwords() if stopwords is None else stopwords
    size = len(words.vocab)
    every = np.ones(size, dtype=np.bool_)
    frequency, _ = word_counts(words.ids, words.row_ptr, every, size)
    # Only the candidates (the family the q-values are adjusted over) are sorted and counted: a
    # pair with a stopword or a number in it never is one.
    content = words.content(stopwords)
    keys = content_bigrams(words.ids, words.row_ptr, content, size)
    keys, counts = np.unique(keys, return_counts=True)
    first, second = keys // size, keys % size
    seen = np.flatnonzero(frequency)
    return (
        pd.Series(frequency[seen], index=pd.Index(words.vocab[seen].tolist(), dtype=object)),
        pd.DataFrame(
            {
                "first": pd.Series(words.vocab[first].tolist(), dtype=object),
                "second": pd.Series(words.vocab[second].tolist(), dtype=object),
                "count": counts.astype(np.int64),
            }
        ),
    )


def collocations_of(
    frequency: pd.Series, bigrams: pd.DataFrame, n: int, min_count: int
) -> pd.DataFrame:
    """``bigram_collocations``' table from ``bigram_counts``' two tables."""
    table = pd.DataFrame(
        {
            "bigram": pd.Series(
                [f"{a} {b}" for a, b in zip(bigrams["first"], bigrams["second"])], dtype="str"
            ),
            "count": bigrams["count"].to_numpy(dtype=np.int64),
            "count_a": frequency.reindex(bigrams["first"]).to_numpy(dtype=np.int64),
            "count_b": frequency.reindex(bigrams["second"]).to_numpy(dtype=np.int64),
            "n": np.full(len(bigrams), int(frequency.sum()), dtype=np.int64),
        }
    )
    table = pd.concat(
        [table, association(table["count"], table["count_a"], table["count_b"], table["n"])],
        axis=1,
    )
    table = table[table["count"] >= min_count].sort_values(
        ["llr", "count", "bigram"], ascending=[False, False, True], kind="stable", key=rank_key
    )
    return table.head(n).reset_index(drop=True)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the word tokens of one text (the tokenizer of section 2)."""
    return [m.span() for m in _WORD_RE.finditer(text)]
