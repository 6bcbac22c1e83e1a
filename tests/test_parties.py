"""Who does what about the ceasefire: the agent, target and broker of each ceasefire or
disarmament mention (conflict_corpus/parties.py), on sentences written for each rule and on
the seed corpus."""

import pandas as pd
import pytest

import helpers


def events_of(*texts):
    corpus = pd.DataFrame(
        {"sentence_id": range(1, len(texts) + 1), "text": list(texts), "kind": "sentence"}
    )
    return helpers.events(corpus)


def parties(text):
    """(agent, target, broker) of the one ceasefire or disarmament mention of ``text``."""
    found = events_of(text)
    assert len(found) == 1, found
    row = found.iloc[0]
    return tuple(v if isinstance(v, str) else None for v in row[["agent", "target", "broker"]])


@pytest.mark.parametrize(
    "text, expected",
    [
        # The nearest actor before the act, in its clause.
        ("Muqtada al-Sadr declared a ceasefire.", ("Muqtada al-Sadr", None, None)),
        # Two actors as the subject: the first is the agent, the second the target.
        (
            "The Mahdi Army and the Iraqi Army agreed a truce.",
            ("Mahdi Army", "Iraqi Security Forces", None),
        ),
        # "between X and Y".
        (
            "A ceasefire between the Mahdi Army and the Iraqi Army took effect.",
            ("Mahdi Army", "Iraqi Security Forces", None),
        ),
        # The actor urged to act is the target; the one who urges, the agent.
        ("Iran urged the Mahdi Army to lay down its weapons.", ("Iran", "Mahdi Army", None)),
        # One's own forces, ordered, are no target.
        (
            "Muqtada al-Sadr ordered his Mahdi Army to stop fighting.",
            ("Muqtada al-Sadr", None, None),
        ),
        # The party an act is aimed at.
        (
            "The Mahdi Army halted its attacks on U.S. forces.",
            ("Mahdi Army", "United States", None),
        ),
        # A passive, and an order.
        ("A ceasefire was declared by Muqtada al-Sadr.", ("Muqtada al-Sadr", None, None)),
        # The passive's "by" after its verb, further from the match.
        (
            "The pause in attacks on U.S. troops declared by Kata'ib Hezbollah held.",
            ("Kata'ib Hezbollah", "United States", None),
        ),
        # The owner of a truce is not who breaks or keeps it, when someone stands before; the
        # owner of the fighting stopped is who stops it.
        (
            "Muqtada al-Sadr's office said the Mahdi Army's freeze would run another six months.",
            ("Muqtada al-Sadr", None, None),
        ),
        ("Muqtada al-Sadr's truce held.", ("Muqtada al-Sadr", None, None)),
        (
            "Mahdi Army gunmen clashed with the police in Karbala, prompting Muqtada al-Sadr's "
            "freeze.",
            ("Muqtada al-Sadr", None, None),
        ),
        (
            "Muqtada al-Sadr said the Mahdi Army's activities would stay frozen.",
            ("Mahdi Army", None, None),
        ),
        (
            "The Mahdi Army froze its operations at the behest of Muqtada al-Sadr.",
            ("Muqtada al-Sadr", None, None),
        ),
        # A broker is never the agent.
        ("The Sistani-brokered truce held.", (None, None, "Ali al-Sistani")),
        # "by X" is a passive's agent only right after the act, not in a later phrase.
        (
            "The Mahdi Army would hand over its weapons at centres set up by the Iraqi Army.",
            ("Mahdi Army", None, None),
        ),
        # A cue word inside a name is no verb ("Promised" in the Promised Day Brigade).
        (
            "Sadr said the Promised Day Brigade had handed over its weapons.",
            ("Promised Day Brigade", None, None),
        ),
        # "between X and Y" with an X the alias table does not list: Y is the target.
        (
            "A ceasefire between Ruritania and the Mahdi Army took effect.",
            (None, "Mahdi Army", None),
        ),
        # A hyphenated pair before the match: the first the agent, the second the target.
        ("The Iran-Hezbollah ceasefire held.", ("Iran", "Hezbollah", None)),
        ("The Ruritania-Hezbollah ceasefire held.", (None, "Hezbollah", None)),
        # A nation's adjective before its troops or forces names a party.
        (
            "The Mahdi Army halted its attacks on American troops.",
            ("Mahdi Army", "United States", None),
        ),
        # A phrase put before its clause's subject: the actor right after its comma.
        (
            "Despite the ceasefire, the Mahdi Army attacked Iraqi Army checkpoints.",
            ("Mahdi Army", None, None),
        ),
        # Reported speech: the subject of the reported clause.
        ("Nouri al-Maliki said the Mahdi Army would disarm.", ("Mahdi Army", None, None)),
        # A demand made as an obligation: the one obliged is the target, the speaker the agent
        # (before the obligation, or after the match), none where nobody is said to demand it;
        # an actor after a preposition is no speaker.
        (
            "Nouri al-Maliki said the Mahdi Army must disarm.",
            ("Nouri al-Maliki", "Mahdi Army", None),
        ),
        (
            "The Mahdi Army had to hand over its weapons, Nouri al-Maliki said.",
            ("Nouri al-Maliki", "Mahdi Army", None),
        ),
        ("The Mahdi Army must disarm.", (None, "Mahdi Army", None)),
        # The one offered the act, or an incentive for it, is the target.
        (
            "Nouri al-Maliki offered the Mahdi Army a truce.",
            ("Nouri al-Maliki", "Mahdi Army", None),
        ),
        (
            "Nouri al-Maliki offered the Mahdi Army cash for heavy weapons handed in.",
            ("Nouri al-Maliki", "Mahdi Army", None),
        ),
        # ... and as a precondition ("unless", "only after", "until"): the actor inside it is
        # the target; the actor the main clause acts on is not who sets it.
        (
            "Nouri al-Maliki said talks would resume only after the Mahdi Army disarmed.",
            ("Nouri al-Maliki", "Mahdi Army", None),
        ),
        (
            "Nouri al-Maliki warned that the offensive in Basra would go on until the Mahdi Army "
            "had handed over its weapons.",
            ("Nouri al-Maliki", "Mahdi Army", None),
        ),
        (
            "He said he would go after the Mahdi Army and would not stop until all militias in "
            "Iraq were disbanded.",
            (None, None, None),
        ),
        (
            "Iran refused to talk with Muqtada al-Sadr and said he must disband his militia.",
            ("Iran", None, None),
        ),
        # "between X and Y" after the fighting a match stops names the sides that fought, not
        # who stops it; after a truce it names the truce's parties.
        (
            "Muqtada al-Sadr and Abdul Aziz al-Hakim signed a pact to end the clashes between "
            "the Mahdi Army and the Badr Organization.",
            ("Muqtada al-Sadr", "Abdul Aziz al-Hakim", None),
        ),
        (
            "The leaders agreed to a ceasefire between the Mahdi Army and the Badr Organization.",
            ("Mahdi Army", "Badr Organization", None),
        ),
        # A sponsor glued to the group it backs is no party; the short name of a group is one.
        (
            "Leaders of Kata'ib Hezbollah and other Iran-backed militias agreed to disarm.",
            ("Kata'ib Hezbollah", None, None),
        ),
        (
            "Commanders of Nujaba said they were ready to lay down their weapons.",
            ("Harakat Hezbollah al-Nujaba", None, None),
        ),
        # A title set off by commas after a name describes the speaker: the group it names is
        # not the party, the speaker is ("X, head of Y, said its fighters would ...").
        (
            "Hadi al-Amiri, the leader of the Badr Organization, said its fighters would hand "
            "over their heavy weapons.",
            ("Hadi al-Amiri", None, None),
        ),
        (
            "Muqtada al-Sadr, founder of the Mahdi Army, announced that it would suspend its "
            "operations for six months.",
            ("Muqtada al-Sadr", None, None),
        ),
        # Any description set off by commas after a name: the group it names is not the party.
        (
            "Nouri al-Maliki sacked Ali Hassan, the commander of the Mahdi Army in Basra, and "
            "halted all operations in the city.",
            ("Nouri al-Maliki", None, None),
        ),
        # The passive of an order before the match: who gave it.
        (
            "The Badr Organization was ordered by Hadi al-Amiri to stop its attacks.",
            ("Hadi al-Amiri", None, None),
        ),
        # "An order X issued": the noun, not a verb of telling; X is no target.
        (
            "An order Nouri al-Maliki issued in May said the fighters would be absorbed into "
            "the police.",
            ("Nouri al-Maliki", None, None),
        ),
        # Two subjects of a disarmament both disarm; of a truce, the second is the target.
        (
            "The Badr Organization and the Mahdi Army agreed to hand over their heavy weapons.",
            ("Badr Organization|Mahdi Army", None, None),
        ),
        # The subject of a relative clause right after the match.
        ("A ceasefire which the Mahdi Army declared in August held.", ("Mahdi Army", None, None)),
        (
            "Under the truce that Muqtada al-Sadr and Nouri al-Maliki signed, the fighters left.",
            ("Muqtada al-Sadr", "Nouri al-Maliki", None),
        ),
        # A match in a participle clause after a comma: the main clause's subject acts; an
        # actor in the participle clause itself is its own subject.
        (
            "Nouri al-Maliki met the Mahdi Army's leaders on Sunday, hoping to persuade the "
            "fighters to lay down their weapons.",
            ("Nouri al-Maliki", None, None),
        ),
        (
            "Muqtada al-Sadr praised the Badr Organization in a sermon, urging the fighters to "
            "stop attacking.",
            ("Muqtada al-Sadr", None, None),
        ),
        (
            "Iran sent envoys to the Mahdi Army, saying the Badr Organization would halt its "
            "attacks.",
            ("Badr Organization", None, None),
        ),
        # Nobody named in the reported clause: the speaker after it, past any phrase between
        # commas.
        (
            "The truce would be extended, if the talks went well, for six months, Muqtada "
            "al-Sadr said.",
            ("Muqtada al-Sadr", None, None),
        ),
        (
            "The weapons were handed over on Monday, after a long delay, the Iraqi Army announced.",
            ("Iraqi Security Forces", None, None),
        ),
        # The other side of an agreement, named with "with" before the match, is its target.
        (
            "Nouri al-Maliki reached a deal with the Mahdi Army on Sunday to halt the fighting.",
            ("Nouri al-Maliki", "Mahdi Army", None),
        ),
        (
            "Abdul Aziz al-Hakim signed an accord with Muqtada al-Sadr meant to stop the "
            "bloodshed.",
            ("Abdul Aziz al-Hakim", "Muqtada al-Sadr", None),
        ),
        # "between X and Y" after a word of fighting outside the match names the sides that
        # fought: another actor named in the clause is the agent; with none, they are the
        # match's parties.
        (
            "During the fighting between the Mahdi Army and the Iraqi Army in Basra, Nouri "
            "al-Maliki told the gunmen to hand in their weapons.",
            ("Nouri al-Maliki", None, None),
        ),
        (
            "In the clashes between the Iraqi Army and Sadrist gunmen, Muqtada al-Sadr "
            "declared a truce.",
            ("Muqtada al-Sadr", None, None),
        ),
        (
            "The battles between the Mahdi Army and the Badr Organization ended with a truce.",
            ("Mahdi Army", "Badr Organization", None),
        ),
        # The state's troops, soldiers and forces, named by the nation's adjective.
        (
            "Iraqi soldiers and the Mahdi Army agreed a truce.",
            ("Iraqi Security Forces", "Mahdi Army", None),
        ),
        # A name the match begins inside is its subject, unless the match is passive.
        ("Sadr said the Mahdi Army would remain frozen.", ("Mahdi Army", None, None)),
        ("Sadr said the Mahdi Army would be dissolved.", ("Muqtada al-Sadr", None, None)),
        # "On X's orders" names the agent of a passive; of an active verb, its subject acts.
        ("The rifles were handed over on Sadr's orders.", ("Muqtada al-Sadr", None, None)),
        (
            "Mahdi Army fighters handed over their rifles on Sadr's orders.",
            ("Mahdi Army", None, None),
        ),
        (
            "On Sadr's orders, Mahdi Army fighters handed over their rifles.",
            ("Mahdi Army", None, None),
        ),
        # The one given a deadline to act is the target; who gives it, the agent.
        (
            "Maliki gave Mahdi Army gunmen a grace period to hand in their weapons.",
            ("Nouri al-Maliki", "Mahdi Army", None),
        ),
        # An instruction to one's own forces: they are no agent, nor a target.
        (
            "Sadr instructed his Saraya al-Salam in December to pass its guns to the state.",
            ("Muqtada al-Sadr", None, None),
        ),
        # A row of several sentences: the parties are read in the match's sentence alone ("U.S."
        # ends none).
        ("Muqtada al-Sadr spoke in Najaf. The truce was signed on Monday.", (None, None, None)),
        ("Muqtada al-Sadr spoke\nThe truce was signed on Monday.", (None, None, None)),
        (
            "The U.S. army spoke. Muqtada al-Sadr signed the truce. The Mahdi Army rejoiced.",
            ("Muqtada al-Sadr", None, None),
        ),
    ],
)
def test_the_parties_of_a_mention(text, expected):
    assert parties(text) == expected


