"""The rows of a corpus joined once, as the matchers read them (``JoinedText``)."""

from __future__ import annotations

import itertools
import threading

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from .arrow import chunk_key, column_segments, joined_lines, line_starts
from .image import ASCII, ASCII_BYTES, IS_WORD, SPACED, settle_ignorables
from .intern import Interner
from .jit import ascending, code_point_at, jit
from .parallel import by_rows, default_threads
from .tokens import Words, token_class


@jit
def utf8_code_points(buf, starts, ends):
    """Which non-ASCII code points occur in the UTF-8 rows ``buf[starts[j]:ends[j]]``: a bool
    array over all code points."""
    seen = np.zeros(0x110000, dtype=np.bool_)
    for j in range(len(starts)):
        i = starts[j]
        while i < ends[j]:
            if buf[i] < 0x80:
                i += 1
            else:
                cp, size = code_point_at(buf, i)
                seen[cp] = True
                i += size
    return seen


@jit
def utf8_rows(buf, byte_starts, byte_ends, char_starts, table, out):
    """One byte per character of UTF-8 rows, ``table[code point]``: row j's bytes
    ``buf[byte_starts[j]:byte_ends[j]]`` go to ``out`` from character ``char_starts[j]`` on,
    and ``table[10]`` (a newline) after it where ``out`` has room. Returns each row's
    character count."""
    counts = np.empty(len(byte_starts), dtype=np.int64)
    for j in range(len(byte_starts)):
        i, k = byte_starts[j], char_starts[j]
        while i < byte_ends[j]:
            b = buf[i]
            if b < 0x80:
                cp = np.int64(b)
                i += 1
            else:
                cp, size = code_point_at(buf, i)
                i += size
            out[k] = table[cp]
            k += 1
        counts[j] = k - char_starts[j]
        if k < len(out):
            out[k] = table[10]  # the newline after the row, in the joined text
    return counts


@jit
def _byte_offsets(buf, chars, rows, row_starts, byte_starts, row_ascii, order):
    """The byte offsets in UTF-8 ``buf`` of character offsets ``chars`` in rows ``rows``:
    arithmetic in an ASCII row, a walk in the others. The offsets are visited in ``order``
    (ascending offsets; empty: as given, which is then ascending), and the walk goes on from
    the previous offset of the same row instead of the row's start, so each byte of a row is
    walked once however many offsets it holds (a long row with one accent stays linear)."""
    out = np.empty(len(chars), dtype=np.int64)
    last_row, at_char, at_byte = -1, 0, 0
    for k in range(len(chars)):
        j = order[k] if len(order) else k
        r = rows[j]
        if row_ascii[r]:
            out[j] = byte_starts[r] + chars[j] - row_starts[r]
            continue
        if r != last_row or chars[j] < at_char:
            last_row, at_char, at_byte = r, row_starts[r], byte_starts[r]
        for _ in range(chars[j] - at_char):
            b = buf[at_byte]
            at_byte += 1 if b < 0x80 else (2 if b < 0xE0 else (3 if b < 0xF0 else 4))
        at_char = chars[j]
        out[j] = at_byte
    return out


_NO_ORDER = np.empty(0, dtype=np.int64)


def code_table(points: np.ndarray, byte_of) -> np.ndarray:
    """``byte_of(code point)`` for ASCII and for the code points ``points`` (ascending; those
    beyond ASCII a text holds, ``utf8_code_points``), as a lookup table for ``utf8_rows``."""
    table = np.zeros(int(points[-1]) + 1 if len(points) else 128, dtype=np.uint8)
    for code in itertools.chain(range(128), points.tolist()):
        table[code] = byte_of(code)
    return table


def utf8_offsets(buf, byte_starts, row_ascii, chars, rows) -> np.ndarray:
    """The byte offsets in UTF-8 ``buf`` of character offsets ``chars[j]`` into row
    ``rows[j]``, whose bytes begin at ``byte_starts[rows[j]]`` (``row_ascii``: the rows with
    one byte a character, where it is arithmetic). Linear when each row's offsets come
    ascending, its rows one after another."""
    chars = np.ascontiguousarray(chars, dtype=np.int64)
    rows = np.ascontiguousarray(rows, dtype=np.int64)
    first = np.zeros(len(byte_starts), dtype=np.int64)  # (offsets counted from each row's start)
    return _byte_offsets(buf, chars, rows, first, byte_starts, row_ascii, _NO_ORDER)


