"""Shared fixtures. The seed corpus is loaded once per session; it is read-only."""

import dataclasses
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import helpers  # noqa: E402
from run_notebooks import longest_first, record_costs, recorded_costs  # noqa: E402

# The modules run longest first. `make test` hands pytest-xdist the modules whole
# (--dist loadscope: a module's fixtures are set up once) and in the order collected
# (--no-loadscope-reorder): a long module taken last keeps one worker busy while the others
# idle. The seconds each module took in the last run are kept in COSTS, which orders the next
# run (as CTest orders tests by their recorded costs, and scripts/run_notebooks.py its
# notebooks): modules never timed first, in the order collected, then the others, longest
# first. Only the order depends on it, never a result; git ignores it.
COSTS = ROOT / ".test-seconds.json"
TIMER = pytest.StashKey["ModuleSeconds"]()


class ModuleSeconds:
    """The seconds of each module's tests (setup, call and teardown) in this run."""

    def __init__(self):
        self.seconds = defaultdict(float)

    def pytest_runtest_logreport(self, report):
        self.seconds[_module(report.nodeid)] += report.duration


def _module(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(config, items):
    modules = [_module(item.nodeid) for item in items]
    # (A stable order: a module's tests keep theirs, and modules never timed come first.)
    items[:] = [items[k] for k in longest_first(modules, recorded_costs(COSTS))]


def pytest_configure(config):
    config.stash[TIMER] = ModuleSeconds()
    config.pluginmanager.register(config.stash[TIMER])


def pytest_sessionfinish(session):
    if hasattr(session.config, "workerinput"):  # (a worker: the controller has every report)
        return
    seconds = session.config.stash[TIMER].seconds
    record_costs(seconds, COSTS, still_there=lambda module: (ROOT / module).is_file())


@pytest.fixture(scope="session")
def corpus():
    return helpers.load_corpus()


@pytest.fixture(scope="session")
def sents(corpus):
    return helpers.sentences(corpus)


def write(tmp_path: Path, name: str, content) -> Path:
    """Write text (as UTF-8) or bytes to tmp_path/name and return the path."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def assert_same(a, b, name: str) -> None:
    """Two tables (or dicts, tuples or dataclasses of tables, or numbers) equal."""
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, obj=name)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, obj=name)
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), name
        for key in a:
            assert_same(a[key], b[key], f"{name}[{key}]")
    elif isinstance(a, tuple):
        assert len(a) == len(b), name
        for k, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{name}[{k}]")
    elif dataclasses.is_dataclass(a):
        assert type(a) is type(b), name
        for field in dataclasses.fields(a):
            assert_same(getattr(a, field.name), getattr(b, field.name), f"{name}.{field.name}")
    else:
        assert a == b, name


EXAMPLE = helpers.ROOT / "data" / "examples" / "mahdi_army_news_sample.csv"


def write_parquet_parts(table: pd.DataFrame, folder: Path, cuts) -> None:
    """``table`` as Parquet files in ``folder``, cut before the rows ``cuts`` names."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(exist_ok=True)
    for k, (first, last) in enumerate(zip([0, *cuts], [*cuts, len(table)])):
        part = pa.Table.from_pandas(table.iloc[first:last], preserve_index=False)
        pq.write_table(part, folder / f"part-{k:03d}.parquet")


@pytest.fixture(scope="session")
def example_parts(tmp_path_factory):
    """The example corpus (107 rows) as three Parquet files of 40, 1 and 66 rows."""
    folder = tmp_path_factory.mktemp("example") / "parts"
    write_parquet_parts(pd.read_csv(EXAMPLE), folder, [40, 41])
    return folder


def stop(process, seconds: float = 20) -> None:
    """End a server the test started: asked first, then killed if it does not stop."""
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
