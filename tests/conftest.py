"""Shared fixtures. The seed corpus is loaded once per session; it is read-only."""

import dataclasses
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import helpers  # noqa: E402


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
