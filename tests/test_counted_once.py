"""A run counts its tables once (conflict_corpus/partitioned/store.py): a second call reads
what the first counted, exactly; any change of the corpus, a curated file, the code or the
options counts again; an entry that would not read back exactly is never kept."""

import shutil
import warnings

import pandas as pd
import pytest

import helpers
from conflict_corpus.partitioned import TableOptions, store
from conftest import assert_same

OPTIONS = TableOptions(group="source", period="year")


@pytest.fixture
def counted(monkeypatch):
    """The number of times the tables were counted (not read from the store)."""
    calls = []
    count = store.partitioned_tables

    def counting(*args, **kwargs):
        calls.append(args[0])
        return count(*args, **kwargs)

    monkeypatch.setattr(store, "partitioned_tables", counting)
    monkeypatch.delenv(store.STORE_VARIABLE, raising=False)
    return calls


def test_a_second_call_reads_the_tables_the_first_counted(tmp_path, counted):
    first = helpers.stored_tables(None, OPTIONS, out=tmp_path)
    again = helpers.stored_tables(None, OPTIONS, out=tmp_path)
    assert len(counted) == 1
    assert_same(first, again, "tables")
    # Every table of every notebook, read back with its dtypes, index and None cells.
    assert again.entity_frequency["entity"].iloc[0] == "Mahdi Army"
    assert again.sentences == 15 and again.rows == 18
    sources = again.sample[0]["source"]  # (the seed's sentences without a source: None)
    assert sources.dtype == object and sources.tolist()[:3] == [None, None, None]
    assert [p.name for p in (tmp_path / ".counts").iterdir()] == [
        store.store_key(helpers.DEFAULT_CORPUS, OPTIONS)
    ]


def test_a_changed_corpus_options_or_curated_file_is_counted_again(tmp_path, counted, monkeypatch):
    corpus = tmp_path / "corpus.txt"
    shutil.copy(helpers.DEFAULT_CORPUS, corpus)
    helpers.stored_tables(corpus, OPTIONS, out=tmp_path)
    helpers.stored_tables(corpus, OPTIONS, out=tmp_path)
    assert len(counted) == 1
    # One byte of the corpus, in place, same size and name.
    raw = bytearray(corpus.read_bytes())
    raw[raw.index(b"Sadr")] = ord(b"B")
    corpus.write_bytes(bytes(raw))
    changed = helpers.stored_tables(corpus, OPTIONS, out=tmp_path)
    assert len(counted) == 2
    # The options.
    helpers.stored_tables(corpus, TableOptions(group="source", period="month"), out=tmp_path)
    assert len(counted) == 3
    # A curated file (a copy of data/ with one more stopword).
    data = tmp_path / "data"
    shutil.copytree(helpers.DATA, data)
    with open(data / "stopwords_en.txt", "a", encoding="utf-8") as handle:
        handle.write("mahdi\n")
    monkeypatch.setattr(store, "curated_files", lambda: sorted(data.glob("*.*")))
    helpers.stored_tables(corpus, OPTIONS, out=tmp_path)
    assert len(counted) == 4
    # The store keeps the four entries used last.
    assert len(list((tmp_path / ".counts").iterdir())) == store.ENTRIES_KEPT
    assert changed.sentences == 15


def test_an_entry_that_would_not_read_back_exactly_is_not_kept(tmp_path, counted, monkeypatch):
    count = store.partitioned_tables

    def with_lists(*args, **kwargs):
        tables = count(*args, **kwargs)
        # A column of tuples (Parquet gives them back as lists, which pandas finds equal).
        tables.summary = tables.summary.assign(ids=[(1, 2)] * len(tables.summary))
        return tables

    monkeypatch.setattr(store, "partitioned_tables", with_lists)
    with pytest.warns(UserWarning, match="could not be stored.*summary"):
        tables = helpers.stored_tables(None, OPTIONS, out=tmp_path)
    assert tables.summary["ids"].tolist()[0] == (1, 2)
    assert not [p for p in (tmp_path / ".counts").iterdir() if not p.name.startswith(".")]
    assert list((tmp_path / ".counts").iterdir()) == []  # (no draft left either)


def test_empty_tables_dates_and_none_cells_read_back_as_they_were(tmp_path, counted):
    # The example corpus is dated (datetime64[s], which Parquet has no unit for); a corpus
    # that matches no search has tables with no column at all.
    example = helpers.ROOT / "data" / "examples" / "mahdi_army_news_sample.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        first = helpers.stored_tables(example, OPTIONS, out=tmp_path)
    again = helpers.stored_tables(example, OPTIONS, out=tmp_path)
    assert len(counted) == 1
    assert_same(first, again, "tables")
    assert str(again.dispersion["date"].dtype) == "datetime64[s]"
    assert isinstance(again.period_sizes, pd.DataFrame)
    plain = tmp_path / "plain.txt"
    plain.write_text("Nothing is named here.\n", encoding="utf-8")
    first = helpers.stored_tables(plain, OPTIONS, out=tmp_path)
    again = helpers.stored_tables(plain, OPTIONS, out=tmp_path)
    assert len(counted) == 2
    assert_same(first, again, "tables")
    assert isinstance(again.searches["arms"].table.columns, pd.RangeIndex)


def test_an_entry_that_cannot_be_read_is_counted_again(tmp_path, counted):
    helpers.stored_tables(None, OPTIONS, out=tmp_path)
    (entry,) = (tmp_path / ".counts").iterdir()
    (entry / "t0000.parquet").write_bytes(b"not Parquet")  # (cut short, or changed by hand)
    with pytest.warns(UserWarning, match="cannot be read.*counted again"):
        tables = helpers.stored_tables(None, OPTIONS, out=tmp_path)
    assert len(counted) == 2 and tables.sentences == 15
    again = helpers.stored_tables(None, OPTIONS, out=tmp_path)  # (written anew, and read)
    assert len(counted) == 2
    assert_same(tables, again, "tables")


def test_a_store_that_cannot_be_written_costs_only_the_count(tmp_path, counted):
    blocked = tmp_path / "out"
    blocked.write_text("a file where the output folder would be", encoding="utf-8")
    with pytest.warns(UserWarning, match="could not be stored"):
        tables = helpers.stored_tables(None, OPTIONS, out=blocked)
    assert tables.sentences == 15 and len(counted) == 1
