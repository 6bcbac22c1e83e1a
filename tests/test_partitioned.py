"""The Dask path (conflict_corpus/partitioned/) gives, table for table, what the in-memory path
gives on the same corpus; and a corpus of several files (a folder, a glob) reads as one."""

import functools
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers
from conflict_corpus.partitioned import (
    CorpusTables,
    TableOptions,
    corpus_tables,
    partitioned_tables,
)
from conftest import EXAMPLE, assert_same, write_parquet_parts

sys.path.insert(0, str(helpers.ROOT / "benchmarks"))
import generate_corpus  # noqa: E402


@pytest.fixture(scope="module")
def address():
    """A local Dask cluster of two worker processes for the module (its address is passed,
    as a user passes a cluster's)."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": ":0"},  # (its HTTP server: see local_cluster)
    ) as cluster:
        yield cluster.scheduler_address


def assert_same_tables(memory: CorpusTables, dask: CorpusTables) -> None:
    assert_same(memory, dask, "tables")


def both_paths(folder, address, options: TableOptions):
    """The corpus of ``folder`` read in memory, its tables by the in-memory functions and by
    the Dask path, asserted equal: ``(corpus, sentences, mentions, dask tables)``."""
    corpus = helpers.load_corpus(folder)
    dask = partitioned_tables(folder, options, address=address)
    assert_same_tables(corpus_tables(corpus, options), dask)
    sents = helpers.sentences(corpus)
    return corpus, sents, helpers.find_entities(sents), dask


def test_a_folder_reads_as_one_corpus_numbered_on_across_its_files(example_parts):
    whole = helpers.load_corpus(EXAMPLE)
    parts = helpers.load_corpus(example_parts)
    assert len(parts) == 107
    assert parts["sentence_id"].tolist() == list(range(1, 108))
    assert parts["file"].value_counts().to_dict() == {
        "part-002.parquet": 66,
        "part-000.parquet": 40,
        "part-001.parquet": 1,
    }
    # Row 41 of the corpus is the only row of the second file; row 42 the first of the third.
    row = parts.set_index("sentence_id")
    assert (row.loc[41, "file"], row.loc[41, "row_in_file"]) == ("part-001.parquet", 1)
    assert (row.loc[42, "file"], row.loc[42, "row_in_file"]) == ("part-002.parquet", 1)
    assert parts["text"].tolist() == whole["text"].tolist()
    assert parts["kind"].tolist() == whole["kind"].tolist()
    pd.testing.assert_series_equal(parts["date"], whole["date"])
    # A glob pattern names the same files (each by the path it matched).
    globbed = helpers.load_corpus(str(example_parts / "*.parquet"))
    assert globbed["text"].tolist() == parts["text"].tolist()
    assert globbed["file"].iloc[0] == str(example_parts / "part-000.parquet")


def test_a_folder_without_corpus_files_or_a_pattern_matching_none_is_an_error(tmp_path):
    (tmp_path / "notes.md").write_text("not a corpus\n", encoding="utf-8")
    (tmp_path / "_SUCCESS").write_text("", encoding="utf-8")
    with pytest.raises(helpers.CorpusError, match=r"is a folder with no corpus file in it"):
        helpers.load_corpus(tmp_path)
    with pytest.raises(helpers.CorpusError, match=r"no file matches this pattern"):
        helpers.load_corpus(str(tmp_path / "*.parquet"))


def test_a_file_column_named_like_the_loaders_own_is_refused(tmp_path):
    (tmp_path / "a.csv").write_text("text,file\nSadr spoke.,x\n", encoding="utf-8")
    with pytest.raises(helpers.CorpusError, match=r"a\.csv: column\(s\) \['file'\] are added"):
        helpers.load_corpus(tmp_path)
    # The Dask path reads the folder by the same rule (one file: counted without a cluster).
    with pytest.raises(helpers.CorpusError, match=r"a\.csv: column\(s\) \['file'\] are added"):
        partitioned_tables(tmp_path)


def test_dask_tables_equal_the_in_memory_tables_of_the_example_corpus(example_parts, address):
    options = TableOptions(group="genre", kwic_rows=3)
    memory = corpus_tables(helpers.load_corpus(example_parts), options)
    dask = partitioned_tables(example_parts, options, address=address)
    assert_same_tables(memory, dask)
    # What a reader relies on, as the in-memory notebooks show it on this corpus.
    assert (dask.rows, dask.sentences, dask.target) == (107, 107, "news")
    assert dask.group_sizes["sentences"].tolist() == [65, 31, 11, 0]
    top = dask.entity_frequency.iloc[0]
    assert (top["entity"], top["mentions"], top["sentences"], top["variants"]) == (
        "Muqtada al-Sadr",
        64,
        60,
        8,
    )
    ceasefire = dask.frame_summary.set_index("frame").loc["ceasefire"]
    assert (ceasefire["matches"], ceasefire["sentences"]) == (35, 31)
    # The first three ceasefire lines of the corpus: "truce" (row 6), then row 7's "truce" and
    # "cease fire" (rows 6 and 7 are in the first file, cut to three across the files).
    assert dask.kwic["ceasefire"]["sentence_id"].tolist() == [6, 7, 7]
    assert dask.kwic["ceasefire"]["match"].tolist() == ["truce", "truce", "cease fire"]
    weapons = dask.keyness["words"].set_index("item").loc["weapons"]
    assert (weapons["count"], weapons["count_reference"]) == (13, 0)


def test_notebook_01s_tables_equal_the_in_memory_ones(example_parts, address):
    # Notebook 01's tables, the listings cut to 3 rows so that they are taken across files;
    # the example corpus has no headline or noise line.
    options = TableOptions(rows=3)
    corpus = helpers.load_corpus(example_parts)
    memory = corpus_tables(corpus, options)
    dask = partitioned_tables(example_parts, options, address=address)
    assert_same_tables(memory, dask)
    assert dask.keyness == {} and dask.group_sizes is None  # (no group asked for)
    assert dask.summary["rows"].tolist() == [107, 107]
    words = corpus["text"].map(lambda text: len(helpers.tokenize(text)))
    summary = dask.lengths.loc["words"]
    assert (summary["min"], summary["50%"], summary["max"]) == (
        words.min(),
        words.median(),
        words.max(),
    )
    assert dask.length_counts["words"].sum() == 107


# Notebook 04's searches: the ceasefire spellings and arms or weapons.
SEARCHES = (("ceasefire", r"\bcease[-\s]?fires?\b"), ("arms", r"\b(?:arms|weapons?|guns?)\b"))


def test_notebook_04s_searches_events_and_sample_equal_the_in_memory_ones(example_parts, address):
    # The KWIC lines and the explorer's sample cut to a few, so that they are taken across the
    # three files (40, 1 and 66 rows).
    options = TableOptions(searches=SEARCHES, search_rows=5, explore=41)
    memory = corpus_tables(helpers.load_corpus(example_parts), options)
    dask = partitioned_tables(example_parts, options, address=address)
    assert_same_tables(memory, dask)
    sample, mentions, frames = dask.sample
    assert sample["sentence_id"].tolist() == list(range(1, 42))
    assert mentions["sentence_id"].max() <= 41 and frames["sentence_id"].max() <= 41
    ceasefire = dask.searches["ceasefire"]
    # What the in-memory notebook counts on the whole corpus, by its own calls.
    sents = helpers.sentences(helpers.load_corpus(EXAMPLE))
    found = helpers.kwic(sents, SEARCHES[0][1], regex=True)
    assert (ceasefire.matches, ceasefire.rows) == (len(found), found["sentence_id"].nunique())
    assert ceasefire.forms.set_index("spelling")["count"].to_dict() == (
        found["match"].str.lower().value_counts().to_dict()
    )
    assert int(ceasefire.table.to_numpy().sum()) == len(found)
    events = dask.events.set_index(["frame", "stance", "cameo", "plover"])
    frames_found = helpers.find_frames(sents)
    assert events["matches"].sum() == len(frames_found)


def test_notebook_03s_collocates_and_pairs_equal_the_in_memory_ones(example_parts, address):
    options = TableOptions(kwic_frames=(), explore=3)
    _, sents, mentions, dask = both_paths(example_parts, address, options)
    # Every entity named has its collocates, as collocates() gives them on the whole corpus.
    assert sorted(dask.collocates) == sorted(mentions["entity"].unique())
    army = mentions[mentions["entity"] == "Mahdi Army"]
    pd.testing.assert_frame_equal(
        dask.collocates["Mahdi Army"], helpers.collocates(sents, army, window=5)
    )
    # The pairs notebook 03 ranks, from the table, as cooccurrence_pairs gives them.
    for kwargs in ({"min_count": 2, "attracted_only": True}, {"min_count": 2, "sort_by": "count"}):
        pd.testing.assert_frame_equal(
            helpers.pairs_from_table(dask.cooccurrence, dask.sentences, **kwargs),
            helpers.cooccurrence_pairs(mentions, sents, **kwargs),
        )


def test_notebook_02s_coverage_tables_equal_the_in_memory_ones(example_parts, address):
    # The uncovered names: a sentence's first word is a name when the whole corpus capitalises
    # it mid-sentence, which a partition cannot decide alone; the headline mentions cut to 2.
    options = TableOptions(kwic_frames=(), rows=2)
    _, sents, mentions, dask = both_paths(example_parts, address, options)
    pd.testing.assert_frame_equal(dask.uncovered, helpers.uncovered_names(sents, mentions))
    pd.testing.assert_frame_equal(dask.shared_words, helpers.shared_name_words(mentions))
    assert len(dask.uncovered) == 49 and dask.uncovered["count"].is_monotonic_decreasing


def test_uncovered_names_of_parts_add_up_to_the_whole_corpus_names():
    # "Basra" starts the second sentence: alone, that part cannot keep it (never capitalised
    # mid-sentence there); added to the first part ("in Basra"), it is kept. "Officer" starts
    # the third and is never capitalised mid-sentence: dropped, the run is "Talib Hassan", whose
    # sentence already holds that name (counted twice, one sentence).
    from conflict_corpus.entities import added_uncovered, uncovered_counts, uncovered_table

    corpus = pd.DataFrame(
        {
            "sentence_id": [1, 2, 3],
            "text": [
                "Fighters met in Basra on Friday.",
                "Basra stayed calm under Talib Hassan.",
                "Officer Talib Hassan said Talib Hassan would stay.",
            ],
            "kind": "sentence",
        }
    )
    none = helpers.find_entities(corpus.head(0))
    columns = ["name", "count", "sentences", "example_id"]
    expected = pd.DataFrame(
        [["Talib Hassan", 3, 2, 2], ["Basra", 2, 2, 1]], columns=columns
    ).astype({c: np.int64 for c in columns[1:]})
    whole = helpers.uncovered_names(corpus, none)
    pd.testing.assert_frame_equal(whole, expected, check_dtype=False)
    second = corpus.iloc[1:].assign(sentence_id=[1, 2])
    alone = helpers.uncovered_names(second, none)
    assert alone.values.tolist() == [["Talib Hassan", 3, 2, 1]]
    parts = [uncovered_counts(corpus.iloc[:1], none), uncovered_counts(second, none)]
    assert parts[0]["capitals"] >= {"Basra"} and "Basra" not in parts[1]["capitals"]
    assert parts[1]["pending"]["word"].tolist() == ["Basra", "Officer"]
    added = uncovered_table(added_uncovered(*parts, shift=1))
    pd.testing.assert_frame_equal(added, whole)


@pytest.mark.parametrize("target", [None, "analysis"])
def test_notebook_05s_groups_periods_and_dispersion_equal_the_in_memory_ones(
    example_parts, address, target
):
    # By genre and year (the example corpus is dated); the dispersion plot's occurrences cut
    # to every 11th sentence (at most 10 of 107), its summary of every occurrence.
    options = TableOptions(
        group="genre",
        target=target,
        period="year",
        kwic_frames=(),
        dispersion_frames=("ceasefire", "disarmament"),
        dispersion_entities=3,
        dispersion_points=10,
    )
    corpus = helpers.load_corpus(example_parts)
    memory = corpus_tables(corpus, options)
    dask = partitioned_tables(example_parts, options, address=address)
    assert_same_tables(memory, dask)
    # What notebook 05 computes in memory, by its own calls.
    sents = helpers.sentences(corpus)
    mentions, frames = helpers.find_entities(sents), helpers.find_frames(sents)
    assert dask.target == (target or "news")
    pd.testing.assert_frame_equal(
        dask.frames_by_period, helpers.frame_summary(frames, sents, by="year")
    )
    pd.testing.assert_frame_equal(
        dask.pairs_by_period, helpers.cooccurrence(mentions, by="year", corpus=sents)
    )
    followed = helpers.entity_frequency(mentions, sents)["entity"].head(3).tolist()
    points = pd.concat(
        [
            helpers.dispersion(frames, sents, "frame", ["ceasefire", "disarmament"]),
            helpers.dispersion(mentions, sents, "entity", followed),
        ],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(
        dask.dispersion_summary, helpers.dispersion_summary(points, sents), check_dtype=False
    )
    assert (dask.dispersion["position"] % 11 == 0).all() and len(dask.dispersion) > 0
    assert dask.columns[:3] == ("sentence_id", "file", "row_in_file") and "date" in dask.columns


def test_dask_tables_by_period_equal_the_in_memory_tables(example_parts, address):
    options = TableOptions(group="year")
    memory = corpus_tables(helpers.load_corpus(example_parts), options)
    assert_same_tables(memory, partitioned_tables(example_parts, options, address=address))


def test_dask_tables_of_text_files_in_subfolders_equal_the_in_memory_tables(tmp_path, address):
    seed = (helpers.ROOT / "data" / "raw" / "mahdi_army_sentences.txt").read_bytes()
    lines = seed.split(b"\n")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "first.txt").write_bytes(b"\n".join(lines[:9]) + b"\n")
    (tmp_path / "second.txt").write_bytes(b"\n".join(lines[9:]))
    memory = corpus_tables(helpers.load_corpus(tmp_path), TableOptions(group="source"))
    assert memory.rows == 18
    dask = partitioned_tables(tmp_path, TableOptions(group="source"), address=address)
    assert_same_tables(memory, dask)


def test_dask_tables_of_a_generated_corpus_equal_the_in_memory_tables(tmp_path, address):
    texts = generate_corpus.generate(6000, seed=5)
    write_parquet_parts(pd.DataFrame({"text": texts}), tmp_path / "parts", [2500, 4000])
    # (Read by the same glob pattern: the explorer's sample names each file as it was found.)
    pattern = str(tmp_path / "parts" / "*.parquet")
    memory = corpus_tables(helpers.load_corpus(pattern))
    dask = partitioned_tables(pattern, address=address)
    assert_same_tables(memory, dask)
    assert dask.sentences == memory.sentences == 5996  # (of 6,000 generated lines)
    # Every pair of actors named in one sentence, counted here from the mentions by sets.
    mentions = helpers.find_entities(helpers.sentences(helpers.load_corpus(pattern)))
    named = mentions[mentions["role"] == "actor"].groupby("sentence_id")["entity"]
    pairs = {(a, b) for _, names in named for a in set(names) for b in set(names) if a < b}
    assert len(dask.cooccurrence_pairs) == len(pairs) == 1993


def test_without_an_address_a_local_cluster_runs_and_the_setting_names_a_cluster(
    example_parts, address, monkeypatch
):
    import dask

    options = TableOptions(group="genre")
    memory = corpus_tables(helpers.load_corpus(example_parts), options)
    assert_same_tables(memory, partitioned_tables(example_parts, options))
    # Dask's own setting (the environment variable DASK_SCHEDULER_ADDRESS) sends the work to
    # a running cluster.
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", address)
    dask.config.refresh()
    try:
        from conflict_corpus.partitioned import scheduler_address

        assert scheduler_address() == address
        assert_same_tables(memory, partitioned_tables(example_parts, options))
    finally:
        monkeypatch.delenv("DASK_SCHEDULER_ADDRESS")
        dask.config.refresh()
    assert np.isclose(memory.entity_frequency["share"].iloc[0], 60 / 107, atol=5e-4)


def test_one_file_is_one_partition_counted_in_this_process():
    seed = helpers.DEFAULT_CORPUS
    memory = corpus_tables(helpers.load_corpus(seed), TableOptions(group="source"))
    dask = partitioned_tables(seed, TableOptions(group="source"))
    assert_same_tables(memory, dask)
    assert (dask.partitions, dask.rows, dask.sentences, dask.target) == (1, 18, 15, "The Economist")


EVERY_NOTEBOOK = [
    "01_corpus.ipynb",
    "02_entities.ipynb",
    "03_cooccurrence.ipynb",
    "04_wording.ipynb",
    "05_compare.ipynb",
    "06_large_corpus.ipynb",
]


def check_example_run(out) -> str:
    """What a run of every notebook on ``example_parts`` (the example corpus in three Parquet
    files) wrote into ``out``: every notebook, every committed figure's name, and the numbers
    its prose reads; returns the three notebooks' texts checked."""
    assert sorted(p.name for p in (out / "notebooks").iterdir()) == EVERY_NOTEBOOK
    committed = sorted(p.name for p in helpers.FIGURES.iterdir())
    assert sorted(p.name for p in (out / "figures").iterdir()) == committed
    overview = (out / "notebooks" / "01_corpus.ipynb").read_text(encoding="utf-8")
    assert (
        "This run reads `parts` (3 files, counted partition by partition on Dask): **107** "
        "lines, **107** of them sentences; every line is a sentence." in overview
    )
    rendered = (out / "notebooks" / "06_large_corpus.ipynb").read_text(encoding="utf-8")
    assert "as 3 partitions on Dask: **107** lines, **107** of them sentences" in rendered
    wording = (out / "notebooks" / "04_wording.ipynb").read_text(encoding="utf-8")
    assert "Ceasefire language appears in **31** of 107 sentences" in wording
    return overview + rendered + wording


