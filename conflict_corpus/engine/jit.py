"""The compiler the engine's loops share, and the small compiled helpers they all call."""

from __future__ import annotations

import numba
import numpy as np

# The inner loops that run once per character or per match on a large corpus are compiled with
# numba (LLVM), written by hand because no library gives what a corpus of millions of rows
# needs: every match of a whole alias table or lexicon as numpy arrays, in one pass, with no
# Python object per match. (Aho-Corasick and RE2 bindings find matches fast but hand each one
# to Python as a tuple or a match object, and that, not the scan, was where the time went.)
# Tests compare each compiled loop with a plain, obviously correct reference. ``cache=True``
# keeps the compiled code beside this file, so only the first run compiles.
jit = numba.njit(cache=True, nogil=True)
# A scan's output arrays start with room for one match every MATCH_SPACING characters (and at
# least MIN_MATCH_ROOM): pages of np.empty that are never written cost no memory, and growing the
# arrays would copy every match again. News text has an entity mention about every 50 characters
# (3.6 in a 187-character sentence of the benchmark corpus), so 16 leaves room to spare.
MATCH_SPACING = 16
MIN_MATCH_ROOM = 1 << 16
# A small step that several loops share, inlined into each loop by numba itself. For the end of
# a token (engine.tokens.token_end) this costs nothing measurable on a million sentences; the DFA
# walk, shared the same way, made the scans 2.3x slower, so it stays written out (engine.dfa).
inline = numba.njit(cache=True, nogil=True, inline="always")


@jit
def grown(array, size):
    out = np.empty(size, dtype=array.dtype)
    out[: len(array)] = array
    return out


@jit
def code_point_at(buf, i):
    """The code point whose UTF-8 sequence starts at ``buf[i]``, and the sequence's length."""
    x = buf[i]
    if x < 0x80:
        return np.int64(x), 1
    if x < 0xE0:
        return ((np.int64(x) & 0x1F) << 6) | (buf[i + 1] & 0x3F), 2
    if x < 0xF0:
        return (
            ((np.int64(x) & 0x0F) << 12)
            | ((np.int64(buf[i + 1]) & 0x3F) << 6)
            | (buf[i + 2] & 0x3F)
        ), 3
    return (
        ((np.int64(x) & 0x07) << 18)
        | ((np.int64(buf[i + 1]) & 0x3F) << 12)
        | ((np.int64(buf[i + 2]) & 0x3F) << 6)
        | (buf[i + 3] & 0x3F)
    ), 4


@jit
def ascending(values):
    """Whether ``values`` never go down."""
    for i in range(1, len(values)):
        if values[i] < values[i - 1]:
            return False
    return True
