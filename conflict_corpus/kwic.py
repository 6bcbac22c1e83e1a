"""Stage 6, KWIC: keyword-in-context lines for a word, a phrase or a regular expression."""

from __future__ import annotations

import array
import itertools
import re

import numpy as np
import pandas as pd

from .checks import check_count, check_spans, check_table, check_text
from .engine.arrow import arrow_strings
from .engine.dfa import Dfa, alt, byte_set, frame_scan, literal, one_of, repeat, seq
from .engine.image import IS_WORD, LOWER, ascii_image
from .engine.parallel import by_rows, in_parallel
from .engine.text import JoinedText, joined_text
from .engine.windows import WHITESPACE, context_bounds
from .load import columns_frame
from .markup import html_table, stance_label, text_cell


class TextIndex:
    """The rows of a corpus joined once (a JoinedText, shared with the matchers when they ran
    on the same rows), for repeated queries: the explorer builds one, and counting a query and
    then showing its first lines is a single scan."""

    def __init__(self, corpus: pd.DataFrame):
        self.text = joined_text(corpus["text"])
        self.offsets = self.text.starts
        self._last: tuple = (None, None)

    @property
    def texts(self) -> list[str]:
        return self.text.texts

    @property
    def joined(self) -> str:
        """The rows joined by newlines, built only for the rare query that needs Python's
        regex on the text itself (a million rows joined hold another 200 MB)."""
        return "\n".join(self.texts)

    def spans(self, words: tuple[bytes, ...]) -> tuple[np.ndarray, np.ndarray]:
        """(starts, ends) in the joined text of the whole-word matches of a phrase (its
        ``words`` on the lower-cased image, see _plain_pattern), in text order."""
        if self._last[0] != words:  # the explorer counts, then shows: one scan for both
            # The words with runs of spaces between them, or none (dashes are spaces in the
            # image), each word also split in two (see COMPOUND_PART).
            space = one_of(byte_set(b" "))
            between = repeat(space, 0)
            forms = [
                alt(
                    literal(w), *(seq(literal(a), space, literal(b)) for a, b in compound_splits(w))
                )
                for w in words
            ]
            phrase = seq(*[x for form in forms for x in (between, form)][1:])
            none = Dfa([])  # a phrase has no unless pattern
            found = in_parallel(
                frame_scan,
                self.text.image,
                *Dfa([phrase]).args(),
                *none.args()[:4],
                np.full(1, -1, dtype=np.int64),
                IS_WORD,
            )
            self._last = (words, found[:2])
        return self._last[1]


def kwic(
    corpus: pd.DataFrame,
    query: str,
    window: int = 5,
    regex: bool = False,
    limit: int | None = None,
    index: TextIndex | None = None,
) -> pd.DataFrame:
    """Keyword in context: one row per match of ``query`` in ``corpus``, in text order.

    ``query`` is a word or phrase (whole words, any case; spaces and hyphens interchangeable, and
    a compound found closed, hyphenated or spaced: see ``COMPOUND_PART``) or,
    with ``regex=True``, a regular expression in RE2 syntax (any case, searched in each row on
    its own, in time linear in the text; see ``regex`` and ``MAX_REGEX_MATCHES``). Returns
    ``sentence_id``, ``left``, ``match``, ``right``, ``start``, ``end``, and the row's
    ``source`` and ``date`` where the corpus has them (``KWIC_METADATA``); ``left``/``right`` hold
    up to ``window`` whitespace-separated words of the same row. ``limit`` keeps only the first
    matches (the explorer shows 40 of them and counts the rest with ``kwic_count``). AntConc's
    sort by the words around the match: ``sort_kwic``.
    """
    check_table("kwic", "corpus", corpus, ("sentence_id", "text"), "load_corpus")
    check_query("kwic", query, regex)
    window = check_count("kwic", "window", window)
    limit = check_count("kwic", "limit", limit, none_ok=True)
    index = index or TextIndex(corpus)
    which, starts, ends = _query_spans(index, query, regex, limit)
    return _contexts(corpus, index.text, which, starts, ends, window)


def kwic_count(
    corpus: pd.DataFrame, query: str, regex: bool = False, index: TextIndex | None = None
) -> tuple[int, int]:
    """(matches, rows) of ``query`` as ``kwic`` finds it, without building the context."""
    check_table("kwic_count", "corpus", corpus, ("sentence_id", "text"), "load_corpus")
    check_query("kwic_count", query, regex)
    index = index or TextIndex(corpus)
    if regex:  # counted without keeping a span
        return _regex_spans(index, query, 0)[3:]
    which, _, _ = _query_spans(index, query, regex)
    return len(which), len(np.unique(which))


