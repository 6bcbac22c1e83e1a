"""Entity counts on the seed corpus (sentence rows): the numbers notebook 02 reports."""

import pandas as pd
import pytest

import helpers


@pytest.fixture(scope="module")
def mentions(sents):
    return helpers.find_entities(sents)


@pytest.fixture(scope="module")
def freq(mentions, sents):
    return helpers.entity_frequency(mentions, sents).set_index("entity")


def sentence_ids(mentions, entity):
    return sorted(set(mentions.loc[mentions["entity"] == entity, "sentence_id"]))


def test_the_shipped_gazetteer_is_well_formed():
    gazetteer = helpers.load_gazetteer()
    assert set(gazetteer["type"]) == set(helpers.ENTITY_TYPES) | {helpers.BLOCK}
    assert gazetteer["source"].notna().all(), "every alias says where it came from"
    # every canonical name is itself one of its aliases (blocker rows name no entity)
    entities = gazetteer[gazetteer["type"] != helpers.BLOCK]
    canonical = entities.groupby("entity")["alias"].apply(set)
    assert all(entity in aliases for entity, aliases in canonical.items())


def test_mahdi_army_in_every_sentence_sixteen_mentions(freq, mentions):
    assert freq.loc["Mahdi Army", ["mentions", "sentences"]].tolist() == [16, 15]
    assert freq.loc["Mahdi Army", "share"] == 1.0
    assert mentions.loc[mentions["sentence_id"] == 17, "entity"].tolist().count("Mahdi Army") == 2
    line6 = mentions[(mentions["sentence_id"] == 6) & (mentions["entity"] == "Mahdi Army")]
    assert line6["surface"].tolist() == ["Mahdi Army militia"]


def test_muqtada_al_sadr_in_seven_sentences(mentions):
    assert sentence_ids(mentions, "Muqtada al-Sadr") == [1, 5, 7, 8, 11, 15, 16]
    surfaces = set(mentions.loc[mentions["entity"] == "Muqtada al-Sadr", "surface"])
    assert surfaces == {"Muqtada al-Sadr", "Muqtada el-Sadr", "Moqtada al-Sadr", "Mr Sadr"}


def test_sadr_city_is_a_place_and_sadrists_a_movement(mentions):
    line17 = mentions[mentions["sentence_id"] == 17]
    assert "Muqtada al-Sadr" not in set(line17["entity"])
    assert line17.loc[line17["surface"] == "Sadr City", "type"].tolist() == ["PLACE"]
    line13 = mentions[mentions["sentence_id"] == 13].set_index("surface")
    assert line13.loc["Sadrists", "entity"] == "Sadrist Movement"


def test_maliki_in_two_sentences_and_the_headline(mentions, corpus):
    assert sentence_ids(mentions, "Nouri al-Maliki") == [12, 13]
    headlines = helpers.find_entities(corpus[corpus["kind"] == "headline"])
    maliki = headlines[headlines["entity"] == "Nouri al-Maliki"]
    assert maliki[["sentence_id", "surface"]].values.tolist() == [[14, "Nuri al-Maliki"]]


@pytest.mark.parametrize(
    "entity, ids",
    [
        ("Najaf", [2, 11, 16]),
        ("Karbala", [15]),
        ("Ali al-Sistani", [8]),
        ("Ayad Allawi", [11]),
        ("Ryan Crocker", [15]),
    ],
)
def test_places_and_people_named_once_or_thrice(mentions, entity, ids):
    assert sentence_ids(mentions, entity) == ids


def test_sistani_is_one_mention_with_his_titles(mentions):
    sistani = mentions[mentions["entity"] == "Ali al-Sistani"]
    assert sistani["surface"].tolist() == ["Grand Ayatollah Ali al-Sistani"]


def test_variant_table_counts_each_spelling(mentions):
    variants = helpers.entity_variants(mentions, ["Muqtada al-Sadr"])
    assert variants[["surface", "count"]].values.tolist() == [
        ["Muqtada al-Sadr", 4],
        ["Moqtada al-Sadr", 1],
        ["Mr Sadr", 1],
        ["Muqtada el-Sadr", 1],
    ]
    assert variants["count"].sum() == 7


def test_surface_equals_text_between_offsets_on_the_seed(mentions, sents):
    texts = dict(zip(sents["sentence_id"], sents["text"]))
    assert all(
        texts[s][a:b] == surface
        for s, surface, a, b in mentions[["sentence_id", "surface", "start", "end"]].itertuples(
            index=False
        )
    )


def test_discovery_lists_uncovered_capitalised_names(mentions, sents):
    uncovered = helpers.uncovered_names(sents, mentions)
    # Basra's people (line 9) and an office (line 12, "Iraqi Prime Minister Nouri al-Maliki",
    # "Iraqi" dropped as a nationality adjective); months ("April", "August") and "Iraqi"
    # alone are not names (data/not_names.txt); covered names and sentence-initial capitals
    # ("Rogue", "Many", "Perhaps") are not reported.
    assert uncovered[["name", "count", "sentences"]].values.tolist() == [
        ["Basrawis", 1, 1],
        ["Prime Minister", 1, 1],
    ]


def test_empty_corpus_gives_empty_tables():
    empty = pd.DataFrame({"sentence_id": pd.Series([], dtype="int64"), "text": []})
    mentions = helpers.find_entities(empty)
    assert mentions.empty and list(mentions.columns) == helpers.MENTION_COLUMNS
    assert helpers.entity_frequency(mentions, empty).empty
