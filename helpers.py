"""Helpers for reading a corpus of news sentences about an armed group.

The module is laid out in the order the data flows:

1. load      -- ``load_corpus`` reads a text file or a table into a DataFrame, one row per input
                line, and flags each row as a sentence, a headline, noise or blank.
2. tokenize  -- ``tokenize``, ``load_stopwords``, ``word_frequency``, ``bigram_collocations``.
3. entities  -- ``load_gazetteer``, ``find_entities`` (one compiled matcher that survives
                spelling variation), ``entity_frequency``, ``entity_variants``, ``uncovered_names``.
4. co-occurrence -- ``cooccurrence`` (entity x entity sentence counts from a sparse incidence
                matrix), ``cooccurrence_pairs`` (PMI, NPMI, G², Dice via NLTK), ``collocates``.
5. wording   -- ``find_frames`` (a small pattern language in ``data/lexicon.csv`` for ceasefire,
                disarmament and contrast frames, with CAMEO codes and ceasefire stance), ``kwic``.
6. figures   -- ``save_figure`` writes byte-stable PNGs; plots of the tables above.
7. interactive -- ``explore`` opens an ipywidgets explorer (search, entity, frame) in JupyterLab.

Everything is data-free: no NLTK data package is ever downloaded. Hand-curated knowledge (the
stopword list, the source tags, the alias table, the wording lexicon and stance cues) lives in
small files in ``data/`` next to this module. Text is pandas' ``str`` dtype, stored in Arrow:
a text file's lines go from its bytes to an Arrow column without a Python string per line,
and the matchers read that column's bytes in place. The matchers scan all rows at once, in
small loops compiled with numba: byte tries for the aliases, DFAs built from the lexicon's
regular expressions for the wording, KWIC queries and stance cues. Every match comes back as
numpy arrays, never as a Python object per match; tests compare each scan with a plain,
obviously correct reference.
"""

from __future__ import annotations

import bisect
import codecs
import ctypes
import csv
import hashlib
import html
import io
import itertools
import json
import os
import re
import re._constants as _sre
import unicodedata
from re._parser import parse as _sre_parse
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numba
import numpy as np
import pandas as pd
import pyarrow as pa
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from nltk.probability import FreqDist
from nltk.tokenize import RegexpTokenizer
import networkx as nx
from scipy import sparse, stats
from scipy.cluster import hierarchy

# Files are found from this module's own location, never from the current directory:
# notebooks, tests and papermill all run from different folders.
ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data"
FIGURES = ROOT / "figures"
DEFAULT_CORPUS = DATA / "raw" / "mahdi_army_sentences.txt"
STOPWORDS_FILE = DATA / "stopwords_en.txt"
SOURCE_TAGS_FILE = DATA / "source_tags.csv"
GAZETTEER_FILE = DATA / "gazetteer.csv"

# The seed corpus as delivered (see data/raw/README.md). The loader checks it, so an edited copy
# is caught instead of silently changing every number downstream.
SEED_SHA256 = "181d44fcd2f9c02d0b5bb16089f3253e6f848d85406b8840592d8231e0cf9d1c"
SEED_ROWS = 18

KINDS = ("sentence", "headline", "noise", "blank")

# The inner loops that run once per character or per match on a large corpus are compiled with
# numba (LLVM), written by hand because no library gives what a corpus of millions of rows
# needs: every match of a whole alias table or lexicon as numpy arrays, in one pass, with no
# Python object per match. (Aho-Corasick and RE2 bindings find matches fast but hand each one
# to Python as a tuple or a match object, and that, not the scan, was where the time went.)
# Tests compare each compiled loop with a plain, obviously correct reference. ``cache=True``
# keeps the compiled code beside this file, so only the first run compiles.
_jit = numba.njit(cache=True, nogil=True)
CORPUS_COLUMNS = ["sentence_id", "text", "kind", "reason", "source", "headline"]
# The text column: pandas' own string dtype (``str``), stored in Arrow.
TEXT_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)
TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t"}
SUPPORTED_SUFFIXES = (".txt", ".csv", ".tsv", ".jsonl", ".parquet")


class CorpusError(ValueError):
    """Bad input: the message names the file, the line where it applies, and the fix."""


# ---------------------------------------------------------------------------------------------
# 1. Load
# ---------------------------------------------------------------------------------------------


def load_corpus(path: str | Path | None = None) -> pd.DataFrame:
    """Read a corpus into a DataFrame with one row per input line (or table row).

    ``path`` defaults to the vendored seed corpus. Accepted: ``.txt`` (one sentence a line),
    ``.csv``/``.tsv``/``.jsonl``/``.parquet`` tables with a ``text`` column (other columns are
    kept as metadata). UTF-8 with or without a byte-order mark, ``\\n`` or ``\\r\\n`` endings.

    Returns columns ``sentence_id`` (1-based position; the line number for a text file),
    ``text`` (unchanged), ``kind`` (sentence/headline/noise/blank), ``reason`` (why a row is not a
    sentence; missing for sentences), ``source`` and ``headline`` (missing where unknown), then
    any metadata columns of a table. Nothing is dropped: noise is flagged, not deleted.
    """
    path = Path(path) if path is not None else DEFAULT_CORPUS
    if not path.exists():
        raise CorpusError(f"{path}: no such file. Check the path (it is read relative to the "
                          f"current folder {Path.cwd()}), or pass an absolute path.")
    if path.is_dir():
        raise CorpusError(f"{path}: is a folder; pass the corpus file inside it.")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise CorpusError(f"{path}: unsupported file type {suffix!r}; use one of "
                          f"{', '.join(SUPPORTED_SUFFIXES)} (a .txt file holds one sentence a line).")

    raw = None
    if suffix == ".parquet":
        table = _read_parquet(path)
    else:
        data = path.read_bytes()
        if suffix == ".txt":
            text, raw = _read_text_file(path, data)
            table = pd.DataFrame({"text": text})
        else:
            content = _read_utf8(path, data)
            if suffix == ".jsonl":
                table = _read_jsonl(path, content)
            else:
                table = _read_delimited(path, content, TABLE_SUFFIXES[suffix])

    corpus = _annotate(path, table, raw)
    if path.resolve() == DEFAULT_CORPUS.resolve():
        _check_seed(path, corpus)
    return corpus


def _read_utf8(path: Path, data: bytes | None = None) -> str:
    """Decode a file (or its ``data``) as UTF-8, a leading byte-order mark dropped, naming the
    bad line."""
    data = path.read_bytes() if data is None else data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        bad = data[err.start:err.end].hex(" ")
        raise CorpusError(
            f"{path}: line {line}, byte {column} (offset {err.start}) is not UTF-8 "
            f"(bytes {bad}: {err.reason}). Convert the file to UTF-8 first, for example "
            f"`iconv -f WINDOWS-1252 -t UTF-8 {path.name} > {path.stem}.utf8{path.suffix}` "
            f"(replace WINDOWS-1252 with the file's real encoding)."
        ) from None


def _read_text_file(path: Path, data: bytes) -> tuple[pd.Series, tuple]:
    """The lines of a text file's bytes as a ``str`` column (pandas' own string dtype, stored
    in Arrow), and (bytes, starts, ends) of the lines for the loader's compiled checks.

    Lines are split as _split_lines splits the decoded text. The column is built straight from
    the file's bytes, the lines copied next to one another: a million lines never become a
    million Python strings (decoding and splitting them was half the loader's time), and Arrow
    checks in C that they are UTF-8. Only when they are not is the file decoded in Python,
    for an error message that names the line.
    """
    buf, starts, ends = _line_bounds(data, 3 * data.startswith(codecs.BOM_UTF8))
    lines = _arrow_array(buf, starts, ends)
    try:
        lines.validate(full=True)
    except pa.ArrowInvalid:
        _read_utf8(path, data)  # raises the CorpusError that names the line
        raise
    return pd.Series(lines, dtype=TEXT_DTYPE), (buf, starts, ends)


def _text_column(texts: list[str]) -> pd.Series:
    """A ``str`` column of a table's texts, or an object column when Arrow cannot hold one
    of them (a lone surrogate, written "\\ud800" in JSON, is not UTF-8)."""
    try:
        return pd.Series(texts, dtype=TEXT_DTYPE)
    except (UnicodeEncodeError, pa.ArrowException):
        return pd.Series(texts, dtype=object)


def _split_lines(content: str) -> list[str]:
    """Split on ``\\n`` only, dropping one ``\\r`` before it (CRLF files).

    ``str.splitlines`` is not used on purpose: it also breaks on form feeds, U+2028 and other
    characters that can sit inside a scraped sentence, which would invent extra lines.
    A final newline ends the last line; it does not start an empty one.
    """
    if content == "":
        return []
    lines = content.split("\n")
    if lines[-1] == "":
        lines.pop()
    if "\r" not in content:
        return lines
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _read_delimited(path: Path, content: str, sep: str) -> pd.DataFrame:
    if content.strip() == "":
        return pd.DataFrame({"text": pd.Series([], dtype=object)})
    try:
        # dtype=str and keep_default_na=False: the text is kept exactly as written ("NA" and ""
        # stay strings), which is what "text unchanged" means for a table.
        return pd.read_csv(io.StringIO(content), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, csv.Error) as err:
        raise CorpusError(f"{path}: cannot be read as a {'tab' if sep == chr(9) else 'comma'}-"
                          f"separated table: {err}. Check the quoting on that line.") from None


def _read_jsonl(path: Path, content: str) -> pd.DataFrame:
    # Parsed line by line (not pd.read_json) so that an error can name its line.
    records = []
    for number, line in enumerate(_split_lines(content), start=1):
        if line.strip() == "":
            raise CorpusError(f"{path}: line {number} is empty; JSON Lines needs one JSON object "
                              f"per line. Remove the empty line.")
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise CorpusError(f"{path}: line {number} is not valid JSON ({err.msg} at column "
                              f"{err.colno}). Fix or remove that line.") from None
        if not isinstance(record, dict):
            raise CorpusError(f"{path}: line {number} is a JSON {type(record).__name__}, not an "
                              f"object; write each line as {{\"text\": \"...\"}}.")
        records.append(record)
    if not records:
        return pd.DataFrame({"text": pd.Series([], dtype=object)})
    try:
        return pd.DataFrame.from_records(records)
    except UnicodeEncodeError:
        # pandas stores strings in Arrow, which holds only UTF-8; a lone surrogate (written
        # "\\ud800" in JSON) is not. Such a table keeps its columns as Python objects.
        columns = list(dict.fromkeys(key for record in records for key in record))
        return pd.DataFrame({c: pd.Series([r.get(c) for r in records], dtype=object)
                             for c in columns})


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except Exception as err:  # pyarrow raises several unrelated types for a broken file
        raise CorpusError(f"{path}: cannot be read as Parquet ({err}). Check that the file is "
                          f"a complete Parquet file, or save the table as .csv.") from None


def _annotate(path: Path, table: pd.DataFrame, raw: tuple | None = None) -> pd.DataFrame:
    """Add ``sentence_id``, ``kind``, ``reason``, ``source`` and ``headline`` to a raw table
    (``raw``: the rows' UTF-8 bytes and bounds, when the reader has them; see _suspects)."""
    if "text" not in table.columns:
        raise CorpusError(f"{path}: the table has no 'text' column; its columns are "
                          f"{list(map(str, table.columns))}. Rename the column that holds the "
                          f"sentences to 'text'.")
    reserved = [c for c in ("sentence_id", "kind", "reason") if c in table.columns]
    if reserved:
        raise CorpusError(f"{path}: column(s) {reserved} are computed by the loader; rename them "
                          f"in the file (for example to 'original_{reserved[0]}').")
    table = table.reset_index(drop=True)
    # A table may hold missing or non-string text (an empty cell in Parquet, a number in JSON).
    # Missing text is kept and flagged as blank; other values are shown as their string form.
    # (A text file's lines are all strings already.)
    if raw is None:
        texts = [t if isinstance(t, str) else ("" if t is None or t != t else str(t))
                 for t in table["text"].tolist()]
        column = _text_column(texts)
        if column.dtype == TEXT_DTYPE:  # the checks below read the column's own bytes
            segments = _merged([_arrow_rows(c) for c in column.array.__arrow_array__().chunks])
            raw = segments[0] if len(segments) == 1 else None
    else:  # a text file's lines, already a str column: its rows are read one by one below
        texts, column = None, table["text"]
    n = len(column)
    tags = load_source_tags()
    kinds = np.empty(n, dtype=object)
    kinds[:] = "sentence"  # (np.full with a string is five times slower)
    reasons, sources, headlines = (np.full(n, None, dtype=object) for _ in range(3))
    # Only the rows that might not be plain sentences go through the rules one by one.
    suspects = _suspects(texts, raw).tolist()
    for i in suspects:
        text = texts[i] if texts is not None else column.iat[i]
        kinds[i], reasons[i], sources[i], headlines[i] = _classify(text, tags)
    # A headline belongs to the sentence just above it (seed README: line 10 -> line 9).
    for i in [i for i in suspects if kinds[i] == "headline"]:
        if i > 0 and kinds[i - 1] == "sentence" and sources[i - 1] is None:
            sources[i - 1], headlines[i - 1] = sources[i], headlines[i]
            reasons[i] = f"headline of the article that line {i} comes from"

    derived = columns_frame({
        "sentence_id": np.arange(1, n + 1, dtype=np.int64),
        "text": column,
        "kind": kinds,
        "reason": reasons,
        "source": sources,
        "headline": headlines,
    })
    metadata = table.drop(columns=["text"])
    for column in ("source", "headline"):
        # A table's own source/headline column wins; the headline rows only fill its gaps.
        if column in metadata.columns:
            own = metadata.pop(column).astype(object)
            own = own.where(own.notna() & (own.astype(str) != ""), None)
            derived[column] = own.where(own.notna(), derived[column])
    return pd.concat([derived, metadata], axis=1)


_ASCII_LETTER = np.zeros(256, dtype=np.bool_)
_ASCII_LETTER[[ord(c) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"]] = True


def _suspects(texts: list[str], raw: tuple | None = None) -> np.ndarray:
    """Indices of the rows that ``_classify`` must look at; every other row is a sentence.

    A row is certainly a sentence if it is ASCII but for typographic dashes, quotes and
    ellipses (so all its letters are Latin), has no colon (so no "TAG:" headline), fewer than
    two "|" and at least three words. Those tests run in
    one compiled pass over the UTF-8 bytes of all rows (``_suspect_rows``), so a million rows
    take a fraction of a second, and the result is exactly what ``_classify`` gives row by row
    (a test checks this). ``raw`` is (bytes, starts, ends) of the rows when the caller has them
    already (a text file's own bytes, or a ``str`` column's); otherwise the texts are encoded
    here.
    """
    if raw is None:
        encoded = [t.encode("utf-8", "surrogatepass") for t in texts]
        ends = np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(texts)))
        raw = (np.frombuffer(b"".join(encoded), dtype=np.uint8), ends - (
            np.diff(ends, prepend=0) if len(ends) else ends), ends)
    buf, starts, ends = raw
    return np.flatnonzero(by_rows(_suspect_rows, buf, starts, ends, _ASCII_LETTER,
                                  _PUNCT_E280))


def _line_bounds(data: bytes, offset: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(bytes, starts, ends) of the lines of a text file's UTF-8 bytes from ``offset`` on (past
    a byte-order mark), split as _split_lines splits the decoded text: at "\n", a "\r" before
    it dropped, no empty line after the last."""
    buf = np.frombuffer(data, dtype=np.uint8, offset=offset)
    return (buf, *_newline_bounds(buf))


@_jit
def _newline_bounds(buf):
    """Where each line of ``buf`` starts and ends (see _line_bounds): newlines counted in a
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
    if k < n:
        i = len(buf)
        starts[k], ends[k] = start, i - (i > start and buf[i - 1] == 13)
    return starts, ends


# The third byte of the UTF-8 form (E2 80 xx) of the typographic punctuation news text is full
# of: dashes (U+2013, U+2014), quotes (U+2018, U+2019, U+201C, U+201D) and the ellipsis (U+2026).
# None of them is a letter, a "|" or a "»", so a row whose only non-ASCII characters they are
# is judged by _classify exactly as its ASCII characters are.
_PUNCT_E280 = np.zeros(256, dtype=np.bool_)
_PUNCT_E280[[0x93, 0x94, 0x98, 0x99, 0x9C, 0x9D, 0xA6]] = True


@_jit
def _suspect_rows(buf, starts, ends, letter, punct):
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
                if (b == 0xE2 and i + 2 < ends[k] and buf[i + 1] == 0x80
                        and punct[buf[i + 2]]):
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


_NOT_LETTER = bytes(c for c in range(128) if not chr(c).isalpha())
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")

# A line "TAG: title" with a tag listed in data/source_tags.csv is a headline of that source.
_HEADLINE = re.compile(r"^\s*(?P<tag>[A-Z][A-Z .&'-]*[A-Z])\s*:\s*(?P<title>\S.*?)\s*$")


def _classify(text: str, tags: dict[str, str]) -> tuple[str, str | None, str | None, str | None]:
    """Return (kind, reason, source, headline) for one line. Rules are applied in order."""
    stripped = text.strip()
    if stripped == "":
        return "blank", "empty or whitespace only", None, None
    match = _HEADLINE.match(text)
    if match and match["tag"] in tags:
        source = tags[match["tag"]]
        return "headline", f"headline of an article in {source}", source, match["title"]
    # ASCII letters are Latin: count them in C, and look one by one only at the rest.
    ascii_letters = len(stripped.encode("ascii", "ignore").translate(None, _NOT_LETTER))
    others = [ch for ch in _ASCII_RUN.sub("", stripped) if ch.isalpha()]
    letters = ascii_letters + len(others)
    if not letters:
        return "noise", "no letters (numbers or symbols only)", None, None
    latin = ascii_letters + sum(1 for ch in others if _is_latin(ch))
    # English prose is written in Latin letters; a sentence may quote a few words in Arabic or
    # Chinese, so only a line that is mostly another script is set aside.
    if latin / letters < 0.5:
        return "noise", "mostly non-Latin script: not English prose", None, None
    words = re.findall(r"[^\W\d_]+", stripped)
    if stripped.count("|") >= 2 or stripped.count("»") >= 2:
        return "noise", "menu or navigation text (separators between items)", None, None
    if len(words) < 3:
        return "noise", "fewer than three words: boilerplate, not a sentence", None, None
    return "sentence", None, None, None


def _is_latin(ch: str) -> bool:
    try:
        return unicodedata.name(ch).startswith("LATIN")
    except ValueError:  # unnamed code point
        return False


def load_source_tags(path: str | Path | None = None) -> dict[str, str]:
    """Read ``data/source_tags.csv`` (columns ``tag,source,note``) into ``{tag: source}``."""
    path = Path(path) if path is not None else SOURCE_TAGS_FILE
    rows = read_curated_csv(path, required=("tag", "source"))
    return {row["tag"]: row["source"] for row in rows}


