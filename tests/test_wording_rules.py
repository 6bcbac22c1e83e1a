"""Every feature of the lexicon pattern language, each with a sentence written for it."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import helpers
from conftest import write

STANCE = """stance,pattern,note
violated,ignor~,
kept,in effect,
declared,order~,
called_for,call~ for,
extended,extend~,
negation,not,
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


def one_sentence(text):
    """``find_frames`` of one sentence by the shipped lexicon and cues."""
    return helpers.find_frames(pd.DataFrame({"sentence_id": [1], "text": [text]}))


def shipped(text, *columns):
    """The ceasefire and disarmament matches of one sentence by the shipped lexicon and cues,
    as lists of ``columns``."""
    found = one_sentence(text)
    return found.loc[
        found["frame"].isin(["ceasefire", "disarmament"]), list(columns)
    ].values.tolist()


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


@pytest.mark.parametrize(
    "verb, forms",
    [
        ("sell", ["sell", "selling", "sells", "sold"]),
        ("get", ["get", "gets", "getting", "got", "gotten"]),
        ("stick", ["stick", "sticking", "sticks", "stuck"]),
        ("fall", ["fall", "fallen", "falling", "falls", "fell"]),
        ("leave", ["leave", "leaves", "leaving", "left"]),
        ("wind", ["wind", "winding", "winds", "wound"]),
        ("unfreeze", ["unfreeze", "unfreezes", "unfreezing", "unfroze", "unfrozen"]),
        ("show", ["show", "showed", "showing", "shown", "shows"]),
    ],
)
def test_irregular_verbs_of_the_curated_files_have_their_past_forms(verb, forms):
    # (English's own forms, written out: "sold", never "selled".)
    assert helpers.inflections(verb) == forms


@pytest.mark.parametrize(
    "text, frame, surface, stance, cue",
    [
        (
            "The fighters sold their rifles to the government.",
            "disarmament",
            "sold their rifles to the government",
            "declared",
            "(the wording itself)",
        ),
        (
            "The militia got rid of its weapons.",
            "disarmament",
            "got rid of its weapons",
            "declared",
            "(the wording itself)",
        ),
        ("The rebels stuck to the truce.", "ceasefire", "truce", "kept", "stuck to"),
        (
            "The Mahdi Army wound down its attacks.",
            "ceasefire",
            "wound down its attacks",
            "declared",
            "(the wording itself)",
        ),
    ],
)
def test_a_pattern_verb_matches_its_irregular_past(text, frame, surface, stance, cue):
    found = one_sentence(text)
    assert found[["frame", "surface", "stance", "cue"]].values.tolist() == [
        [frame, surface, stance, cue]
    ]


