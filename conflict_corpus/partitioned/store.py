"""A run's tables on disk: counted once per corpus, read by every notebook.

``stored_tables(path, options, address, out)`` is ``partitioned_tables(path, options, address)``
counted once: the first call counts the tables and writes them into the run's store, and every
later call with the same corpus, curated files, code and options reads them back instead of
scanning the corpus again. ``make`` counts them before the notebooks start; a notebook run alone
in JupyterLab reads what a run already counted, or counts them itself.

The store is the folder ``<out>/.counts/`` (``out`` None: the project's ``.counts/``; the
environment variable ``CONFLICT_CORPUS_COUNTS`` names another, as the runner does for the
notebooks it stages). Each entry is a folder named by its key, the SHA-256 of:

- the corpus: every file's bytes and its name in the corpus (``file_label``), in corpus order;
- the curated files the counts read (every file at the top of ``data/``);
- the code (every module of this package) and the versions of Python, pandas and numpy;
- the options (``TableOptions``, whose fields hold every size and grouping).

Change any of these and the key changes, so a stale table is never read: an entry is read only
for the exact inputs it was counted from. An entry holds one Parquet file a table (pyarrow keeps
the dtypes, the index and the column labels) and ``tables.json``, the run's numbers and where
each table goes in ``CorpusTables``. It is written into a temporary folder and renamed into place
whole, so a reader sees a whole entry or none. Before the rename, the entry is read back and
compared with the tables counted; one that does not read back exactly equal is not kept (a
warning says so, and each notebook then counts for itself). An entry that cannot be read (cut
short, changed by hand) is removed and counted again; a store that cannot be written (a full
disk, a read-only folder) costs only the count. The four entries used last are kept; older
ones are removed when a new one is written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..engine.store import cache_key
from ..files import DEFAULT_CORPUS, ROOT, curated_files, is_many_files
from ..load import corpus_files, file_label
from .options import CorpusTables, SearchTables, TableOptions
from .passes import partitioned_tables

STORE_VARIABLE = "CONFLICT_CORPUS_COUNTS"
ENTRIES_KEPT = 4
TABLES_FILE = "tables.json"
# The dataclasses an entry may hold, by name (nothing else is rebuilt from a file).
CLASSES = {cls.__name__: cls for cls in (CorpusTables, SearchTables)}


class Unstorable(ValueError):
    """A value the store cannot write and read back exactly."""


def stored_tables(
    path: str | Path | None,
    options: TableOptions | None = None,
    address: str | None = None,
    out: str | Path | None = None,
    folder: str | Path | None = None,
) -> CorpusTables:
    """The tables of the corpus ``path`` (None: the seed corpus), as ``partitioned_tables``
    counts them, read from the run's store when the same inputs were counted before (see the
    module); else counted and written there. ``out``: the run's output folder (None: the
    project), whose store is used unless ``folder`` names one."""
    path = DEFAULT_CORPUS if path is None else path
    options = options or TableOptions()
    folder = store_folder(out) if folder is None else Path(folder)
    key = store_key(path, options)
    found = read_entry(folder / key)
    if found is not None:
        return found
    tables = partitioned_tables(path, options, address)
    write_entry(folder, key, tables)
    return tables


def store_folder(out: str | Path | None = None) -> Path:
    """Where a run's entries are: ``$CONFLICT_CORPUS_COUNTS``, else ``<out>/.counts`` (``out``
    None: the project's ``.counts``)."""
    named = os.environ.get(STORE_VARIABLE)
    if named:
        return Path(named)
    return (ROOT if out is None else Path(out)) / ".counts"


