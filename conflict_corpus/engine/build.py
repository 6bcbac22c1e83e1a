"""Compile every loop called from Python ahead of time into one extension module.

    python -m conflict_corpus.engine.build

``make`` runs this before anything that uses the engine. A process then loads the loops in
milliseconds, without importing numba (whose start costs about half a second: its import,
then its typing and lowering registries, which import scipy.linalg). When the module already
exists for the current sources (``jit.engine_key``), this does nothing.

The module is built with numba's ``pycc`` (ahead-of-time compilation), from the same Python
functions and the same compiler as the just-in-time path, for the argument types each loop
declares (``@loop(...)``); the return types are the ones numba infers for them. Two settings go
beyond ``pycc``'s defaults:
- the loops release the GIL while they run, as ``nogil=True`` makes the just-in-time ones do
  (the scans run on several threads at once: ``engine.parallel``). ``pycc`` has no option for
  this; its compiler takes numba's ``Flags`` class, replaced here, for the build only, by one
  whose ``release_gil`` is on;
- the code is generic for the machine's architecture (``pycc``'s default), not tuned to this
  CPU, so a module built on one machine cannot crash another that shares the folder.

``pycc`` is marked "pending deprecation" by numba, with a replacement announced, not released.
Where the build fails (no C compiler, say), this says so and exits 0: the loops are then
compiled just in time, with the same results, and each process pays numba's start.
"""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from .jit import BUILD_DIR, Arg, Compiled, engine_key, module_name, module_path


def engine_modules() -> list:
    """Every module of the engine, imported."""
    package = importlib.import_module(__package__)
    return [
        importlib.import_module(f"{__package__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
        if info.name != "build"
    ]


def exported(module) -> list[Compiled]:
    """The loops called from Python that ``module`` defines."""
    return [
        value
        for value in vars(module).values()
        if isinstance(value, Compiled)
        and value.args is not None
        and value.function.__module__ == module.__name__
    ]


def exported_loops() -> list[Compiled]:
    """The engine's loops called from Python, in a stable order."""
    loops = [loop for module in engine_modules() for loop in exported(module)]
    return sorted(loops, key=lambda loop: loop.export_name)


def numba_type(arg: Arg):
    """numba's type for ``arg``: a C-contiguous array, read-only unless the loop writes it."""
    from numba import types
    from numba.np.numpy_support import from_dtype

    dtype = from_dtype(np.dtype(arg.dtype))
    if arg.ndim == 0:
        return dtype
    return types.Array(dtype, arg.ndim, "C", readonly=not arg.writes)


@contextlib.contextmanager
def _gil_released():
    """For the build only: ``pycc`` compiles with the GIL released, as ``nogil=True`` does."""
    from numba.core.compiler import Flags
    from numba.pycc import compiler

    class GilReleased(Flags):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.release_gil = True

    original = compiler.Flags
    compiler.Flags = GilReleased
    try:
        yield
    finally:
        compiler.Flags = original


def build(folder: Path = BUILD_DIR, verbose: bool = True) -> Path:
    """Build the extension module for the current sources into ``folder`` (unless it is
    there), remove the older ones, and return its path."""
    key = engine_key()
    target = module_path(key, folder)
    if target.is_file():
        return target
    start = time.perf_counter()
    from numba.core.errors import NumbaPendingDeprecationWarning

    with warnings.catch_warnings():
        # pycc's pending deprecation (see the docstring), and only that, is not shown.
        warnings.filterwarnings("ignore", category=NumbaPendingDeprecationWarning)
        from numba.pycc import CC

        loops = exported_loops()
        cc = CC(module_name(key))
        for loop in loops:
            argtypes = tuple(numba_type(arg) for arg in loop.args)
            dispatcher = loop.dispatcher
            # The return type numba infers for these arguments (this compilation is cached
            # like any other just-in-time one; pycc then compiles the loop again).
            dispatcher.compile(argtypes)
            signature = dispatcher.overloads[argtypes].signature
            cc.export(loop.export_name, signature.return_type(*argtypes))(dispatcher.py_func)
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder, prefix=".build-") as scratch:
            cc.output_dir = scratch
            with _gil_released():
                cc.compile()
            # Renamed into place whole, so no process ever loads half a module.
            Path(scratch, target.name).replace(target)
    for old in folder.glob(f"loops_*{target.suffix}"):
        if old != target:
            old.unlink(missing_ok=True)
    if verbose:
        print(
            f"engine: {len(loops)} loops compiled ahead of time in "
            f"{time.perf_counter() - start:.0f} s ({target.name})"
        )
    return target


def main() -> int:
    try:
        build()
    except Exception as error:  # noqa: BLE001 (any failure leaves the just-in-time path)
        print(
            f"engine: the ahead-of-time build failed ({type(error).__name__}: {error}); the "
            "loops will be compiled just in time instead (same results, slower start). "
            "It needs a C compiler and Python's headers (Debian: gcc, python3-dev).",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