def test_a_verb_of_two_syllables_matches_with_its_last_letter_doubled_or_not(tmp_path):
    # "commit" doubles its "t" (committed), "visit" does not (visited): the spelling does not
    # say which, so a pattern's verb matches both.
    rows = "ceasefire,commit~ to (a|the) truce,0871,,\nceasefire,visit~ the truce line,0871,,\n"
    text = (
        "They committed to a truce; committing to the truce; they commit to a truce. "
        "Monitors visited the truce line."
    )
    assert surfaces(text, rows, tmp_path) == [
        "committed to a truce",
        "committing to the truce",
        "commit to a truce",
        "visited the truce line",
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
    # No cue says what happens to the ceasefire ("told" is not a cue here): no event, no code.
    assert found["cameo"].tolist() == [None, "190"]


def test_stance_from_the_nearest_cue(tmp_path):
    rows = "ceasefire,cease-fire,0871,,\n"
    found = frames("Rogue elements are ignoring the seven-month-old cease-fire.", rows, tmp_path)
    assert found["stance"].tolist() == ["violated"]
    assert frames("The cease-fire is still in effect.", rows, tmp_path)["stance"].tolist() == [
        "kept"
    ]
    assert frames("He called for a cease-fire.", rows, tmp_path)["stance"].tolist() == [
        "called_for"
    ]
    assert frames("A cease-fire.", rows, tmp_path)["stance"].isna().all()
    # The nearest act governs: "ordered" is nearer than "ignored" here.
    assert frames("They ignored him, but he ordered a cease-fire.", rows, tmp_path)[
        "stance"
    ].tolist() == ["declared"]


def test_disarmament_has_a_stance_too(tmp_path):
    rows = "disarmament,disarm*,0873,,\n"
    found = frames("They called for the militias to disarm.", rows, tmp_path)
    assert found[["stance", "cameo"]].values.tolist() == [["called_for", "0256"]]
    found = frames("Disarmament is not in effect.", rows, tmp_path)  # "not" only negates
    assert found["stance"].tolist() == ["violated"]
    # A comma that no other closes ends the clause: "in effect" is not the match's cue there.
    found = frames("They did not disarm, in effect.", rows, tmp_path)
    assert found["stance"].isna().all()


@pytest.mark.parametrize(
    "text, frame, stance, cameo",
    [
        # "lasting" says how long a truce is meant to run, not that it holds.
        ("The envoys called for a lasting ceasefire.", "ceasefire", "called_for", "0256"),
        ("Ghani announced a ceasefire lasting until June.", "ceasefire", "declared", "0871"),
        # What talks end in has happened.
        ("Contacts with both sides yielded a truce in May.", "ceasefire", "declared", "0871"),
        ("The talks in Cairo led to a ceasefire.", "ceasefire", "declared", "0871"),
        # A refusal said of the act itself.
        (
            "Handing over the weapons was out of the question, he said.",
            "disarmament",
            "rejected",
            "1246",
        ),
        ("Disarmament is not up for negotiation.", "disarmament", "rejected", "1246"),
        # negation, condition and modality
        ("The truce did not hold.", "ceasefire", "violated", "196"),
        ("No ceasefire was agreed.", "ceasefire", None, None),
        ("If the ceasefire holds, troops will leave.", "ceasefire", "conditional", None),
        ("Nobody violated the ceasefire.", "ceasefire", "kept", None),
        ("Sadr threatened to abandon the ceasefire.", "ceasefire", "threatened", "138"),
        ("The truce could collapse at any time.", "ceasefire", "conditional", None),
        ("Will the Mahdi Army lay down its arms?", "disarmament", "conditional", None),
        # a question is the sentence's, whatever full stops of abbreviations stand before its
        # mark; a sentence that ends first is no question
        (
            "Will the Mahdi Army lay down its arms in the U.S. zone?",
            "disarmament",
            "conditional",
            None,
        ),
        (
            "Will the gunmen lay down their arms by 9 a.m. on Monday?",
            "disarmament",
            "conditional",
            None,
        ),
        (
            "The truce took hold near Gen. Odierno's base, did it not?",
            "ceasefire",
            "conditional",
            None,
        ),
        ("The truce held in Kut. Will it last?", "ceasefire", "kept", None),
        # names or signatures put to a truce sign it; a truce put back in place is restored
        (
            "The two leaders put their names to a peace accord in Geneva.",
            "ceasefire",
            "declared",
            "057",
        ),
        (
            "Both commanders put their signatures on Friday to a permanent ceasefire.",
            "ceasefire",
            "declared",
            "0871",
        ),
        (
            "The group put its old ceasefire back in place from midnight.",
            "ceasefire",
            "declared",
            "0871",
        ),
        ("The truce remained in place all summer.", "ceasefire", "kept", None),
        ("Both sides committed to a permanent ceasefire.", "ceasefire", "agreed", "0356"),
        ("The PKK answered by proclaiming an immediate truce.", "ceasefire", "declared", "0871"),
        # a party's own unit disbanded in the active past is the act; the passive is not
        ("Sadr disbanded his blue hats after the killings.", "disarmament", "declared", "0873"),
        ("The group dissolved all its structures in 2018.", "disarmament", "declared", "0873"),
        # a precondition is a clause of its own: the main clause's negation does not reach it,
        # and a refusal before it stays a refusal
        (
            "He would not stop until all militias in Iraq were disbanded.",
            "disarmament",
            "demanded",
            "1056",
        ),
        (
            "There could be no talks until all militias had been disarmed.",
            "disarmament",
            "demanded",
            "1056",
        ),
        (
            "The spokesman said the militia would not disarm until the Americans had left.",
            "disarmament",
            "rejected",
            "1246",
        ),
        # ... whatever its subject: a pronoun, an article, a bare noun; "only if" and "only
        # when" as "only after"
        (
            "Maliki said the Sadrists would be shut out of the polls unless they disbanded the "
            "militia.",
            "disarmament",
            "demanded",
            "1056",
        ),
        (
            "No negotiation could happen unless a cessation of hostilities came first.",
            "ceasefire",
            "demanded",
            "1056",
        ),
        (
            "The minister said negotiations could restart only if the rebels disarmed first.",
            "disarmament",
            "demanded",
            "1056",
        ),
        (
            "The raids would end only when the militia handed in its weapons.",
            "disarmament",
            "demanded",
            "1056",
        ),
        # a proviso after the match, a few words on in its clause, is a condition too; after
        # "even" it is a concession, and past a comma it is another clause
        (
            "Sadr promised that the operations would end for good if the pullout was completed.",
            "ceasefire",
            "conditional",
            None,
        ),
        (
            "Sadr promised to disband the Mahdi Army completely provided American forces "
            "started leaving.",
            "disarmament",
            "conditional",
            None,
        ),
        (
            "The rebels would lay down their arms on condition that the troops withdrew.",
            "disarmament",
            "conditional",
            None,
        ),
        (
            "Sadr said the Mahdi Army would stay frozen even if the Americans stayed.",
            "ceasefire",
            "kept",
            None,
        ),
        ("The gunmen held their fire, if only for a day.", "ceasefire", "declared", "0871"),
        # a truce arranged is one made
        ("Iraqi soldiers arranged a truce by the afternoon.", "ceasefire", "declared", "0871"),
        # a refusal of a call, a demand or an offer to do it is a refusal of the act, whoever
        # made the call; the call alone stays a call
        (
            "The Sadrists rejected the council's call for all parties to dissolve their militias.",
            "disarmament",
            "rejected",
            "1246",
        ),
        (
            "The Taliban turned down the president's appeal to extend the ceasefire.",
            "ceasefire",
            "rejected",
            "1246",
        ),
        ("The rebels refused the offer of a truce.", "ceasefire", "rejected", "1246"),
        ("The envoy renewed his call for a ceasefire.", "ceasefire", "called_for", "0256"),
        # "unless" before a subject is an ultimatum whose condition is the act; after the match,
        # on its actors' own state, it is no cue of the act
        (
            "The cleric said his movement would stay out of government unless the militia was "
            "disbanded.",
            "disarmament",
            "demanded",
            "1056",
        ),
        (
            "Unless the brigades were dissolved, the minister said, there would be no talks.",
            "disarmament",
            "demanded",
            "1056",
        ),
        (
            "Sadr told his men to hold their fire unless they were attacked.",
            "ceasefire",
            "declared",
            "0871",
        ),
        # an ultimatum with a date between its time and its infinitive
        (
            "The governor gave the militiamen of the old city 48 hours on June 1, 2009 to "
            "surrender their weapons.",
            "disarmament",
            "demanded",
            "1056",
        ),
        # declarations that had no stance
        ("They negotiated a truce in Najaf.", "ceasefire", "declared", "0871"),
        ("Both sides sealed a peace deal.", "ceasefire", "declared", "057"),
        (
            "Sadr suspended the militia's activities for six months.",
            "ceasefire",
            "declared",
            "0871",
        ),
        ("The freeze was extended for six months.", "ceasefire", "extended", "0871"),
        # events coded by the act, not the keyword
        ("Sadr called for a ceasefire.", "ceasefire", "called_for", "0256"),
        ("The Americans demanded a ceasefire.", "ceasefire", "demanded", "1056"),
        ("Sadr agreed to a ceasefire.", "ceasefire", "agreed", "0356"),
        ("The Sadrists rejected the truce.", "ceasefire", "rejected", "1246"),
        ("Gunmen broke the ceasefire.", "ceasefire", "violated", "196"),
        ("The Mahdi Army refused to disarm.", "disarmament", "rejected", "1246"),
        ("The militia handed over its heavy weapons.", "disarmament", "declared", "0873"),
        ("The Mahdi Army will never disarm.", "disarmament", "rejected", "1246"),
        # an infinitive governed by the verb of asking, demanding, refusing or threatening it
        # completes, however far back in its clause that verb stands
        (
            "The envoy urged both militias on Sunday evening to renew the expired truce.",
            "ceasefire",
            "called_for",
            "0256",
        ),
        (
            "Tribal elders called on the gunmen in the two districts to disband.",
            "disarmament",
            "called_for",
            "0256",
        ),
        ("The commander refused to observe the ceasefire.", "ceasefire", "rejected", "1246"),
        (
            "He threatened on Friday in a sermon to lift the freeze on the Mahdi Army.",
            "ceasefire",
            "threatened",
            "138",
        ),
        # a cue in another clause, after "but" or before "while", does not count
        ("Sadr agreed to talks but the truce is fragile.", "ceasefire", None, None),
        ("The truce is fragile while Sadr agreed to talks.", "ceasefire", None, None),
        ("Sadr agreed to a truce while the talks went on.", "ceasefire", "agreed", "0356"),
        # ... nor one after a comma, a quotation mark or a relative pronoun; a stretch between
        # two commas is passed over, a comma in a date ends nothing, and a relative clause
        # right after the match is about it
        ("The envoys discussed a truce, then broke off the talks.", "ceasefire", None, None),
        ("The truce, the spokesman said in Najaf, held.", "ceasefire", "kept", None),
        ("Sadr agreed on May 27, 2004 to a truce.", "ceasefire", "agreed", "0356"),
        ('"Gunmen broke it" was his verdict on the truce.', "ceasefire", None, None),
        ("“Gunmen broke it” was his verdict on the truce.", "ceasefire", None, None),
        ("Sadr discussed the truce with officials who later broke it.", "ceasefire", None, None),
        ("The gunmen ignored him and said the truce was a lie.", "ceasefire", None, None),
        ("The truce which the gunmen broke was brief.", "ceasefire", "violated", "196"),
        # a cue word inside an actor's name is none: "Promised" here is no promise
        ("The Promised Day Brigade ceasefire is in its third week.", "ceasefire", None, None),
        # agreeing or deciding to do it is doing it
        ("The two sides agreed on Monday to extend the truce.", "ceasefire", "extended", "0871"),
        # the act carried out, broken, or owed by a deadline
        (
            "The rebels completed the decommissioning of their weapons in May.",
            "disarmament",
            "declared",
            "0873",
        ),
        ("Shelling shattered the fragile truce.", "ceasefire", "violated", "196"),
        ("The gunmen had to hand over their weapons.", "disarmament", "demanded", "1056"),
        (
            "The governor gave the fighters 48 hours to surrender their weapons.",
            "disarmament",
            "demanded",
            "1056",
        ),
        # constructions: dissolving an armed group, a stop named by a phrase after the
        # fighting, a stop that goes on, an order or a promise not to fight, weapons tossed
        (
            "The rebel congress voted to dissolve the organisation.",
            "disarmament",
            "declared",
            "0873",
        ),
        # a decision is the act decided; "unilateral" says who, not what is done: the verb
        # decides
        ("The leaders decided to disband the brigades.", "disarmament", "declared", "0873"),
        ("The president extended his unilateral ceasefire.", "ceasefire", "extended", "0871"),
        ("He said he would freeze all of his military units.", "ceasefire", "declared", "0871"),
        # securing and settling on a truce declare it; falling apart and abandonment break it
        ("The envoys secured a truce in Basra.", "ceasefire", "declared", "0871"),
        ("The two presidents settled on a truce.", "ceasefire", "declared", "0871"),
        ("By Friday the truce had fallen apart.", "ceasefire", "violated", "196"),
        ("The abandonment of its ceasefire shocked London.", "ceasefire", "violated", "196"),
        # what one tells reporters is no order; a deadline to act is a demand; pressing to
        # act is a call; a denial leaves no act
        (
            "The commanders told reporters they would never surrender their weapons.",
            "disarmament",
            "rejected",
            "1246",
        ),
        (
            "The governor set a deadline for the gunmen to hand in their weapons.",
            "disarmament",
            "demanded",
            "1056",
        ),
        (
            "The prime minister pressed the armed factions in early 2024 to stop firing.",
            "ceasefire",
            "called_for",
            "0256",
        ),
        ("The rebels denied agreeing to a truce.", "ceasefire", None, None),
        # an infinitive whose nearer cue stands after it is still governed by the verb it
        # completes
        (
            "Maliki set a deadline for the gunmen to hand in their weapons and sign pledges.",
            "disarmament",
            "demanded",
            "1056",
        ),
        # a cue reaches across a date and a place between it and the match
        (
            "The two sides agreed in Stockholm on December 13, 2018 to a ceasefire.",
            "ceasefire",
            "agreed",
            "0356",
        ),
        # a cue that is the second part of a compound says who, not what happens
        (
            "The rebels accused the junta of breaking the China-brokered truce.",
            "ceasefire",
            "violated",
            "196",
        ),
        ("The UN-brokered truce took hold on August 14.", "ceasefire", "declared", "0871"),
        ("The war ended with a UN-brokered ceasefire.", "ceasefire", "declared", "0871"),
        # an ultimatum; being bound by a truce is keeping it
        (
            "Maliki gave the gunmen of Basra 72 hours on March 26 to hand in their weapons.",
            "disarmament",
            "demanded",
            "1056",
        ),
        ("His aides said the militia remained bound by the freeze.", "ceasefire", "kept", None),
        # a party ending, torpedoing or ruling out a truce; a truce that still applies; the
        # verb of decommissioning is the act when no cue governs it
        ("The IRA ended its ceasefire in February.", "ceasefire", "violated", "196"),
        ("Hamas accused Israel of torpedoing the ceasefire.", "ceasefire", "violated", "196"),
        ("The spokesman ruled out any truce with the gunmen.", "ceasefire", "rejected", "1246"),
        ("He insisted the freeze still applied to every unit.", "ceasefire", "kept", None),
        ("The IRA had decommissioned all of its weapons.", "disarmament", "declared", "0873"),
        # "declined" is a refusal only with what is declined
        (
            "Violence has declined in the six months since the militia put its weapons down.",
            "disarmament",
            "declared",
            "0873",
        ),
        ("The rebels declined to extend the truce.", "ceasefire", "rejected", "1246"),
        # obeying is keeping; not heeding is breaking
        ("The fighters obeyed the truce for a month.", "ceasefire", "kept", None),
        ("Splinter groups had not heeded the truce.", "ceasefire", "violated", "196"),
        ("The two militias were dissolved in June.", "disarmament", "declared", "0873"),
        ("Attacks on the base would be suspended.", "ceasefire", "declared", "0871"),
        ("The attacks will remain suspended.", "ceasefire", "kept", None),
        ("The commander ordered his men not to fight.", "ceasefire", "declared", "0871"),
        # with no verb before it that the cues know, a commitment not to fight is declared
        (
            "The pact bound their followers not to fight each other.",
            "ceasefire",
            "declared",
            "0871",
        ),
        (
            "Sadr told his men not to resist as the troops moved in.",
            "ceasefire",
            "declared",
            "0871",
        ),
        ("The militia agreed not to use force.", "ceasefire", "agreed", "0356"),
        # a party that walks away from, tears up, withdraws from or declares over its truce
        # breaks it; a place left under a truce is no breach
        ("The government voted to walk away from the truce.", "ceasefire", "violated", "196"),
        (
            "The rebels accused the army of tearing up the ceasefire.",
            "ceasefire",
            "violated",
            "196",
        ),
        (
            "The government withdrew from the Norwegian-brokered truce.",
            "ceasefire",
            "violated",
            "196",
        ),
        ("The fighters withdrew from the town under a ceasefire.", "ceasefire", None, None),
        ("The rebels declared their six-month truce over.", "ceasefire", "violated", "196"),
        # a promise to do it broken: the violation governs, not the promise nearer the match (a
        # disarmament violated has no CAMEO code of its own)
        (
            "The army accused the militia of breaking its pledge to hand over its rifles.",
            "disarmament",
            "violated",
            None,
        ),
        (
            "The commanders flouted the agreement to disband their units.",
            "disarmament",
            "violated",
            None,
        ),
        (
            "The rebels went back on their promise to surrender their weapons.",
            "disarmament",
            "violated",
            None,
        ),
        (
            "Unionists accused the IRA of reneging on its commitment to decommission.",
            "disarmament",
            "violated",
            None,
        ),
        # a promise kept: the verb governs the promise's noun phrase, and so the match
        ("The militia kept its pledge to hand over its rifles.", "disarmament", "kept", None),
        # an obligation or advice inside a passive match; an order to another party
        ("All armed factions must be dissolved.", "disarmament", "demanded", "1056"),
        ("The weapons should be handed over.", "disarmament", "called_for", "0256"),
        (
            "Maliki told the gunmen of Basra to lay down their arms.",
            "disarmament",
            "demanded",
            "1056",
        ),
        ("Sadr told his men to lay down their arms.", "disarmament", "declared", "0873"),
        (
            "Sadr told his armed followers across Iraq to cease fire.",
            "ceasefire",
            "declared",
            "0871",
        ),
        # acting under a truce keeps it; a bare "under" says no more than when
        (
            "The soldiers entered the district, acting under the truce that the militia had "
            "accepted.",
            "ceasefire",
            "kept",
            None,
        ),
        ("The soldiers entered the district under the truce.", "ceasefire", None, None),
        # a precondition whose condition is the act is a demand; a precondition on another act
        # is none of the match's
        (
            "The government said talks would resume only after the rebels disarmed.",
            "disarmament",
            "demanded",
            "1056",
        ),
        ("Sadr froze his militia only after clerics intervened.", "ceasefire", "declared", "0871"),
        ("The rebels decided to walk out of the ceasefire.", "ceasefire", "violated", "196"),
        # stopping short of an order is no order
        (
            "The statement stopped short of ordering the fighters to hand over their weapons.",
            "disarmament",
            None,
            None,
        ),
        # a match with no act of its own is threatened when a threat stands around it
        ("Sadr warned that military operations would resume.", "ceasefire", "threatened", "138"),
        # an incentive offered for the act is a call for it; paid for an act done, it is done
        (
            "The government offered cash for heavy weapons handed in.",
            "disarmament",
            "demanded",
            "1056",
        ),
        (
            "The governor offered the gunmen rewards for rifles turned in before Friday.",
            "disarmament",
            "demanded",
            "1056",
        ),
        (
            "The fighters handed in their rifles and were paid cash for them.",
            "disarmament",
            "declared",
            "0873",
        ),
        ("Militiamen turned in mortars for cash.", "disarmament", "declared", "0873"),
        # a grace period is a deadline
        (
            "Maliki gave the gunmen a four-day grace period to hand in their weapons.",
            "disarmament",
            "demanded",
            "1056",
        ),
        # advice and wishes are calls
        ("The envoy said the militias should disarm.", "disarmament", "called_for", "0256"),
        (
            "The cleric wanted the militia to hand over its weapons.",
            "disarmament",
            "called_for",
            "0256",
        ),
        # a call, an order or an agreement not to do it refuses it; a negation before the
        # order is no refusal
        (
            "Sadr told his followers not to surrender their weapons.",
            "disarmament",
            "rejected",
            "1246",
        ),
        (
            "The cleric ordered his fighters never to hand over their rifles.",
            "disarmament",
            "rejected",
            "1246",
        ),
        ("The envoy urged the militia not to give up its arms.", "disarmament", "rejected", "1246"),
        (
            "The two factions agreed not to hand over their weapons to the army.",
            "disarmament",
            "rejected",
            "1246",
        ),
        ("The commander told his men not to stop attacking.", "ceasefire", "rejected", "1246"),
        ("The cleric did not order his men to hand over their weapons.", "disarmament", None, None),
        # "last week" is no lasting truce
        ("The group announced its dissolution last week.", "disarmament", "declared", "0873"),
        ("The fighters tossed their rifles into a truck.", "disarmament", "declared", "0873"),
        (
            "The units will be integrated into the institutions of the state.",
            "disarmament",
            "declared",
            "0873",
        ),
        # frames that were missed or wrong
        ("A cessation of hostilities began at noon.", "ceasefire", "declared", "0871"),
        (
            "The fighters were integrated into the security forces.",
            "disarmament",
            "declared",
            "0873",
        ),
        # a freeze kept in place, a fight declared over, fighting named "armed actions",
        # factions frozen, a suspension past a possessive name
        (
            "Sadr said he would keep his militia frozen until the elections.",
            "ceasefire",
            "kept",
            None,
        ),
        ("The cleric kept the brigade frozen through the winter.", "ceasefire", "kept", None),
        ("The rebels declared their armed struggle over.", "ceasefire", "declared", "0871"),
        ("The fighters stopped all armed actions in the city.", "ceasefire", "declared", "0871"),
        ("The cleric froze the armed factions loyal to him.", "ceasefire", "declared", "0871"),
        (
            "The leader suspended Jaish al-Mahdi's operations in Basra.",
            "ceasefire",
            "declared",
            "0871",
        ),
        # a group dissolving itself or its structures, weapons made unusable or handed back, a
        # quantity before the weapons, a unit of the state's forces
        ("The group announced it was dissolving itself.", "disarmament", "declared", "0873"),
        ("The organisation dissolved all of its structures.", "disarmament", "declared", "0873"),
        (
            "Their weapons had been rendered permanently unusable.",
            "disarmament",
            "declared",
            "0873",
        ),
        (
            "Inspectors watched the guerrillas render their rifles useless.",
            "disarmament",
            "declared",
            "0873",
        ),
        ("The militia handed the army's weapons back.", "disarmament", "declared", "0873"),
        ("The fighters destroyed the last of their rifles.", "disarmament", "declared", "0873"),
        (
            "The brigades became a separate branch within the armed forces.",
            "disarmament",
            "declared",
            "0873",
        ),
        # weapons put beyond use past a long object, where they are handed over, an exchange or
        # a ceremony that takes them in, arms stacked
        (
            "Observers saw the group put its explosives and detonators beyond use.",
            "disarmament",
            "declared",
            "0873",
        ),
        (
            "The rebels gave mediators the locations of their last arms dumps.",
            "disarmament",
            "declared",
            "0873",
        ),
        (
            "A list of twelve caches of weapons reached the commission.",
            "disarmament",
            "declared",
            "0873",
        ),
        ("The weapons for cash scheme opened on Monday.", "disarmament", None, None),
        ("The gun-burning ceremony drew a crowd.", "disarmament", None, None),
        (
            "Dozens of fighters stacked their guns outside the mosque.",
            "disarmament",
            "declared",
            "0873",
        ),
        # heavier arms named one by one, after a verb of handing them over
        ("The militia would give up its rockets and mortars.", "disarmament", "declared", "0873"),
        (
            "Fighters turned over their artillery to the monitors.",
            "disarmament",
            "declared",
            "0873",
        ),
        ("The army offered to buy back their grenades.", "disarmament", "agreed", "0356"),
        # a unit disbanded, disarmed or demobilised in the past: the act carried out
        ("The brigade was disbanded last spring.", "disarmament", "declared", "0873"),
        ("Some 400 demobilized fighters returned home.", "disarmament", "declared", "0873"),
        (
            "The militia had been disarmed by the end of the year.",
            "disarmament",
            "declared",
            "0873",
        ),
        # a unit dissolved by its leader, in the past or under way: the act carried out; the
        # base form is no act of its own
        ("The cleric dissolved the brigade in May.", "disarmament", "declared", "0873"),
        ("He said he was dissolving the militia.", "disarmament", "declared", "0873"),
        ("The plan would dissolve the militia.", "disarmament", None, None),
        (
            "The envoy called for dissolving the militias.",
            "disarmament",
            "called_for",
            "0256",
        ),
        # pressure put on a party, or an effort to bring the act about
        (
            "The factions faced growing pressure to disband the militias.",
            "disarmament",
            "demanded",
            "1056",
        ),
        ("The envoy led a push to disarm the brigades.", "disarmament", "called_for", "0256"),
        # a truce named by its kind or its length is one declared; a cue near it still governs
        ("An uneasy truce settled over the city.", "ceasefire", "declared", "0871"),
        ("A 48-hour cease-fire let aid convoys in.", "ceasefire", "declared", "0871"),
        ("Their ten-day unilateral truce surprised the army.", "ceasefire", "declared", "0871"),
        ("The 1994 ceasefire changed Belfast.", "ceasefire", "declared", "0871"),
        ("Gunmen broke the June 2004 truce.", "ceasefire", "violated", "196"),
        ("The envoy called for a temporary truce.", "ceasefire", "called_for", "0256"),
        # in the future, or wanted done: no act carried out
        ("The plan said the group would be disarmed by June.", "disarmament", None, None),
        ("Washington wanted every militia disarmed.", "disarmament", "called_for", "0256"),
        # a precondition whose condition is the act done; a time is none
        (
            "He vowed to fight on until all militias were disbanded.",
            "disarmament",
            "demanded",
            "1056",
        ),
        ("Clashes went on until the ceasefire took effect.", "ceasefire", "declared", "0871"),
        ("Fighting went on until the truce in May.", "ceasefire", None, None),
        # a truce kept is the object of "keep"; "keep" before a verb in -ing is going on
        ("The militia has kept the truce since May.", "ceasefire", "kept", None),
        ("The gunmen vowed to keep to the ceasefire.", "ceasefire", "kept", None),
        ("The truce was kept for a month.", "ceasefire", "kept", None),
        ("The rebels would keep recruiting during the truce.", "ceasefire", None, None),
        ("Some cells kept firing rockets during the freeze.", "ceasefire", None, None),
        ("Rebels attacked the town in spite of the ceasefire.", "ceasefire", "violated", "196"),
        ("He said the factions ought to disband.", "disarmament", "called_for", "0256"),
        ("The minister brushed aside the ceasefire.", "ceasefire", "rejected", "1246"),
        # a threat or a denial that reports a clause opened by "that" holds the whole clause
        (
            "Sadr warned on April 8, 2008 that, if the raids went on, he would lift the freeze.",
            "ceasefire",
            "threatened",
            "138",
        ),
        ("The ELN denied that it had agreed to a ceasefire.", "ceasefire", None, None),
        ("The group denied on Monday that it had signed a truce.", "ceasefire", None, None),
        # ... a threat only of ending it, not a demand it reports
        (
            "The envoy warned that the militias must hand over their weapons.",
            "disarmament",
            "demanded",
            "1056",
        ),
        # ... only a cue that ends in "that": a denial of something else negates no clause
        ("The group denied the claims and agreed to a truce.", "ceasefire", "agreed", "0356"),
        # ... not past a verb of speech, a contrast or a semicolon, nor into a precondition
        (
            "Hamas denied that the talks had stalled and said it had agreed to a truce.",
            "ceasefire",
            "agreed",
            "0356",
        ),
        ("Sadr denied that he was tired, but he agreed to a truce.", "ceasefire", "agreed", "0356"),
        ("Hamas denied that; it agreed to a truce.", "ceasefire", "agreed", "0356"),
        (
            "Hamas denied that it would fight on until all militias were disbanded.",
            "disarmament",
            "demanded",
            "1056",
        ),
        # a refusal promised, announced or insisted on is a refusal
        (
            "Hezbollah vowed the group would never surrender its weapons.",
            "disarmament",
            "rejected",
            "1246",
        ),
        (
            "A spokesman announced the militia would not disarm until the troops had left.",
            "disarmament",
            "rejected",
            "1246",
        ),
        (
            "The fighters would never hand over their weapons as ordered.",
            "disarmament",
            "rejected",
            "1246",
        ),
        # ... unless that promise is itself negated
        (
            "Sadr did not vow that the group would never surrender its weapons.",
            "disarmament",
            None,
            None,
        ),
        # ... starting within COMPLEMENT_WORDS (24) words before the earlier of cue and match
        # ("denied" is the 24th word before "agreed", then the 25th)
        (
            "Hamas denied that leaders in Gaza and in Doha and in Cairo and in Beirut and in "
            "Tehran and in Istanbul and in Amman had agreed to a truce.",
            "ceasefire",
            None,
            None,
        ),
        (
            "Hamas denied that its leaders in Gaza and in Doha and in Cairo and in Beirut and in "
            "Tehran and in Istanbul and in Amman had agreed to a truce.",
            "ceasefire",
            "agreed",
            "0356",
        ),
    ],
)
def test_stance_and_event_code_of_the_shipped_rules(text, frame, stance, cameo):
    assert shipped(text, "frame", "stance", "cameo") == [[frame, stance, cameo]]


@pytest.mark.parametrize(
    "text",
    [
        "The bomb squad disarmed the device.",
        "He suspended his political activities.",
        "The talks were frozen for a month.",
        # A construction needs its argument right after its predicate.
        "The week ended with new attacks.",
        "The talks ended in a stalemate.",
        "He handed the letter to the envoy.",
        # A freeze of money, talks or building is no freeze of fighting.
        "The bank imposed an asset freeze on the group.",
        "They announced a hiring freeze.",
        "The freeze on settlement construction ended.",
        "The freeze of their accounts was lifted.",
        "The president dissolved parliament.",
        "The government abolished the death penalty.",
        # A cantonment site is a place.
        "The fighters gathered at the cantonment sites.",
        # A recruit joining the army is no militia brought into the state's forces.
        "He joined the army in 1990.",
        # Taking part in the army's offensive is no integration.
        "The brigade took part in the army's offensive.",
        # A party's political activities frozen are no ceasefire.
        "Sadr froze the activities of his political movement for a year.",
        # Weapons sold to another group are no buy-back.
        "Smugglers sold their rifles to the militia.",
        # What is kept frozen or handed back is not always a militia or its weapons.
        "The militia handed back the prisoners.",
        "The talks were kept frozen.",
        "The court kept the assets frozen.",
        # Weapons given to a militia arm it; a parliament dissolved is no militia.
        "Iran gave rifles to the militia.",
        "Iran handed the militias new rifles.",
        "The government fell, and parliament was dissolved.",
        # An order to halt something that is not fighting.
        "The court issued a halt order on the building work.",
        # Heavier arms handed to a group arm it; destroyed or fired, they are fighting.
        "Iran handed rockets to the militia.",
        "Insurgents destroyed two army tanks.",
        "The gunners laid down mortar fire on the base.",
        # A cache found by troops is no weapons handed over.
        "Troops found a weapons cache near the border.",
        "The police raided two arms dumps in the hills.",
        # A part of the weapons delivered to a group arms it; destroyed by strikes, it is
        # fighting.
        "The ministry delivered 500 of its rifles to the militia.",
        "Israeli strikes destroyed 70 percent of its arsenal.",
        # weapons handed over to an armed group arm it
        "The weapons handed over to the militia came from Iran.",
        # Fighters under or loyal to a command that is not the state's taking them in; a town
        # under the army's control; weapons bought from those who sell them; a ribbon cut up.
        "Fighters loyal to the army command attacked the town.",
        "Militias answering to no state authority clashed.",
        "The city came under government control.",
        "The rebels bought rifles from smugglers.",
        "He cut up the ribbon.",
        # Weapons given to a group with no owner named arm it; weapons of mass destruction.
        "Iran gave the militia new rifles.",
        "The ministry handed the militia its rifles.",
        "Iran gave the rebels their mortars.",
        "He agreed to give up his weapons of mass destruction programmes.",
        # A state's weapons of mass destruction given up or destroyed; a weapons-free zone is a
        # place, no act of giving weapons up.
        "Syria agreed to hand over its chemical weapons.",
        "Its chemical weapons were destroyed.",
        "The two cities were made weapons-free zones.",
        # Military operations begun; a unit that dismantled something (not itself); weapons
        # shipped in containers.
        "The army began military operations in the south.",
        "The army had dismantled the checkpoint.",
        "Iran shipped rifles in containers to the militia.",
        "The transfer of weapons to the militia continued.",
        "Protesters set fire to the police station.",
        # Calm called for or returned, a standstill of traffic, workers laid off, a hunger
        # strike ended.
        "He called for calm after the attack.",
        "Calm returned to the city.",
        "Traffic came to a standstill.",
        "The company laid off 300 workers.",
        "The prisoners ended their hunger strike.",
        # Weapons handed to an armed group arm it, counted or not.
        "Iran handed rifles to the militia.",
        "The smugglers handed 300 guns to the rebels.",
    ],
)
def test_wordings_that_are_not_ceasefire_or_disarmament(text):
    found = one_sentence(text)
    assert not found["frame"].isin(["ceasefire", "disarmament"]).any()


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
    # A compound is found closed, hyphenated or spaced, whichever way the query writes it.
    every = ["cease-fire", "cease fire", "ceasefire"]
    assert helpers.kwic(corpus, "cease fire")["match"].tolist() == every
    assert helpers.kwic(corpus, "ceasefire")["match"].tolist() == every
    assert helpers.kwic(corpus, "Cease-Fire")["match"].tolist() == every
    assert helpers.kwic(corpus, r"cease-?\s?fire", regex=True)["match"].tolist() == [
        "cease-fire",
        "cease fire",
        "ceasefire",
    ]
    assert helpers.kwic(corpus, "army")["sentence_id"].tolist() == [1]


def test_a_word_splits_only_into_parts_of_three_letters_or_more():
    # "into" is not "in to", nor "maybe" "may be"; "peacekeeping" is "peace-keeping". The same
    # in the scan of a query in ASCII and in Python's regex, which reads a query in another
    # script (the curly apostrophe).
    corpus = pd.DataFrame(
        {
            "sentence_id": [1, 2, 3],
            "text": [
                "He walked in to the room, into the night; maybe it may be so.",
                "Peace-keeping, peace keeping and peacekeeping troops.",
                "The ceasefire’s end; the cease-fire’s end; the cease fire’s end.",
            ],
        }
    )
    assert helpers.kwic(corpus, "into")["match"].tolist() == ["into"]
    assert helpers.kwic(corpus, "maybe")["match"].tolist() == ["maybe"]
    assert helpers.kwic(corpus, "peacekeeping")["match"].tolist() == [
        "Peace-keeping",
        "peace keeping",
        "peacekeeping",
    ]
    assert helpers.kwic(corpus, "ceasefire’s")["match"].tolist() == [
        "ceasefire’s",
        "cease-fire’s",
        "cease fire’s",
    ]


def test_kwic_context_counts_a_run_of_spaces_as_one_break():
    corpus = pd.DataFrame(
        {"sentence_id": [1], "text": ["one  two   three    Mahdi Army  four     five\tsix"]}
    )
    line = helpers.kwic(corpus, "Mahdi Army", window=2).iloc[0]
    assert (line["left"], line["match"], line["right"]) == (
        "two   three",
        "Mahdi Army",
        "four     five",
    )


@pytest.mark.parametrize("window", [-1, 1.5, "3", True, None])
def test_kwic_window_must_be_a_whole_number(window):
    corpus = pd.DataFrame({"sentence_id": [1], "text": ["The Mahdi Army left."]})
    with pytest.raises(ValueError, match=r"kwic: window must be a whole number >= 0"):
        helpers.kwic(corpus, "Mahdi Army", window=window)
    with pytest.raises(ValueError, match=r"kwic: limit must be"):
        helpers.kwic(corpus, "Mahdi Army", limit=-2)
    assert helpers.kwic(corpus, "Mahdi Army", window=0)["left"].tolist() == [""]


def test_a_lexicon_row_that_blows_up_the_automaton_is_named_with_the_fix(tmp_path):
    from conflict_corpus.engine.dfa import MAX_DFA_STATES, AutomatonTooLarge, Dfa
    from conflict_corpus.wording import pattern_expression

    lexicon = (helpers.DATA / "lexicon.csv").read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lexicon) if line.startswith("frame,"))  # the header
    head, rows = lexicon[: first + 1], lexicon[first + 1 :]
    # Two plausible rows with two long gaps each: together they pass the bound (here among
    # the lexicon's first rows, as among all of them, in about 3 s).
    blowing = [
        "ceasefire,(the|a) ..9 truce ..9 (held|holds),,,,",
        "ceasefire,(the|a) ..9 ceasefire ..9 (collapsed|broke),,,,",
    ]
    grown = [*head, *rows[:3], *blowing, *rows[3:20]]
    path = tmp_path / "lexicon.csv"
    path.write_text("\n".join(grown) + "\n", encoding="utf-8")
    with pytest.raises(helpers.CorpusError) as error:
        helpers.FrameMatcher(helpers.load_lexicon(path), helpers.load_stance_cues())
    message = str(error.value)
    line = first + 5  # (1-based: the header, three rows, then this one)
    assert message.startswith(
        f"{path}: line {line}: the pattern '(the|a) ..9 truce ..9 (held|holds)'"
    )
    assert f"pass {MAX_DFA_STATES:,} states" in message and "Keep one gap per row" in message
    # The way the message suggests stays small, with the whole lexicon.
    grown = [
        *head,
        *rows[:3],
        "ceasefire,truce ..9 (held|holds),,,,",
        "ceasefire,ceasefire ..9 broke,,,,",
        *rows[3:],
    ]
    path.write_text("\n".join(grown) + "\n", encoding="utf-8")
    matcher = helpers.FrameMatcher(helpers.load_lexicon(path), helpers.load_stance_cues())
    # The two rows add a few hundred states to the shipped lexicon's (about 121,000, its
    # construction rows included), far below the bound.
    shipped = helpers.frame_matcher()  # (the shipped files' matcher, as stored once built)
    assert len(shipped.union.trans) < len(matcher.union.trans) < len(shipped.union.trans) + 1_000
    assert len(matcher.union.trans) < MAX_DFA_STATES
    # The bound itself, on the compiler: the expression that grew the automaton is named.
    small = pattern_expression("truce")
    big = pattern_expression("(the|a) ..9 truce ..9 (held|holds)")
    with pytest.raises(AutomatonTooLarge) as too_large:
        Dfa([small, big, small], max_states=2_000)
    assert too_large.value.expression == 1


