"""Deterministic generator of a large synthetic corpus of news sentences about the Mahdi Army.

    python benchmarks/generate_corpus.py N OUT.txt [--seed 2026]

writes N lines (UTF-8, one line each, ``\\n`` endings, a final newline). Sentences are built from
about thirty templates whose slots are filled from alias lists (people, armed groups, movements
and communities, places, with the spelling variants found in news copy: Moqtada al-Sadr,
Muqtada el-Sadr, Mr Sadr, Mehdi Army, Jaish al-Mahdi, Nuri al-Maliki, Mr. Maliki, Kerbala,
Basrah ...), from ceasefire / disarmament / arrest / attack wording and from neutral filler
clauses, so that length (about 20-45 words) and mention density (about 3 gazetteer mentions a
sentence) resemble the seed corpus in ``data/raw``. Line ``i`` (0-based) is an
``ECONOMIST: <title>`` headline when ``i % 2000 == 1999`` (so it follows a sentence, as in the
seed), and a noise line (navigation text, another script) when ``i % 5000 == 2500``; the two
rules never pick the same line.

The alias lists are written out here (taken from ``data/gazetteer.csv`` plus spelling variants
the matcher is meant to fold) rather than read from the gazetteer, so the output depends only on
N and the seed. Only ``random.Random(seed)`` is used (Mersenne Twister: the same stream on every
platform and Python 3 version), so the same N and seed give the same bytes on any machine.

Importable: ``generate(n, seed=2026) -> list[str]``; ``iter_lines`` yields the same lines lazily.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

DEFAULT_SEED = 2026
HEADLINE_EVERY = 2000  # line i is a headline when i % 2000 == 1999
NOISE_EVERY = 5000  # line i is noise when i % 5000 == 2500
NOISE_OFFSET = 2500


def _weighted(*groups: tuple[int, list[str]]) -> tuple[str, ...]:
    """A flat tuple in which each item of a group appears ``weight`` times (cheap weighted pick)."""
    out: list[str] = []
    for weight, items in groups:
        for item in items:
            out.extend([item] * weight)
    return tuple(out)


# --- Aliases --------------------------------------------------------------------------------

# Muqtada al-Sadr, the most frequent person, in all the spellings of the gazetteer and the seed.
SADR = _weighted(
    (6, ["Muqtada al-Sadr", "Moqtada al-Sadr"]),
    (3, ["Mr Sadr", "al-Sadr", "Muqtada el-Sadr"]),
    (2, ["Moktada al-Sadr", "Moqtada Sadr", "Muqtada Sadr", "Sadr", "Mr. Sadr"]),
    (1, ["Sayyid Muqtada al-Sadr", "Muqtada", "Moqtada", "Moqtada as-Sadr", "Muqtada Al-Sadr"]),
)
OTHER_PEOPLE = _weighted(
    (4, ["Nouri al-Maliki", "Nuri al-Maliki", "Mr Maliki", "Mr. Maliki"]),
    (
        2,
        [
            "Maliki",
            "al-Maliki",
            "Nouri Maliki",
            "Grand Ayatollah Ali al-Sistani",
            "Ayatollah Sistani",
            "Ali al-Sistani",
            "Ayad Allawi",
            "Mr Allawi",
            "David Petraeus",
            "General Petraeus",
            "Ryan Crocker",
            "Mr Crocker",
            "Paul Bremer",
            "President Bush",
        ],
    ),
    (
        1,
        [
            "Nouri Kamel al-Maliki",
            "Sistani",
            "Iyad Allawi",
            "Allawi",
            "Ibrahim al-Jaafari",
            "Mr Jaafari",
            "Abdul Aziz al-Hakim",
            "Ammar al-Hakim",
            "Ambassador Crocker",
            "General David Petraeus",
            "Mr Bremer",
            "Mr Bush",
            "George W. Bush",
            "Qais al-Khazali",
            "Khazali",
            "Abu Deraa",
            "Hadi al-Amiri",
            "Abu Mahdi al-Muhandis",
            "Raymond Odierno",
            "Zalmay Khalilzad",
            "Mr Khalilzad",
            "Jalal Talabani",
            "Ahmed Chalabi",
            "Haider al-Abadi",
            "Qasem Soleimani",
            "Mohammad Sadiq al-Sadr",
            "Mohammed Baqir al-Hakim",
            "Mowaffak al-Rubaie",
            "Robert Gates",
            "Donald Rumsfeld",
            "Saddam Hussein",
        ],
    ),
)
# People who give orders to the militia (the subject of ceasefire and freeze templates).
LEADERS = _weighted(
    (5, list(dict.fromkeys(SADR))),
    (1, ["Mr Sadr's office", "the Sadrist leadership", "Sadr's aides"]),
)
OFFICIALS = _weighted(
    (3, ["Nouri al-Maliki", "Nuri al-Maliki", "Mr Maliki", "Mr. Maliki", "Maliki"]),
    (
        1,
        [
            "General Petraeus",
            "David Petraeus",
            "Ryan Crocker",
            "Mr Crocker",
            "Ayad Allawi",
            "Mr Allawi",
            "Paul Bremer",
            "President Bush",
            "Raymond Odierno",
            "Zalmay Khalilzad",
            "Ibrahim al-Jaafari",
            "Jalal Talabani",
            "Haider al-Abadi",
            "Robert Gates",
        ],
    ),
)
MILITIA = _weighted(
    (12, ["Mahdi Army"]),
    (4, ["Mehdi Army", "Jaish al-Mahdi", "Mahdi militia"]),
    (2, ["Jaysh al-Mahdi", "Mahdi Army militia", "Jaish al Mahdi", "Mahdi army"]),
    (1, ["JAM", "Army of Imam Mahdi", "Madhi Army", "Mahdi's Army", "Jaish al-Imam Mahdi"]),
)
OTHER_ARMED = _weighted(
    (
        3,
        [
            "Badr Brigade",
            "Badr Organization",
            "Special Groups",
            "Iraqi Army",
            "Iraqi police",
            "al-Qaeda in Iraq",
        ],
    ),
    (
        1,
        [
            "Badr Brigades",
            "Badr Corps",
            "Asa'ib Ahl al-Haq",
            "Asaib Ahl al-Haq",
            "League of the Righteous",
            "Kata'ib Hezbollah",
            "Kataib Hezbollah",
            "Promised Day Brigade",
            "Peace Companies",
            "Saraya al-Salam",
            "Iraqi Security Forces",
            "al-Qaida in Iraq",
            "AQI",
            "Sahwa councils",
            "Awakening councils",
            "Popular Mobilization Forces",
            "Hashd al-Shaabi",
            "Soldiers of Heaven",
            "Hezbollah",
        ],
    ),
)
MOVEMENTS = _weighted(
    (3, ["Sadrists", "Sadrist Movement", "Sadrist bloc"]),
    (
        1,
        [
            "Sadrist Trend",
            "Sadr Movement",
            "Sadrist current",
            "al-Sadr Bloc",
            "Islamic Supreme Council of Iraq",
            "ISCI",
            "SCIRI",
            "Dawa Party",
            "Islamic Dawa Party",
            "Fadhila",
            "Islamic Virtue Party",
            "United Iraqi Alliance",
            "State of Law Coalition",
            "Iraqiya",
            "Iraqi National Accord",
            "Baath Party",
            "Coalition Provisional Authority",
            "Quds Force",
            "Revolutionary Guards",
            "Coalition forces",
        ],
    ),
)
# Adjectives and nouns for communities and foreign actors (most are gazetteer GROUP aliases).
COMMUNITY_ADJ = _weighted(
    (3, ["Shia", "Shiite"]),
    (1, ["Shi'ite", "Shi\u2019ite", "Sunni", "Iraqi", "American", "British", "Iranian", "Kurdish"]),
)
CLERIC_ADJ = _weighted(
    (3, ["Shia", "Shiite"]),
    (1, ["Shi'ite", "Shi\u2019ite", "radical Shia", "Iraqi Shia"]),
)
COMMUNITIES = _weighted(
    (2, ["Shias", "Shiites", "Sunnis", "Americans", "Iraqis"]),
    (
        1,
        [
            "Iranians",
            "Kurds",
            "Coalition forces",
            "coalition troops",
            "U.S. forces",
            "British troops",
            "Iranian agents",
            "Iraqi people",
        ],
    ),
)
PLACES = _weighted(
    (6, ["Sadr City", "Najaf", "Basra", "Baghdad"]),
    (3, ["Karbala", "Kufa", "Basrah", "Kerbala", "Nasiriyah", "Amarah"]),
    (
        1,
        [
            "Kerbela",
            "Kufah",
            "Nasiriya",
            "Amara",
            "Kut",
            "Diwaniyah",
            "Hilla",
            "Hillah",
            "Samarra",
            "Samawah",
            "Kadhimiya",
            "Shula",
            "Ghazaliya",
            "Adhamiya",
            "the Green Zone",
            "the Imam Ali Shrine",
            "the Imam Ali Mosque",
            "the Great Mosque of Kufa",
            "Wadi al-Salam",
            "Maysan",
            "Dhi Qar",
            "Diyala",
            "Babil",
            "Muthanna",
            "Revolution City",
            "al-Thawra",
            "Madinat al-Sadr",
            "Saddam City",
            "al-Sadr City",
            "Mosul",
            "Kirkuk",
            "Fallujah",
            "Qom",
        ],
    ),
)

# --- Wording --------------------------------------------------------------------------------

CEASEFIRE = _weighted(
    (5, ["ceasefire", "cease-fire", "truce"]),
    (2, ["cease fire", "six-month truce", "unilateral ceasefire", "unilateral cease-fire"]),
    (
        1,
        [
            "fragile truce",
            "nationwide ceasefire",
            "year-long freeze",
            "temporary truce",
            "renewed cease-fire",
            "hudna",
        ],
    ),
)
CEASEFIRE_STANCE = _weighted(
    (
        2,
        [
            "is still in effect",
            "appears to be holding",
            "was broken within days",
            "has largely held",
        ],
    ),
    (
        1,
        [
            "was extended for another six months",
            "collapsed in August",
            "is being ignored",
            "had been violated repeatedly",
            "came into force at noon",
            "remains in place",
        ],
    ),
)
# Orders given by a leader to his men ("X told his men to ...", "X ordered his fighters to ...").
ORDER_VERB = _weighted(
    (3, ["told", "ordered", "instructed"]),
    (1, ["urged", "called on", "asked", "commanded"]),
)
ORDER_ACTION = _weighted(
    (
        3,
        [
            "stop attacking",
            "cease fire",
            "hold their fire",
            "lay down their arms",
            "put away their guns",
            "hand over their weapons",
        ],
    ),
    (
        1,
        [
            "stand down",
            "refrain from attacking",
            "observe the truce",
            "respect the ceasefire",
            "stop fighting",
            "halt all attacks",
            "give up their heavy weapons",
            "turn in their weapons",
            "withdraw from the streets",
            "surrender their weapons",
            "stop shooting",
            "abide by the cease-fire",
        ],
    ),
)
FREEZE = _weighted(
    (3, ["froze the militia's activities", "declared a {CF}", "announced a {CF}"]),
    (
        1,
        [
            "suspended the activities of the militia",
            "called off the uprising",
            "ordered a freeze on all operations",
            "extended the {CF}",
            "ended the uprising",
            "agreed to a {CF}",
            "called a {CF}",
            "decreed a freeze on militia activities",
            "halted attacks on both Iraqi and American soldiers",
        ],
    ),
)
DISARM_SINGULAR = _weighted(
    (3, ["lays down its arms", "hands over its weapons", "is disbanded", "disarms"]),
    (
        1,
        [
            "gives up its heavy weapons",
            "is dissolved",
            "stands down",
            "surrenders its weapons",
            "puts its weapons down",
            "is demobilised",
            "abandons its weapons",
        ],
    ),
)
DISARM_PAST = _weighted(
    (3, ["disbanded", "disarmed", "laid down its arms", "handed over its heavy weapons"]),
    (
        1,
        [
            "put away its guns",
            "surrendered its weapons",
            "was dissolved",
            "stood down",
            "was demobilized",
            "gave up some of its weapons",
        ],
    ),
)
VIOLENCE = _weighted(
    (3, ["attacks on", "clashes with", "fighting with", "raids against"]),
    (
        1,
        [
            "mortar fire on",
            "a gun battle with",
            "ambushes of",
            "roadside bombings against",
            "heavy shelling of",
            "a firefight with",
            "rocket attacks on",
            "the killing of",
        ],
    ),
)
VIOLENCE_VERB = _weighted(
    (3, ["attacked", "clashed with", "fought"]),
    (
        1,
        [
            "ambushed",
            "fired mortars at",
            "shelled",
            "battled",
            "opened fire on",
            "launched rockets at",
            "killed several members of",
        ],
    ),
)
ARREST = _weighted(
    (3, ["arrested", "detained", "rounded up"]),
    (1, ["captured", "seized", "picked up", "took into custody"]),
)
ARRESTED = _weighted(
    (3, ["dozens of", "several commanders of", "suspected members of"]),
    (
        1,
        [
            "hundreds of",
            "a senior commander of",
            "at least 20 fighters from",
            "leaders of",
            "two local officials of",
            "a cell belonging to",
        ],
    ),
)
FIGHTERS = _weighted(
    (3, ["fighters", "militiamen", "gunmen"]),
    (1, ["loyalists", "followers", "supporters", "commanders", "guerrillas", "members"]),
)
SAY = _weighted(
    (4, ["said", "told reporters"]),
    (1, ["insisted", "claimed", "warned", "added", "announced", "acknowledged", "confirmed"]),
)
TIME_PHRASE = _weighted(
    (
        2,
        [
            "on Sunday",
            "on Friday",
            "last week",
            "earlier this month",
            "in August 2004",
            "in the spring of 2008",
        ],
    ),
    (
        1,
        [
            "on Monday",
            "on Tuesday",
            "on Wednesday",
            "on Thursday",
            "on Saturday",
            "late last year",
            "in April 2004",
            "in March 2008",
            "in August 2007",
            "in February 2007",
            "after weeks of fighting",
            "two days later",
            "this spring",
            "since the summer",
        ],
    ),
)
ROLE = _weighted(
    (2, ["the radical cleric", "the fiery preacher", "the anti-American cleric"]),
    (
        1,
        [
            "the young cleric",
            "the populist leader",
            "the son of a revered ayatollah",
            "the rebel preacher",
            "the militia leader",
        ],
    ),
)
NUMBER = (
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "12",
    "15",
    "20",
    "30",
    "dozens of",
    "scores of",
    "more than 40",
    "at least 50",
    "hundreds of",
)
FILLER = _weighted(
    (
        2,
        [
            "according to officials who spoke on condition of anonymity",
            "residents said",
            "though the details remain unclear",
            "as the government struggles to restore order",
            "witnesses told reporters by telephone",
            "in a statement read out at Friday prayers",
            "amid growing anger over the lack of basic services",
        ],
    ),
    (
        1,
        [
            "a week before the provincial elections",
            "after a month of negotiations between rival factions",
            "while foreign troops watched from a distance",
            "in a televised address to his followers",
            "despite repeated promises of reconciliation",
            "at a checkpoint on the main road south of the city",
            "near the market in {L}",
            "on the outskirts of {L}",
            "a few miles from the city centre",
            "as tensions rose in {L}",
            "in the poorer districts of {L}",
            "according to a spokesman for the {MOV}",
            "according to a statement from the {MOV}",
            "while many ordinary people stayed indoors",
            "a claim that could not be independently verified",
            "with little sign that the bloodshed would end soon",
            "and the streets were largely deserted by nightfall",
            "even as unemployment and corruption fuel resentment",
            "which many analysts described as a tactical retreat",
            "in what officials called a turning point",
            "after the collapse of talks with the government",
            "as power cuts and fuel shortages continued",
        ],
    ),
)

# --- Templates ------------------------------------------------------------------------------
# Slots: {SADR} {PER} person, {LEAD} leader, {OFF} official, {MIL} militia, {ARM} other armed
# group, {MOV} movement, {ADJ} community adjective, {CADJ} adjective before "cleric",
# {COM} community, {L} {L2} place, {CF} ceasefire, {CFS} ceasefire stance, {OV}/{OA} order
# verb/action, {FRZ} freeze/declare phrase, {DIS}/{DISP} disarmament (present/past),
# {VIO}/{VIOV} violence noun/verb, {ARR}/{ARRD} arrest verb/object, {FTR} fighters, {SAY},
# {T} time, {T_OR_PLACE} a date or a place, {ROLE}, {NUM}, {F} neutral filler clause.
TEMPLATES = (
    "Rogue elements of the {MIL} are ignoring {CADJ} cleric {SADR}'s {CF} order, {F}",
    "Many members of the {MIL} in {L} hail from farther afield and are resented by local "
    "residents, {F}",
    "Does that mean the {MIL} {DIS} and its {FTR} simply go home to {L}, {F}?",
    "One senior {MIL} commander {SAY} the {CF} {CFS}, and he blames the {ARM} for the current "
    "impasse in {L}",
    "{SADR}'s {MIL}, although based in {L}, was also supported by the {COM}, {F}",
    "{OFF} {SAY} {T} that he would go after the {MIL} and that he would not stop until all "
    "militias in {L} were disbanded",
    "There are also {ADJ} insurgents in {L}, the {MIL} of {SADR}, whose {FTR} {F}",
    "{PER}, one of the most influential figures in {L}, has restrained the hands of the most "
    "militant of the armed groups, such as {SADR}'s {MIL}",
    "Many people in {L} use the language of apocalypse to describe the rival {ADJ} parties and "
    "their militias, the biggest calling itself the {MIL}",
    "Whereas in April the occupation authorities said they wanted to arrest {SADR}, {OFF} has "
    "indicated that "
    "he would be happy if the {MIL} simply left {L}",
    "{OFF} made some very tough statements {T}, saying that any political group with a militia "
    "would not be allowed to take part in the elections, a direct statement against the {MIL}",
    "The withdrawal of the {MOV} from the government could make it harder for {OFF} to persuade "
    "their {MIL} {FTR} to put away their guns, {F}",
    "{PER} {SAY} that {SADR} has now {OV} his {FTR} to {OA}, prompted perhaps by revulsion at "
    "attacks by the {MIL} in {L}",
    "Even some preachers loyal to {SADR} have become far more pliant since he ended the uprising "
    "of his {MIL} in {L}, {F}",
    "Local police in {L} say the {ARM} are sealing the roads so that {MIL} {FTR} cannot be "
    "resupplied or leave {L}, {F}",
    "{LEAD} {FRZ} {T} after {VIO} the {ARM} in {L} left {NUM} people dead, {F}",
    "{CADJ} cleric {SADR} {OV} his {FTR} to {OA} {T}, and the {MIL} largely complied in {L}",
    "{OFF} {SAY} the {CF} with the {MIL} {CFS}, although {VIO} the {ARM} continued in {L}",
    "Government troops {ARR} {ARRD} the {MIL} in {L} {T}, {F}",
    "The {ARM} {ARR} {ARRD} the {MIL} during a raid on a house in {L}, {F}",
    "{MIL} {FTR} {VIOV} the {ARM} in {L} {T}, and at least {NUM} people were killed, {F}",
    "A spokesman for {SADR} {SAY} the {MIL} would not disarm until the {COM} had left {L}, {F}",
    "{ROLE} {SADR} {FRZ} in {T_OR_PLACE}, telling the {MIL} to {OA}, {F}",
    "Under pressure from {OFF} and {PER}, the {MIL} {DISP} in {L}, {F}",
    "By the time the {CF} {CFS}, the {MIL} had lost {NUM} {FTR} in {L} and the {MOV} had lost "
    "much of its support, {F}",
    "The {MOV} {SAY} {T} that the {MIL} {DIS} only if the {ARM} does the same in {L}",
    "After {VIO} the {MIL} in {L}, {OFF} {SAY} that no militia would be tolerated, {F}",
    "{PER} met {SADR} in {L} {T} to discuss the {CF} and the future of the {MIL}, {F}",
    "Fighting between the {MIL} and the {ARM} spread from {L} to {L2} {T}, {F}",
    "{COM} in {L} {SAY} they trusted the {MIL} more than the {ARM}, {F}",
    "Analysts in {L} {SAY} that {SADR} {FRZ} because the {MIL} was losing ground to the {ARM}",
    "{OFF} {SAY} that {ADJ} militias such as the {MIL} must hand over their weapons, and that "
    "{SADR} had agreed to the {CF} {T}",
)

HEADLINES = (
    "Why Basra's Shias think their hidden imam will soon return",
    "The prime minister, Nuri al-Maliki, is ever more embattled",
    "Moqtada al-Sadr's Mahdi Army stands down, for now",
    "A truce in Sadr City, but for how long?",
    "Iraq's Shia militias: The cleric and the gunmen",
    "Mr Maliki takes on the Mahdi Army in Basra",
    "Can Muqtada al-Sadr keep his men in check?",
    "The Sadrists walk out of the government",
    "Najaf after the siege",
    "Iraq: A ceasefire that mostly holds",
    "The surge and the Shias",
    "Who runs Basra?",
    "Mr Sadr goes to Qom",
    "Iraq's elections: The Sadrists come in from the cold",
    "Kerbala's bloody pilgrimage",
    "The Mehdi Army's long shadow over Baghdad",
)
NOISE = (
    "\u5e94\u7528\u63a8\u8350",  # 应用推荐 ("recommended apps")
    "Home | News | World | Contact",
    "Home | World | Middle East | Iraq | Print",
    "Share \u00bb Facebook \u00bb Twitter \u00bb Email",
    "\u062c\u064a\u0634 \u0627\u0644\u0645\u0647\u062f\u064a",  # جيش المهدي
    "\u00a9 2008",
    "Advertisement",
    "12 | 13 | 14 | Next",
)

_SLOT = re.compile(r"\{([A-Z_0-9]+)\}")

_POOLS: dict[str, tuple[str, ...]] = {
    "SADR": SADR,
    "PER": OTHER_PEOPLE,
    "LEAD": LEADERS,
    "OFF": OFFICIALS,
    "MIL": MILITIA,
    "ARM": OTHER_ARMED,
    "MOV": MOVEMENTS,
    "ADJ": COMMUNITY_ADJ,
    "CADJ": CLERIC_ADJ,
    "COM": COMMUNITIES,
    "L": PLACES,
    "L2": PLACES,
    "CF": CEASEFIRE,
    "CFS": CEASEFIRE_STANCE,
    "OV": ORDER_VERB,
    "OA": ORDER_ACTION,
    "FRZ": FREEZE,
    "DIS": DISARM_SINGULAR,
    "DISP": DISARM_PAST,
    "VIO": VIOLENCE,
    "VIOV": VIOLENCE_VERB,
    "ARR": ARREST,
    "ARRD": ARRESTED,
    "FTR": FIGHTERS,
    "SAY": SAY,
    "T": TIME_PHRASE,
    "ROLE": ROLE,
    "NUM": NUMBER,
    "F": FILLER,
    "T_OR_PLACE": tuple(["{L}"] * 2 + [t[3:] for t in TIME_PHRASE if t.startswith("in ")]),
}


def _compile(template: str) -> tuple:
    """Split a template into alternating literals and pools: (lit0, pool1, lit1, pool2, ...)."""
    parts = _SLOT.split(template)
    out = []
    for i, part in enumerate(parts):
        out.append(part if i % 2 == 0 else _POOLS[part])
    return tuple(out)


_COMPILED = tuple(_compile(t) for t in TEMPLATES)
# Values that hold slots themselves ("declared a {CF}", "near the market in {L}") are compiled
# once too: a pool item is either a plain string or a compiled tuple.
_NESTED = {value: _compile(value) for pool in _POOLS.values() for value in pool if "{" in value}
_TAIL_FILLERS = tuple(_NESTED.get(f, f) for f in FILLER)
MIN_WORDS = 20
MAX_WORDS = 45
TARGET_SPREAD = 14  # padding target: MIN_WORDS .. MIN_WORDS + TARGET_SPREAD words


def _fill(parts: tuple, rand) -> str:
    """Fill one compiled template (``rand`` is a bound ``Random.random``)."""
    out = [parts[0]]
    for k in range(1, len(parts), 2):
        pool = parts[k]
        value = pool[int(rand() * len(pool))]
        if value in _NESTED:
            value = _fill(_NESTED[value], rand)
        out.append(value)
        out.append(parts[k + 1])
    return "".join(out)


def iter_lines(n: int, seed: int = DEFAULT_SEED):
    """Yield the ``n`` lines of the corpus for ``seed`` (without line endings)."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = random.Random(seed)
    rand = rng.random
    templates = _COMPILED
    n_templates = len(templates)
    tails = _TAIL_FILLERS
    n_tails = len(tails)
    headlines, noise = HEADLINES, NOISE
    for i in range(n):
        if i % HEADLINE_EVERY == HEADLINE_EVERY - 1:
            yield "ECONOMIST: " + headlines[int(rand() * len(headlines))]
            continue
        if i % NOISE_EVERY == NOISE_OFFSET:
            yield noise[int(rand() * len(noise))]
            continue
        text = _fill(templates[int(rand() * n_templates)], rand)
        # Pad short sentences with neutral clauses up to a target length drawn from 20-34 words;
        # templates end in a clause, so a padded sentence still reads as one sentence.
        target = MIN_WORDS + int(rand() * (TARGET_SPREAD + 1))
        words = text.count(" ") + 1
        while words < target:
            tail = tails[int(rand() * n_tails)]
            if type(tail) is tuple:
                tail = _fill(tail, rand)
            candidate = words + tail.count(" ") + 1
            if candidate > MAX_WORDS:
                break
            text = text + ", " + tail
            words = candidate
        if text[-1] != "?":
            text += "."
        yield text[0].upper() + text[1:] if text[0].islower() else text


def generate(n: int, seed: int = DEFAULT_SEED) -> list[str]:
    """The ``n`` lines of the synthetic corpus for ``seed`` (without line endings)."""
    return list(iter_lines(n, seed))


def write_corpus(n: int, out: str | Path, seed: int = DEFAULT_SEED, chunk: int = 100_000) -> Path:
    """Write the corpus to ``out`` (UTF-8, ``\\n`` endings), atomically: a temporary file next to
    it is renamed into place, so an interrupted run never leaves a truncated corpus behind."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            batch: list[str] = []
            for line in iter_lines(n, seed):
                batch.append(line)
                if len(batch) >= chunk:
                    fh.write(("\n".join(batch) + "\n").encode("utf-8"))
                    batch.clear()
            if batch:
                fh.write(("\n".join(batch) + "\n").encode("utf-8"))
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of lines to write")
    parser.add_argument("out", type=Path, help="output .txt file")
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")
    start = time.perf_counter()
    write_corpus(args.n, args.out, args.seed)
    seconds = time.perf_counter() - start
    print(
        f"wrote {args.n:,} lines to {args.out} in {seconds:.1f} s (seed {args.seed})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
