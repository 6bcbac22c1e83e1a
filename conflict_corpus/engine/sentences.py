"""The sentence segmenter's rules (``conflict_corpus.segment``) as one compiled pass over the
documents of a corpus.

The documents are joined into one image of one byte a character (``segment_image``): the text
encoded as Windows-1252, which holds ASCII, Latin-1 and the characters the rules name beyond
them (the ellipsis and the curly quotes) one byte each, and every other character as a
Windows-1252 character of the same kind (a space, an upper- or lower-case letter, a digit,
another word character, a symbol), so that the classes the rules read (white space, word
characters, capitals, digits, quotes and brackets) are the classes of the text. The encoding
runs in C. ``sentence_cuts`` then reads each document's part of the image once. (Written by
hand: a regular expression per full stop, in Python, takes 17 s on a million sentences; none of
the segmenters on the package index follows these rules.)
"""

from __future__ import annotations

import codecs

import numpy as np

from .jit import jit

ELLIPSIS = "…".encode("cp1252")[0]

# Classes of a byte of the image (flags of a uint16).
SPACE, WORD, UPPER, LOWER, DIGIT = 1, 2, 4, 8, 16
CLOSER, OPENER, BEFORE, NEXT, MARK = 32, 64, 128, 256, 512
ALPHA = 1024  # [A-Za-z]


def _kind_of(c: str) -> str:
    """The character that stands in the image for ``c``, which Windows-1252 lacks (or a C1
    control code, which it does not encode)."""
    if c.isspace():
        return " "
    if c.isupper():
        return "À"
    if c.islower():
        return "à"
    if c.isdigit():
        return "²"
    if c.isalnum():
        return "¼"  # a word character that is neither upper nor lower case nor a digit
    return "¿"


def _image_error(err: UnicodeEncodeError):
    """Codec error handler: each character Windows-1252 lacks becomes one of its kind."""
    return "".join(_kind_of(c) for c in err.object[err.start : err.end]), err.end


codecs.register_error("segment-image", _image_error)


def segment_bytes(text: str) -> bytes:
    """The image of ``text`` the segmenter reads, one byte a character (see the module)."""
    if text.isascii():
        return text.encode("ascii")  # (the same bytes, by a faster path)
    return text.encode("cp1252", "segment-image")


def segment_image(text: str) -> np.ndarray:
    """``segment_bytes`` as an array."""
    return np.frombuffer(segment_bytes(text), dtype=np.uint8)


def _character(b: int) -> str:
    """The character byte ``b`` of the image stands for (bytes Windows-1252 leaves undefined
    never occur in an image)."""
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return "\x00"


def _classes() -> np.ndarray:
    flags = np.zeros(256, dtype=np.uint16)
    for b in range(256):
        c = _character(b)
        word = c.isalnum() or c == "_"
        flags[b] = (
            SPACE * c.isspace()
            + WORD * word
            + UPPER * c.isupper()
            + LOWER * c.islower()
            + DIGIT * c.isdigit()
            + CLOSER * (c in "\"')]”’")
            + OPENER * (c in "\"'([«“‘")
            + BEFORE * (word or c in ".'’-")
            + NEXT * (word or c in "'’")
            + MARK * (c in ".!?")
            + ALPHA * (c.isascii() and c.isalpha())
        )
    return flags


def _lower(b: int) -> int:
    lower = _character(b).lower()
    try:
        found = lower.encode("cp1252")
    except UnicodeEncodeError:
        return b
    return found[0] if len(found) == 1 else b


CLASSES = _classes()
# Each byte in lower case, as str.lower() reads its character.
LOWER_BYTES = np.array([_lower(b) for b in range(256)], dtype=np.uint8)


class Words:
    """Words to look up in the compiled pass (abbreviations, sentence starters): each word's
    image as a row of ``keys`` (``lengths`` long), with its ``values``."""

    def __init__(self, words: dict[str, int]):
        images = [segment_image(w) for w in words]
        width = max([1, *(len(i) for i in images)])
        self.keys = np.zeros((len(images), width), dtype=np.uint8)
        for row, image in enumerate(images):
            self.keys[row, : len(image)] = image
        self.lengths = np.array([len(i) for i in images], dtype=np.int64)
        self.values = np.array(list(words.values()), dtype=np.int64)


