"""Co-occurrence counts on the seed, and every measure against a hand computation."""

import math

import pandas as pd
import pytest

import helpers


@pytest.fixture(scope="module")
def mentions(sents):
    return helpers.find_entities(sents)


@pytest.fixture(scope="module")
def pairs(mentions, sents):
    return helpers.cooccurrence_pairs(mentions, sents)


def pair(pairs, a, b):
    row = pairs[
        ((pairs["entity_a"] == a) & (pairs["entity_b"] == b))
        | ((pairs["entity_a"] == b) & (pairs["entity_b"] == a))
    ]
    assert len(row) == 1, (a, b)
    return row.iloc[0]


def test_matrix_on_the_seed(mentions):
    table = helpers.cooccurrence(mentions)
    assert (table.to_numpy() == table.to_numpy().T).all()
    assert table.loc["Mahdi Army", "Mahdi Army"] == 15
    assert table.loc["Mahdi Army", "Muqtada al-Sadr"] == 7
    assert table.loc["Mahdi Army", "Najaf"] == 3
    assert table.loc["Muqtada al-Sadr", "Nouri al-Maliki"] == 0
    assert table.index[:2].tolist() == ["Mahdi Army", "Muqtada al-Sadr"]


def test_pmi_is_exactly_zero_with_an_entity_in_every_sentence(pairs):
    row = pair(pairs, "Mahdi Army", "Muqtada al-Sadr")
    assert (row["count"], row["count_a"], row["count_b"]) == (7, 15, 7)
    assert row["pmi"] == 0.0 and row["npmi"] == 0.0 and row["expected"] == 7.0
    assert row["llr"] == pytest.approx(0.0, abs=1e-9) and row["p_value"] == pytest.approx(1.0)


def test_pairs_that_never_meet_are_left_out_by_default(pairs):
    assert (
        pairs[["entity_a", "entity_b"]]
        .apply(set, axis=1)
        .map(lambda s: s == {"Muqtada al-Sadr", "Nouri al-Maliki"})
        .sum()
        == 0
    )
    assert (pairs["count"] >= 1).all()


def test_sentences_that_mention_nobody_count_in_the_total():
    # 10 sentences: A in 4, B in 3, both in 2; four sentences mention nobody.
    mentions = pd.DataFrame(
        {"sentence_id": [1, 2, 3, 4, 1, 2, 5], "entity": list("AAAABBB"), "type": "PERSON"}
    )
    corpus = pd.DataFrame({"sentence_id": range(1, 11)})
    row = helpers.cooccurrence_pairs(mentions, corpus).iloc[0]
    n, a, b, ab = 10, 4, 3, 2
    assert row["expected"] == pytest.approx(a * b / n)
    pmi = math.log2(ab * n / (a * b))
    assert row["pmi"] == pytest.approx(pmi)
    assert row["npmi"] == pytest.approx(pmi / -math.log2(ab / n))
    assert row["dice"] == pytest.approx(2 * ab / (a + b))
    # G² = 2 * sum O ln(O/E) over the 2x2 table [[2, 2], [1, 5]]
    observed = [ab, a - ab, b - ab, n - a - b + ab]
    expected = [a * b / n, a * (n - b) / n, (n - a) * b / n, (n - a) * (n - b) / n]
    g2 = 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected) if o)
    assert row["llr"] == pytest.approx(g2)
    assert row["p_value"] == pytest.approx(math.erfc(math.sqrt(g2 / 2)))  # chi2(1) tail


def test_sorted_by_the_stated_measure(pairs):
    assert pairs["llr"].is_monotonic_decreasing
    by_npmi = helpers.cooccurrence_pairs(
        helpers.find_entities(helpers.sentences(helpers.load_corpus())),
        helpers.sentences(helpers.load_corpus()),
        min_count=2,
        sort_by="npmi",
    )
    assert by_npmi["npmi"].is_monotonic_decreasing and (by_npmi["count"] >= 2).all()
    with pytest.raises(ValueError, match="sort_by"):
        helpers.cooccurrence_pairs(pd.DataFrame(columns=["sentence_id", "entity"]), [], sort_by="x")


def test_collocates_are_bounded_by_window_and_sentence():
    corpus = pd.DataFrame(
        {"sentence_id": [1, 2], "text": ["alpha beta gamma Node delta epsilon zeta", "beta Node"]}
    )
    spans = pd.DataFrame({"sentence_id": [1, 2], "start": [17, 5], "end": [21, 9]})
    near = helpers.collocates(corpus, spans, window=1, attracted_only=False).set_index("word")
    assert near["count"].to_dict() == {"beta": 1, "gamma": 1, "delta": 1}
    wide = helpers.collocates(corpus, spans, window=2, attracted_only=False).set_index("word")
    assert wide.loc["beta", "count"] == 2 and "alpha" not in wide.index


def test_mahdi_army_collocates_on_the_seed(mentions, sents):
    spans = mentions[mentions["entity"] == "Mahdi Army"]
    table = helpers.collocates(sents, spans, window=5)
    assert (table["count"] > table["expected"]).all()
    assert table.iloc[0]["word"] == "also"
    assert table.set_index("word").loc["fighters", "count"] == 2
