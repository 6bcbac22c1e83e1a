"""Runs of capitalised words (what ``entities.uncovered_names`` counts), found in one compiled
pass over the joined rows.

The rows are read as an image of one byte a character (``capitals_image``): an ASCII character
as itself, any other character as ``WORD`` when Python's regular expressions count it a word
character (``str.isalnum``), ``OPENING`` for the curly opening quotes ``“`` and ``‘``, else
``OTHER``; the gazetteer's mentions are then masked with ``|``. ``capital_runs`` finds, left to
right and without overlap, what this regular expression finds in the text with its mentions
masked (``tests/capitals_reference.py`` keeps it, and a test checks the two agree):

    WORD     = [A-Z](?:\\.[A-Z])+\\.? | [A-Z]\\w*(?:[-'][A-Za-z]\\w*)*
    SEQUENCE = WORD(?: (?:al-|el-|bin |ibn |of |al |de |the )?WORD)*

("U.S.", "Allawi's", "Abu Bakr al-Baghdadi", "Ali al-Sistani", "Army of the Righteous"). Written
by hand: the regular expression, with the text masked in Python, took 5 s on a million
sentences.
"""

from __future__ import annotations

import numpy as np

from .jit import jit

WORD, OTHER, OPENING = 0x80, 0x81, 0x82
MASK = ord("|")
# The particles that sit inside a name, each followed by the next capitalised word.
PARTICLES = (b"al-", b"el-", b"bin ", b"ibn ", b"of ", b"al ", b"de ", b"the ")
# What a row's first run may follow (``str.lstrip``'s characters): spaces, straight quotes,
# opening brackets, and the curly opening quotes (``OPENING`` in the image).
LEADING = np.zeros(256, dtype=np.bool_)
LEADING[[*b" \"'(", OPENING]] = True


def class_of(code: int) -> int:
    """The byte that stands for the character ``code`` in the image (see the module)."""
    if code < 0x80:
        return code
    c = chr(code)
    if c in "“‘":
        return OPENING
    return WORD if c.isalnum() else OTHER


def particle_table() -> tuple[np.ndarray, np.ndarray]:
    """``PARTICLES`` as the compiled pass reads them: a padded byte table and the lengths."""
    table = np.zeros((len(PARTICLES), max(map(len, PARTICLES))), dtype=np.uint8)
    for k, particle in enumerate(PARTICLES):
        table[k, : len(particle)] = np.frombuffer(particle, dtype=np.uint8)
    return table, np.array([len(p) for p in PARTICLES], dtype=np.int64)


@jit
def _upper(b):
    return 65 <= b <= 90


@jit
def _alpha(b):
    return 65 <= b <= 90 or 97 <= b <= 122


@jit
def _word(b):
    return 48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122 or b == 95 or b == WORD


@jit
def _word_end(image, p, n):
    """Where WORD (see the module) ends when it starts at ``p``; -1 when none starts there."""
    if p >= n or not _upper(image[p]):
        return -1
    q, dotted = p + 1, 0  # [A-Z](?:\.[A-Z])+\.?, the first choice
    while q + 1 < n and image[q] == 46 and _upper(image[q + 1]):
        q += 2
        dotted += 1
    if dotted:
        return q + 1 if q < n and image[q] == 46 else q
    q = p + 1  # [A-Z]\w*(?:[-'][A-Za-z]\w*)*
    while q < n and _word(image[q]):
        q += 1
    while q + 1 < n and (image[q] == 45 or image[q] == 39) and _alpha(image[q + 1]):
        q += 2
        while q < n and _word(image[q]):
            q += 1
    return q


@jit
def _particle_end(image, s, n, particles, lengths):
    """Where the particle at ``s`` ends; -1 when none is there (at most one can be: none of
    them begins another)."""
    for k in range(len(lengths)):
        size = lengths[k]
        if s + size > n:
            continue
        same = True
        for i in range(size):
            if image[s + i] != particles[k, i]:
                same = False
                break
        if same:
            return s + size
    return -1


@jit
def _runs(image, particles, lengths, starts, ends):
    """The runs of ``capital_runs``, written to ``starts``/``ends`` when they have room (an
    empty array: only counted); their number."""
    n, count, p = len(image), 0, 0
    write = len(starts) > 0
    while p < n:
        if not _upper(image[p]):
            p += 1
            continue
        e = _word_end(image, p, n)
        while e < n and image[e] == 32:
            after = _particle_end(image, e + 1, n, particles, lengths)
            nxt = _word_end(image, after if after >= 0 else e + 1, n)
            if nxt < 0:
                break
            e = nxt
        if write:
            starts[count], ends[count] = p, e
        count += 1
        p = e
    return count


@jit
def capital_runs(image, particles, lengths):
    """``(starts, ends, zeros)``: every SEQUENCE of the image (see the module), in order, as
    Python's ``finditer`` finds them (each match as long as its greedy choices make it, the
    search going on where it ended). Counted first, then written (no array grows)."""
    none = np.empty(0, dtype=np.int64)
    count = _runs(image, particles, lengths, none, none)
    starts, ends = np.empty(count, dtype=np.int64), np.empty(count, dtype=np.int64)
    if count:
        _runs(image, particles, lengths, starts, ends)
    return starts, ends, np.zeros(count, dtype=np.int64)


@jit
def leads(image, starts, ends, leading):
    """Where each row ``image[starts[r]:ends[r]]`` begins after the characters it may open
    with (``leading``: ``LEADING``)."""
    out = np.empty(len(starts), dtype=np.int64)
    for r in range(len(starts)):
        p = starts[r]
        while p < ends[r] and leading[image[p]]:
            p += 1
        out[r] = p
    return out


@jit
def masked(image, starts, ends):
    """``image`` with ``image[starts[k]:ends[k]]`` set to ``MASK`` for every k (in place)."""
    for k in range(len(starts)):
        for p in range(starts[k], ends[k]):
            image[p] = MASK
