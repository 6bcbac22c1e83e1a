"""Stage 1, load: a corpus file becomes a DataFrame, one row per input line, each flagged as a
sentence, a headline, noise or blank."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import json
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .checks import check_table
from .engine.arrow import TEXT_DTYPE, arrow_array, column_segments
from .engine.lines import ASCII_LETTER, PUNCT_E280, line_bounds, suspect_rows
from .engine.parallel import by_rows
from .engine.text import utf8_offsets
from .files import (
    DEFAULT_CORPUS,
    SOURCE_TAGS_FILE,
    CorpusError,
    is_many_files,
    read_bytes,
    read_curated_csv,
    read_utf8,
)

# The seed corpus as delivered (see data/raw/README.md). The loader checks it, so an edited copy
# is caught instead of silently changing every number downstream.
SEED_SHA256 = "181d44fcd2f9c02d0b5bb16089f3253e6f848d85406b8840592d8231e0cf9d1c"
SEED_ROWS = 18
KINDS = ("sentence", "headline", "noise", "blank")
CORPUS_COLUMNS = ["sentence_id", "text", "kind", "reason", "source", "headline"]
TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t"}
SUPPORTED_SUFFIXES = (".txt", ".csv", ".tsv", ".jsonl", ".parquet")


UNITS = ("line", "document")
# Columns the loader adds when it reads documents (unit="document").
DOCUMENT_COLUMNS = ["doc_id", "sentence_in_doc", "start", "end", "dateline", "byline"]


def load_corpus(
    path: str | Path | None = None, multiline: bool = False, unit: str = "line"
) -> pd.DataFrame:
    """Read a corpus into a DataFrame with one row per input line (or table row), or, with
    ``unit="document"``, one row per sentence of each document.

    ``path`` defaults to the vendored seed corpus. Accepted: ``.txt`` (one sentence a line),
    ``.csv``/``.tsv``/``.jsonl``/``.parquet`` tables with a ``text`` column (other columns are
    kept as metadata). UTF-8 with or without a byte-order mark, ``\\n`` or ``\\r\\n`` endings.

    Returns columns ``sentence_id`` (1-based position; the line number for a text file),
    ``text`` (unchanged), ``kind`` (sentence/headline/noise/blank), ``reason`` (why a row is not a
    sentence; missing for sentences), ``source`` and ``headline`` (missing where unknown), then
    any metadata columns of a table. Nothing is dropped: noise is flagged, not deleted.

    A folder, or a glob pattern such as ``"corpus/*.parquet"``, is a corpus of several files
    (``corpus_files``): each file is read by these rules, their rows follow one another in name
    order, ``sentence_id`` counts on across the files, and the columns ``file`` and
    ``row_in_file`` say where each row was read. (A corpus too large for memory is read
    partition by partition on Dask instead: ``conflict_corpus.partitioned``.)

    A CSV cell that spans lines (a quote opened on one line and closed on another) is refused,
    as it is almost always a stray quote that would merge lines; ``multiline=True`` accepts
    such cells for a table whose cells really hold line breaks.

    ``unit``: ``"line"`` (the default) reads each line of a text file, or each row of a table,
    as one unit, as it is. ``"document"`` reads each row of a table, or each text file, as one
    document (an article), and splits it into sentences (``conflict_corpus.segment``); a
    table's cells may then hold line breaks (``multiline`` is implied). Each sentence is a row:
    ``sentence_id`` (its position in the corpus), ``doc_id`` (the document's row in its file,
    from 1), ``sentence_in_doc`` (from 1), ``start`` and ``end`` (offsets into the document's
    text: ``document[start:end]`` is the sentence), ``dateline`` and ``byline`` (found at the
    start of the document, and not part of its first sentence), and every column of the
    document (source, date, title, url...). A document that is blank or noise as a whole stays
    one row, flagged; each sentence is flagged by the same rules as a line.
    """
    if not isinstance(multiline, bool):
        raise TypeError(f"multiline must be True or False, not {multiline!r}")
    if unit not in UNITS:
        raise ValueError(
            f"unit must be one of {list(UNITS)}, not {unit!r}: 'line' reads each line or row "
            f"as one unit, 'document' splits each row (or text file) into sentences"
        )
    if isinstance(path, str) and not path.strip():
        # ("" is the current folder to pathlib: it would read every corpus file below it.)
        raise CorpusError("load_corpus: the path is empty; pass a file, a folder or None")
    if path is not None and is_many_files(path):
        return _load_files(path, multiline, unit)
    path = Path(path) if path is not None else DEFAULT_CORPUS
    if not path.exists():
        raise CorpusError(
            f"{path}: no such file. Check the path (it is read relative to the "
            f"current folder {Path.cwd()}), or pass an absolute path."
        )
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise CorpusError(
            f"{path}: unsupported file type {suffix!r}; use one of "
            f"{', '.join(SUPPORTED_SUFFIXES)} (a .txt file holds one sentence a line)."
        )

    table, raw = _read_table(path, suffix, multiline, unit)
    corpus = _annotate(path, table, raw)
    if path.resolve() == DEFAULT_CORPUS.resolve():
        if unit == "line":
            _check_seed(path, corpus)
        else:  # read as one document: its bytes alone
            _check_seed_bytes(path)
    return to_sentences(path, corpus) if unit == "document" else corpus


def _read_table(path: Path, suffix: str, multiline: bool, unit: str) -> tuple[pd.DataFrame, tuple]:
    """A file's raw table (its ``text`` column and the others), and the rows' UTF-8 bytes and
    bounds where the reader has them (a text file read line by line)."""
    if suffix == ".parquet":
        return _read_parquet(path), None
    _check_head(path)  # (a 4 GB file of NUL bytes is refused before it is read whole)
    data = read_bytes(path)  # (a FIFO or device is refused before it is opened)
    _check_bytes(path, data)
    if suffix == ".txt" and unit == "document":
        # The whole file is one document (a line break is not a sentence end by itself).
        return pd.DataFrame({"text": [read_utf8(path, data)]}, dtype=object), None
    if suffix == ".txt":
        text, raw = _read_text_file(path, data)
        return pd.DataFrame({"text": text}), raw
    content = read_utf8(path, data)
    if suffix == ".jsonl":
        return _read_jsonl(path, content), None
    many = multiline or unit == "document"  # an article's cell holds its paragraphs' breaks
    return _read_delimited(path, content, TABLE_SUFFIXES[suffix], many), None


# Columns the loader adds to a corpus of several files.
FILE_COLUMNS = ["file", "row_in_file"]


def corpus_files(path: str | Path) -> list[Path]:
    """The files of a corpus given as a folder (every file of a supported type in it and its
    subfolders, names starting with "." or "_" left out, as Dask and Spark write them) or as
    a glob pattern, in name order: the order of their rows in the corpus. (A file is a corpus
    of one file.)"""
    path = Path(path)
    if path.is_file():
        return [path]
    if path.is_dir():
        found = [
            f
            for f in path.rglob("*")
            if f.suffix.lower() in SUPPORTED_SUFFIXES
            and not any(part.startswith((".", "_")) for part in f.relative_to(path).parts)
        ]
        where = f"{path}: is a folder with no corpus file in it"
    else:
        root = Path(path.anchor) if path.is_absolute() else Path()
        pattern = str(path.relative_to(root)) if path.is_absolute() else str(path)
        found = [f for f in root.glob(pattern) if f.suffix.lower() in SUPPORTED_SUFFIXES]
        where = f"{path}: no file matches this pattern"
    files = sorted((f for f in found if f.is_file()), key=str)
    if not files:
        raise CorpusError(
            f"{where} (the types read are {', '.join(SUPPORTED_SUFFIXES)}). Check the path, "
            f"relative to the current folder {Path.cwd()}."
        )
    return files


def file_label(file: Path, path: str | Path) -> str:
    """How a corpus of several files names one of them: its path inside the folder, or as the
    glob pattern found it."""
    path = Path(path)
    return str(file.relative_to(path)) if path.is_dir() else str(file)


def _load_files(path: str | Path, multiline: bool, unit: str = "line") -> pd.DataFrame:
    """The files' rows one after another: ``sentence_id`` counts on across the files (the
    position in the whole corpus), and ``file`` and ``row_in_file`` (the row's ``sentence_id``
    in its file, the line of a text file) say where each row was read."""
    parts, offset = [], 0
    for file in corpus_files(path):
        part = _in_corpus(load_corpus(file, multiline, unit), file_label(file, path), offset)
        offset += len(part)
        parts.append(part)
    return pd.concat(_nullable_where_missing(parts), ignore_index=True)


def _nullable_where_missing(parts: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """The files' tables with each integer column that some file lacks made pandas' nullable
    ``Int64``: put together, its missing cells would otherwise turn the column into floats,
    and an id beyond 2**53 (9007199254740993) would silently become another number."""
    everywhere = set.intersection(*(set(p.columns) for p in parts)) if parts else set()
    fixed = []
    for part in parts:
        gaps = [
            c
            for c in part.columns
            if c not in everywhere and pd.api.types.is_integer_dtype(part[c].dtype)
        ]
        fixed.append(part.astype({c: "Int64" for c in gaps}) if gaps else part)
    return fixed


def check_file_columns(part: pd.DataFrame, label: str) -> pd.DataFrame:
    """Refuse a file of a corpus of several files that has a column of ``FILE_COLUMNS`` (the
    loader's own there); return it unchanged."""
    taken = [c for c in FILE_COLUMNS if c in part.columns]
    if taken:
        raise CorpusError(
            f"{label}: column(s) {taken} are added by the loader to a corpus of several files; "
            f"rename them in the file (for example to 'original_{taken[0]}')."
        )
    return part


def _in_corpus(part: pd.DataFrame, label: str, offset: int) -> pd.DataFrame:
    """One file's rows as rows of a corpus of several files, ``offset`` rows after its start."""
    part = check_file_columns(part, label).copy(deep=False)
    part.insert(1, "file", pd.Series([label] * len(part), dtype=object))
    part.insert(2, "row_in_file", part["sentence_id"].to_numpy())
    part["sentence_id"] = part["sentence_id"].to_numpy() + offset
    return part


def _check_head(path: Path, size: int = 1 << 16) -> None:
    """``_check_bytes`` on a regular file's first ``size`` bytes when they are UTF-16 or hold a
    NUL byte: such a file is refused at once, however large."""
    if not path.is_file():
        return  # (read_bytes says what is wrong with it)
    with open(path, "rb") as file:
        head = file.read(size)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\0" in head:
        _check_bytes(path, head)


def _check_bytes(path: Path, data: bytes) -> None:
    """Refuse, with the fix, bytes that would load as wrong rows without an error: UTF-16
    (with or without its byte-order mark: every other byte NUL), a NUL byte anywhere (binary
    data), and old-Mac line ends (a lone carriage return ends each line, so a whole file would
    become one row)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CorpusError(
            f"{path}: is UTF-16 (it starts with a UTF-16 byte-order mark). Convert it to UTF-8 "
            f"first, e.g. `iconv -f UTF-16 -t UTF-8 {path.name} > {path.stem}.utf8{path.suffix}`."
        )
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise CorpusError(
            f"{path}: line {line} holds a NUL byte (offset {nul}): the file is UTF-16 without a "
            f"byte-order mark, or binary. Convert UTF-16 with `iconv -f UTF-16LE -t UTF-8 "
            f"{path.name}` (or UTF-16BE); a binary file is not a corpus."
        )
    lone_cr = data.count(b"\r") - data.count(b"\r\n")
    if lone_cr and lone_cr > data.count(b"\n"):
        raise CorpusError(
            f"{path}: its {lone_cr:,} lines end with a lone carriage return (old Mac line "
            f"ends), which would make one row of them. Convert the line ends first, e.g. "
            f"`tr '\\r' '\\n' < {path.name} > {path.stem}.unix{path.suffix}`."
        )


def _read_text_file(path: Path, data: bytes) -> tuple[pd.Series, tuple]:
    """The lines of a text file's bytes as a ``str`` column (pandas' own string dtype, stored
    in Arrow), and (bytes, starts, ends) of the lines for the loader's compiled checks.

    Lines are split as _split_lines splits the decoded text. The column is built straight from
    the file's bytes, the lines copied next to one another: a million lines never become a
    million Python strings (decoding and splitting them was half the loader's time), and Arrow
    checks in C that they are UTF-8. Only when they are not is the file decoded in Python,
    for an error message that names the line.
    """
    buf, starts, ends = line_bounds(data, 3 * data.startswith(codecs.BOM_UTF8))
    lines = arrow_array(buf, starts, ends)
    try:
        lines.validate(full=True)
    except pa.ArrowInvalid:
        read_utf8(path, data)  # raises the CorpusError that names the line
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
    ended = lines[-1] == ""  # (the last line ended with a newline)
    if ended:
        lines.pop()
    if "\r" not in content:
        return lines
    # A carriage return is dropped before a newline only: one that ends the file is text.
    last = len(lines) - (0 if ended else 1)
    return [line[:-1] if k < last and line.endswith("\r") else line for k, line in enumerate(lines)]


def _read_delimited(path: Path, content: str, sep: str, multiline: bool = False) -> pd.DataFrame:
    """A CSV or TSV table, every record kept as a row of strings exactly as written.

    Read with Python's csv module rather than pandas, which turns a first row with one extra
    cell into an index (every text lost), drops blank records and reads quotes in a TSV. Here
    a record with more or fewer cells than the header is an error naming its line, a blank
    record is a row of empty cells (flagged blank), and a TSV's quotes are text (no quoting,
    as a tab-separated file has none). A CSV's quoting errors name the line, and a quoted cell
    that spans lines is refused unless ``multiline`` (a stray quote would merge lines).
    """
    if content.strip() == "":
        return pd.DataFrame({"text": pd.Series([], dtype=object)})
    kind = "tab" if sep == "\t" else "comma"
    options = {"quoting": csv.QUOTE_NONE} if sep == "\t" else {"strict": True}
    # The csv module ends a record at a lone carriage return too, which would split one line
    # into two rows. A lone CR is text here (as in a .txt corpus): it is swapped for a
    # character the content does not hold while parsing, and swapped back in every cell.
    content, stand_in = _lone_returns_set_aside(content)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=sep, **options)
    # A cell may hold a whole article: the csv module's limit (128 KB a cell) is raised to the
    # file's own size for this read, and put back after it (it is the module's one setting).
    limit = csv.field_size_limit(max(csv.field_size_limit(), len(content) + 1))
    end = 0  # the line the last whole record ended on
    try:
        header = next(reader)
        records, lines = [], []
        end = reader.line_num
        for record in reader:
            start, end = end + 1, reader.line_num
            lines.append(start)
            if start != end and not multiline:
                # A quote opened and closed on different lines: usually a stray quote, which
                # would merge every line between into one row, so it is refused, not guessed.
                raise CorpusError(
                    f"{path}: lines {start}-{end} are one record: a quote opened on line "
                    f"{start} closes on line {end}, which would merge {end - start + 1} lines "
                    f"into one row. Fix the stray quote (write a quote inside a quoted cell as "
                    f'""), or, if the cell really holds line breaks (an article), read the '
                    f'corpus as documents: load_corpus(..., unit="document") or make '
                    f"UNIT=document (load_corpus(..., multiline=True) keeps one row a record)."
                )
            if not record:  # a blank line: a record of empty cells, kept
                record = [""] * len(header)
            if len(record) != len(header):
                raise CorpusError(
                    f"{path}: line {reader.line_num}: {len(record)} cells where the header has "
                    f"{len(header)}. Quote cells that hold a {kind}, or fix the row."
                )
            records.append(record)
    except csv.Error as err:
        raise _table_error(path, err, kind, reader.line_num, end + 1) from None
    finally:
        csv.field_size_limit(limit)
    if stand_in is not None:
        records = [[cell.replace(stand_in, "\r") for cell in record] for record in records]
    if sep == "\t":
        records = [[_unquoted(cell) for cell in record] for record in records]
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        raise CorpusError(f"{path}: line 1: the header names {repeated} twice; rename one.")
    table = pd.DataFrame(
        {name: pd.Series([r[k] for r in records], dtype=object) for k, name in enumerate(header)}
    )
    table.attrs["lines"] = lines  # the line each record starts on, for error messages
    return table


def _table_error(path: Path, err: csv.Error, kind: str, line: int, began: int) -> CorpusError:
    """The CorpusError for the csv module's ``err`` at ``line`` (in a record that began on line
    ``began``)."""
    if "unexpected end of data" in str(err):
        # A quote opened and never closed: the reader ran to the end of the file; the line to
        # fix is where the record began, not the last line.
        return CorpusError(
            f"{path}: line {began}: a quote opened in the record that starts on this line is "
            f"never closed (the file ends inside it). Fix the stray quote (write a quote inside "
            f'a quoted cell as "").'
        )
    return CorpusError(
        f"{path}: line {line}: cannot be read as a {kind}-separated table: {err}. Check the "
        f"quoting on that line."
    )


def _lone_returns_set_aside(content: str) -> tuple[str, str | None]:
    """``content`` with each carriage return not before a newline swapped for a character the
    content does not hold (the csv module would end a record there), and that character."""
    if "\r" not in content:
        return content, None
    stand_in = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in content)
    return re.sub(r"\r(?!\n)", stand_in, content), stand_in


_QUOTED_CELL = re.compile(r'"((?:[^"]|"")*""(?:[^"]|"")*)"')


def _unquoted(cell: str) -> str:
    """A TSV cell as written by a tool that quotes like CSV (pandas' to_csv with sep="\\t"):
    wrapped in quotes, every quote inside doubled, at least one of them, it is unquoted
    (a cell written as quote, He said, two quotes, stop, two quotes, quote is read as
    He said "stop"). Any other cell is text as it stands: a sentence that opens with a
    quotation ("We will fight," he said) keeps its quotes."""
    found = _QUOTED_CELL.fullmatch(cell)
    return found[1].replace('""', '"') if found else cell


def _read_jsonl(path: Path, content: str) -> pd.DataFrame:
    # Parsed line by line (not pd.read_json) so that an error can name its line.
    records = []
    for number, line in enumerate(_split_lines(content), start=1):
        if line.strip() == "":
            raise CorpusError(
                f"{path}: line {number} is empty; JSON Lines needs one JSON object "
                f"per line. Remove the empty line."
            )
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise CorpusError(
                f"{path}: line {number} is not valid JSON ({err.msg} at column "
                f"{err.colno}). Fix or remove that line."
            ) from None
        except RecursionError:
            raise CorpusError(
                f"{path}: line {number} nests JSON arrays or objects too deep to read; a corpus "
                f"record is one object of text and metadata. Fix or remove that line."
            ) from None
        except ValueError as err:  # an integer of more digits than Python converts (4,300)
            raise CorpusError(
                f"{path}: line {number} holds a number too long to read ({err}). Write it as a "
                f"string, or remove it."
            ) from None
        if not isinstance(record, dict):
            raise CorpusError(
                f"{path}: line {number} is a JSON {type(record).__name__}, not an "
                f'object; write each line as {{"text": "..."}}.'
            )
        records.append(record)
    if not records:
        return pd.DataFrame({"text": pd.Series([], dtype=object)})
    try:
        table = pd.DataFrame.from_records(records)
    except UnicodeEncodeError:
        # pandas stores strings in Arrow, which holds only UTF-8; a lone surrogate (written
        # "\\ud800" in JSON) is not. Such a table keeps its columns as Python objects.
        columns = list(dict.fromkeys(key for record in records for key in record))
        table = pd.DataFrame(
            {c: pd.Series([r.get(c) for r in records], dtype=object) for c in columns}
        )
    table.attrs["lines"] = list(range(1, len(records) + 1))
    return table


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except Exception as err:  # pyarrow raises several unrelated types for a broken file
        raise CorpusError(
            f"{path}: cannot be read as Parquet ({err}). Check that the file is "
            f"a complete Parquet file, or save the table as .csv."
        ) from None


def _text_of(value, path: Path, row: int) -> str:
    """The text of one table cell that is not a string: missing -> "" (a blank row), a number
    or a boolean -> its string form, bytes (a Parquet binary column) -> decoded as UTF-8.
    A list, a mapping or an array (a Parquet list column, a JSON array) is refused: which of
    its items is the sentence is the user's decision, not the loader's."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError as err:
            raise CorpusError(
                f"{path}: row {row}: the text column holds bytes that are not UTF-8 ({err}). "
                f"Store the text as a string column in UTF-8."
            ) from None
    if isinstance(value, (int, float, bool, np.number, np.bool_)):
        return str(value)
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return str(value)
    raise CorpusError(
        f"{path}: row {row}: the text column holds a {type(value).__name__}, not a string. "
        f"Store one sentence per row as a string (join or explode a list column first, e.g. "
        f"df.explode('text'))."
    )


def _annotate(path: Path, table: pd.DataFrame, raw: tuple | None = None) -> pd.DataFrame:
    """Add ``sentence_id``, ``kind``, ``reason``, ``source`` and ``headline`` to a raw table
    (``raw``: the rows' UTF-8 bytes and bounds, when the reader has them; see _suspects)."""
    if "text" not in table.columns:
        raise CorpusError(
            f"{path}: the table has no 'text' column; its columns are "
            f"{list(map(str, table.columns))}. Rename the column that holds the "
            f"sentences to 'text'."
        )
    reserved = [c for c in ("sentence_id", "kind", "reason") if c in table.columns]
    if reserved:
        raise CorpusError(
            f"{path}: column(s) {reserved} are computed by the loader; rename them "
            f"in the file (for example to 'original_{reserved[0]}')."
        )
    lines = table.attrs.get("lines")
    table = table.reset_index(drop=True)
    # A table may hold missing or non-string text (an empty cell in Parquet, a number in JSON).
    # Missing text is kept and flagged as blank; other values: see _text_of.
    # (A text file's lines are all strings already.)
    if raw is None:
        texts, column, raw = _table_texts(path, table["text"])
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

    derived = columns_frame(
        {
            "sentence_id": np.arange(1, n + 1, dtype=np.int64),
            "text": column,
            "kind": kinds,
            "reason": reasons,
            "source": sources,
            "headline": headlines,
        }
    )
    metadata = table.drop(columns=["text"])
    for column in ("source", "headline"):
        # A table's own source/headline column wins; the headline rows only fill its gaps.
        if column in metadata.columns:
            own = metadata.pop(column).astype(object)
            own = own.where(own.notna() & (own.astype(str) != ""), None)
            derived[column] = own.where(own.notna(), derived[column])
    return pd.concat([derived, _with_dates(path, metadata, lines)], axis=1)


def _table_texts(path: Path, column: pd.Series) -> tuple:
    """``(texts, column, raw)`` of a table's text column: the texts as a ``str`` column, and
    either their UTF-8 bytes and bounds (``raw``, read in place from the column's Arrow
    buffer) or the texts as a list (``texts``), as ``_suspects`` reads them."""
    texts, raw = None, None
    if column.dtype != TEXT_DTYPE or column.hasnans:
        texts = [
            t if isinstance(t, str) else _text_of(t, path, row)
            for row, t in enumerate(column.tolist(), start=1)
        ]
        column = _text_column(texts)
    # (else an Arrow string column with every text, as Parquet gives it: read in place)
    if column.dtype == TEXT_DTYPE:  # the checks read the column's own bytes
        segments = column_segments(column.array.__arrow_array__())
        raw = segments[0] if len(segments) == 1 else None
    if raw is None and texts is None:
        texts = column.tolist()
    return texts, column, raw


SHORT_REASON = "fewer than three words"
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def to_sentences(path: Path, documents: pd.DataFrame) -> pd.DataFrame:
    """``documents`` (``load_corpus``'s table, one row per document) as one row per sentence
    (see ``load_corpus``, ``unit="document"``): the sentences found by
    ``segment.sentence_spans`` after the dateline and byline (``segment.leading_lines``), each
    flagged by the loader's rules; a document that is blank or noise stays one row."""
    from .segment import buffer_spans, document_spans, leading_lines

    # (A table's own dateline column is welcome: it is set apart like a found one.)
    taken = [c for c in DOCUMENT_COLUMNS if c != "dateline" and c in documents.columns]
    if taken:
        raise CorpusError(
            f"{path}: column(s) {taken} are computed by the loader when it reads documents; "
            f"rename them in the file (for example to 'original_{taken[0]}')."
        )
    own_dateline = documents["dateline"] if "dateline" in documents.columns else None
    documents_text = documents["text"].tolist()
    datelines = np.full(len(documents_text), None, dtype=object)
    bylines = np.full(len(documents_text), None, dtype=object)
    split_rows, bodies = [], []
    for row, (text, kind) in enumerate(zip(documents_text, documents["kind"])):
        if not isinstance(text, str) or kind in ("blank", "noise"):
            continue  # kept whole, flagged as the document was: nothing to split
        dateline, byline, body = leading_lines(text)
        given = own_dateline.iat[row] if own_dateline is not None else None
        if isinstance(given, str) and given.strip() and text[body:].startswith(given.strip()):
            body += len(given.strip())  # the table's own dateline, at the text's start
            dateline = given.strip()
        split_rows.append(row)
        bodies.append(body)
        datelines[row], bylines[row] = dateline, byline
    # Every document split in one pass; a document with no sentence (white space after its
    # dateline) is one empty row at its body, and one kept whole is one row of all its text.
    split = np.asarray(split_rows, dtype=np.int64)
    column = _one_buffer(documents["text"])
    if column is not None:  # (the documents' own UTF-8 bytes: those in ASCII split in place)
        buf, byte_starts, byte_ends, lengths = column
        found, starts, ends = buffer_spans(
            buf, byte_starts[split], byte_ends[split], lengths[split], bodies
        )
    else:
        found, starts, ends = document_spans([documents_text[r] for r in split_rows], bodies)
    rows = split[found]
    with_sentences = np.zeros(len(documents_text), dtype=bool)
    with_sentences[rows] = True
    empty = split[~with_sentences[split]]
    kept_whole = np.ones(len(documents_text), dtype=bool)
    kept_whole[split] = False
    whole = np.flatnonzero(kept_whole)
    body_of = dict(zip(split_rows, bodies))
    length = [len(documents_text[r]) if isinstance(documents_text[r], str) else 0 for r in whole]
    rows = np.concatenate([rows, empty, whole])
    starts = np.concatenate([starts, [body_of[r] for r in empty.tolist()], np.zeros(len(whole))])
    ends = np.concatenate([ends, [body_of[r] for r in empty.tolist()], length])
    order = np.argsort(rows, kind="stable")  # (each document's sentences are in order)
    rows, starts, ends = rows[order], starts[order].astype(np.int64), ends[order].astype(np.int64)
    first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    numbers = np.arange(len(rows)) - np.repeat(first, np.diff(np.r_[first, len(rows)])) + 1
    texts = _sentence_texts(column, documents_text, rows, starts, ends)
    datelines, bylines = datelines[rows], bylines[rows]
    whole = documents["kind"].to_numpy()[rows]
    split = (whole != "blank") & (whole != "noise")
    # Each sentence is judged by the loader's rules for a line (a sentence of other script,
    # a separator); a document judged blank or noise keeps its own flag and reason.
    judged = _annotate(path, pd.DataFrame({"text": texts}))
    texts = judged["text"]
    kinds = np.where(split, judged["kind"].to_numpy(dtype=object), whole)
    reasons = np.where(
        split, judged["reason"].to_numpy(dtype=object), documents["reason"].to_numpy()[rows]
    )
    # Inside an article, a short sentence that ends as a sentence does ("He left.") is one:
    # the three-word rule is for lines of scraped boilerplate.
    noise = np.flatnonzero(kinds == "noise").tolist()
    short = [k for k in noise if str(reasons[k]).startswith(SHORT_REASON)]
    ended = [k for k in short if _SENTENCE_END.search(texts.iat[k])]
    kinds[ended], reasons[ended] = "sentence", None
    metadata = documents.drop(
        columns=["sentence_id", "text", "kind", "reason", "dateline"], errors="ignore"
    )
    metadata = metadata.iloc[rows].reset_index(drop=True)
    derived = columns_frame(
        {
            "sentence_id": np.arange(1, len(rows) + 1, dtype=np.int64),
            "text": judged["text"],
            "kind": kinds,
            "reason": reasons,
        }
    )
    added = columns_frame(
        {
            "doc_id": documents["sentence_id"].to_numpy()[rows],
            "sentence_in_doc": np.asarray(numbers, dtype=np.int64),
            "start": np.asarray(starts, dtype=np.int64),
            "end": np.asarray(ends, dtype=np.int64),
            "dateline": datelines,
            "byline": bylines,
        }
    )
    own = [c for c in ("source", "headline") if c in metadata.columns]
    return pd.concat([derived, metadata[own], added, metadata.drop(columns=own)], axis=1)


def _one_buffer(column: pd.Series) -> tuple | None:
    """``(buf, byte_starts, byte_ends, lengths)`` of a ``str`` column held in one Arrow
    buffer (its rows' UTF-8 bytes, read in place, and their lengths in characters); None for
    any other column."""
    if column.dtype != TEXT_DTYPE:
        return None
    array = column.array.__arrow_array__()
    segments = column_segments(array)
    if len(segments) != 1:
        return None
    buf, byte_starts, byte_ends = segments[0]
    lengths = pc.utf8_length(array).fill_null(0).to_numpy().astype(np.int64, copy=False)
    return buf, byte_starts, byte_ends, lengths


def _sentence_texts(column: tuple | None, texts: list, rows, starts, ends) -> pd.Series:
    """The texts ``texts[rows[j]][starts[j]:ends[j]]`` of the documents, as a column: cut
    from their own UTF-8 bytes when they are one Arrow buffer (``column``: ``_one_buffer``'s;
    no Python string a sentence: a million of them cost a second), else sliced one by one."""
    if column is not None:
        buf, byte_starts, byte_ends, lengths = column
        ascii_rows = byte_ends - byte_starts == lengths
        cut = [utf8_offsets(buf, byte_starts, ascii_rows, at, rows) for at in (starts, ends)]
        return pd.Series(arrow_array(buf, *cut), dtype=TEXT_DTYPE, copy=False)
    return pd.Series(
        [
            texts[r][a:b] if isinstance(texts[r], str) else texts[r]
            for r, a, b in zip(rows.tolist(), starts.tolist(), ends.tolist())
        ],
        dtype=object,
    )


def _with_dates(path: Path, metadata: pd.DataFrame, lines) -> pd.DataFrame:
    """A table's ``date`` column read as dates (``parse_dates``), with ``date_precision``
    beside it; a table without one is returned as it is."""
    if "date" not in metadata.columns:
        return metadata
    if "date_precision" in metadata.columns:
        raise CorpusError(
            f"{path}: column 'date_precision' is computed by the loader from 'date'; "
            f"rename it in the file (for example to 'original_date_precision')."
        )
    dates, precision = parse_dates(metadata["date"], path, lines)
    at = metadata.columns.get_loc("date")
    metadata = metadata.drop(columns="date")
    metadata.insert(at, "date", dates)
    metadata.insert(at + 1, "date_precision", precision)
    return metadata


# A date as the loader reads it: ISO 8601, to the day, the month or the year, optionally with a
# time of day (kept) and an offset from UTC (converted to UTC).
DATE_FORMS = "2007-08-30, 2007-08 or 2007 (ISO 8601)"
_ISO_DATE = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?P<time>[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?"
)


# Dates to the second: pandas' nanoseconds reach only 1677-2262, and a historical corpus (1066,
# 1916) or a date in the future (a plan for 2300) is kept, not refused.
DATE_DTYPE = "datetime64[s]"


def parse_dates(values: pd.Series, path: Path | str = "dates", lines=None):
    """A ``date`` column read as ``(dates, precision)``: datetimes (``datetime64[s]``, missing
    where the cell is empty) and how much of each date was given (``day``, ``month`` or
    ``year``; missing where the date is unknown). "2008-03" is kept as March 2008 with precision
    ``month``, never as 1 March, so a count by day or month does not place it on a day it does
    not name. Accepted: ISO dates (with a time of day, or an offset that is converted to UTC),
    ``YYYY-MM``, ``YYYY``, a whole-number year, and datetime values (a Parquet timestamp column).
    Anything else is a ``CorpusError`` naming the file, the line (``lines[k]``: the line row
    k starts on; else the row) and the forms accepted. Each distinct value is read once.
    """
    values = pd.Series(values).reset_index(drop=True)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        stamps = pd.to_datetime(values, utc=True).dt.tz_localize(None)
        precision = pd.Series(np.where(stamps.isna(), None, "day"), dtype=object)
        return stamps.astype(DATE_DTYPE), precision
    objects = values.astype(object).tolist()
    read: dict = {}  # each distinct cell is read once (a million rows hold a few hundred dates)
    stamps, precision = [], []
    for row, value in enumerate(objects):
        key = _date_key(value)
        if key not in read:
            read[key] = _read_date(value)
        if read[key] is None:
            where = f"line {lines[row]}" if lines is not None else f"row {row + 1}"
            raise CorpusError(
                f"{path}: {where}: the date {value!r} cannot be read; write it as "
                f"{DATE_FORMS}, or leave the cell empty where the date is unknown."
            )
        stamps.append(read[key][0])
        precision.append(read[key][1])
    return (
        pd.Series(stamps, dtype=DATE_DTYPE),
        pd.Series(precision, dtype=object),
    )


def _date_key(value):
    """A dictionary key for a cell: None for every kind of missing (NaN, None, NA), the value
    itself if hashable, else its repr (a list cell, which _read_date refuses)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    try:
        hash(value)
    except TypeError:
        return ("unhashable", repr(value))
    return value


def _read_date(value) -> tuple | None:
    """(timestamp or NaT, precision or None) of one cell; None when it is not a date."""
    import datetime as dt

    if _date_key(value) is None or (isinstance(value, str) and value.strip() == ""):
        return pd.NaT, None
    if isinstance(value, (pd.Timestamp, dt.datetime, np.datetime64)):
        stamp = pd.Timestamp(value)
        return (stamp.tz_convert(None) if stamp.tzinfo else stamp), "day"
    if isinstance(value, dt.date):
        return pd.Timestamp(value), "day"
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.fullmatch(value.strip())
    if match is None:
        return None
    try:
        stamp = pd.Timestamp(match[0].replace(" ", "T") if match["time"] else match[0])
    except ValueError:  # 2007-13, 2007-02-30
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(None)
    return stamp, "day" if match["day"] else "month" if match["month"] else "year"


def _suspects(texts: list[str], raw: tuple | None = None) -> np.ndarray:
    """Indices of the rows that ``_classify`` must look at; every other row is a sentence.

    A row is certainly a sentence if it is ASCII but for typographic dashes, quotes and
    ellipses (so all its letters are Latin), has no colon (so no "TAG:" headline), fewer than
    two "|" and at least three words. Those tests run in
    one compiled pass over the UTF-8 bytes of all rows (``suspect_rows``), so a million rows
    take a fraction of a second, and the result is exactly what ``_classify`` gives row by row
    (a test checks this). ``raw`` is (bytes, starts, ends) of the rows when the caller has them
    already (a text file's own bytes, or a ``str`` column's); otherwise the texts are encoded
    here.
    """
    if raw is None:
        encoded = [t.encode("utf-8", "surrogatepass") for t in texts]
        ends = np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(texts)))
        raw = (
            np.frombuffer(b"".join(encoded), dtype=np.uint8),
            ends - (np.diff(ends, prepend=0) if len(ends) else ends),
            ends,
        )
    buf, starts, ends = raw
    return np.flatnonzero(by_rows(suspect_rows, buf, starts, ends, ASCII_LETTER, PUNCT_E280))


_NOT_LETTER = bytes(c for c in range(128) if not chr(c).isalpha())
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
# A line "TAG: title" with a tag listed in data/source_tags.csv is a headline of that source.
_HEADLINE = re.compile(r"^\s*(?P<tag>[A-Z][A-Z .&'-]*[A-Z])\s*:\s*(?P<title>\S.*?)\s*$")


_WORD = re.compile(r"[^\W\d_]+")


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
    if stripped.count("|") >= 2 or stripped.count("»") >= 2:
        return "noise", "menu or navigation text (separators between items)", None, None
    # (Only whether there are three words matters: an article-length row is not read to its end.)
    if sum(1 for _ in itertools.islice(_WORD.finditer(stripped), 3)) < 3:
        return "noise", f"{SHORT_REASON}: boilerplate, not a sentence", None, None
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


def _check_seed(path: Path, corpus: pd.DataFrame) -> None:
    """The facts the notebooks rely on about the vendored seed corpus (data/raw/README.md)."""
    _check_seed_bytes(path)
    assert len(corpus) == SEED_ROWS, f"{path}: expected {SEED_ROWS} rows, got {len(corpus)}"


def _check_seed_bytes(path: Path) -> None:
    """The seed corpus is the file as delivered, byte for byte."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SEED_SHA256:
        raise CorpusError(
            f"{path}: sha256 is {digest}, not the delivered {SEED_SHA256}. Raw data "
            f"is never edited: restore it with `git checkout -- {path}`."
        )


def columns_frame(columns: dict) -> pd.DataFrame:
    """A DataFrame of the given columns (arrays or Series of one length), in that order.

    Each column is made a Series of its own dtype first, without a copy (numpy object arrays
    stay object: given to the DataFrame constructor as arrays, pandas 3 would copy them and
    convert their strings to its ``str`` dtype, a second for a few million mentions).
    """
    return pd.DataFrame(
        {
            name: value.reset_index(drop=True)
            if isinstance(value, pd.Series)
            else pd.Series(value, dtype=value.dtype, copy=False)
            for name, value in columns.items()
        },
        copy=False,
    )


def sentences(corpus: pd.DataFrame) -> pd.DataFrame:
    """The rows of kind ``sentence`` (the running text the analyses count)."""
    check_table("sentences", "corpus", corpus, ("sentence_id", "text", "kind"), "load_corpus")
    return select_rows(corpus, (corpus["kind"] == "sentence").to_numpy())


# select_rows keeps slices while there are at most MAX_SLICES runs of kept rows, or one per
# ROWS_PER_SLICE rows on a large corpus: past that, Arrow's many small chunks cost more than a copy.
MAX_SLICES = 64
ROWS_PER_SLICE = 1000


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
    if len(edges) // 2 > max(MAX_SLICES, len(mask) // ROWS_PER_SLICE):
        return corpus[mask]
    source = text.array.__arrow_array__()
    runs = [source.slice(a, b - a) for a, b in zip(edges[::2].tolist(), edges[1::2].tolist())]
    shared = pa.chunked_array([c for run in runs for c in run.chunks], type=source.type)
    picked = corpus.drop(columns="text")[mask]
    picked.insert(
        corpus.columns.get_loc("text"),
        "text",
        pd.Series(
            pd.arrays.ArrowStringArray(shared, dtype=TEXT_DTYPE), index=picked.index, copy=False
        ),
    )
    return picked


def document_numbers(corpus: pd.DataFrame) -> pd.Series:
    """The document of each row of ``corpus`` as a number (1, 2, ... in corpus order), indexed
    by ``sentence_id``: a corpus read as documents numbers its documents (``file`` and
    ``doc_id``), one read a line at a time counts each line as its own document."""
    check_table("document_numbers", "corpus", corpus, ("sentence_id",), "load_corpus")
    if "doc_id" not in corpus.columns:
        key = corpus["sentence_id"].astype(str)
    elif "file" in corpus.columns:
        key = corpus["file"].astype(str) + "\x00" + corpus["doc_id"].astype(str)
    else:
        key = corpus["doc_id"].astype(str)
    return pd.Series(pd.factorize(key)[0] + 1, index=corpus["sentence_id"].to_numpy())


def documents_in(corpus: pd.DataFrame) -> int | None:
    """How many documents a corpus read as documents holds (each has one first sentence);
    None for a corpus read a line at a time."""
    if "sentence_in_doc" not in corpus.columns:
        return None
    return int((corpus["sentence_in_doc"].to_numpy() == 1).sum())


def per_document(table: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """``table`` (one row per occurrence with its ``sentence_id``: mentions, frame matches, KWIC
    matches) counted by document instead of by sentence: its ``sentence_id`` becomes its
    document's number (``document_numbers``). Any count of sentences then counts documents:
    ``cooccurrence(per_document(mentions, corpus))`` is the number of documents that name both
    entities; ``frame_summary(per_document(frames, corpus), document_rows(corpus))`` the
    documents that use each frame."""
    check_table("per_document", "table", table, ("sentence_id",), "a finder")
    numbers = document_numbers(corpus)
    doc = numbers.reindex(table["sentence_id"].to_numpy()).to_numpy()
    if pd.isna(doc).any():
        raise ValueError("per_document: a row names a sentence_id that is not in the corpus")
    return table.assign(sentence_id=doc.astype(np.int64))


def document_rows(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per document of ``corpus`` (its first row, with the document's columns), its
    ``sentence_id`` the document's number: the corpus ``per_document``'s counts are of."""
    numbers = document_numbers(corpus).to_numpy()
    first = np.flatnonzero(np.r_[True, numbers[1:] != numbers[:-1]])
    return corpus.iloc[first].assign(sentence_id=numbers[first]).reset_index(drop=True)


def corpus_summary(corpus: pd.DataFrame) -> pd.DataFrame:
    """Rows by kind: columns ``kind``, ``rows``, ``lines`` (the sentence ids, as a short list),
    and the total. Counted by ``kind_counts`` and finished by ``summary_table``, the steps the
    Dask path adds partitions with."""
    check_table("corpus_summary", "corpus", corpus, ("sentence_id", "text", "kind"), "load_corpus")
    kinds, kind_ids = kind_counts(corpus)
    return summary_table(kinds, kind_ids, len(corpus))


def kind_counts(corpus: pd.DataFrame) -> tuple[pd.Series, dict]:
    """The rows of each kind, and the first ids of each kind (as many as ``summary_table``
    shows, and one more to say there are more): what two parts of a corpus add up."""
    kind_ids = {
        kind: ids.to_numpy()[: WHERE_IDS + 1]
        for kind, ids in corpus.groupby("kind", sort=False)["sentence_id"]
    }
    return corpus["kind"].value_counts(), kind_ids


def kinds_table(kinds: pd.Series) -> pd.DataFrame:
    """Rows by kind, in ``KINDS``' order (kinds with no row left out)."""
    kinds = kinds.reindex([k for k in KINDS if k in kinds.index])
    return pd.DataFrame({"kind": kinds.index.astype(object), "rows": kinds.to_numpy()})


def summary_table(kinds: pd.Series, kind_ids: dict, rows: int) -> pd.DataFrame:
    """``corpus_summary``'s table from the rows of each kind and their first ids."""
    table = kinds_table(kinds)
    table["lines"] = [
        _id_list(kind_ids[kind], WHERE_IDS, total)
        for kind, total in zip(table["kind"], table["rows"])
    ]
    total = pd.DataFrame({"kind": ["total"], "rows": [rows], "lines": [""]})
    return pd.concat([table, total], ignore_index=True).astype({"kind": str})


# A table's list of sentence ids (``where``, ``lines``) shows this many, then how many more.
WHERE_IDS = 12


def _id_list(ids: pd.Series, limit: int = WHERE_IDS, total: int | None = None) -> str:
    """The first ``limit`` ids, and how many more there are (of ``total``, when ``ids`` holds
    only the first ones)."""
    ids = list(ids)
    total = len(ids) if total is None else total
    shown = ", ".join(map(str, ids[:limit]))
    return shown + (f", ... ({total - limit} more)" if total > limit else "")
