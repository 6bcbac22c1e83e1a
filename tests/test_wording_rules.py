"""Every feature of the lexicon pattern language, each with a sentence written for it."""

import pandas as pd
import pytest

import helpers
from conftest import write

STANCE = """stance,pattern,note
violated,ignor~,
kept,in effect,
declared,order~,
demanded,call~ for,
extended,extend~,
"""


def frames(text, rows, tmp_path):
    lexicon = write(
        tmp_path, "lex.csv", "# a comment line\nframe,pattern,cameo,unless,note\n" + rows
    )
    cues = write(tmp_path, "cues.csv", STANCE)
    corpus = pd.DataFrame({"sentence_id": [1], "text": [text]})
    found = helpers.find_frames(corpus, lexicon, cues)
    assert (found["surface"] == [text[a:b] for a, b in zip(found["start"], found["end"])]).all()
    return found


def surfaces(text, rows, tmp_path):
    return frames(text, rows, tmp_path)["surface"].tolist()


def test_hyphen_space_or_nothing(tmp_path):
    rows = "ceasefire,cease-fire,0871,,\n"
    text = "A ceasefire, a cease-fire and a cease fire, but not the deceased."
    assert surfaces(text, rows, tmp_path) == ["ceasefire", "cease-fire", "cease fire"]


def test_verb_inflections_regular_and_irregular(tmp_path):
    rows = "disarmament,lay~ down arms,0873,,\nceasefire,stop~ attacking,0871,,\n"
    text = (
        "They lay down arms, he lays down arms, she laid down arms, laying down arms; "
        "they stopped attacking."
    )
    assert surfaces(text, rows, tmp_path) == [
        "lay down arms",
        "lays down arms",
        "laid down arms",
        "laying down arms",
        "stopped attacking",
    ]


def test_prefix_is_still_a_whole_word(tmp_path):
    rows = "disarmament,disband*,0873,,\n"
    assert surfaces("disband, disbanded, disbandment, undisbanded", rows, tmp_path) == [
        "disband",
        "disbanded",
        "disbandment",
    ]


def test_alternatives_optional_words_and_gaps(tmp_path):
    rows = "disarmament,(hand~|turn~) over .. (weapons|arms),0873,,\n"
    text = "They handed over their heavy weapons and turned over arms."
    assert surfaces(text, rows, tmp_path) == ["handed over their heavy weapons", "turned over arms"]
    rows = "disarmament,(lay~) down? (its|their)? (arms|guns),0873,,\n"
    text = "It lays down its arms and, you know, lays their guns."
    assert surfaces(text, rows, tmp_path) == ["lays down its arms", "lays their guns"]
    rows = "disarmament,hand~ (weapons|arms) ..2 over,0873,,\n"
    assert surfaces("handing weapons back over", rows, tmp_path) == ["handing weapons back over"]


def test_gap_never_crosses_the_limit(tmp_path):
    rows = "disarmament,hand~ ..1 weapons,0873,,\n"
    assert surfaces("hand the heavy weapons", rows, tmp_path) == []


def test_unless_cancels_weapons_of_mass_destruction(tmp_path):
    rows = "disarmament,give~ up (weapons|arms),0873,of mass destruction,\n"
    assert surfaces("Iraq was told to give up weapons of mass destruction.", rows, tmp_path) == []
    assert surfaces("The militia agreed to give up weapons.", rows, tmp_path) == ["give up weapons"]


def test_longest_match_over_the_whole_lexicon(tmp_path):
    rows = "violence,attack~,190,,\nceasefire,stop~ attack~,0871,,\n"
    found = frames("He told his men to stop attacking; they kept attacking.", rows, tmp_path)
    assert found[["frame", "surface"]].values.tolist() == [
        ["ceasefire", "stop attacking"],
        ["violence", "attacking"],
    ]
    assert found["cameo"].tolist() == ["0871", "190"]


def test_stance_from_cues_with_priority(tmp_path):
    rows = "ceasefire,cease-fire,0871,,\n"
    found = frames(
        "Rogue elements are ignoring the seven-month-old cease-fire order.", rows, tmp_path
    )
    assert found["stance"].tolist() == ["violated"]  # violated outranks the "order" cue
    assert frames("The cease-fire is still in effect.", rows, tmp_path)["stance"].tolist() == [
        "kept"
    ]
    assert frames("He called for a cease-fire.", rows, tmp_path)["stance"].tolist() == ["demanded"]
    assert frames("A cease-fire.", rows, tmp_path)["stance"].isna().all()


def test_stance_only_for_ceasefire(tmp_path):
    rows = "disarmament,disarm*,0873,,\n"
    assert frames("They ignored calls to disarm.", rows, tmp_path)["stance"].isna().all()


@pytest.mark.parametrize(
    "rows, message",
    [
        ("ceasefire,,0871,,\n", r"lex\.csv: line 3: the 'pattern' cell is empty"),
        ("Cease Fire,truce,0871,,\n", r"lex\.csv: line 3: frame 'Cease Fire' must be a lower-case"),
        ("ceasefire,truce,87a,,\n", r"lex\.csv: line 3: CAMEO code '87a'"),
        ("ceasefire,.. truce,0871,,\n", r"lex\.csv: line 3: '\.\. truce' must start and end"),
        ("ceasefire,(truce|,0871,,\n", r"lex\.csv: line 3: cannot read '\(truce\|'"),
    ],
)
def test_malformed_lexicon_row_names_file_and_line(tmp_path, rows, message):
    path = write(tmp_path, "lex.csv", "# comment\nframe,pattern,cameo,unless,note\n" + rows)
    with pytest.raises(helpers.CorpusError, match=message):
        helpers.load_lexicon(path)


def test_unknown_stance_is_refused(tmp_path):
    path = write(tmp_path, "cues.csv", "stance,pattern,note\nhopeful,hope~,\n")
    with pytest.raises(helpers.CorpusError, match=r"cues\.csv: line 2: unknown stance 'hopeful'"):
        helpers.load_stance_cues(path)


# --- kwic --------------------------------------------------------------------------------------


def test_kwic_word_phrase_and_regex():
    corpus = pd.DataFrame(
        {
            "sentence_id": [1, 2],
            "text": [
                "one two three four five six Mahdi Army seven eight nine ten eleven",
                "The cease-fire held; the cease fire, the ceasefire.",
            ],
        }
    )
    row = helpers.kwic(corpus, "Mahdi Army", window=3).iloc[0]
    assert (row["left"], row["match"], row["right"]) == (
        "four five six",
        "Mahdi Army",
        "seven eight nine",
    )
    assert helpers.kwic(corpus, "cease fire")["match"].tolist() == ["cease-fire", "cease fire"]
    assert helpers.kwic(corpus, r"cease-?\s?fire", regex=True)["match"].tolist() == [
        "cease-fire",
        "cease fire",
        "ceasefire",
    ]
    assert helpers.kwic(corpus, "army")["sentence_id"].tolist() == [1]
