"""KWIC's regular expressions run in time linear in the text (RE2), with a bound on matches
and a clear error for what RE2 cannot run; the explorer says every error a query can raise."""

import random
import re

import pandas as pd
import pytest

import generate_corpus
import helpers
from conflict_corpus import kwic as kwic_module
from conftest import EXAMPLE


def test_regex_matches_equal_pythons_re_on_mixed_scripts():
    texts = generate_corpus.generate(400, seed=5) + [
        "Ṣadr said: ceasefire, Cease-fire and CEASE FIRE; الهدنة ceasefire.",
        "é" * 50 + " ceasefires " + "ß" * 3,
        "",
    ]
    corpus = pd.DataFrame({"sentence_id": range(1, len(texts) + 1), "text": texts})
    for pattern in [r"cease[- ]?fires?", r"[ée]+", r"Army|Sadr", r"a[^ ]*y"]:
        expected = [
            (i + 1, m.start(), m.end())
            for i, text in enumerate(texts)
            for m in re.finditer(pattern, text, re.IGNORECASE)
            if m.end() > m.start()
        ]
        found = helpers.kwic(corpus, pattern, regex=True)
        assert list(zip(found["sentence_id"], found["start"], found["end"])) == expected
        assert helpers.kwic_count(corpus, pattern, regex=True) == (
            len(expected),
            len({i for i, _, _ in expected}),
        )
        assert len(helpers.kwic(corpus, pattern, regex=True, limit=3)) == min(3, len(expected))


def test_a_catastrophic_pattern_returns_at_once():
    # (a+)+$ on 34 a's and a "!" takes a backtracking engine 2**34 steps; RE2 one pass.
    corpus = pd.DataFrame({"sentence_id": [1], "text": ["a" * 34 + "!"]})
    assert helpers.kwic_count(corpus, "(a+)+$", regex=True) == (0, 0)
    corpus = pd.DataFrame({"sentence_id": [1], "text": ["a" * 34]})
    assert helpers.kwic(corpus, "(a+)+$", regex=True)["match"].tolist() == ["a" * 34]


@pytest.mark.parametrize(
    "pattern, reason",
    [
        (r"(a)\1", "invalid escape sequence"),
        (r"(?<=a)b", "invalid perl operator"),
        (r"(?:a{1000}){1000}", "invalid repetition size"),
        ("(", "missing \\)"),
    ],
)
def test_what_re2_cannot_run_is_refused_with_the_reason(pattern, reason):
    corpus = pd.DataFrame({"sentence_id": [1], "text": ["ab"]})
    with pytest.raises(ValueError, match=f"kwic: cannot use .* as a regular expression: {reason}"):
        helpers.kwic(corpus, pattern, regex=True)


def test_too_many_matches_is_an_error_not_a_memory_blowup(monkeypatch):
    monkeypatch.setattr(kwic_module, "MAX_REGEX_MATCHES", 10)
    corpus = pd.DataFrame({"sentence_id": [1, 2, 3], "text": ["abcd", "efgh", "ijkl"]})
    assert helpers.kwic_count(corpus, "[a-h]", regex=True) == (8, 2)
    with pytest.raises(ValueError, match=r"matches more than 10 times \(by row 3 of 3\)"):
        helpers.kwic_count(corpus, ".", regex=True)
    with pytest.raises(ValueError, match="matches more than 10 times"):
        helpers.kwic(corpus, ".", regex=True, limit=2)  # a limit shows 2; the count is exact


@pytest.mark.parametrize(
    "query, regex",
    [("(", True), ("(a)\\1", True), ("x" * 10, False), ("a{1000}{1000}", True), ("‽", False)],
)
def test_the_explorer_says_every_error_a_query_raises(query, regex):
    pytest.importorskip("ipywidgets")
    corpus = pd.DataFrame({"sentence_id": [1], "text": ["Sadr said no."]})
    tabs = helpers.explore(corpus, helpers.find_entities(corpus), helpers.find_frames(corpus))
    tabs.is_regex.value = regex
    tabs.query.value = query
    out = tabs.search_out.value
    assert ("Cannot search" in out) == (regex is True)
    assert "Traceback" not in out


def test_one_scan_of_the_joined_rows_finds_what_a_search_row_by_row_finds():
    # kwic scans the text from the first row to the last at once when that is the same as
    # searching each row alone; rows left out of the text between them, matches that would
    # cross a row's end and anchors make it search row by row. Any subset of the example
    # corpus's sentences, for patterns that cross spaces, match single characters or word ends.
    engine = kwic_module
    sents = helpers.sentences(helpers.load_corpus(EXAMPLE))
    patterns = [r"\bcease[-\s]?fires?\b", r"\bthe\b", r"\s+", r"e\s", r"[^a-z]+", r"\w+", r"y\b"]
    scans = random.Random(2026)
    joined = 0
    for _ in range(30):
        rows = sorted(scans.sample(range(len(sents)), scans.randint(0, len(sents))))
        text = engine.TextIndex(sents.iloc[rows]).text
        for pattern in patterns:
            compiled = engine.regex(pattern)
            one = engine._joined_matches(compiled, pattern, text)
            by_row = engine._row_matches(compiled, pattern, text, None)[:3]
            if one is not None:
                joined += 1
                for a, b in zip(one, by_row):
                    assert a.tolist() == b.tolist(), pattern
    # (The patterns that can cross a row's end, "\s+", "[^a-z]+", are searched row by row.)
    assert joined >= 30 * 5
    whole = engine.TextIndex(sents).text
    assert engine._joined_matches(engine.regex("^The"), "^The", whole) is None


def test_kwic_lines_carry_source_and_date_and_sort_as_antconc_sorts():
    corpus = pd.DataFrame(
        {
            "sentence_id": [1, 2, 3],
            "text": [
                "Sadr declared a truce, Reuters said.",
                "The truce held in Najaf.",
                "A truce began at noon.",
            ],
            "source": ["Reuters", None, "AP"],
            "date": pd.to_datetime(["2004-08-27", None, "2008-05-10"]),
        }
    )
    lines = helpers.kwic(corpus, "truce")
    assert lines["source"].tolist() == ["Reuters", None, "AP"]
    assert helpers.date_labels(lines["date"]).tolist() == ["2004-08-27", "", "2008-05-10"]
    # R1: "Reuters" (the comma alone is no word), "held", "began": began < held < reuters.
    assert helpers.sort_kwic(lines, "R1")["sentence_id"].tolist() == [3, 2, 1]
    # L1: "a", "The", "A" (any case): the two a's keep their order, then "the".
    assert helpers.sort_kwic(lines, "L1")["sentence_id"].tolist() == [1, 3, 2]
    # L2 then R1: "declared" (1), "" (2 has one word left of the match, so none sorts first),
    # "" (3): 2 and 3 by R1, "held" after "began".
    assert helpers.sort_kwic(lines, "L2", "R1")["sentence_id"].tolist() == [3, 2, 1]
    with pytest.raises(ValueError, match=r"unknown key\(s\) \['R4'\]"):
        helpers.sort_kwic(lines, "R4")


def test_months_and_years_are_shown_as_precise_as_they_are_known():
    dates = pd.to_datetime(["2008-03-01", "2004-01-01", "2004-08-27"])
    shown = helpers.date_labels(dates, pd.Series(["month", "year", "day"]))
    assert shown.tolist() == ["2008-03", "2004", "2004-08-27"]
