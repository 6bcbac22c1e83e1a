"""Every notebook's tables, counted partition by partition: on Dask for a corpus larger than
memory, in the kernel for a corpus of one file.

A corpus given as a folder or a glob pattern of files (``load.corpus_files``) is read with
``dask.dataframe.from_map``: each file is one partition, read by ``load_corpus``'s rules (nothing
dropped, noise flagged). Each partition is matched (entities, frames) and reduced to counts that
add up across partitions; the counts are added pairwise, in corpus order, on the workers; and the
tables are finished from the sums by the functions the in-memory path ends with
(``ranked_frequency``, ``variants_of``, ``ranked_table``, ``ranked_pairs``, ``ranked_frames``,
``ranked_by_entity``, ``top_words``, ``collocations_of``, ``keyness_table``, ``collocates_of``,
``pairs_by_group``, ``dispersion_of``...). No step holds more than one partition's sentences.
A corpus held in memory is counted by the same three steps as one partition (``corpus_tables``),
so each table has one implementation, and the tests of ``added`` check that any split of a
corpus gives the same tables. ``TableOptions`` says their sizes and groupings.

A run counts once: ``stored_tables`` writes the tables into the run's store on disk, keyed by
everything they are counted from, and every notebook reads them from there (``store``).

The modules, in the order a reader takes them:

- ``options``: ``TableOptions`` (what a notebook asks for) and ``CorpusTables`` (what it gets);
- ``counts``: the three steps, ``partition_counts``, ``added`` and ``finished``, each running the
  same step of every family of tables:
  - ``rows``: notebook 01's (rows by kind, first rows, lengths, words, bigrams);
  - ``names``: 02's (entities, spellings, uncovered names, headline mentions);
  - ``pairs``: 03's (co-occurrences, pairs, entity collocates);
  - ``frames``: 04's (frame summary, frames by entity, KWIC lines, events, searches);
  - ``comparisons``: 05's (groups, periods, keyness, dispersion);
  - ``sample``: the explorer's first sentences;
- ``sums``: the small steps the families' sums share;
- ``passes``: the work on Dask (``partitioned_tables``), a corpus of one file in this process,
  and a corpus held in memory (``corpus_tables``): the same three steps over one partition;
- ``store``: the tables of a run on disk (``stored_tables``), counted once for every notebook.

Two tables need something of the whole corpus first, and take a pass of their own after the
count (``passes.computed``): the dispersion (a partition's positions follow the sentences before
it, and the entities followed are the most named: ``dispersion_graph``) and the explorer's sample
(the first sentences, read again from the partitions that hold them: ``sample_graph``). In a
corpus of one partition nothing needs reading again: the dispersion starts as soon as the
tables it reads (the rows', the names', the frames') are counted, beside the other families
(``passes.one_part_tables``). The uncovered names need the whole corpus too (a sentence's first
word is a name when the corpus capitalises it mid-sentence anywhere), but no pass of their own:
each partition counts the first words it cannot decide apart, and the sums decide them
(``entities.uncovered_counts``).

``sentence_id`` in the tables is the position in the whole corpus, as ``load_corpus`` numbers a
corpus of several files: rows follow one another in file-name order. Within a partition the
matchers see the file's own numbering; the sums shift each partition's ids by the rows before it.

Where the work runs: ``address`` (or Dask's own setting, the environment variable
``DASK_SCHEDULER_ADDRESS``) sends it to a running Dask cluster, whose workers need this project
installed. Without one, a local cluster starts: one single-threaded worker process per core this
process may use (``CONFLICT_CORPUS_THREADS`` chooses fewer), each scanning with one thread. A
corpus of one file is one partition, counted in this process without Dask.
"""

from __future__ import annotations

from .counts import added, finished, partition_counts
from .options import SEARCHES, CorpusTables, SearchTables, TableOptions
from .passes import (
    corpus_tables,
    dispersion_graph,
    local_cluster,
    partitioned_counts,
    partitioned_tables,
    sample_graph,
    scheduler_address,
)
from .store import store_folder, store_key, stored_tables

__all__ = [
    "SEARCHES",
    "TableOptions",
    "CorpusTables",
    "SearchTables",
    "corpus_tables",
    "partitioned_tables",
    "stored_tables",
    "store_folder",
    "store_key",
    "partition_counts",
    "added",
    "finished",
    "partitioned_counts",
    "dispersion_graph",
    "sample_graph",
    "scheduler_address",
    "local_cluster",
]