def test_a_non_latin_lexicon_or_gazetteer_word_is_refused_at_load_with_its_line(tmp_path):
    # The image reads every Arabic letter as "some letter": هدنة (truce) would match any
    # four-letter Arabic word, so the curated files refuse it and say how to write it.
    path = tmp_path / "lexicon.csv"
    path.write_text("frame,pattern\nceasefire,truce\nceasefire,هدنة\n", encoding="utf-8")
    with pytest.raises(helpers.CorpusError, match=r"lexicon\.csv: line 3: the pattern 'هدنة'"):
        helpers.load_lexicon(path)
    path = tmp_path / "gazetteer.csv"
    path.write_text(
        "entity,type,alias\nMuqtada al-Sadr,PERSON,Sadr\nMuqtada al-Sadr,PERSON,مقتدى الصدر\n",
        encoding="utf-8",
    )
    with pytest.raises(
        helpers.CorpusError, match=r"gazetteer\.csv: line 3: the alias 'مقتدى الصدر' holds .*ARABIC"
    ):
        helpers.load_gazetteer(path)
    # Latin letters with diacritics are exact (folded alike in the text and the file).
    path.write_text("entity,type,alias\nMuqtada al-Sadr,PERSON,Ṣadr\n", encoding="utf-8")
    assert helpers.load_gazetteer(path)["alias"].tolist() == ["Ṣadr"]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # The governing cue, as written.
        ("Sadr agreed to a ceasefire.", "agreed", "agreed"),
        ("The Americans demanded a ceasefire.", "demanded", "demanded"),
        # A verb of asking or demanding right before the governing verb governs it, as it
        # governs an infinitive; one word may stand between.
        ("The rebels must sign the truce by Friday.", "demanded", "must"),
        ("The council said the group should quickly declare a truce.", "called_for", "should"),
        ("He urged signing a truce.", "called_for", "urged"),
        ("The envoys must now begin disarmament.", "demanded", "must"),
        # A modifier that changed the stance, after " + ".
        ("The Mahdi Army has not violated the truce.", "kept", "violated + not"),
        # A negation that leaves no stance is shown too.
        ("Sadr has not declared a ceasefire.", None, "declared + not"),
        (
            "Will the Mahdi Army lay down its arms?",
            "conditional",
            "(the wording itself) + (a question)",
        ),
        # The match's own words are the act.
        ("Sadr suspended the militia's activities.", "declared", "(the wording itself)"),
        # The verb an infinitive completes, not the nearer cue inside it.
        ("Mediators urged the two sides to respect the truce.", "called_for", "urged"),
        (
            "Sadr threatened in a sermon to lift the freeze on his militia.",
            "threatened",
            "lift + threatened",
        ),
    ],
)
def test_the_cue_column_says_what_decided_the_stance(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # A cue with a gap ends before the match it would run over ("pressed ..6 to" would
        # reach the "to" after the weapons).
        (
            "The prime minister pressed them to hand over their weapons to the army.",
            "called_for",
            "pressed them to",
        ),
        (
            "The government gave the militiamen in the Amhara region ten days to hand over their "
            "weapons to local authorities.",
            "demanded",
            "days to",
        ),
        (
            "The council told them to lay down arms to show good faith.",
            "declared",
            "told them to",
        ),
        # Where no cue of its class ends before the match, there is none: "weeks ... to" is
        # no deadline here.
        (
            "The deal brought three weeks of fighting in Najaf to an end.",
            "declared",
            "(the wording itself)",
        ),
    ],
)
def test_a_cue_with_a_gap_ends_before_the_match(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # A deadline governs only the act after it, its condition.
        ("The army gave the gunmen 72 hours to lay down their weapons.", "demanded", "hours to"),
        (
            "Russia extends its Aleppo humanitarian pause by 24 hours to let civilians leave.",
            "extended",
            "extends",
        ),
    ],
)
def test_a_deadline_governs_only_the_act_after_it(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # A participle of declaring or agreeing right after the match says how it came about;
        # what happens to it is said before it ...
        (
            "Militants fired rockets, breaching a truce brokered by Egypt only hours earlier.",
            "violated",
            "breaching",
        ),
        (
            "The militia strictly observed the suspension of attacks agreed with the army.",
            "kept",
            "observed",
        ),
        (
            "Despite the ceasefire announced by the ELN, guerrillas attacked a police station.",
            "violated",
            "Despite",
        ),
        # ... or after it, behind a form of "be" or "have", or as a verb with no object.
        ("The ceasefire agreed between the militias last week was holding.", "kept", "holding"),
        ("The truce, signed in Pretoria, was breached twice.", "violated", "breached"),
        ("A truce brokered by Qatar collapsed on Monday.", "violated", "collapsed"),
        # A verb with an object after it has the match for its subject, acting on the object.
        ("A truce brokered by Iran ended the siege of Basra.", "declared", "brokered"),
        (
            "The truce agreed in Najaf required Mahdi Army fighters to leave the shrine.",
            "agreed",
            "agreed",
        ),
        # With no other cue the participle governs; a passive is no participle.
        ("A truce brokered by Qatar took hold.", "declared", "took hold"),
        ("A truce was announced on Monday.", "declared", "announced"),
    ],
)
def test_a_participle_after_the_match_says_how_it_came_about(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # The match the object of an infinitive whose verb is no cue: the verb of asking,
        # refusing or threatening before its "to" governs, as it governs "to respect the truce".
        (
            "Hamas threatened on Saturday to reconsider the ceasefire.",
            "threatened",
            "(the wording itself) + threatened",
        ),
        (
            "The rebels threatened in a statement to review the handover of weapons.",
            "threatened",
            "(the wording itself) + threatened",
        ),
        (
            "The MILF threatened to revisit its ceasefire.",
            "threatened",
            "(the wording itself) + threatened",
        ),
        ("The envoy urged the parties to implement the truce.", "called_for", "urged"),
        ("The rebels refused to discuss disarmament.", "rejected", "refused"),
        (
            "The bishops pressed the guerrillas to honour a truce.",
            "called_for",
            "pressed the guerrillas to",
        ),
        # "to" before a determiner is a preposition: no infinitive.
        ("Sadr agreed to the truce.", "agreed", "agreed"),
    ],
)
def test_the_verb_an_infinitive_completes_governs_its_object(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # An infinitive a list goes on from: its verb of asking or refusing governs the list's
        # other verbs, after a comma, "and" or "or" ...
        (
            "Maliki urged the Mahdi Army to leave the ports, lay down its weapons and join talks.",
            "called_for",
            "urged",
        ),
        ("The rebels refused to leave and hand over their weapons.", "rejected", "refused"),
        # ... not a verb in the past, which goes on from no infinitive.
        ("Sadr called for the bases to be closed and declared a truce.", "declared", "declared"),
    ],
)
def test_a_list_of_infinitives_is_governed_by_the_verb_before_it(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # A row of several sentences: no cue is read across a sentence end, a full stop, a
        # question mark or a line break ("U.S." ends none).
        ("Hezbollah refused. A truce was then agreed.", "agreed", "agreed"),
        ("The rebels discussed the ceasefire. All armed factions must now go home.", None, None),
        ("The rebels discussed the ceasefire\nMust they go home?", None, None),
        ("U.S. envoys refused the truce. Gunmen agreed.", "rejected", "refused"),
    ],
)
def test_a_stance_is_read_within_its_sentence(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # A party that stops or ends it: a verb of stopping with its object's determiner.
        (
            "The rebels threatened to suspend the handover of weapons.",
            "threatened",
            "suspend the + threatened",
        ),
        (
            "Sri Lanka would quit its Norwegian-brokered truce with the Tigers.",
            "violated",
            "quit its",
        ),
        ("The IRA ended the 1994 ceasefire in February.", "violated", "ended the"),
        # ... only of the match its noun phrase reaches (not past "and", a preposition or a
        # mark), and never of a match before it.
        ("Gunmen would end their protest and respect the truce.", "kept", "respect"),
        ("Sadr withdrew from his posts under the truce.", None, None),
        ("A truce on June 6 ended the crisis in Najaf.", None, None),
        # A party that would end it on a condition after it threatens to; a truce that may
        # collapse, or a condition before, is conditional.
        (
            "Israel said it would end the truce unless the hostages were freed.",
            "threatened",
            "end the + unless",
        ),
        (
            "The alliance would abandon the ceasefire if air strikes continued.",
            "threatened",
            "abandon + if",
        ),
        (
            "The Houthis would walk away from the truce unless Riyadh paid.",
            "threatened",
            "walk away from + unless",
        ),
        (
            "The ELN said the ceasefire would be suspended unless the arrests stopped.",
            "threatened",
            "be suspended + unless",
        ),
        ("The truce will collapse if the army advances.", "conditional", "collapse + if"),
        ("If the rebels violate the truce, the army will respond.", "conditional", "violate + If"),
    ],
)
def test_a_party_that_would_end_it(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # Verbs and phrases of keeping, extending, asking, obliging, breaking and refusing,
        # beside those of the same kind the cue file lists.
        ("The truce remains intact, officials said.", "kept", "remains intact"),
        ("The group has remained faithful to the ceasefire.", "kept", "faithful to"),
        ("The militia stood by the truce.", "kept", "stood by"),
        ("The factions are living up to the ceasefire.", "kept", "living up to"),
        ("The rebels lengthened the truce by a month.", "extended", "lengthened"),
        ("Envoys pushed the militia to respect the truce.", "called_for", "pushed the militia to"),
        (
            "The bishops implored the rebels to hand over their weapons.",
            "called_for",
            "implored the rebels to",
        ),
        ("The fighters needed to hand over their weapons.", "demanded", "needed to"),
        ("The gunmen had until Friday to lay down their arms.", "demanded", "had until Friday to"),
        ("The junta flouted the ceasefire.", "violated", "flouted"),
        ("Militias disregarded the truce.", "violated", "disregarded"),
        (
            "Militias paraded tanks in open disregard of the truce.",
            "violated",
            "in open disregard of",
        ),
        ("Fighters rearmed in contravention of the truce.", "violated", "in contravention of"),
        ("The rebels went back on the truce.", "violated", "went back on"),
        ("The group reneged on the ceasefire.", "violated", "reneged on"),
        ("The handover of weapons was put on hold.", "violated", "put on hold"),
        ("There is no question of a ceasefire.", "rejected", "no question of"),
        ("The rebels snubbed the truce.", "rejected", "snubbed"),
        ("The rebels scoffed at the truce.", "rejected", "scoffed at"),
        ("The rebels balked at the call for a ceasefire.", "rejected", "balked at the call for"),
        ("The militia denounced the call for a ceasefire.", "rejected", "denounced the call for"),
    ],
)
def test_more_words_of_each_act(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # A noun of ordering or agreeing right after the match is the head it names the kind
        # of: what happens to the order is said around it. A call or a demand to end it
        # refuses it. "Break up" a unit is no truce broken; "in the event of" is a proviso.
        ("Militiamen carried rifles in defiance of the disarmament order.", "violated", "defiance"),
        ("Gunmen ignored the disarmament order.", "violated", "ignored"),
        ("Sadr issued a freeze order.", "declared", "order"),
        ("Ben-Gvir urged Netanyahu to call off the Gaza ceasefire.", "rejected", "urged"),
        (
            "The FARC would revoke its ceasefire in the event of further raids.",
            "threatened",
            "revoke + in the event of",
        ),
        ("The group said giving up its arms was not on the table.", "rejected", "not on the table"),
        ("The commander has said no to disarming his forces.", "rejected", "said no to"),
        (
            "The rebels warned of a halt to the weapons handover.",
            "threatened",
            "halt to the + warned",
        ),
        (
            "Sadr called on the prime minister to break up the militias and absorb their "
            "members into the army.",
            "called_for",
            "called on",
        ),
    ],
)
def test_heads_calls_to_end_and_provisos(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # The common news words of each act the cue file lists (one sentence a row).
        # A denial that reports a clause, as "denied reports that".
        (
            "Hamas dismissed reports that it had agreed to disarm.",
            None,
            "agreed + dismissed reports that",
        ),
        ("The militia stayed true to the truce.", "kept", "stayed true to"),
        ("The truce went unbroken on Sunday.", "kept", "unbroken"),
        ("The MILF kept to every phase of the decommissioning.", "kept", "kept to every"),
        # ("indefinitely" is how long, no extension of its own: "stay suspended indefinitely")
        (
            "Sadr said the Mahdi Army would stay suspended indefinitely.",
            "kept",
            "(the wording itself)",
        ),
        ("The junta abrogated the ceasefire.", "violated", "abrogated"),
        ("The truce fizzled out within days.", "violated", "fizzled out"),
        ("Mediators thrashed out a truce in Doha.", "declared", "thrashed out"),
        ("Envoys cobbled together a ceasefire.", "declared", "cobbled together"),
        ("Erdogan hailed the disarmament of the PKK.", "declared", "hailed"),
        ("Duterte presided over the decommissioning of the fighters.", "declared", "presided over"),
        (
            "Qatar prevailed on the rebels to accept a truce.",
            "called_for",
            "prevailed on the rebels to",
        ),
        ("The ceasefire entered into force on Sunday.", "declared", "entered into force"),
        ("The truce kicked in at 6 a.m..", "declared", "kicked in"),
        ("A ceasefire effective from midnight.", "declared", "effective from"),
        ("The two sides inked a truce in Doha.", "declared", "inked"),
        ("Parliament ratified the ceasefire accord.", "declared", "ratified"),
        ("Mediators finalised a truce deal.", "declared", "finalised"),
        ("A truce mediated by Qatar.", "declared", "mediated"),
        ("A ceasefire was put in place on Friday.", "declared", "put in place"),
        ("Disarmament of the militias commenced on Monday.", "declared", "commenced"),
        ("The rebels consented to a truce.", "agreed", "consented"),
        ("The council endorsed the ceasefire deal.", "agreed", "endorsed"),
        ("Gave the green light to a truce.", "agreed", "green light"),
        ("The militia undertook to disarm within a year.", "agreed", "undertook to"),
        ("Signalled its readiness for a truce.", "agreed", "readiness for"),
        ("Both sides reaffirmed the truce.", "agreed", "reaffirmed"),
        ("The cabinet approved the ceasefire agreement.", "agreed", "approved"),
        ("Both sides upheld the truce.", "kept", "upheld"),
        ("Mediators worked to preserve the ceasefire.", "kept", "preserve"),
        ("Vowed to stick with the truce.", "kept", "stick with"),
        ("The truce withstood sporadic clashes.", "kept", "withstood"),
        ("Troops withdrew in line with the truce.", "kept", "in line with"),
        ("The IRA fulfilled its decommissioning obligations.", "kept", "fulfilled"),
        ("The truce remains valid.", "kept", "remains valid"),
        ("Repeated infringements of the truce.", "violated", "infringements"),
        ("The assassination derailed the ceasefire.", "violated", "derailed"),
        ("Hardliners scuttled the truce.", "violated", "scuttled"),
        ("The rebels backed out of the ceasefire deal.", "violated", "backed out of"),
        ("The faction turned its back on the truce.", "violated", "turned its back on"),
        ("The government terminated the ceasefire.", "violated", "terminated"),
        ("Declared the truce null and void.", "violated", "null and void"),
        ("Israel ditched the ceasefire.", "violated", "ditched"),
        ("The militia shelved the disarmament plan.", "violated", "shelved"),
        ("The rebels backtracked on the disarmament deal.", "violated", "backtracked on"),
        ("The ceasefire lies in tatters.", "violated", "in tatters"),
        ("Announced the cancellation of the truce.", "violated", "cancellation of"),
        ("Blamed Israel for the failure of the truce.", "violated", "failure of the"),
        ("Agreed a prolongation of the truce.", "extended", "prolongation"),
        ("The truce was made permanent.", "extended", "made permanent"),
        ("Moscow expanded the ceasefire to Idlib.", "extended", "expanded the"),
        ("The Red Cross requested a humanitarian truce.", "called_for", "requested"),
        ("The panel recommended disarming the militias.", "called_for", "recommended"),
        ("Advised the militias to disarm.", "called_for", "Advised the militias to"),
        ("Stressed the need for a ceasefire.", "called_for", "need for"),
        ("Compelled the rebels to accept a truce.", "demanded", "Compelled the rebels to"),
        ("The factions are obliged to disarm.", "demanded", "obliged to"),
        ("Aid is conditional on disarmament.", "demanded", "conditional on"),
        ("A truce as a precondition for talks.", "demanded", "precondition for"),
        ("The militiamen will disarm or face arrest.", "demanded", "or face"),
        ("Hardliners opposed the truce.", "rejected", "opposed"),
        ("The army objected to the ceasefire.", "rejected", "objected to"),
        ("Washington vetoed a ceasefire.", "rejected", "vetoed"),
        (
            "Vetoed a resolution calling for a ceasefire.",
            "rejected",
            "Vetoed a resolution calling for",
        ),
        ("Would not consider a truce.", "rejected", "not consider"),
        ("We cannot accept a ceasefire.", "rejected", "cannot accept"),
        ("Had no interest in a truce.", "rejected", "no interest in"),
        ("The group is unwilling to disarm.", "rejected", "unwilling to"),
        ("Waved aside the ceasefire offer.", "rejected", "Waved aside"),
        ("Called the truce terms unacceptable.", "rejected", "unacceptable"),
        ("Disarmament is a non-starter.", "rejected", "non-starter"),
        ("Would reconsider its ceasefire.", "threatened", "(the wording itself) + reconsider"),
        ("Cautioned it could abandon the truce.", "threatened", "abandon + Cautioned"),
        ("Is considering ending the ceasefire.", "threatened", "ending the + considering ending"),
        ("Reserved the right to end the truce.", "threatened", "end the + Reserved the right to"),
        ("Residents made a plea for a ceasefire.", "called_for", "plea for"),
        (
            "The alliance gave notice that it would abandon the ceasefire.",
            "threatened",
            "abandon + gave notice that",
        ),
        # a party rules it out; the modal and the "no" are the refusal's own
        (
            "He said there could be no truce while the troops remained.",
            "rejected",
            "could be no",
        ),
        ("There will be no disarmament of the militia.", "rejected", "will be no"),
        # a refusal to keep it, said ahead; what was not kept is broken
        (
            "The group would not abide by the pause in attacks.",
            "rejected",
            "would not abide by",
        ),
        ("The militia won't respect the truce.", "rejected", "won't respect"),
        ("The militia did not abide by the truce.", "violated", "abide by + not"),
    ],
)
def test_the_common_words_of_each_act(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # A cue's noun decides as its verb does: "complied with" and "compliance with".
        ("Compliance with the ceasefire was poor.", "kept", "Compliance with"),
        ("Monitors praised their strict observance of the truce.", "kept", "observance"),
        ("He stressed the militia's adherence to the truce.", "kept", "adherence to"),
        ("Sadr repeated his commitment to the ceasefire.", "agreed", "commitment"),
        ("The council noted their acceptance of the truce.", "agreed", "acceptance"),
        ("Both sides praised the restoration of the ceasefire.", "declared", "restoration"),
        ("His insistence that the militias disarm angered them.", "demanded", "insistence"),
    ],
)
def test_a_cue_written_as_a_noun_decides_as_its_verb(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # Speculation is no act: expected, likely, doubted.
        (
            "Iran-aligned factions were expected to reject Sadr's demand that they disband.",
            "conditional",
            "reject Sadr's demand that + expected to",
        ),
        (
            "Few expect the Radaa force to surrender its arms.",
            "conditional",
            "(the wording itself) + expect the Radaa force to",
        ),
        (
            "The militia is unlikely to hand over its weapons.",
            "conditional",
            "(the wording itself) + unlikely to",
        ),
        ("Analysts doubted the truce would hold.", "conditional", "hold + doubted"),
        # not "expected" without its infinitive
        ("As expected, the truce held.", "kept", "held"),
        # Not done so far is not done: "yet to".
        (
            "Tripoli's militias have yet to hand over their heavy weapons.",
            None,
            "(the wording itself) + yet to",
        ),
        ("The two sides have yet to agree on a ceasefire.", None, "agree + yet to"),
        # A modal right before a verb that ends it, on a condition after the match: a threat.
        (
            "The rebels might halt their disarmament unless the camps are built.",
            "threatened",
            "halt their + unless",
        ),
        ("The rebels could abandon the truce if attacked.", "threatened", "abandon + if"),
        # without the condition after it, the modal is speculation
        ("The rebels could abandon the truce.", "conditional", "abandon + could"),
        # a word between the modal and the verb: a condition around the match, as before
        ("They could possibly end the truce if hit.", "conditional", "end the + could"),
    ],
)
def test_speculation_and_a_modal_threat(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # No intention, no plans: a refusal of what it would do, its infinitive written with
        # "to" or, before a gerund, "of"; the negation is part of the cue.
        ("The Houthis have no intention of extending the truce.", "rejected", "no intention of"),
        ("Nujaba had no intention of joining the truce.", "rejected", "no intention of"),
        ("The militia has no plans to give up its weapons.", "rejected", "no plans to"),
        ("His fighters had little desire to lay down their arms.", "rejected", "little desire to"),
        ("They had no intention of laying down their arms.", "rejected", "no intention of"),
        # an intention announced is no refusal
        ("Hezbollah announced its intention to disarm.", "declared", "announced"),
    ],
)
def test_no_intention_or_plan_refuses_what_it_would_do(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # A cue of another act right before the noun phrase of the cue that governs the match
        # (a noun or a participle of agreeing, ordering, asking) governs the phrase, and so the
        # match: the verb is the outermost.
        ("The rebels violated the agreed ceasefire.", "violated", "violated"),
        ("Gunmen ignored Sadr's order to hand over their weapons.", "violated", "ignored"),
        ("The group has stood by its commitment to disarm.", "kept", "stood by"),
        ("Moscow turned down a proposed 30-day truce.", "rejected", "turned down"),
        ("They demanded the promised disarmament of the militias.", "demanded", "demanded"),
        ("The rebels honoured the government's offer of a truce.", "kept", "honoured"),
        # ... and so the verb before it governs in turn: "urged ... to honour"
        ("Envoys urged them to honour their pledge to disarm.", "called_for", "urged"),
        # a negation before the verb counts from it
        ("Fighters did not honour the agreed truce.", "violated", "honour + not"),
        # extending only over a cue of declaring or agreeing: a deadline extended is a demand
        ("They extended the agreed truce.", "extended", "extended"),
        ("They extended the deadline to hand over weapons.", "demanded", "deadline"),
        # not across a phrase that ends: a conjunction, a clause word, a comma or a preposition
        ("The militia ignored the order and handed over their weapons.", "declared", "order"),
        ("They kept, in Basra, their pledge to disarm.", "agreed", "pledge"),
        ("They ignored in Basra the order to disarm.", "declared", "order"),
        ("Tribes rejected the plan and the agreed truce.", "agreed", "agreed"),
        # over a noun phrase of four words before the cue, not five
        ("They ignored the old long forgotten order to disarm.", "violated", "ignored"),
        ("They ignored the very old long forgotten order to disarm.", "declared", "order"),
    ],
)
def test_a_verb_governs_the_noun_phrase_of_the_cue_before_the_match(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    "text, stance, cue",
    [
        # A condition opens a clause of its own, with its subject between it and the verb: it
        # counts from eight words before the earlier of cue and match (a negation from three).
        (
            "He would wait to see if the militia's fighters actually observed the truce.",
            "conditional",
            "observed + if",
        ),
        (
            "Whether the Promised Day Brigade would actually hold its fire was unclear.",
            "conditional",
            "(the wording itself) + Whether",
        ),
        (
            "Officials asked whether the splintered militia of the cleric would respect the truce.",
            "conditional",
            "respect + whether",
        ),
        # The bound, from both sides: "If" as the eighth word before the cue, and the ninth.
        (
            "If one two three four five six seven observed the truce, the talks would go on.",
            "conditional",
            "observed + If",
        ),
        (
            "If one two three four five six seven eight observed the truce, the talks would go on.",
            "kept",
            "observed",
        ),
        # Its clause ends at a comma: the main clause after it is not conditional.
        ("If the Americans stay, the militia will observe the truce.", "kept", "observe"),
        # A negation or a threat still counts from three words before: the fourth is too far.
        ("There was a threat one two three four revoke the truce.", "violated", "revoke"),
        ("Not one two three four of the units violated the truce.", "violated", "violated"),
    ],
)
def test_a_condition_reaches_across_the_subject_of_its_clause(text, stance, cue):
    assert shipped(text, "stance", "cue") == [[stance, cue]]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A cue counts up to 20 words before the match within its clause: "announced" as the
        # twentieth word before "truce", then as the twenty-first.
        (
            "Sadr announced after long talks with the elders of the tribes of the southern "
            "provinces near Basra in May a new truce.",
            ["declared", "announced"],
        ),
        (
            "Sadr announced after long talks with the elders of the tribes of the southern "
            "provinces near Basra in early May a new truce.",
            [None, None],
        ),
        # And after it: "held" as the twentieth word after "truce", then the twenty-first.
        (
            "The truce in the southern provinces near the old port of Basra and the holy cities "
            "of the south of Iraq held.",
            ["kept", "held"],
        ),
        (
            "The truce in the southern provinces near the old port of Basra and the holy cities "
            "of the south of Iraq finally held.",
            [None, None],
        ),
    ],
)
def test_a_cue_governs_from_up_to_twenty_words_away_in_its_clause(text, found):
    assert shipped(text, "stance", "cue") == [found]


