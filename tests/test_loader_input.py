"""The loader on a user's own files: formats, encodings, and bad input with clear errors."""

import json
import os

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import helpers
from conflict_corpus import load
from conftest import write

# --- formats -----------------------------------------------------------------------------------


def test_crlf_and_bom_are_read_like_plain_utf8(tmp_path):
    path = write(
        tmp_path,
        "c.txt",
        b"\xef\xbb\xbfThe Mahdi Army is here today.\r\nA second line of text.\r\n",
    )
    corpus = helpers.load_corpus(path)
    assert corpus["text"].tolist() == ["The Mahdi Army is here today.", "A second line of text."]


def test_csv_keeps_metadata_columns_and_its_own_source(tmp_path):
    path = write(
        tmp_path,
        "c.csv",
        'text,source,date\n"Sadr, the cleric, spoke today.",AP,2007-08-29\n'
        "NA is not a missing value here at all,,2008-03-25\n",
    )
    corpus = helpers.load_corpus(path)
    assert corpus.columns.tolist() == helpers.CORPUS_COLUMNS + ["date", "date_precision"]
    assert corpus["text"].tolist() == [
        "Sadr, the cleric, spoke today.",
        "NA is not a missing value here at all",
    ]
    assert corpus.loc[0, "source"] == "AP" and pd.isna(corpus.loc[1, "source"])
    # The date column is read as dates (issue 16), with how precise each one is.
    assert corpus["date"].tolist() == [pd.Timestamp("2007-08-29"), pd.Timestamp("2008-03-25")]
    assert corpus["date_precision"].tolist() == ["day", "day"]


def test_tsv_jsonl_and_parquet_give_the_same_rows(tmp_path):
    texts = ["The truce held in Najaf last week.", "ECONOMIST: A headline about Basra"]
    tsv = write(
        tmp_path, "c.tsv", "text\tid\n" + "".join(f"{t}\t{i}\n" for i, t in enumerate(texts))
    )
    jsonl = write(
        tmp_path,
        "c.jsonl",
        "".join(json.dumps({"text": t, "id": i}) + "\n" for i, t in enumerate(texts)),
    )
    parquet = tmp_path / "c.parquet"
    pd.DataFrame({"text": texts, "id": [0, 1]}).to_parquet(parquet)
    for path in (tsv, jsonl, parquet):
        corpus = helpers.load_corpus(path)
        assert corpus["text"].tolist() == texts, path
        assert corpus["kind"].tolist() == ["sentence", "headline"], path
        assert corpus.loc[0, "headline"] == "A headline about Basra", path


def test_english_sentence_quoting_another_script_is_a_sentence(tmp_path):
    path = write(
        tmp_path,
        "c.txt",
        "The militia is called Jaish al-Mahdi (جيش المهدي) in Arabic.\n"
        "应用推荐\n"
        "Home | News | Iraq | Contact\n"
        "   \n"
        "Advertisement\n",
    )
    corpus = helpers.load_corpus(path)
    assert corpus["kind"].tolist() == ["sentence", "noise", "noise", "blank", "noise"]


def test_empty_file_gives_an_empty_frame_with_the_same_columns(tmp_path):
    for name in ("e.txt", "e.csv", "e.jsonl"):
        corpus = helpers.load_corpus(write(tmp_path, name, ""))
        assert corpus.empty and corpus.columns.tolist() == helpers.CORPUS_COLUMNS, name


# --- bad input ---------------------------------------------------------------------------------


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(helpers.CorpusError, match=r"nope\.txt: no such file"):
        helpers.load_corpus(tmp_path / "nope.txt")


def test_non_utf8_names_line_and_byte_and_how_to_convert(tmp_path):
    path = write(tmp_path, "latin1.txt", b"First line.\n" + "Caf\xe9 in Najaf.\n".encode("latin-1"))
    with pytest.raises(helpers.CorpusError) as err:
        helpers.load_corpus(path)
    message = str(err.value)
    assert "latin1.txt: line 2, byte 4" in message
    assert "e9" in message and "iconv" in message


def test_table_without_text_column_lists_its_columns(tmp_path):
    path = write(tmp_path, "c.csv", "sentence,date\nThe Mahdi Army,2007\n")
    with pytest.raises(
        helpers.CorpusError,
        match=r"c\.csv: the table has no 'text' column; "
        r"its columns are \['sentence', 'date'\]",
    ):
        helpers.load_corpus(path)


def test_bad_jsonl_line_is_named(tmp_path):
    path = write(tmp_path, "c.jsonl", '{"text": "ok"}\n{"text": broken}\n')
    with pytest.raises(helpers.CorpusError, match=r"c\.jsonl: line 2 is not valid JSON"):
        helpers.load_corpus(path)


