"""Where the project's files are, the loader's error, and how hand-curated tables are read.

Files are found from this package's own location, never from the current directory: notebooks,
tests and papermill all run from different folders.
"""

from __future__ import annotations

import csv
import hashlib
from importlib import resources
from pathlib import Path

# The project's root: the folder that holds this package, data/ and figures/.
ROOT = Path(__file__).resolve().parent.parent


def data_folder() -> Path:
    """The hand-curated data: ``data/`` beside this package in a checkout of the project, or,
    where the package was installed from its wheel (a Dask worker on another machine), the
    copy the wheel carries inside the package (``pyproject.toml`` maps ``data/`` to
    ``conflict_corpus/data``)."""
    beside = ROOT / "data"
    if (beside / "gazetteer.csv").is_file():
        return beside
    return Path(str(resources.files(__package__).joinpath("data")))


DATA = data_folder()
FIGURES = ROOT / "figures"
DEFAULT_CORPUS = DATA / "raw" / "mahdi_army_sentences.txt"
STOPWORDS_FILE = DATA / "stopwords_en.txt"
SOURCE_TAGS_FILE = DATA / "source_tags.csv"
GAZETTEER_FILE = DATA / "gazetteer.csv"
LEXICON_FILE = DATA / "lexicon.csv"
STANCE_FILE = DATA / "stance_cues.csv"

# The characters that make a corpus path a glob pattern of files (Python's glob module).
GLOB_CHARACTERS = "*?["


def is_many_files(path: str | Path) -> bool:
    """Whether ``path`` names a corpus of several files: a folder, or a glob pattern
    (``corpus/*.parquet``) that is not itself the name of a file."""
    path = Path(path)
    return path.is_dir() or (any(c in str(path) for c in GLOB_CHARACTERS) and not path.exists())


def out_name(corpus: str | Path) -> str:
    """The folder under out/ for a corpus given without OUT: the file's stem, or the folder's
    name (for a glob pattern, the name of the folder it starts in)."""
    path = Path(corpus)
    while any(c in path.name for c in GLOB_CHARACTERS) and path.name:
        path = path.parent
    return path.stem or "corpus"


def output_folder(corpus: str | Path | None, out: str | Path | None) -> str | None:
    """Where a notebook run writes its figures and tables: ``out`` when given; else, for a
    corpus other than the seed, ``out/<corpus name>/`` in the project, so that a notebook run
    in JupyterLab on your own corpus never writes over the committed ``figures/`` and
    ``tables/``; None (the committed folders) for the seed. ``out`` naming the project itself
    (where the committed outputs live) for another corpus is refused, as ``make`` refuses it."""
    seed = corpus is None or Path(corpus).resolve() == DEFAULT_CORPUS.resolve()
    if out is not None:
        if not seed and Path(out).resolve() == ROOT:
            raise ValueError(
                f"OUT={out!s}: is the project's folder, whose figures/ and tables/ are the "
                f"committed outputs of the seed corpus, and CORPUS={corpus!s} is another corpus; "
                f"choose a folder of its own, e.g. OUT='../out/mycorpus' (or OUT=None: out/"
                f"{out_name(corpus)}/)."
            )
        return str(out)
    return None if seed else str(ROOT / "out" / out_name(corpus))


def curated_files() -> list[Path]:
    """The hand-curated files at the top of ``data/`` (the corpus in ``data/raw/`` and the
    evaluation set are in folders of their own): what a built matcher may have read."""
    return sorted(p for p in DATA.iterdir() if p.is_file())


def stamps(paths) -> tuple[str, ...]:
    """A fingerprint of each of ``paths``: the sha256 of a regular file's bytes, ``"missing"``
    or ``"not a file"`` (a folder, a FIFO: never opened, so never waited on): the key of a
    cache kept in a process until one of those files changes. The bytes, not the modification
    time: a file rewritten within the same clock tick, or copied with its old time, is seen.
    (The curated files are small: hashing them all takes well under a millisecond.)"""
    found = []
    for path in map(Path, paths):
        if not path.exists():
            found.append("missing")
        elif not path.is_file():
            found.append("not a file")
        else:
            found.append(hashlib.sha256(path.read_bytes()).hexdigest())
    return tuple(found)