def test_a_match_without_a_stance_has_no_cue():
    found = one_sentence("Gunmen fired.")
    assert found["cue"].isna().all()


def test_each_match_of_a_row_with_many_cues_reads_the_cue_of_its_own_clause():
    # Twelve clauses of each act in one row: a later match's cues lie more than CUE_STEPS
    # cues of their class after the row's first, where the search goes on by halves.
    text = " ".join(["The militia agreed to a truce; the army rejected a truce;"] * 12)
    found = one_sentence(text)
    assert (
        found[["stance", "cue"]].values.tolist()
        == [
            ["agreed", "agreed"],
            ["rejected", "rejected"],
        ]
        * 12
    )


def test_the_stance_of_a_match_does_not_depend_on_the_order_the_matches_are_read_in(
    monkeypatch,
):
    # find_frames hands the stance windows its matches in text order; read in reverse, every
    # row's cues are looked for afresh, and each match must get the same stance and cues. (The
    # evaluation's development sentences: the stances of every construction the cues read.)
    from conflict_corpus import wording
    from conflict_corpus.engine.windows import stance_windows
    from conflict_corpus.evaluation import load_evaluation

    given = []

    def recorded(kernel, buf, *args, sliced=2):
        if kernel is stance_windows:
            given.append((buf, args))
        return by_rows(kernel, buf, *args, sliced=sliced)

    by_rows = wording.by_rows
    monkeypatch.setattr(wording, "by_rows", recorded)
    text = load_evaluation()["sentences"]["text"].to_numpy()
    helpers.find_frames(pd.DataFrame({"sentence_id": np.arange(1, len(text) + 1), "text": text}))
    ((buf, args),) = given
    in_order = stance_windows(buf, *args)
    back = np.arange(len(args[0]))[::-1]
    reversed_args = [a[back] if k < 6 else a for k, a in enumerate(args)]
    assert len(back) == 1173  # (the ceasefire and disarmament matches of the 1,317 sentences)
    for ordered, read_back in zip(in_order, stance_windows(buf, *reversed_args)):
        assert np.array_equal(ordered, read_back[back])


