"""A cluster's workers need the project's wheel and nothing else: `pip wheel .` holds every
module and the curated data, and a Dask scheduler and worker started from a fresh virtual
environment outside the checkout (the wheel installed there) count the notebooks' tables, and
render every notebook through `SCHEDULER=`, exactly as the in-memory path does."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from test_partitioned import EVERY_NOTEBOOK, check_example_run

import helpers
import run_notebooks
from conflict_corpus.engine.jit import engine_key
from conflict_corpus.partitioned import TableOptions, corpus_tables, partitioned_tables
from conftest import assert_same, stop

pytestmark = pytest.mark.notebooks


def _run(*command, cwd):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True)


# What a wheel is not built from: environments, caches, outputs of runs, the benchmarks'
# generated corpora (hundreds of MB where `make bench` has run), and setuptools' own build
# folder (a stale build/lib would put files deleted from the source into the wheel).
NOT_NAMES = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".hypothesis",
    ".pytest_cache",
    ".counts",
    "out",
    "html",
)


def not_sources(folder: str, names: list[str]) -> set[str]:
    ignored = set(NOT_NAMES(folder, names))
    if Path(folder) == helpers.ROOT / "benchmarks":
        ignored.add("corpus")
    return ignored


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    source = out / "source"
    shutil.copytree(helpers.ROOT, source, ignore=not_sources)
    # Built offline, from a copy of the checkout, with the pinned backend the project's
    # environment holds.
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--quiet",
        "--wheel-dir",
        str(out),
        str(source),
        cwd=out,
    )
    (path,) = out.glob("*.whl")
    return path


# The worker compiles the engine's loops on its first count: about 25 s here, most of this
# module's time. numba keeps compiled code in $NUMBA_CACHE_DIR, and uses it again for a source
# file at the same path with the same size and modification time. So the fresh environment is
# made at the same place in every run (emptied first), the sources of its engine are stamped
# with one time, and numba's cache is kept beside it in a folder named by the engine's key
# (its sources and numba's version, ``engine.jit.engine_key``): only the first run after a
# change of the engine compiles. The same for the matchers the worker builds (the lexicon's
# automaton: about 5 s), which ``engine.store`` keeps in the installed package's folder: the
# ones the worker stored are kept in WORKER_HOME/stored between runs and put back into the
# fresh environment (each is read only where its key, of the code and the curated files,
# is the wheel's own).
WORKER_HOME = Path(tempfile.gettempdir()) / (
    "conflict-corpus-worker-" + hashlib.sha256(str(helpers.ROOT).encode()).hexdigest()[:12]
)
SOURCE_STAMP = 1_700_000_000  # (any fixed time)


@pytest.fixture(scope="module")
def worker_env(wheel):
    """A fresh virtual environment outside the checkout with the wheel installed. Its
    dependencies are the project environment's, added as one path (a .pth line): that folder's
    own .pth files, among them this checkout's editable install, are not read, so the only
    ``conflict_corpus`` there is the wheel's. Yields the folder it is in, the environment and
    numba's cache for it (``WORKER_HOME``); the matchers the worker stored are kept after."""
    home = WORKER_HOME
    home.mkdir(exist_ok=True)
    venv = home / "venv"
    shutil.rmtree(venv, ignore_errors=True)
    shutil.rmtree(home / "space", ignore_errors=True)
    cache = home / f"numba-{engine_key()}"
    for old in home.glob("numba-*"):
        if old != cache:
            shutil.rmtree(old, ignore_errors=True)
    # (No pip of its own: the project environment's, found through the .pth line below,
    # installs into it, as it is the running interpreter's environment.)
    _run(sys.executable, "-m", "venv", "--without-pip", str(venv), cwd=home)
    python = venv / "bin" / "python"
    site = _run(
        str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=home
    )
    Path(site.stdout.strip(), "project-dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    _run(str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel), cwd=home)
    installed = Path(site.stdout.strip(), "conflict_corpus", "engine")
    for source in installed.glob("*.py"):
        os.utime(source, (SOURCE_STAMP, SOURCE_STAMP))
    stored, kept = installed / "__pycache__", home / "stored"
    stored.mkdir(exist_ok=True)
    for path in kept.glob("*.pickle"):
        shutil.copy2(path, stored)
    yield home, venv, cache
    shutil.rmtree(kept, ignore_errors=True)
    kept.mkdir()
    for path in stored.glob("*.pickle"):
        shutil.copy2(path, kept)


@pytest.fixture(scope="module")
def cluster(worker_env):
    """``dask scheduler`` and one ``dask worker`` of the fresh environment, started in a folder
    of their own; yields the scheduler's address."""
    home, venv, cache = worker_env
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["NUMBA_CACHE_DIR"] = str(cache)
    dask = [str(venv / "bin" / "python"), "-m", "dask"]
    # The scheduler binds a port the system picks (0) and writes its address into a file: a
    # port picked free here and bound by the scheduler afterwards could be taken in between.
    found = home / "scheduler.json"
    found.unlink(missing_ok=True)
    scheduler = [*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
    # (its HTTP server, which it starts without a dashboard too, on a port the system picks)
    scheduler += ["--dashboard-address", ":0", "--scheduler-file", str(found)]
    logs = [open(home / name, "w", encoding="utf-8") for name in ("scheduler.log", "worker.log")]
    processes = []
    try:
        processes.append(
            subprocess.Popen(scheduler, cwd=home, env=env, stdout=logs[0], stderr=subprocess.STDOUT)
        )
        address = _scheduler_address(found, processes[0], home / "scheduler.log")
        worker = [*dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"]
        worker += ["--local-directory", str(home / "space")]
        processes.append(
            subprocess.Popen(worker, cwd=home, env=env, stdout=logs[1], stderr=subprocess.STDOUT)
        )
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(1, timeout=120)
        yield address
    finally:
        for process in processes[::-1]:
            stop(process)
        for log in logs:
            log.close()


def _scheduler_address(found: Path, process, log: Path, seconds: float = 60) -> str:
    """The address the scheduler wrote into ``found`` once it listens."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"dask scheduler exited: {log.read_text(encoding='utf-8')}")
        try:
            return json.loads(found.read_text(encoding="utf-8"))["address"]
        except (OSError, ValueError, KeyError):  # (not written yet, or half written)
            time.sleep(0.2)
    raise AssertionError(f"dask scheduler did not listen within {seconds} s")


def test_the_wheel_holds_every_module_and_the_curated_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {
        str(p.relative_to(helpers.ROOT))
        for p in (helpers.ROOT / "conflict_corpus").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    data = {
        "conflict_corpus/data/" + str(p.relative_to(helpers.DATA))
        for p in helpers.DATA.rglob("*")
        if p.is_file()
    }
    assert modules | data | {"helpers.py"} <= names
    assert "conflict_corpus/data/gazetteer.csv" in data
    assert "conflict_corpus/partitioned/counts.py" in modules


def test_the_worker_reads_the_wheels_code_and_data(cluster, worker_env):
    from distributed import Client

    site = str(worker_env[1])
    with Client(cluster, timeout=60) as client:
        (where,) = client.run(
            eval,
            "(__import__('conflict_corpus.files').files.__file__,"
            " str(__import__('conflict_corpus.files').files.DATA))",
        ).values()
    assert where[0].startswith(site) and where[1].startswith(site)
    assert where[1].endswith("site-packages/conflict_corpus/data")


def test_the_wheels_worker_counts_the_tables_the_in_memory_path_does(cluster, example_parts):
    options = TableOptions(explore=50)
    memory = corpus_tables(helpers.load_corpus(example_parts), options)
    assert_same(memory, partitioned_tables(example_parts, options, address=cluster), "tables")
    assert memory.sentences == 107 and memory.partitions == 3


def test_make_on_a_folder_renders_every_notebook_through_the_scheduler(
    cluster, example_parts, tmp_path, monkeypatch
):
    paths = run_notebooks.notebook_paths()
    assert [p.name for p in run_notebooks.partitioned_notebooks(paths)] == EVERY_NOTEBOOK
    out = tmp_path / "out"
    # What `make CORPUS=... OUT=... SCHEDULER=...` hands the runner.
    monkeypatch.setenv("NOTEBOOK_SCHEDULER", cluster)
    assert run_notebooks.main(["--corpus", str(example_parts), "--out", str(out)]) == 0
    check_example_run(out)
