"""The engine's loops compiled ahead of time (conflict_corpus/engine/build.py and jit.py): built
by `make` for the current sources, used without importing numba, and giving what numba's
just-in-time compilation of the same loops gives."""

import os
import pickle
import shutil
import subprocess
import sys

import numpy as np
import pytest

import helpers
from conflict_corpus.engine import build, jit, lines, trie
from conftest import assert_same

ROOT = helpers.ROOT


def run_python(script: str, **environ: str) -> str:
    """Run ``script`` in a fresh Python of the project's environment; its standard output."""
    env = {**os.environ, "MPLBACKEND": "Agg", **environ}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_make_built_every_loop_called_from_python_for_the_current_sources():
    module = jit.ahead_of_time_module()
    assert module is not None, "no extension module for the current sources: run `make engine`"
    assert jit.module_path(jit.engine_key()).is_file()
    loops = build.exported_loops()
    names = [loop.export_name for loop in loops]
    assert len(names) == len(set(names))
    # Every loop declared with @loop(...) is in the module, and is what a call runs.
    for loop in loops:
        assert loop.ahead_of_time is getattr(module, loop.export_name)
    assert "trie__entity_scan" in names and "dfa__frame_scan" in names


def test_the_built_loops_release_the_gil_while_they_run():
    # The wrapper of a loop compiled with release_gil calls PyEval_SaveThread (and a module
    # built by pycc with its default flags does not reference it at all), so the scans' threads
    # (engine.parallel) run at once, as they do with numba's nogil=True.
    data = jit.module_path(jit.engine_key()).read_bytes()
    assert b"PyEval_SaveThread" in data
    assert b"PyEval_RestoreThread" in data


def test_every_notebook_runs_without_importing_numba(tmp_path):
    # Each notebook's code cells, run in one plain Python process as a kernel runs them, with
    # figures written to tmp_path: every loop they reach comes from the extension module.
    script = f"""
import json, sys
from pathlib import Path
sys.path.insert(0, {str(ROOT)!r})
for path in sorted(Path("notebooks").glob("*.ipynb")):
    namespace = {{"display": lambda *objects, **options: None}}
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), str(path), "exec"), namespace)
            if "parameters" in cell["metadata"].get("tags", []):
                namespace["OUT"] = {str(tmp_path)!r}
    print(path.name, "numba" in sys.modules)
"""
    out = run_python(script).split()
    assert out == [
        "01_corpus.ipynb",
        "False",
        "02_entities.ipynb",
        "False",
        "03_cooccurrence.ipynb",
        "False",
        "04_wording.ipynb",
        "False",
        "05_compare.ipynb",
        "False",
        "06_large_corpus.ipynb",
        "False",
    ]
    # The figures are the committed ones, byte for byte.
    drawn = sorted(tmp_path.glob("figures/*.png"))
    assert len(drawn) == 16
    for path in drawn:
        assert path.read_bytes() == (ROOT / "figures" / path.name).read_bytes(), path.name


TABLES_SCRIPT = """
import pickle, sys
sys.path.insert(0, {root!r})
sys.path.insert(0, {bench!r})
import generate_corpus
import helpers
from conflict_corpus.engine import jit
from conflict_corpus.partitioned import TableOptions, corpus_tables
from pathlib import Path
generated = Path({folder!r}) / "generated.txt"
generated.write_text("\\n".join(generate_corpus.generate(3000, seed=11)) + "\\n", encoding="utf-8")
options = (
    TableOptions(),
    TableOptions(
        searches=(("ceasefire", r"\\bcease[-\\s]?fires?\\b"), ("arms", r"\\b(?:arms|weapons?)\\b")),
        entity_collocates=True,
        coverage=True,
        explore=200,
    ),
)
corpora = (None, {example!r}, str(generated))
tables = [corpus_tables(helpers.load_corpus(c), o) for c in corpora for o in options]
with open({out!r}, "wb") as file:
    pickle.dump(tables, file)
print(jit.ascending.ahead_of_time is not None, "numba" in sys.modules)
"""


