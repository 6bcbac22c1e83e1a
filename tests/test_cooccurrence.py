"""Co-occurrence counts on the seed, and every measure against a hand computation."""

import math

import pandas as pd
import pytest
from scipy.stats import fisher_exact

import helpers
from conflict_corpus import association


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
    # One-sided Fisher: P(both >= 2) with 10 sentences, 4 A, 3 B (hypergeometric, by hand):
    # (C(4,2) C(6,1) + C(4,3) C(6,0)) / C(10,3) = (36 + 4) / 120.
    assert row["p_value"] == pytest.approx(40 / 120)
    assert row["p_value"] == pytest.approx(
        fisher_exact([[2, 2], [1, 5]], alternative="greater").pvalue
    )
    assert (row["n"], row["q_value"]) == (10, pytest.approx(40 / 120))  # one pair: q = p


def test_measures_of_a_hand_computed_table():
    # 10 sentences: A in 4, B in 5, both in 3. Every number below is worked out by hand.
    mentions = pd.DataFrame(
        {"sentence_id": [1, 2, 3, 4, 1, 2, 3, 5, 6], "entity": list("AAAABBBBB"), "type": "X"}
    )
    row = helpers.cooccurrence_pairs(mentions, pd.DataFrame({"sentence_id": range(1, 11)}))
    row = row.iloc[0]
    assert (row["count"], sorted([row["count_a"], row["count_b"]]), row["n"]) == (3, [4, 5], 10)
    assert row["expected"] == 2.0
    assert row["pmi"] == pytest.approx(0.5849625)  # log2(3 * 10 / (4 * 5)) = log2(1.5)
    assert row["npmi"] == pytest.approx(0.5849625 / 1.7369656)  # / -log2(3/10)
    # G² = 2 (3 ln(3/2) + 1 ln(1/2) + 2 ln(2/3) + 4 ln(4/3)), attracted: positive
    assert row["llr"] == pytest.approx(1.7260924, abs=1e-6)
    assert row["dice"] == pytest.approx(6 / 9)
    # P(X >= 3): (C(4,3) C(6,2) + C(4,4) C(6,1)) / C(10,5) = (60 + 6) / 252
    assert row["p_value"] == pytest.approx(66 / 252)
    # The strongest table these margins allow (both = 4) has p = 6/252 + ... = 0.0238 < 0.05.
    assert not row["too_rare"]


def test_a_pair_seen_less_often_than_expected_has_a_negative_llr():
    # 10 sentences: A in 5, B in 5, both in 1 (2.5 expected).
    mentions = pd.DataFrame(
        {"sentence_id": [1, 2, 3, 4, 5, 5, 6, 7, 8, 9], "entity": list("AAAAABBBBB")}
    )
    corpus = pd.DataFrame({"sentence_id": range(1, 11)})
    row = helpers.cooccurrence_pairs(mentions, corpus).iloc[0]
    # G² over [[1, 4], [4, 1]] against 2.5 everywhere: 2 (2 ln(1/2.5) + 2 * 4 ln(4/2.5))
    g2 = 2 * (2 * math.log(1 / 2.5) + 2 * 4 * math.log(4 / 2.5))
    assert row["llr"] == pytest.approx(-g2) and row["llr"] < 0
    assert row["p_value"] == pytest.approx(
        1 - 1 / 252
    )  # 1 - P(X = 0) = 1 - C(5,0) C(5,5) / C(10,5)
    assert helpers.cooccurrence_pairs(mentions, corpus, attracted_only=True).empty


def test_q_values_are_benjamini_hochberg_by_hand():
    # p = 0.01, 0.04, 0.03 (m = 3): ranks 1, 3, 2 -> p m / rank = 0.03, 0.04, 0.045, then the
    # running minimum from the largest p down: 0.03, 0.04, 0.04.
    got = association.q_values([0.01, 0.04, 0.03])
    assert got.tolist() == pytest.approx([0.03, 0.04, 0.04])


def test_no_pair_survives_the_correction_on_the_seed(pairs, mentions, sents):
    # The actors of the 15 sentences, by sentence (the adjectives "Shia insurgents", "Sunni
    # bombers", "American forces" are descriptors, not counted): 1 and 7 {Mahdi Army, Muqtada},
    # 2 {MA, Najaf}, 4 and 6 {Iraq, MA}, 5 {Iran, Iraq, MA, Muqtada}, 8 {Sistani, Iraq, MA,
    # Muqtada}, 11 {Allawi, MA, Muqtada, Najaf, United States}, 12 {MA, Maliki}, 13 {MA,
    # Maliki, Sadrist Movement}, 15 {Iraqis, Karbala, MA, Muqtada, Crocker, United States},
    # 16 {MA, Muqtada, Najaf, Shia ("the Shias' holiest city")}, 17 {Iraqi Security Forces,
    # MA, Sadr City}. New pairs sentence by sentence: 1 + 1 + 1 + 4 + 3 + 8 + 1 + 2 + 12 + 3 + 3.
    assert (pairs["q_value"] > 0.05).all() and len(pairs) == 39
    pairs = helpers.cooccurrence_pairs(mentions, sents, min_count=2)
    # The strongest pair seen twice: Muqtada al-Sadr (7 sentences) and the United States
    # (2: 11 and 15), both in 11 and 15: one-sided Fisher p = C(7,2) C(8,0) / C(15,2) = 21/105.
    assert pairs.iloc[0][["entity_a", "entity_b", "count", "count_a", "count_b"]].tolist() == [
        "Muqtada al-Sadr",
        "United States",
        2,
        7,
        2,
    ]
    assert pairs.iloc[0]["p_value"] == pytest.approx(21 / 105)
    # "Shiite cleric", "Shia preacher": with the descriptors, Muqtada al-Sadr and Shia share
    # five sentences (1, 7, 8, 15, 16); as actors, one (16).
    table = helpers.cooccurrence(mentions)
    assert table.loc["Muqtada al-Sadr", "Shia"] == 1
    assert helpers.cooccurrence(mentions, descriptors=True).loc["Muqtada al-Sadr", "Shia"] == 5


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
        helpers.cooccurrence_pairs(
            pd.DataFrame(columns=["sentence_id", "entity"]),
            pd.DataFrame(columns=["sentence_id"]),
            sort_by="x",
        )


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
