"""`make CORPUS=... OUT=...` under attack: a file name never runs a command, and OUT never
overwrites the committed notebooks or figures."""

import os
import shutil
import subprocess

import pytest

import helpers
import run_notebooks


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_a_file_name_never_runs_a_command(tmp_path):
    marks = [tmp_path / name for name in ("quote", "backtick", "make_function", "dollar")]
    shell = f'x"; touch {marks[0]}; "`touch {marks[1]}`'
    corpus = shell + f"$(shell touch {marks[2]})$$(touch {marks[3]}).txt"
    # -n prints the recipes instead of running them; make's own functions would still run.
    result = subprocess.run(
        ["make", "-n", "notebooks", f"CORPUS={corpus}", f"OUT={tmp_path / 'out'}"],
        cwd=helpers.ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "MAKEFLAGS": ""},
    )
    assert result.returncode == 0, result.stderr
    assert "scripts/run_notebooks.py" in result.stdout
    assert not any(str(mark) in result.stdout for mark in marks)  # in no command line
    assert not any(mark.exists() for mark in marks)


@pytest.mark.parametrize("out", [".", "notebooks", "figures", "figures/sub", "notebooks/x/.."])
def test_out_may_not_be_the_committed_outputs(out, monkeypatch):
    monkeypatch.chdir(helpers.ROOT)
    with pytest.raises(SystemExit, match="OUT="):
        run_notebooks.check_out(out)


def test_the_runner_reads_corpus_and_out_from_the_environment(monkeypatch):
    # What `make CORPUS=... OUT=...` hands over: refused before any notebook runs.
    monkeypatch.setenv("NOTEBOOK_CORPUS", "some corpus.csv")
    monkeypatch.setenv("NOTEBOOK_OUT", str(helpers.ROOT / "figures"))
    with pytest.raises(SystemExit, match="figures/ or inside it"):
        run_notebooks.main([])


def test_a_folder_of_its_own_is_accepted(tmp_path):
    run_notebooks.check_out(str(tmp_path / "out"))  # no error
    assert not (tmp_path / "out").exists()  # (nothing is written by the check)