@given(
    st.lists(st.integers(0, 60), max_size=40).map(sorted),
    st.integers(-5, 65),
    st.data(),
)
def test_the_first_cue_from_any_earlier_index_is_the_binary_search_of_the_whole(starts, x, data):
    from conflict_corpus.engine.windows import _first_cue

    starts = np.array(starts, dtype=np.int64)
    whole = int(np.searchsorted(starts, x))
    i = data.draw(st.integers(0, whole))
    assert _first_cue(starts, i, len(starts), x) == whole


@pytest.mark.parametrize(
    "text, frame, surface",
    [
        # A stopping verb and the fighting it stops, in any form and tense.
        (
            "The militia halted all military operations.",
            "ceasefire",
            "halted all military operations",
        ),
        ("They agreed to suspend their attacks.", "ceasefire", "suspend their attacks"),
        ("Sadr called off the offensive.", "ceasefire", "called off the offensive"),
        ("Both sides will abandon the armed struggle.", "ceasefire", "abandon the armed struggle"),
        # The passive, with "be" or "have" and a word between.
        ("The group's operations were halted in March.", "ceasefire", "operations were halted"),
        (
            "By June the fighting was brought to an end.",
            "ceasefire",
            "fighting was brought to an end",
        ),
        ("Attacks have now been suspended.", "ceasefire", "Attacks have now been suspended"),
        # The noun of the stopping act.
        (
            "Mediators won a halt to all military operations.",
            "ceasefire",
            "halt to all military operations",
        ),
        ("They sought an end to the clashes.", "ceasefire", "end to the clashes"),
        ("A pause in the fighting began.", "ceasefire", "pause in the fighting"),
        # Giving up weapons, active and passive, and as a noun.
        ("His men would put down their rifles.", "disarmament", "put down their rifles"),
        (
            "The brigade handed its heavy weapons to the army.",
            "disarmament",
            "handed its heavy weapons",
        ),
        ("The weapons were handed over on Friday.", "disarmament", "weapons were handed over"),
        (
            "The handover of their 840 declared weapons ended.",
            "disarmament",
            "handover of their 840 declared weapons",
        ),
        (
            "The IRA had put all its weapons beyond use.",
            "disarmament",
            "put all its weapons beyond use",
        ),
        # The passive after a modal.
        ("Attacks on the army must be halted.", "ceasefire", "Attacks on the army must be halted"),
        ("The weapons should be handed over.", "disarmament", "weapons should be handed over"),
        ("All armed factions must be dissolved.", "disarmament", "factions must be dissolved"),
        # A group dissolved by a name that begins with the Arabic word for army or companies.
        ("He vowed to dissolve Jaish al-Mahdi.", "disarmament", "dissolve Jaish"),
        ("He dissolved Saraya al-Salam in 2021.", "disarmament", "dissolved Saraya"),
        # "Abolish" said of a unit, as "dissolve" is.
        ("He would abolish Saraya al-Salam.", "disarmament", "abolish Saraya"),
        (
            "They called for the abolition of all militias.",
            "disarmament",
            "abolition of all militias",
        ),
        # Fighters absorbed into the state's forces, with a long phrase between.
        (
            "The government pledged to absorb about a fifth of the fighters into the police.",
            "disarmament",
            "absorb about a fifth of the fighters into the police",
        ),
        # More ways to end the fighting and to give up weapons.
        ("The leaders agreed to halt the killing.", "ceasefire", "halt the killing"),
        ("Its rebellion was over.", "ceasefire", "rebellion was over"),
        (
            "The plan brought three weeks of combat in Najaf to a close.",
            "ceasefire",
            "combat in Najaf to a close",
        ),
        (
            "The IRA called time on its armed campaign.",
            "ceasefire",
            "called time on its armed campaign",
        ),
        ("He threatened to unfreeze the Mahdi Army.", "ceasefire", "unfreeze the Mahdi Army"),
        ("They must give their guns up.", "disarmament", "give their guns up"),
        (
            "It began putting a quantity of its weapons beyond use.",
            "disarmament",
            "putting a quantity of its weapons beyond use",
        ),
        (
            "The factions were merged fully into the military.",
            "disarmament",
            "merged fully into the military",
        ),
        (
            "A law made the brigades a formal part of the armed forces.",
            "disarmament",
            "made the brigades a formal part of the armed forces",
        ),
        ("ETA had dismantled all its structures.", "disarmament", "dismantled all its structures"),
        # The fire, the bombing and the guns silenced; weapons burned, sold back, collected,
        # destroyed or brought under the state's control; fighters absorbed into a country's
        # forces.
        (
            "Both sides sealed a bilateral cessation of fire.",
            "ceasefire",
            "cessation of fire",
        ),
        ("Halt the rocket fire or face an assault.", "ceasefire", "Halt the rocket fire"),
        ("Israel agreed to stop the bombing.", "ceasefire", "stop the bombing"),
        ("He called on the fighters to silence their guns.", "ceasefire", "silence their guns"),
        ("Thirty fighters set their rifles on fire.", "disarmament", "set their rifles on fire"),
        (
            "Militiamen queued to sell their arsenal to the government.",
            "disarmament",
            "sell their arsenal to the government",
        ),
        (
            "The police collected hundreds of heavy weapons.",
            "disarmament",
            "collected hundreds of heavy weapons",
        ),
        ("Every weapon had been destroyed.", "disarmament", "weapon had been destroyed"),
        (
            "A plan to bring all weapons, including Hezbollah's, under state control.",
            "disarmament",
            "weapons, including Hezbollah's, under state control",
        ),
        (
            "A fifth of the fighters were absorbed into Iraq's security forces.",
            "disarmament",
            "absorbed into Iraq's security forces",
        ),
        # A militia made part of the state's forces, whatever the verb.
        (
            "A law made the Hashd al-Shaabi a formal part of Iraq's armed forces.",
            "disarmament",
            "formal part of Iraq's armed forces",
        ),
        (
            "Parliament voted to turn the brigades into a permanent branch of the army.",
            "disarmament",
            "permanent branch of the army",
        ),
        # The fighting that stops of itself; a halt negotiated.
        ("The shooting stopped soon afterwards.", "ceasefire", "shooting stopped"),
        ("A delegation negotiated a halt.", "ceasefire", "negotiated a halt"),
        (
            "He pledged to place every weapon in the country under state authority.",
            "disarmament",
            "weapon in the country under state authority",
        ),
        # The freeze of a militia named alone.
        ("The freeze was credited with cutting violence.", "ceasefire", "freeze"),
        ("Splinter groups had ignored Sadr's freeze.", "ceasefire", "freeze"),
        # The fighting stops of itself past a phrase after it, or with a modal; with its kind.
        (
            "The clashes between the two militias ceased at noon.",
            "ceasefire",
            "clashes between the two militias ceased",
        ),
        (
            "The government said that armed operations in the province ended.",
            "ceasefire",
            "armed operations in the province ended",
        ),
        ("The rebels said their attacks would stop.", "ceasefire", "attacks would stop"),
        (
            "He promised that military operations will cease on Friday.",
            "ceasefire",
            "military operations will cease",
        ),
        ("The leaders told the gunmen to quit fighting.", "ceasefire", "quit fighting"),
        (
            "They pledged to refrain from all military operations.",
            "ceasefire",
            "refrain from all military operations",
        ),
        # An order named by its act; fighting taken up again.
        ("The halt order reached the brigades.", "ceasefire", "halt order"),
        ("The stand-down order was read aloud.", "ceasefire", "stand-down order"),
        ("The group threatened to return to fighting.", "ceasefire", "return to fighting"),
        ("The army would go back to war.", "ceasefire", "go back to war"),
        # A group made to end, its name before the verb, past a clause or an obligation.
        (
            "The brigade he had founded would be dissolved.",
            "disarmament",
            "brigade he had founded would be dissolved",
        ),
        ("Every armed group had to be dissolved.", "disarmament", "group had to be dissolved"),
        ("The wing was abolished in May.", "disarmament", "wing was abolished"),
        # Weapons received, bought back, given or brought to the state, kept to the state.
        (
            "Monitors took custody of the last rifles.",
            "disarmament",
            "took custody of the last rifles",
        ),
        ("The state offered to buy back their guns.", "disarmament", "buy back their guns"),
        (
            "The police took possession of the last batch of their rifles.",
            "disarmament",
            "took possession of the last batch of their rifles",
        ),
        (
            "The militias gave up their light and medium arms.",
            "disarmament",
            "gave up their light and medium arms",
        ),
        (
            "The fighters gave their rifles to the authorities.",
            "disarmament",
            "gave their rifles to the authorities",
        ),
        (
            "Residents brought old weapons to the police stations.",
            "disarmament",
            "brought old weapons to the police stations",
        ),
        (
            "The factions agreed to restrict their arms to the state.",
            "disarmament",
            "restrict their arms to the state",
        ),
        (
            "The plan would put all weapons in state hands.",
            "disarmament",
            "weapons in state hands",
        ),
        ("Their arsenal was dismantled.", "disarmament", "arsenal was dismantled"),
        # The older phrase rows take every weapon of the class ("arsenal"); a quantity between
        # one's own and the weapons; the particle first; weapons put beyond use.
        (
            "He said giving up the group's arsenal was impossible.",
            "disarmament",
            "giving up the group's arsenal",
        ),
        (
            "The rebels handed their last 20 rifles to the monitors.",
            "disarmament",
            "handed their last 20 rifles",
        ),
        (
            "He ordered the brigades to hand back to the state the weapons they held.",
            "disarmament",
            "hand back to the state the weapons",
        ),
        ("The arms put beyond use were counted.", "disarmament", "put beyond use"),
        ("The plan gives the state a monopoly on arms.", "disarmament", "monopoly on arms"),
        # "Every" and "each" before the weapons, as "all" and "their" stand there.
        ("The rebels would keep every rifle.", "disarmament", "keep every rifle"),
        ("They would keep each rifle.", "disarmament", "keep each rifle"),
        # Forces unified into the state's army, as integrated or merged into it.
        (
            "The deal promised the unification of both armies into a national army.",
            "disarmament",
            "unification of both armies into a national army",
        ),
        # Weapons destroyed by crushing, cutting, shredding or melting, and burned.
        ("The guns were crushed by a steamroller.", "disarmament", "guns were crushed"),
        ("Former fighters cut up their rifles.", "disarmament", "cut up their rifles"),
        ("The old arms had been melted down.", "disarmament", "arms had been melted down"),
        ("The weapons went up in flames.", "disarmament", "weapons went up in flames"),
        # Fighters put under the state's command, or moved to it.
        (
            "The militiamen were placed under army command.",
            "disarmament",
            "militiamen were placed under army command",
        ),
        (
            "They agreed to transfer the brigade's fighters to state command.",
            "disarmament",
            "transfer the brigade's fighters to state command",
        ),
        # A buy-back that does not say "back": weapons bought from the fighters.
        (
            "The army offered to buy rifles from the rebels.",
            "disarmament",
            "buy rifles from the rebels",
        ),
        # Their own weapons given to someone named first (two objects).
        (
            "The fighters handed the monitors their rifles.",
            "disarmament",
            "handed the monitors their rifles",
        ),
        (
            "Fighters began handing the police their machine guns.",
            "disarmament",
            "handing the police their machine guns",
        ),
        # More verbs of giving weapons up, and the words for weapons and their kinds.
        (
            "The militia agreed to part with its heavy weaponry.",
            "disarmament",
            "part with its heavy weaponry",
        ),
        (
            "Fighters deposited their rifles at the collection points.",
            "disarmament",
            "deposited their rifles",
        ),
        (
            "He told them to return their government-issued shotguns.",
            "disarmament",
            "return their government-issued shotguns",
        ),
        (
            "The militia would transfer its weapons to the state.",
            "disarmament",
            "transfer its weapons to the state",
        ),
        (
            "The plan would strip the militias of their heavy weapons.",
            "disarmament",
            "strip the militias of their heavy weapons",
        ),
        # Heavier arms in the passive; weapons given up, in a reduced relative.
        (
            "Mortars and grenades were handed in at the stadium.",
            "disarmament",
            "grenades were handed in",
        ),
        (
            "Thousands of rifles surrendered in the amnesty were destroyed.",
            "disarmament",
            "rifles surrendered",
        ),
        # A unit dismantled or wound up (in the passive), or that declares itself dissolved.
        ("The armed wing was dismantled in 2011.", "disarmament", "wing was dismantled"),
        ("The organisation has been wound up.", "disarmament", "organisation has been wound up"),
        ("The movement declared itself dissolved.", "disarmament", "declared itself dissolved"),
        # Fighters inducted into the army, or gathered in camps; weapons kept under seal or in
        # another's keeping.
        (
            "Hundreds of fighters were inducted into the army.",
            "disarmament",
            "inducted into the army",
        ),
        ("The rebels must canton their fighters.", "disarmament", "canton their fighters"),
        (
            "The deal placed the weapons under the supervision of the monitors.",
            "disarmament",
            "weapons under the supervision of",
        ),
        (
            "The rifles were locked in steel containers.",
            "disarmament",
            "rifles were locked in steel containers",
        ),
        (
            "Monitors sealed the group's weapons inside containers.",
            "disarmament",
            "sealed the group's weapons inside containers",
        ),
        # Weapons burned, the object last; transferred to the army, as a noun; brought to an
        # office; a batch of them.
        ("Rebels set fire to their rifles.", "disarmament", "set fire to their rifles"),
        (
            "The militia's transfer of its arsenal to the army was praised.",
            "disarmament",
            "transfer of its arsenal to the army",
        ),
        (
            "They brought their rifles to the district office.",
            "disarmament",
            "brought their rifles to the district office",
        ),
        (
            "Monitors destroyed the last batch of their weapons.",
            "disarmament",
            "destroyed the last batch of their weapons",
        ),
        # Weapons yielded, traded in, exchanged for cash, collected in a number, transferred to
        # a named army; fighters brought into the army.
        ("The rebels yielded their rifles to the army.", "disarmament", "yielded their rifles"),
        (
            "Former fighters traded in their weapons for training.",
            "disarmament",
            "traded in their weapons",
        ),
        (
            "Peacekeepers collected more than 3,800 weapons.",
            "disarmament",
            "collected more than 3,800 weapons",
        ),
        ("Fighters exchanged their Kalashnikovs for cash.", "disarmament", "Kalashnikovs for cash"),
        (
            "The group began transferring heavy weapons to the federal army.",
            "disarmament",
            "transferring heavy weapons to the federal army",
        ),
        (
            "He agreed to bring his men into the national army.",
            "disarmament",
            "bring his men into the national army",
        ),
        # A truce by other names (a brokered calm, a standstill agreed to, weeks of calm); fighting
        # laid off, civil war ended, operational hostilities ceased, drone strikes halted.
        ("An Egyptian-brokered calm took hold on Sunday.", "ceasefire", "brokered calm"),
        ("The group said it would abide by the calm.", "ceasefire", "abide by the calm"),
        (
            "The rebels agreed to a standstill with the army.",
            "ceasefire",
            "standstill with the army",
        ),
        ("Militants broke a week of calm with rocket fire.", "ceasefire", "week of calm"),
        (
            "The council demanded that the army lay off its offensives.",
            "ceasefire",
            "lay off its offensives",
        ),
        ("The deal ended the civil war.", "ceasefire", "ended the civil war"),
        (
            "The command would cease all operational hostilities.",
            "ceasefire",
            "cease all operational hostilities",
        ),
        ("Both armies would halt drone strikes.", "ceasefire", "halt drone strikes"),
        # Fighting stopped: abstained from, a campaign of it, "military operations" halted (not
        # the enforcement of "military operations" alone), a humanitarian pause.
        (
            "The group said it would abstain from all attacks.",
            "ceasefire",
            "abstain from all attacks",
        ),
        (
            "The group would end its campaign of bombings.",
            "ceasefire",
            "end its campaign of bombings",
        ),
        (
            "Military operations were halted on Monday.",
            "ceasefire",
            "Military operations were halted",
        ),
        ("Both sides agreed to a humanitarian pause.", "ceasefire", "humanitarian pause"),
        # The weapons counted, by a number or a word, between the verb and the weapons.
        ("The army destroyed 1,200 rifles.", "disarmament", "destroyed 1,200 rifles"),
        (
            "The fighters dumped more than 300 rifles in the river.",
            "disarmament",
            "dumped more than 300 rifles",
        ),
        (
            "The rebels burned hundreds of their guns.",
            "disarmament",
            "burned hundreds of their guns",
        ),
        ("Rebels handed 40 rifles to the monitors.", "disarmament", "handed 40 rifles"),
        # A group's freeze that goes on; a call not to strike back.
        ("Sadr said the Mahdi Army would remain frozen.", "ceasefire", "Army would remain frozen"),
        ("He urged his men not to retaliate.", "ceasefire", "not to retaliate"),
        ("She told them not to hit back.", "ceasefire", "not to hit back"),
        # Weapons kept against a demand to give them up.
        ("The militia will retain its heavy weapons.", "disarmament", "retain its heavy weapons"),
        ("The group clung to its guns.", "disarmament", "clung to its guns"),
        # Weapons kept to the state, in the passive; passed to the state or the army.
        (
            "He wants all weapons to be limited to the state.",
            "disarmament",
            "weapons to be limited to the state",
        ),
        (
            "They asked that arms be restricted to the army.",
            "disarmament",
            "arms be restricted to the army",
        ),
        (
            "The brigade passed its rifles to the army.",
            "disarmament",
            "passed its rifles to the army",
        ),
        # A hold-fire order: fighters forbidden or barred to use their weapons.
        (
            "The cleric forbade his men to use their guns.",
            "ceasefire",
            "forbade his men to use their guns",
        ),
        (
            "Members were banned from using their weapons.",
            "ceasefire",
            "banned from using their weapons",
        ),
        # Fighters brought into the state, or made a lawful corps of its forces.
        (
            "The volunteers should be absorbed into the state's security forces.",
            "disarmament",
            "absorbed into the state",
        ),
        (
            "The accord folds the group's armed bodies into the Syrian state.",
            "disarmament",
            "folds the group's armed bodies into the Syrian state",
        ),
        (
            "Parliament made the brigades an official military corps.",
            "disarmament",
            "official military corps",
        ),
        (
            "The law turned the militia into a legal reserve for the army.",
            "disarmament",
            "legal reserve",
        ),
        (
            "Some 15,000 fighters had joined the security forces.",
            "disarmament",
            "joined the security forces",
        ),
        # Fighting that is to resume, is over now, or is interrupted; a call not to start it;
        # the use of weapons banned.
        (
            "The commander warned that military operations would resume.",
            "ceasefire",
            "military operations would resume",
        ),
        ("The spokesman said the fighting was now over.", "ceasefire", "fighting was now over"),
        (
            "The fighting was briefly interrupted at noon.",
            "ceasefire",
            "fighting was briefly interrupted",
        ),
        (
            "He called on the factions not to start military operations.",
            "ceasefire",
            "not to start military operations",
        ),
        (
            "The cleric banned the use of weapons in every province.",
            "ceasefire",
            "banned the use of weapons",
        ),
        # Firearms given up; weapons held by, left or given to the state alone.
        (
            "The fighters turned over their firearms to the army.",
            "disarmament",
            "turned over their firearms",
        ),
        (
            "He demanded that guns be held by the army alone.",
            "disarmament",
            "guns be held by the army",
        ),
        (
            "He argued that only the state should bear arms.",
            "disarmament",
            "only the state should bear arms",
        ),
        (
            "She urged the factions to leave arms to the state.",
            "disarmament",
            "leave arms to the state",
        ),
        (
            "All its weapons would be given to the government.",
            "disarmament",
            "weapons would be given to the government",
        ),
        # A war declared over; fighting or gunfire that dies down; fighters in cantonment;
        # weapons got rid of.
        ("He said the war in the north was over.", "ceasefire", "war in the north was over"),
        ("The fighting died down by evening.", "ceasefire", "fighting died down"),
        ("The gunfire died away soon after.", "ceasefire", "gunfire died away"),
        ("The fighters were kept in cantonment for months.", "disarmament", "cantonment"),
        ("They began getting rid of their guns.", "disarmament", "getting rid of their guns"),
        # Armed displays stopped, as fighting is.
        (
            "The group ended all armed displays in the city.",
            "ceasefire",
            "ended all armed displays",
        ),
        ("He demanded a halt to armed appearances.", "ceasefire", "halt to armed appearances"),
        # A group's arsenal put under the command of the state's forces.
        (
            "The accord placed the arsenal under national army command.",
            "disarmament",
            "arsenal under national army command",
        ),
        # A counted part of the weapons given up or delivered to those who take them in.
        (
            "The rebels handed in about 2,500 of their rifles.",
            "disarmament",
            "handed in about 2,500 of their rifles",
        ),
        (
            "The front gave up a third of its weapons.",
            "disarmament",
            "gave up a third of its weapons",
        ),
        (
            "The guerrillas turned over a final 40 percent of their arsenal.",
            "disarmament",
            "turned over a final 40 percent of their arsenal",
        ),
        (
            "The group returned 300 of its registered guns to the police.",
            "disarmament",
            "returned 300 of its registered guns to the police",
        ),
        # the weapons named first, the participle after them, no "be" between
        (
            "Officials counted the rifles turned in by the rebels.",
            "disarmament",
            "rifles turned in",
        ),
        (
            "Most of the arms handed over in the district were old.",
            "disarmament",
            "arms handed over",
        ),
    ],
)
def test_constructions_join_a_predicate_and_its_argument_in_any_form(text, frame, surface):
    found = one_sentence(text)
    assert [frame, surface] in found[["frame", "surface"]].values.tolist()