class JoinedText:
    """The rows of a corpus joined by newlines, as the matchers read them.

    ``image`` is the ASCII image of the joined text, one byte per character (see _AsciiTable),
    so an offset in ``image`` is a character offset in the joined text; ``starts``/``ends``
    hold where each row begins and ends there (from the rows' lengths, so a table cell that
    holds a newline stays one row). ``buf`` holds the rows' UTF-8 bytes, row r at
    ``byte_starts[r]:byte_ends[r]``: an Arrow column's own buffer, read in place, or the rows
    encoded and joined (then, if all ASCII, ``flat``: byte and character offsets agree).
    ``strings(starts, ends)`` turns many spans back into Python strings, one string per
    distinct text, not per span. Build it with ``joined_text(texts)``, which keeps the last
    one for the next step (see TextCache).
    """

    def __init__(
        self,
        texts: list[str] | None = None,
        segments: list[tuple] | None = None,
        source=None,
        key: tuple | None = None,
    ):
        """Give ``texts`` (strings, encoded here) or ``segments``: the rows' own UTF-8 bytes
        as (bytes, starts, ends) triples, in row order, one for each buffer (the chunks of an
        Arrow text column, see joined_text), with ``source``, the Arrow array they belong to
        (kept, so that its bytes stay, and read for ``texts`` only if asked), and ``key``,
        what identifies that array (see joined_text)."""
        self._texts, self.source, self.key = texts, source, key
        self._words: Words | None = None
        self._lock = threading.Lock()
        # Characters per row: Arrow's count of the column's code points (a missing text is an
        # empty row), else len().
        if segments is not None:
            lengths = pc.utf8_length(source).fill_null(0).to_numpy().astype(np.int64, copy=False)
        else:
            lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        self.starts = line_starts(lengths)
        self.ends = self.starts + lengths
        # The rows' bytes: an Arrow column's own buffer when all its rows are in one segment
        # (read in place: no copy of the text), else copied next to one another, newline
        # between.
        # Texts are encoded each on its own: joined first, the rows would make one str of up
        # to four bytes a character (slower to build and to encode). surrogatepass: a lone
        # surrogate (a JSON "\\ud800") is still one character, kept rather than raising.
        if segments is not None and len(segments) == 1:
            self.buf = segments[0][0]
            self.byte_starts = np.concatenate([seg[1] for seg in segments])
            self.byte_ends = np.concatenate([seg[2] for seg in segments])
        else:
            if segments is not None:
                self.buf = joined_lines(segments)
                byte_lengths = np.concatenate(
                    [seg[2] - seg[1] for seg in segments] + [np.zeros(0, dtype=np.int64)]
                )
            else:
                encoded = [t.encode("utf-8", "surrogatepass") for t in texts]
                byte_lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(texts))
                self.buf = np.frombuffer(b"\n".join(encoded), dtype=np.uint8)
                del encoded
            self.byte_starts = np.zeros(len(lengths), dtype=np.int64)
            np.cumsum(byte_lengths[:-1] + 1, out=self.byte_starts[1:])
            self.byte_ends = self.byte_starts + byte_lengths
        self.row_ascii = self.byte_ends - self.byte_starts == lengths
        # ``flat``: ``buf`` is the joined text itself, one byte a character (ASCII rows joined
        # by newlines), so a byte offset is a character offset.
        self.flat = (
            bool(self.row_ascii.all())
            and len(self.buf) == (self.ends[-1] if len(lengths) else 0)
            and bool((self.byte_starts == self.starts).all())
        )
        if self.flat:
            # bytes.translate runs in C; for ASCII text a byte is a character.
            image = self.buf.tobytes().translate(ASCII_BYTES)
            self.image = np.frombuffer(image, dtype=np.uint8)
            if bytes([SPACED]) in image:  # (a literal U+001E: rare; memchr finds it fast)
                self.image = self.image.copy()
                settle_ignorables(self.image, IS_WORD)
        else:
            # The distinct non-ASCII characters, looked for in the rows that hold any: only
            # these are looked up one by one.
            odd = np.flatnonzero(~self.row_ascii)
            self.points = np.flatnonzero(
                utf8_code_points(self.buf, self.byte_starts[odd], self.byte_ends[odd])
            )
            self.image = self._decode(lambda code: ASCII[code])
            if any(ASCII[code] == SPACED for code in self.points.tolist()):
                settle_ignorables(self.image, IS_WORD)  # invisible characters (see image.py)

    @property
    def texts(self) -> list[str]:
        """The rows as Python strings (from an Arrow column, made on first use: only a query
        that needs Python's own regex reads them; a missing text reads as "")."""
        if self._texts is None:
            self._texts = ["" if t is None else t for t in self.source.to_pylist()]
        return self._texts

    def _table(self, byte_of) -> np.ndarray:
        """``byte_of(code point)`` for every code point of the text, as a lookup table."""
        return code_table(self.points, byte_of)

    def _decode(self, byte_of, rows: np.ndarray | None = None) -> np.ndarray:
        """One byte per character of the joined text, ``byte_of(code point)``, for every row
        and the newlines between them, or for ``rows`` only (the other characters are then
        left unset). Rows are decoded on two slices at once."""
        table = self._table(byte_of)
        out = np.empty(int(self.ends[-1]) if len(self.ends) else 0, dtype=np.uint8)
        if rows is None:
            by_rows(
                utf8_rows,
                self.buf,
                self.byte_starts,
                self.byte_ends,
                self.starts,
                table,
                out,
                sliced=3,
            )
        else:
            by_rows(
                utf8_rows,
                self.buf,
                self.byte_starts[rows],
                self.byte_ends[rows],
                self.starts[rows],
                table,
                out,
                sliced=3,
            )
        return out

    def decoded(self, byte_of) -> np.ndarray:
        """A new array of one byte per character of the joined text: ``byte_of(code point)``
        of each character of the rows, and ``byte_of(10)`` for the newline between two."""
        if self.flat:  # (ASCII throughout: one lookup of 128 bytes)
            return np.array([byte_of(code) for code in range(128)], dtype=np.uint8)[self.buf]
        return self._decode(byte_of)

    def tokens(self, rows: np.ndarray | None = None) -> np.ndarray:
        """One byte per character for the tokenizer's compiled form (see token_class), of
        every row or only of ``rows`` (then the other rows' characters are left unset). Not
        kept: it is as large as the text, and the stance windows read only a few rows."""
        return self.buf if self.flat else self._decode(token_class, rows)

    def words(self) -> Words:
        """The word tokens of every row as numbers (built on first use, then kept)."""
        with self._lock:  # (tables counted on several threads read the same words)
            if self._words is None:
                self._words = Words(self)
        return self._words

    def row_of(self, offsets: np.ndarray) -> np.ndarray:
        """The row that holds each offset of the joined text."""
        offsets = np.ascontiguousarray(offsets, dtype=np.int64)
        if len(offsets) > 1024 and len(self.starts) and ascending(offsets):
            # Matches come in text order: one merge of two sorted lists, not a binary search
            # per match (a third of the time, for millions of matches).
            return rows_of_sorted(self.starts, offsets)
        return np.searchsorted(self.starts, offsets, side="right") - 1

    def in_rows(self, starts: np.ndarray, ends: np.ndarray, rows: np.ndarray):
        """Spans of the joined text (in ``rows``) as character offsets in their row's text.
        Computed in place: ``starts`` and ``ends`` are overwritten and returned (at millions of
        matches every new array costs)."""
        ends -= starts
        starts -= self.starts[rows]
        ends += starts
        return starts, ends

    def byte_offsets(self, chars: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Byte offsets in ``buf`` of character offsets of the joined text (in ``rows``)."""
        chars = np.ascontiguousarray(chars, dtype=np.int64)
        if self.flat:
            return chars
        # (Contiguous, as the compiled loop takes them: a strided view of rows is copied.)
        rows = self.row_of(chars) if rows is None else np.ascontiguousarray(rows, dtype=np.int64)
        # Offsets usually come in text order; otherwise they are visited sorted (see
        # _byte_offsets), so that no row is walked from its start once per offset.
        ascending = len(chars) < 2 or bool((chars[1:] >= chars[:-1]).all())
        order = _NO_ORDER if ascending else np.argsort(chars, kind="stable")
        return _byte_offsets(
            self.buf, chars, rows, self.starts, self.byte_starts, self.row_ascii, order
        )

    def strings(
        self, starts: np.ndarray, ends: np.ndarray, rows: np.ndarray | None = None
    ) -> pd.Series:
        """The texts ``joined[starts[j]:ends[j]]`` (character offsets; ``rows``: the row of
        each span, if known) as an object Series.

        Spans are interned: a few thousand distinct surfaces among millions of matches become a
        few thousand Python strings, shared by the rows that show them.
        """
        if len(starts) == 0:
            return pd.Series([], dtype=object)
        rows = self.row_of(starts) if rows is None else rows
        # One slice of the spans per thread is numbered at once, each by an interner of its own
        # (byte offsets found slice by slice, so no temporary array is as long as all spans);
        # then the slices' few thousand distinct strings are numbered together.
        threads = default_threads()
        cuts = np.linspace(0, len(starts), threads.workers + 1).astype(np.int64)
        if len(starts) < MIN_SPANS_TO_SPLIT:
            cuts = cuts[[0, -1]]
        codes = np.empty(len(starts), dtype=np.int32)

        def intern(k):
            part = slice(cuts[k], cuts[k + 1])
            interner = Interner(self.buf)
            codes[part] = interner.codes(
                self.byte_offsets(starts[part], rows[part]),
                self.byte_offsets(ends[part], rows[part]),
            )
            return interner.strings()

        parts = threads.map(intern, range(len(cuts) - 1))
        unique: dict[str, int] = {}
        for k, strings in enumerate(parts):
            number = np.array(
                [unique.setdefault(t, len(unique)) for t in strings.tolist()], dtype=np.int32
            )
            np.take(number, codes[cuts[k] : cuts[k + 1]], out=codes[cuts[k] : cuts[k + 1]])
        values = np.empty(len(unique), dtype=object)
        values[:] = list(unique)
        return pd.Series(values[codes], dtype=object, copy=False)


@jit
def rows_of_sorted(starts, offsets):
    """``searchsorted(starts, offsets, "right") - 1`` for ascending ``offsets``, as a merge."""
    out = np.empty(len(offsets), dtype=np.int64)
    row = 0
    for j in range(len(offsets)):
        while row + 1 < len(starts) and starts[row + 1] <= offsets[j]:
            row += 1
        out[j] = row if starts[0] <= offsets[j] else -1
    return out


# Fewer spans than this are interned on the calling thread (handing out slices costs more).
MIN_SPANS_TO_SPLIT = 1 << 16


class TextCache:
    """Remembers the JoinedTexts of the last two texts it was asked for, no more (a joined
    million-sentence corpus is a few hundred MB). The notebooks find entities, then frames,
    then KWIC lines in the same sentences, and each step reuses the one join; the second place
    keeps it when a step joins other texts in between (the headlines, a sample), which would
    otherwise make the next step join the sentences, and read their words, again.

    A ``str`` column (Arrow) is the same as last time when it holds the very same Arrow
    buffers: they cannot change, and the cached JoinedText keeps them alive, so their addresses
    cannot be reused by other data. A list of strings is the same when it is equal.
    """

    def __init__(self):
        self._kept: list[JoinedText] = []  # the last asked for first
        # One caller at a time (tables are counted on several threads): a second asking for
        # the same texts waits for the first's join instead of joining them again.
        self._lock = threading.Lock()

    def get(self, texts) -> JoinedText:
        """The JoinedText of ``texts`` (a text column or a list of strings): a cached one when
        the texts are the same, else a new one, which replaces the older of the two."""
        with self._lock:
            return self._get(texts)

    def _get(self, texts) -> JoinedText:
        key = _arrow_key(texts)
        if key is None:
            texts = texts.tolist() if isinstance(texts, pd.Series) else list(texts)
        for k, kept in enumerate(self._kept):
            # (Equal lists of strings are the same joined text.)
            if (kept.key == key) if key is not None else (kept.key is None and kept.texts == texts):
                self._kept.insert(0, self._kept.pop(k))
                return kept
        del self._kept[1:]  # let the older one go before building the next
        self._kept.insert(0, _join(texts, key))
        return self._kept[0]

    def clear(self) -> None:
        """Forget the cached JoinedTexts (and let their memory go)."""
        with self._lock:
            self._kept = []


# The cache the stage functions share (see TextCache: it holds one JoinedText, the last, for
# the life of the process or until ``TEXTS.clear()``).
TEXTS = TextCache()


def _arrow_key(texts) -> tuple | None:
    """What identifies an Arrow ``str`` column's rows (see TextCache), or None for other
    texts."""
    if not (
        isinstance(texts, pd.Series)
        and isinstance(texts.dtype, pd.StringDtype)
        and texts.dtype.storage == "pyarrow"
    ):
        return None
    source = texts.array.__arrow_array__()
    return (len(texts),) + tuple(chunk_key(chunk) for chunk in source.chunks)


def _join(texts, key: tuple | None) -> JoinedText:
    if key is None:
        return JoinedText(texts)
    # A str column is joined from its own bytes, never turned into Python strings.
    source = texts.array.__arrow_array__()
    return JoinedText(segments=column_segments(source), source=source, key=key)


def joined_text(texts, cache: TextCache | None = TEXTS) -> JoinedText:
    """A JoinedText of ``texts`` (a text column, or a list of strings), from ``cache`` (by
    default the one the stage functions share; None: always a new one)."""
    return (TextCache() if cache is None else cache).get(texts)
