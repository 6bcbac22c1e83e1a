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


def test_grouping_by_a_column_of_lists_is_refused(seed):
    sents = seed[0].assign(tags=[["a", "b"]] * len(seed[0]))
    with pytest.raises(ValueError, match=r"column 'tags' holds a list in row 0"):
        helpers.group_sizes(sents, "tags")


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ([1, 1], "sentence_id 1 names more than one row"),
        (["x", "y"], "sentence_id 'x' \\(row 0\\) is not a whole number"),
        ([1.7, 2.0], "sentence_id 1.7 \\(row 0\\) is not a whole number"),
    ],
)
def test_sentence_ids_that_would_merge_or_cut_rows_are_refused(ids, message):
    corpus = pd.DataFrame({"sentence_id": ids, "text": ["Sadr spoke.", "Sadr left."]})
    with pytest.raises(ValueError, match=message):
        helpers.find_entities(corpus)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("\ud800", "lone surrogate"),
        (r"caf\C", r"\\C \(any byte\)"),
        ("x*", "matches the empty string"),
    ],
)
def test_a_regular_expression_that_cannot_be_searched_is_refused(seed, query, message):
    with pytest.raises(ValueError, match=message):
        helpers.kwic(seed[0], query, regex=True)


def test_empty_matches_count_against_the_bound(seed, monkeypatch):
    from conflict_corpus import kwic

    monkeypatch.setattr(kwic, "MAX_REGEX_MATCHES", 50)
    with pytest.raises(ValueError, match="matches more than 50 times"):
        helpers.kwic(seed[0], r"\b", regex=True)  # word boundaries: empty, everywhere


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", "nests JSON arrays or objects"),
        ('{"text": "Sadr spoke in Kufa.", "n": ' + "9" * 5000 + "}", "a number too long"),
    ],
    ids=["nested", "digits"],
)
def test_a_json_line_too_deep_or_too_long_names_its_line(tmp_path, line, message):
    path = write(tmp_path, "c.jsonl", '{"text": "Sadr spoke in Kufa."}\n' + line + "\n")
    with pytest.raises(helpers.CorpusError, match=f"c.jsonl: line 2 .*{message}"):
        helpers.load_corpus(path)


def test_dates_outside_the_nanosecond_range_are_kept(tmp_path):
    path = write(
        tmp_path,
        "c.csv",
        "text,date\nHarold fell at Hastings.,1066-10-14\nA plan for later years.,2300\n",
    )
    corpus = helpers.load_corpus(path)
    assert [str(d.date()) for d in corpus["date"]] == ["1066-10-14", "2300-01-01"]
    assert corpus["date_precision"].tolist() == ["day", "year"]
    assert helpers.group_sizes(helpers.sentences(corpus), "year")["year"].tolist() == [
        "1066",
        "2300",
        "(no year)",
    ]


def test_a_tsv_quoted_by_pandas_reads_back_as_written(tmp_path):
    texts = ['He said "stop" now.', '"We will fight," he said.', "No quotes at all."]
    path = tmp_path / "c.tsv"
    pd.DataFrame({"text": texts}).to_csv(path, sep="\t", index=False)
    assert helpers.load_corpus(path)["text"].tolist() == texts
    raw = write(tmp_path, "raw.tsv", 'text\n"We will fight," he said.\n"Stop."\n')
    # Quotes a hand-written TSV holds are text: nothing is unquoted that was not quoted.
    assert helpers.load_corpus(raw)["text"].tolist() == ['"We will fight," he said.', '"Stop."']


def test_a_carriage_return_that_ends_the_file_is_kept(tmp_path):
    path = write(tmp_path, "c.txt", b"Sadr spoke in Kufa.\r\nThe truce held there.\r")
    assert helpers.load_corpus(path)["text"].tolist() == [
        "Sadr spoke in Kufa.",
        "The truce held there.\r",
    ]


