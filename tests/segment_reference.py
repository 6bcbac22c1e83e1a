"""The sentence segmenter's rules written plainly in Python, one regular expression per mark:
the reference the compiled pass (``conflict_corpus.engine.sentences``) is compared with."""

import bisect
import re

from conflict_corpus.segment import load_abbreviations, load_starters

_END = re.compile(r"(?:\.{3,}|…|[.!?]+)[\"'”’)\]]*(?=\s)")
_LINE_BREAK = re.compile(r"\n[^\S\n]*(\n\s*)?")
_OPENING = "\"'“‘([«"
_WORD_BEFORE = re.compile(r"[\w.'’-]+$")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    abbreviations, starters = load_abbreviations(), load_starters()
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
