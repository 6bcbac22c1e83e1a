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
