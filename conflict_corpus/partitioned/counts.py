"""A corpus's tables in three steps: each partition counted (``partition_counts``), the counts of
neighbouring parts added (``added``), the tables finished from the sums (``finished``).

Each family of tables is a module with the same three functions, ``count(part, options)``,
``add(a, b, shift, options)`` and ``finish(counts, tables, options)``: ``rows`` (notebook 01's),
``names`` (02), ``pairs`` (03), ``frames`` (04) and ``comparisons`` (05). To add a table, count,
add and finish it in its family; ``tests/test_partitioned.py`` checks that any split of a corpus
into partitions adds up to the tables of the whole."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from ..engine import parallel
from . import comparisons, frames, names, pairs, rows
from .options import CorpusTables, Part, TableOptions

FAMILIES = (rows, names, pairs, frames, comparisons)


def partition_counts(corpus: pd.DataFrame, options: TableOptions) -> dict:
    """The counts of one partition (rows numbered from 1 within it) that add up across
    partitions: what ``finished`` turns into the tables."""
    return part_counts(Part.matched(corpus, options), options)


def part_counts(part: Part, options: TableOptions) -> dict:
    """``partition_counts`` of a partition already matched. The families read the same
    partition and change nothing in it, so they are counted side by side, one a thread, as
    many at once as the scans' threads (``engine.parallel.WORKERS``; one on a Dask worker,
    which counts one partition a core): most of their time is numpy, pandas and compiled
    loops, which let other threads run."""
    workers = min(parallel.WORKERS, len(FAMILIES))
    if workers > 1:
        # A pool of their own: the families' scans run on the shared one
        # (``engine.parallel.default_threads``), and a family waiting for it from one of its own
        # threads could wait for ever.
        with ThreadPoolExecutor(workers) as pool:
            found = list(pool.map(lambda family: family.count(part, options), FAMILIES))
    else:
        found = [family.count(part, options) for family in FAMILIES]
    counts = {"options": options}
    for family_counts in found:
        counts |= family_counts
    return counts


def added(a: dict, b: dict) -> dict:
    """The counts of two neighbouring parts of a corpus (``a`` before ``b``) as one part's:
    counts added, ``b``'s sentence ids shifted by ``a``'s rows, first ids and rows kept in
    corpus order."""
    options, shift = a["options"], a["rows"]
    total = {"options": options}
    for family in FAMILIES:
        total |= family.add(a, b, shift, options)
    return total


def finished(counts: dict, options: TableOptions) -> CorpusTables:
    """The tables of a whole corpus from its counts (``partition_counts``, ``added``), by the
    functions the in-memory path ends with."""
    tables = rows.finish(counts, options)
    for family in FAMILIES[1:]:
        family.finish(counts, tables, options)
    return tables
