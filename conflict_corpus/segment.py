"""Stage 1b, segment: a document's text into sentences, with their offsets; its dateline and
byline set apart as the document's metadata.

``sentence_spans(text)`` returns ``(start, end)`` of every sentence, so that ``text[start:end]``
is the sentence (no whitespace at either end). It is a small set of rules, chosen by measurement
against the libraries on the package index (``benchmarks/segmenters.py``, on the hand-labelled
boundaries of ``data/evaluation/segmentation/``; the README has the table): the rules were at
least as accurate on news copy and much faster, and their knowledge of abbreviations is two
small files a researcher can read and extend (``data/abbreviations.csv``,
``data/sentence_starters.txt``). The rules, in order:

- a blank line ends a sentence, and so does a line break before anything but a lower-case
  letter (a headline, a byline, a list item, a new paragraph; a line wrapped mid-sentence goes
  on in lower case);
- ``.``, ``!``, ``?``, ``...`` or ``…``, with any closing quotes and brackets after them, then
  white space, end a sentence when the next word (past any opening quote or bracket) starts
  with a capital letter or a digit, except after
  - a title (``Gen.``, ``Lt. Col.``, ``Mr.``, ``No.``: ``data/abbreviations.csv``, kind
    ``title``) or an initial (``George W. Bush``): never;
  - an ambiguous abbreviation (``U.S.``, ``a.m.``, ``Sept.``, ``Inc.``) or any word of letters
    and dots (``U.N.``): only when the next word starts sentences
    (``data/sentence_starters.txt``: "the U.S. He said" ends, "the U.S. Army" does not);
  - a number of one or two digits that begins its sentence (a numbered list: ``1. The
    first``).

The rules run as one compiled pass over all the documents of a corpus
(``engine.sentences``); ``tests/segment_reference.py`` writes them plainly, one regular
expression per mark, and a test checks that the two split every text alike.

``leading_lines(text)`` finds a dateline (``NAJAF, Iraq (Reuters) -``, ``BAGHDAD (AP) —``) and a
byline (``By Jane Doe``) at the start of a document, which the loader keeps as the document's
``dateline`` and ``byline`` instead of the text of its first sentence.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .engine.arrow import line_starts
from .engine.parallel import by_rows, default_threads
from .engine.sentences import (
    CLASSES,
    LOWER_BYTES,
    Words,
    may_end,
    may_split,
    segment_bytes,
    sentence_cuts,
)
from .engine.text import code_table, joined_text, utf8_code_points, utf8_rows
from .files import DATA, CorpusError, read_curated_csv, read_utf8

ABBREVIATIONS_FILE = DATA / "abbreviations.csv"
STARTERS_FILE = DATA / "sentence_starters.txt"
ABBREVIATION_KINDS = ("title", "ambiguous")

_DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]{1,40}[A-Z.]"  # NAJAF, BAGHDAD, SADR CITY, WASHINGTON
    r"(?:,[^\S\n]+[A-Z][\w .'’-]{1,30}?)?"  # , Iraq
    r"(?:[^\S\n]*\([^()\n]{1,40}\))?"  # (Reuters)
    # — or – or -- (spaced or not), or a hyphen with a space on either side: a hyphen between
    # two words joins them ("U.S.-led", "ANTI-WAR-protesters"), it does not end a dateline.
    r"(?:[^\S\n]*(?:[–—]{1,2}|--)|[^\S\n]+-|-(?=[^\S\n]))[^\S\n]*"
)
_BYLINE = re.compile(r"By[^\S\n]+[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,4}[^\S\n]*\n")


@functools.cache
def _abbreviations(path: Path = ABBREVIATIONS_FILE) -> dict[str, str]:
    rows = read_curated_csv(path, ("abbreviation", "kind"))
    found = {}
    for row in rows:
        if row["kind"] not in ABBREVIATION_KINDS:
            raise CorpusError(
                f"{path}: line {row['_line']}: kind {row['kind']!r} is not one of "
                f"{list(ABBREVIATION_KINDS)}; fix the row."
            )
        found[row["abbreviation"].strip().lower().rstrip(".")] = row["kind"]
    return found


@functools.cache
def _starters(path: Path = STARTERS_FILE) -> frozenset[str]:
    words = [w.strip() for w in read_utf8(path).split("\n")]
    return frozenset(w for w in words if w and not w.startswith("#"))


def load_starters(path: str | Path | None = None) -> frozenset[str]:
    """``data/sentence_starters.txt`` (or ``path``): the words that start a sentence after an
    ambiguous abbreviation."""
    return _starters(Path(path) if path is not None else STARTERS_FILE)


def load_abbreviations(path: str | Path | None = None) -> dict[str, str]:
    """``data/abbreviations.csv`` (or ``path``): abbreviation (lower case, no last dot) ->
    ``title`` or ``ambiguous``."""
    return dict(_abbreviations(Path(path) if path is not None else ABBREVIATIONS_FILE))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as ``(start, end)`` offsets (see the module's rules); a text
    of white space only has none. Linear in the length of the text."""
    documents, starts, ends = document_spans([text], [0])
    return list(zip(starts.tolist(), ends.tolist()))