@jit
def _look_up(image, at, n, keys, lengths, values, lower, lower_bytes):
    """The value of the word ``image[at:at + n]`` (in lower case if ``lower``), 0 if none."""
    for row in range(len(lengths)):
        if lengths[row] != n:
            continue
        same = True
        for k in range(n):
            b = image[at + k]
            if lower:
                b = lower_bytes[b]
            if b != keys[row, k]:
                same = False
                break
        if same:
            return values[row]
    return 0


@jit
def _closers_end(image, q, hi, classes):
    while q < hi and classes[image[q]] & CLOSER:
        q += 1
    return q


@jit
def _mark_run(image, p, hi, classes):
    r = p
    while r < hi and classes[image[r]] & MARK:
        r += 1
    return r


@jit
def _mark_at(image, p, hi, classes):
    """The sentence-final mark that starts at ``p``, as the rules read it (any dots, "!", "?"
    or the ellipsis, then closing quotes and brackets, then white space): ``(end of the mark,
    end with its closers)``; (-1, -1) when none starts there."""
    b = image[p]
    if b == 46:  # "."
        d = p
        while d < hi and image[d] == 46:
            d += 1
        if d - p >= 3:
            q = _closers_end(image, d, hi, classes)
            if q < hi and classes[image[q]] & SPACE:
                return d, q
    elif b == ELLIPSIS:
        q = _closers_end(image, p + 1, hi, classes)
        if q < hi and classes[image[q]] & SPACE:
            return p + 1, q
        return -1, -1
    elif not classes[b] & MARK:
        return -1, -1
    r = _mark_run(image, p, hi, classes)
    q = _closers_end(image, r, hi, classes)
    if q < hi and classes[image[q]] & SPACE:
        return r, q
    return -1, -1


@jit
def _ends(image, lo, hi, ms, mark_end, me, after, begun, classes, lower_bytes, abbr, starters):  # noqa: C901 (compiled loop)
    """Whether the mark at ``ms`` (to ``mark_end``, with its closers to ``me``), followed by
    the word at ``after``, ends a sentence that began at ``begun``."""
    word_at = after
    while word_at < hi and classes[image[word_at]] & OPENER:
        word_at += 1
    if word_at >= hi or not classes[image[word_at]] & (UPPER | DIGIT):
        return False
    if mark_end - ms != 1 or image[ms] != 46:
        return True  # "?", "!", an ellipsis: the capital after it starts a sentence
    if me != mark_end:
        return True  # a full stop inside quotes or brackets: "... he said." She ...
    # The word before the mark, within 64 characters (a newline right before the mark is
    # stepped over, as a regular expression's "$" steps over a final newline).
    end = ms - 1 if ms > lo and image[ms - 1] == 10 else ms
    start = end
    while start > max(lo, ms - 64) and classes[image[start - 1]] & BEFORE:
        start -= 1
    n = end - start
    key = n
    while key > 0 and image[start + key - 1] == 46:
        key -= 1
    kind = _look_up(image, start, key, abbr[0], abbr[1], abbr[2], True, lower_bytes)
    if kind == 1:
        return False  # a title: never
    if n == 1 and classes[image[start]] & UPPER:
        return False  # an initial: George W. Bush
    dotted = n >= 3 and n % 2 == 1
    for k in range(n):
        if dotted and (k % 2 == 1) != (image[start + k] == 46):
            dotted = False
        if dotted and k % 2 == 0 and not classes[image[start + k]] & ALPHA:
            dotted = False
    if kind == 2 or dotted:
        e = word_at
        while e < hi and classes[image[e]] & NEXT:
            e += 1
        if e == word_at:
            return False
        found = _look_up(
            image, word_at, e - word_at, starters[0], starters[1], starters[2], False, lower_bytes
        )
        return found != 0
    if 1 <= n <= 2:
        digits = True
        for k in range(n):
            if not classes[image[start + k]] & DIGIT:
                digits = False
        if digits:
            for k in range(begun, start):
                if not classes[image[k]] & SPACE:
                    return True
            return False  # a numbered list item: "1. The first"
    return True


@jit
def may_end(image, classes):
    """How many bytes of ``image`` may end a sentence: line breaks and marks (``room``)."""
    n = 0
    for b in image:
        if b == 10 or b == ELLIPSIS or classes[b] & MARK:
            n += 1
    return n


