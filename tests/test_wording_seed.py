"""Ceasefire and disarmament wording on the seed, with the shipped lexicon."""

import pandas as pd
import pytest

import helpers


@pytest.fixture(scope="module")
def frames(sents):
    return helpers.find_frames(sents)


def matches(frames, frame):
    rows = frames[frames["frame"] == frame]
    return [(sid, surface) for sid, surface in zip(rows["sentence_id"], rows["surface"])]


def test_shipped_lexicon_and_cues_load():
    lexicon = helpers.load_lexicon()
    assert {"ceasefire", "disarmament", "surrender", "violence", "enforcement"} <= set(
        lexicon["frame"]
    )
    assert set(helpers.load_stance_cues()["stance"]) == set(helpers.CUE_ACTS + helpers.MODIFIERS)


def test_ceasefire_language_and_its_stance(frames):
    rows = frames[frames["frame"] == "ceasefire"]
    assert rows[["sentence_id", "surface", "stance", "cameo", "plover"]].values.tolist() == [
        # "ignoring ... the ceasefire order": the order is violated (CAMEO 196, PLOVER ASSAULT)
        [1, "ceasefire order", "violated", "196", "ASSAULT"],
        # "said the cease-fire is still in effect": kept, no new event
        [4, "cease-fire", "kept", None, None],
        # "told his men to stop attacking": declared (0871 declare truce)
        [15, "stop attacking", "declared", "0871", "RETREAT"],
        # "he ended the uprising": the match's own act
        [16, "ended the uprising", "declared", "0871", "RETREAT"],
    ]


def test_disarmament_and_surrender_language(frames):
    assert matches(frames, "disarmament") == [
        (3, "lays down its arms"),
        (3, "lays their guns"),
        (6, "disbanded"),
        (13, "put away their guns"),
    ]
    assert matches(frames, "surrender") == [(3, "puts up their hands")]
    rows = frames[frames["frame"] == "disarmament"]
    # Line 3 is a question ("Does that mean the Mahdi Army lays down its arms ...?"), line 6 a
    # precondition ("would not stop until all militias ... were disbanded": the "not" is the
    # main clause's), line 13 persuasion ("to persuade their Mahdi Army militiamen to put
    # away their guns").
    assert rows["stance"].tolist() == ["conditional", "conditional", "demanded", "called_for"]
    assert rows["cameo"].tolist() == [None, None, "1056", "0256"]


def test_nothing_on_lines_17_and_18(corpus):
    frames = helpers.find_frames(corpus[corpus["sentence_id"].isin([17, 18])])
    assert not frames["frame"].isin(["ceasefire", "disarmament"]).any()


def test_surface_is_text_between_offsets(frames, sents):
    texts = dict(zip(sents["sentence_id"], sents["text"]))
    assert all(
        texts[s][a:b] == surface
        for s, surface, a, b in frames[["sentence_id", "surface", "start", "end"]].itertuples(
            index=False
        )
    )


def test_kwic_of_mahdi_army_has_sixteen_lines(sents):
    lines = helpers.kwic(sents, "Mahdi Army")
    assert len(lines) == 16
    assert lines["sentence_id"].value_counts()[17] == 2
    first = lines.iloc[0]
    assert (first["left"], first["match"], first["right"]) == (
        "Rogue elements of the",
        "Mahdi Army",
        "are ignoring Shiite cleric Muqtada",
    )


@pytest.mark.parametrize(
    "text, frame, surface",
    [
        ("The militia lays down its arms.", "disarmament", "lays down its arms"),
        ("They were told to put away their guns.", "disarmament", "put away their guns"),
        ("Fighters began to hand over their weapons.", "disarmament", "hand over their weapons"),
        (
            "Sadr froze the militia's activities for six months.",
            "ceasefire",
            "froze the militia's activities",
        ),
        ("He told his men to stop attacking.", "ceasefire", "stop attacking"),
        ("He ended the uprising in August.", "ceasefire", "ended the uprising"),
        ("Sadr ordered his militia to stand down.", "disarmament", "stand down"),
        ("A cease fire was agreed.", "ceasefire", "cease fire"),
        ("Both sides signed a truce.", "ceasefire", "truce"),
        ("The government demanded that the militia disarm.", "disarmament", "disarm"),
    ],
)
def test_real_news_wordings_are_found(text, frame, surface):
    found = helpers.find_frames(pd.DataFrame({"sentence_id": [1], "text": [text]}))
    assert (frame, surface) in list(zip(found["frame"], found["surface"]))


@pytest.mark.parametrize(
    "text",
    [
        "The deceased were buried in Najaf.",
        "Inspectors looked for weapons of mass destruction.",
        "Iraq was told to give up its weapons of mass destruction.",
    ],
)
def test_no_false_alarms(text):
    found = helpers.find_frames(pd.DataFrame({"sentence_id": [1], "text": [text]}))
    assert not found["frame"].isin(["ceasefire", "disarmament"]).any()