@pytest.mark.parametrize(
    "text, frame, surface",
    [
        ("Hezbollah would not surrender its weapons.", "disarmament", "not surrender its weapons"),
        ("The group would not hand over 300 rifles.", "disarmament", "not hand over 300 rifles"),
        # (a contraction is matched whole, straight or curly apostrophe)
        (
            "The fighters won't hand over their rifles.",
            "disarmament",
            "won't hand over their rifles",
        ),
        (
            "The Mahdi Army didn\u2019t lay down its weapons.",
            "disarmament",
            "didn\u2019t lay down its weapons",
        ),
        ("The brigades wouldn't disband.", "disarmament", "wouldn't disband"),
        # the passive, a unit that will not be disbanded
        (
            "The forces would not be disbanded under any circumstances.",
            "disarmament",
            "would not be disbanded",
        ),
        ("The militia won't be disarmed.", "disarmament", "won't be disarmed"),
        ("The militia will never stop its attacks.", "ceasefire", "never stop its attacks"),
        ("They would not call off the offensive.", "ceasefire", "not call off the offensive"),
    ],
)
def test_a_negated_construction_is_a_refusal(text, frame, surface):
    found = one_sentence(text)
    assert found[["frame", "surface", "stance", "cameo"]].values.tolist() == [
        [frame, surface, "rejected", "1246"]
    ]