def read_curated_csv(path: Path, required: tuple[str, ...]) -> list[dict]:
    """Read a hand-curated CSV from ``data/``: leading ``#`` lines are comments.

    Returns a list of dicts, each with a ``_line`` key (its line number in the file) so that
    errors can point at the row. Raises CorpusError for a missing file or column, or an empty
    required cell.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file. It ships with the project in data/; restore it "
                          f"with `git checkout -- {path.name}` or pass the path of your own table.")
    lines = _read_utf8(path).split("\n")
    skip = 0
    while skip < len(lines) and lines[skip].startswith("#"):
        skip += 1
    reader = csv.DictReader(lines[skip:])
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise CorpusError(f"{path}: line {skip + 1}: the header {header} lacks column(s) "
                          f"{missing}; the header row must name {list(required)}.")
    rows = []
    for row in reader:
        number = skip + reader.line_num  # physical line of the row's last line
        if None in row:
            raise CorpusError(f"{path}: line {number}: more cells than the header has "
                              f"({len(header)}); quote cells that contain commas.")
        if all((v or "").strip() == "" for v in row.values()):
            continue  # a blank line between rows is layout, not a row
        for column in required:
            if (row.get(column) or "").strip() == "":
                raise CorpusError(f"{path}: line {number}: the '{column}' cell is empty; "
                                  f"fill it in or delete the row.")
        row = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
        row["_line"] = number
        rows.append(row)
    return rows


def _check_seed(path: Path, corpus: pd.DataFrame) -> None:
    """The facts the notebooks rely on about the vendored seed corpus (data/raw/README.md)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SEED_SHA256:
        raise CorpusError(f"{path}: sha256 is {digest}, not the delivered {SEED_SHA256}. Raw data "
                          f"is never edited: restore it with `git checkout -- {path}`.")
    assert len(corpus) == SEED_ROWS, f"{path}: expected {SEED_ROWS} rows, got {len(corpus)}"


def row_offsets(texts: list[str]) -> np.ndarray:
    """Where each text starts in ``"\\n".join(texts)``: the matchers scan all rows joined at once
    and map each match back to its row with these offsets."""
    starts = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts[:-1]), dtype=np.int64, count=max(len(texts) - 1, 0))
              + 1, out=starts[1:])
    return starts


def columns_frame(columns: dict) -> pd.DataFrame:
    """A DataFrame of the given columns (arrays or Series of one length), in that order.

    Each column is made a Series of its own dtype first, without a copy (numpy object arrays
    stay object: given to the DataFrame constructor as arrays, pandas 3 would copy them and
    convert their strings to its ``str`` dtype, a second for a few million mentions).
    """
    return pd.DataFrame({
        name: value.reset_index(drop=True) if isinstance(value, pd.Series)
        else pd.Series(value, dtype=value.dtype, copy=False) for name, value in columns.items()
    }, copy=False)


def sentences(corpus: pd.DataFrame) -> pd.DataFrame:
    """The rows of kind ``sentence`` (the running text the analyses count)."""
    return select_rows(corpus, (corpus["kind"] == "sentence").to_numpy())