def document_spans(texts: list[str], bodies: list[int]):
    """The sentences of every text of ``texts`` from offset ``bodies[k]`` of text k on (after
    its dateline): ``(documents, starts, ends)`` as int64 arrays, the text each sentence is in
    and its offsets in that text, in one compiled pass over all of them
    (``engine.sentences``)."""
    image = np.frombuffer(b"\x00".join(map(segment_bytes, texts)), dtype=np.uint8)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    offsets = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
    documents, starts, ends = sentence_cuts(
        image,
        offsets + np.asarray(bodies, dtype=np.int64),
        offsets + lengths,
        CLASSES,
        LOWER_BYTES,
        *_looked_up(),
        may_end(image, CLASSES),  # room for every cut: the line breaks and the marks
    )
    return documents, starts - offsets[documents], ends - offsets[documents]


def buffer_spans(buf, byte_starts, byte_ends, lengths, bodies):
    """``document_spans`` of documents held as UTF-8 bytes, ``buf[byte_starts[k]:byte_ends[k]]``
    (an Arrow column's own buffer), ``lengths[k]`` characters each: the same ``(documents,
    starts, ends)``, character offsets, without a Python string a document. A document of one
    byte a character is split in place (its bytes are its image); the others' image is
    decoded from their bytes, one byte a character, by a table of the code points they hold.
    """
    bodies = np.asarray(bodies, dtype=np.int64)
    plain = np.flatnonzero(byte_ends - byte_starts == lengths)
    found, starts, ends = _split_image(
        buf, byte_starts[plain], byte_starts[plain] + bodies[plain], byte_ends[plain]
    )
    found = plain[found]
    other = np.flatnonzero(byte_ends - byte_starts != lengths)
    if other.size:
        image, at = _decoded_image(buf, byte_starts[other], byte_ends[other], lengths[other])
        more, more_starts, more_ends = _split_image(
            image, at, at + bodies[other], at + lengths[other]
        )
        found = np.concatenate([found, other[more]])
        order = np.argsort(found, kind="stable")
        found = found[order]
        starts = np.concatenate([starts, more_starts])[order]
        ends = np.concatenate([ends, more_ends])[order]
    return found, starts, ends


def _split_image(image, at, los, his):
    """The sentences of the documents ``image[los[k]:his[k]]`` of a segmenter's image, each
    document beginning at ``at[k]``: ``(k, start, end)`` arrays, offsets from ``at[k]``. One
    slice of the documents per thread, at once (each document is split alone)."""
    looked_up = _looked_up()

    def split(a, b):
        part = np.arange(a, b, dtype=np.int64)
        if not part.size:
            return part, part, part
        lo, hi = los[part], his[part]
        room = may_end(image[lo.min() : hi.max()], CLASSES)  # (the bytes of these documents)
        found, starts, ends = sentence_cuts(image, lo, hi, CLASSES, LOWER_BYTES, *looked_up, room)
        return part[found], starts - at[part[found]], ends - at[part[found]]

    parts = default_threads().by_slices(split, len(los), least=1)
    return tuple(np.concatenate(column) for column in zip(*parts))