def check_curated_path(path, what: str) -> Path:
    """``path`` (a str or Path) as a Path to a hand-curated file that exists and is a regular
    file; else a CorpusError that says which argument (``what``) and the fix. A FIFO or
    device is refused before it is opened (reading one would wait for ever)."""
    if not isinstance(path, (str, Path)):
        raise TypeError(
            f"{what} must be a table (a DataFrame), a path or None, not {type(path).__name__}"
        )
    path = Path(path)
    if not path.exists():
        raise CorpusError(
            f"{path}: no such file (given as {what}). Pass the path of a CSV file, or None for "
            f"the one that ships in data/."
        )
    if not path.is_file():
        kind = "a folder" if path.is_dir() else "not a regular file (a FIFO, socket or device)"
        raise CorpusError(f"{path}: is {kind} (given as {what}); pass the path of a CSV file.")
    return path


class CorpusError(ValueError):
    """Bad input: the message names the file, the line where it applies, and the fix."""


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes; a folder, a FIFO or a device, or any error of the operating
    system (permission, I/O), is a CorpusError that names the file and says what to do."""
    path = Path(path)
    if path.exists() and not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file (a FIFO, socket or device)"
        raise CorpusError(f"{path}: is {what}; pass a file that holds the data.")
    try:
        return path.read_bytes()
    except OSError as err:
        raise CorpusError(
            f"{path}: cannot be read ({err.strerror or err}). Check that the file exists and "
            f"that you may read it."
        ) from None


def read_utf8(path: Path, data: bytes | None = None) -> str:
    """Decode a file (or its ``data``) as UTF-8, a leading byte-order mark dropped, naming the
    bad line."""
    data = read_bytes(path) if data is None else data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        bad = data[err.start : err.end].hex(" ")
        raise CorpusError(
            f"{path}: line {line}, byte {column} (offset {err.start}) is not UTF-8 "
            f"(bytes {bad}: {err.reason}). Convert the file to UTF-8 first, for example "
            f"`iconv -f WINDOWS-1252 -t UTF-8 {path.name} > {path.stem}.utf8{path.suffix}` "
            f"(replace WINDOWS-1252 with the file's real encoding)."
        ) from None


def read_curated_csv(path: Path, required: tuple[str, ...]) -> list[dict]:
    """Read a hand-curated CSV from ``data/``: leading ``#`` lines are comments.

    Returns a list of dicts, each with a ``_line`` key (its line number in the file) so that
    errors can point at the row. Raises CorpusError for a missing file or column, or an empty
    required cell.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(
            f"{path}: no such file. It ships with the project in data/; restore it "
            f"with `git checkout -- {path.name}` or pass the path of your own table."
        )
    lines = read_utf8(path).split("\n")
    skip = 0
    while skip < len(lines) and lines[skip].startswith("#"):
        skip += 1
    reader = csv.DictReader(lines[skip:])
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise CorpusError(
            f"{path}: line {skip + 1}: the header {header} lacks column(s) "
            f"{missing}; the header row must name {list(required)}."
        )
    rows = []
    for row in reader:
        number = skip + reader.line_num  # physical line of the row's last line
        if None in row:
            raise CorpusError(
                f"{path}: line {number}: more cells than the header has "
                f"({len(header)}); quote cells that contain commas."
            )
        if all((v or "").strip() == "" for v in row.values()):
            continue  # a blank line between rows is layout, not a row
        for column in required:
            if (row.get(column) or "").strip() == "":
                raise CorpusError(
                    f"{path}: line {number}: the '{column}' cell is empty; "
                    f"fill it in or delete the row."
                )
        row = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
        row["_line"] = number
        rows.append(row)
    return rows