def select_rows(corpus: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """``corpus[mask]``, with a ``str`` text column that shares the corpus's Arrow buffers.

    A filter copies every selected text (a million sentences are 200 MB). The rows kept come
    in runs between the rows left out (a few headlines and noise lines in a news corpus), and
    a run is a slice of the Arrow column, which costs nothing; so the text column becomes the
    runs' slices, one after another. With many short runs the copy is made as usual.
    """
    mask = np.asarray(mask, dtype=bool)
    text = corpus["text"] if "text" in corpus.columns else None
    if text is None or text.dtype != TEXT_DTYPE or mask.all():
        return corpus[mask]
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    if len(edges) // 2 > max(64, len(mask) // 1000):
        return corpus[mask]
    source = text.array.__arrow_array__()
    runs = [source.slice(a, b - a) for a, b in zip(edges[::2].tolist(), edges[1::2].tolist())]
    shared = pa.chunked_array([c for run in runs for c in run.chunks], type=source.type)
    picked = corpus.drop(columns="text")[mask]
    picked.insert(corpus.columns.get_loc("text"), "text", pd.Series(
        pd.arrays.ArrowStringArray(shared, dtype=TEXT_DTYPE), index=picked.index, copy=False))
    return picked


def corpus_summary(corpus: pd.DataFrame) -> pd.DataFrame:
    """Rows by kind: columns ``kind``, ``rows``, ``lines`` (the sentence ids, as a short list)."""
    grouped = corpus.groupby("kind", sort=False)["sentence_id"]
    table = pd.DataFrame({"rows": grouped.size(), "lines": grouped.agg(_id_list)})
    table = table.reindex([k for k in KINDS if k in table.index]).reset_index()
    total = pd.DataFrame({"kind": ["total"], "rows": [len(corpus)], "lines": [""]})
    return pd.concat([table, total], ignore_index=True)


def _id_list(ids: pd.Series, limit: int = 12) -> str:
    ids = list(ids)
    shown = ", ".join(map(str, ids[:limit]))
    return shown + (f", ... ({len(ids) - limit} more)" if len(ids) > limit else "")


# ---------------------------------------------------------------------------------------------
# 2. Tokenize
# ---------------------------------------------------------------------------------------------

# Words are runs of letters/digits, kept whole across internal hyphens ("cease-fire",
# "al-Sadr", "seven-month-old") and apostrophes inside a name ("Shi'ite", "Asa'ib"). A
# possessive or contraction ending ('s, 're, 've, 'll, 'd, 'm, 't) is split off, so "Sadr's"
# gives "Sadr" + "s" and the "s" is a stopword. NLTK's RegexpTokenizer needs no data package
# (unlike word_tokenize's punkt) and is one compiled regex, fast enough for a million sentences.
WORD_PATTERN = r"[^\W_]+(?:-[^\W_]+|['’](?!(?:s|re|ve|ll|d|m|t)\b)[^\W_]+)*"
TOKENIZER = RegexpTokenizer(WORD_PATTERN)
# The same pattern compiled once, for the inner loops that run per match on a large corpus
# (NLTK 3.10 wraps each call of its tokenizer in a ReDoS guard that costs more than the match).
# Counts over a whole corpus (word_frequency, bigram_collocations, sentence_lengths,
# collocates, the stance windows) use the compiled form of this pattern (see ``Words``), which
# follows Python's ``re``. NLTK 3.10 runs the tokenizer's pattern with the ``regex`` module,
# whose \w leaves out a few characters ``re`` counts as letters or digits (superscript digits
# such as "²"); on such text ``tokenize`` keeps fewer tokens than the counts do.
_WORD_RE = re.compile(WORD_PATTERN)


def tokenize(text: str, lower: bool = True) -> list[str]:
    """Split one text into word tokens (see ``WORD_PATTERN``), lower-cased by default."""
    tokens = TOKENIZER.tokenize(text)
    return [t.lower() for t in tokens] if lower else tokens


def load_stopwords(path: str | Path | None = None) -> frozenset[str]:
    """The shipped English stopword list (``data/stopwords_en.txt``), lower case."""
    path = Path(path) if path is not None else STOPWORDS_FILE
    if not path.exists():
        raise CorpusError(f"{path}: no such file; the stopword list ships in data/.")
    words = [w.strip().lower() for w in _read_utf8(path).split("\n")]
    return frozenset(w for w in words if w and not w.startswith("#"))


def _corpus_words(texts) -> Words:
    """The Words of ``texts`` (a text column, a list of strings), shared with the matchers
    when they ran on the same rows (see joined_text)."""
    return joined_text(texts).words()


def sentence_lengths(corpus: pd.DataFrame) -> pd.DataFrame:
    """Per row: ``sentence_id``, ``kind``, ``words`` (token count) and ``characters``."""
    return pd.DataFrame({
        "sentence_id": corpus["sentence_id"].to_numpy(),
        "kind": corpus["kind"].to_numpy(),
        "words": np.diff(_corpus_words(corpus["text"]).row_ptr),
        "characters": corpus["text"].str.len().to_numpy(),
    })


def word_frequency(texts, n: int = 20, stopwords: frozenset[str] | None = None) -> pd.DataFrame:
    """The ``n`` most frequent content words: columns ``word``, ``count``, ``sentences``.

    Content words are the tokens that are not stopwords and not all digits. Ties are broken
    alphabetically so the table is the same on every run.
    """
    words = _corpus_words(texts)
    stopwords = load_stopwords() if stopwords is None else stopwords
    counts, rows = _word_counts(words.ids, words.row_ptr, words.content(stopwords),
                                len(words.vocab))
    seen = np.flatnonzero(counts)
    table = pd.DataFrame({"word": words.vocab[seen].tolist(),
                          "count": counts[seen], "sentences": rows[seen]})
    table = table.sort_values(["count", "word"], ascending=[False, True], kind="stable")
    return table.head(n).reset_index(drop=True)


def bigram_collocations(texts, n: int = 15, min_count: int = 2,
                        stopwords: frozenset[str] | None = None) -> pd.DataFrame:
    """The strongest adjacent word pairs by NLTK's likelihood ratio, with PMI beside it.

    Bigrams are counted within each sentence (never across a sentence boundary) on the content
    tokens. Returns columns ``bigram``, ``count``, ``likelihood_ratio``, ``pmi``, sorted by
    likelihood ratio (ties by bigram).
    """
    words = _corpus_words(texts)
    stopwords = load_stopwords() if stopwords is None else stopwords
    keep = words.content(stopwords)
    size = len(words.vocab)
    # The counts come from numpy; the finder and its measures are NLTK's own, given the same
    # FreqDists as BigramCollocationFinder.from_documents(content tokens) would build.
    counts, _ = _word_counts(words.ids, words.row_ptr, keep, size)
    keys, pair_counts = np.unique(_kept_bigrams(words.ids, words.row_ptr, keep, size),
                                  return_counts=True)
    frequent = pair_counts >= min_count  # what finder.apply_freq_filter(min_count) keeps
    vocab = words.vocab.tolist()
    seen = np.flatnonzero(counts)
    word_fd = FreqDist(dict(zip(words.vocab[seen].tolist(), counts[seen].tolist())))
    bigram_fd = FreqDist({(vocab[k // size], vocab[k % size]): c for k, c in
                          zip(keys[frequent].tolist(), pair_counts[frequent].tolist())})
    finder = BigramCollocationFinder(word_fd, bigram_fd)
    measures = BigramAssocMeasures()
    llr = dict(finder.score_ngrams(measures.likelihood_ratio))
    pmi = dict(finder.score_ngrams(measures.pmi))
    table = pd.DataFrame({
        "bigram": [" ".join(b) for b in llr],
        "count": [finder.ngram_fd[b] for b in llr],
        "likelihood_ratio": [round(v, 3) for v in llr.values()],
        "pmi": [round(pmi[b], 3) for b in llr],
    })
    table = table.sort_values(["likelihood_ratio", "bigram"], ascending=[False, True],
                              kind="stable")
    return table.head(n).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# 3. Entities
# ---------------------------------------------------------------------------------------------

ENTITY_TYPES = {
    "PERSON": "a named person",
    "ARMED_GROUP": "a militia, insurgent group or armed force",
    "MOVEMENT": "a political movement, party or parliamentary bloc",
    "PLACE": "a country, province, city, district or shrine as a location",
    "GROUP": "a sect, people or nationality, or a foreign state as a collective actor",
}
MENTION_COLUMNS = ["sentence_id", "entity", "type", "surface", "start", "end", "alias"]

# Arabic names carry the article in many transliterations ("al-Sadr", "el-Sadr", "as-Sadr",
# "ad-Dawa"); news also drops it inside a name ("Moqtada Sadr"). The matcher handles these
# once, so the alias table lists "Muqtada al-Sadr" and nothing else.
ARTICLES = ("al", "el", "as", "ad", "ash", "an", "ar", "at", "az", "ul", "il")
# Titles written with or without a full stop ("Mr Sadr" in The Economist, "Mr. Sadr" in US copy).
TITLES = ("mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "sen", "rep", "gov")
_APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u2032`\u00b4"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"


class _FoldTable(dict):
    """``str.translate`` table that folds one character to exactly one character.

    Curly apostrophes become ``'``, hyphens and dashes a space (so "al-Sadr" reads like
    "al Sadr"), other whitespace except newlines a space, and a letter with diacritics its base
    letter ("Ṣ" -> "S"). Case is kept (the matcher decides where case matters). Because no
    character is added or removed, offsets in the folded text are offsets in the original.
    Entries are computed on first sight, so only the characters a corpus uses are looked at.
    """

    def __missing__(self, code: int) -> int:
        ch = chr(code)
        base = unicodedata.normalize("NFKD", ch)[:1]
        out = base if base and not unicodedata.combining(base) else ch
        if out in _APOSTROPHES:
            out = "'"
        elif out in _DASHES or (out.isspace() and out != "\n"):
            out = " "
        self[code] = ord(out)
        return self[code]


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Fold apostrophes, dashes, spaces and diacritics, keeping the length (see _FoldTable)."""
    return text.translate(_FOLD)


def _signature(folded: str) -> str:
    """What makes two spellings the same alias: lower case, titles without their full stop, the
    article of a name's first word written "al", an article inside a name dropped."""
    tokens = folded.lower().split()
    out = []
    for i, token in enumerate(tokens):
        if token.endswith(".") and token[:-1] in TITLES:
            token = token[:-1]
        if token in ARTICLES and i + 1 < len(tokens):
            if i > 0:
                continue
            token = "al"
        out.append(token)
    return " ".join(out)


def alias_variants(folded: str) -> list[str]:
    """Every spelling one folded alias matches, with single spaces between words.

    A one-word alias: as written and in capitals ("JAM", never "jam"). A multi-word alias, in
    lower case (it matches in any case): each article ("al") in any of its forms (ARTICLES),
    dropped inside a name ("Muqtada Sadr"), and titles with or without a full stop.
    """
    tokens = folded.split()
    if len(tokens) == 1:
        return sorted({tokens[0], tokens[0].upper()})
    options = []
    for i, token in enumerate(tokens):
        low = token.lower()
        if low in ARTICLES and i + 1 < len(tokens):
            options.append(list(ARTICLES) + ([None] if i > 0 else []))
        elif low.rstrip(".") in TITLES:
            options.append([low.rstrip("."), low.rstrip(".") + "."])
        else:
            options.append([low])
    return sorted({" ".join(t for t in combo if t is not None)
                   for combo in itertools.product(*options)})


def load_gazetteer(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check the alias table (default ``data/gazetteer.csv``).

    Returns columns ``entity``, ``type``, ``alias``, ``source``, ``note``, ``line`` (the row's
    line in the file). Raises CorpusError, naming the file and line, for a missing column, an
    empty cell, an unknown type, an entity given two types, or an alias that two rows claim
    (aliases are compared the way the matcher sees them: in any case, with article, dash,
    apostrophe and diacritic variants folded together).
    """
    path = Path(path) if path is not None else GAZETTEER_FILE
    rows = read_curated_csv(path, required=("entity", "type", "alias"))
    seen: dict[str, dict] = {}
    types: dict[str, dict] = {}
    for row in rows:
        where = f"{path}: line {row['_line']}"
        if row["type"] not in ENTITY_TYPES:
            raise CorpusError(f"{where}: unknown type {row['type']!r} for {row['alias']!r}; use "
                              f"one of {', '.join(ENTITY_TYPES)}.")
        if not re.search(r"[^\W_]", row["alias"]):
            raise CorpusError(f"{where}: the alias {row['alias']!r} has no letter or digit.")
        first = types.setdefault(row["entity"], row)
        if first["type"] != row["type"]:
            raise CorpusError(f"{where}: {row['entity']!r} is {row['type']} here but "
                              f"{first['type']} on line {first['_line']}; give it one type.")
        key = _signature(fold(row["alias"]))
        if key in seen:
            other = seen[key]
            if other["entity"] != row["entity"]:
                raise CorpusError(
                    f"{where}: the alias {row['alias']!r} is also claimed by "
                    f"{other['entity']!r} (line {other['_line']}, {other['alias']!r}); an alias "
                    f"must name one entity. Keep it on one row and note the ambiguity there.")
            raise CorpusError(
                f"{where}: {row['alias']!r} repeats {other['alias']!r} (line {other['_line']}) "
                f"as the matcher sees it (case, al-/el-/as- articles, dashes and diacritics are "
                f"folded). Delete one of the two rows.")
        seen[key] = row
    table = pd.DataFrame(rows, columns=["entity", "type", "alias", "source", "note", "_line"])
    table = table.rename(columns={"_line": "line"})
    table[["source", "note"]] = table[["source", "note"]].where(
        table[["source", "note"]].fillna("") != "", None)
    return table


# Matching runs on an ASCII image of the text, one character for one character: the folded
# text (above) with every other non-ASCII character replaced by "_" if it is a word character
# (so it still joins a word, as \w sees it) or by a space if not. All aliases are ASCII once
# folded, so this changes no match, and it lets the automata and numpy work on bytes whose
# offsets are the string's offsets.
class _AsciiTable(dict):
    def __missing__(self, code: int) -> int:
        ch = chr(_FOLD[code])
        if not ch.isascii():
            ch = "_" if re.match(r"\w", ch) else " "
        self[code] = ord(ch)
        return self[code]


_ASCII = _AsciiTable()
# The same image for the ASCII characters, as a bytes table (bytes.translate runs in C).
_ASCII_BYTES = bytes(_ASCII[c] for c in range(128)) + bytes(range(128, 256))


def _image_error(err: UnicodeEncodeError):
    """Codec error handler: each non-ASCII character becomes its one-character ASCII image."""
    return "".join(chr(_ASCII[ord(c)]) for c in err.object[err.start:err.end]), err.end


codecs.register_error("corpus-image", _image_error)


def ascii_image(text: str) -> bytes:
    """The ASCII image of ``text`` (see _AsciiTable), one byte for each character.

    Encoding runs in C for the ASCII characters; only non-ASCII ones reach Python, which
    matters on a million sentences where ``str.translate`` falls back to a dict lookup for
    every character as soon as one is non-ASCII.
    """
    return text.encode("ascii", "corpus-image").translate(_ASCII_BYTES)


_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
_IS_WORD = np.zeros(256, dtype=bool)
_IS_WORD[[ord(c) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"]] = True
_LOWER_NP = np.frombuffer(bytes(range(256)).translate(_LOWER), dtype=np.uint8)


# (The compiled loops of these sections are described where ``_jit`` is defined, at the top.)


@_jit
def _utf8_code_points(buf, starts, ends):
    """Which non-ASCII code points occur in the UTF-8 rows ``buf[starts[j]:ends[j]]``: a bool
    array over all code points."""
    seen = np.zeros(0x110000, dtype=np.bool_)
    for j in range(len(starts)):
        i = starts[j]
        while i < ends[j]:
            if buf[i] < 0x80:
                i += 1
            else:
                cp, size = _code_point_at(buf, i)
                seen[cp] = True
                i += size
    return seen


@_jit
def _char_lengths(buf, starts, ends):
    """The number of characters of each UTF-8 row ``buf[starts[j]:ends[j]]`` (its bytes that
    are not continuation bytes)."""
    out = np.empty(len(starts), dtype=np.int64)
    for j in range(len(starts)):
        n = 0
        for i in range(starts[j], ends[j]):
            n += buf[i] & 0xC0 != 0x80
        out[j] = n
    return out


@_jit
def _utf8_rows(buf, byte_starts, byte_ends, char_starts, table, out):
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
                cp, size = _code_point_at(buf, i)
                i += size
            out[k] = table[cp]
            k += 1
        counts[j] = k - char_starts[j]
        if k < len(out):
            out[k] = table[10]  # the newline after the row, in the joined text
    return counts


@_jit
def _byte_offsets(buf, chars, rows, row_starts, byte_starts, row_ascii):
    """The byte offsets in UTF-8 ``buf`` of character offsets ``chars`` in rows ``rows``:
    arithmetic in an ASCII row, a walk from the row's start in the others."""
    out = np.empty(len(chars), dtype=np.int64)
    for j in range(len(chars)):
        r = rows[j]
        if row_ascii[r]:
            out[j] = byte_starts[r] + chars[j] - row_starts[r]
            continue
        i = byte_starts[r]
        for _ in range(chars[j] - row_starts[r]):
            b = buf[i]
            i += 1 if b < 0x80 else (2 if b < 0xE0 else (3 if b < 0xF0 else 4))
        out[j] = i
    return out


@_jit
def _intern_into(buf, starts, ends, slots, hashes, first_starts, first_ends, n_unique):
    """Number the byte strings ``buf[starts[j]:ends[j]]``, going on from a table that already
    numbers ``n_unique`` strings: ``slots`` (open addressing, a power of two in size),
    ``hashes[c]``, ``first_starts[c]`` and ``first_ends[c]`` (where string c is in ``buf``).
    Returns ``(codes, slots, hashes, first_starts, first_ends, n_unique)``, grown as needed.

    An open-addressing hash table (FNV-1a) with an exact comparison on every hash hit, so two
    different strings never share a number. It stays as small as the number of distinct
    strings (a few thousand surfaces among millions of mentions), so it lives in the cache.
    """
    codes = np.empty(len(starts), dtype=np.int32)
    size = len(slots)
    for j in range(len(starts)):
        s, e = starts[j], ends[j]
        h = np.uint64(14695981039346656037)
        for i in range(s, e):
            h = (h ^ np.uint64(buf[i])) * np.uint64(1099511628211)
        slot = h & np.uint64(size - 1)
        while True:
            c = slots[slot]
            if c < 0:
                if n_unique == len(hashes):
                    hashes = _grown(hashes, 2 * n_unique)
                    first_starts = _grown(first_starts, 2 * n_unique)
                    first_ends = _grown(first_ends, 2 * n_unique)
                slots[slot] = n_unique
                hashes[n_unique] = h
                first_starts[n_unique], first_ends[n_unique] = s, e
                codes[j] = n_unique
                n_unique += 1
                break
            fs, fe = first_starts[c], first_ends[c]
            if hashes[c] == h and fe - fs == e - s:
                same = True
                for i in range(e - s):
                    if buf[fs + i] != buf[s + i]:
                        same = False
                        break
                if same:
                    codes[j] = c
                    break
            slot = (slot + np.uint64(1)) & np.uint64(size - 1)
        if 2 * n_unique > size:  # keep the table at most half full: rebuild it twice as big
            size *= 2
            slots = np.full(size, -1, dtype=np.int64)
            for c in range(n_unique):
                slot = hashes[c] & np.uint64(size - 1)
                while slots[slot] >= 0:
                    slot = (slot + np.uint64(1)) & np.uint64(size - 1)
                slots[slot] = c
    return codes, slots, hashes, first_starts, first_ends, n_unique


class _Interner:
    """Numbers for distinct byte strings of one buffer, fed in batches (see _intern_into)."""

    def __init__(self, buf: np.ndarray):
        self.buf = buf
        self.table = (np.full(1 << 12, -1, dtype=np.int64), np.empty(1 << 10, dtype=np.uint64),
                      np.empty(1 << 10, dtype=np.int64), np.empty(1 << 10, dtype=np.int64), 0)

    def codes(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """The number (int32) of each string ``buf[starts[j]:ends[j]]``."""
        codes, *self.table = _intern_into(self.buf, starts, ends, *self.table)
        return codes

    def strings(self) -> np.ndarray:
        """The distinct strings so far, decoded, in number order (an object array)."""
        n, raw = self.table[-1], self.buf
        out = np.empty(n, dtype=object)
        out[:] = [raw[s:e].tobytes().decode("utf-8", "surrogatepass")
                  for s, e in zip(self.table[2][:n].tolist(), self.table[3][:n].tolist())]
        return out


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
    one for the next step.
    """

    def __init__(self, texts: list[str] | None = None, segments: list[tuple] | None = None,
                 source=None, key: tuple | None = None):
        """Give ``texts`` (strings, encoded here) or ``segments``: the rows' own UTF-8 bytes
        as (bytes, starts, ends) triples, in row order, one for each buffer (the chunks of an
        Arrow text column, see joined_text), with ``source``, the Arrow array they belong to
        (kept, so that its bytes stay, and read for ``texts`` only if asked), and ``key``,
        what identifies that array (see joined_text)."""
        self._texts, self.source, self.key = texts, source, key
        self._words: Words | None = None
        # Characters per row: counted in the bytes when they are given (compiled, two slices
        # of the rows at once), else by len().
        if segments is not None:
            lengths = np.concatenate([by_rows(_char_lengths, *seg) for seg in segments]
                                     + [np.zeros(0, dtype=np.int64)])
        else:
            lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        self.starts = np.zeros(len(lengths), dtype=np.int64)  # as row_offsets(texts) gives them
        np.cumsum(lengths[:-1] + 1, out=self.starts[1:])
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
                self.buf = _joined_lines(segments)
                byte_lengths = np.concatenate([seg[2] - seg[1] for seg in segments]
                                              + [np.zeros(0, dtype=np.int64)])
            else:
                encoded = [t.encode("utf-8", "surrogatepass") for t in texts]
                byte_lengths = np.fromiter(map(len, encoded), dtype=np.int64,
                                           count=len(texts))
                self.buf = np.frombuffer(b"\n".join(encoded), dtype=np.uint8)
                del encoded
            self.byte_starts = np.zeros(len(lengths), dtype=np.int64)
            np.cumsum(byte_lengths[:-1] + 1, out=self.byte_starts[1:])
            self.byte_ends = self.byte_starts + byte_lengths
        self.row_ascii = self.byte_ends - self.byte_starts == lengths
        # ``flat``: ``buf`` is the joined text itself, one byte a character (ASCII rows joined
        # by newlines), so a byte offset is a character offset.
        self.flat = bool(self.row_ascii.all()) and len(self.buf) == (
            self.ends[-1] if len(lengths) else 0) and bool((self.byte_starts == self.starts).all())
        if self.flat:
            # bytes.translate runs in C; for ASCII text a byte is a character.
            self.image = np.frombuffer(self.buf.tobytes().translate(_ASCII_BYTES),
                                       dtype=np.uint8)
        else:
            # The distinct non-ASCII characters, looked for in the rows that hold any: only
            # these are looked up one by one.
            odd = np.flatnonzero(~self.row_ascii)
            self.points = np.flatnonzero(_utf8_code_points(
                self.buf, self.byte_starts[odd], self.byte_ends[odd]))
            self.image = self._decode(lambda code: _ASCII[code])

    @property
    def texts(self) -> list[str]:
        """The rows as Python strings (from an Arrow column, made on first use: only a query
        that needs Python's own regex reads them; a missing text reads as "")."""
        if self._texts is None:
            self._texts = ["" if t is None else t for t in self.source.to_pylist()]
        return self._texts

    def _table(self, byte_of) -> np.ndarray:
        """``byte_of(code point)`` for every code point of the text, as a lookup table."""
        table = np.zeros(int(self.points[-1]) + 1 if len(self.points) else 128, dtype=np.uint8)
        for code in itertools.chain(range(128), self.points.tolist()):
            table[code] = byte_of(code)
        return table

    def _decode(self, byte_of, rows: np.ndarray | None = None) -> np.ndarray:
        """One byte per character of the joined text, ``byte_of(code point)``, for every row
        and the newlines between them, or for ``rows`` only (the other characters are then
        left unset). Rows are decoded on two slices at once."""
        table = self._table(byte_of)
        out = np.empty(int(self.ends[-1]) if len(self.ends) else 0, dtype=np.uint8)
        if rows is None:
            by_rows(_utf8_rows, self.buf, self.byte_starts, self.byte_ends, self.starts, table,
                    out, sliced=3)
        else:
            by_rows(_utf8_rows, self.buf, self.byte_starts[rows], self.byte_ends[rows],
                    self.starts[rows], table, out, sliced=3)
        return out

    def tokens(self, rows: np.ndarray | None = None) -> np.ndarray:
        """One byte per character for the tokenizer's compiled form (see _token_class), of
        every row or only of ``rows`` (then the other rows' characters are left unset). Not
        kept: it is as large as the text, and the stance windows read only a few rows."""
        return self.buf if self.flat else self._decode(_token_class, rows)

    def words(self) -> "Words":
        """The word tokens of every row as numbers (built on first use, then kept)."""
        if self._words is None:
            self._words = Words(self)
        return self._words

    def row_of(self, offsets: np.ndarray) -> np.ndarray:
        """The row that holds each offset of the joined text."""
        offsets = np.asarray(offsets, dtype=np.int64)
        if len(offsets) > 1024 and len(self.starts) and _ascending(offsets):
            # Matches come in text order: one merge of two sorted lists, not a binary search
            # per match (a third of the time, for millions of matches).
            return _rows_of_sorted(self.starts, offsets)
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
        chars = np.asarray(chars, dtype=np.int64)
        if self.flat:
            return chars
        rows = self.row_of(chars) if rows is None else rows
        return _byte_offsets(self.buf, chars, rows, self.starts, self.byte_starts,
                             self.row_ascii)

    def strings(self, starts: np.ndarray, ends: np.ndarray,
                rows: np.ndarray | None = None) -> pd.Series:
        """The texts ``joined[starts[j]:ends[j]]`` (character offsets; ``rows``: the row of
        each span, if known) as an object Series.

        Spans are interned: a few thousand distinct surfaces among millions of matches become a
        few thousand Python strings, shared by the rows that show them.
        """
        if len(starts) == 0:
            return pd.Series([], dtype=object)
        rows = self.row_of(starts) if rows is None else rows
        # WORKERS slices of the spans are numbered at once, each by an interner of its own
        # (byte offsets found slice by slice, so no temporary array is as long as all spans);
        # then the slices' few thousand distinct strings are numbered together.
        cuts = np.linspace(0, len(starts), WORKERS + 1).astype(np.int64)
        if len(starts) < 1 << 16:
            cuts = cuts[[0, -1]]
        codes = np.empty(len(starts), dtype=np.int32)

        def intern(k):
            part = slice(cuts[k], cuts[k + 1])
            interner = _Interner(self.buf)
            codes[part] = interner.codes(self.byte_offsets(starts[part], rows[part]),
                                         self.byte_offsets(ends[part], rows[part]))
            return interner.strings()

        parts = list(_pool().map(intern, range(len(cuts) - 1)))
        unique: dict[str, int] = {}
        for k, strings in enumerate(parts):
            number = np.array([unique.setdefault(t, len(unique)) for t in strings.tolist()],
                              dtype=np.int32)
            np.take(number, codes[cuts[k]:cuts[k + 1]], out=codes[cuts[k]:cuts[k + 1]])
        values = np.empty(len(unique), dtype=object)
        values[:] = list(unique)
        return pd.Series(values[codes], dtype=object, copy=False)


@_jit
def _ascending(values):
    """Whether ``values`` never go down."""
    for i in range(1, len(values)):
        if values[i] < values[i - 1]:
            return False
    return True


@_jit
def _rows_of_sorted(starts, offsets):
    """``searchsorted(starts, offsets, "right") - 1`` for ascending ``offsets``, as a merge."""
    out = np.empty(len(offsets), dtype=np.int64)
    row = 0
    for j in range(len(offsets)):
        while row + 1 < len(starts) and starts[row + 1] <= offsets[j]:
            row += 1
        out[j] = row if starts[0] <= offsets[j] else -1
    return out


_LAST_JOINED: list = []


def joined_text(texts) -> JoinedText:
    """A JoinedText of ``texts`` (a text column, or a list of strings), reusing the last one
    when the texts are the same (the notebooks find entities, then frames, then KWIC lines in
    the same sentences).

    A ``str`` column (Arrow) is joined from its own bytes, never turned into Python strings;
    it is the same column as last time when it holds the very same Arrow buffers (they cannot
    change, and the last JoinedText keeps them, so their addresses cannot be reused).
    """
    if isinstance(texts, pd.Series) and isinstance(texts.dtype, pd.StringDtype) and \
            texts.dtype.storage == "pyarrow":
        source = texts.array.__arrow_array__()
        key = (len(texts),) + tuple(_chunk_key(chunk) for chunk in source.chunks)
        if _LAST_JOINED and _LAST_JOINED[0].key == key:
            return _LAST_JOINED[0]
        _LAST_JOINED.clear()  # let the previous one go before building the next
        joined = JoinedText(segments=_merged([_arrow_rows(chunk) for chunk in source.chunks]),
                            source=source, key=key)
    else:
        texts = texts.tolist() if isinstance(texts, pd.Series) else list(texts)
        if _LAST_JOINED and _LAST_JOINED[0].key is None and _LAST_JOINED[0].texts == texts:
            return _LAST_JOINED[0]  # equal lists: the same joined text
        _LAST_JOINED.clear()
        joined = JoinedText(texts)
    _LAST_JOINED.append(joined)
    return joined


def _merged(segments: list[tuple]) -> list[tuple]:
    """(buf, starts, ends) segments with neighbours that read the same buffer made one (the
    sentences of a corpus are hundreds of slices of one Arrow column)."""
    groups: list[list[tuple]] = []
    for seg in segments:
        last = groups[-1][-1][0] if groups else None
        if last is not None and last.ctypes.data == seg[0].ctypes.data and len(last) == len(
                seg[0]):
            groups[-1].append(seg)
        else:
            groups.append([seg])
    return [(group[0][0], np.concatenate([seg[1] for seg in group]),
             np.concatenate([seg[2] for seg in group])) for group in groups]


def _chunk_key(chunk) -> tuple:
    """What identifies an Arrow string chunk: its buffers' addresses, its offset, length."""
    return tuple(b.address if b is not None else 0 for b in chunk.buffers()) + (
        chunk.offset, len(chunk))


def _arrow_rows(chunk) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(bytes, starts, ends) of the rows of an Arrow string chunk, read in place (a missing
    text is an empty row)."""
    _, offsets, data = chunk.buffers()
    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    bounds = np.frombuffer(offsets, dtype=width)[chunk.offset:chunk.offset + len(chunk) + 1]
    bounds = bounds.astype(np.int64)
    starts, ends = bounds[:-1], bounds[1:].copy()
    if chunk.null_count:
        missing = np.asarray(chunk.is_null())
        ends[missing] = starts[missing]
    buf = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return buf, starts, ends


def _addresses(objects: np.ndarray) -> np.ndarray:
    """The object pointers an object array holds, as an int64 copy (numpy will not view an
    object array as numbers, so the view is made through ctypes and copied at once)."""
    objects = np.ascontiguousarray(objects, dtype=object)
    if len(objects) == 0:
        return np.zeros(0, dtype=np.int64)
    pointer = ctypes.cast(objects.ctypes.data, ctypes.POINTER(ctypes.c_int64))
    return np.ctypeslib.as_array(pointer, shape=(len(objects),)).copy()


@_jit
def _copy_rows(buf, starts, ends, out_starts, out):
    """``out[out_starts[j]:...] = buf[starts[j]:ends[j]]`` for each row j."""
    for j in range(len(starts)):
        out[out_starts[j]:out_starts[j] + ends[j] - starts[j]] = buf[starts[j]:ends[j]]


def _joined_lines(segments: list[tuple]) -> np.ndarray:
    """The byte ranges ``buf[starts[j]:ends[j]]`` of each (buf, starts, ends) segment, in
    order, joined by newlines (copied on two slices of the rows at once)."""
    lengths = np.concatenate([ends - starts for _, starts, ends in segments]
                             + [np.zeros(0, dtype=np.int64)])
    out_starts = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=out_starts[1:])
    out = np.empty(int(out_starts[-1] + lengths[-1]) if len(lengths) else 0, dtype=np.uint8)
    out[out_starts[1:] - 1] = 10
    first = 0
    for buf, starts, ends in segments:
        by_rows(_copy_rows, buf, starts, ends, out_starts[first:first + len(starts)], out,
                sliced=3)
        first += len(starts)
    return out


WORKERS = min(2, os.cpu_count() or 1)  # threads per scan (the machines have two cores)
_POOL: list = []


def in_parallel(scan, image: np.ndarray, *args):
    """Run a compiled scan ``scan(image, *args) -> (starts, ends, values)`` over ``WORKERS``
    pieces of ``image`` at once, in threads (the compiled loops release the GIL).

    Pieces end just after a newline. No match holds a newline and a newline is not a word
    character, so a piece's edges look to the scan exactly like the row boundaries they are,
    and the pieces' matches, shifted back to the whole image, are the whole image's matches.
    """
    cuts = [0]
    for k in range(1, WORKERS):
        newline = np.flatnonzero(image[len(image) * k // WORKERS:][:1 << 20] == 10)
        cuts.append(len(image) * k // WORKERS + int(newline[0]) + 1 if len(newline) else cuts[-1])
    cuts.append(len(image))
    pieces = [(a, b) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]
    if len(pieces) <= 1:
        return scan(image, *args)
    parts = list(_pool().map(lambda piece: scan(image[piece[0]:piece[1]], *args), pieces))
    # One output array each, the pieces' offsets shifted as they are copied in (no temporary
    # arrays: at a few million matches every array costs).
    out = tuple(np.empty(sum(len(part[0]) for part in parts), dtype=np.int64) for _ in range(3))
    at = 0
    for part, (a, _) in zip(parts, pieces):
        n = len(part[0])
        np.add(part[0], a, out=out[0][at:at + n])
        np.add(part[1], a, out=out[1][at:at + n])
        out[2][at:at + n] = part[2]
        at += n
    return out


# ---------------------------------------------------------------------------------------------
# Word tokens of a whole corpus, compiled (the tokenizer of section 2, WORD_PATTERN)
# ---------------------------------------------------------------------------------------------
#
# Word counts, bigram collocations and collocate windows read every token of every sentence.
# Done in Python (a regex per sentence, a string per token) that is tens of seconds on a
# million sentences, so WORD_PATTERN is also written out as a small compiled tokenizer over
# per-character classes, and each token becomes a number in a vocabulary (``Words``). The
# counting is then numpy; NLTK still scores the bigrams. Tests compare every table with the
# plain Python reference (tokenize each text, count the strings).

# Character classes of the tokenizer (WORD_PATTERN) for the compiled stance window: an ASCII
# character stands for itself; other characters are 0x81 (a letter or digit: [^\W_]),
# 0x83 (the curly apostrophe ’) or 0x80 (anything else).
_TOK_ALNUM = np.zeros(256, dtype=np.bool_)
_TOK_ALNUM[list(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + [0x81]] = True
_TOK_WORD = _TOK_ALNUM.copy()
_TOK_WORD[ord("_")] = True
_TOK_APOSTROPHE = np.zeros(256, dtype=np.bool_)
_TOK_APOSTROPHE[[ord("'"), 0x83]] = True
# Contractions the tokenizer splits off ('s, 're, 've, 'll, 'd, 'm, 't), padded with 0.
_CONTRACTIONS = np.array([[ord(c) for c in w.ljust(2, "\0")] for w in
                          ("s", "re", "ve", "ll", "d", "m", "t")], dtype=np.uint8)


def _token_class(code: int) -> int:
    ch = chr(code)
    if code < 128:
        return code
    return 0x81 if re.match(r"[^\W_]", ch) else (0x83 if ch == "’" else 0x80)


@_jit
def _contraction(tok, p, limit):
    """Whether a split-off contraction ('s, 're, ...) starts at ``p`` (after an apostrophe)."""
    for w in range(len(_CONTRACTIONS)):
        size = 1 if _CONTRACTIONS[w, 1] == 0 else 2
        if p + size <= limit and tok[p] == _CONTRACTIONS[w, 0] and (
                size == 1 or tok[p + 1] == _CONTRACTIONS[w, 1]) and (
                p + size == limit or not _TOK_WORD[tok[p + size]]):
            return True
    return False


@_jit
def _tokenize_rows(tok, row_starts, row_ends, rows, starts, ends, counts):
    """The word tokens (WORD_PATTERN) of the given rows, each row read as its own text, in
    ``tok`` (see _token_class): their character spans go to ``starts``/``ends`` and the number
    of tokens of each row to ``counts``; with empty ``starts`` they are only counted. Returns
    the number of tokens.

    A token is a run of letters and digits, joined on by "-" or by an apostrophe that does
    not start a split-off contraction ('s, 're, ...), as ``_WORD_RE.finditer(text)`` reads it.
    """
    write = len(starts) > 0
    k = 0
    for j in range(len(rows)):
        p, limit = row_starts[rows[j]], row_ends[rows[j]]
        while p < limit:
            if not _TOK_ALNUM[tok[p]]:
                p += 1
                continue
            a = p
            while p < limit and _TOK_ALNUM[tok[p]]:
                p += 1
            while p + 1 < limit and _TOK_ALNUM[tok[p + 1]] and (tok[p] == 45 or (
                    _TOK_APOSTROPHE[tok[p]] and not _contraction(tok, p + 1, limit))):
                p += 1
                while p < limit and _TOK_ALNUM[tok[p]]:
                    p += 1
            if write:
                starts[k], ends[k] = a, p
                counts[j] += 1
            k += 1
    return k


@_jit
def _row_words(tok, row_starts, row_ends, rows):
    """(starts, ends, counts): the tokens of ``rows`` (see _tokenize_rows), counted first and
    then written to arrays of the right size (growing arrays in the loop made it 8x slower)."""
    none = np.empty(0, dtype=np.int64)
    n = _tokenize_rows(tok, row_starts, row_ends, rows, none, none, none)
    starts, ends = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    counts = np.zeros(len(rows), dtype=np.int64)
    _tokenize_rows(tok, row_starts, row_ends, rows, starts, ends, counts)
    return starts, ends, counts


class Words:
    """Every word token of the rows of a JoinedText, as numbers.

    ``ids[k]`` is token k's word (lower case, as ``tokenize`` gives it) in ``vocab``; the
    tokens of row r are ``ids[row_ptr[r]:row_ptr[r + 1]]``, in text order. Tokens are numbered
    by their exact UTF-8 bytes (_Interner), then each distinct spelling is lower-cased once in
    Python, so the vocabulary is exactly ``str.lower`` of the tokens.
    """

    ROWS_PER_BATCH = 1 << 17

    def __init__(self, joined: "JoinedText"):
        tok = joined.tokens()
        interner = _Interner(joined.buf)
        ids, counts = [], []
        for r0 in range(0, len(joined.starts), self.ROWS_PER_BATCH):
            rows = np.arange(r0, min(len(joined.starts), r0 + self.ROWS_PER_BATCH))
            starts, ends, n = _row_words(tok, joined.starts, joined.ends, rows)
            where = np.repeat(rows, n)
            ids.append(interner.codes(joined.byte_offsets(starts, where),
                                      joined.byte_offsets(ends, where)))
            counts.append(n)
        lowered = np.array([w.lower() for w in interner.strings()], dtype=object)
        lower_of, vocab = pd.factorize(lowered)
        self.vocab = np.asarray(vocab, dtype=object)
        self.ids = lower_of.astype(np.int32)[np.concatenate(ids)] if ids else np.zeros(
            0, dtype=np.int32)
        self.row_ptr = np.concatenate([[0], np.cumsum(np.concatenate(counts or [[]]))]).astype(
            np.int64)

    def content(self, stopwords: frozenset[str]) -> np.ndarray:
        """Per word of ``vocab``: True for a content word (not a stopword, not all digits)."""
        return np.array([w not in stopwords and not w.isdigit() for w in self.vocab.tolist()],
                        dtype=np.bool_)


@_jit
def _word_counts(ids, row_ptr, keep, n_words):
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


@_jit
def _kept_bigrams(ids, row_ptr, keep, n_words):
    """``w1 * n_words + w2`` for each pair of neighbours in a row once the words that are not
    ``keep`` are taken out (NLTK's bigrams over each row's content tokens)."""
    out = np.empty(len(ids), dtype=np.int64)
    k = 0
    for r in range(len(row_ptr) - 1):
        before = -1
        for t in range(row_ptr[r], row_ptr[r + 1]):
            w = ids[t]
            if keep[w]:
                if before >= 0:
                    out[k] = before * n_words + w
                    k += 1
                before = w
    return out[:k]


@_jit
def _near_nodes(tok_starts, tok_ends, tok_ptr, ids, first_id, node_ptr, node_starts, node_ends,
                keep, window, n_words):
    """Collocate counts around nodes (see ``collocates``). Row j (of the rows that hold a node)
    has tokens ``tok_*[tok_ptr[j]:tok_ptr[j + 1]]`` (character spans) whose words are
    ``ids[first_id[j]:]`` and nodes ``node_*[node_ptr[j]:node_ptr[j + 1]]``.

    A token is in a window if it is one of the ``window`` tokens before a node's first token or
    after its last, and not inside any node. Returns per word the count of its window tokens
    among the ``keep`` words, and the number of window tokens of any word.
    """
    near = np.zeros(n_words, dtype=np.int64)
    window_tokens = 0
    for j in range(len(tok_ptr) - 1):
        t0, t1 = tok_ptr[j], tok_ptr[j + 1]
        marked = np.zeros(t1 - t0, dtype=np.bool_)
        inside = np.zeros(t1 - t0, dtype=np.bool_)
        for q in range(node_ptr[j], node_ptr[j + 1]):
            ns, ne = node_starts[q], node_ends[q]
            first, last = t1 - t0, -1
            for k in range(t1 - t0):
                s, e = tok_starts[t0 + k], tok_ends[t0 + k]
                if e > ns and first == t1 - t0:
                    first = k
                if s < ne:
                    last = k
                if s >= ns and e <= ne:
                    inside[k] = True
            if last < 0:
                last = first - 1
            for k in range(max(0, first - window), first):
                marked[k] = True
            for k in range(last + 1, min(t1 - t0, last + 1 + window)):
                marked[k] = True
        for k in range(t1 - t0):
            if marked[k] and not inside[k]:
                window_tokens += 1
                w = ids[first_id[j] + k]
                if keep[w]:
                    near[w] += 1
    return near, window_tokens


def by_rows(kernel, buf: np.ndarray, *args, sliced: int = 2):
    """``kernel(buf, *args)``, a compiled loop over independent rows (or matches) whose first
    ``sliced`` arguments after ``buf`` are per-row arrays (say the rows' starts and ends), and
    that returns an array, or a tuple of arrays, with the rows' results in row order (or
    nothing, when it writes into an array it is given): run on ``WORKERS`` slices of the rows
    at once, in threads."""
    n = len(args[0])
    cuts = np.linspace(0, n, WORKERS + 1).astype(np.int64)
    if WORKERS == 1 or n < 4096:
        return kernel(buf, *args)
    parts = list(_pool().map(lambda k: kernel(buf, *(
        a[cuts[k]:cuts[k + 1]] if i < sliced else a for i, a in enumerate(args))),
        range(WORKERS)))
    if parts[0] is None:
        return None
    if isinstance(parts[0], tuple):
        return tuple(np.concatenate(column) for column in zip(*parts))
    return np.concatenate(parts)


def _pool():
    """The threads the compiled scans share (WORKERS of them), started on first use."""
    if not _POOL:
        from concurrent.futures import ThreadPoolExecutor

        _POOL.append(ThreadPoolExecutor(WORKERS))
    return _POOL[0]


class _Trie:
    """Spellings as a byte trie with dense transitions over the bytes they use.

    ``trans[node, byte_class[b]]`` is the next node (0 = no way on); ``rows[node]`` the
    gazetteer row a spelling ends at that node names (-1: none).
    """

    def __init__(self, spellings: dict[str, int]):
        used = sorted({b for s in spellings for b in s.encode("ascii")})
        self.byte_class = np.zeros(256, dtype=np.int32)  # class 0: a byte no spelling uses
        self.byte_class[used] = np.arange(1, len(used) + 1)
        children: list[dict[int, int]] = [{}, {}]  # node 0 is the dead end, 1 the root
        rows = [-1, -1]
        for spelling, row in spellings.items():
            node = 1
            for b in spelling.encode("ascii"):
                node = children[node].setdefault(b, len(children))
                if node == len(children):
                    children.append({})
                    rows.append(-1)
            rows[node] = row
        self.trans = np.zeros((len(children), len(used) + 1), dtype=np.int32)
        for node, edges in enumerate(children):
            for b, child in edges.items():
                self.trans[node, self.byte_class[b]] = child
        self.rows = np.array(rows, dtype=np.int64)


@_jit
def _entity_scan(image, m_trans, m_class, m_rows, s_trans, s_class, s_rows, is_word):
    """Leftmost-longest whole-word matches of two tries: multi-word spellings in any case
    (``m_class`` maps a byte and its capital to the same class), one-word spellings as written.

    Returns (starts, ends, rows) as int64 arrays. At each position where a word may start
    (the character before is not a word character) the longest spelling of either trie that
    also ends at a word boundary wins; the scan goes on from its end.
    """
    # Room for a match every 16 characters at first: pages of np.empty that are never written
    # cost no memory, and growing the arrays would copy every match again.
    cap = max(1 << 16, len(image) // 16)
    starts = np.empty(cap, dtype=np.int64)
    ends = np.empty(cap, dtype=np.int64)
    rows = np.empty(cap, dtype=np.int64)
    k, resume = 0, 0
    for s in range(len(image)):  # (a for loop: LLVM made a while loop here 5x slower)
        if s < resume or (s > 0 and is_word[image[s - 1]]):
            continue
        # The two trie walks are written out: as an inlined function they ran 5x slower.
        e, r, node, i = -1, -1, 1, s
        while i < len(image):
            node = m_trans[node, m_class[image[i]]]
            if node == 0:
                break
            i += 1
            if m_rows[node] >= 0 and (i == len(image) or not is_word[image[i]]):
                e, r = i, m_rows[node]
        node, i = 1, s
        while i < len(image):
            node = s_trans[node, s_class[image[i]]]
            if node == 0:
                break
            i += 1
            if s_rows[node] >= 0 and i > e and (i == len(image) or not is_word[image[i]]):
                e, r = i, s_rows[node]
        if e < 0:
            continue
        if k == cap:
            cap *= 2
            starts, ends, rows = (_grown(starts, cap), _grown(ends, cap), _grown(rows, cap))
        starts[k], ends[k], rows[k] = s, e, r
        k += 1
        resume = e
    return starts[:k], ends[:k], rows[:k]


@_jit
def _grown(array, size):
    out = np.empty(size, dtype=array.dtype)
    out[:len(array)] = array
    return out


class EntityMatcher:
    """A whole alias table compiled into two byte tries, scanned by one compiled loop.

    The rules (each handled here, once, not by listing combinations in the table): whole words
    only; at a position the longest alias wins ("Sadr City" over "Sadr"); any case for
    multi-word aliases, as written or in capitals for one-word aliases; article variants
    (al-/el-/as-/al ...) and a dropped inner article; dashes as spaces; curly apostrophes;
    diacritics; "Mr"/"Mr."; a possessive ("'s", "s'") after a name is left outside the match.

    Multi-word spellings (lower case) are followed in the lower-cased image of the text,
    one-word spellings (as written and in capitals) in the image as it is (see _entity_scan).
    """

    def __init__(self, gazetteer: pd.DataFrame):
        self.gazetteer = gazetteer.reset_index(drop=True)
        multi: dict[str, int] = {}
        single: dict[str, int] = {}
        for row, alias in enumerate(self.gazetteer["alias"]):
            folded = " ".join(fold(alias).split())
            target = single if len(folded.split()) == 1 else multi
            for variant in alias_variants(folded):
                target.setdefault(variant, row)
        if not all(v.isascii() for v in [*multi, *single]):
            raise CorpusError("an alias is not ASCII once folded (letters of another script); "
                              "the matcher cannot take it. Transliterate it in the gazetteer.")
        self.multi, self.single = _Trie(multi), _Trie(single)
        self.multi_class = self.multi.byte_class[_LOWER_NP]  # any case: looked up once, here

    def spans(self, image: np.ndarray):
        """(starts, ends, rows) of every mention in an ASCII image (offsets into it)."""
        m, s = self.multi, self.single
        return in_parallel(_entity_scan, image, m.trans, self.multi_class, m.rows, s.trans,
                           s.byte_class, s.rows, _IS_WORD)

    def match_one(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, gazetteer row) of the mentions in one text."""
        image = np.frombuffer(ascii_image(text), dtype=np.uint8)
        return list(zip(*(a.tolist() for a in self.spans(image))))


_MATCHERS: dict[tuple, EntityMatcher] = {}


def entity_matcher(gazetteer: pd.DataFrame | str | Path | None = None) -> EntityMatcher:
    """The compiled matcher for a gazetteer (a table, a path, or the default file), cached."""
    if isinstance(gazetteer, pd.DataFrame):
        return EntityMatcher(gazetteer)
    path = Path(gazetteer) if gazetteer is not None else GAZETTEER_FILE
    key = (str(path.resolve()), path.stat().st_mtime_ns if path.exists() else 0)
    if key not in _MATCHERS:
        _MATCHERS[key] = EntityMatcher(load_gazetteer(path))
    return _MATCHERS[key]


def find_entities(corpus: pd.DataFrame,
                  gazetteer: pd.DataFrame | str | Path | None = None) -> pd.DataFrame:
    """One row per entity mention in every row of ``corpus`` (pass the sentences to count them).

    Returns columns ``sentence_id``, ``entity`` (canonical name), ``type``, ``surface`` (exactly
    ``text[start:end]``), ``start``, ``end`` (character offsets in the row's text) and ``alias``
    (the gazetteer row that matched), in text order.
    """
    matcher = entity_matcher(gazetteer)
    joined = joined_text(corpus["text"])
    starts, ends, rows = matcher.spans(joined.image)
    # No alias holds a newline, so no match crosses from one row into the next.
    which = joined.row_of(starts)
    gaz = matcher.gazetteer

    def names(column: str) -> pd.Series:
        # Object columns that point at the gazetteer's own strings: no copy per mention, which
        # keeps a few million mentions in little memory (a string dtype would copy each one).
        return pd.Series(gaz[column].to_numpy(dtype=object)[rows], dtype=object, copy=False)

    surface = joined.strings(starts, ends, which)
    starts, ends = joined.in_rows(starts, ends, which)
    return columns_frame({
        "sentence_id": corpus["sentence_id"].to_numpy()[which].astype("int64", copy=False),
        "entity": names("entity"),
        "type": names("type"),
        "surface": surface,
        "start": starts,
        "end": ends,
        "alias": names("alias"),
    })


def entity_frequency(mentions: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Per entity: ``mentions``, ``sentences`` (rows that mention it), ``share`` (of the rows in
    ``corpus``) and ``variants`` (distinct surface forms), most mentioned sentences first."""
    grouped = mentions.groupby(["entity", "type"], sort=False)
    table = pd.DataFrame({
        "mentions": grouped.size(),
        "sentences": grouped["sentence_id"].nunique(),
        "variants": grouped["surface"].nunique(),
    }).reset_index()
    table["share"] = (table["sentences"] / len(corpus)).round(3) if len(corpus) else 0.0
    table = table.sort_values(["sentences", "mentions", "entity"], ascending=[False, False, True],
                              kind="stable")
    return table[["entity", "type", "mentions", "sentences", "share", "variants"]].reset_index(
        drop=True)


def entity_variants(mentions: pd.DataFrame, entities=None) -> pd.DataFrame:
    """For each entity (all, or those listed), each surface form with its ``count``: columns
    ``entity``, ``surface``, ``count``, ``share`` (of that entity's mentions)."""
    if entities is not None:
        mentions = mentions[mentions["entity"].isin(list(entities))]
    table = mentions.groupby(["entity", "surface"]).size().rename("count").reset_index()
    table["share"] = (table["count"] / table.groupby("entity")["count"].transform("sum")).round(3)
    rank = {e: i for i, e in enumerate(entities)} if entities is not None else None
    table["_rank"] = table["entity"].map(rank) if rank else 0
    table = table.sort_values(["_rank", "entity", "count", "surface"],
                              ascending=[True, True, False, True], kind="stable")
    return table.drop(columns="_rank").reset_index(drop=True)


# A capitalised word: "Basrawis", "Allawi's" (possessive left out), "U.S.".
_CAP_WORD = r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][\w]*(?:[-'][A-Za-z]\w*)*)"
# Lower-case particles that sit inside names: "Ali al-Sistani", "Abu Bakr al-Baghdadi".
_CAP_SEQUENCE = re.compile(rf"{_CAP_WORD}(?:(?: (?:al-|el-|bin |ibn |of |al |de |the )?){_CAP_WORD})*")


def uncovered_names(corpus: pd.DataFrame, mentions: pd.DataFrame,
                    stopwords: frozenset[str] | None = None) -> pd.DataFrame:
    """Capitalised name sequences that the gazetteer does not cover, most frequent first.

    A data-free heuristic (no NLTK models): the gazetteer's mentions are blanked out, then runs
    of capitalised words are collected. A sentence's first word is dropped when it is a
    stopword or never appears capitalised mid-sentence ("Many", "Perhaps"), since capitals
    there say nothing. Returns columns ``name``, ``count``, ``sentences``, ``example_id``.
    """
    stopwords = load_stopwords() if stopwords is None else stopwords
    texts = corpus["text"].tolist()
    ids = corpus["sentence_id"].to_numpy()
    offsets = row_offsets(texts)
    joined = "\n".join(texts)
    # Blank out every mention in one pass over all rows joined (rows are in corpus order).
    position = pd.Index(ids).get_indexer(mentions["sentence_id"])
    keep = position >= 0
    spans = np.sort(offsets[position[keep]] + mentions["start"].to_numpy()[keep])
    lengths = (mentions["end"] - mentions["start"]).to_numpy()[keep][np.argsort(
        offsets[position[keep]] + mentions["start"].to_numpy()[keep], kind="stable")]
    # The text between mentions, and a run of "|" as long as each mention, one after another.
    # (Built with comprehensions: a million sentences hold millions of mentions.)
    cuts = spans.tolist()
    resumes = (spans + lengths).tolist()
    gaps = [joined[a:b] for a, b in zip([0] + resumes, cuts + [len(joined)])]
    bars = ["|" * n for n in lengths.tolist()] + [""]
    masked = "".join(itertools.chain.from_iterable(zip(gaps, bars)))
    # Where each row's text begins, after opening quotes or brackets.
    leads = offsets + np.array([len(t) - len(t.lstrip(" \"'(“‘")) for t in texts], dtype=np.int64)
    matches = [(m.start(), m.group()) for m in _CAP_SEQUENCE.finditer(masked)]
    at = np.array([start for start, _ in matches], dtype=np.int64)
    rows_of = np.searchsorted(offsets, at, side="right") - 1
    initials = (at == leads[rows_of]).tolist()
    mid_capitals = {group.split(" ", 1)[0] for (_, group), initial in zip(matches, initials)
                    if not initial}

    def trimmed(group: str, initial: bool) -> str | None:
        words = group.split(" ")
        if initial and (words[0].lower() in stopwords or words[0] not in mid_capitals):
            words = words[1:]
        while words and words[0].lower() in stopwords:
            words = words[1:]
        while words and words[-1].lower() in stopwords:
            words = words[:-1]
        return " ".join(words) if words and any(ch.isalpha() for ch in words[-1]) else None

    # The same capitalised run recurs thousands of times in a large corpus: trimmed once.
    names = {}
    rows = []
    for (_, group), initial, sid in zip(matches, initials, ids[rows_of].tolist()):
        key = (group, initial)
        if key not in names:
            names[key] = trimmed(group, initial)
        if names[key] is not None:
            rows.append((names[key], sid))
    table = pd.DataFrame(rows, columns=["name", "sentence_id"])
    grouped = table.groupby("name")["sentence_id"]
    out = pd.DataFrame({"count": grouped.size(), "sentences": grouped.nunique(),
                        "example_id": grouped.min()}).reset_index()
    out = out.sort_values(["count", "name"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def shared_name_words(mentions: pd.DataFrame) -> pd.DataFrame:
    """Name words that several entities share ("Sadr" in Muqtada al-Sadr, Sadr City, Sadrists).

    A word counts as shared when it starts a capitalised word of the surfaces of two or more
    entities (articles and titles aside). These are the places where a word count would merge
    different actors and the alias table keeps them apart. Columns: ``word``, ``entities``,
    ``surfaces``, ``mentions``.
    """
    skip = set(ARTICLES) | set(TITLES)
    # Work on the distinct (entity, surface) pairs with their counts: a million mentions
    # hold only a few hundred of them.
    pairs = mentions.groupby(["entity", "surface"], sort=True).size()
    folded = {surface: fold(surface) for surface in pairs.index.get_level_values("surface")}
    words = sorted({w for f in folded.values() for w in re.findall(r"[A-Z]\w{2,}", f)
                    if w.lower() not in skip})
    rows = []
    for word in words:
        pattern = re.compile(rf"(?<![\w]){re.escape(word)}\w*")
        hits = pairs[[bool(pattern.search(folded[s])) for _, s in pairs.index]]
        entities = sorted(set(hits.index.get_level_values("entity")))
        if len(entities) >= 2:
            rows.append({"word": word, "entities": ", ".join(entities),
                         "surfaces": ", ".join(sorted(set(
                             hits.index.get_level_values("surface")))),
                         "mentions": int(hits.sum())})
    table = pd.DataFrame(rows, columns=["word", "entities", "surfaces", "mentions"])
    return table.sort_values(["mentions", "word"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# 4. Co-occurrence
# ---------------------------------------------------------------------------------------------

PAIR_COLUMNS = ["entity_a", "entity_b", "count", "count_a", "count_b", "expected", "pmi", "npmi",
                "llr", "p_value", "dice"]


def factorize_strings(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize(values)`` of an object column whose few distinct strings are shared by
    many rows (the entity names of millions of mentions point at the gazetteer's strings).

    The rows are numbered by the string object they hold (integers, a tenth of the time of
    hashing every string), then the distinct objects by their value, so equal strings held by
    different objects still get one number. Missing values fall back to ``pd.factorize``.
    """
    array = values.to_numpy(dtype=object)
    by_object, objects = pd.factorize(_addresses(array))
    if len(objects) > max(1000, len(array) // 10):  # mostly distinct objects: no gain
        return _factorized(array)
    # Numbers come in order of first appearance, so each object's first row is where the
    # running maximum of the numbers goes up.
    first = np.flatnonzero(np.diff(np.maximum.accumulate(by_object), prepend=-1) > 0)
    codes, names = pd.factorize(array[first])
    if (codes < 0).any():
        return _factorized(array)
    return codes[by_object], pd.Index(names, dtype=object)


def _factorized(array: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    codes, names = pd.factorize(array)
    return codes, pd.Index(names, dtype=object)


def incidence(mentions: pd.DataFrame, entities=None):
    """The sparse sentence x entity matrix (1 where a sentence mentions an entity).

    Returns ``(matrix, sentence_ids, entities)``; entities are ordered by the number of sentences
    that mention them (ties by name) unless ``entities`` gives the order. Built with scipy.sparse,
    so co-occurrence adds up each sentence's few entities (see _gram), not a loop over pairs.
    """
    # Integer codes first: a million mentions are counted as numbers, not as strings.
    codes, names = factorize_strings(mentions["entity"])
    ids = mentions["sentence_id"].to_numpy()
    if len(ids) and (np.diff(ids) >= 0).all():  # mentions come in text order: no sort needed
        new_row = np.concatenate([[True], ids[1:] != ids[:-1]])
        sentence_ids, rows = ids[new_row], np.cumsum(new_row) - 1
    else:
        sentence_ids, rows = np.unique(ids, return_inverse=True)
    pairs = sparse.coo_matrix((np.ones(len(codes), dtype=np.int64), (rows, codes)),
                              shape=(len(sentence_ids), len(names))).tocsr()  # sums repeats
    if entities is None:
        counts = np.bincount(pairs.indices, minlength=len(names))  # sentences per entity
        entities = sorted(names, key=lambda e: (-counts[names.get_loc(e)], e))
    entities = list(entities)
    # Columns in the order asked for: an entity not listed is dropped, one never mentioned is a
    # column of zeros; a sentence that names an entity twice counts once.
    column = np.full(len(names), -1, dtype=np.int64)
    listed = names.get_indexer(entities)
    column[listed[listed >= 0]] = np.flatnonzero(listed >= 0)
    keep = column[pairs.indices] >= 0
    rows = np.repeat(np.arange(pairs.shape[0]), np.diff(pairs.indptr))[keep]
    matrix = sparse.csr_matrix((np.ones(int(keep.sum()), dtype=np.int64),
                                (rows, column[pairs.indices[keep]])),
                               shape=(len(sentence_ids), len(entities)))
    # Sentences that name none of the listed entities are not rows of the matrix.
    named = np.diff(matrix.indptr) > 0
    return matrix[named], sentence_ids[named], entities


def cooccurrence(mentions: pd.DataFrame, entities=None) -> pd.DataFrame:
    """Symmetric entity x entity table: the number of sentences that mention both.

    The diagonal is the number of sentences that mention the entity. Entities are ordered by
    that number (or as ``entities`` lists them).
    """
    matrix, _, entities = incidence(mentions, entities)
    counts = _gram(matrix.indptr, matrix.indices, matrix.data.astype(np.int64), len(entities))
    return pd.DataFrame(counts, index=pd.Index(entities, name="entity"),
                        columns=pd.Index(entities, name="entity"))


@_jit
def _gram(indptr, indices, data, n):
    """``(M.T @ M).toarray()`` of a CSR matrix M with ``n`` columns, as a dense int64 array.

    Written by hand because scipy's sparse product is general (it builds a sparse result
    through a second pass over every row): here each sentence names a handful of entities, so
    adding up the pairs of each row into a small dense table takes an eighth of its time.
    """
    out = np.zeros((n, n), dtype=np.int64)
    for r in range(len(indptr) - 1):
        for a in range(indptr[r], indptr[r + 1]):
            for b in range(indptr[r], indptr[r + 1]):
                out[indices[a], indices[b]] += data[a] * data[b]
    return out


def named_with(table: pd.DataFrame, entity: str, n: int = 10) -> pd.DataFrame:
    """The entities named in the same sentences as ``entity``, most shared sentences first.

    ``table`` is ``cooccurrence``'s. Returns columns ``entity`` and ``sentences`` (the ``n``
    largest, ties in the table's order)."""
    row = table.loc[entity].drop(entity)
    row = row[row > 0].sort_values(ascending=False, kind="stable").head(n)
    return row.rename("sentences").rename_axis("entity").reset_index()


def _association(n_ii: int, n_ix: int, n_xi: int, n_xx: int) -> dict:
    """Association measures of one 2x2 table (NLTK's, plus the two NLTK lacks).

    ``n_ii``: units with both, ``n_ix``/``n_xi``: units with each, ``n_xx``: all units.
    NPMI (Bouma 2009) is PMI / -log2 p(both); NLTK has no NPMI, so it is derived from NLTK's
    PMI here. The p-value of G² is the chi-square tail with one degree of freedom.
    """
    measures = BigramAssocMeasures
    marginals = (n_ix, n_xi)
    if n_ii == 0:
        pmi, npmi = float("-inf"), -1.0
    else:
        pmi = measures.pmi(n_ii, marginals, n_xx)
        npmi = 1.0 if n_ii == n_xx else pmi / -np.log2(n_ii / n_xx)
    llr = measures.likelihood_ratio(n_ii, marginals, n_xx)
    return {
        "expected": n_ix * n_xi / n_xx,
        "pmi": pmi,
        "npmi": npmi,
        "llr": llr,
        "p_value": np.nan,  # filled in for all rows at once by _p_values (one scipy call)
        "dice": measures.dice(n_ii, marginals, n_xx),
    }


def _p_values(table: pd.DataFrame) -> pd.DataFrame:
    """Fill ``p_value``, the chi-square tail of G² with one degree of freedom, for all rows."""
    table["p_value"] = stats.chi2.sf(table["llr"].to_numpy(dtype=float), 1)
    return table


def cooccurrence_pairs(mentions: pd.DataFrame, corpus: pd.DataFrame, min_count: int = 1,
                       sort_by: str = "llr", table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per pair of entities that share at least ``min_count`` sentences.

    ``corpus`` is the table that was annotated: its rows are the units, so sentences that
    mention nobody count in the totals. Columns: ``entity_a``, ``entity_b``, ``count``
    (sentences with both), ``count_a``, ``count_b``, ``expected`` (count if independent),
    ``pmi``, ``npmi``, ``llr`` (log-likelihood G²), ``p_value`` and ``dice``, all from the 2x2
    sentence contingency table with NLTK's ``BigramAssocMeasures``. Sorted by ``sort_by``
    (descending; ties by count, then names). ``table``: ``cooccurrence(mentions)`` if it is
    at hand already (it is computed here otherwise).
    """
    table = cooccurrence(mentions) if table is None else table
    counts = table.to_numpy()
    entities = table.index.tolist()
    n_xx = len(corpus)
    a, b = np.triu_indices(len(entities), k=1)
    keep = counts[a, b] >= max(min_count, 0)
    rows = []
    for i, j in zip(a[keep], b[keep]):
        n_ii, n_ix, n_xi = int(counts[i, j]), int(counts[i, i]), int(counts[j, j])
        rows.append({"entity_a": entities[i], "entity_b": entities[j], "count": n_ii,
                     "count_a": n_ix, "count_b": n_xi, **_association(n_ii, n_ix, n_xi, n_xx)})
    pairs = _p_values(pd.DataFrame(rows, columns=PAIR_COLUMNS))
    if sort_by not in PAIR_COLUMNS[2:]:
        raise ValueError(f"sort_by={sort_by!r}: choose one of {PAIR_COLUMNS[2:]}")
    pairs = pairs.sort_values([sort_by, "count", "entity_a", "entity_b"],
                              ascending=[False, False, True, True], kind="stable")
    return pairs.reset_index(drop=True)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the word tokens of one text (the tokenizer of section 2)."""
    return [m.span() for m in _WORD_RE.finditer(text)]


def collocates(corpus: pd.DataFrame, spans: pd.DataFrame, window: int = 5, min_count: int = 1,
               stopwords: frozenset[str] | None = None, sort_by: str = "llr",
               attracted_only: bool = True) -> pd.DataFrame:
    """Words that occur within ``window`` words of the given spans, with association measures.

    ``spans`` has ``sentence_id``, ``start``, ``end`` (the mentions of one entity, or the
    matches of a phrase). Windows count words and stop at the sentence. The 2x2 table is over
    word tokens: (in a window or not) x (the word or not), so ``count`` is how often the word
    stands near the node, ``frequency`` how often it occurs in the corpus. Stopwords and tokens
    inside a span are not candidates. With ``attracted_only`` (the default) only words seen more
    often than expected are kept. Columns: ``word``, ``count``, ``frequency``, ``expected``,
    ``pmi``, ``npmi``, ``llr``, ``p_value``, ``dice``; sorted by ``sort_by``.
    """
    stopwords = load_stopwords() if stopwords is None else stopwords
    if not corpus["sentence_id"].is_unique:
        raise ValueError("collocates: the corpus has repeated sentence_id values; each row "
                         "needs its own id (load_corpus numbers the rows).")
    joined = joined_text(corpus["text"])
    words = joined.words()
    keep = words.content(stopwords)
    size = len(words.vocab)
    frequency, _ = _word_counts(words.ids, words.row_ptr, keep, size)
    # The rows that hold a node, in corpus order, and their nodes (character offsets in the
    # joined text); spans of sentences that are not in the corpus count for nothing.
    position = pd.Index(corpus["sentence_id"]).get_indexer(spans["sentence_id"])
    held = position >= 0
    node_rows = position[held].astype(np.int64)
    order = np.argsort(node_rows, kind="stable")
    node_rows = node_rows[order]
    node_starts = spans["start"].to_numpy(dtype=np.int64)[held][order] + joined.starts[node_rows]
    node_ends = spans["end"].to_numpy(dtype=np.int64)[held][order] + joined.starts[node_rows]
    rows, node_ptr = np.unique(node_rows, return_index=True)
    node_ptr = np.append(node_ptr, len(node_rows)).astype(np.int64)
    tok_starts, tok_ends, counts = _row_words(joined.tokens(), joined.starts, joined.ends, rows)
    tok_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    near, window_tokens = _near_nodes(tok_starts, tok_ends, tok_ptr, words.ids,
                                      words.row_ptr[rows], node_ptr, node_starts, node_ends,
                                      keep, window, size)
    total, window_tokens = int(frequency.sum()), int(window_tokens)
    found = np.flatnonzero(near >= max(min_count, 1))
    table = [{"word": w, "count": c, "frequency": f, **_association(c, window_tokens, f, total)}
             for w, c, f in zip(words.vocab[found].tolist(), near[found].tolist(),
                                frequency[found].tolist())]
    if attracted_only:
        # G² is two-sided: a word that is rarer near the node than elsewhere also scores high.
        # A collocate list shows the words drawn to the node, so those are kept.
        table = [r for r in table if r["count"] > r["expected"]]
    columns = ["word", "count", "frequency", "expected", "pmi", "npmi", "llr", "p_value", "dice"]
    table = _p_values(pd.DataFrame(table, columns=columns))
    table = table.sort_values([sort_by, "count", "word"], ascending=[False, False, True],
                              kind="stable")
    return table.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# 5. Wording
# ---------------------------------------------------------------------------------------------

LEXICON_FILE = DATA / "lexicon.csv"
STANCE_FILE = DATA / "stance_cues.csv"
FRAME_COLUMNS = ["sentence_id", "frame", "cameo", "surface", "start", "end", "stance", "pattern"]
# When a sentence carries several cues, the strongest claim about the ceasefire wins:
# "ignoring ... the ceasefire order" is a violation, not a declaration.
STANCES = ("violated", "rejected", "demanded", "extended", "kept", "declared")
STANCE_WINDOW = 8  # words either side of a ceasefire match where a cue counts

# Irregular verb forms for the ``~`` operator (regular forms are generated by rule).
IRREGULAR_VERBS = {
    "lay": ["laid"], "put": [], "set": [], "give": ["gave", "given"], "stand": ["stood"],
    "freeze": ["froze", "frozen"], "hold": ["held"], "break": ["broke", "broken"],
    "tell": ["told"], "go": ["went", "gone", "goes"], "keep": ["kept"], "take": ["took", "taken"],
    "throw": ["threw", "thrown"], "bring": ["brought"], "fight": ["fought"], "shoot": ["shot"],
    "withdraw": ["withdrew", "withdrawn"], "lead": ["led"], "make": ["made"], "send": ["sent"],
    "seek": ["sought"], "win": ["won"], "lose": ["lost"], "quit": [],
    "beat": ["beaten"], "strike": ["struck", "stricken"], "drive": ["drove", "driven"],
}
_VOWELS = "aeiou"
# Pattern tokens: "(a|b)", "word~", "word*", "..", "..N", each optionally followed by "?".
_TOKEN = re.compile(r"^(?:\((?P<alts>[^()]+)\)|(?P<word>[\w'’-]+[~*]?)|(?P<gap>\.\.(?P<n>[1-9])?))"
                    r"(?P<opt>\?)?$")
_SEP = r"[^\w\n]+"  # what may stand between two words of a phrase: spaces, commas, dashes


def inflections(verb: str) -> list[str]:
    """The forms ``verb~`` matches: base, -s, -ed, -ing (with e-drop and doubling) + irregulars.

    Written by hand because NLTK's data-free tools only go the other way (stemmers reduce a form
    to a stem; they do not generate forms), and a stem-then-compare match would also catch
    unrelated words that share a stem.
    """
    v = verb.lower()
    forms = {v}
    if v.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(v + "es")
    elif v.endswith("y") and v[-2:-1] not in _VOWELS:
        forms.add(v[:-1] + "ies")
    else:
        forms.add(v + "s")
    # One-syllable consonant-vowel-consonant verbs double the last letter: stop -> stopped.
    double = (len(v) >= 3 and v[-1] not in _VOWELS + "wxy" and v[-2] in _VOWELS
              and v[-3] not in _VOWELS and sum(ch in _VOWELS for ch in v) == 1)
    stem = v + v[-1] if double else v
    irregular = v in IRREGULAR_VERBS  # its past forms come from the table, not from "-ed"
    if v.endswith("e"):
        forms.add(v + "ing" if v.endswith(("ee", "ye", "oe")) else v[:-1] + "ing")
        forms.update([] if irregular else [v + "d"])
    elif v.endswith("y") and v[-2:-1] not in _VOWELS:
        forms.update({v[:-1] + "ied", v + "ing"})
    else:
        forms.add(stem + "ing")
        forms.update([] if irregular else [stem + "ed"])
    forms.update(IRREGULAR_VERBS.get(v, []))
    return sorted(forms)


def _word_regex(word: str) -> str:
    """One pattern word: a literal (hyphen = hyphen, space or nothing), ``verb~`` or ``prefix*``."""
    if word.endswith("~"):
        return "(?:" + "|".join(re.escape(f) for f in sorted(inflections(word[:-1]),
                                                               key=lambda f: (-len(f), f))) + ")"
    if word.endswith("*"):
        return _word_regex(word[:-1]) + r"\w*"
    parts = [re.escape(p) for p in re.split(r"-", word.replace("’", "'"))]
    return r"(?:-|[^\S\n]+)?".join(parts).replace("'", "['’]")


def compile_pattern(pattern: str, where: str = "pattern") -> str:
    """Translate one pattern of the lexicon language (see data/lexicon.csv) to a regex body.

    Raises ValueError naming ``where`` for a malformed pattern.
    """
    tokens = pattern.split()
    if not tokens:
        raise ValueError(f"{where}: the pattern is empty")
    parsed = []
    for token in tokens:
        m = _TOKEN.match(token)
        if not m or (m["alts"] and any(not re.fullmatch(r"[\w'’-]+[~*]?", a)
                                       for a in m["alts"].split("|"))):
            raise ValueError(f"{where}: cannot read {token!r} in {pattern!r}; a position is a "
                             f"word, word~, word*, (a|b|c), .. or ..N, optionally followed by ?")
        parsed.append(m)
    if parsed[0]["gap"] or parsed[-1]["gap"] or parsed[0]["opt"] or parsed[-1]["opt"]:
        raise ValueError(f"{where}: {pattern!r} must start and end with a word that is not "
                         f"optional")
    body = ""
    for i, m in enumerate(parsed):
        if m["gap"]:
            n = int(m["n"] or 3)
            body += rf"(?:\w+{_SEP}){{0,{n}}}"
            continue
        words = m["alts"].split("|") if m["alts"] else [m["word"]]
        alternatives = sorted((_word_regex(w) for w in words), key=lambda r: (-len(r), r))
        piece = "(?:" + "|".join(alternatives) + ")"
        last = i == len(parsed) - 1
        piece = piece if last else piece + _SEP
        body += f"(?:{piece})?" if m["opt"] else piece
    return body


def _load_patterns(path: Path, label: str, required: tuple[str, ...]) -> list[dict]:
    rows = read_curated_csv(path, required=required)
    for row in rows:
        where = f"{path}: line {row['_line']}"
        if not re.fullmatch(r"[a-z][a-z_]*", row[label]):
            raise CorpusError(f"{where}: {label} {row[label]!r} must be a lower-case word "
                              f"such as 'ceasefire'.")
        try:
            row["_regex"] = compile_pattern(row["pattern"], where)
            if row.get("unless"):
                row["_unless"] = compile_pattern(row["unless"], where + " (unless)")
        except ValueError as err:
            raise CorpusError(str(err)) from None
    return rows


def load_lexicon(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check the wording lexicon (default ``data/lexicon.csv``).

    Columns ``frame``, ``pattern``, ``cameo``, ``unless``, ``note``, ``line``. Raises CorpusError
    naming the file and line for a missing column, an empty frame or pattern, a frame that is not
    a lower-case word, a CAMEO code that is not 2-4 digits, or a pattern that cannot be read.
    """
    path = Path(path) if path is not None else LEXICON_FILE
    rows = _load_patterns(path, "frame", ("frame", "pattern"))
    for row in rows:
        cameo = row.get("cameo") or ""
        if cameo and not re.fullmatch(r"\d{2,4}", cameo):
            raise CorpusError(f"{path}: line {row['_line']}: CAMEO code {cameo!r} should be 2-4 "
                              f"digits as text (e.g. 0871), or empty.")
    table = pd.DataFrame(rows).rename(columns={"_line": "line"})
    for column in ("cameo", "unless", "note"):
        if column not in table:
            table[column] = None
        table[column] = table[column].where(table[column].fillna("") != "", None)
    return table


def load_stance_cues(path: str | Path | None = None) -> pd.DataFrame:
    """Read the stance cues (default ``data/stance_cues.csv``): ``stance``, ``pattern``, ``note``.

    Every stance must be one of ``STANCES``."""
    path = Path(path) if path is not None else STANCE_FILE
    rows = _load_patterns(path, "stance", ("stance", "pattern"))
    for row in rows:
        if row["stance"] not in STANCES:
            raise CorpusError(f"{path}: line {row['_line']}: unknown stance {row['stance']!r}; "
                              f"use one of {', '.join(STANCES)}.")
    return pd.DataFrame(rows).rename(columns={"_line": "line"})


def _image_pattern(pattern: str) -> str:
    """A lexicon pattern as a regex body for the lower-cased ASCII image of the text."""
    ascii_pattern = "".join(c if c.isascii() else chr(_ASCII[ord(c)]) for c in pattern)
    body = compile_pattern(ascii_pattern.lower())
    return body.replace("['’]", "'")


# --- The lexicon as one DFA ------------------------------------------------------------------
# Lexicon rows, unless patterns and stance cues are regular expressions over the lower-cased
# ASCII image of the text (``_image_pattern``). They are compiled here, with Python's own regex
# parser, into one anchored DFA per list (Thompson NFA + subset construction over byte classes),
# and the compiled loops below walk it. Written by hand because no library gives, for a start
# position, the longest end of *each* pattern in one walk, and RE2's Python wrapper hands back
# one match per call (a million-sentence corpus has millions). Semantics are those RE2 gave
# these patterns on bytes (it ran them before): ``\w`` is [A-Za-z0-9_], ``\s`` is
# [\t\n\f\r ] (the image holds no other whitespace), leftmost-longest; word boundaries around
# a whole match are applied by the scans. Lookarounds and backreferences are refused (a DFA
# cannot express them). Tests compare the result with row-by-row regex references.

_BYTES_ALL = (1 << 256) - 1  # byte sets are 256-bit integers: bit b set <=> byte b in the set


def _byte_mask(values) -> int:
    m = 0
    for v in values:
        m |= 1 << v
    return m


_RE_WORD = _byte_mask(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_RE_DIGIT, _RE_SPACE = _byte_mask(b"0123456789"), _byte_mask(b" \t\n\r\f")
_RE_CATEGORIES = {
    _sre.CATEGORY_WORD: _RE_WORD, _sre.CATEGORY_NOT_WORD: _BYTES_ALL & ~_RE_WORD,
    _sre.CATEGORY_DIGIT: _RE_DIGIT, _sre.CATEGORY_NOT_DIGIT: _BYTES_ALL & ~_RE_DIGIT,
    _sre.CATEGORY_SPACE: _RE_SPACE, _sre.CATEGORY_NOT_SPACE: _BYTES_ALL & ~_RE_SPACE,
}
_RE_UPPER, _RE_LOWER = _byte_mask(range(65, 91)), _byte_mask(range(97, 123))


def _case_closed(m: int) -> int:
    """A byte set closed under ASCII case (what (?i) means for bytes)."""
    return m | ((m & _RE_UPPER) << 32) | ((m & _RE_LOWER) >> 32)


class _Nfa:
    """Thompson NFA: each state has epsilon successors, at most one byte-set edge, and may
    accept a body."""

    def __init__(self):
        self.eps: list[list[int]] = []
        self.edge: list[tuple[int, int] | None] = []  # (byte set, target)
        self.accept: dict[int, int] = {}  # state -> body index

    def new(self) -> int:
        self.eps.append([])
        self.edge.append(None)
        return len(self.eps) - 1

    def byte_edge(self, s: int, byteset: int) -> int:
        if self.edge[s] is not None:
            fresh = self.new()
            self.eps[s].append(fresh)
            s = fresh
        t = self.new()
        self.edge[s] = (byteset, t)
        return t

    def sequence(self, items, s: int, flags: int, where: str) -> int:
        """Add the NFA of a parsed sequence entered at ``s``; return its exit state."""
        for op, av in items:
            s = self.item(op, av, s, flags, where)
        return s

    def item(self, op, av, s: int, flags: int, where: str) -> int:
        if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.ANY, _sre.IN):
            return self.byte_edge(s, _byteset(op, av, flags, where))
        if op is _sre.SUBPATTERN:
            return self.sequence(av[3], s, (flags | av[1]) & ~av[2], where)
        if op is _sre.BRANCH:
            join = self.new()
            for alternative in av[1]:
                entry = self.new()
                self.eps[s].append(entry)
                self.eps[self.sequence(alternative, entry, flags, where)].append(join)
            return join
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):  # greedy or lazy: the same language
            low, high, items = av
            for _ in range(low):
                s = self.sequence(items, s, flags, where)
            if high is _sre.MAXREPEAT:  # a loop: s -> body -> s, and s -> exit
                entry, end = self.new(), self.new()
                self.eps[s] += [entry, end]
                self.eps[self.sequence(items, entry, flags, where)].append(s)
                return end
            end, exits = self.new(), []  # high - low optional copies, each may skip to the end
            for _ in range(high - low):
                entry = self.new()
                self.eps[s].append(entry)
                exits.append(s)
                s = self.sequence(items, entry, flags, where)
            for state in exits + [s]:
                self.eps[state].append(end)
            return end
        raise ValueError(f"{where}: {op} is not supported (lookarounds, anchors and "
                         f"backreferences cannot be compiled to a DFA)")


def _byteset(op, av, flags: int, where: str) -> int:
    """The set of bytes one character-level regex item matches."""
    icase = flags & re.IGNORECASE
    if op is _sre.LITERAL:
        return _case_closed(1 << av) if icase else 1 << av
    if op is _sre.NOT_LITERAL:
        return _BYTES_ALL & ~(_case_closed(1 << av) if icase else 1 << av)
    if op is _sre.ANY:
        return _BYTES_ALL if flags & re.DOTALL else _BYTES_ALL & ~(1 << 10)
    m, negate = 0, False  # op is IN: a character class, possibly negated
    for kind, value in av:
        if kind is _sre.NEGATE:
            negate = True
        elif kind is _sre.LITERAL:
            m |= 1 << value
        elif kind is _sre.RANGE:
            m |= ((1 << (value[1] + 1)) - 1) & ~((1 << value[0]) - 1)
        elif kind is _sre.CATEGORY and value in _RE_CATEGORIES:
            m |= _RE_CATEGORIES[value]
        else:
            raise ValueError(f"{where}: unsupported item {kind} {value} in a character class")
    m = _case_closed(m) if icase else m
    return _BYTES_ALL & ~m if negate else m


def _members(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class _Dfa:
    """One anchored DFA for the union of regex ``bodies`` (ASCII, over the image's bytes).

    ``trans[state, classes[byte]]`` is the next state (0 = dead, 1 = start); the bodies that
    match the bytes read so far are ``acc_idx[acc_ptr[q]:acc_ptr[q + 1]]`` (ascending).
    ``hope`` (with ``cls3`` and ``m``) says from the next two or three bytes whether a walk can
    reach an accepting state at all, so most positions are skipped at one table lookup.
    """

    def __init__(self, bodies: list[str]):
        nfa = _Nfa()
        start = nfa.new()
        for p, body in enumerate(bodies):
            parsed = _sre_parse(body.encode("ascii"), 0)
            entry = nfa.new()
            nfa.eps[start].append(entry)
            nfa.accept[nfa.sequence(parsed, entry, parsed.state.flags, f"pattern {body!r}")] = p
        # Bytes that every edge treats alike share a class.
        sets = sorted({edge[0] for edge in nfa.edge if edge is not None})
        signature: dict[tuple, int] = {}
        self.classes = np.zeros(256, dtype=np.uint8)
        for b in range(256):
            self.classes[b] = signature.setdefault(tuple((m >> b) & 1 for m in sets),
                                                   len(signature))
        n_classes = len(signature)
        class_bytes = [int(np.flatnonzero(self.classes == c)[0]) for c in range(n_classes)]
        # The members of DFA states are the NFA states with a byte edge or an accept.
        index, important = [-1] * len(nfa.eps), []
        for q in range(len(nfa.eps)):
            if nfa.edge[q] is not None or q in nfa.accept:
                index[q] = len(important)
                important.append(q)
        memo: dict[int, int] = {}

        def closure(root: int) -> int:
            if root not in memo:
                mask, seen, stack = 0, {root}, [root]
                while stack:
                    q = stack.pop()
                    mask |= 1 << index[q] if index[q] >= 0 else 0
                    for r in nfa.eps[q]:
                        if r not in seen:
                            seen.add(r)
                            stack.append(r)
                memo[root] = mask
            return memo[root]

        edge_classes, edge_target, accepts = [], [], []
        for q in important:
            edge = nfa.edge[q]
            edge_classes.append(() if edge is None else tuple(
                c for c, b in enumerate(class_bytes) if (edge[0] >> b) & 1))
            edge_target.append(0 if edge is None else closure(edge[1]))
            accepts.append(nfa.accept.get(q, -1))
        # Subset construction; a DFA state is the bitmask of its NFA members.
        start_mask = closure(start)
        ids, order, rows, acc_sets = {0: 0, start_mask: 1}, [0, start_mask], [], []
        for mask in _iter_growing(order):
            members = _members(mask)
            nxt = [0] * n_classes
            for i in members:
                for c in edge_classes[i]:
                    nxt[c] |= edge_target[i]
            row = []
            for m in nxt:
                if m not in ids:
                    ids[m] = len(order)
                    order.append(m)
                row.append(ids[m])
            rows.append(row)
            acc_sets.append(sorted({accepts[i] for i in members if accepts[i] >= 0}))
        if start_mask == 0:  # no body: the start state is the dead state
            rows, acc_sets = [rows[0], rows[0]], [[], []]
        self.trans = np.array(rows, dtype=np.int32).reshape(len(rows), n_classes)
        self.acc_ptr = np.zeros(len(rows) + 1, dtype=np.int32)
        self.acc_ptr[1:] = np.cumsum([len(a) for a in acc_sets])
        self.acc_idx = np.array([p for a in acc_sets for p in a], dtype=np.int32)
        self.hope, self.cls3, self.m = _prefilter(self.trans, self.classes, self.acc_ptr)
        # The patterns are written for lower-cased text. Reading an upper-case byte as its
        # lower-case class lets the scans walk the image as it is: no lower-cased copy of a
        # large corpus is made (it would be another byte per character in memory).
        self.classes, self.cls3 = self.classes[_LOWER_NP], self.cls3[_LOWER_NP]

    def args(self) -> tuple:
        return (self.classes, self.trans, self.acc_ptr, self.acc_idx, self.hope, self.cls3,
                self.m)


def _iter_growing(items: list):
    """Iterate over a list that grows while it is read (a work queue)."""
    k = 0
    while k < len(items):
        yield items[k]
        k += 1


@_jit
def _prefilter(trans, classes, acc_ptr):
    """``hope[(class(b0) * nc + class(b1)) * m + cls3[b2]]`` is 0 where the walk over the bytes
    b0 b1 (b2) dies without passing an accepting state, so no match starts there. Three bytes
    are looked at when there are few classes (nc <= 40), else two (then m = 1, cls3 all 0)."""
    nq, nc = trans.shape
    accepting = np.zeros(nq, dtype=np.uint8)
    for q in range(nq):
        accepting[q] = 1 if acc_ptr[q + 1] > acc_ptr[q] else 0
    three = nc <= 40
    m = nc if three else 1
    cls3 = np.zeros(256, dtype=np.int64)
    if three:
        for b in range(256):
            cls3[b] = classes[b]
    hope = np.zeros(nc * nc * m, dtype=np.uint8)
    for c0 in range(nc):
        q0 = trans[1, c0]
        for c1 in range(nc):
            q1 = trans[q0, c1]
            for c2 in range(m):
                alive = trans[q1, c2] != 0 if three else q1 != 0
                if accepting[1] or accepting[q0] or (three and accepting[q1]) or alive:
                    hope[(c0 * nc + c1) * m + c2] = 1
    return hope, cls3, m


@_jit
def _unless_at(image, e, u, classes, trans, acc_ptr, acc_idx, is_word):
    """Whether unless pattern ``u`` matches ``image[e:t]`` for some t not followed by a word
    character (Python's ``re.match(SEP(?:unless)(?!\\w), image, e)`` succeeds)."""
    n, state, t = len(image), 1, e
    while t < n:
        state = trans[state, classes[image[t]]]
        if state == 0:
            return False
        t += 1
        if t == n or not is_word[image[t]]:
            for q in range(acc_ptr[state], acc_ptr[state + 1]):
                if acc_idx[q] == u:
                    return True
    return False


@_jit
def _frame_scan(image, classes, trans, acc_ptr, acc_idx, hope, cls3, m, u_classes, u_trans,
                u_acc_ptr, u_acc_idx, unless_of, is_word):
    """Lexicon matches in an ASCII image (see _Dfa: any case): (starts, ends, rows), int64.

    At each word boundary (leftmost first) every lexicon row's longest match is found in one
    walk; a row whose ``unless`` pattern follows its match is set aside; the longest of the
    rest wins, the first row in lexicon order on a tie; the scan goes on from its end.
    """
    n, nc = len(image), trans.shape[1]
    best = np.full(len(unless_of), -1, dtype=np.int64)
    # Room for a match every 16 characters at first: pages of np.empty that are never written
    # cost no memory, and growing the arrays would copy every match again.
    cap = max(1 << 16, len(image) // 16)
    starts = np.empty(cap, dtype=np.int64)
    ends = np.empty(cap, dtype=np.int64)
    rows = np.empty(cap, dtype=np.int64)
    # The bytes a match can start with: a phrase (a KWIC query) starts with few, so most of
    # the text is passed over with one look-up a byte.
    first = np.zeros(256, dtype=np.bool_)
    for b in range(256):
        first[b] = trans[1, classes[b]] != 0 or acc_ptr[2] > acc_ptr[1]
    k, resume = 0, 0
    for s in range(n):
        # (The skip tests and the walk are written out here: as calls they ran 3-5x slower.)
        if s < resume or not first[image[s]]:
            continue
        if is_word[image[s]] == (s > 0 and is_word[image[s - 1]]):
            continue  # not a word boundary
        if s + 3 <= n and hope[(classes[image[s]] * nc + classes[image[s + 1]]) * m
                               + cls3[image[s + 2]]] == 0:
            continue
        found = False
        state, t = trans[1, classes[image[s]]], s
        while state != 0:
            t += 1
            if acc_ptr[state + 1] > acc_ptr[state] and is_word[image[t - 1]] != (
                    t < n and is_word[image[t]]):
                for q in range(acc_ptr[state], acc_ptr[state + 1]):
                    best[acc_idx[q]] = t
                found = True
            if t >= n:
                break
            state = trans[state, classes[image[t]]]
        if not found:
            continue
        e_best, r_best = -1, -1
        for r in range(len(best)):
            e = best[r]
            best[r] = -1
            if e <= e_best:
                continue
            u = unless_of[r]
            if u >= 0 and _unless_at(image, e, u, u_classes, u_trans, u_acc_ptr, u_acc_idx,
                                     is_word):
                continue
            e_best, r_best = e, r
        if r_best < 0:
            continue
        if k == cap:
            cap *= 2
            starts, ends, rows = (_grown(starts, cap), _grown(ends, cap), _grown(rows, cap))
        starts[k], ends[k], rows[k] = s, e_best, r_best
        k += 1
        resume = e_best
    return starts[:k], ends[:k], rows[:k]


@_jit
def _cue_scan(image, row_starts, row_ends, classes, trans, acc_ptr, acc_idx, hope, cls3, m,
              stance_of, n_stances, is_word):
    """Stance cues in the given rows of an ASCII image (any case), one leftmost-longest,
    non-overlapping scan per stance (done together): (starts, ends, stances) as int64 arrays."""
    nc = trans.shape[1]
    best = np.full(len(stance_of), -1, dtype=np.int64)
    longest = np.empty(n_stances, dtype=np.int64)
    resume = np.empty(n_stances, dtype=np.int64)
    cap = 1 << 12
    starts = np.empty(cap, dtype=np.int64)
    ends = np.empty(cap, dtype=np.int64)
    stances = np.empty(cap, dtype=np.int64)
    k = 0
    for r in range(len(row_starts)):
        a, b = row_starts[r], row_ends[r]
        resume[:] = a
        for s in range(a, b):
            if is_word[image[s]] == (s > a and is_word[image[s - 1]]):
                continue
            # (The skip test and the walk are written out: as calls they ran 3-5x slower.)
            if s + 3 <= b and hope[(classes[image[s]] * nc + classes[image[s + 1]]) * m
                                   + cls3[image[s + 2]]] == 0:
                continue
            found = False
            state, t = trans[1, classes[image[s]]], s
            while state != 0:
                t += 1
                if acc_ptr[state + 1] > acc_ptr[state] and is_word[image[t - 1]] != (
                        t < b and is_word[image[t]]):
                    for q in range(acc_ptr[state], acc_ptr[state + 1]):
                        best[acc_idx[q]] = t
                    found = True
                if t >= b:
                    break
                state = trans[state, classes[image[t]]]
            if not found:
                continue
            longest[:] = -1
            for p in range(len(best)):
                if best[p] > longest[stance_of[p]]:
                    longest[stance_of[p]] = best[p]
                best[p] = -1
            for st in range(n_stances):
                if longest[st] < 0 or s < resume[st]:
                    continue
                if k == cap:
                    cap *= 2
                    starts, ends, stances = (_grown(starts, cap), _grown(ends, cap),
                                             _grown(stances, cap))
                starts[k], ends[k], stances[k] = s, longest[st], st
                k += 1
                resume[st] = longest[st]
    return starts[:k], ends[:k], stances[:k]


@_jit
def _stances(tok, starts, ends, row_starts, row_ends, cue_starts, cue_ends, cue_ptr, window):
    """The stance of each match (index into STANCES, or -1): the first stance, in priority
    order, with a cue inside the ``window`` words before or after the match (tokenizer
    words, in the same row) and outside the match. Cues of stance k are
    ``cue_starts[cue_ptr[k]:cue_ptr[k + 1]]``, ascending.

    Tokens follow WORD_PATTERN: letters and digits, joined by "-" or by an apostrophe that does
    not start a split-off contraction. The words before a match are those of the text cut at
    the match's start, as ``finditer(text, 0, start)`` reads them. (The token loop is written
    out twice: as a function called per token it ran 3-5x slower.)
    """
    out = np.full(len(starts), -1, dtype=np.int64)
    ring = np.empty(window, dtype=np.int64)
    for j in range(len(starts)):
        a, b, r0, r1 = starts[j], ends[j], row_starts[j], row_ends[j]
        count, p = 0, r0  # the token starts before the match, in the text cut at its start
        while p < a:
            if not _TOK_ALNUM[tok[p]]:
                p += 1
                continue
            ring[count % window] = p
            count += 1
            while p < a and _TOK_ALNUM[tok[p]]:
                p += 1
            while p + 1 < a and _TOK_ALNUM[tok[p + 1]] and (tok[p] == 45 or (
                    _TOK_APOSTROPHE[tok[p]] and not _contraction(tok, p + 1, a))):
                p += 1
                while p < a and _TOK_ALNUM[tok[p]]:
                    p += 1
        lo = ring[count % window] if count >= window else r0
        got, p, hi = 0, b, r1  # the end of the window-th token after the match
        while p < r1:
            if not _TOK_ALNUM[tok[p]]:
                p += 1
                continue
            while p < r1 and _TOK_ALNUM[tok[p]]:
                p += 1
            while p + 1 < r1 and _TOK_ALNUM[tok[p + 1]] and (tok[p] == 45 or (
                    _TOK_APOSTROPHE[tok[p]] and not _contraction(tok, p + 1, r1))):
                p += 1
                while p < r1 and _TOK_ALNUM[tok[p]]:
                    p += 1
            got += 1
            if got == window:
                hi = p
                break
        for st in range(len(cue_ptr) - 1):
            i = cue_ptr[st] + np.searchsorted(cue_starts[cue_ptr[st]:cue_ptr[st + 1]], lo)
            while i < cue_ptr[st + 1] and cue_starts[i] < hi:
                if cue_ends[i] <= hi and (cue_ends[i] <= a or cue_starts[i] >= b):
                    out[j] = st
                    break
                i += 1
            if out[j] >= 0:
                break
    return out


class FrameMatcher:
    """The lexicon, its ``unless`` patterns and the stance cues, each compiled to one DFA.

    The rule the lexicon promises: at the leftmost position where any row matches, the longest
    match over all rows wins, and matches never overlap; a row whose ``unless`` pattern follows
    its match does not count there (a shorter match of another row may); the row behind a
    match is the first row, in lexicon order, with that longest match (see _frame_scan).
    """

    def __init__(self, lexicon: pd.DataFrame, cues: pd.DataFrame):
        self.lexicon = lexicon.reset_index(drop=True)
        self.rows = [dict(r) for r in self.lexicon.to_dict("records")]
        self.union = _Dfa([_image_pattern(r["pattern"]) for r in self.rows])
        with_unless = [i for i, r in enumerate(self.rows)
                       if isinstance(r.get("unless"), str) and r["unless"].strip()]
        self.unless_of = np.full(len(self.rows), -1, dtype=np.int64)
        self.unless_of[with_unless] = np.arange(len(with_unless))
        self.unless = _Dfa([f"{_SEP}(?:{_image_pattern(self.rows[i]['unless'])})"
                            for i in with_unless])
        cue_rows = sorted(cues.to_dict("records"), key=lambda c: STANCES.index(c["stance"]))
        self.cues = _Dfa([_image_pattern(c["pattern"]) for c in cue_rows])
        self.cue_stance = np.array([STANCES.index(c["stance"]) for c in cue_rows],
                                   dtype=np.int64)
        self.ceasefire = np.array([r["frame"] == "ceasefire" for r in self.rows], dtype=bool)

    def matches(self, image: np.ndarray):
        """(starts, ends, rows) of the lexicon matches in an ASCII image (any case)."""
        u = self.unless
        return in_parallel(_frame_scan, image, *self.union.args(), u.classes, u.trans,
                           u.acc_ptr, u.acc_idx, self.unless_of, _IS_WORD)

    def stances(self, joined: "JoinedText", starts, ends, rows) -> np.ndarray:
        """The stance (index into STANCES, or -1) of each match; only ceasefire matches have
        one. Cues are looked for only in the rows that hold a ceasefire match."""
        out = np.full(len(starts), -1, dtype=np.int64)
        wanted = np.flatnonzero(self.ceasefire[rows])
        if len(wanted) == 0 or len(self.cue_stance) == 0:
            return out
        which = joined.row_of(starts[wanted])  # ascending: matches come in text order
        held = which[np.flatnonzero(np.diff(which, prepend=-1))]
        c = self.cues
        cue_starts, cue_ends, cue_stances = by_rows(
            _cue_scan, joined.image, joined.starts[held], joined.ends[held], *c.args(),
            self.cue_stance, len(STANCES), _IS_WORD)
        order = np.lexsort((cue_starts, cue_stances))
        cue_ptr = np.searchsorted(cue_stances[order], np.arange(len(STANCES) + 1))
        out[wanted] = by_rows(_stances, joined.tokens(held), starts[wanted], ends[wanted],
                              joined.starts[which], joined.ends[which], cue_starts[order],
                              cue_ends[order], cue_ptr.astype(np.int64), STANCE_WINDOW,
                              sliced=4)
        return out


_FRAME_MATCHERS: dict[tuple, FrameMatcher] = {}


def frame_matcher(lexicon=None, cues=None) -> FrameMatcher:
    """A FrameMatcher for a lexicon and stance cues (tables or paths; default: data/ files).
    Built from files, it is cached until a file changes (building the DFAs takes a moment)."""
    if isinstance(lexicon, pd.DataFrame) or isinstance(cues, pd.DataFrame):
        lexicon = lexicon if isinstance(lexicon, pd.DataFrame) else load_lexicon(lexicon)
        cues = cues if isinstance(cues, pd.DataFrame) else load_stance_cues(cues)
        return FrameMatcher(lexicon, cues)
    paths = (Path(lexicon) if lexicon is not None else LEXICON_FILE,
             Path(cues) if cues is not None else STANCE_FILE)
    key = tuple((str(p.resolve()), p.stat().st_mtime_ns if p.exists() else 0) for p in paths)
    if key not in _FRAME_MATCHERS:
        _FRAME_MATCHERS[key] = FrameMatcher(load_lexicon(paths[0]), load_stance_cues(paths[1]))
    return _FRAME_MATCHERS[key]


def find_frames(corpus: pd.DataFrame, lexicon=None, cues=None) -> pd.DataFrame:
    """One row per wording match in every row of ``corpus``.

    Columns ``sentence_id``, ``frame``, ``cameo`` (closest CAMEO event code, or missing),
    ``surface`` (exactly ``text[start:end]``), ``start``, ``end``, ``stance`` (for ceasefire
    matches: declared, kept, violated, demanded, rejected or extended from cue words within
    ``STANCE_WINDOW`` words; missing where no cue is present) and ``pattern`` (the lexicon row).
    """
    matcher = lexicon if isinstance(lexicon, FrameMatcher) else frame_matcher(lexicon, cues)
    joined = joined_text(corpus["text"])
    starts, ends, rows = matcher.matches(joined.image)
    # Separators never include a newline, so no match crosses from one row into the next.
    which = joined.row_of(starts)
    stances = matcher.stances(joined, starts, ends, rows)

    def column(key: str) -> pd.Series:
        values = np.array([r[key] if isinstance(r[key], str) else None for r in matcher.rows]
                          + [None], dtype=object)[:-1]
        return pd.Series(values[rows], dtype=object, copy=False)

    surface = joined.strings(starts, ends, which)
    starts, ends = joined.in_rows(starts, ends, which)
    return columns_frame({
        "sentence_id": corpus["sentence_id"].to_numpy()[which].astype("int64", copy=False),
        "frame": column("frame"),
        "cameo": column("cameo"),
        "surface": surface,
        "start": starts,
        "end": ends,
        "stance": np.array(list(STANCES) + [None], dtype=object)[stances],
        "pattern": column("pattern"),
    })


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

    def spans(self, body: bytes) -> tuple[np.ndarray, np.ndarray]:
        """(starts, ends) in the joined text of the whole-word matches of a phrase ``body`` (a
        regex over the lower-cased image, see _plain_pattern), in text order."""
        if self._last[0] != body:  # the explorer counts, then shows: one scan for both
            none = _Dfa([])  # a phrase has no unless pattern
            found = in_parallel(_frame_scan, self.text.image, *_Dfa([body.decode("ascii")]).args(),
                                *none.args()[:4], np.full(1, -1, dtype=np.int64), _IS_WORD)
            self._last = (body, found[:2])
        return self._last[1]


    def counts(self, body: bytes) -> np.ndarray:
        """Matches of a phrase ``body`` in each row."""
        starts, _ = self.spans(body)
        return np.bincount(self.text.row_of(starts), minlength=len(self.offsets))


def kwic(corpus: pd.DataFrame, query: str, window: int = 5, regex: bool = False,
         limit: int | None = None, index: TextIndex | None = None) -> pd.DataFrame:
    """Keyword in context: one row per match of ``query`` in ``corpus``, in text order.

    ``query`` is a word or phrase (whole words, any case; spaces and hyphens interchangeable) or,
    with ``regex=True``, a regular expression (searched in each row on its own). Returns
    ``sentence_id``, ``left``, ``match``, ``right``, ``start``, ``end``; ``left``/``right`` hold
    up to ``window`` whitespace-separated words of the same row. ``limit`` keeps only the first
    matches (the explorer shows 40 of them and counts the rest with ``kwic_count``).
    """
    index = index or TextIndex(corpus)
    which, starts, ends = _query_spans(index, query, regex, limit)
    return _contexts(corpus, index.text, which, starts, ends, window)


def kwic_count(corpus: pd.DataFrame, query: str, regex: bool = False,
               index: TextIndex | None = None) -> tuple[int, int]:
    """(matches, rows) of ``query`` as ``kwic`` finds it, without building the context."""
    index = index or TextIndex(corpus)
    which, _, _ = _query_spans(index, query, regex)
    return len(which), len(np.unique(which))


def _plain_pattern(query: str) -> bytes | None:
    """The regex of a word or phrase query on the lower-cased ASCII image, or None when
    the query holds punctuation or another script (then Python's regex reads the text)."""
    words = [w for w in re.split(r"[\s-]+", query.strip()) if w]
    if not words:
        raise ValueError("kwic: the query is empty")
    folded = [ascii_image(w).translate(_LOWER) for w in words]
    if not all(re.fullmatch(rb"[a-z0-9]+", w) for w in folded):
        return None
    # Dashes and spaces are both spaces in the image and diacritics are folded. (The scan
    # puts word boundaries around the whole match.)
    return rb" +".join(folded)


def _query_spans(index: TextIndex, query: str, regex: bool, limit: int | None = None):
    """(rows, starts, ends) of the non-empty matches of a KWIC query (the first ``limit``), as
    int64 arrays; starts and ends are offsets in the row's text."""
    if regex:
        texts = index.texts  # (Python strings, made only for Python's regex)
        compiled = re.compile(query, re.IGNORECASE)
        found = (((i, m.start(), m.end()) for i, text in enumerate(texts)
                  for m in compiled.finditer(text) if m.end() > m.start()))
        spans = np.array(list(itertools.islice(found, limit)), dtype=np.int64).reshape(-1, 3)
        return spans[:, 0], spans[:, 1], spans[:, 2]
    pattern = _plain_pattern(query)
    if pattern is not None:
        # A word or phrase: one compiled scan of the image of all rows (any case).
        starts, ends = (a[:limit] for a in index.spans(pattern))
    else:
        # Punctuation or another script in the query: Python's regex on the text itself.
        # Separators never include a newline, so one scan of the joined rows cannot cross a row.
        words = [w for w in re.split(r"[\s-]+", query.strip()) if w]
        compiled = re.compile(r"(?<!\w)" + r"(?:[^\S\n]|-)+".join(map(re.escape, words))
                              + r"(?!\w)", re.IGNORECASE)
        found = np.array([m.span() for m in itertools.islice(
            compiled.finditer(index.joined), limit)], dtype=np.int64).reshape(-1, 2)
        starts, ends = found[:, 0], found[:, 1]
    which = index.text.row_of(starts)
    offsets = index.offsets[which]
    return which, starts - offsets, ends - offsets


def in_context(corpus: pd.DataFrame, spans: pd.DataFrame, window: int = 5) -> pd.DataFrame:
    """KWIC lines for given spans (``sentence_id``, ``start``, ``end``: entity mentions, frame
    matches or query matches). Returns ``sentence_id``, ``left``, ``match``, ``right``,
    ``start``, ``end``, with ``left``/``right`` cut to ``window`` words of the row."""
    position = pd.Index(corpus["sentence_id"]).get_indexer(spans["sentence_id"])
    if (position < 0).any():
        raise ValueError("in_context: a span names a sentence_id that is not in the corpus")
    return _contexts(corpus, joined_text(corpus["text"]), position, spans[
        "start"].to_numpy(dtype=np.int64), spans["end"].to_numpy(dtype=np.int64), window)


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
        return pd.DataFrame({c: pd.Series([], dtype="int64" if c in ("sentence_id", "start", "end")
                                           else "str") for c in columns})
    which = np.asarray(which, dtype=np.int64)
    starts, ends = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
    row_start = joined.starts[which]
    a = joined.byte_offsets(row_start + starts, which)
    b = joined.byte_offsets(row_start + ends, which)
    bounds = by_rows(_context_bounds, joined.buf, a, b, joined.byte_starts[which],
                     joined.byte_offsets(joined.ends[which], which), window, _WHITESPACE,
                     sliced=4)
    texts = [_arrow_strings(joined.buf, lo, hi) for lo, hi in
             ((bounds[0], bounds[1]), (a, b), (bounds[2], bounds[3]))]
    return columns_frame({
        "sentence_id": corpus["sentence_id"].to_numpy()[which].astype("int64"),
        "left": texts[0], "match": texts[1], "right": texts[2], "start": starts, "end": ends,
    })


# Every character ``str.isspace`` is true of (what ``str.strip`` removes), by code point.
_WHITESPACE = np.array([chr(c).isspace() for c in range(0x3001)], dtype=np.bool_)


@_jit
def _code_point_at(buf, i):
    """The code point whose UTF-8 sequence starts at ``buf[i]``, and the sequence's length."""
    x = buf[i]
    if x < 0x80:
        return np.int64(x), 1
    if x < 0xE0:
        return ((np.int64(x) & 0x1F) << 6) | (buf[i + 1] & 0x3F), 2
    if x < 0xF0:
        return (((np.int64(x) & 0x0F) << 12) | ((np.int64(buf[i + 1]) & 0x3F) << 6)
                | (buf[i + 2] & 0x3F)), 3
    return (((np.int64(x) & 0x07) << 18) | ((np.int64(buf[i + 1]) & 0x3F) << 12)
            | ((np.int64(buf[i + 2]) & 0x3F) << 6) | (buf[i + 3] & 0x3F)), 4


@_jit
def _context_bounds(buf, starts, ends, row_starts, row_ends, window, whitespace):
    """Per line (a match ``buf[starts[j]:ends[j]]`` in the row ``row_starts[j]:row_ends[j]``,
    byte offsets): its left and right context, whitespace stripped as ``str.strip`` strips.

    The left context starts after the ``window + 1``-th whitespace byte before the match, the
    right one ends at the ``window + 1``-th at or after its end, both within the row: up to
    ``window`` whitespace-separated words either side (the word the match sits in counts).
    Returns (left_from, left_to, right_from, right_to): the two contexts' byte spans.
    """
    n = len(starts)
    left_from, left_to = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    right_from, right_to = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    for j in range(n):
        a, b, r0, r1 = starts[j], ends[j], row_starts[j], row_ends[j]
        lo, seen, p = r0, 0, a - 1
        while p >= r0:
            x = buf[p]
            if x == 32 or x == 10 or x == 9 or x == 13:
                seen += 1
                if seen == window + 1:
                    lo = p + 1
                    break
            p -= 1
        hi, seen, p = r1, 0, b
        while p < r1:
            x = buf[p]
            if x == 32 or x == 10 or x == 9 or x == 13:
                seen += 1
                if seen == window + 1:
                    hi = p
                    break
            p += 1
        # Strip both contexts: whitespace characters off either end (decoded from UTF-8).
        for side in range(2):
            s, e = (lo, a) if side == 0 else (b, hi)
            while s < e:
                cp, size = _code_point_at(buf, s)
                if cp >= len(whitespace) or not whitespace[cp]:
                    break
                s += size
            while e > s:
                q = e - 1
                while buf[q] & 0xC0 == 0x80:  # back to the first byte of the last character
                    q -= 1
                cp, size = _code_point_at(buf, q)
                if cp >= len(whitespace) or not whitespace[cp]:
                    break
                e = q
            if side == 0:
                left_from[j], left_to[j] = s, e
            else:
                right_from[j], right_to[j] = s, e
    return left_from, left_to, right_from, right_to


def _arrow_array(buf: np.ndarray, froms: np.ndarray, tos: np.ndarray) -> pa.LargeStringArray:
    """An Arrow string array of ``buf[froms[j]:tos[j]]`` (UTF-8 slices), its bytes copied one
    after another (on two slices of the rows at once), without a Python string per row. Not
    checked: the caller knows the slices are UTF-8, or validates the array."""
    offsets = np.zeros(len(froms) + 1, dtype=np.int64)
    np.cumsum(tos - froms, out=offsets[1:])
    data = np.empty(int(offsets[-1]), dtype=np.uint8)
    by_rows(_copy_rows, buf, froms, tos, offsets[:-1], data, sliced=3)
    return pa.LargeStringArray.from_buffers(len(froms), pa.py_buffer(offsets),
                                            pa.py_buffer(data))


def _arrow_strings(buf: np.ndarray, froms: np.ndarray, tos: np.ndarray) -> pd.Series:
    """A ``str`` Series of ``buf[froms[j]:tos[j]]`` (UTF-8 slices at character boundaries), or
    an object Series when a slice holds a lone surrogate (kept from a JSON table, see
    JoinedText), which is not UTF-8, so Arrow cannot hold it."""
    array = _arrow_array(buf, froms, tos)
    try:
        array.validate(full=True)  # (a few milliseconds for half a million lines)
    except pa.ArrowInvalid:
        return pd.Series([buf[a:b].tobytes().decode("utf-8", "surrogatepass")
                          for a, b in zip(froms.tolist(), tos.tolist())], dtype=object)
    return pd.Series(array, dtype=TEXT_DTYPE, copy=False)


def frame_summary(frames: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Per frame: ``matches``, ``sentences``, ``share`` of the corpus rows, ``cameo`` codes and
    the sentence ids (``where``), most frequent first."""
    grouped = frames.groupby("frame", sort=False)
    table = pd.DataFrame({
        "matches": grouped.size(),
        "sentences": grouped["sentence_id"].nunique(),
        "cameo": grouped["cameo"].agg(lambda c: ", ".join(sorted(set(c.dropna())))),
        "where": grouped["sentence_id"].agg(lambda ids: _id_list(sorted(set(ids)))),
    }).reset_index()
    table.insert(3, "share", (table["sentences"] / max(len(corpus), 1)).round(3))
    table = table.sort_values(["sentences", "matches", "frame"], ascending=[False, False, True],
                              kind="stable")
    return table.reset_index(drop=True)


def frames_by_entity(frames: pd.DataFrame, mentions: pd.DataFrame, entities=None) -> pd.DataFrame:
    """Entity x frame table: the number of sentences that name the entity and use the frame.

    ``entities`` picks and orders the rows (default: every entity named with a frame)."""
    pairs = mentions[["sentence_id", "entity"]].drop_duplicates().merge(
        frames[["sentence_id", "frame"]].drop_duplicates(), on="sentence_id")
    table = pd.crosstab(pairs["entity"], pairs["frame"])
    if entities is not None:
        table = table.reindex(list(entities), fill_value=0)
    else:
        table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    return table


def show_kwic(table: pd.DataFrame, extra: tuple[str, ...] = ()):
    """A KWIC table rendered for reading: left context right-aligned against the bold match.

    Returns an IPython HTML object (not a pandas Styler, whose repr holds a memory address and
    whose CSS ids are random), so a rerun renders the same bytes. ``extra`` names further
    columns to show (e.g. ``("stance",)``)."""
    from IPython.display import HTML

    columns = ["sentence_id", "left", "match", "right", *extra]
    styler = table[columns].style.hide(axis="index").set_uuid("kwic")
    styler = styler.set_properties(subset=["left"], **{"text-align": "right"}).set_properties(
        subset=["match"], **{"font-weight": "bold", "text-align": "center"}).set_properties(
        subset=["right"], **{"text-align": "left"})
    return HTML(styler.to_html())


# ---------------------------------------------------------------------------------------------
# 6. Figures
# ---------------------------------------------------------------------------------------------

# Fixed settings so that a rerun writes the same bytes: one font, one size, one resolution,
# no timestamps or software versions in the file.
FIGURE_RC = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "mahdi-army-corpus",
    "path.simplify": True,
}
TYPE_COLORS = {
    "PERSON": "#1b6ca8",
    "ARMED_GROUP": "#c0392b",
    "MOVEMENT": "#8e44ad",
    "PLACE": "#27ae60",
    "GROUP": "#d68910",
}


def setup_figures() -> None:
    """Apply ``FIGURE_RC``. Call once at the top of a notebook."""
    matplotlib.rcParams.update(FIGURE_RC)


def figures_dir(out: str | Path | None = None) -> Path:
    """The folder figures go to: ``<out>/figures`` for a rerun elsewhere, else ``figures/``."""
    folder = FIGURES if out is None else Path(out) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_figure(fig, name: str, out: str | Path | None = None) -> Path:
    """Write ``fig`` to ``<figures>/<name>.png`` with fixed settings; return the path.

    ``metadata={"Software": None}`` drops the matplotlib version stamp, so the same figure gives
    the same bytes on every run.
    """
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise ValueError(f"figure name {name!r}: use letters, digits, '_', '-' or '.' only")
    path = figures_dir(out) / f"{name}.png"
    with matplotlib.rc_context(FIGURE_RC):
        fig.savefig(path, format="png", dpi=FIGURE_RC["savefig.dpi"], bbox_inches="tight",
                    metadata={"Software": None})
    return path


def compact(n: float) -> str:
    """A count as a short label: 999, 1.2k, 31k, 406k, 1.2M (figures stay legible at scale)."""
    n = float(n)
    for limit, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(n) >= limit:
            value = n / limit
            return f"{value:.1f}{suffix}" if value < 10 else f"{value:.0f}{suffix}"
    return f"{n:.0f}"


def _type_legend(ax, types) -> None:
    handles = [matplotlib.patches.Patch(color=TYPE_COLORS.get(t, "#7f8c8d"), label=t)
               for t in ENTITY_TYPES if t in set(types)]
    ax.legend(handles=handles, frameon=False, loc="lower right", fontsize=8)


def plot_entity_frequency(freq: pd.DataFrame, top: int = 15):
    """Horizontal bars of the ``top`` entities by sentences, coloured by type; returns the figure.

    ``freq`` is ``entity_frequency``'s table. Only the top N are drawn, so a large corpus stays
    legible.
    """
    shown = freq.head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.32 * len(shown) + 1.2))
    colors = [TYPE_COLORS.get(t, "#7f8c8d") for t in shown["type"]]
    ax.barh(shown["entity"], shown["sentences"], color=colors)
    for y, (n, m) in enumerate(zip(shown["sentences"], shown["mentions"])):
        ax.text(n, y, f" {compact(n)}" + (f" ({compact(m)} mentions)" if m != n else ""),
                va="center", fontsize=8)
    ax.set(xlabel="sentences that mention the entity",
           title=f"Top {len(shown)} entities of {len(freq)}")
    ax.set_xlim(0, shown["sentences"].max() * 1.35 if len(shown) else 1)
    _type_legend(ax, shown["type"])
    return fig


def plot_variants(variants: pd.DataFrame, per_entity: int = 6):
    """One stacked bar per entity: the share of its mentions under each spelling.

    ``variants`` is ``entity_variants``'s table, in the order the entities should be drawn.
    Beyond ``per_entity`` spellings the rest are drawn together as "other spellings".
    """
    entities = list(dict.fromkeys(variants["entity"]))
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(entities) + 1.3))
    cmap = matplotlib.colormaps["tab20"]
    for y, entity in enumerate(reversed(entities)):
        rows = variants[variants["entity"] == entity]
        head, rest = rows.head(per_entity), rows.iloc[per_entity:]
        parts = list(zip(head["surface"], head["count"]))
        if len(rest):
            parts.append(("other spellings", int(rest["count"].sum())))
        total = sum(c for _, c in parts)
        left = 0.0
        for k, (surface, count) in enumerate(parts):
            width = count / total
            ax.barh(y, width, left=left, color=cmap(k % 20), edgecolor="white")
            # A label only where it fits (about 0.9% of the width per character at this size).
            if width >= 0.009 * max(len(surface), len(compact(count))):
                ax.text(left + width / 2, y, f"{surface}\n{compact(count)}", ha="center",
                        va="center", fontsize=7)
            left += width
    ax.set_yticks(range(len(entities)), list(reversed(entities)))
    ax.set_xlim(0, 1)
    ax.set(xlabel="share of the entity's mentions", title="How each entity is spelled")
    return fig


def cluster_order(table: pd.DataFrame) -> list[str]:
    """Entities of a co-occurrence table reordered so that entities named together sit together
    (average-linkage clustering of their co-occurrence profiles, optimal leaf order)."""
    if len(table) < 3:
        return table.index.tolist()
    profiles = table.to_numpy(dtype=float)
    profiles = profiles / np.maximum(np.diag(profiles), 1)[:, None]
    links = hierarchy.linkage(profiles, method="average", metric="euclidean",
                              optimal_ordering=True)
    return [table.index[i] for i in hierarchy.leaves_list(links)]


def plot_cooccurrence(table: pd.DataFrame, top: int = 20):
    """Heatmap of sentence co-occurrence counts for the ``top`` entities, clustered order.

    ``table`` is ``cooccurrence``'s (entities by frequency); the diagonal (an entity's own
    sentences) is left blank so the off-diagonal structure shows."""
    sub = table.iloc[:top, :top]
    order = cluster_order(sub)
    sub = sub.loc[order, order]
    values = sub.to_numpy(dtype=float, copy=True)
    np.fill_diagonal(values, np.nan)
    size = 0.38 * len(sub) + 2.2
    fig, ax = plt.subplots(figsize=(size + 1.2, size))
    image = ax.imshow(values, cmap="Blues", vmin=0)
    ax.set_xticks(range(len(sub)), sub.columns, rotation=90)
    ax.set_yticks(range(len(sub)), sub.index)
    for i in range(len(sub)):
        for j in range(len(sub)):
            if i != j and values[i, j] > 0:
                ax.text(j, i, compact(values[i, j]), ha="center", va="center", fontsize=6.5,
                        color="white" if values[i, j] > np.nanmax(values) / 2 else "black")
    ax.spines[:].set_visible(False)
    fig.colorbar(image, ax=ax, shrink=0.6, label="sentences naming both")
    ax.set_title(f"Who is named with whom (top {len(sub)} entities)")
    return fig


def plot_network(mentions: pd.DataFrame, top: int = 20, min_count: int = 1, seed: int = 7,
                 max_edges: int = 60):
    """Co-occurrence network of the ``top`` entities: node size by sentences, colour by type,
    edge width by shared sentences (pairs sharing at least ``min_count``; of those, the
    ``max_edges`` that share the most, so that a large corpus, where nearly every pair meets
    somewhere, still shows its structure). Sizes and widths are relative to the largest, so
    the figure reads the same at 15 sentences and at a million. The spring layout uses a
    fixed ``seed`` so the figure is the same on every run."""
    table = cooccurrence(mentions)
    sub = table.iloc[:top, :top]
    types = mentions.drop_duplicates("entity").set_index("entity")["type"]
    graph = nx.Graph()
    for entity in sub.index:
        graph.add_node(entity, sentences=int(sub.loc[entity, entity]), type=types[entity])
    pairs = [(int(sub.loc[a, b]), i, j, a, b) for i, a in enumerate(sub.index)
             for j, b in enumerate(sub.index) if j > i and sub.loc[a, b] >= min_count]
    # The strongest pairs first, ties in table order, so the choice is the same on every run.
    kept = sorted(pairs, key=lambda p: (-p[0], p[1], p[2]))[:max_edges]
    for count, _, _, a, b in sorted(kept, key=lambda p: (p[1], p[2])):
        graph.add_edge(a, b, count=count)
    layout = nx.spring_layout(graph, seed=seed, weight="count", k=2.4 / np.sqrt(max(len(graph), 1)))
    fig, ax = plt.subplots(figsize=(8, 6.5))
    top_count = max([graph.edges[e]["count"] for e in graph.edges] or [1])
    widths = [0.6 + 8.0 * graph.edges[e]["count"] / top_count for e in graph.edges]
    nx.draw_networkx_edges(graph, layout, ax=ax, width=widths, edge_color="#95a5a6", alpha=0.6)
    top_sentences = max([graph.nodes[n]["sentences"] for n in graph.nodes] or [1])
    sizes = [120 + 1500 * graph.nodes[n]["sentences"] / top_sentences for n in graph.nodes]
    colors = [TYPE_COLORS.get(graph.nodes[n]["type"], "#7f8c8d") for n in graph.nodes]
    nx.draw_networkx_nodes(graph, layout, ax=ax, node_size=sizes, node_color=colors, alpha=0.9)
    for node, (x, y) in layout.items():
        ax.annotate(node, (x, y), xytext=(0, 9), textcoords="offset points", ha="center",
                    fontsize=8, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                      "alpha": 0.7})
    _type_legend(ax, [graph.nodes[n]["type"] for n in graph.nodes])
    ax.set_axis_off()
    shown = (f"{len(pairs)} pairs sharing a sentence" if len(kept) == len(pairs) else
             f"the {len(kept)} strongest of {len(pairs):,} pairs sharing a sentence")
    ax.set_title(f"Co-occurrence network: {graph.number_of_nodes()} entities, {shown}")
    ax.margins(0.08)
    return fig


def plot_frames(summary: pd.DataFrame):
    """Bars of the sentences using each frame (``frame_summary``'s table)."""
    shown = summary.iloc[::-1]
    fig, ax = plt.subplots(figsize=(6, 0.45 * len(shown) + 1.2))
    colors = ["#1b6ca8" if f in ("ceasefire", "disarmament") else "#95a5a6" for f in shown["frame"]]
    ax.barh(shown["frame"], shown["sentences"], color=colors)
    for y, (n, m) in enumerate(zip(shown["sentences"], shown["matches"])):
        ax.text(n, y, f" {compact(n)}" + (f" ({compact(m)} matches)" if m != n else ""),
                va="center", fontsize=8)
    ax.set_xlim(0, max(shown["sentences"].max(), 1) * 1.35)
    ax.set(xlabel="sentences using the frame", title="How the corpus words standing down")
    return fig


def plot_frames_by_entity(table: pd.DataFrame, top: int = 12):
    """Heatmap of ``frames_by_entity`` for the ``top`` entities."""
    sub = table.head(top)
    fig, ax = plt.subplots(figsize=(0.9 * len(sub.columns) + 3, 0.38 * len(sub) + 1.5))
    image = ax.imshow(sub.to_numpy(dtype=float), cmap="Oranges", vmin=0, aspect="auto")
    ax.set_xticks(range(len(sub.columns)), sub.columns, rotation=30, ha="right")
    ax.set_yticks(range(len(sub)), sub.index)
    for i in range(len(sub)):
        for j in range(len(sub.columns)):
            if sub.iat[i, j]:
                ax.text(j, i, compact(sub.iat[i, j]), ha="center", va="center", fontsize=8)
    ax.spines[:].set_visible(False)
    fig.colorbar(image, ax=ax, shrink=0.7, label="sentences")
    ax.set_title("Which actors are named with which language")
    return fig


# ---------------------------------------------------------------------------------------------
# 7. Interactive
# ---------------------------------------------------------------------------------------------

EXPLORER_ROWS = 40  # KWIC lines shown at once; the count above them is always the full count


def explore(corpus: pd.DataFrame, mentions: pd.DataFrame | None = None,
            frames: pd.DataFrame | None = None):
    """A small explorer for JupyterLab (an ``ipywidgets.Tab``) over the rows of ``corpus``.

    - Search: type a word, phrase or regular expression; see its count and KWIC lines.
    - Entity: pick an entity; see its sentences, its spellings and who co-occurs with it.
    - Frame: pick a frame; see its matches with their stance.
    Annotations are computed once here (or passed in), so each answer is a table lookup or one
    scan of the texts. In a rendered notebook the widget does not run: the notebooks show a
    static example beside it.
    """
    import ipywidgets as widgets

    mentions = find_entities(corpus) if mentions is None else mentions
    frames = find_frames(corpus) if frames is None else frames
    freq = entity_frequency(mentions, corpus)
    table = cooccurrence(mentions)
    index = TextIndex(corpus)

    def as_html(frame: pd.DataFrame) -> str:
        return frame.to_html(index=False, escape=True, border=0)

    # KWIC alignment: left context flush against the match, as in a concordancer.
    style = ("<style>.corpus-explorer td:nth-child(2){text-align:right}"
             ".corpus-explorer td:nth-child(3){font-weight:bold;text-align:center}"
             ".corpus-explorer td{padding:1px 6px}</style>")

    # Search tab
    query = widgets.Text(placeholder="word, phrase or regex, then Enter",
                         description="Search", continuous_update=False)
    is_regex = widgets.Checkbox(value=False, description="regex", indent=False)
    search_out = widgets.HTML()

    def on_search(_=None):
        text = query.value.strip()
        if not text:
            search_out.value = ""
            return
        try:
            matches, rows = kwic_count(corpus, text, regex=is_regex.value, index=index)
            lines = kwic(corpus, text, window=6, regex=is_regex.value, limit=EXPLORER_ROWS,
                         index=index)
        except (re.error, ValueError) as err:
            search_out.value = f"<p><b>Cannot search:</b> {html.escape(str(err))}</p>"
            return
        shown = lines[["sentence_id", "left", "match", "right"]]
        search_out.value = style + (f"<p class='explorer-count'><b>{matches}</b> match"
                                    f"{'' if matches == 1 else 'es'} in <b>{rows}</b> rows</p>"
                                    + as_html(shown))

    query.observe(on_search, names="value")
    is_regex.observe(on_search, names="value")
    search_tab = widgets.VBox([widgets.HBox([query, is_regex]), search_out])

    # Entity tab
    entity = widgets.Dropdown(options=freq["entity"].tolist(), description="Entity")
    entity_out = widgets.HTML()

    def on_entity(_=None):
        name = entity.value
        if name is None:
            entity_out.value = "<p>No entity is mentioned.</p>"
            return
        spans = mentions[mentions["entity"] == name]
        entity_out.value = style + (
            f"<p><b>{len(spans)}</b> mentions in <b>{spans['sentence_id'].nunique()}</b> rows</p>"
            "<h4>Spellings</h4>" + as_html(entity_variants(mentions, [name])[["surface", "count"]])
            + "<h4>Named with</h4>" + as_html(named_with(table, name))
            + "<h4>Sentences</h4>"
            + as_html(in_context(corpus, spans.head(EXPLORER_ROWS), 6)[
                ["sentence_id", "left", "match", "right"]]))

    entity.observe(on_entity, names="value")
    entity_tab = widgets.VBox([entity, entity_out])

    # Frame tab
    frame = widgets.Dropdown(options=sorted(frames["frame"].unique()), description="Frame")
    frame_out = widgets.HTML()

    def on_frame(_=None):
        rows = frames[frames["frame"] == frame.value]
        lines = in_context(corpus, rows.head(EXPLORER_ROWS), 6).assign(
            stance=rows.head(EXPLORER_ROWS)["stance"].fillna("").to_numpy())
        frame_out.value = style + (f"<p><b>{len(rows)}</b> matches in "
                           f"<b>{rows['sentence_id'].nunique()}</b> rows</p>"
                           + as_html(lines[["sentence_id", "left", "match", "right", "stance"]]))

    frame.observe(on_frame, names="value")
    frame_tab = widgets.VBox([frame, frame_out])

    on_entity()
    if len(frame.options):
        on_frame()
    tabs = widgets.Tab(children=[search_tab, entity_tab, frame_tab])
    for i, title in enumerate(["Search", "Entity", "Frame"]):
        tabs.set_title(i, title)
    tabs.add_class("corpus-explorer")
    # Kept on the widget so tests and users can drive it from code.
    tabs.query, tabs.is_regex, tabs.search_out = query, is_regex, search_out
    tabs.entity, tabs.entity_out, tabs.frame, tabs.frame_out = entity, entity_out, frame, frame_out
    return tabs

