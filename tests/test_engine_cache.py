"""The engine's loops: compiled by numba on first use, kept in numba's on-disk cache, and that
cache emptied when any source of the engine changes (conflict_corpus/engine/jit.py)."""

import json
import os
import pickle
import shutil
import subprocess
import sys

import numpy as np

from conflict_corpus.engine import jit, lines

ROOT = jit.ENGINE.parent.parent

CACHE_STATS = """
import json, sys
sys.path.insert(0, {root!r})
import numpy as np
from conflict_corpus.engine import jit
result = jit.ascending(np.arange(5, dtype=np.int64))
stats = jit.ascending.dispatcher.stats
print(json.dumps([bool(result), sum(stats.cache_hits.values()),
                  sum(stats.cache_misses.values())]))
"""


def run_python(script: str) -> list:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    done = subprocess.run(
        [sys.executable, "-c", script.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_fresh_process_reads_a_loop_from_numbas_cache():
    run_python(CACHE_STATS)  # compiles it if no process has since the sources changed
    assert run_python(CACHE_STATS) == [True, 1, 0]  # one hit, nothing compiled


def _stale_cache(folder, key):
    folder.mkdir()
    for name in ("trie.scan-47.py311.nbi", "trie.scan-47.py311.1.nbc", "keep.txt"):
        (folder / name).write_bytes(b"x")
    (folder / jit.CACHE_KEY.name).write_text(key, encoding="ascii")


def test_a_cache_written_for_other_sources_is_emptied(tmp_path):
    folder = tmp_path / "__pycache__"
    _stale_cache(folder, "an older key")
    assert jit.fresh_cache.__wrapped__(folder) is True
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt", jit.CACHE_KEY.name]
    assert (folder / jit.CACHE_KEY.name).read_text(encoding="ascii") == jit.engine_key()
    # Now current: the next process keeps what numba writes.
    (folder / "trie.scan-47.py311.nbi").write_bytes(b"x")
    assert jit.fresh_cache.__wrapped__(folder) is False
    assert (folder / "trie.scan-47.py311.nbi").exists()


def test_a_cache_for_these_sources_is_kept(tmp_path):
    folder = tmp_path / "__pycache__"
    _stale_cache(folder, jit.engine_key())
    assert jit.fresh_cache.__wrapped__(folder) is False
    assert len(list(folder.iterdir())) == 4


def test_a_folder_that_cannot_be_written_costs_nothing_but_the_cache(tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("in the way", encoding="utf-8")
    assert jit.fresh_cache.__wrapped__(blocked / "__pycache__") is False


def test_any_edit_of_any_engine_source_changes_the_key(tmp_path):
    folder = tmp_path / "engine"
    shutil.copytree(jit.ENGINE, folder, ignore=shutil.ignore_patterns("__pycache__"))
    assert jit.engine_key(folder) == jit.engine_key()
    callee = folder / "jit.py"  # a helper other files' loops call (grown, code_point_at)
    callee.write_text(callee.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert jit.engine_key(folder) != jit.engine_key()


def test_a_loop_pickles_by_name_and_runs_as_its_python_function():
    data = np.frombuffer(b"one\r\ntwo\n\nthree", dtype=np.uint8)
    again = pickle.loads(pickle.dumps(lines.newline_bounds))
    assert again is lines.newline_bounds
    starts, ends = again(data)
    assert starts.tolist() == [0, 5, 9, 10] and ends.tolist() == [3, 8, 9, 15]
    plain_starts, plain_ends = lines.newline_bounds.function(data)  # the same, as Python
    assert plain_starts.tolist() == starts.tolist() and plain_ends.tolist() == ends.tolist()
