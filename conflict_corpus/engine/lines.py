"""The loader's compiled passes over a file's bytes: where lines start and end, and which lines
are certainly plain sentences."""

from __future__ import annotations

import numpy as np

from .jit import jit

ASCII_LETTER = np.zeros(256, dtype=np.bool_)
ASCII_LETTER[[ord(c) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"]] = True


def line_bounds(data: bytes, offset: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(bytes, starts, ends) of the lines of a text file's UTF-8 bytes from ``offset`` on (past
    a byte-order mark), split as _split_lines splits the decoded text: at "\n", a "\r" before
    it dropped, no empty line after the last."""
    buf = np.frombuffer(data, dtype=np.uint8, offset=offset)
    return (buf, *newline_bounds(buf))


@jit
def newline_bounds(buf):
    """Where each line of ``buf`` starts and ends (see line_bounds): newlines counted in a
    first pass, so the arrays are allocated once."""
    n = 0
    for i in range(len(buf)):
        n += buf[i] == 10
    if len(buf) and buf[-1] != 10:
        n += 1  # a last line without a newline
    starts, ends = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    k, start = 0, 0
    for i in range(len(buf)):
        if buf[i] == 10:
            starts[k], ends[k] = start, i - (i > start and buf[i - 1] == 13)
            k += 1
            start = i + 1
    if k < n:  # a last line with no newline: a carriage return ending it is text, kept
        starts[k], ends[k] = start, len(buf)
    return starts, ends


# The third byte of the UTF-8 form (E2 80 xx) of the typographic punctuation news text is full
# of: dashes (U+2013, U+2014), quotes (U+2018, U+2019, U+201C, U+201D) and the ellipsis (U+2026).
# None of them is a letter, a "|" or a "»", so a row whose only non-ASCII characters they are
# is judged by _classify exactly as its ASCII characters are.
PUNCT_E280 = np.zeros(256, dtype=np.bool_)
PUNCT_E280[[0x93, 0x94, 0x98, 0x99, 0x9C, 0x9D, 0xA6]] = True


@jit
def suspect_rows(buf, starts, ends, letter, punct):
    """Per row ``buf[starts[k]:ends[k]]`` (UTF-8): True unless its only non-ASCII characters
    are typographic punctuation (``punct``: the last byte of E2 80 xx), it has no ":", fewer
    than two "|" and three or more words (runs of ASCII letters)."""
    out = np.zeros(len(starts), dtype=np.bool_)
    for k in range(len(starts)):
        words, pipes, odd, in_word = 0, 0, False, False
        i = starts[k]
        while i < ends[k]:
            b = buf[i]
            if b >= 0x80:
                if b == 0xE2 and i + 2 < ends[k] and buf[i + 1] == 0x80 and punct[buf[i + 2]]:
                    in_word = False
                    i += 3
                    continue
                odd = True
                break
            is_letter = letter[b]
            if is_letter and not in_word:
                words += 1
            in_word = is_letter
            if b == 58:  # ":"
                odd = True
                break
            pipes += b == 124  # "|"
            i += 1
        out[k] = odd or words < 3 or pipes >= 2
    return out
