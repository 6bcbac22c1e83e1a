"""Built matchers kept on disk between processes, as numba keeps the compiled loops.

Building the lexicon's automata from the curated files takes seconds (measured: about 3 s
for the shipped lexicon's, 0.2 s for the entity matcher's tries), and every fresh process
would pay it: each kernel of a `make`, each Dask worker. Unpickling the built matcher takes
well under a second. The scores of the evaluation sets, which the notebooks quote, are kept
the same way (about a second to compute in each kernel, a few milliseconds to read).
``built`` returns the object from the cache when one was built from the same bytes: the same
input files, the same source code of this package (any edit to it may change what a build
makes), the same Python, numpy and pandas. Otherwise it builds the object, and keeps it for
the next process, beside the others of the same name used last, up to ``KEEP_BYTES``
together: a researcher who switches between their own lexicon and the shipped one builds
neither again.

The cache is a convenience, never a source of results a build would not give: a file that
cannot be read or unpickled is built again, and a folder that cannot be written (a read-only
install) is simply not used.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import platform
import tempfile
import time
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
# The bytes of the files kept per name, those used last (the one just written always stays): a
# matcher of the shipped files is a few MB (the frames' about 8), one of a few rows a few KB.
KEEP_BYTES = 64 << 20


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
    cache file (letters, digits, '_'); when a new one is written, only the files of that name
    used last stay, up to ``KEEP_BYTES`` together."""
    folder = Path(folder) if folder is not None else CACHE_DIR
    path = folder / f"{name}-{cache_key(inputs)}.pickle"
    # The file is this package's own output, written by the code the key covers, from a
    # folder only its owner writes to: unpickling it trusts no one but the package's .pyc.
    with contextlib.suppress(Exception), path.open("rb") as file:
        value = pickle.load(file)
        _used(path)
        return value
    value = build()
    _keep(value, path, name)
    return value


def _used(path: Path) -> None:
    """Mark ``path`` as used now: its modification time, to the nanosecond of the clock (the
    file system's own time of a write can be a few milliseconds coarse), orders the files
    ``_keep`` keeps."""
    now = time.time_ns()
    with contextlib.suppress(OSError):
        os.utime(path, ns=(now, now))


def _keep(value, path: Path, name: str) -> None:
    """Write ``value`` to ``path`` atomically (a temporary file, renamed), then remove the files
    of ``name`` used longest ago beyond ``KEEP_BYTES`` together. An error of the file system
    (a read-only folder, a full disk) leaves the cache as it was: the next process builds
    again."""
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
    _used(path)
    found = []
    for other in path.parent.glob(f"{name}-*.pickle"):
        with contextlib.suppress(OSError):
            info = other.stat()
            found.append((other == path, info.st_mtime_ns, info.st_size, other))
    total = 0
    for _, _, size, other in sorted(found, reverse=True):  # (the new file first, then by use)
        total += size
        if total > KEEP_BYTES and other != path:
            with contextlib.suppress(OSError):
                other.unlink()