def _decoded_image(buf, byte_starts, byte_ends, lengths):
    """The segmenter's image (``segment_bytes``) of the UTF-8 documents
    ``buf[byte_starts[k]:byte_ends[k]]``, one after another with a newline between, and where
    each begins in it."""
    points = np.flatnonzero(utf8_code_points(buf, byte_starts, byte_ends))
    table = code_table(points, lambda code: segment_bytes(chr(code))[0])
    at = line_starts(lengths)
    image = np.empty(int(at[-1] + lengths[-1]) if len(at) else 0, dtype=np.uint8)
    by_rows(utf8_rows, buf, byte_starts, byte_ends, at, table, image, sliced=3)
    return image, at


@functools.cache
def _looked_up() -> tuple[tuple, tuple]:
    """The abbreviations (1: a title, 2: ambiguous) and the sentence starters, as the compiled
    pass looks them up."""
    abbreviations = Words({k: ABBREVIATION_KINDS.index(v) + 1 for k, v in _abbreviations().items()})
    starters = Words(dict.fromkeys(_starters(), 1))
    return (
        (abbreviations.keys, abbreviations.lengths, abbreviations.values),
        (starters.keys, starters.lengths, starters.values),
    )


def _next_word(text: str, at: int) -> int:
    """Where the next word starts after ``at`` (past white space)."""
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def leading_lines(text: str) -> tuple[str | None, str | None, int]:
    """``(dateline, byline, body)``: a byline line (``By Jane Doe``) and a dateline
    (``NAJAF, Iraq (Reuters) -``) at the start of ``text`` (None where there is none, each
    without its surrounding white space), and the offset where the body begins."""
    at = _next_word(text, 0)
    byline = None
    found = _BYLINE.match(text, at)
    if found:
        byline = found.group(0).strip()
        at = _next_word(text, found.end())
    dateline = None
    found = _DATELINE.match(text, at)
    if found and found.end() < len(text):
        dateline = found.group(0).strip()
        at = _next_word(text, found.end())
    return dateline, byline, at


# A row that may hold a sentence end before its last word: a mark, any closing quotes and
# brackets, white space, an opening quote or bracket, a capital or a digit; or a line break
# inside it. Found in one compiled scan of the ASCII image of the joined rows
# (``engine.sentences.may_split``; the image of ``engine.text``: one byte a character, curly
# quotes and other white space folded to a space, so the pattern takes the space among the
# quotes and brackets, and finds every row the rules above may split, and a few more); then
# only those rows are split, in one compiled pass (on a million one-sentence lines of the
# benchmark, 58,000 rows: 0.3 s to pick them, 0.1 s to split; a regular expression on each
# row took 2.2 s to pick).


def multi_sentence_rows(texts) -> int:
    """How many of ``texts`` (a text column) hold more than one sentence by
    ``sentence_spans``: rows a corpus read a line at a time counts as one unit each."""
    texts = pd.Series(texts)
    if texts.empty:
        return 0
    joined = joined_text(texts)
    image = joined.image
    marks = may_split(image)
    newlines = image == ord("\n")
    newlines[joined.ends[joined.ends < image.size]] = False  # (not those that join the rows)
    breaks = np.flatnonzero(newlines)
    maybe = np.unique(joined.row_of(np.concatenate([marks, breaks])))
    if maybe.size == 0:
        return 0
    # Only those rows are split, all of them in one compiled pass.
    documents, _, _ = document_spans(texts.iloc[maybe].tolist(), [0] * maybe.size)
    return int((np.bincount(documents, minlength=maybe.size) > 1).sum())
