"""Shared fixtures. The seed corpus is loaded once per session; it is read-only."""

import sys
from pathlib import Path

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