def test_the_built_loops_and_numbas_just_in_time_loops_give_the_same_tables(tmp_path):
    # Every table the notebooks read, of the seed, the example corpus and 3,000 generated
    # lines, computed once with the extension module and once with CONFLICT_CORPUS_AOT=0.
    results = {}
    for setting, expected in (("1", "True False"), ("0", "False True")):
        out = tmp_path / f"tables-{setting}.pickle"
        script = TABLES_SCRIPT.format(
            root=str(ROOT),
            bench=str(ROOT / "benchmarks"),
            folder=str(tmp_path),
            example=str(ROOT / "data" / "examples" / "mahdi_army_news_sample.csv"),
            out=str(out),
        )
        assert run_python(script, CONFLICT_CORPUS_AOT=setting).split() == expected.split()
        with out.open("rb") as file:
            results[setting] = pickle.load(file)
    assert len(results["1"]) == 6
    assert results["1"][0].rows == 18 and results["1"][0].sentences == 15
    assert results["1"][5].sentences > 2900
    assert_same(tuple(results["1"]), tuple(results["0"]), "tables")


def test_an_argument_of_another_type_is_run_by_numba_with_the_same_result():
    values = np.array([1, 2, 2, 7, 3, 9], dtype=np.int64)
    strided = values[::2]  # 1, 2, 3: not contiguous, so not the built loop's type
    assert not jit.I8.fits(strided) and jit.I8.fits(values)
    assert jit.ascending(strided) is True
    assert jit.ascending(values) is False
    assert jit.ascending(np.ascontiguousarray(strided)) is True
    as_int32 = np.array([3, 1], dtype=np.int32)
    assert not jit.I8.fits(as_int32)
    assert jit.ascending(as_int32) is False


@pytest.mark.parametrize(
    ("arg", "value", "fits"),
    [
        (jit.U1, np.frombuffer(b"abc", dtype=np.uint8), True),  # read-only, only read
        (jit.U1_OUT, np.frombuffer(b"abc", dtype=np.uint8), False),  # read-only, written
        (jit.U1_OUT, np.zeros(3, dtype=np.uint8), True),
        (jit.U1, np.zeros(3, dtype=np.int8), False),
        (jit.I4_2D, np.zeros((2, 3), dtype=np.int32), True),
        (jit.I4_2D, np.zeros((2, 3), dtype=np.int32).T, False),  # Fortran order
        (jit.I4, np.zeros((2, 3), dtype=np.int32), False),
        (jit.I8, np.zeros(3, dtype=">i8"), False),  # big-endian
        (jit.I8, [1, 2, 3], False),
        (jit.INT, 3, True),
        (jit.INT, np.int32(3), True),
        (jit.INT, 3.0, False),
        (jit.BOOL, True, True),
        (jit.BOOL, np.bool_(False), True),
        (jit.BOOL, 1, False),
    ],
)
def test_arguments_fit_a_built_loop_only_with_its_declared_type(arg, value, fits):
    assert arg.fits(value) is fits


def test_a_loop_pickles_by_name():
    assert pickle.loads(pickle.dumps(trie.entity_scan)) is trie.entity_scan
    buf = np.frombuffer(b"one\ntwo", dtype=np.uint8)
    starts, ends = pickle.loads(pickle.dumps(lines.newline_bounds))(buf)
    assert starts.tolist() == [0, 4] and ends.tolist() == [3, 7]


def test_any_edit_of_the_engines_sources_changes_the_key(tmp_path):
    folder = tmp_path / "engine"
    folder.mkdir()
    for path in jit.ENGINE.glob("*.py"):
        shutil.copy(path, folder / path.name)
    assert jit.engine_key(folder) == jit.engine_key()
    with (folder / "trie.py").open("a", encoding="utf-8") as file:
        file.write("\n# an edit\n")
    assert jit.engine_key(folder) != jit.engine_key()
    # The module for the edited sources does not exist: the loops would be compiled just in
    # time, never taken from the module built for other sources.
    assert not jit.module_path(jit.engine_key(folder)).exists()


def test_the_setting_and_numbas_debug_switch_turn_the_module_off():
    assert jit.aot_enabled({})
    assert jit.aot_enabled({"CONFLICT_CORPUS_AOT": "1"})
    assert not jit.aot_enabled({"CONFLICT_CORPUS_AOT": "0"})
    assert not jit.aot_enabled({"NUMBA_DISABLE_JIT": "1"})
    assert jit.aot_enabled({"NUMBA_DISABLE_JIT": "0"})


def test_make_engine_when_the_module_is_current_neither_builds_nor_imports_numba():
    out = run_python(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from conflict_corpus.engine import build\n"
        "path = build.build()\n"
        "print(path.name, 'numba' in sys.modules)"
    )
    assert out.split() == [jit.module_path(jit.engine_key()).name, "False"]
