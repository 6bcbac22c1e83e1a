"""Compiled steps of the co-occurrence tables."""

from __future__ import annotations

import ctypes

import numpy as np

from .jit import jit


@jit
def gram(indptr, indices, data, n):
    """``(M.T @ M).toarray()`` of a CSR matrix M with ``n`` columns, as a dense int64 array.

    Written by hand because scipy's sparse product is general (it builds a sparse result
    through a second pass over every row): here each sentence names a handful of entities, so
    adding up the pairs of each row into a small dense table takes an eighth of its time.
    """
    out = np.zeros((n, n), dtype=np.int64)
    for r in range(len(indptr) - 1):
        for a in range(indptr[r], indptr[r + 1]):
            for b in range(indptr[r], indptr[r + 1]):
                out[indices[a], indices[b]] += data[a] * data[b]
    return out


def addresses(objects: np.ndarray) -> np.ndarray:
    """The object pointers an object array holds, as an int64 copy (numpy will not view an
    object array as numbers, so the view is made through ctypes and copied at once)."""
    objects = np.ascontiguousarray(objects, dtype=object)
    if len(objects) == 0:
        return np.zeros(0, dtype=np.int64)
    pointer = ctypes.cast(objects.ctypes.data, ctypes.POINTER(ctypes.c_int64))
    return np.ctypeslib.as_array(pointer, shape=(len(objects),)).copy()
