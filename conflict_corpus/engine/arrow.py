"""Arrow string columns read and written in place: their rows as (bytes, starts, ends), and
byte slices turned into a ``str`` column without a Python string per row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from .jit import jit
from .parallel import by_rows

# The text column: pandas' own string dtype (``str``), stored in Arrow.
TEXT_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)


def merged(segments: list[tuple]) -> list[tuple]:
    """(buf, starts, ends) segments with neighbours that read the same buffer made one (the
    sentences of a corpus are hundreds of slices of one Arrow column)."""
    groups: list[list[tuple]] = []
    for seg in segments:
        last = groups[-1][-1][0] if groups else None
        if last is not None and last.ctypes.data == seg[0].ctypes.data and len(last) == len(seg[0]):
            groups[-1].append(seg)
        else:
            groups.append([seg])
    return [
        (
            group[0][0],
            np.concatenate([seg[1] for seg in group]),
            np.concatenate([seg[2] for seg in group]),
        )
        for group in groups
    ]


def chunk_key(chunk) -> tuple:
    """What identifies an Arrow string chunk: its buffers' addresses, its offset, length."""
    return tuple(b.address if b is not None else 0 for b in chunk.buffers()) + (
        chunk.offset,
        len(chunk),
    )


def arrow_rows(chunk) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(bytes, starts, ends) of the rows of an Arrow string chunk, read in place (a missing
    text is an empty row)."""
    _, offsets, data = chunk.buffers()
    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    bounds = np.frombuffer(offsets, dtype=width)[chunk.offset : chunk.offset + len(chunk) + 1]
    bounds = bounds.astype(np.int64)
    starts, ends = bounds[:-1], bounds[1:].copy()
    if chunk.null_count:
        missing = np.asarray(chunk.is_null())
        ends[missing] = starts[missing]
    buf = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return buf, starts, ends


def column_segments(array) -> list[tuple]:
    """The (buf, starts, ends) segments of an Arrow string array's rows (``arrow_rows`` of
    each chunk, neighbours that read one buffer made one: ``merged``)."""
    return merged([arrow_rows(chunk) for chunk in array.chunks])


def line_starts(lengths: np.ndarray) -> np.ndarray:
    """Where each row of ``lengths`` characters (or bytes) begins when the rows are joined by
    newlines."""
    starts = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    return starts


@jit
def copy_rows(buf, starts, ends, out_starts, out):
    """``out[out_starts[j]:...] = buf[starts[j]:ends[j]]`` for each row j."""
    for j in range(len(starts)):
        out[out_starts[j] : out_starts[j] + ends[j] - starts[j]] = buf[starts[j] : ends[j]]


def joined_lines(segments: list[tuple]) -> np.ndarray:
    """The byte ranges ``buf[starts[j]:ends[j]]`` of each (buf, starts, ends) segment, in
    order, joined by newlines (copied on two slices of the rows at once)."""
    lengths = np.concatenate(
        [ends - starts for _, starts, ends in segments] + [np.zeros(0, dtype=np.int64)]
    )
    out_starts = line_starts(lengths)
    out = np.empty(int(out_starts[-1] + lengths[-1]) if len(lengths) else 0, dtype=np.uint8)
    out[out_starts[1:] - 1] = 10
    first = 0
    for buf, starts, ends in segments:
        by_rows(
            copy_rows, buf, starts, ends, out_starts[first : first + len(starts)], out, sliced=3
        )
        first += len(starts)
    return out


def arrow_array(buf: np.ndarray, froms: np.ndarray, tos: np.ndarray) -> pa.LargeStringArray:
    """An Arrow string array of ``buf[froms[j]:tos[j]]`` (UTF-8 slices), its bytes copied one
    after another (on two slices of the rows at once), without a Python string per row. Not
    checked: the caller knows the slices are UTF-8, or validates the array."""
    offsets = np.zeros(len(froms) + 1, dtype=np.int64)
    np.cumsum(tos - froms, out=offsets[1:])
    data = np.empty(int(offsets[-1]), dtype=np.uint8)
    by_rows(copy_rows, buf, froms, tos, offsets[:-1], data, sliced=3)
    return pa.LargeStringArray.from_buffers(len(froms), pa.py_buffer(offsets), pa.py_buffer(data))


def arrow_strings(buf: np.ndarray, froms: np.ndarray, tos: np.ndarray) -> pd.Series:
    """A ``str`` Series of ``buf[froms[j]:tos[j]]`` (UTF-8 slices at character boundaries), or
    an object Series when a slice holds a lone surrogate (kept from a JSON table, see
    JoinedText), which is not UTF-8, so Arrow cannot hold it."""
    array = arrow_array(buf, froms, tos)
    try:
        array.validate(full=True)  # (a few milliseconds for half a million lines)
    except pa.ArrowInvalid:
        return pd.Series(
            [
                buf[a:b].tobytes().decode("utf-8", "surrogatepass")
                for a, b in zip(froms.tolist(), tos.tolist())
            ],
            dtype=object,
        )
    return pd.Series(array, dtype=TEXT_DTYPE, copy=False)