# Compounds: a word of a word or phrase query also matches it split in two by a hyphen or a
# space ("ceasefire": "cease-fire", "cease fire"), and the words of a phrase also match closed up
# ("cease fire": "ceasefire"), as news spells the same compound all three ways. A part has at
# least this many characters, so that a short word does not match two others ("into" is not
# "in to", "maybe" not "may be").
COMPOUND_PART = 3


def compound_splits(word):
    """The ways ``word`` (str or bytes) splits in two parts of at least ``COMPOUND_PART``
    characters each."""
    return [(word[:k], word[k:]) for k in range(COMPOUND_PART, len(word) - COMPOUND_PART + 1)]


def _plain_pattern(query: str) -> tuple[bytes, ...] | None:
    """The words of a word or phrase query on the lower-cased ASCII image, or None when
    the query holds punctuation or another script (then Python's regex reads the text)."""
    words = [w for w in re.split(r"[\s-]+", query.strip()) if w]
    if not words:
        raise ValueError("kwic: the query is empty")
    folded = tuple(ascii_image(w).translate(LOWER) for w in words)
    if not all(re.fullmatch(rb"[a-z0-9]+", w) for w in folded):
        return None
    # Dashes and spaces are both spaces in the image and diacritics are folded. (The scan
    # puts word boundaries around the whole match.)
    return folded


# Regular expressions run on RE2 (google-re2), whose matching time is linear in the text:
# a pattern such as (a+)+$ that makes a backtracking engine (Python's re) run for hours on a
# short line costs RE2 one pass. RE2 has no backreferences or lookaround, the constructs that
# need backtracking; such a pattern is refused with a message that says so.
REGEX_MAX_MEM = 64 << 20  # bytes RE2 may use for one compiled pattern (a huge {n} is refused)
# Matches a regular-expression query may have before it is refused as too broad: each match
# costs a few microseconds of Python, so this bounds a query at a few seconds (a pattern like
# "." over a million sentences has 130 million matches). Word and phrase queries run compiled
# and have no such bound.
MAX_REGEX_MATCHES = 2_000_000
# The most words a word or phrase query may have: a concordance looks for a phrase, and each
# word of the query is a state of the compiled scan (100,000 words took 4.4 GB).
MAX_PHRASE_WORDS = 100
# The longest regular expression (in characters) RE2 is given.
MAX_REGEX_CHARACTERS = 10_000


def check_query(function: str, query, regex: bool) -> str:
    """A KWIC query as text, within the bounds: at most ``MAX_PHRASE_WORDS`` words for a word
    or phrase, ``MAX_REGEX_CHARACTERS`` characters for a regular expression."""
    check_text(function, "query", query)
    if regex and len(query) > MAX_REGEX_CHARACTERS:
        raise ValueError(
            f"{function}: the regular expression is {len(query):,} characters long; at most "
            f"{MAX_REGEX_CHARACTERS:,} are searched"
        )
    words = len(query.split())
    if not regex and words > MAX_PHRASE_WORDS:
        raise ValueError(
            f"{function}: the phrase has {words:,} words; a concordance looks for at most "
            f"{MAX_PHRASE_WORDS} (search a shorter, distinctive part of it)"
        )
    return query


def regex(query: str):
    """``query`` compiled by RE2 (any case), or a ValueError that says why it cannot be."""
    import re2

    if re.search(r"(?<!\\)(?:\\\\)*\\C", query):
        raise ValueError(
            f"kwic: {query!r} uses \\C (any byte), which can stop inside a character of "
            f"non-English text; use . (any character)"
        )
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    options.max_mem = REGEX_MAX_MEM
    try:
        compiled = re2.compile(query.encode("utf-8"), options)
    except re2.error as err:
        reason = err.args[0].decode("utf-8", "replace") if err.args else str(err)
        raise ValueError(
            f"kwic: cannot use {query!r} as a regular expression: {reason}. Patterns use RE2 "
            f"syntax: no backreferences or lookaround (they can take time exponential in the "
            f"text), repeats up to {{1000}}, \\w and \\b ASCII."
        ) from None
    if compiled.search(b"") is not None:
        raise ValueError(
            f"kwic: {query!r} matches the empty string, so every position of every sentence "
            f"would be a match; ask for at least one character (x+ rather than x*)"
        )
    return compiled


