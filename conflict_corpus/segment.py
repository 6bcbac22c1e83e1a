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

``leading_lines(text)`` finds a dateline (``NAJAF, Iraq (Reuters) -``, ``BAGHDAD (AP) —``) and a
byline (``By Jane Doe``) at the start of a document, which the loader keeps as the document's
``dateline`` and ``byline`` instead of the text of its first sentence.
"""

from __future__ import annotations

import bisect
import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .engine.text import joined_text
from .files import DATA, CorpusError, read_curated_csv, read_utf8

ABBREVIATIONS_FILE = DATA / "abbreviations.csv"
STARTERS_FILE = DATA / "sentence_starters.txt"
ABBREVIATION_KINDS = ("title", "ambiguous")

# A sentence-final mark: dots (one, or an ellipsis of three or more), "!" or "?" (in any run),
# the ellipsis character, then any closing quotes or brackets; white space must follow.
_END = re.compile(r"(?:\.{3,}|…|[.!?]+)[\"'”’)\]]*(?=\s)")
_LINE_BREAK = re.compile(r"\n[^\S\n]*(\n\s*)?")
_OPENING = "\"'“‘([«"
# The word before a full stop: letters, dots, apostrophes and hyphens back to white space or an
# opening bracket or quote.
_WORD_BEFORE = re.compile(r"[\w.'’-]+$")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.S, a.m, U.N (the last dot is the mark)
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


def load_abbreviations(path: str | Path | None = None) -> dict[str, str]:
    """``data/abbreviations.csv`` (or ``path``): abbreviation (lower case, no last dot) ->
    ``title`` or ``ambiguous``."""
    return dict(_abbreviations(Path(path) if path is not None else ABBREVIATIONS_FILE))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as ``(start, end)`` offsets (see the module's rules); a text
    of white space only has none. Linear in the length of the text."""
    abbreviations, starters = _abbreviations(), _starters()
    breaks = []
    for match in _LINE_BREAK.finditer(text):
        after = match.end()
        if after < len(text) and (match.group(1) is not None or not text[after].islower()):
            breaks.append(after)
    cuts, last = set(breaks), 0
    for match in _END.finditer(text):
        # Where the sentence holding this mark began: the last cut before it.
        at = bisect.bisect_right(breaks, match.start())
        begun = max(last, breaks[at - 1] if at else 0)
        after = _next_word(text, match.end())
        if after < len(text) and _ends(text, match, after, begun, abbreviations, starters):
            cuts.add(after)
            last = after
    spans, start = [], 0
    for cut in sorted(cuts) + [len(text)]:
        piece = text[start:cut]
        stripped = piece.strip()
        if stripped:
            first = start + len(piece) - len(piece.lstrip())
            spans.append((first, first + len(stripped)))
        start = cut
    return spans


_NEXT_WORD = re.compile(r"[\w'’]+")
_NOT_SPACE = re.compile(r"\S")


def _next_word(text: str, at: int) -> int:
    """Where the next word starts after ``at`` (past white space)."""
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _ends(text: str, match: re.Match, after: int, begun: int, abbreviations, starters) -> bool:
    """Whether the mark ``match``, followed by the word at ``after``, ends a sentence that
    began at ``begun``."""
    word_at = after
    while word_at < len(text) and text[word_at] in _OPENING:
        word_at += 1
    if word_at >= len(text):
        return False
    first = text[word_at]
    if not (first.isupper() or first.isdigit()):
        return False
    mark = match.group(0).rstrip("\"'”’)]")
    if mark not in (".",):
        return True  # "?", "!", an ellipsis: the capital after it starts a sentence
    if match.group(0) != mark:
        return True  # a full stop inside quotes or brackets: "... he said." She ...
    # (Looked for in the 64 characters before the mark: a search from the text's start would
    # read a long document again for every full stop.)
    before = _WORD_BEFORE.search(text, max(0, match.start() - 64), match.start())
    word = before.group(0) if before else ""
    key = word.lower().rstrip(".")
    kind = abbreviations.get(key)
    if kind == "title":
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial: George W. Bush
    if kind == "ambiguous" or _DOTTED.fullmatch(word):
        # (Matched in place: a copy of the text after every such mark would read a long
        # document again for each "U.S.".)
        next_word = _NEXT_WORD.match(text, word_at)
        return bool(next_word) and next_word.group(0) in starters
    if word.isdigit() and len(word) <= 2 and not _NOT_SPACE.search(text, begun, before.start()):
        return False  # a numbered list item: "1. The first"
    return True


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
# inside it. Found in one scan of the ASCII image of the joined rows (``engine.text``: one byte
# a character, curly quotes and other white space folded to a space, so the pattern takes the
# space among the quotes and brackets, and finds every row the rules above may split, and a few
# more); then only those rows are split (on a million one-sentence lines of the benchmark,
# 58,000 rows: 0.3 s to pick them, 2 s to split; a regular expression on each row took 2.2 s
# to pick).
_MAY_SPLIT = re.compile(rb"[.!?][\"')\]' ]* [\"'(\[ ]*[A-Z0-9]")


def multi_sentence_rows(texts) -> int:
    """How many of ``texts`` (a text column) hold more than one sentence by
    ``sentence_spans``: rows a corpus read a line at a time counts as one unit each."""
    texts = pd.Series(texts)
    if texts.empty:
        return 0
    joined = joined_text(texts)
    image = joined.image
    marks = np.fromiter((m.start() for m in _MAY_SPLIT.finditer(image.data)), dtype=np.int64)
    breaks = np.flatnonzero(image == ord("\n"))
    breaks = breaks[~np.isin(breaks, joined.ends)]  # (not the newlines that join the rows)
    maybe = np.unique(joined.row_of(np.concatenate([marks, breaks])))
    return sum(len(sentence_spans(t)) > 1 for t in texts.iloc[maybe].tolist())
