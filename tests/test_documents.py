"""Articles in, sentences out: load_corpus(unit="document") splits each row (or text file) into
sentences with their offsets, keeps the document's columns, sets its dateline apart, and gives
the same sentence-level tables as the same sentences read one a line."""

import csv

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers
from conflict_corpus.partitioned import TableOptions, corpus_tables
from conftest import assert_same, write

ARTICLES = [
    {
        "outlet": "Reuters",
        "date": "2004-08-27",
        "title": "Sadr ends Najaf standoff",
        "text": "NAJAF, Iraq (Reuters) - Muqtada al-Sadr told his Mahdi Army fighters to stop "
        "fighting. U.S. officials welcomed the truce.\n\nBy evening, the shrine was quiet. "
        "Gen. Casey said the ceasefire held.",
    },
    {"outlet": "AP", "date": "", "title": "Empty", "text": ""},
    {
        "outlet": "The Economist",
        "date": "2008-03",
        "title": "Basra",
        "text": "By Jane Doe\nBASRA, Iraq - Mr Maliki sent troops to Basra. The Mahdi Army "
        "fought back. He left.",
    },
]


def articles_csv(tmp_path):
    path = tmp_path / "articles.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=["outlet", "date", "title", "text"])
        writer.writeheader()
        writer.writerows(ARTICLES)
    return path


def test_each_row_is_a_document_split_into_sentences_with_offsets(tmp_path):
    corpus = helpers.load_corpus(articles_csv(tmp_path), unit="document")
    assert corpus["sentence_id"].tolist() == list(range(1, 9))
    assert corpus["doc_id"].tolist() == [1, 1, 1, 1, 2, 3, 3, 3]
    assert corpus["sentence_in_doc"].tolist() == [1, 2, 3, 4, 1, 1, 2, 3]
    for row in corpus.itertuples():
        document = ARTICLES[row.doc_id - 1]["text"]
        assert document[row.start : row.end] == row.text
    assert corpus["text"].tolist()[:2] == [
        "Muqtada al-Sadr told his Mahdi Army fighters to stop fighting.",
        "U.S. officials welcomed the truce.",
    ]
    # The dateline and byline are the document's, not its first sentence's text.
    assert corpus["dateline"].tolist()[0] == "NAJAF, Iraq (Reuters) -"
    assert corpus.loc[corpus["doc_id"] == 3, "byline"].unique().tolist() == ["By Jane Doe"]
    # The empty document is one blank row: every input row is accounted for.
    assert corpus.loc[4, ["kind", "doc_id"]].tolist() == ["blank", 2]
    # A short sentence of an article is a sentence, not boilerplate.
    assert corpus["kind"].tolist() == ["sentence"] * 4 + ["blank"] + ["sentence"] * 3
    # Every column of the document is carried to each of its sentences.
    assert corpus["outlet"].tolist() == ["Reuters"] * 4 + ["AP"] + ["The Economist"] * 3
    assert str(corpus["date"].iloc[5].date()) == "2008-03-01"
    assert corpus["date_precision"].iloc[5] == "month"


def test_a_folder_of_text_files_is_a_corpus_of_documents(tmp_path):
    folder = tmp_path / "stories"
    folder.mkdir()
    write(folder, "a.txt", "BAGHDAD (AP) — The truce held. Fighters stayed home.\n")
    write(folder, "b.txt", "Sadr spoke in Kufa.\nHe called for calm.\n")
    corpus = helpers.load_corpus(folder, unit="document")
    assert corpus["text"].tolist() == [
        "The truce held.",
        "Fighters stayed home.",
        "Sadr spoke in Kufa.",
        "He called for calm.",
    ]
    assert corpus[["file", "doc_id"]].to_numpy().tolist() == [
        ["a.txt", 1],
        ["a.txt", 1],
        ["b.txt", 1],
        ["b.txt", 1],
    ]


SENTENCE_TABLES = (
    "entity_frequency",
    "entity_variants",
    "cooccurrence",
    "cooccurrence_pairs",
    "frame_summary",
    "frames_by_entity",
    "events",
    "word_frequency",
    "bigram_collocations",
    "collocates",
)


def _seed_sentences(tmp_path) -> list[str]:
    return helpers.sentences(helpers.load_corpus())["text"].tolist()


def _example_sentences(tmp_path) -> list[str]:
    # The sentences of the example articles, as the segmenter splits them.
    path = helpers.DATA / "examples" / "mahdi_army_articles.csv"
    return helpers.sentences(helpers.load_corpus(path, unit="document"))["text"].tolist()


