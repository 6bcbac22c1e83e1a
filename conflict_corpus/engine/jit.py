"""The compiler the engine's loops share, and the small compiled helpers they all call.

The inner loops that run once per character or per match on a large corpus are compiled with
numba (LLVM), written by hand because no library gives what a corpus of millions of rows needs:
every match of a whole alias table or lexicon as numpy arrays, in one pass, with no Python object
per match. (Aho-Corasick and RE2 bindings find matches fast but hand each one to Python as a
tuple or a match object, and that, not the scan, was where the time went.) Tests compare each
compiled loop with a plain, obviously correct reference.

A loop is declared with ``@jit`` (or ``@inline``, for a small step numba inlines into the loops
that call it). The decorator does not import numba: the first call does, and compiles the loop
with numba's ``njit(cache=True, nogil=True)``. numba keeps the compiled code on disk (beside
this file, in ``__pycache__``; where that folder cannot be written, in numba's user-wide cache),
so a later process loads it instead of compiling again; ``nogil`` lets the scans run on several
threads at once (``engine.parallel``). This is numba's public, documented path: no C compiler,
no ahead-of-time build, one way to run every loop.

numba checks a cached loop against its own source file only, not against the loops it calls
in other files. ``fresh_cache`` closes that gap: the first compilation in a process compares a
digest of every file of this folder (and numba's version) with the one the cache was written
for, and empties the engine's cache when they differ.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import threading
import types
from pathlib import Path

import numpy as np

ENGINE = Path(__file__).resolve().parent
# numba's cache of the engine's loops (its own layout: an index and the code of each loop).
CACHE_DIR = ENGINE / "__pycache__"
# The digest of the sources the cache was written for (see fresh_cache).
CACHE_KEY = CACHE_DIR / "numba-engine.key"

# A scan's output arrays start with room for one match every MATCH_SPACING characters (and at
# least MIN_MATCH_ROOM): pages of np.empty that are never written cost no memory, and growing the
# arrays would copy every match again. News text has an entity mention about every 50 characters
# (3.6 in a 187-character sentence of the benchmark corpus), so 16 leaves room to spare.
MATCH_SPACING = 16
MIN_MATCH_ROOM = 1 << 16


class Compiled:
    """A compiled loop (see the module's docstring): called like the Python function it was
    written as, compiled by numba on its first call."""

    def __init__(self, function, inline: bool = False):
        self.function = function
        self.inline = inline
        # Re-entrant, so that a loop naming itself would fail loudly (recursion), not hang.
        self._lock = threading.RLock()
        self._dispatcher = None
        functools.update_wrapper(self, function)

    def __call__(self, *args):
        return self.dispatcher(*args)

    def __reduce__(self):
        # Pickled by name, as a function is (for Dask's workers), not with its compiled code.
        return (compiled_named, (self.function.__module__, self.function.__name__))

    @property
    def dispatcher(self):
        """numba's dispatcher of this loop (numba imported on first use)."""
        if self._dispatcher is None:
            with self._lock:
                if self._dispatcher is None:
                    self._dispatcher = _numba_dispatcher(self)
        return self._dispatcher


def compiled_named(module: str, name: str) -> Compiled:
    """The loop ``name`` of ``module`` (how a pickled loop is found again)."""
    return getattr(importlib.import_module(module), name)


def _numba_dispatcher(loop: Compiled):
    """numba's dispatcher of ``loop``: its function compiled with the other loops it calls seen
    as numba dispatchers. (It runs in a copy of its module's namespace, so the module itself
    keeps the ``Compiled`` objects that Python code calls.)"""
    import numba

    fresh_cache()
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


def jit(function) -> Compiled:
    """Decorate a loop (called from Python, or from other loops)."""
    return Compiled(function)


def inline(function) -> Compiled:
    """Decorate a small step that several loops share, inlined into each loop by numba itself.

    Only the end of a token (engine.tokens.token_end) is: the tokenizer calls it once a word,
    and inlined it runs about 10% faster on a million sentences. Everything else a loop shares
    is an ordinary ``@jit`` call. numba compiles an inlined step again inside every loop and
    every other step that uses it, and that, not the code's speed, is what it costs: the stance
    window's nine helpers, inlined, took 9.7 s of the engine's 30 s first compilation (the wait
    of a fresh clone, or of every new Dask worker); as calls the whole compiles in about 22 s,
    and ``find_frames`` on a million sentences takes 0.1 s longer (2.06 s against 1.99 s, medians
    of five, this machine). The DFA walk, shared either way, made the scans 2.3x slower, so it
    stays written out (engine.dfa)."""
    return Compiled(function, inline=True)


def engine_key(folder: Path = ENGINE) -> str:
    """What the engine's compiled code is made from: the Python sources of ``folder`` (this
    one) and the numba release that compiles them (its version file)."""
    spec = importlib.util.find_spec("numba")
    numba_version = (
        [Path(spec.origin).parent / "_version.py"] if spec is not None and spec.origin else []
    )
    return files_digest("engine", [*numba_version, *sorted(Path(folder).glob("*.py"))])[:24]


@functools.cache
def fresh_cache(folder: Path = CACHE_DIR) -> bool:
    """Empty numba's cache of the engine in ``folder`` when it was written for other sources
    (``engine_key``), once a process; True when it was emptied. A folder that cannot be written
    is left as it is (numba then keeps its cache elsewhere, or compiles again)."""
    key = engine_key()
    stamp = folder / CACHE_KEY.name
    try:
        if stamp.read_text(encoding="ascii") == key:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    try:
        for path in [*folder.glob("*.nbi"), *folder.glob("*.nbc")]:
            path.unlink(missing_ok=True)
        folder.mkdir(parents=True, exist_ok=True)
        stamp.write_text(key, encoding="ascii")
    except OSError:
        return False
    return True


def files_digest(header: str, paths) -> str:
    """A sha256 digest of ``header`` and of the names and bytes of the files ``paths``: the key
    of what is built from them (the engine's compiled code here; the matchers in
    ``engine.store``)."""
    digest = hashlib.sha256(header.encode())
    for path in paths:
        data = Path(path).read_bytes()
        digest.update(f"\n{Path(path).name} {len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


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


@jit
def ascending(values):
    """Whether ``values`` never go down."""
    for i in range(1, len(values)):
        if values[i] < values[i - 1]:
            return False
    return True