def test_unsupported_suffix_lists_the_supported_ones(tmp_path):
    with pytest.raises(helpers.CorpusError, match=r"c\.docx: unsupported file type.*\.txt"):
        helpers.load_corpus(write(tmp_path, "c.docx", "x"))


def test_reserved_column_is_refused(tmp_path):
    with pytest.raises(helpers.CorpusError, match=r"c\.csv: column\(s\) \['kind'\]"):
        helpers.load_corpus(write(tmp_path, "c.csv", "text,kind\nA sentence here now,x\n"))


def test_edited_seed_copy_is_caught(tmp_path, monkeypatch):
    copy = write(tmp_path, "seed.txt", helpers.DEFAULT_CORPUS.read_text(encoding="utf-8") + " ")
    monkeypatch.setattr(load, "DEFAULT_CORPUS", copy)  # where the loader reads it
    with pytest.raises(helpers.CorpusError, match="Raw data is never edited"):
        helpers.load_corpus()


# --- properties --------------------------------------------------------------------------------

LINE = st.text(  # (a NUL byte is refused: it marks UTF-16 or binary data)
    st.characters(exclude_characters="\n\r\ufeff\x00", exclude_categories=("Cs",)), max_size=40
)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(LINE, max_size=15), crlf=st.booleans(), final_newline=st.booleans())
def test_rows_equal_lines_and_text_round_trips(tmp_path_factory, lines, crlf, final_newline):
    ending = "\r\n" if crlf else "\n"
    # An empty last line exists only if a newline ends it.
    final_newline = final_newline or (bool(lines) and lines[-1] == "")
    content = ending.join(lines) + (ending if lines and final_newline else "")
    path = tmp_path_factory.mktemp("prop") / "c.txt"
    path.write_bytes(content.encode("utf-8"))
    corpus = helpers.load_corpus(path)
    assert len(corpus) == len(lines)
    assert corpus["text"].tolist() == lines
    assert corpus["sentence_id"].tolist() == list(range(1, len(lines) + 1))
    assert set(corpus["kind"]) <= set(helpers.KINDS)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=200))