def _regex_spans(index: TextIndex, query: str, limit: int | None):
    """(rows, starts, ends, matches, rows matched) of a regular expression: the first
    ``limit`` non-empty matches as int64 arrays (offsets in characters) and the exact counts of
    all of them. Each row is searched as if on its own, as its UTF-8 bytes straight from the
    joined text. Refused beyond ``MAX_REGEX_MATCHES`` matches, so the time stays bounded; only
    the kept matches take memory."""
    compiled = regex(query)
    text = index.text
    found = _joined_matches(compiled, query, text)
    if found is None:
        rows, lo, hi, matches, matched = _row_matches(compiled, query, text, limit)
    else:
        rows, lo, hi = found
        matches, matched = len(rows), len(np.unique(rows))
        rows, lo, hi = rows[:limit], lo[:limit], hi[:limit]
    starts, ends = lo - text.byte_starts[rows], hi - text.byte_starts[rows]
    wide = np.flatnonzero(
        (text.byte_ends - text.byte_starts)[rows] != (text.ends - text.starts)[rows]
    )
    if len(wide):
        buf = memoryview(text.buf)
        for row in np.unique(rows[wide]).tolist():
            # (The matches are in corpus order: a row's are one run of them.)
            here = slice(*np.searchsorted(rows, [row, row + 1]).tolist())
            raw = bytes(buf[text.byte_starts[row] : text.byte_ends[row]])
            spans = _character_spans(raw, list(zip(starts[here].tolist(), ends[here].tolist())))
            starts[here], ends[here] = np.array(spans, dtype=np.int64).T
    return rows, starts, ends, matches, matched


def _joined_matches(compiled, query: str, text):
    """(rows, byte starts, byte ends) of every match, found in one scan of the text from the
    first row to the last, or None where that scan could differ from searching each row on
    its own: rows out of order, a pattern with an anchor (``^``, ``$``, ``\\A``, ``\\z``: a
    row's ends are not the text's), a match that crosses a row's end or runs from the text
    between the rows into one, or an empty match in a row (those count against the bound row
    by row). Matches in the text between the rows (rows of the corpus left out) are not the
    rows'. (A loop over the rows costs a second per million rows; over the matches, only what
    they number. ``\\b`` is the same either way: the rows of the text are joined by a newline,
    no word character, as the end of a row searched alone is none.)"""
    starts, ends = text.byte_starts, text.byte_ends
    if not len(starts):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    if re.search(r"[$^]|\\[Az]", query) or (np.diff(starts) <= 0).any():
        return None
    first, last = int(starts[0]), int(ends[-1])
    found = array.array("q")  # (16 bytes a match: at most 32 MB within the bound)
    scan = compiled.finditer(memoryview(text.buf)[first:last])
    for match in itertools.islice(scan, MAX_REGEX_MATCHES + 1):
        found.extend(match.span())
    spans = np.frombuffer(found, dtype=np.int64).reshape(-1, 2) + first
    if len(spans) > MAX_REGEX_MATCHES:
        return None
    lo, hi = spans[:, 0], spans[:, 1]
    rows = np.searchsorted(starts, lo, side="right") - 1
    inside = (lo < ends[rows]) | (hi == ends[rows])
    following = np.append(starts[1:], last)[rows]
    if (inside & ((hi > ends[rows]) | (hi == lo))).any() or (~inside & (hi > following)).any():
        return None
    return rows[inside], lo[inside], hi[inside]