@pytest.mark.parametrize(
    "text, surface, stance",
    [
        # The weapons fall silent: the stop worded by its argument, as "silence their guns" is
        # by its verb; in the past, in the perfect, and a silence that goes on.
        ("The guns fell silent at midnight.", "guns fell silent", "declared"),
        ("By dawn the rifles had fallen silent.", "rifles had fallen silent", "declared"),
        ("The guns go silent at noon.", "guns go silent", "declared"),
        ("The guns have stayed silent since August.", "guns have stayed silent", "kept"),
        ("Their weapons remained silent through the holiday.", "weapons remained silent", "kept"),
        ("Heavy weapons were silent on Sunday.", "Heavy weapons were silent", "kept"),
        # The fighting that stops of itself, with every verb that says so intransitively.
        ("The fighting paused for the funerals.", "fighting paused", "declared"),
        ("The clashes wound down by evening.", "clashes wound down", "declared"),
        ("The shelling would pause during the talks.", "shelling would pause", "declared"),
        ("Military operations paused on Friday.", "Military operations paused", "declared"),
    ],
)
def test_fighting_or_weapons_that_stop_of_themselves(text, surface, stance):
    found = one_sentence(text)
    assert found[["frame", "surface", "stance", "cameo"]].values.tolist() == [
        ["ceasefire", surface, stance, {"declared": "0871", "kept": None}[stance]]
    ]