def test_random_bytes_give_the_loaders_error_or_one_row_per_line(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "c.txt"
    path.write_bytes(data)
    try:
        corpus = helpers.load_corpus(path)
    except helpers.CorpusError:
        return  # refused with the loader's own message
    text = data.decode("utf-8-sig")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    assert len(corpus) == len(lines)


# Typographic punctuation the fast check lets through (’ ‘ “ ” – — …), near misses that share
# its first UTF-8 bytes (‚ U+201A, € U+20AC, ‰ U+2030), and a no-break space.
MIXED = st.lists(
    st.sampled_from(
        list("ab Zq|:»-'1 \t") + ["ECONOMIST: ", "应", "جيش", "é", "Ṣ"] + list("’‘“”–—…‚€‰\u00a0")
    ),
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(MIXED, min_size=1, max_size=12))
def test_fast_classification_equals_the_rules_line_by_line(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("mixed") / "c.txt"
    path.write_bytes("\n".join(lines).encode("utf-8") + b"\n")
    corpus = helpers.load_corpus(path)
    tags = helpers.load_source_tags()
    assert corpus["kind"].tolist() == [load._classify(line, tags)[0] for line in lines]


def test_typographic_punctuation_takes_the_fast_path_and_agrees_with_the_rules():
    lines = [
        "Sadr\u2019s men \u2014 he said \u201cno\u201d\u2026 to the \u2018truce\u2019 \u2013 again",
        "\u201cSadr\u2019s\u201d",  # two words: noise, so it must be looked at
        "Najaf \u201a Kufa and Basra",  # U+201A is not in the fast set
        "Mahdi Army \u00bb News \u00bb World",
    ]  # » menus are still looked at
    tags = helpers.load_source_tags()
    assert load._suspects(lines).tolist() == [1, 2, 3]
    assert [load._classify(line, tags)[0] for line in lines] == [
        "sentence",
        "noise",
        "sentence",
        "noise",
    ]


def test_a_lone_surrogate_in_json_is_kept_and_matched_around(tmp_path):
    # Arrow holds only UTF-8, and "\ud800" is not: the table keeps Python objects instead of
    # failing, and the matchers and KWIC still read the row.
    path = tmp_path / "surrogate.jsonl"
    path.write_text(
        '{"text": "Muqtada al-Sadr \\ud800 spoke in Najaf today", "n": 1}\n'
        '{"text": "The Mahdi Army held Kufa again."}\n',
        encoding="utf-8",
    )
    corpus = helpers.load_corpus(path)
    assert corpus["text"].tolist() == [
        "Muqtada al-Sadr \ud800 spoke in Najaf today",
        "The Mahdi Army held Kufa again.",
    ]
    assert corpus["kind"].tolist() == ["sentence", "sentence"]
    mentions = helpers.find_entities(corpus)
    assert mentions["surface"].tolist() == ["Muqtada al-Sadr", "Najaf", "Mahdi Army", "Kufa"]
    texts = corpus.set_index("sentence_id")["text"]
    assert [
        texts[i][a:b]
        for i, a, b in mentions[["sentence_id", "start", "end"]].itertuples(index=False)
    ] == mentions["surface"].tolist()
    lines = helpers.kwic(corpus, "Najaf")
    assert lines[["left", "match", "right"]].values.tolist() == [
        ["Muqtada al-Sadr \ud800 spoke in", "Najaf", "today"]
    ]


@pytest.mark.parametrize(
    "content, message",
    [
        ("One sentence.\nTwo.\n".encode("utf-16"), r"is UTF-16 \(it starts with a UTF-16"),
        ("One sentence.\nTwo.\n".encode("utf-16-le"), r"line 1 holds a NUL byte"),
        (b"ok line\nbad \x00 line\n", r"line 2 holds a NUL byte"),
        (b"one line\rtwo line\rthree line\r", r"3 lines end with a lone carriage return"),
    ],
)
def test_bytes_that_would_load_as_wrong_rows_are_refused(tmp_path, content, message):
    with pytest.raises(helpers.CorpusError, match=message):
        helpers.load_corpus(write(tmp_path, "corpus.txt", content))
    # A table's bytes are checked the same way.
    with pytest.raises(helpers.CorpusError, match=message):
        helpers.load_corpus(write(tmp_path, "corpus.csv", content))


def test_crlf_and_a_stray_carriage_return_still_load(tmp_path):
    path = write(tmp_path, "corpus.txt", b"One whole sentence here.\r\nA second \r one.\r\n")
    assert helpers.load_corpus(path)["text"].tolist() == [
        "One whole sentence here.",
        "A second \r one.",
    ]


def test_a_ragged_first_row_is_an_error_not_an_index(tmp_path):
    path = write(tmp_path, "c.csv", "text,source\nA first sentence here,x,EXTRA\nB,y\n")
    with pytest.raises(
        helpers.CorpusError, match=r"c\.csv: line 2: 3 cells where the header has 2"
    ):
        helpers.load_corpus(path)


def test_blank_records_of_a_one_column_csv_are_kept_as_rows(tmp_path):
    path = write(tmp_path, "c.csv", "text\nOne whole sentence here.\n\n   \nAnother whole one.\n")
    corpus = helpers.load_corpus(path)
    assert corpus["text"].tolist() == ["One whole sentence here.", "", "   ", "Another whole one."]
    assert corpus["kind"].tolist() == ["sentence", "blank", "blank", "sentence"]


def test_a_tsv_keeps_its_quotes_byte_for_byte(tmp_path):
    line = '"We will not disarm," Sadr said in Najaf.'
    path = write(tmp_path, "c.tsv", f"text\tsource\n{line}\tAP\n")
    assert helpers.load_corpus(path)["text"].tolist() == [line]


def test_a_fifo_a_folder_and_an_unreadable_file_are_the_loaders_errors(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(helpers.CorpusError, match=r"pipe\.txt: is not a regular file"):
        helpers.load_corpus(fifo)  # (reading it would wait forever)
    folder = tmp_path / "gazetteer.csv"
    folder.mkdir()
    with pytest.raises(helpers.CorpusError, match=r"gazetteer\.csv: is a folder"):
        helpers.load_gazetteer(folder)


def test_a_stray_quote_is_an_error_naming_the_lines_not_a_merge(tmp_path):
    # Two stray quotes, at the start of line 3 and the end of line 5: without the check the
    # three lines become one row, silently.
    content = 'text\nOne whole sentence.\n"Sadr spoke\nThe army agreed.\nNo more"\nLast one.\n'
    path = write(tmp_path, "c.csv", content)
    with pytest.raises(helpers.CorpusError, match=r"c\.csv: lines 3-5 are one record"):
        helpers.load_corpus(path)
    # A table whose cells really hold line breaks says so, and keeps them.
    path = write(tmp_path, "m.csv", 'text\n"Line one\nline two"\nNext row.\n')
    assert helpers.load_corpus(path, multiline=True)["text"].tolist() == [
        "Line one\nline two",
        "Next row.",
    ]


def test_binary_and_number_cells_of_a_text_column_are_decoded(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "c.parquet"
    cells = pa.array([b"Sadr called for calm.", None, b"\xc3\xa9t\xc3\xa9"], type=pa.binary())
    pq.write_table(pa.table({"text": cells}), path)
    corpus = helpers.load_corpus(path)
    assert corpus["text"].tolist() == ["Sadr called for calm.", "", "été"]
    assert corpus["kind"].tolist()[1] == "blank"
    path = write(tmp_path, "c.jsonl", '{"text": "A sentence."}\n{"text": 3}\n{"text": 2.5}\n')
    assert helpers.load_corpus(path)["text"].tolist() == ["A sentence.", "3", "2.5"]


def test_list_cells_and_undecodable_bytes_are_refused_with_the_row(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "lists.parquet"
    pq.write_table(pa.table({"text": [["A sentence.", "Another."], ["Third one."]]}), path)
    with pytest.raises(helpers.CorpusError, match=r"lists\.parquet: row 1: .* holds a ndarray"):
        helpers.load_corpus(path)
    path = tmp_path / "bytes.parquet"
    pq.write_table(pa.table({"text": pa.array([b"ok", b"\xff\xfe"], type=pa.binary())}), path)
    with pytest.raises(helpers.CorpusError, match=r"bytes\.parquet: row 2: .* not UTF-8"):
        helpers.load_corpus(path)
    path = write(tmp_path, "c.jsonl", '{"text": "fine"}\n{"text": {"en": "nested"}}\n')
    with pytest.raises(helpers.CorpusError, match=r"c\.jsonl: row 2: .* holds a dict"):
        helpers.load_corpus(path)


CELL = st.text(alphabet=list('aS ,"\t\n\r;é“'), max_size=12)


@settings(max_examples=600, deadline=None)
@example(rows=[["\r"], ["", ""]], sep=",", written_by_csv=True)  # (a CI run's counterexample)
@given(
    rows=st.lists(st.lists(CELL, min_size=1, max_size=3), max_size=8),
    sep=st.sampled_from([",", "\t"]),
    written_by_csv=st.booleans(),
)
def test_random_tables_give_the_loaders_error_or_one_row_per_record(
    tmp_path_factory, rows, sep, written_by_csv
):
    import csv
    import io

    folder = tmp_path_factory.mktemp("tables")
    path = folder / ("c.csv" if sep == "," else "c.tsv")
    width = max([len(r) for r in rows] or [1])
    header = ["text"] + [f"m{k}" for k in range(1, width)]
    if written_by_csv and sep == ",":
        # A well-formed CSV (csv.writer quotes what needs it), possibly ragged.
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
        content = buffer.getvalue()
    else:
        # Cells pasted together as a careless export would: quotes, separators and line
        # breaks inside cells are not escaped.
        content = "\n".join(sep.join(r) for r in [header, *rows]) + "\n"
    path.write_bytes(content.encode("utf-8"))
    try:
        corpus = helpers.load_corpus(path)
    except helpers.CorpusError as error:
        assert str(error).startswith(str(path))  # the loader's own message, naming the file
        return
    if written_by_csv and sep == ",":
        # Every record is a row, in order, its text cell exactly as written.
        assert len(corpus) == len(rows)
        # (A carriage return just before a line's LF is a CRLF line end, as in a text file.)
        # (csv.writer quotes a cell holding a comma, a quote or a newline: then it is not.)
        quoted = [any(c in r[0] for c in ',"\n') for r in rows]
        crlf = [len(r) == 1 and r[0].endswith("\r") and not q for r, q in zip(rows, quoted)]
        expected = [r[0][:-1] if end else r[0] for r, end in zip(rows, crlf)]
        assert corpus["text"].tolist() == expected
        # A ragged table is never accepted. A lone unquoted carriage return is no short record:
        # csv.writer leaves it unquoted, so its line is empty (a CRLF end), a blank row.
        empty_line = [end and text == "" for end, text in zip(crlf, expected)]
        assert all(len(r) == width or empty for r, empty in zip(rows, empty_line))
        assert (corpus["kind"][empty_line] == "blank").all()
    else:
        # No record spans lines (that is refused), so every line after the header is a row.
        lines = content.split("\n")[1:-1]
        assert len(corpus) == len(lines)


def test_a_lone_carriage_return_inside_a_csv_cell_is_text_not_a_new_row(tmp_path):
    path = write(tmp_path, "c.csv", "text,source\nSadr spoke\rin Najaf.,AP\nNext one here.,AP\r\n")
    assert helpers.load_corpus(path)["text"].tolist() == ["Sadr spoke\rin Najaf.", "Next one here."]