def test_the_runner_starts_one_local_cluster_when_no_scheduler_is_named(
    example_parts, address, monkeypatch
):
    # The notebooks themselves run on Dask once in the suite, through a scheduler address
    # (tests/test_wheel.py); here the runner's own cluster, which reaches the kernels through
    # their environment, so that no address (a port that changes from run to run) is ever
    # written into a notebook.
    import contextlib
    import types

    import dask

    import conflict_corpus.partitioned
    import run_notebooks

    paths = run_notebooks.notebook_paths()
    assert [p.name for p in run_notebooks.partitioned_notebooks(paths)] == EVERY_NOTEBOOK
    assert run_notebooks.out_name(str(example_parts / "*.parquet")) == "parts"
    assert run_notebooks.out_name("corpus/2008") == "2008"
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    dask.config.refresh()
    # (The local cluster itself is the one partitioned_tables starts, tested above.)
    started = []

    @contextlib.contextmanager
    def local_cluster():
        started.append("cluster")
        yield types.SimpleNamespace(scheduler_address="tcp://127.0.0.1:1")
        started.append("closed")

    monkeypatch.setattr(conflict_corpus.partitioned, "local_cluster", local_cluster)
    with run_notebooks.dask_cluster(None) as env:
        assert env == {"DASK_SCHEDULER_ADDRESS": "tcp://127.0.0.1:1"}
    assert started == ["cluster", "closed"]
    with run_notebooks.dask_cluster(address) as env:
        assert env == {}  # (a cluster named: the kernels are sent there, none is started)
    assert started == ["cluster", "closed"]
    _, chosen = run_notebooks.prepare(paths[0], example_parts, str(example_parts), {})
    assert "SCHEDULER" not in chosen


