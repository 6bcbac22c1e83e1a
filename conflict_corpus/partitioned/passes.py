"""The passes over a corpus's partitions: on Dask for a folder or a glob of files, in this
process for a corpus of one file (``partitioned_tables``).

The count (``counts``) is one pass. Two tables need something of the whole corpus and take a
pass of their own after it (``computed``): the dispersion places each partition's occurrences
after the sentences before it (``dispersion_graph``); the explorer's sample reads again the
partitions that hold the first sentences (``sample_graph``). Each pass's results are added
pairwise, neighbours with neighbours, in corpus order (``tree``)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pandas as pd

from ..checks import check_table
from ..engine.parallel import THREADS_VARIABLE, worker_count
from ..files import DEFAULT_CORPUS, is_many_files
from ..load import CORPUS_COLUMNS, _in_corpus, corpus_files, file_label, load_corpus
from .comparisons import (
    added_dispersion,
    dispersion_items,
    dispersion_of_part,
    dispersion_part,
    with_dispersion,
)
from .counts import (
    DISPERSION_FAMILIES,
    FAMILIES,
    added,
    counting,
    family_threads,
    finished,
    finished_into,
    merged,
    partition_counts,
)
from .options import CorpusTables, Part, TableOptions
from .sample import added_sample, sample, sample_part, sampled_partitions
from .sums import starts


def partitioned_tables(
    path: str | Path | None, options: TableOptions | None = None, address: str | None = None
) -> CorpusTables:
    """The tables of a corpus of several files (a folder or a glob pattern), counted partition
    by partition on Dask: equal to ``corpus_tables(load_corpus(path))``, without ever holding
    the corpus in memory. ``address``: a Dask scheduler (see ``conflict_corpus.partitioned``);
    ``path`` None: the seed corpus."""
    path = DEFAULT_CORPUS if path is None else path
    options = options or TableOptions()
    address = scheduler_address(address)
    files = corpus_files(path)
    if address is None and len(files) == 1:
        # One partition: nothing to run side by side, and starting a cluster (a worker process
        # loading the compiled matchers), or even importing dask.dataframe (2 s), would cost
        # more than the count: the partition's counts are the corpus's.
        part = load_partition(
            str(files[0]), str(path) if is_many_files(path) else None, options.unit
        )
        return one_part_tables(part, options)
    from distributed import Client

    if address is not None:
        with Client(address) as client:
            return computed(client, path, options)
    with local_cluster() as cluster, Client(cluster) as client:
        return computed(client, path, options)


def corpus_tables(corpus: pd.DataFrame, options: TableOptions | None = None) -> CorpusTables:
    """The tables of a corpus held in memory (``load_corpus``'s table): the same three steps as
    on Dask, over one partition, so that a corpus read whole and the same corpus counted in
    any number of parts give the same tables (``partitions``: the files it was read from)."""
    check_table("corpus_tables", "corpus", corpus, tuple(CORPUS_COLUMNS), "load_corpus")
    options = options or TableOptions()
    tables = one_part_tables(corpus, options)
    if "file" in corpus.columns:
        tables.partitions = int(corpus["file"].nunique())
    return tables


def one_part_tables(corpus: pd.DataFrame, options: TableOptions) -> CorpusTables:
    """The tables of a corpus that is one partition: matched once, counted, finished, and the
    passes that need the whole corpus (the explorer's sample, the dispersion) run on the same
    matches. The dispersion's items (each item's total, the most named entities, the words)
    are read from the tables of the rows, the names and the frames, so its pass starts as soon
    as those three families are counted, beside the families still counting: on a machine of
    many cores it does not wait for the slowest family."""
    part = Part.matched(corpus, options)
    with family_threads() as pool:
        found = counting(part, options, pool)
        if options.dispersion_frames or options.dispersion_entities:
            counts = merged(found, options, DISPERSION_FAMILIES)
            tables = finished(counts, options, DISPERSION_FAMILIES)
            items = dispersion_items(tables, options)
            placed = pool.submit(dispersion_of_part, part, options, items, (0, 0), tables.sentences)
            rest = [family for family in FAMILIES if family not in DISPERSION_FAMILIES]
            counts |= merged(found, options, rest)
            tables = with_dispersion(
                finished_into(tables, counts, options, rest), placed.result(), items
            )
        else:
            tables = finished(merged(found, options), options)
    if options.explore:
        tables.sample = sample(part.sents, part.mentions, part.frames, options.explore)
    return tables


def computed(client, path: str | Path, options: TableOptions) -> CorpusTables:
    """The corpus's tables, counted on ``client``'s cluster: the count, then the explorer's
    sample, and with the dispersion options the positions (a partition's occurrences are placed
    by the sentences before it, and the entities followed are the most named)."""
    counts = client.compute(partitioned_counts(path, options)).result()
    tables = finished(counts, options)
    if options.explore:
        tables.sample = client.compute(sample_graph(path, counts, options)).result()
    if options.dispersion_frames or options.dispersion_entities:
        items = dispersion_items(tables, options)
        found = client.compute(dispersion_graph(path, counts, options, items)).result()
        tables = with_dispersion(tables, found, items)
    return tables


def scheduler_address(address: str | None = None) -> str | None:
    """The Dask scheduler to use: ``address``, else Dask's ``scheduler-address`` setting (the
    environment variable ``DASK_SCHEDULER_ADDRESS``), else None (a local cluster)."""
    import dask

    return address or dask.config.get("scheduler-address", None) or None


def local_cluster(workers: int | None = None):
    """A local Dask cluster: ``workers`` single-threaded worker processes (default: one per
    core this process may use, or ``CONFLICT_CORPUS_THREADS``), each scanning with one thread,
    no dashboard."""
    from distributed import LocalCluster

    workers = workers or worker_count(os.environ)
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        # (A scheduler serves HTTP even without a dashboard, on port 8787 unless told: on a
        # port the system picks, a second cluster on the machine finds it free.)
        scheduler_kwargs={"dashboard_address": ":0"},
        env={THREADS_VARIABLE: "1"},
    )


# ---------------------------------------------------------------------------------------------
# The Dask graphs of the passes.


def partitioned_counts(path: str | Path, options: TableOptions):
    """The Dask graph of a corpus's counts (a ``dask.delayed`` value): the files read with
    ``dask.dataframe.from_map`` (one partition each), counted, and added in a tree."""
    import dask

    counted = [
        dask.delayed(partition_counts, pure=True)(part, options)
        for part in partitions(path, options.unit)
    ]
    return tree(counted, dask.delayed(added, pure=True))


def sample_graph(path: str | Path, counts: dict, options: TableOptions):
    """The Dask graph of the explorer's sample, the first ``options.explore`` sentences: only
    the partitions that hold them are read again (a partition's counts carry no sentence)."""
    import dask

    n = options.explore
    rows = starts(counts["row_counts"])
    parts = partitions(path, options.unit)
    found = [
        dask.delayed(sample_part, pure=True)(parts[k], options, n, int(rows[k]))
        for k in sampled_partitions(counts["sentence_counts"], n)
    ]
    return tree(found, dask.delayed(functools.partial(added_sample, n=n), pure=True))


def dispersion_graph(path: str | Path, counts: dict, options: TableOptions, items):
    """The Dask graph of the dispersion pass: each partition's occurrences of ``items`` placed
    by the rows and sentences of the partitions before it (``counts``: the first pass's)."""
    import dask

    rows, sents = starts(counts["row_counts"]), starts(counts["sentence_counts"])
    found = [
        dask.delayed(dispersion_part, pure=True)(
            part, options, items, (int(rows[k]), int(sents[k])), counts["sentences"]
        )
        for k, part in enumerate(partitions(path, options.unit))
    ]
    return tree(found, dask.delayed(added_dispersion, pure=True))


def tree(parts: list, combine):
    """``parts`` combined pairwise, neighbours with neighbours, until one is left (a balanced
    tree of Dask tasks: the order of the corpus is kept, and no task waits on all others)."""
    while len(parts) > 1:
        parts = [
            combine(parts[k], parts[k + 1]) if k + 1 < len(parts) else parts[k]
            for k in range(0, len(parts), 2)
        ]
    return parts[0]


def load_partition(file: str, corpus: str | None, unit: str = "line") -> pd.DataFrame:
    """One file of the corpus, read as ``load_corpus`` reads it alone (``corpus`` None) or in
    the corpus of several files ``corpus`` (with its ``file`` and ``row_in_file`` columns; the
    sums shift ``sentence_id`` to the position in the whole corpus)."""
    part = load_corpus(file, unit=unit)
    return part if corpus is None else _in_corpus(part, file_label(Path(file), corpus), 0)


def partitions(path: str | Path, unit: str = "line") -> list:
    """The corpus's files as ``dask.delayed`` partitions, read by ``load_partition``."""
    import dask
    import dask.dataframe as dd

    files = [str(f) for f in corpus_files(path)]
    # The columns vary with the files (metadata columns); only the partitions' contents are used,
    # never the frame's columns, so the declared ones are the loader's own.
    meta = pd.DataFrame({c: pd.Series(dtype=object) for c in CORPUS_COLUMNS})
    # Each partition as load_corpus reads it: Dask would otherwise turn its text columns into
    # Arrow strings, and the rows the tables list would differ from the in-memory path's.
    with dask.config.set({"dataframe.convert-string": False}):
        frame = dd.from_map(
            load_partition,
            files,
            args=[str(path) if is_many_files(path) else None, unit],
            meta=meta,
            enforce_metadata=False,
            label="load-corpus",
        )
        return frame.to_delayed()