def test_a_truce_brokered_by_someone_has_a_broker_and_no_agent():
    found = events_of("A truce brokered by Ali al-Sistani ended the fighting.")
    # Two mentions ("truce", "ended the fighting"), both brokered by Sistani.
    assert found["broker"].tolist() == ["Ali al-Sistani"] * 2
    assert found["agent"].isna().all()


def test_the_seed_corpus_events():
    corpus = helpers.load_corpus()
    found = helpers.events(corpus).set_index("sentence_id")
    # Eight ceasefire and disarmament mentions, in sentences 1, 3 (two), 4, 6, 13, 15 and 16.
    assert found.index.tolist() == [1, 3, 3, 4, 6, 13, 15, 16]
    # "Rogue elements of the Mahdi Army are ignoring ... ceasefire order": the breaker.
    assert found.loc[1, ["agent", "stance"]].tolist() == ["Mahdi Army", "violated"]
    # "... for Mr Maliki to persuade their Mahdi Army militiamen to put away their guns".
    assert found.loc[13, ["agent", "target"]].tolist() == ["Nouri al-Maliki", "Mahdi Army"]
    # "Muqtada al-Sadr ... has now told his men to stop attacking Iraqis or Americans".
    assert found.loc[15, ["agent", "target"]].tolist() == [
        "Muqtada al-Sadr",
        "Iraqis|United States",
    ]
    # "... since he ended the uprising of his rebel Mahdi Army".
    assert found.loc[16, "agent"] == "Muqtada al-Sadr"
    # "He said ... he would go after the Mahdi Army militia and that he would not stop until all
    # militias in Iraq were disbanded": a demand whose speaker the sentence does not name.
    assert found.loc[6, ["agent", "target", "stance"]].isna().tolist() == [True, True, False]
    assert found.loc[6, "stance"] == "demanded"
    table = helpers.who_does_what(found.reset_index()).set_index("agent")
    assert table.loc["Muqtada al-Sadr", ["mentions", "declares"]].tolist() == [2, 2]
    assert table.loc["Nouri al-Maliki", ["mentions", "demands"]].tolist() == [1, 1]
    # every mention has one agent here, or none named (sentence 6)
    assert table.loc[helpers.NO_AGENT, "mentions"] == 1
    assert int(table["mentions"].sum()) == 8