@pytest.mark.parametrize(
    "text, surface, stance",
    [
        # Giving up or renouncing the fighting stops it, as halting it does.
        ("The group renounced armed struggle in 2011.", "renounced armed struggle", "declared"),
        ("The rebels gave up the armed struggle.", "gave up the armed struggle", "declared"),
        ("The Taliban renounced violence.", "renounced violence", "declared"),
        # A moratorium or a renunciation names the stop, as a halt does.
        ("They agreed a moratorium on attacks.", "moratorium on attacks", "agreed"),
        ("ETA announced its renunciation of violence.", "renunciation of violence", "declared"),
    ],
)
def test_giving_up_or_renouncing_the_fighting_stops_it(text, surface, stance):
    found = one_sentence(text)
    assert found[["frame", "surface", "stance"]].values.tolist() == [["ceasefire", surface, stance]]


@pytest.mark.parametrize(
    "text",
    [
        "The minister fell silent.",  # (no weapons: a person's silence)
        "The group remained silent on its weapons.",  # (the weapons after "silent")
    ],
)
def test_a_silence_that_is_not_the_weapons_is_no_ceasefire(text):
    found = one_sentence(text)
    assert "ceasefire" not in found["frame"].tolist()


def test_every_verb_of_giving_up_weapons_has_its_participle_for_the_passive():
    classes = helpers.load_lexicon_classes()
    participles = {tuple(member.split()) for member in classes["given_up"]}
    missing = []
    for member in classes["give_up"]:
        verb, *rest = member.split()
        if not any((form, *rest) in participles for form in helpers.inflections(verb.rstrip("~"))):
            missing.append(member)
    # A bare "hand" needs what goes with it ("handed over", "handed in"); weapons stacked in
    # the passive are stored, not given up; "parted with" is seldom passive; weapons
    # "returned" are as often given back to the fighters as to the state (rows of their own:
    # "returned to the government").
    assert missing == ["hand~", "stack~", "part~ with", "return~"]


@pytest.mark.parametrize(
    "text, surface",
    [
        ("The weapons were scrapped.", "weapons were scrapped"),
        ("Their rifles were dumped in the lake.", "rifles were dumped"),
        ("The guns had been burned at the ceremony.", "guns had been burned"),
        ("Most of the weapons were thrown away.", "weapons were thrown away"),
    ],
)
def test_weapons_given_up_in_the_passive_by_any_verb_of_the_class(text, surface):
    found = one_sentence(text)
    assert found[["frame", "surface", "stance"]].values.tolist() == [
        ["disarmament", surface, "declared"]
    ]
    cars = one_sentence("Cars were burned.")
    assert "disarmament" not in cars["frame"].tolist()


@pytest.mark.parametrize(
    "text, surface",
    [
        ("They watched the burning of weapons.", "burning of weapons"),
        ("The dumping of arms took a week.", "dumping of arms"),
        ("Monitors oversaw the scrapping of their guns.", "scrapping of their guns"),
        ("The disposal of weapons was verified.", "disposal of weapons"),
        ("It began the dismantling of its weapons.", "dismantling of its weapons"),
    ],
)
def test_weapons_given_up_as_a_noun_by_any_verb_of_the_class(text, surface):
    # The noun names the act, as "the handover of weapons" does; a cue around it gives its
    # stance.
    found = one_sentence(text)
    assert [["disarmament", surface]] == found[["frame", "surface"]].values.tolist()
    other = helpers.find_frames(
        pd.DataFrame({"sentence_id": [1], "text": ["Crowds protested the burning of a Koran."]})
    )
    assert "disarmament" not in other["frame"].tolist()


@pytest.mark.parametrize(
    "rows, message",
    [
        ("Stop,halt~,\n", r"classes\.csv: line 2: class 'Stop' must be a lower-case word"),
        ("stop,halt~,\nstop,end~,\n", r"classes\.csv: line 3: class 'stop' is named twice"),
        ("stop,..2 halt,\n", r"classes\.csv: line 2.*cannot read|must start and end"),
        ("stop, ; ,\n", r"classes\.csv: line 2: class 'stop' has no members"),
    ],
)
def test_a_malformed_class_row_names_file_and_line(tmp_path, rows, message):
    path = write(tmp_path, "classes.csv", "class,members,note\n" + rows)
    with pytest.raises(helpers.CorpusError, match=message):
        helpers.load_lexicon_classes(path)


def test_a_pattern_naming_an_unknown_class_is_refused(tmp_path):
    path = write(
        tmp_path, "lex.csv", "frame,pattern,cameo,unless,note\nceasefire,<nothing> fire,,,\n"
    )
    with pytest.raises(helpers.CorpusError, match=r"lex\.csv: line 2: .*class <nothing>"):
        helpers.load_lexicon(path)
