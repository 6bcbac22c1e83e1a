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
# The families whose tables ``comparisons.dispersion_items`` reads (``rows`` first: its tables
# are the ``CorpusTables`` the others fill in).
DISPERSION_FAMILIES = (rows, names, frames)


def partition_counts(corpus: pd.DataFrame, options: TableOptions) -> dict:
    """The counts of one partition (rows numbered from 1 within it) that add up across
    partitions: what ``finished`` turns into the tables."""
    return part_counts(Part.matched(corpus, options), options)


def part_counts(part: Part, options: TableOptions) -> dict:
    """``partition_counts`` of a partition already matched."""
    with family_threads() as pool:
        return merged(counting(part, options, pool), options)


def family_threads() -> ThreadPoolExecutor:
    """The threads the families are counted on, side by side: as many as the scans' threads
    (``engine.parallel.WORKERS``; one on a Dask worker, which counts one partition a core), at
    most one a family. The families read the same partition and change nothing in it, and
    most of their time is numpy, pandas and compiled loops, which let other threads run. A
    pool of their own: the families' scans run on the shared one
    (``engine.parallel.default_threads``), and a family waiting for it from one of its own
    threads could wait for ever."""
    return ThreadPoolExecutor(max(1, min(parallel.WORKERS, len(FAMILIES))))


def counting(part: Part, options: TableOptions, pool: ThreadPoolExecutor) -> dict:
    """Each family's count of ``part``, started on ``pool`` in the order of ``FAMILIES``:
    family -> the future of its counts (``merged`` waits for them)."""
    return {family: pool.submit(family.count, part, options) for family in FAMILIES}


def merged(found: dict, options: TableOptions, families=FAMILIES) -> dict:
    """The counts of ``families`` (``counting``'s futures) as one dict, once they are done."""
    counts = {"options": options}
    for family in families:
        counts |= found[family].result()
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


def finished(counts: dict, options: TableOptions, families=FAMILIES) -> CorpusTables:
    """The tables of a whole corpus from its counts (``partition_counts``, ``added``), by the
    functions the in-memory path ends with: those of ``families`` (``rows`` among them: its
    ``finish`` makes the ``CorpusTables`` the others fill in; ``finished_into`` finishes the
    rest later)."""
    tables = rows.finish(counts, options)
    return finished_into(tables, counts, options, [f for f in families if f is not rows])


def finished_into(
    tables: CorpusTables, counts: dict, options: TableOptions, families=FAMILIES[1:]
) -> CorpusTables:
    """``tables`` with the tables of ``families`` (not ``rows``) finished from ``counts``: each
    family's ``finish`` fills in its own tables only, from its own counts and the rows' (the
    sentences, the words), so the families may be finished in any order once those are in
    ``counts``."""
    for family in families:
        family.finish(counts, tables, options)
    return tables
