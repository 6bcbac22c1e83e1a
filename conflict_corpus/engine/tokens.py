"""The word tokenizer (the pattern of ``conflict_corpus.tokens.WORD_PATTERN``) compiled, and word
counts over numbered tokens.

Word counts, bigram collocations and collocate windows read every token of every sentence.
Done in Python (a regex per sentence, a string per token) that is tens of seconds on a
million sentences, so the pattern is also written out as a small compiled tokenizer over
per-character classes, and each token becomes a number in a vocabulary (``Words``). The
counting is then numpy; NLTK still scores the bigrams. Tests compare every table with the
plain Python reference (tokenize each text, count the strings).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .intern import Interner
from .jit import inline, jit
from .parallel import default_threads

if TYPE_CHECKING:
    from .text import JoinedText


# Character classes of the tokenizer (WORD_PATTERN) for the compiled stance window: an ASCII
# character stands for itself; other characters are 0x81 (a letter or digit: [^\W_]),
# 0x83 (the curly apostrophe ’), 0x84 (a double quotation mark: “ ” „ « ») or 0x80 (anything
# else).
TOK_ALNUM = np.zeros(256, dtype=np.bool_)
TOK_ALNUM[list(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + [0x81]] = True
TOK_WORD = TOK_ALNUM.copy()
TOK_WORD[ord("_")] = True
TOK_APOSTROPHE = np.zeros(256, dtype=np.bool_)
TOK_APOSTROPHE[[ord("'"), 0x83]] = True
# Contractions the tokenizer splits off ('s, 're, 've, 'll, 'd, 'm, 't), padded with 0.
CONTRACTIONS = np.array(
    [[ord(c) for c in w.ljust(2, "\0")] for w in ("s", "re", "ve", "ll", "d", "m", "t")],
    dtype=np.uint8,
)


def token_class(code: int) -> int:
    ch = chr(code)
    if code < 128:
        return code
    if re.match(r"[^\W_]", ch):
        return 0x81
    return 0x83 if ch == "’" else (0x84 if ch in QUOTES else 0x80)


# The double quotation marks other than '"' (0x84 in the tokenizer's compiled form).
QUOTES = "“”„«»"


@jit
def contraction(tok, p, limit):
    """Whether a split-off contraction ('s, 're, ...) starts at ``p`` (after an apostrophe)."""
    for w in range(len(CONTRACTIONS)):
        size = 1 if CONTRACTIONS[w, 1] == 0 else 2
        if (
            p + size <= limit
            and tok[p] == CONTRACTIONS[w, 0]
            and (size == 1 or tok[p + 1] == CONTRACTIONS[w, 1])
            and (p + size == limit or not TOK_WORD[tok[p + size]])
        ):
            return True
    return False


@inline
def token_end(tok, p, limit):
    """Where the token that starts at ``p`` (a letter or digit) ends, reading no further than
    ``limit``: a run of letters and digits, joined on by "-" or by an apostrophe that does not
    start a split-off contraction ('s, 're, ...), as ``_WORD_RE`` reads it."""
    while p < limit and TOK_ALNUM[tok[p]]:
        p += 1
    while (
        p + 1 < limit
        and TOK_ALNUM[tok[p + 1]]
        and (tok[p] == 45 or (TOK_APOSTROPHE[tok[p]] and not contraction(tok, p + 1, limit)))
    ):
        p += 1
        while p < limit and TOK_ALNUM[tok[p]]:
            p += 1
    return p


@jit
def _tokenize_rows(tok, row_starts, row_ends, rows, starts, ends, counts):
    """The word tokens (WORD_PATTERN) of the given rows, each row read as its own text, in
    ``tok`` (see token_class): their character spans go to ``starts``/``ends`` (with empty
    ``starts`` they are only counted) and the number of tokens of each row is added to
    ``counts``. Returns the number of tokens.

    Tokens are read as ``_WORD_RE.finditer(text)`` reads them (see token_end).
    """
    write = len(starts) > 0
    k = 0
    for j in range(len(rows)):
        p, limit = row_starts[rows[j]], row_ends[rows[j]]
        while p < limit:
            if not TOK_ALNUM[tok[p]]:
                p += 1
                continue
            a = p
            p = token_end(tok, p, limit)
            if write:
                starts[k], ends[k] = a, p
            counts[j] += 1
            k += 1
    return k


class Words:
    """Every word token of the rows of a JoinedText, as numbers.

    ``ids[k]`` is token k's word (lower case, as ``tokenize`` gives it) in ``vocab``; the
    tokens of row r are ``ids[row_ptr[r]:row_ptr[r + 1]]``, in text order. Tokens are numbered
    by their exact UTF-8 bytes (Interner), then each distinct spelling is lower-cased once in
    Python, so the vocabulary is exactly ``str.lower`` of the tokens. ``starts[k]`` and
    ``ends[k]`` are token k's character offsets in the joined text (int32 while the text is
    shorter than 2**31 characters): the collocate windows read them, so no table tokenises the
    rows again.
    """

    ROWS_PER_BATCH = 1 << 17

    def __init__(self, joined: JoinedText):
        tok = joined.tokens()
        # The tokens of each row counted first, so that every token's offsets are written once,
        # into place (joining arrays written batch by batch cost more than the tokenising).
        per_row = np.zeros(len(joined.starts), dtype=np.int64)
        none = np.empty(0, dtype=np.int64)
        default_threads().by_slices(
            lambda lo, hi: _tokenize_rows(
                tok, joined.starts, joined.ends, np.arange(lo, hi), none, none, per_row[lo:hi]
            ),
            len(per_row),
        )
        self.row_ptr = np.concatenate([[0], np.cumsum(per_row)]).astype(np.int64)
        total = int(self.row_ptr[-1])
        length = int(joined.ends[-1]) if len(joined.ends) else 0
        offset_type = np.int32 if length < np.iinfo(np.int32).max else np.int64
        self.starts = np.empty(total, dtype=offset_type)
        self.ends = np.empty(total, dtype=offset_type)

        # One slice of the rows per thread, each tokenised and numbered by an interner of its
        # own, at once; then the slices' spellings are numbered together, in corpus order, so
        # the numbers are those one interner over all rows gives (the first seen first).
        def numbered(lo, hi):
            interner, ids = Interner(joined.buf), []
            for r0 in range(lo, hi, self.ROWS_PER_BATCH):
                rows = np.arange(r0, min(hi, r0 + self.ROWS_PER_BATCH))
                a, b = self.row_ptr[rows[0]], self.row_ptr[rows[-1] + 1]
                starts, ends = self.starts[a:b], self.ends[a:b]
                _tokenize_rows(
                    tok, joined.starts, joined.ends, rows, starts, ends, np.zeros_like(rows)
                )
                where = np.repeat(rows, per_row[rows])
                ids.append(
                    interner.codes(
                        joined.byte_offsets(starts, where), joined.byte_offsets(ends, where)
                    )
                )
            return ids, interner.strings()

        parts = default_threads().by_slices(numbered, len(joined.starts), self.ROWS_PER_BATCH)
        spellings: dict[str, int] = {}
        numbers = [
            np.array([spellings.setdefault(t, len(spellings)) for t in strings.tolist()], np.int64)
            for _, strings in parts
        ]
        lower_of, vocab = pd.factorize(np.array([w.lower() for w in spellings], dtype=object))
        self.vocab = np.asarray(vocab, dtype=object)
        # Each batch's numbers written into place as its word's, and let go at once.
        self.ids = np.empty(total, dtype=np.int32)
        at = 0
        for (part_ids, _), number in zip(parts, numbers):
            word_of = lower_of[number].astype(np.int32)
            while part_ids:
                codes = part_ids.pop(0)
                np.take(word_of, codes, out=self.ids[at : at + len(codes)])
                at += len(codes)

    def content(self, stopwords: frozenset[str]) -> np.ndarray:
        """Per word of ``vocab``: True for a content word (not a stopword, not all digits)."""
        return np.array(
            [w not in stopwords and not w.isdigit() for w in self.vocab.tolist()], dtype=np.bool_
        )


@jit
def word_counts(ids, row_ptr, keep, n_words):
    """Per word: how many tokens, and how many rows hold it, counting only ``keep`` words."""
    tokens = np.zeros(n_words, dtype=np.int64)
    rows = np.zeros(n_words, dtype=np.int64)
    last = np.full(n_words, -1, dtype=np.int64)
    for r in range(len(row_ptr) - 1):
        for k in range(row_ptr[r], row_ptr[r + 1]):
            w = ids[k]
            if keep[w]:
                tokens[w] += 1
                if last[w] != r:
                    rows[w] += 1
                    last[w] = r
    return tokens, rows


@jit
def content_bigrams(ids, row_ptr, content, n_words):
    """``w1 * n_words + w2`` for each pair of neighbouring tokens of a row that are both
    ``content`` words (NLTK's bigrams of each row's tokens, those with a word not ``content``
    filtered out)."""
    out = np.empty(len(ids), dtype=np.int64)
    k = 0
    for r in range(len(row_ptr) - 1):
        for t in range(row_ptr[r] + 1, row_ptr[r + 1]):
            before, w = ids[t - 1], ids[t]
            if content[before] and content[w]:
                out[k] = before * n_words + w
                k += 1
    return out[:k]


@jit
def grouped_words(ids, row_ptr, keep, row_groups, n_words):
    """``g * n_words + w`` for each ``keep`` token ``w`` of a row in group ``g``
    (``row_groups``; -1: a row in no group, whose tokens are left out), in corpus order."""
    out = np.empty(len(ids), dtype=np.int64)
    k = 0
    for r in range(len(row_ptr) - 1):
        g = row_groups[r]
        if g < 0:
            continue
        for t in range(row_ptr[r], row_ptr[r + 1]):
            w = ids[t]
            if keep[w]:
                out[k] = g * n_words + w
                k += 1
    return out[:k]
