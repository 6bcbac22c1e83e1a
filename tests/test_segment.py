"""Documents into sentences (conflict_corpus/segment.py): the rules, their offsets, and the
dateline and byline a document starts with."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from conflict_corpus.engine.sentences import may_split
from conflict_corpus.segment import (
    leading_lines,
    load_abbreviations,
    multi_sentence_rows,
    sentence_spans,
)
from conftest import write


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Titles and initials never end a sentence; a full stop before a capital does.
        (
            "Gen. George W. Casey met Lt. Col. John Smith. They spoke.",
            ["Gen. George W. Casey met Lt. Col. John Smith.", "They spoke."],
        ),
        # An ambiguous abbreviation ends a sentence before a word that starts sentences only.
        (
            "Troops left the U.S. Army base. He arrived in the U.S. He said so.",
            ["Troops left the U.S. Army base.", "He arrived in the U.S.", "He said so."],
        ),
        (
            "It began at 10:30 a.m. Friday and cost $1.5 billion.",
            ["It began at 10:30 a.m. Friday and cost $1.5 billion."],
        ),
        (
            "On Sept. 5 the truce held. On Oct. 2 it broke.",
            ["On Sept. 5 the truce held.", "On Oct. 2 it broke."],
        ),
        # Quotes and brackets that close a sentence belong to it.
        (
            '"We will not disarm," he said. "Never." (The talks failed.) Sadr left.',
            ['"We will not disarm," he said.', '"Never."', "(The talks failed.)", "Sadr left."],
        ),
        # A question inside a quotation goes on when the next word is in lower case.
        ('"Is it over?" she asked. Yes!', ['"Is it over?" she asked.', "Yes!"]),
        # Ellipses: mid-sentence (lower case after) and at a sentence's end.
        (
            "The deal... well, it held. It cost $2 billion... Or so they said.",
            ["The deal... well, it held.", "It cost $2 billion...", "Or so they said."],
        ),
        # A headline without a full stop, and a numbered list.
        (
            "Sadr orders truce\n1. Fighters stand down. 2. Weapons stay home.",
            ["Sadr orders truce", "1. Fighters stand down.", "2. Weapons stay home."],
        ),
        # A line wrapped mid-sentence goes on; a blank line ends a paragraph.
        (
            "The cleric told his\nfollowers to go home\n\nthe next day they did",
            ["The cleric told his\nfollowers to go home", "the next day they did"],
        ),
        # Names with apostrophes and hyphens are words, not ends.
        (
            "Al-Sadr's aides met Shi'ite clerics. Asa'ib Ahl al-Haq did not.",
            ["Al-Sadr's aides met Shi'ite clerics.", "Asa'ib Ahl al-Haq did not."],
        ),
        ("", []),
        ("   \n  ", []),
    ],
)
def test_the_rules_on_news_copy(text, expected):
    assert split(text) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["The", "Mr.", "U.S.", "al-Sadr's", "Gen.", "He", "1.", "said", '"We']),
            st.text(alphabet="abc XYZ.,!?'\"()\n-…", max_size=30),
        ),
        max_size=8,
    )
)
def test_spans_cover_every_character_once_in_order(pieces):
    text = " ".join(a + b for a, b in pieces)
    spans = sentence_spans(text)
    covered = []
    for k, (a, b) in enumerate(spans):
        assert 0 <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip()  # no white space at either end
        if k:
            assert a >= spans[k - 1][1]  # in order, never overlapping
        covered += range(a, b)
    # Every character that is not white space is in exactly one sentence.
    assert [i for i in range(len(text)) if not text[i].isspace()] == [
        i for i in covered if not text[i].isspace()
    ]


def test_a_long_document_without_punctuation_is_one_sentence():
    text = "word " * 200_000 + "end"
    assert sentence_spans(text) == [(0, len(text))]


@pytest.mark.parametrize(
    ("text", "dateline", "byline", "body"),
    [
        ("NAJAF, Iraq (Reuters) - Sadr spoke.", "NAJAF, Iraq (Reuters) -", None, "Sadr spoke."),
        ("BAGHDAD (AP) — Troops left.", "BAGHDAD (AP) —", None, "Troops left."),
        ("SADR CITY, Iraq -- Gunfire rang out.", "SADR CITY, Iraq --", None, "Gunfire rang out."),
        ("By Jane Doe\nBASRA, Iraq - Quiet.", "BASRA, Iraq -", "By Jane Doe", "Quiet."),
        ("U.S. officials said so.", None, None, "U.S. officials said so."),
        ("The truce - fragile - held.", None, None, "The truce - fragile - held."),
        ("BAGHDAD—The Mahdi Army left.", "BAGHDAD—", None, "The Mahdi Army left."),
        ("KUFA- Sadr preached.", "KUFA-", None, "Sadr preached."),
        # A hyphen between two words joins them: no dateline.
        ("U.S.-led forces left.", None, None, "U.S.-led forces left."),
        ("UN-BACKED talks resumed.", None, None, "UN-BACKED talks resumed."),
    ],
)
def test_a_dateline_and_a_byline_are_set_apart(text, dateline, byline, body):
    found_dateline, found_byline, at = leading_lines(text)
    assert (found_dateline, found_byline, text[at:]) == (dateline, byline, body)


def test_rows_holding_more_than_one_sentence_are_counted():
    texts = ["One sentence here.", "Two of them. Here is the second.", "In the U.S. Army base."]
    assert multi_sentence_rows(texts) == 1
    assert multi_sentence_rows(helpers.load_corpus()["text"]) == 0  # the seed: one a line


def test_a_bad_abbreviation_row_names_its_line(tmp_path):
    path = write(tmp_path, "abbreviations.csv", "abbreviation,kind\nmr,title\ngen,rank\n")
    with pytest.raises(helpers.CorpusError, match=r"line 3: kind 'rank'"):
        load_abbreviations(path)
    assert load_abbreviations()["lt"] == "title"


def test_the_reported_boundary_scores_are_the_rules_scores_today():
    # data/evaluation/segmentation/results.md (and the README) quote these counts: the rules
    # scored against the hand-labelled boundaries, which were written before any segmenter ran.
    import segmenters

    passages, gold = segmenters.load_gold()
    assert sum(len(b) for b in gold.values()) == 650 and len(passages) == 102
    scored = segmenters.score(sentence_spans, passages, gold)
    assert (scored["tp"], scored["predicted"], scored["gold"]) == (635, 640, 650)
    row = next(
        line
        for line in segmenters.RESULTS.read_text(encoding="utf-8").splitlines()
        if line.startswith("| conflict_corpus.segment")
    )
    assert "635/640" in row and "635/650" in row and "| 0.984 |" in row


def test_every_row_the_rules_split_is_counted_as_holding_several_sentences():
    # Rows picked by one scan of the joined rows before they are split: the pick must miss none
    # the rules split, whatever stands between the mark and the next sentence (curly quotes and
    # brackets, a tab, a no-break space, a line break, an accented capital).
    rows = [
        "He left.\u201d Then she came.",
        "A.\u201d) B went.",
        "Line one\nLine two",
        "Gen. Casey spoke. He left.",
        "x\u2026\u201d Y",
        "a.\tB",
        "Hi .\u00a0A",
        "Sadr spoke. \u00d6mer replied.",
    ]
    texts = [*rows, "One sentence only.", "The U.S. Army came."]
    assert [len(sentence_spans(t)) for t in rows] == [2] * len(rows)
    assert multi_sentence_rows(texts) == len(rows)


# The pick is the start of each match of one regular expression over the rows' image, walked
# by hand: any bytes of the classes it reads give the marks Python's re finds.
MAY_SPLIT = re.compile(rb"[.!?][\"')\]' ]* [\"'(\[ ]*[A-Z0-9]")
BYTES = b".!? \"')]([Aa1Z9\n"  # (the classes the expression reads, and others)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(BYTES), max_size=60).map(bytes))
def test_the_rows_that_may_split_are_picked_as_the_regular_expression_picks_them(image):
    found = may_split(np.frombuffer(image, dtype=np.uint8)).tolist()
    assert found == [m.start() for m in MAY_SPLIT.finditer(image)]


# The compiled pass against the rules written plainly (tests/segment_reference.py): any text
# of the characters the rules read (marks, quotes and brackets of both kinds, white space and
# line breaks, capitals and digits of any script, abbreviations and starters).
_PIECE = st.one_of(
    st.sampled_from(
        ["Gen.", "U.S.", "a.m.", "Mr", "No.", "1.", "12.", "W.", "The", "He", "In", "x", "ß",
         "É", "Ω", "ω", "²", "٣", "al-Sadr's", "Shi’ite", "...", "…", "?!", "!", ".", "?"]
    ),
    # (with characters Windows-1252 holds beyond Latin-1, and C1 control codes it does not)
    st.text(alphabet="aZ.!?…\"'“”‘’()[]«» \n\t\u2028\u0085-1_Šš„–€\x92\x81", max_size=6),
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECE, max_size=30).map(lambda pieces: "".join(pieces)))
def test_the_compiled_rules_split_as_the_rules_written_plainly(text):
    from segment_reference import sentence_spans as reference

    assert sentence_spans(text) == reference(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_PIECE, max_size=12).map(" ".join), max_size=5), st.data())
def test_documents_split_together_as_each_alone(texts, data):
    from conflict_corpus.segment import document_spans

    bodies = [data.draw(st.integers(0, len(t))) for t in texts]
    documents, starts, ends = document_spans(texts, bodies)
    alone = [
        (k, body + a, body + b)
        for k, (text, body) in enumerate(zip(texts, bodies))
        for a, b in sentence_spans(text[body:])
    ]
    assert list(zip(documents.tolist(), starts.tolist(), ends.tolist())) == alone


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(_PIECE, st.just("\U0001f600")), max_size=12).map(" ".join), max_size=6
    ),
    st.data(),
)
def test_documents_split_in_their_arrow_bytes_as_each_alone(texts, data):
    # The loader splits a table's documents in the bytes of its Arrow text column: in place
    # where a document is ASCII, from its decoded image where it is not (a character of two,
    # three or four bytes, one Windows-1252 lacks).
    import numpy as np
    import pyarrow as pa

    from conflict_corpus.engine.arrow import arrow_rows
    from conflict_corpus.segment import buffer_spans

    bodies = [data.draw(st.integers(0, len(t))) for t in texts]
    buf, byte_starts, byte_ends = arrow_rows(pa.array(texts, type=pa.large_string()))
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    documents, starts, ends = buffer_spans(buf, byte_starts, byte_ends, lengths, bodies)
    alone = [
        (k, body + a, body + b)
        for k, (text, body) in enumerate(zip(texts, bodies))
        for a, b in sentence_spans(text[body:])
    ]
    assert list(zip(documents.tolist(), starts.tolist(), ends.tolist())) == alone
