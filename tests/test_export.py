"""The tables as data (conflict_corpus/export.py): every table a notebook reads is written as
CSV, and the committed files hold the numbers the notebooks print."""

import io

import pandas as pd
import pytest

import helpers
from conflict_corpus.partitioned import TableOptions, corpus_tables

TABLES = helpers.ROOT / "tables"


def read(notebook: str, name: str) -> pd.DataFrame:
    return pd.read_csv(TABLES / notebook / f"{name}.csv", keep_default_na=False)


def test_the_committed_entity_table_holds_notebook_02s_numbers():
    table = read("02_entities", "entity_frequency")
    assert len(table) == 17
    top = table.iloc[:3][["entity", "mentions", "sentences"]].to_numpy().tolist()
    # Counted by hand in data/raw/: "Mahdi Army" twice in line 17, once in 14 other sentences;
    # Muqtada al-Sadr in lines 1, 5, 7, 8, 11, 15 and 16 (Sadr City and the Sadrists are not
    # him); Shia, Shias' and Shiite nine times in lines 1, 7, 8, 9, 15 and 16.
    assert top == [["Mahdi Army", 16, 15], ["Muqtada al-Sadr", 7, 7], ["Shia", 9, 6]]
    spellings = read("02_entities", "entity_variants")
    sadr = spellings[spellings["entity"] == "Muqtada al-Sadr"]
    assert sorted(sadr["surface"]) == [
        "Moqtada al-Sadr",
        "Mr Sadr",
        "Muqtada al-Sadr",
        "Muqtada el-Sadr",
    ]
    assert sadr["count"].sum() == 7


def test_the_committed_tables_equal_the_tables_counted_in_memory(corpus):
    # Notebook 03's pairs and notebook 04's frames, as the tables behind them count them.
    tables = corpus_tables(corpus, TableOptions(kwic_frames=()))
    pairs = read("03_cooccurrence", "cooccurrence_pairs")
    expected = tables.cooccurrence_pairs
    assert pairs[["entity_a", "entity_b", "count"]].to_numpy().tolist() == (
        expected[["entity_a", "entity_b", "count"]].to_numpy().tolist()
    )
    assert pairs["p_value"].tolist() == pytest.approx(expected["p_value"].tolist(), rel=1e-15)
    frames = read("04_wording", "frame_summary").set_index("frame")
    # Ceasefire: lines 1, 4, 15 ("stop attacking") and 16 ("ended the uprising"). Disarmament:
    # line 3 twice ("lays down its arms", "lays their guns"), 6 ("disbanded"), 13 ("put away
    # their guns").
    assert frames.loc["ceasefire", ["matches", "sentences", "where"]].tolist() == [
        4,
        4,
        "1, 4, 15, 16",
    ]
    assert frames.loc["disarmament", ["matches", "sentences", "where"]].tolist() == [
        4,
        3,
        "3, 6, 13",
    ]
    counts = read("01_corpus", "counts").set_index("count")["value"]
    assert counts[["rows", "sentences"]].tolist() == ["18", "15"]


def test_a_keyed_table_is_one_long_file_and_no_corpus_text_names_a_file(tmp_path):
    hostile = "../../<img src=x onerror=alert(1)>"
    text = f"The ceasefire held in {hostile} while the Mahdi Army kept its arms.\n"
    path = tmp_path / "c.txt"
    path.write_text(text, encoding="utf-8")
    tables = corpus_tables(helpers.load_corpus(path), TableOptions())
    helpers.write_tables(tables, "probe", tmp_path / "out")
    folder = tmp_path / "out" / "tables" / "probe"
    assert sorted(p.parent for p in (tmp_path / "out").rglob("*.csv")) == [folder] * len(
        list(folder.glob("*.csv"))
    )
    kwic = pd.read_csv(folder / "kwic.csv", keep_default_na=False)
    # (the ceasefire, and the arms kept: a disarmament refused)
    assert kwic.columns[0] == "frame" and kwic["match"].tolist() == ["ceasefire", "kept its arms"]
    assert hostile in kwic["right"].iloc[0]
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "| `kwic.csv` |" in readme and "`stance`" in readme


def test_a_run_with_fewer_tables_leaves_no_file_of_the_last(tmp_path, corpus):
    helpers.write_tables(corpus_tables(corpus, TableOptions(group="source")), "n", tmp_path)
    assert (tmp_path / "tables" / "n" / "keyness.csv").exists()
    helpers.write_tables(corpus_tables(corpus, TableOptions()), "n", tmp_path)
    assert not (tmp_path / "tables" / "n" / "keyness.csv").exists()


def test_cells_are_written_as_a_reader_reads_them():
    table = pd.DataFrame(
        {"ids": [[3, 7, 9], []], "codes": [frozenset({"190", "0871"}), None], "x": [0.5, None]}
    )
    assert helpers.csv_bytes(table).decode() == "ids,codes,x\n3; 7; 9,0871; 190,0.5\n,,\n"
    assert pd.read_csv(io.BytesIO(helpers.csv_bytes(table))).shape == (2, 3)


@pytest.mark.parametrize("name", ["../x", "a/b", "", "é"])
def test_a_notebook_name_is_a_plain_folder_name(tmp_path, corpus, name):
    with pytest.raises(ValueError, match="use letters"):
        helpers.write_tables(corpus_tables(corpus, TableOptions()), name, tmp_path)