def _generated_sentences(tmp_path) -> list[str]:
    # The sentence rows of 3,000 lines of the benchmark's generator.
    from generate_corpus import write_corpus

    path = write_corpus(3000, tmp_path / "generated.txt", seed=7)
    return helpers.sentences(helpers.load_corpus(path))["text"].tolist()


@pytest.mark.parametrize(
    "sentences_of",
    [_seed_sentences, _example_sentences, _generated_sentences],
    ids=["seed", "example_articles", "generated"],
)
def test_the_same_sentences_one_a_line_or_in_documents_give_the_same_tables(tmp_path, sentences_of):
    # The same sentences one a line, and joined into documents of 1, 2, ... 7 sentences in turn
    # (the document rule off: a corpus read a line at a time has no documents to apply it to).
    sents = sentences_of(tmp_path)
    lines = write(tmp_path, "lines.txt", "\n".join(sents) + "\n")
    cuts = [0]
    while cuts[-1] < len(sents):
        cuts.append(min(len(sents), cuts[-1] + 1 + len(cuts) % 7))
    documents = tmp_path / "documents.csv"
    texts = [" ".join(sents[a:b]) for a, b in zip(cuts, cuts[1:])]
    pd.DataFrame({"text": texts}).to_csv(documents, index=False)
    options = TableOptions(kwic_frames=(), document_rule=False)
    read = helpers.load_corpus(documents, unit="document")
    assert helpers.sentences(read)["text"].tolist() == sents
    one_a_line = corpus_tables(helpers.load_corpus(lines), options)
    in_documents = corpus_tables(read, options)
    assert in_documents.documents == len(texts)
    assert in_documents.sentences == one_a_line.sentences == len(sents)
    for name in SENTENCE_TABLES:
        assert_same(getattr(one_a_line, name), getattr(in_documents, name), name)


def test_a_unit_the_loader_does_not_know_is_refused():
    with pytest.raises(ValueError, match=r"unit must be one of \['line', 'document'\]"):
        helpers.load_corpus(unit="paragraph")


def test_a_column_the_loader_computes_for_documents_is_refused(tmp_path):
    path = write(tmp_path, "a.csv", "text,start\nSadr spoke. He left.,3\n")
    with pytest.raises(helpers.CorpusError, match=r"a\.csv: column\(s\) \['start'\]"):
        helpers.load_corpus(path, unit="document")


def test_a_table_s_own_dateline_is_set_apart_too(tmp_path):
    path = tmp_path / "a.csv"
    pd.DataFrame(
        {"text": ["Kufa, Friday: Sadr preached. Crowds listened."], "dateline": ["Kufa, Friday:"]}
    ).to_csv(path, index=False)
    corpus = helpers.load_corpus(path, unit="document")
    assert corpus["text"].tolist() == ["Sadr preached.", "Crowds listened."]
    assert corpus["dateline"].tolist() == ["Kufa, Friday:"] * 2


def test_the_findings_say_what_was_read_and_which_lines_hold_several_sentences(tmp_path):
    path = write(tmp_path, "c.txt", "Sadr spoke in Kufa. He called for calm.\nThe truce held.\n")
    lines = corpus_tables(helpers.load_corpus(path), TableOptions())
    assert lines.multi_sentence_rows == 1
    assert helpers.corpus_findings(str(path), lines).startswith(
        "- This run reads `c.txt`: **2** lines, **2** of them sentences; every line is a "
        "sentence. **1** of the lines holds more than one sentence, each counted here as one "
        'unit: read the corpus as documents (`unit="document"`, `make UNIT=document`) to '
        "split them."
    )
    documents = corpus_tables(
        helpers.load_corpus(path, unit="document"), TableOptions(unit="document")
    )
    assert helpers.corpus_findings(str(path), documents).startswith(
        "- This run reads `c.txt` as documents: **1** document split into **3** rows, **3** "
        "of them sentences; every row is a sentence."
    )


def _mentions_of(tmp_path, texts, **load):
    path = tmp_path / "docs.csv"
    pd.DataFrame({"text": texts}).to_csv(path, index=False)
    corpus = helpers.load_corpus(path, unit="document", **load)
    sents = helpers.sentences(corpus)
    found = helpers.find_entities(sents).merge(sents[["sentence_id", "doc_id"]], on="sentence_id")
    return found[found["surface"].str.contains("Sadr")][["doc_id", "surface", "entity"]]