def test_a_cell_holding_a_long_article_is_read(tmp_path):
    article = "The truce held in Najaf. " * 8_000  # 200 KB, past the csv module's 128 KB
    path = tmp_path / "c.csv"
    pd.DataFrame({"text": [article, "Short."]}).to_csv(path, index=False)
    assert helpers.load_corpus(path)["text"].str.len().tolist() == [len(article), 6]


def test_a_cell_spanning_lines_says_how_make_reads_it(tmp_path):
    path = write(tmp_path, "c.csv", 'text\n"Sadr spoke.\nHe left."\n')
    with pytest.raises(helpers.CorpusError, match="make UNIT=document"):
        helpers.load_corpus(path)


def test_the_lab_hook_leaves_a_kernelspec_written_by_hand():
    from conflict_corpus.lab import normalise_metadata, pre_save

    for metadata in ({"kernelspec": "python3"}, {"kernelspec": ["python3"]}):
        nb = {"metadata": dict(metadata)}
        normalise_metadata(nb)
        assert nb == {"metadata": metadata}
    model = {"type": "notebook", "content": {"metadata": "not a mapping"}}
    pre_save(model)
    assert model["content"] == {"metadata": "not a mapping"}


def test_an_integer_column_a_file_lacks_keeps_its_numbers(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    big = 9007199254740993  # 2**53 + 1: a float would make it 9007199254740992
    pq.write_table(
        pa.table({"text": ["Sadr spoke in Kufa."], "story": [big]}), tmp_path / "a.parquet"
    )
    pq.write_table(pa.table({"text": ["The truce held there."]}), tmp_path / "b.parquet")
    corpus = helpers.load_corpus(tmp_path)
    assert corpus["story"].iloc[0] == big and pd.isna(corpus["story"].iloc[1])
    assert str(corpus["story"].dtype) == "Int64"


def test_a_phrase_of_too_many_words_is_refused(seed):
    with pytest.raises(ValueError, match="the phrase has 101 words; a concordance looks for at"):
        helpers.kwic(seed[0], "word " * 101)
    with pytest.raises(ValueError, match="is 10,001 characters long"):
        helpers.kwic_count(seed[0], "a" * 10_001, regex=True)


def test_a_file_of_nul_bytes_is_refused_before_it_is_read_whole(tmp_path, monkeypatch):
    from conflict_corpus import load

    path = write(tmp_path, "big.txt", b"\0" * (1 << 20))

    def never(*args, **kwargs):
        raise AssertionError("the whole file was read")

    monkeypatch.setattr(load, "read_bytes", never)
    with pytest.raises(helpers.CorpusError, match=r"big\.txt: line 1 holds a NUL byte"):
        helpers.load_corpus(path)


def test_a_stray_quote_names_the_line_it_opens_on(tmp_path):
    path = write(tmp_path, "a.csv", 'text\nline one.\n"line two, stray.\nline three.\nline four.\n')
    with pytest.raises(
        helpers.CorpusError, match=r"a\.csv: line 3: a quote opened .* never closed"
    ):
        helpers.load_corpus(path, multiline=True)


def test_corpus_tables_of_a_table_that_is_not_a_corpus_names_what_it_lacks():
    table = pd.DataFrame({"sentence_id": [1], "text": ["Sadr spoke."], "kind": ["sentence"]})
    with pytest.raises(ValueError, match=r"corpus_tables: corpus lacks column\(s\) \['reason'"):
        helpers.corpus_tables(table)


def test_a_missing_text_in_a_table_of_ones_own_is_no_mention_and_no_crash():
    corpus = pd.DataFrame({"sentence_id": [1, 2], "text": ["Sadr called for a ceasefire.", None]})
    assert helpers.find_entities(corpus)["sentence_id"].tolist() == [1]
    assert helpers.find_frames(corpus)["sentence_id"].tolist() == [1]
    assert helpers.kwic(corpus, "ceasefire")["sentence_id"].tolist() == [1]
