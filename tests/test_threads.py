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