@jit
def may_split(image):
    r"""Where ``image`` (the ASCII image of joined rows, ``engine.text``) holds a mark that may
    end a sentence: the start of each match of ``[.!?]["')\]' ]* ["'(\[ ]*[A-Z0-9]``, walked
    as its automaton of two states (in the closers, or past the space and in the openers).
    (By hand: Python's regular expressions hand each match to Python, 0.4 s on a million
    sentences.)"""
    n = len(image)
    out = np.empty(n // 3 + 1, dtype=np.int64)  # (a match is three bytes at least)
    k = 0
    for i in range(n):
        b = image[i]
        if b != 46 and b != 33 and b != 63:  # (. ! ?)
            continue
        closing, opening = True, False
        j = i + 1
        while j < n and (closing or opening):
            c = image[j]
            if opening and (65 <= c <= 90 or 48 <= c <= 57):  # (A-Z 0-9)
                out[k] = i
                k += 1
                break
            quote = c == 34 or c == 39 or c == 32  # (" ' and a space: both closing and opening)
            opening = (closing and c == 32) or (opening and (quote or c == 40 or c == 91))  # ( [
            closing = closing and (quote or c == 41 or c == 93)  # ) ]
            j += 1
    return out[:k].copy()


@jit
def _breaks(image, lo, hi, classes, out):
    """Where a line break ends a sentence in ``image[lo:hi]``: after a blank line, or after a
    line break before anything but a lower-case letter. Written into ``out``; their number."""
    k, i = 0, lo
    while i < hi:
        if image[i] != 10:
            i += 1
            continue
        j = i + 1
        while j < hi and classes[image[j]] & SPACE and image[j] != 10:
            j += 1
        blank = False
        if j < hi and image[j] == 10:
            blank = True
            j += 1
            while j < hi and classes[image[j]] & SPACE:
                j += 1
        if j < hi and (blank or not classes[image[j]] & LOWER):
            out[k] = j
            k += 1
        i = j
    return k


@jit
def sentence_cuts(image, los, his, classes, lower_bytes, abbr, starters, room):  # noqa: C901 (compiled loop)
    """The sentences of each document ``image[los[d]:his[d]]``: ``(documents, starts, ends)``
    as int64 arrays, positions in ``image``, no white space at either end; a document of white
    space only has none. ``room``: at least the line breaks plus the marks of the image."""
    breaks = np.empty(room + 1, dtype=np.int64)
    cuts = np.empty(room + 1, dtype=np.int64)
    docs = np.empty(room + len(los), dtype=np.int64)
    starts = np.empty(room + len(los), dtype=np.int64)
    ends = np.empty(room + len(los), dtype=np.int64)
    out = 0
    for d in range(len(los)):
        lo, hi = los[d], his[d]
        nb = _breaks(image, lo, hi, classes, breaks)
        nc, last, at, p = 0, lo, 0, lo
        while p < hi:
            if image[p] != ELLIPSIS and not classes[image[p]] & MARK:
                p += 1
                continue
            mark_end, me = _mark_at(image, p, hi, classes)
            if mark_end < 0:
                p += 1
                continue
            while at < nb and breaks[at] <= p:
                at += 1
            begun = max(last, breaks[at - 1] if at else lo)
            after = me
            while after < hi and classes[image[after]] & SPACE:
                after += 1
            if after < hi and _ends(
                image, lo, hi, p, mark_end, me, after, begun, classes, lower_bytes, abbr, starters
            ):
                cuts[nc] = after
                nc += 1
                last = after
            p = me
        # The cuts of both kinds in order, each once, then the end of the document.
        i, j, start = 0, 0, lo
        while True:
            if i < nb and (j >= nc or breaks[i] <= cuts[j]):
                cut = breaks[i]
                if j < nc and cuts[j] == cut:
                    j += 1
                i += 1
            elif j < nc:
                cut = cuts[j]
                j += 1
            else:
                cut = hi
            a, b = start, cut
            while a < b and classes[image[a]] & SPACE:
                a += 1
            while b > a and classes[image[b - 1]] & SPACE:
                b -= 1
            if b > a:
                docs[out], starts[out], ends[out] = d, a, b
                out += 1
            start = cut
            if cut == hi:
                break
    return docs[:out], starts[:out], ends[:out]
