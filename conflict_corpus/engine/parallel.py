"""Threads for the compiled scans: a scan run on pieces of the text, or a row kernel on slices
of the rows, at once (the compiled loops release the GIL, so threads share the work without
copying the text to other processes).

A ``Threads`` object is the pool a caller can hold. ``default_threads()`` gives the one the
stage functions use: one pool per worker count, started on first use and kept for the life of
the process (idle threads cost nothing); its size is ``WORKERS`` as it stands at the call.
"""

from __future__ import annotations

import functools
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

# Threads a scan uses by default: every core this process may run on (its CPU affinity, which
# a container or `taskset` can narrow; os.cpu_count() where the system cannot tell), or fewer,
# set with the environment variable below before the package is imported, e.g.
# CONFLICT_CORPUS_THREADS=4 make. A caller can also hold a ``Threads`` of its own, or set
# ``WORKERS`` at run time.
THREADS_VARIABLE = "CONFLICT_CORPUS_THREADS"


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # (macOS, Windows)
        return os.cpu_count() or 1


def worker_count(environ=os.environ) -> int:
    """The threads a scan uses: ``$CONFLICT_CORPUS_THREADS`` if set (a whole number from 1 to
    the number of cores; more would only compete for the same cores), else every core."""
    value = environ.get(THREADS_VARIABLE, "").strip()
    if not value:
        return cores()
    if not value.isdigit() or int(value) < 1:
        raise ValueError(
            f"{THREADS_VARIABLE}={value!r}: give a whole number of threads, 1 or more "
            f"(this process may run on {cores()} cores), or leave it unset to use them all"
        )
    return min(int(value), cores())


WORKERS = worker_count()
# Below this many rows a row kernel runs on the calling thread: handing out the slices costs
# more than the work (a few microseconds a row; measured on the seed and the example corpus).
MIN_ROWS_TO_SPLIT = 4096
# A piece of the text ends at the first newline within this many bytes of its even share; a row
# longer than that makes the piece empty (the next piece takes the row).
NEWLINE_SEARCH = 1 << 20


class Threads:
    """A pool of ``workers`` threads for compiled loops that release the GIL."""

    def __init__(self, workers: int):
        if workers < 1:
            raise ValueError(f"Threads: workers must be 1 or more, not {workers}")
        self.workers = workers
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()  # (callers on several threads start one pool)

    def map(self, function, items) -> list:
        """``[function(item) for item in items]``, run on the pool's threads."""
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.workers)
        return list(self._executor.map(function, items))

    def in_parallel(self, scan, image: np.ndarray, *args):
        """Run a compiled scan ``scan(image, *args) -> (starts, ends, values)`` over one piece
        of ``image`` per thread, at once.

        Pieces end just after a newline. No match holds a newline and a newline is not a word
        character, so a piece's edges look to the scan exactly like the row boundaries they are,
        and the pieces' matches, shifted back to the whole image, are the whole image's matches.
        """
        cuts = [0]
        for k in range(1, self.workers):
            at = len(image) * k // self.workers
            newline = np.flatnonzero(image[at:][:NEWLINE_SEARCH] == 10)
            cuts.append(at + int(newline[0]) + 1 if len(newline) else cuts[-1])
        cuts.append(len(image))
        pieces = [(a, b) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]
        if len(pieces) <= 1:
            return scan(image, *args)
        parts = self.map(lambda piece: scan(image[piece[0] : piece[1]], *args), pieces)
        # One output array each, the pieces' offsets shifted as they are copied in (no temporary
        # arrays: at a few million matches every array costs).
        total = sum(len(part[0]) for part in parts)
        out = tuple(np.empty(total, dtype=np.int64) for _ in range(3))
        at = 0
        for part, (a, _) in zip(parts, pieces):
            n = len(part[0])
            np.add(part[0], a, out=out[0][at : at + n])
            np.add(part[1], a, out=out[1][at : at + n])
            out[2][at : at + n] = part[2]
            at += n
        return out

    def by_slices(self, work, n: int, least: int = MIN_ROWS_TO_SPLIT) -> list:
        """``[work(lo, hi) for each slice]``: ``range(n)`` cut into one slice per thread (one
        slice when ``n`` is below ``least``), the slices worked on at once, the results in
        order."""
        pieces = 1 if n < least else self.workers
        cuts = np.linspace(0, n, pieces + 1).astype(np.int64).tolist()
        return self.map(lambda k: work(cuts[k], cuts[k + 1]), range(pieces))

    def by_rows(self, kernel, buf: np.ndarray, *args, sliced: int = 2):
        """``kernel(buf, *args)``, a compiled loop over independent rows (or matches) whose
        first ``sliced`` arguments after ``buf`` are per-row arrays (say the rows' starts and
        ends), and that returns an array, or a tuple of arrays, with the rows' results in row
        order (or nothing, when it writes into an array it is given): run on one slice of the
        rows per thread, at once."""
        n = len(args[0])
        if self.workers == 1 or n < MIN_ROWS_TO_SPLIT:
            return kernel(buf, *args)
        cuts = np.linspace(0, n, self.workers + 1).astype(np.int64)

        def run(k):
            lo, hi = cuts[k], cuts[k + 1]
            return kernel(buf, *(a[lo:hi] if i < sliced else a for i, a in enumerate(args)))

        parts = self.map(run, range(self.workers))
        if parts[0] is None:
            return None
        if isinstance(parts[0], tuple):
            return tuple(np.concatenate(column) for column in zip(*parts))
        return np.concatenate(parts)


@functools.cache
def _threads_of(workers: int) -> Threads:
    return Threads(workers)


def default_threads() -> Threads:
    """The pool the stage functions share: ``WORKERS`` threads (one pool per value of the
    setting, kept for the life of the process)."""
    return _threads_of(WORKERS)


def in_parallel(scan, image: np.ndarray, *args):
    """``default_threads().in_parallel(scan, image, *args)``."""
    return default_threads().in_parallel(scan, image, *args)


def by_rows(kernel, buf: np.ndarray, *args, sliced: int = 2):
    """``default_threads().by_rows(kernel, buf, *args, sliced=sliced)``."""
    return default_threads().by_rows(kernel, buf, *args, sliced=sliced)