def test_who_does_what_counts_each_name_of_a_joint_agent_and_the_unnamed():
    events = pd.DataFrame(
        {
            "agent": ["A|B", None, "A"],
            "frame": ["ceasefire", "ceasefire", "disarmament"],
            "stance": ["agreed", None, "rejected"],
        }
    )
    table = helpers.who_does_what(events).set_index("agent")
    assert table.loc["A", ["mentions", "declares", "rejects"]].tolist() == [2, 1, 1]
    assert table.loc["B", ["mentions", "declares"]].tolist() == [1, 1]
    assert table.loc[helpers.NO_AGENT, ["mentions", "other"]].tolist() == [1, 1]
    only = helpers.who_does_what(events, "disarmament")
    assert only[["agent", "mentions", "rejects"]].values.tolist() == [["A", 1, 1]]


def test_acts_over_time_by_year():
    events = pd.DataFrame(
        {
            "sentence_id": [1, 1, 2, 3],
            "date": pd.to_datetime(["2004-08-01", "2004-08-01", "2008-03-30", None]),
            "agent": ["A", "B", "A", None],
            "frame": ["ceasefire"] * 4,
            "stance": ["declared"] * 4,
        }
    )
    table = helpers.acts_over_time(events, "year", n=2)
    # A has 2 mentions, B and the unnamed 1 each (ties by name: "(no agent named)" first).
    assert table.columns.tolist() == ["year", "mentions", "A", helpers.NO_AGENT]
    assert table.values.tolist() == [["2004", 2, 1, 0], ["2008", 1, 1, 0], ["(no year)", 1, 0, 1]]
    assert helpers.acts_over_time(events.drop(columns="date"), "year") is None


