"""The loader on the seed corpus: the facts every notebook relies on."""

import hashlib

import pandas as pd

import helpers

ECONOMIST_BASRA = "Why Basra's Shias think their hidden imam will soon return"
ECONOMIST_MALIKI = "The prime minister, Nuri al-Maliki, is ever more embattled"


def test_seed_is_vendored_byte_for_byte():
    data = helpers.DEFAULT_CORPUS.read_bytes()
    assert len(data) == 2821
    assert hashlib.sha256(data).hexdigest() == (
        "181d44fcd2f9c02d0b5bb16089f3253e6f848d85406b8840592d8231e0cf9d1c"
    )


def test_one_row_per_line_with_the_documented_columns(corpus):
    assert list(corpus.columns) == helpers.CORPUS_COLUMNS
    assert len(corpus) == 18
    assert corpus["sentence_id"].tolist() == list(range(1, 19))


def test_text_is_unchanged(corpus):
    # The file has no trailing newline, so joining the rows gives it back exactly.
    raw = helpers.DEFAULT_CORPUS.read_text(encoding="utf-8")
    assert "\n".join(corpus["text"]) == raw


def test_rows_by_kind(corpus):
    assert corpus["kind"].value_counts().to_dict() == {"sentence": 15, "headline": 2, "noise": 1}
    by_kind = corpus.groupby("kind")["sentence_id"].apply(list).to_dict()
    assert by_kind["headline"] == [10, 14]
    assert by_kind["noise"] == [18]
    assert corpus.loc[17, "text"] == "应用推荐"


def test_headlines_name_their_source_and_title(corpus):
    row = corpus.set_index("sentence_id")
    assert row.loc[10, "source"] == "The Economist"
    assert row.loc[10, "headline"] == ECONOMIST_BASRA
    assert row.loc[14, "headline"] == ECONOMIST_MALIKI


def test_sentence_above_a_headline_inherits_it(corpus):
    row = corpus.set_index("sentence_id")
    assert (row.loc[9, "source"], row.loc[9, "headline"]) == ("The Economist", ECONOMIST_BASRA)
    assert (row.loc[13, "source"], row.loc[13, "headline"]) == ("The Economist", ECONOMIST_MALIKI)


def test_unknown_source_is_missing_not_empty(corpus):
    attributed = {9, 10, 13, 14}
    others = corpus[~corpus["sentence_id"].isin(attributed)]
    assert others["source"].isna().all() and others["headline"].isna().all()
    assert not (corpus["source"] == "").any()


def test_every_flagged_row_says_why(corpus):
    flagged = corpus[corpus["kind"] != "sentence"]
    assert flagged["reason"].notna().all()
    assert corpus.loc[corpus["kind"] == "sentence", "reason"].isna().all()
    assert "non-Latin" in corpus.loc[17, "reason"]


def test_corpus_summary_counts_every_row(corpus):
    summary = helpers.corpus_summary(corpus).set_index("kind")["rows"]
    assert summary.to_dict() == {"sentence": 15, "headline": 2, "noise": 1, "total": 18}


def test_sentences_are_the_fifteen_sentence_rows(sents):
    assert sents["sentence_id"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17]
    assert isinstance(sents, pd.DataFrame)