def test_a_shared_family_name_names_whom_its_document_names_in_full_first(tmp_path):
    found = _mentions_of(
        tmp_path,
        [
            # The father introduced first: every bare al-Sadr is him, even after the son.
            "Grand Ayatollah Mohammad Sadiq al-Sadr led prayers in Kufa. Al-Sadr was killed in "
            "1999. His son Muqtada al-Sadr now speaks for the late al-Sadr.",
            # The son introduced first, the father named in passing: Sadr stays the son.
            "Muqtada al-Sadr is the son of Mohammad Sadiq al-Sadr. Mr Sadr declared a freeze.",
            # No one named in full: the gazetteer's choice (Muqtada al-Sadr).
            "Sadr spoke in Kufa on Friday.",
        ],
    )
    assert found.to_numpy().tolist() == [
        [1, "Mohammad Sadiq al-Sadr", "Mohammad Sadiq al-Sadr"],
        [1, "Al-Sadr", "Mohammad Sadiq al-Sadr"],
        [1, "Muqtada al-Sadr", "Muqtada al-Sadr"],
        [1, "al-Sadr", "Mohammad Sadiq al-Sadr"],
        [2, "Muqtada al-Sadr", "Muqtada al-Sadr"],
        [2, "Mohammad Sadiq al-Sadr", "Mohammad Sadiq al-Sadr"],
        [2, "Mr Sadr", "Muqtada al-Sadr"],
        [3, "Sadr", "Muqtada al-Sadr"],
    ]


def test_without_documents_or_with_the_rule_off_the_gazetteer_decides(tmp_path):
    text = "Grand Ayatollah Mohammad Sadiq al-Sadr led prayers. Al-Sadr was killed in 1999."
    lines = helpers.load_corpus(write(tmp_path, "lines.txt", text + "\n"))
    assert "Mohammad Sadiq al-Sadr" not in set(
        helpers.find_entities(lines).query("surface == 'Al-Sadr'")["entity"]
    )
    path = tmp_path / "docs.csv"
    pd.DataFrame({"text": [text]}).to_csv(path, index=False)
    sents = helpers.sentences(helpers.load_corpus(path, unit="document"))
    off = helpers.find_entities(sents, document_rule=False)
    assert off.loc[off["surface"] == "Al-Sadr", "entity"].tolist() == ["Muqtada al-Sadr"]


def test_the_example_articles_father_is_named_by_his_document(tmp_path):
    # A002 names Mohammad Sadiq al-Sadr in full first, then "al-Sadr" four times ("Al-Sadr was
    # shot", "al-Sadr defied", "al-Sadr gave them dignity", "the late al-Sadr").
    corpus = helpers.load_corpus(
        helpers.DATA / "examples" / "mahdi_army_articles.csv", unit="document"
    )
    sents = helpers.sentences(corpus)
    found = helpers.find_entities(sents).merge(sents[["sentence_id", "id"]], on="sentence_id")
    bare = found[(found["id"] == "A002") & (found["surface"].str.lower() == "al-sadr")]
    assert bare["entity"].tolist() == ["Mohammad Sadiq al-Sadr"] * 4


def test_a_shared_name_with_one_entity_names_its_line(tmp_path):
    path = write(tmp_path, "shared.csv", "alias,entities\nSadr,Muqtada al-Sadr\n")
    with pytest.raises(helpers.CorpusError, match=r"line 2: alias 'Sadr' names 1 entity"):
        helpers.load_shared_names(path)


def test_counts_by_document_as_an_option(tmp_path):
    path = tmp_path / "docs.csv"
    pd.DataFrame(
        {
            "text": [
                "The Mahdi Army held Najaf. Muqtada al-Sadr agreed to a truce.",
                "Muqtada al-Sadr spoke in Kufa about the Mahdi Army.",
                "Najaf was quiet.",
            ]
        }
    ).to_csv(path, index=False)
    corpus = helpers.load_corpus(path, unit="document")
    sents = helpers.sentences(corpus)
    mentions = helpers.find_entities(sents)
    by_sentence = helpers.cooccurrence(mentions)
    by_document = helpers.cooccurrence(helpers.per_document(mentions, corpus))
    # Named together in one sentence (document 2), and in two sentences of document 1.
    assert by_sentence.loc["Mahdi Army", "Muqtada al-Sadr"] == 1
    assert by_document.loc["Mahdi Army", "Muqtada al-Sadr"] == 2
    assert by_document.loc["Najaf", "Najaf"] == 2  # documents 1 and 3
    documents = helpers.document_rows(corpus)
    assert documents["sentence_id"].tolist() == [1, 2, 3] and len(sents) == 4
    frames = helpers.find_frames(sents)
    summary = helpers.frame_summary(helpers.per_document(frames, corpus), documents)
    assert summary.set_index("frame").loc["ceasefire", ["sentences", "share"]].tolist() == [
        1,
        round(1 / 3, 3),
    ]