def test_a_bad_file_among_the_partitions_stops_the_run_naming_the_file_and_the_fix(
    tmp_path, address
):
    (tmp_path / "a.txt").write_text("Sadr spoke in Najaf.\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("headline,url\nOne,x\n", encoding="utf-8")
    with pytest.raises(helpers.CorpusError, match=r"b\.csv.*text"):
        partitioned_tables(tmp_path, address=address)


@pytest.fixture(scope="module")
def example_corpus():
    return helpers.load_corpus(EXAMPLE)


# Every family of tables that a partition counts and two parts add (the passes that need the
# whole corpus, the sample and the dispersion, are checked on Dask above).
EVERY_COUNT = TableOptions(
    group="genre",
    period="year",
    kwic_rows=4,
    rows=3,
    searches=(("ceasefire", r"\bcease[-\s]?fires?\b"),),
    search_rows=5,
    explore=0,
    dispersion_frames=(),
    dispersion_entities=0,
)


@functools.cache
def whole_example_tables() -> CorpusTables:
    """The example corpus's tables counted whole (once: each example of the split compares
    against them)."""
    return corpus_tables(helpers.load_corpus(EXAMPLE), EVERY_COUNT)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cuts=st.lists(st.integers(min_value=0, max_value=107), max_size=4))
def test_any_split_of_a_corpus_adds_up_to_the_tables_of_the_whole(example_corpus, cuts):
    # The corpus cut anywhere (an empty part included), each part counted with its rows
    # numbered from 1 as a file of its own is, the counts added in corpus order: the tables of
    # the whole, table for table.
    from conflict_corpus.partitioned import added, finished, partition_counts

    bounds = [0, *sorted(cuts), len(example_corpus)]
    counts = [
        partition_counts(
            example_corpus.iloc[a:b].assign(sentence_id=np.arange(1, b - a + 1)),
            EVERY_COUNT,
        )
        for a, b in zip(bounds, bounds[1:])
    ]
    total = counts[0]
    for part in counts[1:]:
        total = added(total, part)
    whole = whole_example_tables()
    split = finished(total, EVERY_COUNT)
    split.partitions = whole.partitions  # (the parts here are cuts of one file)
    assert_same_tables(whole, split)


def test_dask_tables_of_documents_equal_the_in_memory_tables(tmp_path, address):
    # Articles in two files, read as documents: each partition splits its own documents.
    texts = [
        "NAJAF, Iraq (Reuters) - Sadr told the Mahdi Army to stop fighting. The truce held.",
        "By Jane Doe\nBASRA - Maliki sent troops. Gen. Casey said the U.S. would help. It did.",
        "Sadr City was quiet. Iraqi forces collected weapons at mosques.",
    ]
    write_parquet_parts(
        pd.DataFrame({"text": texts, "source": ["a", "b", "a"]}), tmp_path / "docs", [1]
    )
    options = TableOptions(unit="document", group="source", explore=5)
    memory = corpus_tables(helpers.load_corpus(tmp_path / "docs", unit="document"), options)
    dask = partitioned_tables(tmp_path / "docs", options, address=address)
    assert_same_tables(memory, dask)
    assert (dask.documents, dask.rows, dask.sentences) == (3, 7, 7)
