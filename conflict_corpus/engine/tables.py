"""Compiled steps of the tables counted by sentence: co-occurrence, and the distinct codes of
each sentence."""

from __future__ import annotations

import numpy as np

from .jit import jit


@jit
def pair_counts(row_ptr, codes, n):
    """Sentence co-occurrence counts of ``n`` entities, as a dense int64 array: ``out[a, b]`` is
    the number of rows that hold both codes a and b (the diagonal: the rows that hold a). Row r
    holds ``codes[row_ptr[r]:row_ptr[r + 1]]``; a code repeated in a row counts once, and a
    negative code (a missing name) not at all.

    Written by hand because scipy's sparse product is general (a sparse incidence matrix, its
    duplicates summed and sorted, then a second pass over every row for the product): here each
    sentence names a handful of entities, so adding up the pairs of each row's few distinct
    codes into a small dense table is one pass over the mentions.
    """
    out = np.zeros((n, n), dtype=np.int64)
    last_row = np.full(n, -1, dtype=np.int64)  # the last row each code was seen in
    distinct = np.empty(n, dtype=np.int64)
    for r in range(len(row_ptr) - 1):
        k = 0
        for i in range(row_ptr[r], row_ptr[r + 1]):
            c = codes[i]
            if c >= 0 and last_row[c] != r:
                last_row[c] = r
                distinct[k] = c
                k += 1
        for a in range(k):
            for b in range(k):
                out[distinct[a], distinct[b]] += 1
    return out


def run_starts(values: np.ndarray) -> np.ndarray:
    """The ``row_ptr`` of the runs of equal ``values`` (in order: a finder's sentence ids):
    where each run starts, then ``len(values)``; run r is ``values[row_ptr[r]:row_ptr[r + 1]]``."""
    new = np.empty(len(values), dtype=bool)
    new[:1] = True
    np.not_equal(values[1:], values[:-1], out=new[1:])
    return np.append(np.flatnonzero(new), len(values)).astype(np.int64)


@jit
def first_in_rows(row_ptr, codes, n):
    """Whether each of ``codes`` (``n`` codes; row r holds ``codes[row_ptr[r]:row_ptr[r + 1]]``)
    is its code's first in its row: the rows of (row, code) that ``drop_duplicates`` keeps."""
    out = np.zeros(len(codes), dtype=np.bool_)
    last_row = np.full(n, -1, dtype=np.int64)  # the last row each code was seen in
    for r in range(len(row_ptr) - 1):
        for i in range(row_ptr[r], row_ptr[r + 1]):
            c = codes[i]
            if last_row[c] != r:
                last_row[c] = r
                out[i] = True
    return out
