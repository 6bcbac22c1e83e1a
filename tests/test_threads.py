"""Issue 17: the scans use every core the process may run on, or fewer when asked."""

import os

import pytest

from conflict_corpus.engine import parallel


def test_every_core_by_default_and_fewer_when_asked():
    cores = len(os.sched_getaffinity(0))
    assert parallel.cores() == cores
    assert parallel.worker_count({}) == cores
    assert parallel.worker_count({"CONFLICT_CORPUS_THREADS": "1"}) == 1
    assert parallel.worker_count({"CONFLICT_CORPUS_THREADS": " 1 "}) == 1
    # More threads than cores would only compete for them: capped.
    assert parallel.worker_count({"CONFLICT_CORPUS_THREADS": str(cores + 5)}) == cores


@pytest.mark.parametrize("value", ["0", "two", "-1", "1.5"])
def test_a_wrong_thread_count_is_refused_with_the_fix(value):
    with pytest.raises(ValueError, match="CONFLICT_CORPUS_THREADS=.*whole number of threads"):
        parallel.worker_count({"CONFLICT_CORPUS_THREADS": value})


@pytest.mark.parametrize("corpus", ["example", "generated"])
def test_the_table_families_counted_side_by_side_give_the_tables_counted_one_by_one(
    corpus, monkeypatch, tmp_path
):
    import helpers
    from conflict_corpus.engine.text import TEXTS
    from conflict_corpus.partitioned import TableOptions, corpus_tables
    from conftest import EXAMPLE, assert_same

    path = EXAMPLE
    if corpus == "generated":
        import generate_corpus  # (benchmarks/, on the path conftest.py sets)

        path = tmp_path / "generated.txt"
        path.write_text("\n".join(generate_corpus.generate(3000, seed=41)) + "\n", "utf-8")
    options = TableOptions(group="source", period="year")
    tables = {}
    for workers in (1, 4):
        monkeypatch.setattr(parallel, "WORKERS", workers)
        TEXTS.clear()
        tables[workers] = corpus_tables(helpers.load_corpus(path), options)
    assert_same(tables[1], tables[4], "tables")
    # (Of the 3,000 generated lines, the loader reads one as a headline and one as noise.)
    assert tables[1].sentences == (107 if corpus == "example" else 2998)
