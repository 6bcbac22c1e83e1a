"""Hostile and careless input, second round: each case gives the right result or an error that
names the argument, the file or the line, and the fix; none runs without bound or crashes raw."""

import os

import pandas as pd
import pytest

import helpers
import run_notebooks
from conftest import write


@pytest.fixture(scope="module")
def seed():
    corpus = helpers.load_corpus()
    sents = helpers.sentences(corpus)
    return sents, helpers.find_entities(sents), helpers.find_frames(sents)


@pytest.mark.parametrize("kind", ["missing", "folder", "fifo"])
@pytest.mark.parametrize("finder", ["entities", "frames"])
def test_a_curated_file_that_is_not_a_file_is_named(tmp_path, seed, kind, finder):
    path = tmp_path / "table.csv"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)  # reading it would wait for ever: it is never opened
    sents = seed[0]
    with pytest.raises(helpers.CorpusError, match=r"table\.csv.*(no such file|is a folder|FIFO)"):
        if finder == "entities":
            helpers.find_entities(sents, gazetteer=path)
        else:
            helpers.find_frames(sents, lexicon=path)


@pytest.mark.parametrize("gazetteer", [42, 3.5, ["data/gazetteer.csv"]])
def test_a_gazetteer_of_another_type_is_refused(seed, gazetteer):
    with pytest.raises(TypeError, match="gazetteer must be a table"):
        helpers.find_entities(seed[0], gazetteer=gazetteer)


def test_a_gazetteer_table_without_its_columns_is_refused(seed):
    with pytest.raises(ValueError, match=r"gazetteer lacks.*alias"):
        helpers.find_entities(seed[0], gazetteer=pd.DataFrame({"entity": ["X"], "type": ["P"]}))


def test_a_gazetteer_rewritten_with_the_same_time_is_read_again(tmp_path, seed):
    rows = "entity,type,alias\nMahdi Army,ARMED_GROUP,Mahdi Army\n"
    path = write(tmp_path, "g.csv", rows)
    first = helpers.find_entities(seed[0], gazetteer=path)
    stat = path.stat()
    path.write_text(rows.replace("Mahdi Army,ARMED_GROUP,Mahdi Army", "Najaf,PLACE,Najaf"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same modification time
    second = helpers.find_entities(seed[0], gazetteer=path)
    assert set(first["entity"]) == {"Mahdi Army"} and set(second["entity"]) == {"Najaf"}


@pytest.mark.parametrize(
    ("start", "end"), [(5, 2), (-1, 3), (None, 3)], ids=["reversed", "negative", "missing"]
)
def test_a_span_that_is_not_a_span_is_refused(seed, start, end):
    spans = pd.DataFrame({"sentence_id": [1], "start": [start], "end": [end]})
    with pytest.raises(ValueError, match=r"in_context: span 0 \(sentence_id 1\)"):
        helpers.in_context(seed[0], spans)


def test_collocates_sorted_by_a_measure_that_does_not_exist_is_refused(seed):
    with pytest.raises(ValueError, match=r"sort_by='bogus': choose one of"):
        helpers.collocates(seed[0], seed[1], sort_by="bogus")


def test_keyness_of_a_group_against_itself_is_refused(seed):
    sents, mentions, frames = seed
    with pytest.raises(ValueError, match="reference='The Economist' is the target"):
        helpers.entity_keyness(mentions, sents, "source", "The Economist", "The Economist")
    groups = sents.set_index("sentence_id")["source"]
    with pytest.raises(ValueError, match="is the target"):
        helpers.keyness(frames, groups, "The Economist", "The Economist", column="frame")


def test_keyness_of_a_group_that_holds_every_sentence_is_refused(seed):
    sents, mentions, _ = seed
    one_group = sents.assign(outlet="AP")
    with pytest.raises(ValueError, match="the reference side has no sentence"):
        helpers.entity_keyness(mentions, one_group, "outlet", "AP")
    with pytest.raises(ValueError, match="the target side has no sentence"):
        helpers.word_keyness(one_group, "outlet", "(no outlet)")


def test_dispersion_of_one_item_named_as_a_string(seed):
    sents, mentions, _ = seed
    one = helpers.dispersion(mentions, sents, "entity", "Mahdi Army")
    assert one["item"].unique().tolist() == ["Mahdi Army"] and len(one) == 16


def test_a_dispersion_summary_of_points_from_another_corpus_is_refused(seed):
    sents, mentions, _ = seed
    points = helpers.dispersion(mentions, sents, "entity", ["Mahdi Army"])
    with pytest.raises(ValueError, match=r"placed up to position 15, and the corpus has 0 rows"):
        helpers.dispersion_summary(points, sents.head(0))


def test_an_empty_path_is_refused_instead_of_reading_the_current_folder():
    with pytest.raises(helpers.CorpusError, match="the path is empty"):
        helpers.load_corpus("")


@pytest.mark.parametrize("linked", ["notebooks", "figures", "tables"])
def test_out_whose_folders_link_into_the_project_is_refused(tmp_path, linked):
    out = tmp_path / "out"
    out.mkdir()
    (out / linked).symlink_to(run_notebooks.ROOT / linked)
    with pytest.raises(SystemExit, match=f"{linked}/ or inside it"):
        run_notebooks.check_out(str(out))
