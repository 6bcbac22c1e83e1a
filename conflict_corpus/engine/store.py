"""Built matchers kept on disk between processes, as numba keeps the compiled loops.

Building the entity matcher's tries and the lexicon's automata from the curated files takes
about half a second (measured: 0.37 s for the frames, 0.2 s for the entities), and every fresh
process paid it: each kernel of a `make`, each Dask worker. Unpickling the built matcher takes
under 10 ms. ``built`` returns the object from the cache when one was built from the same
bytes: the same input files, the same source code of this package (any edit to it may change
what a build makes), the same Python, numpy and pandas. Otherwise it builds the object, and
keeps it for the next process.

The cache is a convenience, never a source of results: a file that cannot be read or
unpickled is built again, and a folder that cannot be written (a read-only install) is simply
not used.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import platform
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from .jit import files_digest

PACKAGE = Path(__file__).resolve().parent.parent
# Beside the compiled loops numba caches (and, like them, ignored by git).
CACHE_DIR = Path(__file__).resolve().parent / "__pycache__"

T = TypeVar("T")


def cache_key(inputs: Iterable[str | Path]) -> str:
    """A digest of the input files' names and bytes, this package's source files and the
    versions of Python, numpy and pandas."""
    header = f"{platform.python_version()} {np.__version__} {pd.__version__}"
    return files_digest(header, [*sorted(PACKAGE.rglob("*.py")), *inputs])[:32]


def built(
    name: str,
    build: Callable[[], T],
    inputs: Iterable[str | Path],
    folder: str | Path | None = None,
) -> T:
    """``build()``, or the object an earlier process built from the same ``inputs`` (files)
    and the same code, read from ``folder`` (default: ``CACHE_DIR``). ``name`` names the
    cache file (letters, digits, '_'); the older files of that name are removed when a new
    one is written."""
    folder = Path(folder) if folder is not None else CACHE_DIR
    path = folder / f"{name}-{cache_key(inputs)}.pickle"
    # The file is this package's own output, written by the code the key covers, from a
    # folder only its owner writes to: unpickling it trusts no one but the package's .pyc.
    with contextlib.suppress(Exception), path.open("rb") as file:
        return pickle.load(file)
    value = build()
    _keep(value, path, name)
    return value


def _keep(value, path: Path, name: str) -> None:
    """Write ``value`` to ``path`` atomically (a temporary file, renamed), then remove the
    older files of ``name``. An error of the file system (a read-only folder, a full disk)
    leaves the cache as it was: the next process builds again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError):
        Path(temporary).unlink(missing_ok=True)
        return
    for old in path.parent.glob(f"{name}-*.pickle"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