def store_key(path: str | Path, options: TableOptions) -> str:
    """The SHA-256 (hex) of everything the tables are counted from (see the module)."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        # (Each part is framed by its label and length, so no two inputs give the same bytes.)
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    # The code, the curated files and the versions, as the built matchers' cache keys them.
    add("code and data", cache_key(curated_files()).encode())
    many = is_many_files(path)
    for file in corpus_files(path):
        add("corpus file", file_label(Path(file), str(path)).encode() if many else b"")
        with open(file, "rb") as handle:
            add("corpus bytes", hashlib.file_digest(handle, "sha256").digest())
    add("options", repr(options).encode())
    return digest.hexdigest()


def read_entry(entry: Path) -> CorpusTables | None:
    """The tables an entry holds, or None when there is no such entry, or none that can be
    read (a file cut short or changed by hand: the entry is removed, and counted again)."""
    layout = entry / TABLES_FILE
    if not layout.is_file():
        return None
    try:
        tables = _decoded(json.loads(layout.read_text(encoding="utf-8")), entry)
        if not isinstance(tables, CorpusTables):
            raise Unstorable(f"an entry holding {type(tables).__name__}")
    except (ValueError, TypeError, KeyError, OSError) as error:
        # (json's and pyarrow's errors are ValueErrors; a missing file an OSError.)
        warnings.warn(
            f"{entry} cannot be read ({error}): the tables are counted again.", stacklevel=3
        )
        shutil.rmtree(entry, ignore_errors=True)
        return None
    os.utime(entry)  # (used last: kept when older entries are removed)
    return tables


def write_entry(folder: Path, key: str, tables: CorpusTables) -> None:
    """Write ``tables`` as the entry ``key`` of ``folder``, whole or not at all (see the
    module); remove all but the entries used last."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        draft = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=folder))
    except OSError as error:  # (a folder that cannot be written: a read-only install, say)
        warnings.warn(f"The tables could not be stored in {folder} ({error}).", stacklevel=3)
        return
    try:
        frames: list = []
        tree = _encoded(tables, frames)
        for number, frame in enumerate(frames):
            try:
                frame.to_parquet(draft / f"t{number:04d}.parquet", engine="pyarrow")
            except (ValueError, TypeError, NotImplementedError) as error:
                # (pyarrow's errors: a column of mixed types, a label that is not a string...)
                raise Unstorable(f"a table Parquet cannot hold: {error}") from None
        (draft / TABLES_FILE).write_text(json.dumps(tree, sort_keys=True), encoding="utf-8")
        _same(tables, _decoded(tree, draft), "tables")
        os.rename(draft, folder / key)
    except Unstorable as reason:
        warnings.warn(
            f"The tables could not be stored in {folder} ({reason}): each notebook counts "
            f"them again.",
            stacklevel=3,
        )
    except OSError as error:
        # Another process wrote the same entry first (its tables are these), or the disk is
        # full: the run goes on, and counts again next time.
        if not (folder / key / TABLES_FILE).is_file():
            warnings.warn(f"The tables could not be stored in {folder} ({error}).", stacklevel=3)
    finally:
        shutil.rmtree(draft, ignore_errors=True)
    _prune(folder)


def _prune(folder: Path) -> None:
    entries = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
    day_ago = time.time() - 86_400
    for draft in folder.glob(".*"):  # (a draft whose writer was killed: a day old, it is gone)
        if draft.is_dir() and draft.stat().st_mtime < day_ago:
            shutil.rmtree(draft, ignore_errors=True)
    entries.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[ENTRIES_KEPT:]:
        shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# The layout: a JSON tree whose leaves are the run's numbers and words, or the numbers of the
# Parquet files holding the tables. Written by hand, because no library writes a dataclass of
# tables, dicts and numbers as Parquet and JSON and refuses what it cannot read back (pickle
# would run code from a file that anyone able to write into OUT could change).


