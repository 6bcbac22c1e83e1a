"""The compiler the engine's loops share, and the small compiled helpers they all call.

The inner loops that run once per character or per match on a large corpus are compiled with
numba (LLVM), written by hand because no library gives what a corpus of millions of rows needs:
every match of a whole alias table or lexicon as numpy arrays, in one pass, with no Python object
per match. (Aho-Corasick and RE2 bindings find matches fast but hand each one to Python as a
tuple or a match object, and that, not the scan, was where the time went.) Tests compare each
compiled loop with a plain, obviously correct reference.

A loop is declared with one of two decorators:

- ``@loop(U1, I8, ...)``: called from Python, with the argument types listed (see ``Arg``).
  ``make`` compiles every such loop ahead of time into one extension module
  (``engine.build``), which a process loads in milliseconds without importing numba. Where that
  module is missing or was built from other sources, or an argument does not have the declared
  type, the call goes to numba's just-in-time compiler instead, whose ``cache=True`` keeps the
  compiled code beside this file: the same source, the same compiler, the same results.
- ``@jit`` (or ``@inline``): a helper that only other loops call.

Neither decorator imports numba: it is imported on the first call that needs it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import os
import platform
import sys
import threading
import types
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from typing import NamedTuple

import numpy as np

ENGINE = Path(__file__).resolve().parent
# Where ``engine.build`` writes the extension module: beside numba's cache of the same loops,
# ignored by git, one file per key (older ones are removed by the build).
BUILD_DIR = ENGINE / "__pycache__"
# CONFLICT_CORPUS_AOT=0 leaves the extension module unused (every loop compiled just in time),
# as does numba's own NUMBA_DISABLE_JIT=1 (every loop run as plain Python, to debug it).
AOT_VARIABLE = "CONFLICT_CORPUS_AOT"

# A scan's output arrays start with room for one match every MATCH_SPACING characters (and at
# least MIN_MATCH_ROOM): pages of np.empty that are never written cost no memory, and growing the
# arrays would copy every match again. News text has an entity mention about every 50 characters
# (3.6 in a 187-character sentence of the benchmark corpus), so 16 leaves room to spare.
MATCH_SPACING = 16
MIN_MATCH_ROOM = 1 << 16


class Arg(NamedTuple):
    """The type of one argument of a loop: a numpy dtype and a number of dimensions (0: a
    scalar, int64 or bool). Arrays are C-contiguous; ``writes`` says that the loop writes into
    the array, so a read-only array (one over a ``bytes`` object, say) cannot be given."""

    dtype: str
    ndim: int = 1
    writes: bool = False

    def fits(self, value) -> bool:
        """Whether ``value`` can be handed to the loop compiled for this type."""
        if self.ndim == 0:
            if self.dtype == "bool":
                return isinstance(value, (bool, np.bool_))
            return isinstance(value, (int, np.integer))
        return (
            isinstance(value, np.ndarray)
            and value.dtype == self.dtype
            and value.ndim == self.ndim
            and value.flags.c_contiguous
            and value.flags.aligned
            and (not self.writes or value.flags.writeable)
        )


# The argument types the loops take (read-only unless the name says OUT).
U1 = Arg("uint8")
U1_OUT = Arg("uint8", writes=True)
I4 = Arg("int32")
I4_2D = Arg("int32", 2)
I8 = Arg("int64")
I8_OUT = Arg("int64", writes=True)
U8_OUT = Arg("uint64", writes=True)
B1 = Arg("bool")
INT = Arg("int64", 0)
BOOL = Arg("bool", 0)


class Compiled:
    """A compiled loop (see the module's docstring): called like the Python function it was
    written as."""

    def __init__(self, function, args: tuple[Arg, ...] | None, inline: bool = False):
        self.function = function
        self.args = args
        self.inline = inline
        self.export_name = f"{function.__module__.rsplit('.', 1)[-1]}__{function.__name__}"
        # Re-entrant, so that a loop naming itself would fail loudly (recursion), not hang.
        self._lock = threading.RLock()
        self._ahead: object | None = None
        self._resolved = False
        self._dispatcher = None
        functools.update_wrapper(self, function)

    def __call__(self, *args):
        if not self._resolved:
            self._resolve()
        ahead = self._ahead
        if (
            ahead is not None
            and len(args) == len(self.args)
            and all(arg.fits(value) for arg, value in zip(self.args, args))
        ):
            return ahead(*args)
        return self.dispatcher(*args)

    def __reduce__(self):
        # Pickled by name, as a function is (for Dask's workers), not with its compiled code.
        return (compiled_named, (self.function.__module__, self.function.__name__))

    def _resolve(self) -> None:
        with self._lock:
            if not self._resolved:
                module = ahead_of_time_module() if self.args is not None else None
                self._ahead = getattr(module, self.export_name, None)
                self._resolved = True

    @property
    def dispatcher(self):
        """numba's just-in-time dispatcher of this loop (numba imported on first use)."""
        if self._dispatcher is None:
            with self._lock:
                if self._dispatcher is None:
                    self._dispatcher = _numba_dispatcher(self)
        return self._dispatcher

    @property
    def ahead_of_time(self):
        """The ahead-of-time build of this loop, or None (not built, or a helper)."""
        if not self._resolved:
            self._resolve()
        return self._ahead


def compiled_named(module: str, name: str) -> Compiled:
    """The loop ``name`` of ``module`` (how a pickled loop is found again)."""
    return getattr(importlib.import_module(module), name)


def _numba_dispatcher(loop: Compiled):
    """numba's dispatcher of ``loop``: its function compiled with the other loops it calls seen
    as numba dispatchers. (It runs in a copy of its module's namespace, so the module itself
    keeps the ``Compiled`` objects that Python code calls.)"""
    import numba

    function = loop.function
    namespace = dict(function.__globals__)
    for name in function.__code__.co_names:
        value = namespace.get(name)
        if isinstance(value, Compiled):
            namespace[name] = value.dispatcher
    copy = types.FunctionType(
        function.__code__,
        namespace,
        function.__name__,
        function.__defaults__,
        function.__closure__,
    )
    copy.__qualname__ = function.__qualname__
    copy.__doc__ = function.__doc__
    options = {"cache": True, "nogil": True}
    if loop.inline:
        options["inline"] = "always"
    return numba.njit(**options)(copy)


def loop(*args: Arg):
    """Decorate a loop called from Python, taking arguments of the types ``args``."""

    def decorate(function) -> Compiled:
        return Compiled(function, tuple(args))

    return decorate


def jit(function) -> Compiled:
    """Decorate a helper that other loops call (compiled into each of them)."""
    return Compiled(function, None)


def inline(function) -> Compiled:
    """Decorate a small step that several loops share, inlined into each loop by numba itself.
    For the end of a token (engine.tokens.token_end) this costs nothing measurable on a million
    sentences; the DFA walk, shared the same way, made the scans 2.3x slower, so it stays
    written out (engine.dfa)."""
    return Compiled(function, None, inline=True)


def engine_key(folder: Path = ENGINE) -> str:
    """What the extension module is built from: the Python sources of ``folder`` (this one),
    the numba release that compiles them (its version file), numpy's version (the module uses
    its C API), and the Python and the machine it runs on."""
    spec = importlib.util.find_spec("numba")
    numba_version = (
        [Path(spec.origin).parent / "_version.py"] if spec is not None and spec.origin else []
    )
    header = f"{sys.version} {platform.machine()} {np.__version__}"
    return files_digest(header, [*numba_version, *sorted(Path(folder).glob("*.py"))])[:24]


def files_digest(header: str, paths) -> str:
    """A sha256 digest of ``header`` and of the names and bytes of the files ``paths``: the key
    of what is built from them (this extension module; the matchers in ``engine.store``)."""
    digest = hashlib.sha256(header.encode())
    for path in paths:
        data = Path(path).read_bytes()
        digest.update(f"\n{Path(path).name} {len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def module_name(key: str) -> str:
    """The extension module's name for ``key``."""
    return f"loops_{key}"


def module_path(key: str, folder: Path = BUILD_DIR) -> Path:
    """The extension module's file for ``key``."""
    return folder / f"{module_name(key)}{EXTENSION_SUFFIXES[0]}"


def aot_enabled(environ=os.environ) -> bool:
    """Whether the extension module may be used (see AOT_VARIABLE)."""
    return environ.get(AOT_VARIABLE, "1").strip() != "0" and environ.get(
        "NUMBA_DISABLE_JIT", "0"
    ).strip() in ("", "0")


@functools.cache
def ahead_of_time_module():
    """The extension module built from the current sources, loaded once a process; None where
    there is none (or it is turned off): the loops are then compiled just in time."""
    if not aot_enabled():
        return None
    key = engine_key()
    path = module_path(key)
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(module_name(key), path)
    if spec is None or spec.loader is None:
        return None
    try:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except (ImportError, OSError):
        return None  # (a damaged file: the loops are compiled just in time)
    return module


@jit
def grown(array, size):
    out = np.empty(size, dtype=array.dtype)
    out[: len(array)] = array
    return out


@jit
def code_point_at(buf, i):
    """The code point whose UTF-8 sequence starts at ``buf[i]``, and the sequence's length."""
    x = buf[i]
    if x < 0x80:
        return np.int64(x), 1
    if x < 0xE0:
        return ((np.int64(x) & 0x1F) << 6) | (buf[i + 1] & 0x3F), 2
    if x < 0xF0:
        return (
            ((np.int64(x) & 0x0F) << 12)
            | ((np.int64(buf[i + 1]) & 0x3F) << 6)
            | (buf[i + 2] & 0x3F)
        ), 3
    return (
        ((np.int64(x) & 0x07) << 18)
        | ((np.int64(buf[i + 1]) & 0x3F) << 12)
        | ((np.int64(buf[i + 2]) & 0x3F) << 6)
        | (buf[i + 3] & 0x3F)
    ), 4


@loop(I8)
def ascending(values):
    """Whether ``values`` never go down."""
    for i in range(1, len(values)):
        if values[i] < values[i - 1]:
            return False
    return True