def test_a_ten_megabyte_document_without_sentence_punctuation_is_one_sentence(tmp_path):
    # Nothing in it ends a sentence, so it is one, kept whole with its offsets; the rules read
    # it once (about a second and 290 MB for the whole process here: benchmarks/README.md).
    text = "the militia held the city " * 400_000
    corpus = helpers.load_corpus(write(tmp_path, "long.txt", text), unit="document")
    assert len(corpus) == 1
    row = corpus.iloc[0]
    assert (row["kind"], row["doc_id"], row["start"], row["end"]) == (
        "sentence",
        1,
        0,
        len(text) - 1,
    )
    assert row["text"] == text[:-1]  # (the trailing space is the only thing left out)


_PIECES = st.sampled_from(
    [
        "The",
        "Mr.",
        "U.S.",
        "U.S.-led",
        "al-Sadr's",
        "Gen.",
        "He",
        "3.5",
        "a.m.",
        "said",
        '"We',
        "truce.",
        "fought!",
        "why?",
        "...",
        "NAJAF, Iraq (Reuters) -",
        "By Jane Doe\n",
        "\n\n",
        "(AP)",
        "—",
        "Shi'ite",
        "Sept.",
        "Jan. 5.",
        "x",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(_PIECES, max_size=25).map(" ".join), min_size=1, max_size=6))
def test_each_sentence_is_its_document_between_its_offsets(tmp_path, texts):
    path = tmp_path / "docs.csv"
    pd.DataFrame({"text": texts}).to_csv(path, index=False)
    corpus = helpers.load_corpus(path, unit="document")
    # Every document is read: at least one row each, in order, numbered from 1.
    assert corpus["doc_id"].drop_duplicates().tolist() == list(range(1, len(texts) + 1))
    for doc_id, rows in corpus.groupby("doc_id"):
        document = texts[doc_id - 1]
        assert rows["sentence_in_doc"].tolist() == list(range(1, len(rows) + 1))
        ends = 0
        for row in rows.itertuples():
            if row.kind == "blank":
                continue
            # The sentence is its document between its offsets, after the last one.
            assert document[row.start : row.end] == row.text
            assert row.start >= ends
            ends = row.end


def test_groups_of_articles_are_compared_by_documents_too(tmp_path):
    path = tmp_path / "docs.csv"
    pd.DataFrame(
        {
            "outlet": ["Reuters", "Reuters", "AP"],
            "text": [
                "Muqtada al-Sadr declared a ceasefire. Muqtada al-Sadr spoke again.",
                "The Mahdi Army stayed in Najaf.",
                "Muqtada al-Sadr agreed to a truce.",
            ],
        }
    ).to_csv(path, index=False)
    options = TableOptions(unit="document", group="outlet")
    tables = corpus_tables(helpers.load_corpus(path, unit="document"), options)
    found = tables.by_documents
    # (The unknown group is listed even when empty, as in the sentence counts.)
    assert found["sizes"].to_numpy().tolist() == [["Reuters", 2], ["AP", 1], ["(no outlet)", 0]]
    rates = helpers.rate_table(
        found["frames"], "outlet", "frame", found["sizes"], unit="documents"
    ).set_index("outlet")
    # A ceasefire in one of Reuters' two documents, in AP's one.
    assert rates.loc["Reuters", ["ceasefire", "ceasefire per 1,000"]].tolist() == [1, 500.0]
    assert rates.loc["AP", ["ceasefire", "ceasefire per 1,000"]].tolist() == [1, 1000.0]
    # Reuters (the largest group) against the rest, each entity once per document: Muqtada
    # al-Sadr in one Reuters document (named twice in it) and in AP's; Reuters' documents name
    # 3 entities (Muqtada al-Sadr; Mahdi Army and Najaf), AP's 1.
    entities = found["keyness"]["entities"].set_index("item")
    cells = ["count", "count_reference", "total", "total_reference"]
    assert entities.loc["Muqtada al-Sadr", cells].tolist() == [1, 1, 3, 1]
    # By sentences, his two mentions in the first document count twice.
    assert tables.keyness["entities"].set_index("item").loc["Muqtada al-Sadr", cells].tolist() == [
        2, 1, 4, 1
    ]  # fmt: skip
    assert "Counted by documents: the 3 documents fall in 2 groups" in helpers.documents_sentence(
        tables, "outlet"
    )
    # A corpus read a line at a time has no comparison by documents of its own.
    assert corpus_tables(helpers.load_corpus(path), TableOptions(group="outlet")).by_documents == {}