def _row_matches(compiled, query: str, text, limit: int | None):
    """(rows, byte starts, byte ends) of the first ``limit`` matches, and the counts of all
    (matches, rows matched), each row searched on its own; a ValueError beyond
    ``MAX_REGEX_MATCHES`` matches, empty ones included. Only the kept matches take memory."""
    buf = memoryview(text.buf)
    byte_starts, byte_ends = text.byte_starts.tolist(), text.byte_ends.tolist()
    kept: list[tuple[int, int, int]] = []
    matches = matched = empty = 0
    for row, (lo, hi) in enumerate(zip(byte_starts, byte_ends)):
        # Every match counts against the bound, an empty one (at a word boundary, say) too: a
        # pattern that matches nothing but empty strings would otherwise loop without bound.
        budget = MAX_REGEX_MATCHES - matches - empty + 1
        found = list(itertools.islice(compiled.finditer(buf[lo:hi]), budget))
        spans = [m.span() for m in found if m.end() > m.start()]
        empty += len(found) - len(spans)
        matches, matched = matches + len(spans), matched + bool(spans)
        if matches + empty > MAX_REGEX_MATCHES:
            raise ValueError(
                f"kwic: {query!r} matches more than {MAX_REGEX_MATCHES:,} times (by row "
                f"{row + 1:,} of {len(byte_starts):,}); narrow the pattern (whole words: "
                f"\\bword\\b) or search for a word or phrase, which has no such bound."
            )
        room = len(spans) if limit is None else limit - len(kept)
        kept.extend((row, lo + a, lo + b) for a, b in spans[: max(room, 0)])
    found = np.array(kept, dtype=np.int64).reshape(-1, 3)
    return found[:, 0], found[:, 1], found[:, 2], matches, matched


