"""Issue 16: dates, groups, counts by group with rates per 1,000, keyness of words, entities
and frames, and dispersion, on small corpora whose numbers are worked out by hand here."""

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import helpers

# Five sentences: two from AP (a day, a month), two from Reuters (a day, a year), one with
# neither source nor date.
CSV = (
    "text,source,date\n"
    "The Mahdi Army declared a ceasefire in Najaf.,AP,2007-08-29\n"
    "Muqtada al-Sadr froze the Mahdi Army for six months.,AP,2007-08\n"
    "The ceasefire held in Basra and Najaf.,Reuters,2008-03-25\n"
    "Nouri al-Maliki ordered the militias to disarm.,Reuters,2008\n"
    "Fighting continued in Sadr City all week.,,\n"
)


@pytest.fixture()
def corpus(tmp_path):
    path = tmp_path / "five.csv"
    path.write_text(CSV, encoding="utf-8")
    return helpers.load_corpus(path)


TEXTS = [line.rsplit(",", 2)[0] for line in CSV.splitlines()[1:]]


def _spans(rows, columns):
    """A hand-written table of spans: (sentence id, ..., the words) -> start and end found in
    the sentence's text."""
    table = pd.DataFrame(rows, columns=[*columns, "surface"])
    table["start"] = [TEXTS[i - 1].find(s) for i, s in zip(table["sentence_id"], table["surface"])]
    table["end"] = table["start"] + table["surface"].str.len()
    return table


def _mentions():
    # Written from the texts above (the gazetteer's names), not from find_entities; the
    # second Mahdi Army mention of sentence 2 is "Army", as if the text had said it twice.
    rows = [
        (1, "Mahdi Army", "ARMED_GROUP", "Mahdi Army"),
        (1, "Najaf", "PLACE", "Najaf"),
        (2, "Muqtada al-Sadr", "PERSON", "Muqtada al-Sadr"),
        (2, "Mahdi Army", "ARMED_GROUP", "Mahdi Army"),
        (2, "Mahdi Army", "ARMED_GROUP", "Army"),
        (3, "Najaf", "PLACE", "Najaf"),
        (4, "Nouri al-Maliki", "PERSON", "Nouri al-Maliki"),
        (5, "Sadr City", "PLACE", "Sadr City"),
    ]
    return _spans(rows, ["sentence_id", "entity", "type"])


def _frames():
    rows = [(1, "ceasefire", "0871", "ceasefire"), (2, "ceasefire", None, "froze")]
    rows += [(3, "ceasefire", None, "ceasefire"), (4, "disarmament", None, "disarm")]
    frames = _spans(rows, ["sentence_id", "frame", "cameo"])
    return frames.assign(stance=None)


# Dates ---------------------------------------------------------------------------------------


def test_dates_are_read_with_their_precision(corpus):
    assert corpus["date"].tolist()[:4] == [
        pd.Timestamp("2007-08-29"),
        pd.Timestamp("2007-08-01"),
        pd.Timestamp("2008-03-25"),
        pd.Timestamp("2008-01-01"),
    ]
    assert pd.isna(corpus["date"].iloc[4])
    assert corpus["date_precision"].tolist() == ["day", "month", "day", "year", None]
    dates, precision = helpers.parse_dates(
        pd.Series(["2008-03-29T23:30:00+03:00", 2007, "  2004 ", None, float("nan")])
    )
    assert dates.tolist()[:3] == [
        pd.Timestamp("2008-03-29 20:30"),  # an offset is converted to UTC
        pd.Timestamp("2007-01-01"),
        pd.Timestamp("2004-01-01"),
    ]
    assert precision.tolist() == ["day", "year", "year", None, None]


@pytest.mark.parametrize(
    "suffix, content, where",
    [
        (".csv", "text,date\nA sentence about Najaf.,2007-08-29\nAnother one here.,30/08/2007\n",
         "line 3"),
        (".csv", 'text,date\n"A cell\nover two lines.",2007\nAnother one here.,2007-13\n',
         "line 4"),
        (".jsonl", '{"text": "A sentence here.", "date": "2007"}\n'
         '{"text": "Another one here.", "date": "2007-02-30"}\n', "line 2"),
    ],
)  # fmt: skip
def test_a_date_that_cannot_be_read_names_the_line_and_the_forms(tmp_path, suffix, content, where):
    path = tmp_path / f"bad{suffix}"
    path.write_text(content, encoding="utf-8")
    multiline = "\n" in content.split('"')[1] if '"' in content and suffix == ".csv" else False
    options = {"multiline": True} if multiline else {}
    with pytest.raises(helpers.CorpusError, match=f"bad{suffix}: {where}: the date") as err:
        helpers.load_corpus(path, **options)
    assert "2007-08-30, 2007-08 or 2007" in str(err.value)


