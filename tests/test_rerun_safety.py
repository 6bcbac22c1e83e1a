"""`make CORPUS=... OUT=...` under attack: a file name never runs a command, and OUT never
overwrites the committed notebooks or figures."""

import gc
import os
import shutil
import subprocess
import time
import warnings

import nbformat
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


@pytest.mark.parametrize(
    "out", [".", "notebooks", "figures", "figures/sub", "notebooks/x/..", "tables", "tables/01"]
)
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


def _notebook(path, *code):
    """A small notebook in the project's shape: a parameters cell, then ``code`` cells."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("CORPUS = None\nOUT = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params] + [nbformat.v4.new_code_cell(source) for source in code]
    for n, cell in enumerate(nb.cells):
        cell.id = f"c{n}"
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nbformat.write(nb, path)
    return path


DRAW = (
    "import matplotlib.pyplot as plt\nimport helpers\n"
    "fig, ax = plt.subplots()\nax.plot([0, {n}])\nhelpers.save_figure(fig, 'line', OUT);"
)


@pytest.mark.notebooks
def test_a_run_closes_the_event_loops_its_kernels_threads_ran_on(tmp_path):
    # nbclient runs a kernel's notebooks on an event loop of that thread's own; a loop left
    # open holds two sockets until the garbage collector finds it ("unclosed event loop").
    good = _notebook(tmp_path / "good.ipynb", "print(1)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        assert run_notebooks.main(["--out", str(tmp_path / "out"), str(good)]) == 0
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []


@pytest.mark.notebooks
def test_a_failed_run_leaves_the_last_good_outputs_and_names_the_notebook(tmp_path, capsys):
    out = tmp_path / "out"
    good = _notebook(tmp_path / "good.ipynb", DRAW.format(n=1), "print(len(helpers.load_corpus()))")
    assert run_notebooks.main(["--out", str(out), str(good)]) == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert sorted(map(str, before)) == ["figures/line.png", "notebooks/good.ipynb"]

    # The same notebook name, now drawing another figure and then failing.
    bad = tmp_path / "bad"
    bad.mkdir()
    _notebook(bad / "good.ipynb", DRAW.format(n=2), "raise RuntimeError('the corpus is odd')")
    assert run_notebooks.main(["--out", str(out), str(bad / "good.ipynb")]) == 1
    error = capsys.readouterr().err
    assert "good.ipynb failed" in error and "the corpus is odd" in error
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # the failed run's figure is gone, the good one untouched
    assert [p.name for p in out.iterdir()] != [] and not list(out.glob(".run-*"))


@pytest.mark.notebooks
def test_a_rerun_into_the_same_out_writes_the_same_bytes(tmp_path):
    corpus = tmp_path / "my corpus.txt"
    corpus.write_text("Sadr called for calm.\nThe Mahdi Army agreed.\n", encoding="utf-8")
    count = "print(len(helpers.load_corpus(CORPUS)))"
    path = _notebook(tmp_path / "n.ipynb", DRAW.format(n=3), count)
    out = tmp_path / "out"
    args = ["--corpus", str(corpus), "--out", str(out), str(path)]
    assert run_notebooks.main(args) == 0
    written = (out / "notebooks" / "n.ipynb", out / "figures" / "line.png")
    first = [p.read_bytes() for p in written]
    assert run_notebooks.main(args) == 0
    second = [p.read_bytes() for p in written]
    assert first == second
    nb = nbformat.reads(first[0].decode("utf-8"), as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    # The paths are shown from the rendered notebook's folder, never as a machine's.
    assert injected[0].id == "injected-parameters"
    assert "CORPUS = '../../my corpus.txt'\nOUT = '..'" in injected[0].source
    assert str(tmp_path) not in first[0].decode("utf-8")
    assert nb.cells[-1].outputs[0]["text"] == "2\n"


def test_publishing_replaces_figures_and_tables_of_an_earlier_run(tmp_path):
    stage, base = tmp_path / "stage", tmp_path / "out"
    notebooks, figures, tables = base / "notebooks", base / "figures", base / "tables"
    for folder in (stage / "notebooks", stage / "figures", stage / "tables" / "01", figures):
        folder.mkdir(parents=True)
    (tables / "01").mkdir(parents=True)
    (tables / "02").mkdir(parents=True)
    (stage / "notebooks" / "a.ipynb").write_text("new")
    (stage / "figures" / "kept.png").write_text("new")
    (stage / "tables" / "01" / "kept.csv").write_text("new")
    (figures / "kept.png").write_text("old")
    (figures / "other_corpus.png").write_text("old")
    (tables / "01" / "kept.csv").write_text("old")
    (tables / "01" / "other_corpus.csv").write_text("old")
    (tables / "02" / "not_rerun.csv").write_text("old")
    run_notebooks.publish(stage, base, every_notebook=True)
    assert (notebooks / "a.ipynb").read_text() == "new"
    assert sorted(p.name for p in figures.iterdir()) == ["kept.png"]
    assert (figures / "kept.png").read_text() == "new"
    # A notebook's tables folder is this run's; another notebook's is left as it was.
    assert sorted(p.name for p in (tables / "01").iterdir()) == ["kept.csv"]
    assert (tables / "01" / "kept.csv").read_text() == "new"
    assert (tables / "02" / "not_rerun.csv").read_text() == "old"


@pytest.mark.notebooks
def test_notebooks_sharing_a_kernel_start_as_in_a_fresh_one(tmp_path, monkeypatch):
    # One kernel runs both notebooks, one after the other: the second sees none of the first's
    # names, pandas' display options at their defaults, no open figure, and is numbered from 1.
    monkeypatch.setenv(run_notebooks.KERNELS_VARIABLE, "1")
    first = _notebook(
        tmp_path / "a.ipynb",
        "import pandas as pd\nimport matplotlib.pyplot as plt\n"
        "pd.set_option('display.max_colwidth', 7)\n_hidden = seen = 1\nfig = plt.figure()",
    )
    second = _notebook(
        tmp_path / "b.ipynb",
        "import pandas as pd\nimport matplotlib.pyplot as plt\n"
        "print(sorted({'seen', '_hidden', 'fig'} & set(dir())), "
        "pd.get_option('display.max_colwidth'), len(plt.get_fignums()))",
    )
    out = tmp_path / "out"
    assert run_notebooks.main(["--out", str(out), str(first), str(second)]) == 0
    nb = nbformat.read(out / "notebooks" / "b.ipynb", as_version=4)
    assert nb.cells[-1].outputs[0]["text"] == "[] 50 0\n"
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3]


def test_the_queue_takes_untimed_notebooks_first_then_the_longest():
    keys = ["a", "b", "c", "d", "e"]
    costs = {"b": 1.0, "c": 5.0, "e": 2.5, "gone": 9.0}
    # a and d have no recorded cost: first, in the order given; then c, e, b.
    assert run_notebooks.longest_first(keys, costs) == [0, 3, 2, 4, 1]


def test_costs_are_merged_pruned_and_an_unreadable_record_is_ignored(tmp_path, monkeypatch):
    costs = tmp_path / "costs.json"
    monkeypatch.setattr(run_notebooks, "COSTS", costs)
    a, b = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    a.write_text("{}", encoding="utf-8")
    b.write_text("{}", encoding="utf-8")
    assert run_notebooks.recorded_costs() == {}
    corpus, parts = tmp_path / "corpus.txt", tmp_path / "parts"
    corpus.write_text("One sentence.\n", encoding="utf-8")
    parts.mkdir()
    (parts / "1.txt").write_text("One sentence.\n", encoding="utf-8")
    pattern = f"{parts}/*.txt"
    run_notebooks.record_costs({f"|{a}": 1.234, f"|{b}": 7.0, f"{corpus}|{a}": 3.0})
    b.unlink()  # a notebook removed: its cost goes at the next record
    corpus.unlink()  # and a corpus removed (a test's temporary file): its costs too
    run_notebooks.record_costs({f"{pattern}|{a}": 2.0, f"{parts}|{a}": 4.0})
    assert run_notebooks.recorded_costs() == {
        f"|{a}": 1.23,
        f"{pattern}|{a}": 2.0,
        f"{parts}|{a}": 4.0,
    }
    (parts / "1.txt").unlink()  # a pattern that matches nothing any more
    run_notebooks.record_costs({f"|{a}": 1.0})
    assert run_notebooks.recorded_costs() == {f"|{a}": 1.0, f"{parts}|{a}": 4.0}
    for text in ("{not json", '["a", "list"]', '{"x": "slow"}'):
        costs.write_text(text, encoding="utf-8")
        assert run_notebooks.recorded_costs() == {}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary
    # Another record (the test suite's modules, tests/conftest.py), kept by its own rule.
    modules = tmp_path / ".modules.json"
    run_notebooks.record_costs({"kept": 2.345, "gone": 1.0}, modules, lambda key: key == "kept")
    assert run_notebooks.recorded_costs(modules) == {"kept": 2.35}
    assert run_notebooks.recorded_costs() == {}  # (the notebooks' record untouched)


@pytest.mark.notebooks
def test_a_kernel_that_dies_stops_the_run_naming_the_notebook(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(run_notebooks.KERNELS_VARIABLE, "2")
    out = tmp_path / "out"
    dying = _notebook(
        tmp_path / "dying.ipynb", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"
    )
    # In the other kernel, a notebook that would run for a minute: stopped with the run.
    slow = _notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(60)")
    began = time.monotonic()
    assert run_notebooks.main(["--out", str(out), str(dying), str(slow)]) == 1
    assert time.monotonic() - began < 45  # noticed in seconds, the other kernel stopped
    error = capsys.readouterr().err
    assert "dying.ipynb failed: its kernel died" in error and "Nothing was written" in error
    assert "slow.ipynb failed" in error
    assert not (out / "notebooks").exists()


@pytest.mark.notebooks
def test_a_corpus_changed_during_the_run_is_not_published(tmp_path, capsys):
    corpus = tmp_path / "c.txt"
    corpus.write_text("Sadr spoke in Kufa on Friday.\n", encoding="utf-8")
    changing = _notebook(
        tmp_path / "changing.ipynb",
        "with open(CORPUS, 'a', encoding='utf-8') as f:\n    f.write('A line added.\\n')",
    )
    out = tmp_path / "out"
    assert run_notebooks.main(["--corpus", str(corpus), "--out", str(out), str(changing)]) == 1
    assert "the corpus changed while the notebooks read it" in capsys.readouterr().err
    assert not (out / "notebooks").exists()


def test_a_second_run_into_the_same_out_is_refused_at_once(tmp_path):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    descriptor = os.open(out, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)  # a run in progress
    try:
        with pytest.raises(SystemExit, match="Another run is writing to"):
            run_notebooks.main(["--out", str(out), str(run_notebooks.notebook_paths()[0])])
    finally:
        os.close(descriptor)


def test_a_scheduler_nobody_answers_at_is_refused_at_once(tmp_path):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    began = time.monotonic()
    with pytest.raises(SystemExit, match=f"no Dask scheduler answers at 127.0.0.1:{port}"):
        run_notebooks.main(
            ["--out", str(tmp_path / "out"), "--scheduler", f"tcp://127.0.0.1:{port}"]
        )
    assert time.monotonic() - began < 30
    with pytest.raises(SystemExit, match="not an address"):
        run_notebooks.check_scheduler("tcp://nowhere")


def test_a_full_disk_names_the_notebook_and_publishes_nothing(tmp_path, monkeypatch, capsys):
    import errno

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(run_notebooks, "finish", no_space)
    good = _notebook(tmp_path / "good.ipynb", "print(1)")
    out = tmp_path / "out"
    assert run_notebooks.main(["--out", str(out), str(good)]) == 1
    error = capsys.readouterr().err
    assert "good.ipynb failed: its rendered copy cannot be written" in error
    assert "No space left on device" in error and not (out / "notebooks").exists()


# What a copy of the project for a notebook run in it needs (the rest is left out).
NOT_NEEDED = shutil.ignore_patterns(
    ".git", ".venv", "out", "html", "build", "dist", "*.egg-info", "artifacts", "corpus", ".run-*"
)


@pytest.mark.notebooks
def test_a_notebook_run_by_hand_on_another_corpus_never_writes_the_committed_outputs(
    tmp_path, monkeypatch
):
    # As in JupyterLab: the parameters cell edited to name a corpus, OUT left None, the
    # notebook run top to bottom in a kernel (no runner to choose OUT), in a copy of the
    # project, so that a failure could not touch this checkout.
    from nbclient import NotebookClient

    project = tmp_path / "project"
    shutil.copytree(helpers.ROOT, project, ignore=NOT_NEEDED)
    committed = {
        p.relative_to(project): p.read_bytes()
        for folder in ("figures", "tables")
        for p in (project / folder).rglob("*")
        if p.is_file()
    }
    corpus = tmp_path / "my_corpus.txt"
    corpus.write_text("The Mahdi Army held Najaf.\nSadr called for calm in Kufa.\n")
    nb = nbformat.read(project / "notebooks" / "01_corpus.ipynb", as_version=4)
    parameters = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    parameters.source = parameters.source.replace("CORPUS = None", f"CORPUS = {str(corpus)!r}")
    monkeypatch.setenv("PYTHONPATH", str(project))
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(project / "notebooks")}},
    ).execute()
    after = {
        p.relative_to(project): p.read_bytes()
        for folder in ("figures", "tables")
        for p in (project / folder).rglob("*")
        if p.is_file()
    }
    assert after == committed
    written = project / "out" / "my_corpus"
    assert (written / "figures" / "corpus_top_words.png").is_file()
    counts = (written / "tables" / "01_corpus" / "counts.csv").read_text(encoding="utf-8")
    assert "rows,2\n" in counts


def test_out_naming_the_project_is_refused_for_another_corpus_in_a_notebook_too(tmp_path):
    # (A rendered notebook of another corpus, opened from another folder, whose OUT ".."
    # lands on the project: its figures and tables would overwrite the committed ones.)
    corpus = tmp_path / "my_corpus.txt"
    corpus.write_text("The Mahdi Army held Najaf.\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"OUT=.*project's folder.*choose a folder of its own"):
        helpers.output_folder(str(corpus), str(helpers.ROOT))
    assert helpers.output_folder(None, str(helpers.ROOT)) == str(helpers.ROOT)
    assert helpers.output_folder(str(corpus), str(tmp_path / "o")) == str(tmp_path / "o")
    assert helpers.output_folder(str(corpus), None) == str(helpers.ROOT / "out" / "my_corpus")
