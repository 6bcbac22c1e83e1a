"""Descriptors are not actors: an adjective of religion, sect or nation that modifies the word
after it ("Shiite cleric Muqtada al-Sadr", "American officials") is a mention with role
``descriptor``, and co-occurrence counts actors unless asked for descriptors."""

import pandas as pd
import pytest

import helpers
from conftest import write


def roles(text, gazetteer=None):
    """(surface, role) of each mention in one sentence, by the shipped alias table."""
    mentions = helpers.find_entities(pd.DataFrame({"sentence_id": [1], "text": [text]}), gazetteer)
    return list(zip(mentions["surface"], mentions["role"]))


@pytest.mark.parametrize(
    "text, expected",
    [
        # An adjective before a noun or a name: a descriptor.
        (
            "Shiite cleric Muqtada al-Sadr spoke.",
            [("Shiite", "descriptor"), ("Muqtada al-Sadr", "actor")],
        ),
        (
            "American officials and British troops left.",
            [("American", "descriptor"), ("British", "descriptor")],
        ),
        ("A Shia militia and Sunni Arabs.", [("Shia", "descriptor"), ("Sunni", "descriptor")]),
        # Joined by a hyphen to the word it modifies.
        ("The Shiite-led government.", [("Shiite", "descriptor")]),
        ("Iranian-backed groups.", [("Iranian", "descriptor")]),
        # Adjectives joined by "and", "or" or commas share the noun after the last one.
        (
            "Shiite, Sunni and Kurdish leaders met.",
            [("Shiite", "descriptor"), ("Sunni", "descriptor"), ("Kurdish", "descriptor")],
        ),
        ("Shia or Sunni clerics.", [("Shia", "descriptor"), ("Sunni", "descriptor")]),
        # The same words as nouns, or at the end of a clause: actors.
        ("Talks with the Shia in Basra.", [("Shia", "actor"), ("Basra", "actor")]),
        ("The Shia and the Sunnis.", [("Shia", "actor"), ("Sunnis", "actor")]),
        (
            "He blamed the Americans, the Iranians and the British.",
            [("Americans", "actor"), ("Iranians", "actor"), ("British", "actor")],
        ),
        ("Tension between Shia and Sunni.", [("Shia", "actor"), ("Sunni", "actor")]),
        # A name is never a descriptor, whatever follows it.
        ("Iran armed Sadr militias.", [("Iran", "actor"), ("Sadr", "actor")]),
    ],
)
def test_an_adjective_that_modifies_the_next_word_is_a_descriptor(text, expected):
    assert roles(text) == expected


def test_an_alias_table_without_forms_names_actors_only(tmp_path):
    path = write(tmp_path, "g.csv", "entity,type,alias\nShia,GROUP,Shiite\n")
    assert roles("Shiite cleric.", helpers.load_gazetteer(path)) == [("Shiite", "actor")]


def test_the_shipped_adjectives_are_of_religion_sect_or_nation():
    gazetteer = helpers.load_gazetteer()
    adjectives = gazetteer[gazetteer["form"] == "adjective"]
    assert sorted(adjectives["alias"]) == [
        "American",
        "British",
        "Iranian",
        "Kurdish",
        "Shi'a",
        "Shi'ah",
        "Shi'i",
        "Shi'ite",
        "Shia",
        "Shiite",
        "Sunni",
    ]
    assert set(adjectives["type"]) == {"GROUP"}


def test_co_occurrence_counts_actors_unless_asked_for_descriptors():
    sents = pd.DataFrame(
        {
            "sentence_id": [1, 2, 3],
            "text": [
                "Shiite cleric Muqtada al-Sadr met American officials.",
                "Muqtada al-Sadr spoke to the Shia of Najaf.",
                "In Basra the Shia, not the Sunnis, marched.",
            ],
        }
    )
    mentions = helpers.find_entities(sents)
    table = helpers.cooccurrence(mentions)
    # As actors: Shia in sentences 2 and 3, with Muqtada al-Sadr in 2; the United States never.
    assert table.loc["Muqtada al-Sadr", "Shia"] == 1 and table.loc["Shia", "Shia"] == 2
    assert "United States" not in table.index
    both = helpers.cooccurrence(mentions, descriptors=True)
    assert both.loc["Muqtada al-Sadr", "Shia"] == 2 and both.loc["Shia", "Shia"] == 3
    assert both.loc["Muqtada al-Sadr", "United States"] == 1
    pairs = helpers.cooccurrence_pairs(mentions, sents)
    named = sorted(map(sorted, pairs[["entity_a", "entity_b"]].to_numpy().tolist()))
    assert named == [
        ["Basra", "Shia"],
        ["Basra", "Sunni"],
        ["Muqtada al-Sadr", "Najaf"],
        ["Muqtada al-Sadr", "Shia"],
        ["Najaf", "Shia"],
        ["Shia", "Sunni"],
    ]


def test_notebook_03_says_how_many_descriptors_it_left_out():
    from conflict_corpus.prose import descriptors_sentence

    sents = helpers.sentences(helpers.load_corpus())
    frequency = helpers.entity_frequency(helpers.find_entities(sents), sents)
    # In the seed: Shiite (1), Shia insurgents (7), Shia cleric and Shia groups (8), Shia
    # parties (9), Shia leader and fellow-Shia worshippers (15), Shia preacher (16); Sunni
    # bombers (13); anti-American Iraqi (15), American occupation (16), American forces (17).
    assert descriptors_sentence(frequency) == (
        '**Actors only.** 12 mentions are adjectives before the words they modify ("Shiite '
        'cleric", "American forces"): descriptors, left out of these counts (Shia 8, United '
        "States 3, Sunni 1)."
    )
    assert frequency.set_index("entity").loc[["Shia", "Sunni"], "descriptors"].tolist() == [8, 1]
