"""Names match across runs of spaces, decomposed accents, soft hyphens and zero-width
characters, the same way in entities, frames and KWIC; offsets stay those of the text."""

import unicodedata

import pandas as pd
import pytest

import helpers

CLEAN = "Moqtada al-Sadr said the Mahdi Army would keep the ceasefire."
# The same sentence as scraped text writes it: NFD accents, a soft hyphen, zero-width
# characters and doubled spaces inside the names and the frame word.
VARIANTS = {
    "double spaces": "Moqtada al-Sadr said the Mahdi  Army would keep the cease  fire.",
    "decomposed accent": unicodedata.normalize(
        "NFD", "Moqtada al-Ṣadr said the Mahdi Army would keep the ceasefire."
    ),
    "soft hyphen": (
        "Moqtada al-Sa\u00addr said the Mah\u00addi Army would keep the cease\u00adfire."
    ),
    "zero-width joiner": (
        "Moqtada al-Sa\u200ddr said the Mahdi\u200b Army would keep the cease\u200dfire."
    ),
    "zero-width space first": (
        "\u200bMoqtada al-Sadr said the \u200bMahdi Army would keep the \u200bceasefire."
    ),
}


def _found(text):
    corpus = pd.DataFrame({"sentence_id": [1], "text": [text]})
    mentions = helpers.find_entities(corpus)
    frames = helpers.find_frames(corpus)
    for table in (mentions, frames):  # surfaces are the text's own characters
        assert [text[a:b] for a, b in zip(table["start"], table["end"])] == table[
            "surface"
        ].tolist()
    return (
        mentions["entity"].tolist(),
        frames[["frame", "stance"]].astype(object).values.tolist(),
        helpers.kwic_count(corpus, "Mahdi Army"),
    )


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_invisible_differences_change_no_match(name):
    assert _found(VARIANTS[name]) == _found(CLEAN)
    assert _found(CLEAN)[0] == ["Muqtada al-Sadr", "Mahdi Army"]


def test_a_soft_hyphen_or_an_accent_does_not_join_a_name_to_another_word():
    texts = ["The Sadr\u00adist bloc met.", "Sadr\u0323 spoke.", "The Mahdi Ar\u00admy fought."]
    corpus = pd.DataFrame({"sentence_id": [1, 2, 3], "text": texts})
    mentions = helpers.find_entities(corpus)
    assert mentions[["sentence_id", "entity", "surface"]].values.tolist() == [
        [1, "Sadrist Movement", "Sadr\u00adist bloc"],  # one word, read as "Sadrist"
        [2, "Muqtada al-Sadr", "Sadr\u0323"],  # the mark belongs to the name's last letter
        [3, "Mahdi Army", "Mahdi Ar\u00admy"],
    ]


def test_spellings_that_differ_only_invisibly_are_one_spelling():
    texts = [
        CLEAN,
        VARIANTS["double spaces"],
        VARIANTS["decomposed accent"],
        VARIANTS["soft hyphen"],
    ]
    corpus = pd.DataFrame({"sentence_id": range(1, 5), "text": texts})
    variants = helpers.entity_variants(helpers.find_entities(corpus), ["Mahdi Army"])
    assert variants["count"].tolist() == [4]