def test_notebook_04_says_who_acts_and_how_far_to_trust_it():
    events = events_of(
        "Muqtada al-Sadr declared a ceasefire.",
        "Muqtada al-Sadr extended the ceasefire.",
        "Iran urged the Mahdi Army to lay down its weapons.",
        "The truce held.",
    )
    text = helpers.parties_sentence(events, "NOTE")
    # Four mentions, three with an agent: Sadr twice (declared, extended), Iran once (a call).
    assert text.startswith(
        "- Of the 4 ceasefire and disarmament mentions, 3 name an agent the alias table lists; "
        "the agents named most: *Muqtada al-Sadr* (2: declares 2); *Iran* (1: demands 1)."
    )
    assert text.endswith("NOTE")
    assert helpers.parties_sentence(events.head(0), "NOTE").startswith("No sentence uses")


def test_events_carry_the_name_of_their_cameo_code():
    # CAMEO 1.1b3: 0871 "Declare truce, ceasefire"; 1246 "Refuse to de-escalate military
    # engagement" (data/cameo_plover.csv).
    found = events_of("Muqtada al-Sadr declared a ceasefire.", "Hezbollah would not disarm.")
    assert found[["cameo", "event"]].values.tolist() == [
        ["0871", "Declare truce, ceasefire"],
        ["1246", "Refuse to de-escalate military engagement"],
    ]
    table = helpers.named_events(
        helpers.frame_events(
            helpers.find_frames(
                pd.DataFrame({"sentence_id": [1], "text": ["Gunmen fired on the truce."]})
            )
        )
    )
    assert table.columns.tolist()[:5] == ["frame", "stance", "cameo", "event", "plover"]
    assert (
        table.loc[table["cameo"] == "none", "event"].tolist()
        == ["none"] * (table["cameo"] == "none").sum()
    )


def test_the_run_s_event_list_holds_the_first_mentions_and_says_so(tmp_path):
    from conflict_corpus.partitioned import TableOptions, corpus_tables

    path = tmp_path / "lines.txt"
    path.write_text(
        "Muqtada al-Sadr declared a ceasefire.\nIran urged the Mahdi Army to disarm.\n"
        "The truce held.\n",
        encoding="utf-8",
    )
    tables = corpus_tables(helpers.load_corpus(path), TableOptions(event_rows=2))
    assert tables.event_list["sentence_id"].tolist() == [1, 2]
    text = helpers.parties_sentence(tables.event_list, "NOTE", total=3)
    assert text.startswith(
        "- Of the first 2 of the corpus's 3 ceasefire and disarmament mentions (the event list "
        "holds the first; the tables below count those), 2 name an agent"
    )