def _character_spans(raw: bytes, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Byte spans of one UTF-8 row as character spans, in one pass over the row (the spans are
    in order and do not overlap, so each byte is decoded once)."""
    done_bytes = done_chars = 0
    converted = []
    for a, b in spans:
        done_chars += len(raw[done_bytes:a].decode("utf-8", "surrogatepass"))
        start = done_chars
        done_chars += len(raw[a:b].decode("utf-8", "surrogatepass"))
        done_bytes = b
        converted.append((start, done_chars))
    return converted


def _query_spans(index: TextIndex, query: str, regex: bool, limit: int | None = None):
    """(rows, starts, ends) of the non-empty matches of a KWIC query (the first ``limit``), as
    int64 arrays; starts and ends are offsets in the row's text."""
    if regex:
        return _regex_spans(index, query, limit)[:3]
    pattern = _plain_pattern(query)
    if pattern is not None:
        # A word or phrase: one compiled scan of the image of all rows (any case).
        starts, ends = (a[:limit] for a in index.spans(pattern))
    else:
        # Punctuation or another script in the query: Python's regex on the text itself.
        # Separators never include a newline, so one scan of the joined rows cannot cross a row.
        words = [w for w in re.split(r"[\s-]+", query.strip()) if w]
        forms = [
            "(?:"
            + "|".join(
                [re.escape(w)]
                + [f"{re.escape(a)}(?:[^\\S\\n]|-){re.escape(b)}" for a, b in compound_splits(w)]
            )
            + ")"
            for w in words
        ]
        compiled = re.compile(r"(?<!\w)" + r"(?:[^\S\n]|-)*".join(forms) + r"(?!\w)", re.IGNORECASE)
        found = np.array(
            [m.span() for m in itertools.islice(compiled.finditer(index.joined), limit)],
            dtype=np.int64,
        ).reshape(-1, 2)
        starts, ends = found[:, 0], found[:, 1]
    which = index.text.row_of(starts)
    offsets = index.offsets[which]
    return which, starts - offsets, ends - offsets


def in_context(corpus: pd.DataFrame, spans: pd.DataFrame, window: int = 5) -> pd.DataFrame:
    """KWIC lines for given spans (``sentence_id``, ``start``, ``end``: entity mentions, frame
    matches or query matches). Returns ``sentence_id``, ``left``, ``match``, ``right``,
    ``start``, ``end``, with ``left``/``right`` cut to ``window`` words of the row."""
    check_table("in_context", "corpus", corpus, ("sentence_id", "text"), "load_corpus")
    check_spans("in_context", spans)
    window = check_count("in_context", "window", window)
    position = pd.Index(corpus["sentence_id"]).get_indexer(spans["sentence_id"])
    if (position < 0).any():
        raise ValueError("in_context: a span names a sentence_id that is not in the corpus")
    return _contexts(
        corpus,
        joined_text(corpus["text"]),
        position,
        spans["start"].to_numpy(dtype=np.int64),
        spans["end"].to_numpy(dtype=np.int64),
        window,
    )


def _contexts(corpus, joined: JoinedText, which, starts, ends, window):
    """Left and right context of many spans at once (rows ``which`` of ``joined``; ``starts``
    and ``ends``: character offsets in the row).

    Context words are cut at whitespace (space, tab, newline, carriage return) and stripped
    as ``str.strip`` strips; all of it runs compiled on the UTF-8 bytes, and the three text
    columns are built as Arrow strings straight from those bytes (pandas' ``str`` dtype), so a
    query with half a million lines makes no Python string per line.
    """
    columns = ["sentence_id", "left", "match", "right", "start", "end"]
    if len(which) == 0:
        empty = pd.DataFrame(
            {
                c: pd.Series([], dtype="int64" if c in ("sentence_id", "start", "end") else "str")
                for c in columns
            }
        )
        return _with_metadata(empty, corpus, np.zeros(0, dtype=np.int64))
    which = np.asarray(which, dtype=np.int64)
    starts, ends = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
    row_start = joined.starts[which]
    a = joined.byte_offsets(row_start + starts, which)
    b = joined.byte_offsets(row_start + ends, which)
    bounds = by_rows(
        context_bounds,
        joined.buf,
        a,
        b,
        joined.byte_starts[which],
        joined.byte_offsets(joined.ends[which], which),
        window,
        WHITESPACE,
        sliced=4,
    )
    texts = [
        arrow_strings(joined.buf, lo, hi)
        for lo, hi in ((bounds[0], bounds[1]), (a, b), (bounds[2], bounds[3]))
    ]
    lines = columns_frame(
        {
            "sentence_id": corpus["sentence_id"].to_numpy()[which].astype("int64"),
            "left": texts[0],
            "match": texts[1],
            "right": texts[2],
            "start": starts,
            "end": ends,
        }
    )
    return _with_metadata(lines, corpus, which)


# The columns of the corpus a KWIC line carries, where the corpus has them: where and when the
# sentence was published, as a concordancer shows its file.
KWIC_METADATA = ("source", "date")


def _with_metadata(lines: pd.DataFrame, corpus: pd.DataFrame, which) -> pd.DataFrame:
    """``lines`` with the ``KWIC_METADATA`` columns of their rows (``which``) of ``corpus``."""
    if "source" in corpus.columns:
        # Objects, None where unknown, whatever the corpus's string dtype: the lines of two
        # parts of a corpus then add up to the whole's.
        values = corpus["source"].to_numpy(dtype=object)[which]
        lines["source"] = pd.Series(
            [v if isinstance(v, str) else None for v in values], dtype=object, index=lines.index
        )
    if "date" in corpus.columns:
        lines["date"] = pd.to_datetime(corpus["date"]).to_numpy()[which]
    return lines


KWIC_KEYS = ("L3", "L2", "L1", "R1", "R2", "R3")
_EDGE = re.compile(r"^\W+|\W+$")


def sort_kwic(lines: pd.DataFrame, *keys: str) -> pd.DataFrame:
    """KWIC lines sorted as AntConc sorts a concordance: by the word at each of ``keys`` in
    turn (``R1``, ``R2``, ``R3``: the first, second, third word right of the match; ``L1``,
    ``L2``, ``L3``: the first, second, third word left of it, counted outwards; default
    ``R1``), in lower case and without the punctuation at its edges (a comma alone is no word);
    a line with no word there sorts first, and lines alike keep their order."""
    check_table("sort_kwic", "lines", lines, ("left", "match", "right"), "kwic")
    keys = keys or ("R1",)
    unknown = [k for k in keys if k not in KWIC_KEYS]
    if unknown:
        raise ValueError(f"sort_kwic: unknown key(s) {unknown}; use any of {list(KWIC_KEYS)}")
    words = {}
    for key in keys:
        side, k = key[0], int(key[1])
        context = lines["right" if side == "R" else "left"].fillna("").astype(str).str.split()
        # The words of the context, punctuation alone ("," after the match) not one of them.
        context = [[x for x in (_EDGE.sub("", t).lower() for t in w) if x] for w in context]
        words[key] = [(w[k - 1] if side == "R" else w[-k]) if len(w) >= k else "" for w in context]
    order = pd.DataFrame(words).sort_values(list(keys), kind="stable").index
    return lines.iloc[order.to_numpy()].reset_index(drop=True)


def date_labels(dates: pd.Series, precision: pd.Series | None = None) -> pd.Series:
    """Dates as a reader reads them: ``2004-08-27``, or ``2008-03`` and ``2008`` where the
    date is known only to the month or the year (``date_precision``); blank where unknown."""
    dates = pd.to_datetime(pd.Series(dates).reset_index(drop=True), errors="coerce")
    out = dates.dt.strftime("%Y-%m-%d").astype(object)
    if precision is not None:
        precision = pd.Series(precision).reset_index(drop=True)
        out = out.where(precision != "month", dates.dt.strftime("%Y-%m"))
        out = out.where(precision != "year", dates.dt.strftime("%Y"))
    return out.where(dates.notna(), "")


def lines_shown(lines: pd.DataFrame, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """The columns of KWIC lines a reader sees: the line, ``extra``, then the lines' source and
    date where the corpus gives any (``KWIC_METADATA``), dates as ``date_labels`` writes them."""
    known = [c for c in KWIC_METADATA if c in lines.columns and lines[c].notna().any()]
    shown = lines[["sentence_id", "left", "match", "right", *extra, *known]]
    if "date" in known:
        shown = shown.assign(date=date_labels(shown["date"]).to_numpy())
    return shown


def show_kwic(table: pd.DataFrame, extra: tuple[str, ...] = ()):
    """A KWIC table rendered for reading: left context right-aligned against the bold match.

    Returns an IPython HTML object (not a pandas Styler, whose repr holds a memory address and
    whose CSS ids are random), so a rerun renders the same bytes. ``extra`` names further
    columns to show (e.g. ``("stance",)``), before the lines' ``source`` and ``date`` (shown
    where the corpus gives any); a missing value is blank."""
    from IPython.display import HTML

    shown = lines_shown(table, extra)
    if "stance" in shown.columns:
        shown = shown.assign(stance=shown["stance"].map(stance_label).astype(object))
    return HTML(
        html_table(
            shown,
            "kwic",
            text_cell,
            properties={
                "left": {"text-align": "right"},
                "match": {"font-weight": "bold", "text-align": "center"},
                "right": {"text-align": "left"},
            },
        )
    )


UNATTRIBUTED = "unattributed"  # the source of a sentence no line attributes


def spellings(sents: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """``kwic``'s matches with their ``spelling`` (the match lower-cased) and ``source`` (the
    sentence's, or ``UNATTRIBUTED``)."""
    check_table("spellings", "sents", sents, ("sentence_id", "source"), "load_corpus")
    check_table("spellings", "matches", matches, ("sentence_id", "match", "start"), "kwic")
    source = matches["sentence_id"].map(sents.set_index("sentence_id")["source"])
    return matches.assign(spelling=matches["match"].str.lower(), source=source.fillna(UNATTRIBUTED))


def spelling_forms(spelled: pd.DataFrame) -> pd.DataFrame:
    """Each spelling of ``spellings``' table with its ``count`` and where it first occurs
    (``sentence_id``, ``start``), most frequent first; a tie in the order they first occur.
    Counts of disjoint parts of a corpus add up to the whole's."""
    return ranked_forms(first_forms(spelled))


def first_forms(spelled: pd.DataFrame) -> pd.DataFrame:
    """``spelling_forms``' counts, by spelling, unranked: ``count``, and the ``sentence_id``
    and ``start`` of its first match (``spelled`` is in text order)."""
    grouped = spelled.groupby("spelling")
    return pd.DataFrame(
        {
            "count": grouped.size(),
            "sentence_id": grouped["sentence_id"].first(),
            "start": grouped["start"].first(),
        }
    )


def ranked_forms(forms: pd.DataFrame) -> pd.DataFrame:
    """``spelling_forms``' order: count (descending), then first occurrence."""
    order = forms.sort_values(
        ["count", "sentence_id", "start"], ascending=[False, True, True], kind="stable"
    )
    return order.rename_axis("spelling").reset_index()


def spelling_table(spelled: pd.DataFrame) -> pd.DataFrame:
    """Matches by source (rows) and spelling (columns) of ``spellings``' table; no rows when
    nothing matched. Counted by ``spelling_cells`` and finished by ``spelling_table_of``."""
    return spelling_table_of(spelling_cells(spelled))


def spelling_cells(spelled: pd.DataFrame) -> pd.Series:
    """Matches per (source, spelling): what ``spelling_table`` is finished from; the cells of
    two parts of a corpus add up."""
    return spelled.groupby(["source", "spelling"]).size()


def spelling_table_of(cells: pd.Series) -> pd.DataFrame:
    """``spelling_table`` from its (summed) cells."""
    if not len(cells):
        return pd.DataFrame()
    return cells.unstack("spelling", fill_value=0).rename_axis(columns=None)