def test_parquet_dates_timestamps_and_a_bad_row(tmp_path):
    good = tmp_path / "good.parquet"
    pd.DataFrame(
        {
            "text": ["A sentence about Najaf.", "Another one here."],
            "date": pd.to_datetime(["2007-08-29", None]),
        }
    ).to_parquet(good)
    loaded = helpers.load_corpus(good)
    assert loaded["date"].iloc[0] == pd.Timestamp("2007-08-29")
    assert loaded["date_precision"].tolist() == ["day", None]
    bad = tmp_path / "bad.parquet"
    pd.DataFrame(
        {"text": ["One two three.", "Four five six."], "date": ["2007", "soon"]}
    ).to_parquet(bad)
    with pytest.raises(helpers.CorpusError, match="bad.parquet: row 2: the date 'soon'"):
        helpers.load_corpus(bad)


def test_date_precision_is_the_loaders_column(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("text,date,date_precision\nOne two three.,2007,year\n", encoding="utf-8")
    with pytest.raises(helpers.CorpusError, match="'date_precision' is computed by the loader"):
        helpers.load_corpus(path)


# Groups --------------------------------------------------------------------------------------


def test_groups_by_column_and_by_period(corpus):
    def labels(by):
        return helpers.group_labels(corpus, by).astype(str).tolist()

    assert labels("source") == ["AP", "AP", "Reuters", "Reuters", "(no source)"]
    assert labels("year") == ["2007", "2007", "2008", "2008", "(no year)"]
    assert labels("quarter") == ["2007 Q3", "2007 Q3", "2008 Q1", "(no quarter)", "(no quarter)"]
    # "2007-08" has a month but no day; "2008" has neither.
    assert labels("month") == ["2007-08", "2007-08", "2008-03", "(no month)", "(no month)"]
    assert labels("day") == ["2007-08-29", "(no day)", "2008-03-25", "(no day)", "(no day)"]
    sizes = helpers.group_sizes(corpus, "month")
    assert sizes.values.tolist() == [["2007-08", 2], ["2008-03", 1], ["(no month)", 2]]
    with pytest.raises(ValueError, match="the corpus has no column 'outlet'"):
        helpers.group_labels(corpus, "outlet")
    with pytest.raises(ValueError, match="has none"):
        helpers.group_labels(corpus.drop(columns=["date", "date_precision"]), "year")


def test_seed_groups_are_its_headline_sources():
    sents = helpers.sentences(helpers.load_corpus())
    sizes = helpers.group_sizes(sents, "source")
    # Lines 9 and 13 are followed by an ECONOMIST: headline line; no other sentence has one.
    assert sizes.values.tolist() == [["The Economist", 2], ["(no source)", 13]]
    assert helpers.target_group(sizes, "source") == "The Economist"


def test_entity_frequency_by_source(corpus):
    table = helpers.entity_frequency(_mentions(), corpus, by="source")
    got = table[["source", "group_sentences", "entity", "mentions", "sentences", "variants"]]
    assert got.values.tolist() == [
        ["AP", 2, "Mahdi Army", 3, 2, 2],
        ["AP", 2, "Muqtada al-Sadr", 1, 1, 1],
        ["AP", 2, "Najaf", 1, 1, 1],
        ["Reuters", 2, "Najaf", 1, 1, 1],
        ["Reuters", 2, "Nouri al-Maliki", 1, 1, 1],
        ["(no source)", 1, "Sadr City", 1, 1, 1],
    ]
    # Per 1,000 sentences of the group: 2 of 2 is 1,000; 1 of 2 is 500; 1 of 1 is 1,000.
    assert table["per_1000"].tolist() == [1000.0, 500.0, 500.0, 500.0, 500.0, 1000.0]
    whole = helpers.entity_frequency(_mentions(), corpus)
    assert table.groupby("entity")["mentions"].sum().to_dict() == dict(
        zip(whole["entity"], whole["mentions"])
    )


def test_frames_and_frames_by_entity_by_year(corpus):
    summary = helpers.frame_summary(_frames(), corpus, by="year")
    got = summary[["year", "group_sentences", "frame", "sentences", "per_1000"]]
    # 2007: sentences 1 and 2 use ceasefire; 2008: sentence 3 ceasefire, sentence 4 disarm;
    # the undated sentence 5 uses no frame, so its group has no row.
    assert got.values.tolist() == [
        ["2007", 2, "ceasefire", 2, 1000.0],
        ["2008", 2, "ceasefire", 1, 500.0],
        ["2008", 2, "disarmament", 1, 500.0],
    ]
    by_entity = helpers.frames_by_entity(_frames(), _mentions(), by="year", corpus=corpus)
    assert by_entity[["year", "entity", "frame", "sentences"]].values.tolist() == [
        ["2007", "Mahdi Army", "ceasefire", 2],
        ["2007", "Muqtada al-Sadr", "ceasefire", 1],
        ["2007", "Najaf", "ceasefire", 1],
        ["2008", "Najaf", "ceasefire", 1],
        ["2008", "Nouri al-Maliki", "disarmament", 1],
    ]
    rates = helpers.rate_table(summary, "year", "frame", helpers.group_sizes(corpus, "year"))
    assert rates.columns.tolist() == [
        "year", "sentences", "ceasefire", "ceasefire per 1,000", "disarmament",
        "disarmament per 1,000",
    ]  # fmt: skip
    assert rates.values.tolist() == [
        ["2007", 2, 2, 1000.0, 0, 0.0],
        ["2008", 2, 1, 500.0, 1, 500.0],
        ["(no year)", 1, 0, 0.0, 0, 0.0],
    ]


def test_cooccurrence_by_source(corpus):
    long = helpers.cooccurrence(_mentions(), by="source", corpus=corpus)
    assert long[["source", "entity_a", "entity_b", "sentences", "per_1000"]].values.tolist() == [
        ["AP", "Mahdi Army", "Muqtada al-Sadr", 1, 500.0],
        ["AP", "Mahdi Army", "Najaf", 1, 500.0],
    ]
    pairs = helpers.cooccurrence_pairs(_mentions(), corpus, by="source")
    first = pairs.iloc[0]
    # Within AP (n = 2): Mahdi Army in both sentences, each partner in one; expected 2*1/2 = 1.
    assert [first["count"], first["count_a"], first["count_b"], first["n"]] == [1, 2, 1, 2]
    assert first["expected"] == 1.0 and first["per_1000"] == 500.0
    with pytest.raises(ValueError, match="by= needs corpus="):
        helpers.cooccurrence(_mentions(), by="source")


# Keyness -------------------------------------------------------------------------------------


def test_entity_keyness_against_the_rest_by_hand(corpus):
    table = helpers.entity_keyness(_mentions(), corpus, "source", "AP").set_index("item")
    # AP: Mahdi Army 3, Muqtada al-Sadr 1, Najaf 1 (5 mentions); the rest, Reuters and the
    # sentence with no source: Najaf, Nouri al-Maliki, Sadr City (3).
    row = table.loc["Mahdi Army"]
    assert [row["count"], row["count_reference"], row["total"], row["total_reference"]] == [
        3, 0, 5, 3
    ]  # fmt: skip
    assert row["expected"] == pytest.approx(3 * 5 / 8)
    # G² = 2 (3 ln(3/1.875) + 2 ln(2/3.125) + 0 + 3 ln(3/1.875)) = 3.8548952 (by hand).
    assert row["llr"] == pytest.approx(3.8548952, abs=1e-6)
    # P(X >= 3), X hypergeometric (8 mentions, 3 of Mahdi Army, 5 drawn) = C(5,2)/C(8,5) =
    # 10/56, doubled.
    assert row["p_value"] == pytest.approx(20 / 56)
    assert row["p_value"] == pytest.approx(
        2 * stats.fisher_exact([[3, 2], [0, 3]], alternative="greater").pvalue
    )
    assert row["log_ratio"] == pytest.approx(math.log2((3 / 5) / (0.5 / 3)))
    named = helpers.entity_keyness(_mentions(), corpus, "source", "AP", reference="Reuters")
    assert named["total_reference"].iloc[0] == 2
    with pytest.raises(ValueError, match="target='AFP' is not a group of 'source'"):
        helpers.entity_keyness(_mentions(), corpus, "source", "AFP")


def test_a_log_ratio_the_half_count_would_turn_round_is_missing(corpus):
    table = helpers.entity_keyness(_mentions(), corpus, "source", "Reuters").set_index("item")
    # Sadr City: 0 of Reuters' 2 mentions against 1 of the other 6. 0.5/2 > 1/6 would read as
    # over-use of something never used: left missing. Mahdi Army: 0 of 2 against 3 of 6:
    # (0.5/2)/(3/6) = 1/2, log ratio -1, in the observed direction, kept.
    assert table.loc["Sadr City", "llr"] < 0 and np.isnan(table.loc["Sadr City", "log_ratio"])
    assert table.loc["Mahdi Army", "log_ratio"] == pytest.approx(-1.0)


def test_word_and_frame_keyness_by_hand(tmp_path):
    path = tmp_path / "words.csv"
    path.write_text(
        "text,source\nalpha beta beta,AP\nalpha gamma delta,AP\n"
        "gamma gamma delta,Reuters\ndelta delta alpha,Reuters\n",
        encoding="utf-8",
    )
    corpus = helpers.load_corpus(path)
    table = helpers.word_keyness(corpus, "source", "AP", stopwords=frozenset()).set_index("item")
    # AP: alpha 2, beta 2, gamma 1, delta 1 (6 tokens); Reuters: gamma 2, delta 3, alpha 1 (6).
    assert table.loc["beta", ["count", "count_reference", "total", "total_reference"]].tolist() == [
        2, 0, 6, 6
    ]  # fmt: skip
    # beta: cells 2, 4 / 0, 6, expected 1, 5 / 1, 5:
    # G² = 2 (2 ln 2 + 4 ln(4/5) + 6 ln(6/5)) = 3.175299 (by hand).
    assert table.loc["beta", "llr"] == pytest.approx(3.175299, abs=1e-6)
    assert table.loc["delta", "llr"] < 0
    assert list(table.index[:1]) == ["beta"]
    frames = helpers.frame_keyness(_frames(), _five(tmp_path), "year", "2007").set_index("item")
    # 2007: ceasefire twice; the rest: ceasefire once, disarmament once.
    assert frames.loc["ceasefire", ["count", "count_reference"]].tolist() == [2, 1]
    assert frames.loc["disarmament", ["count", "count_reference"]].tolist() == [0, 1]


def _five(tmp_path):
    path = tmp_path / "five.csv"
    path.write_text(CSV, encoding="utf-8")
    return helpers.load_corpus(path)


def test_key_items_keeps_both_sides():
    table = helpers.keyness_table(["a", "b", "c", "d"], [9, 1, 5, 0], [1, 9, 5, 0])
    assert table["item"].tolist() == ["a", "c", "b"]  # d is seen nowhere: left out
    assert helpers.key_items(table, n=1, q=1.0)["item"].tolist() == ["a", "b"]


# Dispersion ----------------------------------------------------------------------------------


def test_dispersion_positions():
    corpus = pd.DataFrame({"sentence_id": [5, 7, 9] + list(range(10, 27))})  # 20 rows
    items = pd.DataFrame(
        {"sentence_id": [5, 5, 7, 26] + list(range(10, 27, 2)), "item": ["x"] * 4 + ["y"] * 9}
    )
    points = helpers.dispersion(items, corpus, "item", ["x", "y"])
    assert points.loc[points["item"] == "x", "position"].tolist() == [1, 1, 2, 20]
    assert points.loc[points["item"] == "y", "position"].tolist() == list(range(4, 21, 2))


def _words(n: int) -> str:
    return " ".join(["word"] * n)


def test_gries_dp_over_documents_weighted_by_their_words():
    # Three documents: 1 (sentences 1 and 2: 3 + 5 words), 2 (sentence 3: 4), 3 (sentence 4:
    # 8); 20 words, so the documents hold 8/20, 4/20 and 8/20 of them.
    corpus = pd.DataFrame(
        {
            "sentence_id": [1, 2, 3, 4],
            "doc_id": [1, 1, 2, 3],
            "text": [_words(3), _words(5), _words(4), _words(8)],
        }
    )
    items = pd.DataFrame(
        {
            "sentence_id": [1, 2, 4] + [3, 3] + [1, 2, 3, 4, 4],
            "item": ["x"] * 3 + ["y"] * 2 + ["z"] * 5,
        }
    )
    summary = helpers.dispersion_summary(helpers.dispersion(items, corpus, "item"), corpus)
    summary = summary.set_index("item")
    # x: 2 of 3 in document 1, 0 in 2, 1 in 3:
    # DP = (|2/3 - 8/20| + |0 - 4/20| + |1/3 - 8/20|) / 2 = (4/15 + 3/15 + 1/15) / 2 = 4/15.
    assert summary.loc["x", "dp"] == pytest.approx(4 / 15)
    # DPnorm: DP over 1 - the smallest document's share (4/20): (4/15) / (4/5) = 1/3.
    assert summary.loc["x", "dp_norm"] == pytest.approx(1 / 3)
    assert summary.loc["x", ["occurrences", "sentences", "first", "last", "parts"]].tolist() == [
        3, 3, 1, 4, 2
    ]  # fmt: skip
    # y: both in document 2, the smallest: DP = (|1 - 4/20| + 8/20 + 8/20) / 2 = 0.8, DPnorm 1.
    assert summary.loc["y", ["dp", "dp_norm"]].tolist() == pytest.approx([0.8, 1.0])
    # z: 2, 1 and 2 of 5, as the words are (8, 4, 8 of 20): DP 0.
    assert summary.loc["z", ["dp", "dp_norm"]].tolist() == pytest.approx([0.0, 0.0])
    assert summary["of_parts"].tolist() == [3, 3, 3]
    # Read a line at a time, each sentence is its own document (3, 5, 4, 8 words): y, twice in
    # sentence 3, has DP (|1 - 4/20| + 3/20 + 5/20 + 8/20) / 2 = 0.8 and DPnorm 0.8 / (1 - 3/20).
    lines = helpers.dispersion_summary(
        helpers.dispersion(items, corpus.drop(columns="doc_id"), "item"),
        corpus.drop(columns="doc_id"),
    ).set_index("item")
    assert lines.loc["y", ["dp", "dp_norm"]].tolist() == pytest.approx([0.8, 0.8 / 0.85])
    assert lines["of_parts"].tolist() == [4, 4, 4]


# Explorer and runner -------------------------------------------------------------------------


def test_explorer_answers_for_the_group_chosen(corpus):
    explorer = helpers.explore(corpus, _mentions(), _frames(), by="source")
    explorer.query.value = "ceasefire"
    assert "<b>2</b> matches in <b>2</b> sentences" in explorer.search_out.value
    explorer.group.value = "AP"
    assert "<b>1</b> match in <b>1</b> sentence" in explorer.search_out.value
    assert list(explorer.entity.options) == ["Mahdi Army", "Muqtada al-Sadr", "Najaf"]
    explorer.group.value = "(no source)"
    assert "No match for" in explorer.search_out.value
    assert "No frame is used in this group" in explorer.frame_out.value
    assert [label for label, _ in explorer.group.options] == [
        "all sentences (5)", "AP (2)", "Reuters (2)", "(no source) (1)"
    ]  # fmt: skip


def test_example_corpus_dates_and_genres_follow_its_source_pages():
    folder = helpers.DATA / "examples"
    pages = pd.read_csv(folder / "source_pages.csv", dtype=str, keep_default_na=False)
    corpus = helpers.load_corpus(folder / "mahdi_army_news_sample.csv")
    by_source = pages.set_index("source")
    for _, row in corpus.iterrows():
        page = by_source.loc[row["source"]]
        assert row["genre"] == page["genre"]
        expected = helpers.parse_dates(pd.Series([page["date"] or None]))[0].iloc[0]
        assert (pd.isna(row["date"]) and pd.isna(expected)) or row["date"] == expected
    # 16 of the 46 pages have no known publication date; their 43 sentences are counted.
    assert (pages["date"] == "").sum() == 16
    assert int(corpus["date"].isna().sum()) == 43
    assert helpers.group_sizes(corpus, "year").values.tolist() == [
        ["2004", 6], ["2007", 14], ["2008", 37], ["2010", 2], ["2013", 5], ["(no year)", 43]
    ]  # fmt: skip


def test_the_runner_passes_group_only_to_notebooks_that_declare_it(tmp_path):
    from scripts import run_notebooks

    def notebook(name, parameters):
        cells = [
            {"cell_type": "code", "id": "p", "metadata": {"tags": ["parameters"]},
             "execution_count": None, "outputs": [], "source": parameters},
            {"cell_type": "code", "id": "q", "metadata": {}, "execution_count": None,
             "outputs": [], "source": "print(sorted(k for k in dir() if k.isupper()))"},
        ]  # fmt: skip
        path = tmp_path / name
        path.write_text(
            json.dumps(
                {
                    "cells": cells,
                    "metadata": {
                        "kernelspec": {
                            "name": "python3",
                            "display_name": "Python 3",
                            "language": "python",
                        }
                    },
                    "nbformat": 4,
                    "nbformat_minor": 5,
                }
            )  # fmt: skip
        )
        return path

    grouped = notebook("grouped.ipynb", 'CORPUS = None\nOUT = None\nGROUP = "source"')
    plain = notebook("plain.ipynb", "CORPUS = None\nOUT = None")
    out = tmp_path / "out"
    assert (
        run_notebooks.main(["--out", str(out), "--group", "genre", str(grouped), str(plain)]) == 0
    )
    shown = {
        name: json.loads((out / "notebooks" / name).read_text())["cells"][1]["source"]
        for name in ("grouped.ipynb", "plain.ipynb")
    }
    assert "GROUP = 'genre'" in "".join(shown["grouped.ipynb"])
    assert "GROUP" not in "".join(shown["plain.ipynb"])


def test_small_groups_are_folded_into_other_when_shown():
    sizes = pd.DataFrame(
        {"source": ["AP", "BBC", "CNN", "DW", "(no source)"], "sentences": [30, 5, 7, 25, 0]}
    )
    folded = helpers.fold_small_groups(sizes, "source")
    # BBC and CNN (5 + 7 sentences) fold; the empty unknown group is left out.
    assert folded.values.tolist() == [
        ["AP", 30],
        ["DW", 25],
        ["other (2 groups of fewer than 20 sentences)", 12],
    ]
    # One small group alone is not folded.
    assert helpers.fold_small_groups(sizes.iloc[[0, 1, 3]], "source")["source"].tolist() == [
        "AP",
        "BBC",
        "DW",
    ]


def test_folded_rates_are_computed_again_and_shown_with_their_intervals():
    rates = pd.DataFrame(
        {
            "source": ["AP", "BBC", "CNN"],
            "sentences": [40, 5, 5],
            "truce": [4, 1, 0],
            "truce per 1,000": [100.0, 200.0, 0.0],
        }
    )
    folded = helpers.fold_small_groups(rates, "source")
    # BBC and CNN: 1 of 10 sentences, 100 per 1,000.
    assert folded.iloc[1].tolist() == ["other (2 groups of fewer than 20 sentences)", 10, 1, 100.0]
    shown = helpers.rate_intervals(folded)
    # Wilson's 95% interval of 4 of 40 is 0.0396-0.2303 (scipy's binomtest, method wilson).
    from scipy.stats import binomtest

    low, high = binomtest(4, 40).proportion_ci(method="wilson")
    assert shown.loc[0, "truce per 1,000"] == f"100.0 ({1000 * low:.1f}-{1000 * high:.1f})"


def test_partners_by_period_name_the_other_entity_most_shared_first():
    pairs = pd.DataFrame(
        {
            "year": ["2004", "2004", "2004", "2008"],
            "group_sentences": [10, 10, 10, 20],
            "entity_a": ["Sadr", "Najaf", "Iraq", "Iraq"],
            "entity_b": ["Najaf", "Iraq", "Sadr", "Sadr"],
            "sentences": [1, 5, 3, 2],
            "per_1000": [100.0, 500.0, 300.0, 100.0],
        }
    )
    table = helpers.partners_by_group(pairs, "Sadr", "year")
    assert table[["year", "named_with", "sentences"]].values.tolist() == [
        ["2004", "Iraq", 3],
        ["2004", "Najaf", 1],
        ["2008", "Iraq", 2],
    ]
    assert helpers.partners_by_group(pairs, "Sadr", "year", n=1)["named_with"].tolist() == [
        "Iraq",
        "Iraq",
    ]