def _encoded(value, frames: list):
    if value is None or isinstance(value, (bool, str)):
        return {"value": value}
    if type(value) in (int, float):
        return {type(value).__name__: value}
    if isinstance(value, pd.DataFrame):
        frames.append(value)
        return {"frame": len(frames) - 1, "objects": _object_positions(value)}
    if isinstance(value, pd.Series):
        frame = value.to_frame("values")
        frames.append(frame)
        return {
            "series": len(frames) - 1,
            "name": _encoded(value.name, frames),
            "objects": _object_positions(frame),
        }
    if isinstance(value, (tuple, list)):
        return {type(value).__name__: [_encoded(v, frames) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[_encoded(k, frames), _encoded(v, frames)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and type(value).__name__ in CLASSES:
        fields = {
            f.name: _encoded(getattr(value, f.name), frames) for f in dataclasses.fields(value)
        }
        return {"class": type(value).__name__, "fields": fields}
    raise Unstorable(f"a value of type {type(value).__name__}")


def _decoded(tree: dict, entry: Path):
    (kind, item), *_ = ((k, v) for k, v in tree.items() if k not in ("name", "objects"))
    if kind == "value":
        return item
    if kind in ("int", "float"):
        return {"int": int, "float": float}[kind](item)
    if kind in ("frame", "series"):
        frame = _read_frame(entry / f"t{item:04d}.parquet", tree["objects"])
        if kind == "frame":
            return frame
        return frame["values"].rename(_decoded(tree["name"], entry))
    if kind in ("tuple", "list"):
        return {"tuple": tuple, "list": list}[kind](_decoded(v, entry) for v in item)
    if kind == "dict":
        return {_decoded(k, entry): _decoded(v, entry) for k, v in item}
    if kind == "class":
        fields = {name: _decoded(v, entry) for name, v in tree["fields"].items()}
        return CLASSES[item](**fields)
    raise Unstorable(f"an entry holding {kind!r}")


def _object_positions(frame: pd.DataFrame) -> dict:
    """Which columns, and which index levels, hold Python objects (strings, None...); the
    dtypes of the columns of dates (Parquet has no seconds: pyarrow writes them as
    milliseconds); whether the column labels are a RangeIndex (an empty one reads back as
    integers)."""
    return {
        "range_labels": isinstance(frame.columns, pd.RangeIndex),
        "dates": {
            str(k): str(dtype)
            for k, dtype in enumerate(frame.dtypes)
            if str(dtype).startswith("datetime64")
        },
        "columns": [k for k, dtype in enumerate(frame.dtypes) if dtype == np.dtype(object)],
        "index": [
            k for k in range(frame.index.nlevels) if frame.index.get_level_values(k).dtype == object
        ],
    }


def _read_frame(file: Path, objects: dict) -> pd.DataFrame:
    """A table as written: the columns and index levels that held Python objects read back as
    such (pandas would make text columns its string dtype, and None a NaN)."""
    import pyarrow.parquet as pq

    table = pq.read_table(file)
    frame = table.to_pandas()
    for position in objects["columns"]:
        values = pd.Series(_as_objects(table.column(position)), index=frame.index, dtype=object)
        frame.isetitem(position, values)
    for position, dtype in objects.get("dates", {}).items():
        frame.isetitem(int(position), frame.iloc[:, int(position)].astype(dtype))
    if objects.get("range_labels"):
        frame.columns = pd.RangeIndex(len(frame.columns))
    if objects["index"]:
        stored = json.loads(table.schema.metadata[b"pandas"])["index_columns"]
        levels = [
            _as_objects(table.column(stored[k]))
            if k in objects["index"]
            else frame.index.get_level_values(k)
            for k in range(frame.index.nlevels)
        ]
        frame.index = pd.MultiIndex.from_arrays(levels, names=frame.index.names)
        if len(levels) == 1:
            frame.index = frame.index.get_level_values(0)
    return frame


def _as_objects(column) -> np.ndarray:
    values = np.empty(len(column), dtype=object)
    values[:] = column.to_pylist()
    return values


def _same(a, b, name: str) -> None:
    """Raise ``Unstorable`` unless ``a`` and ``b`` are exactly equal, types included."""
    if type(a) is not type(b):
        raise Unstorable(f"{name}: {type(a).__name__} read back as {type(b).__name__}")
    try:
        if isinstance(a, pd.DataFrame):
            _same_frame(a, b)
        elif isinstance(a, pd.Series):
            pd.testing.assert_series_equal(a, b, check_exact=True)
        elif isinstance(a, (tuple, list, dict)) or dataclasses.is_dataclass(a):
            for x, y, part in _parts(a, b, name):
                _same(x, y, part)
        else:
            assert a == b or (a != a and b != b)  # (NaN reads back as NaN)
    except AssertionError as error:
        raise Unstorable(f"{name} does not read back equal: {error}") from None


def _parts(a, b, name: str) -> list:
    """The items of two containers of one type, side by side, with their names."""
    if isinstance(a, dict):
        assert list(a) == list(b)
        return [(a[k], b[k], f"{name}[{k!r}]") for k in a]
    if dataclasses.is_dataclass(a):
        fields = [f.name for f in dataclasses.fields(a)]
        return [(getattr(a, f), getattr(b, f), f"{name}.{f}") for f in fields]
    assert len(a) == len(b)
    return [(x, y, f"{name}[{k}]") for k, (x, y) in enumerate(zip(a, b))]


def _same_frame(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True, check_column_type=True)
    for k in _object_positions(a)["columns"]:
        # (Equal as pandas compares them, yet a list read back as an array is not. Read from
        # the columns' arrays: stepping through a Series boxes each value again, 3x slower.)
        types = [list(map(type, x.iloc[:, k].to_numpy(dtype=object))) for x in (a, b)]
        assert types[0] == types[1], k
