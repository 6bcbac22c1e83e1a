"""Stage 3b, parties: who declares, keeps, breaks or demands a ceasefire or a disarmament, at
whom it is aimed, and who brokers it.

For every ceasefire or disarmament match (``find_frames``) the actors of its sentence
(``find_entities``' mentions with role ``actor``, and a nation's adjective before its troops,
forces or officials, "American troops"; places left out) are read in the clause that holds the
match (the sentence up to a semicolon), by rules over the words around them:

- **broker**: an actor the text calls a mediator: "brokered by X" (and "X and Y" after it),
  "mediated by", "the mediation of X", "X-brokered", "X mediated a ceasefire";
- **agent and target of a pair**: "a ceasefire between X and Y" (X the agent, Y the target; Y
  alone the target when the alias table does not list X; but after a match that stops fighting,
  "signed a pact to end the clashes between X and Y", X and Y are the sides that fought, not
  who stops it; and "fighting between X and Y" outside the match names the sides of that
  fighting when the clause names another actor: "during the fighting between X and Y, Z told
  the gunmen to disarm"), "the X-Y ceasefire", or two actors as the subject, "X and Y signed a
  truce" (of a disarmament, both are agents: "X and Y agreed to hand over their weapons");
- **target**: the actor the act is aimed at or agreed with, after the match or its cue: "with
  X", "against X", "on X", "to X" (a disarmament's recipient); the actor urged, called on or
  told, instructed or given a deadline to act ("urged X to disarm", "gave X four days to hand in
  their weapons"), or offered the act or something for it ("offered X a truce", "offered X cash
  for heavy weapons handed in"); the other side of an agreement named with "with" before
  the match ("reached a deal with X to halt the fighting"); an actor inside a demanded
  disarmament ("dismantle the Hashed al-Shaabi"); one's own forces ("ordered his Mahdi Army
  to") are no target;
- **agent**: the actor that does the act: "by X" at most three words after the match or after
  its cue (a passive: "the pause in attacks declared by X"), "on X's orders" (of a passive, or
  with no other actor before the match: "On X's orders, Y handed over their rifles" is done by
  Y), "was ordered by X to", a name the match begins inside, unless the match is passive ("the
  Mahdi Army would stay frozen", matched from "Army"), the subject of a relative clause right
  after the match when no cue before it governs ("the truce that X and Y signed": X, Y the
  target), else the nearest actor before the match (or its cue, for acts the cue names: called
  for, demanded, rejected; ``find_frames`` never takes a word of an actor's name as a cue) in
  the clause that is neither broker nor target: the subject of the reported clause in "X said Y
  would disarm" is Y; an actor in a description set off by commas after a name describes that
  name and is passed over ("X, head of Y, said its fighters would disarm": X; "sacked Z, the
  commander of Y, and halted": the actor before); a match in a participle clause after a comma,
  with no actor of its own before it, is done by the main clause's subject ("X praised Y, urging
  the fighters to stop": X). The owner of a truce named in one word ("Sadr's freeze") is passed
  over when a cue after the match says what happens to it and another actor stands before the
  owner: "X's followers refused to observe Sadr's freeze and kept attacking" (X). With no actor
  before it, a match in a phrase put before the subject ("Despite the truce, X attacked") has
  the actor right after the phrase's comma as agent; with no party named at all, the speaker
  named after what is said is the agent ("The truce would be extended, Sadr said": Sadr);
- **a demand made as an obligation** ("must", "had to" governs the match): the actor obliged,
  right before it, is the target, and whoever says it the agent: "X said Y must disarm", "Y
  had to hand over its weapons, X said" (agent X, target Y); "Y must disarm" names no agent.
  So is a **precondition** ("unless", "only after", "until" governs the match), the actor
  inside it the target: "X said talks would resume only after Y disarmed" (agent X, target
  Y); "he would go after Y and would not stop until all militias were disbanded" names none.

An actor that sponsors a group named after it ("Iran-backed militias", "Hezbollah-aligned
factions") is no party. A party the alias table does not list ("mediators", "the militiamen") is
missing: the cell is empty. Several names are joined with "|". (Written by hand, and chosen by
measurement: the same parties read from a dependency parse of spaCy's English model, on the same
mentions, were found less often on the evaluation's frozen test part,
``benchmarks/parties_parser.py``; the rules' accuracy is measured on the hand-labelled
evaluation set, ``make evaluate``.)
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .checks import check_table
from .entities import DESCRIPTOR
from .segment import sentence_spans

PARTY_FRAMES = ("ceasefire", "disarmament")
PARTY_COLUMNS = ("agent", "target", "broker")
MENTION_PARTS = ("sentence_id", "entity", "type", "start", "end", "role")

_BROKER_BEFORE = re.compile(
    r"(?:brokered|mediated|facilitated|guaranteed|negotiated)\s+by\s+(?:the\s+)?$"
    r"|(?:mediation|brokering|good offices|help)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BROKER_AFTER = re.compile(
    r"^(?:-|\s+)(?:brokered|mediated)\b"
    r"|^\s+(?:had\s+|has\s+)?(?:mediated|brokered|helped\s+(?:to\s+)?broker)\b",
    re.IGNORECASE,
)
# An actor glued to a word after it that makes it the sponsor of what follows ("Iran-backed
# militias", "Hezbollah-aligned factions"): it is not a party to the match.
_SPONSOR = re.compile(
    r"-(?:backed|aligned|allied|affiliated|funded|sponsored|supported|trained|armed|"
    r"controlled|linked|inspired)\b",
    re.IGNORECASE,
)
# The fighting a match stops ("end the gun battles"): "between X and Y" after such a match names
# the sides that fought, not who ends it ("signed a pact to end the gun battles between the
# Mahdi Army and the Badr Organization": the signers do). Fewer words than the lexicon's
# <fighting> class, on purpose: "a cessation of hostilities between X and Y" and "a halt to
# operations between ..." name the parties to the halt, as "a truce between X and Y" does.
_FIGHT_WORDS = (
    r"fight\w*|battl\w*|clash\w*|kill\w*|bloodshed|bloodletting|attack\w*|violence|"
    r"war|combat|shooting|firing|fire"
)
_FOUGHT = re.compile(rf"\b(?:{_FIGHT_WORDS})\b", re.IGNORECASE)
# "between X and Y" right after a word of fighting outside the match names the sides of that
# fighting, not the parties of the match: "on the second day of fighting between X and Y, Z
# told the gunmen to turn in their weapons" (Z).
_FOUGHT_BETWEEN = re.compile(
    rf"\b(?:{_FIGHT_WORDS})\s+(?:[\w'’-]+\s+){{0,2}}?"
    r"between\s+(?:the\s+)?(?:(?:[\w'’.-]+\s+){1,4}(?:and|or)\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
# "X and Y", with up to two words before Y ("the Sadrist bloc and the ruling United Iraqi
# Alliance").
_AND = re.compile(r"^,?\s+(?:and|or)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)
_AIMED = re.compile(r"\b(?:with|against|on|toward|towards|at|to)\s+(?:the\s+)?$", re.IGNORECASE)
# The agent of a passive: "by X" at most three words after the match ("a truce announced on
# Monday by X"), not the "by" of a later phrase ("centres set up by X").
_BY = re.compile(r"^\W*(?:[\w'’-]+\W+){0,3}?by\s+(?:the\s+)?$", re.IGNORECASE)
_ORDERS_AFTER = re.compile(r"^(?:'s|’s)\s+(?:orders?|command|instructions?|call)\b", re.I)
_ORDERS_BEFORE = re.compile(
    r"\b(?:at\s+the\s+(?:behest|request|urging)|on\s+the\s+(?:orders?|instructions?)|"
    r"ordered|instructed)\s+(?:of\s+|by\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# The passive of an order, before or after the match: "X was ordered by Sadr to halt all
# activity" (Sadr).
_ORDERED_BY = re.compile(
    r"\b(?:ordered|instructed|told|asked|urged|directed)\s+(?:[\w'’-]+\s+){0,2}?by\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# The comma before a speaker named after what is said, then at most two words (searched in the
# few characters before the name).
_LAST_COMMA = re.compile(r",\s+(?:the\s+)?(?:[\w'’.-]+\s+){0,2}$")
# A participle clause after a comma ("..., hoping the step would ...").
_PARTICIPLE = re.compile(
    r",\s+(?!(?:including|according|following|during|concerning|regarding|excluding|"
    r"notwithstanding|pending)\b)[a-z]+ing\b"
)
# The subject of a relative clause right after the match: "the truce that Sadr had agreed".
_RELATIVE = re.compile(r"^\s+(?:that|which|whom)\s+(?:the\s+)?$", re.IGNORECASE)
# A subject that brokers the act it is the subject of ("Sistani ... brokered a peace deal").
_BROKERS = re.compile(r"\b(?:brokered|mediated|helped\s+(?:to\s+)?broker)\b", re.IGNORECASE)
# The verbs that urge, order or allow another actor to act: each one's stem (what a clause
# must hold for the rule to apply) and the forms it takes before the actor urged. One table
# feeds both patterns, so a verb added is looked for in both. ("order" after "an" or "the" is
# the noun: "an order X issued" names who gave it; "gave X four days to" sets X a deadline.)
_URGING = {
    "urg": r"urg\w*",
    "ask": r"ask\w*",
    "press": r"press(?:ed|es|ing)?",
    "told": "told",
    "tell": r"tell\w*",
    "order": r"(?<!an )(?<!the )order\w*",
    "instruct": r"instruct\w*",
    "gave": "gave",
    "giv": r"giv\w*",
    "requir": r"requir\w*",
    "allow": r"allow\w*",
    "forc": r"forc\w*",
    "persuad": r"persuad\w*",
    "offer": r"offer\w*",
    "promis": r"promis\w*",
    "convinc": r"convinc\w*",
    "call": r"call\w*\s+on",
    "appeal": r"appeal\w*\s+to",
    "demand": r"demand\w*\s+that",
}
_URGED_BEFORE = re.compile(
    r"\b(?:" + "|".join(_URGING.values()) + r")\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
# Words without which a rule cannot apply to a clause (looked for once per clause).
_ANY_BROKER = re.compile(r"broker|mediat|facilitat|guarant|negotiated\s+by|good offices|help of")
_ANY_ORDER = re.compile(r"\bby\b|order|command|instruct|behest|request|urging|'s\s+call|’s\s+call")
_ANY_URGE = re.compile(r"\b(?:" + "|".join(_URGING) + ")")
# An order to one's own forces ("Sadr told his men to stop"): they are no target.
_OWN = re.compile(
    r"\b(?:order\w*|told|tell\w*|instruct\w*|call\w*\s+on)\s+(?:his|her|its|their)\s+"
    r"(?:own\s+)?(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)
# A stop, an ellipsis or a line break before a letter or a digit: the row may hold more than
# one sentence (``event_parties`` splits only those).
_INNER_STOP = re.compile(r"[.!?\u2026\n\r][^\w]*\w")
# What a nation's adjective names as a party when it stands before it: its forces or officials.
_FORCES = re.compile(
    r"\s+(?:troops|forces|soldiers|military|army|commanders|officials|government|authorities|"
    r"police|marines|warplanes|jets|aircraft|raids|units)\b",
    re.IGNORECASE,
)
# "between X and Y" where X is not in the alias table: Y, after "and".
_BETWEEN_AND = re.compile(r"\bbetween\s+(?:the\s+)?[\w'’.-]+\s+and\s+(?:the\s+)?$", re.I)
# The second of a hyphenated pair before the match ("the Israel-Hezbollah ceasefire").
_PAIRED = re.compile(r"[\w.]-$")
# The subject right after a phrase that holds the match and ends in a comma.
_FRONTED = re.compile(r"^[^,;]*,\s+(?:the\s+)?$", re.IGNORECASE)
# The object right after a match of fighting ("stop attacking Iraqis or Americans").
_OBJECT = re.compile(r"^\s+(?:the\s+)?$")
# An actor that owns the match, right before it: "Sadr's 2007 freeze", "the Mahdi Army's freeze".
_OWNER = re.compile(r"^['’]s\s+(?:[\w'’-]+\s+){0,2}$")
_ONE_WORD = re.compile(r"[\w'’-]+$")
# An actor inside a description set off by commas after a name is not who acts: "Akram al-Kaabi,
# head of Harakat Hezbollah al-Nujaba, said his movement would ...", "Sadr sacked Samir
# al-Loaibi, the man in charge of Saraya al-Salam in Basra, and suspended ..." (the group
# describes the name before it). The text from the comma to the actor, then after the actor up
# to the closing comma.
_DESCRIBED = re.compile(
    r",\s+(?:the\s+|a\s+|an\s+)?(?:one\s+of|(?:[\w'’-]+\s+){0,4}?(?:of|for))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_DESCRIBED_END = re.compile(r"^(?:['’]s)?(?:\s+[\w'’.-]+){0,3}\s*,")
# The other party of an agreement, named before the match: "put his name to a pact with Sadr
# meant to end the bloodshed", "reached a deal with the government to halt attacks".
_PARTNER = re.compile(
    r"\b(?:agree\w*|deal|pact|accord|truce|ceasefire|cease-fire|talks|negotiat\w*|sign\w*|"
    r"reached|struck|understanding|arrangement)\s+(?:[\w'’-]+\s+){0,2}?with\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A demand made as an obligation (the governing cue, data/stance_cues.csv): "must", "had to".
_OBLIGATION = re.compile(r"^(?:must|(?:had|has|have|having)\s+to)$", re.IGNORECASE)
# A precondition (the governing cue, data/stance_cues.csv): "unless the militia disbands",
# "only after the rebels disarmed", "until all militias were disbanded".
_PRECONDITION = re.compile(r"^(?:unless|until|only)\b", re.IGNORECASE)
# The subject right before an obligation: the actor, or its men ("the Mahdi Army's fighters").
_OBLIGED = re.compile(r"^(?:['’]s)?\s+(?:[\w'’-]+\s+){0,2}$")
# A verb that reports what someone says (the speaker of a demand is its agent).
_SPEECH = re.compile(
    r"\b(?:said|says|say|saying|told|tells|insist\w*|warn\w*|declar\w*|announc\w*|stat\w*|"
    r"added|repeated|reiterated)\b",
    re.IGNORECASE,
)
# A form of "be" in a match: the match is passive ("would be dissolved").
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\b", re.IGNORECASE)
# A speaker named after what is said: ", Sadr said", ", the Mahdi Army's spokesman told".
# (Fewer verbs than _SPEECH, on purpose: after the clause, "warned" or "declared" is more often
# a stance of its own than an attribution.)
_SAID_AFTER = re.compile(
    r"(?:['’]s)?(?:\s+[\w'’-]+){0,2}?\s+(?:said|says|told|added|stated|announced|insisted)\b",
    re.IGNORECASE,
)
# An actor after a preposition is no speaker ("refused to negotiate with al-Sadr and said").
_AFTER_PREPOSITION = re.compile(
    r"\b(?:with|to|of|from|by|against|on|for|at|toward|towards)\s+(?:the\s+)?$", re.IGNORECASE
)


def event_parties(sents: pd.DataFrame, mentions: pd.DataFrame, frames: pd.DataFrame):
    """``agent``, ``target`` and ``broker`` of each row of ``frames`` (in its order): canonical
    entity names joined by "|", missing where the sentence names none (see the module); rows
    that are not ceasefire or disarmament matches have none."""
    check_table("event_parties", "sents", sents, ("sentence_id", "text"), "load_corpus")
    out = {c: np.full(len(frames), None, dtype=object) for c in PARTY_COLUMNS}
    wanted = np.flatnonzero(frames["frame"].isin(PARTY_FRAMES).to_numpy())
    if not len(wanted):
        return pd.DataFrame(out)
    ids = frames["sentence_id"].to_numpy()
    starts, ends = frames["start"].to_numpy(), frames["end"].to_numpy()
    cues = frames["cue"].to_numpy(dtype=object) if "cue" in frames.columns else None
    kinds = frames["frame"].to_numpy(dtype=object)
    # The actors of each sentence, as slices of arrays in sentence order (mentions come in
    # text order), of only the sentences that hold a match (a few among millions, where the
    # event list is of the first matches); the texts of those that hold a mention to read.
    mentions = mentions[mentions["sentence_id"].isin(ids[wanted]).to_numpy()]
    people = _party_mentions(sents, mentions[[c for c in MENTION_PARTS if c in mentions.columns]])
    people = people[people["type"].to_numpy() != "PLACE"]
    of = people["sentence_id"].to_numpy()
    at, names = people["start"].to_numpy(), people["entity"].to_numpy(dtype=object)
    until = people["end"].to_numpy()
    lo = np.searchsorted(of, ids[wanted], side="left")
    hi = np.searchsorted(of, ids[wanted], side="right")
    held = wanted[hi > lo]
    needed = np.unique(ids[held])
    row = pd.Index(sents["sentence_id"]).get_indexer(needed)
    text_of = dict(zip(needed.tolist(), sents["text"].iloc[row].tolist()))
    spans_of = {}  # (each row's sentences, split once for all its matches)
    for j, a, b in zip(wanted.tolist(), lo.tolist(), hi.tolist()):
        if b <= a:
            continue
        named = list(zip(at[a:b].tolist(), until[a:b].tolist(), names[a:b].tolist()))
        cue = cues[j] if cues is not None else None
        text = text_of[ids[j]]
        if ids[j] not in spans_of:
            spans_of[ids[j]] = sentence_spans(text) if _INNER_STOP.search(text) else None
        clause = _clause(text, spans_of[ids[j]], int(starts[j]), int(ends[j]))
        found = _parties(text, clause, named, int(starts[j]), int(ends[j]), cue, kinds[j])
        for column, party in zip(PARTY_COLUMNS, found):
            if party:
                out[column][j] = "|".join(dict.fromkeys(party))
    return pd.DataFrame(out)


def _party_mentions(sents: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions that may be a party: the actors, and a nation's adjective that names its
    forces or officials ("American troops", "Iraqi forces": ``_FORCES`` after it), which the
    entity matcher reads as a descriptor of the word after it."""
    if "role" not in mentions.columns:
        return mentions
    described = np.flatnonzero((mentions["role"] == DESCRIPTOR).to_numpy())
    keep = (mentions["role"] != DESCRIPTOR).to_numpy().copy()
    if len(described):
        ids = mentions["sentence_id"].to_numpy()[described]
        needed = np.unique(ids)
        row = pd.Index(sents["sentence_id"]).get_indexer(needed)
        text_of = dict(zip(needed.tolist(), sents["text"].iloc[row].tolist()))
        ends = mentions["end"].to_numpy()[described]
        for k, i, e in zip(described.tolist(), ids.tolist(), ends.tolist()):
            keep[k] = _FORCES.match(text_of[i], e) is not None
    return mentions if keep.all() else mentions[keep]


def _clause(text: str, spans, a: int, b: int) -> tuple[int, int]:
    """The clause holding ``text[a:b]``: its sentence (``spans``: the segmenter's sentences of
    a row that may hold several, or None; the first from the row's start and the last to its
    end, as ``find_frames`` reads the stance) between the semicolons around it."""
    first, last = 0, len(text)
    if spans is not None:
        k = max([i for i, (s, _e) in enumerate(spans) if s <= a], default=0)
        first = spans[k][0] if k > 0 else 0
        last = spans[k][1] if k < len(spans) - 1 else len(text)
    lo = max(first, text.rfind(";", first, a) + 1)
    hi = text.find(";", b, last)
    return lo, hi if hi >= 0 else last


def _cue_words(cue) -> str | None:
    """The governing cue as written (``find_frames``' ``cue`` column before any " + "), or
    None when no cue word decided the stance (none, or "(the wording itself)")."""
    if not isinstance(cue, str) or cue.startswith("("):
        return None
    return cue.split(" + ")[0]


def _cue_start(text: str, lo: int, a: int, cue) -> int | None:
    """Where the governing cue begins, when it is written before the match. (A word of an
    actor's name is never the cue: ``find_frames`` leaves those out.)"""
    words = _cue_words(cue)
    at = text.rfind(words, lo, a) if words is not None else -1
    return at if at >= 0 else None


def _cue_end_after(text: str, b: int, hi: int, cue) -> int | None:
    """Where the governing cue ends, when it is written after the match (before ``hi``)."""
    words = _cue_words(cue)
    at = text.find(words, b, hi) if words is not None else -1
    return at + len(words) if at >= 0 else None


def _parties(text: str, clause, named: list, a: int, b: int, cue, frame: str) -> tuple:  # noqa: C901
    """(agents, targets, brokers) of the ``frame`` match ``text[a:b]`` among the actors
    ``named`` (start, end, entity) of its sentence; ``clause``: the (start, end) of its clause
    (``_clause``)."""
    lo, hi = clause

    def _partner(k: int) -> bool:
        """Whether the actor ``k`` of ``inside`` is the other side of an agreement named with
        "with" ("reached a deal with X")."""
        s = inside[k][0]
        return _PARTNER.search(text[max(lo, s - 60) : s]) is not None

    inside = [(s, e, n) for s, e, n in named if lo <= s and e <= hi and not _SPONSOR.match(text, e)]
    agents, targets, brokers = [], [], []
    used = set()
    # (Each rule runs only where the clause holds its words at all: most clauses hold none.)
    words = text[lo:hi].lower()
    # Brokers, and the actor joined to a broker by "and".
    for k, (s, e, n) in enumerate(inside) if _ANY_BROKER.search(words) else ():
        joined = k > 0 and inside[k - 1][2] in brokers and _AND.search(text[inside[k - 1][1] : s])
        before = text[max(lo, s - 40) : s]
        if _BROKER_BEFORE.search(before) or _BROKER_AFTER.match(text[e:hi]) or joined:
            brokers.append(n)
            used.add(k)
    # "between X and Y" (not the sides of the fighting a match stops, after it).
    fought = _FOUGHT.search(text, a, b) is not None

    def elsewhere(s: int) -> bool:
        """The actor at ``s`` follows "fighting between" (or "fighting between X and")
        outside the match: a side of that fighting."""
        start = max(lo, s - 60)
        other = _FOUGHT_BETWEEN.search(text[start:s])
        return other is not None and not a <= start + other.start() < b

    # ... unless no other actor is named: "the war between X and Y ended with a ceasefire".
    pairs = "between" in words and any(elsewhere(s) for s, _e, _n in inside)
    if pairs and all(k in used or elsewhere(s) for k, (s, _e, _n) in enumerate(inside)):
        pairs = False

    for k, (s, e, n) in enumerate(inside) if "between" in words else ():
        if k in used or (fought and s >= b) or not _BETWEEN.search(text[max(lo, s - 12) : s]):
            continue
        if pairs and elsewhere(s):
            continue
        agents.append(n)
        used.add(k)
        if k + 1 < len(inside) and _AND.search(text[e : inside[k + 1][0]]):
            targets.append(inside[k + 1][2])
            used.add(k + 1)
        return agents, targets, brokers
    # "between X and Y" with an X the alias table does not list: Y is the target. A hyphenated
    # pair right before the match ("the Sadr-Hakim truce"): the first the agent, the second the
    # target ("the Israel-Hezbollah ceasefire", Israel unlisted: Hezbollah the target).
    for k, (s, e, n) in enumerate(inside):
        if k in used or (fought and s >= b) or (pairs and elsewhere(s)):
            continue
        paired = e <= a and a - e <= 12 and _PAIRED.search(text[max(lo, s - 2) : s])
        if not (paired or ("between" in words and _BETWEEN_AND.search(text[max(lo, s - 60) : s]))):
            continue
        first = [j for j, (_s, e2, _n) in enumerate(inside) if paired and e2 == s - 1]
        if first and first[0] not in used:
            agents.append(inside[first[0]][2])
            used.add(first[0])
        targets.append(n)
        used.add(k)
        return agents, targets, brokers
    # Targets after the match: "with X", "against X", "to X", or its object ("stop attacking
    # X"), and those joined to it by "and" or "or".
    for k, (s, e, n) in enumerate(inside):
        if k in used or s < b or s - b > 60 or _ORDERS_AFTER.match(text[e:hi]):
            continue
        if _AIMED.search(text[max(b, s - 12) : s]) or _OBJECT.match(text[b:s]):
            targets.append(n)
            used.add(k)
            while k + 1 < len(inside) and _AND.search(text[inside[k][1] : inside[k + 1][0]]):
                k += 1
                targets.append(inside[k][2])
                used.add(k)
            break
    # An actor inside a demanded or rejected disarmament: the party that is to disarm.
    for k, (s, e, n) in enumerate(inside):
        if k not in used and a <= s and e <= b:
            targets.append(n)
            used.add(k)
    # The agent of a passive ("by X" after the match, or after its cue: "the pause in attacks
    # on U.S. troops declared by X") or "on X's orders".
    late = _cue_end_after(text, b, hi, cue) if " by " in words else None
    for k, (s, e, n) in enumerate(inside) if _ANY_ORDER.search(words) else ():
        if k in used:
            continue
        ordered = (_ORDERS_BEFORE.search(text[max(lo, s - 30) : s]) and s >= b) or (
            _ORDERED_BY.search(text[max(lo, s - 40) : s])
        )
        passive = s >= b and (
            _BY.match(text[b:s]) or (late is not None and s >= late and _BY.match(text[late:s]))
        )
        # ("On X's orders, Y handed over", "Y handed over ... on X's orders": Y, the subject of
        # the active verb, is the agent; X, of the passive "... were handed over on X's orders".)
        obeyed = _ORDERS_AFTER.match(text[e:hi]) and (
            _PASSIVE.search(text, a, b) is not None
            or not any(
                j != k and j not in used and e2 <= a for j, (_s, e2, _n) in enumerate(inside)
            )
        )
        if passive or obeyed or ordered:
            agents.append(n)
            used.add(k)
            return agents, targets, brokers
    # The subject of a relative clause right after the match, when no cue before the match
    # governs it: "a truce that X and Y hammered out" (X, and Y the target), "the ceasefire
    # which X declared".
    if _cue_start(text, lo, a, cue) is None:
        for k, (s, e, n) in enumerate(inside):
            if k in used or s < b or not _RELATIVE.match(text[b:s]):
                continue
            agents.append(n)
            if k + 1 < len(inside) and _AND.search(text[e : inside[k + 1][0]]):
                targets.append(inside[k + 1][2])
            return agents, targets, brokers
    # A name the match begins inside is its subject ("the Mahdi Army would stay frozen",
    # matched from "Army"): the agent, unless the match is passive ("the Mahdi Army would be
    # dissolved" names what is dissolved, not who dissolves it).
    for k, (s, e, n) in enumerate(inside):
        if k not in used and s < a < e and not _PASSIVE.search(text, a, b):
            agents.append(n)
            return agents, targets, brokers
    duty = _obligation(text, lo, hi, a, b, cue, inside, used)
    if duty is not None:
        return duty[0], targets + duty[1], brokers
    # Before the match (or its cue: the agent is the subject of the cue's verb): the actor
    # urged or told to act is a target, unless it is the speaker's own ("his Mahdi Army"); the
    # nearest other is the agent (a broker, if its verb is "brokered"), and an actor joined to
    # it by "and" right before it ("X and Y signed") is the agent, Y the target.
    found = _cue_start(text, lo, a, cue)
    anchor = found if found is not None else a
    # Between the cue and the match: the actor urged to act ("persuade X to put away"), and the
    # other side of an agreement ("reached a deal with X to halt the fighting").
    urging = _ANY_URGE.search(words) is not None
    for k, (s, e, n) in enumerate(inside) if urging or " with " in words else ():
        if k not in used and anchor <= s and e <= a:
            if urging and _URGED_BEFORE.search(text[max(lo, s - 40) : s]):
                if not _OWN.search(text[max(lo, s - 40) : s]):
                    targets.append(n)
                used.add(k)
            elif _partner(k):
                targets.append(n)
                used.add(k)
    before = [k for k, (s, e, n) in enumerate(inside) if k not in used and e <= anchor]
    # The owner of a truce named in one word, right before it ("the Mahdi Army's freeze"), is
    # not who acts on it when a cue after the match says what happens to it and an actor
    # stands before the owner: "X's followers refused to observe Sadr's freeze and kept
    # attacking", "Sadr's office announced that the Mahdi Army's freeze would run on". (With a
    # cue before the match, the cue's subject is read already; with none, the owner is who
    # declared it: "clashes prompting Sadr's freeze". The owner of the fighting a construction
    # stops is who stops it: "Sadr said the Mahdi Army's activities would stay frozen".)
    if (
        found is None
        and len(before) > 1
        and _ONE_WORD.match(text, a, b)
        and _OWNER.match(text[inside[before[-1]][1] : a])
        and _cue_end_after(text, b, hi, cue) is not None
    ):
        before.pop()
    # A match in a participle clause after a comma ("X announced ..., hoping the step would
    # begin the disbanding of Y") is done by the main clause's subject: its first actor not
    # after a preposition, when no actor stands in the participle clause before the match.
    last = max(_PARTICIPLE.finditer(text, lo, a), key=lambda m: m.start(), default=None)
    if last is not None and before and inside[before[-1]][1] <= last.start():
        main = [
            k
            for k in before
            if not _AFTER_PREPOSITION.search(text[max(lo, inside[k][0] - 12) : inside[k][0]])
        ]
        if main:
            # (the other side of an agreement among those passed over is still its target:
            # the loop below reads it as one)
            before = [k for k in before if k == main[0] or k > main[0] and _partner(k)]
    for k in reversed(before):
        s, e, n = inside[k]
        if urging and _URGED_BEFORE.search(text[max(lo, s - 40) : s]):
            if not _OWN.search(text[max(lo, s - 40) : s]):
                targets.append(n)
            used.add(k)
            continue
        if _BROKERS.search(text[e:a]):
            brokers.append(n)
            used.add(k)
            break
        if _partner(k):
            targets.append(n)
            used.add(k)
            continue
        if _DESCRIBED.search(text[max(lo, s - 60) : s]) and _DESCRIBED_END.match(text[e:anchor]):
            continue
        agents.append(n)
        used.add(k)
        if k > 0 and (k - 1) in before and _AND.search(text[inside[k - 1][1] : s]):
            if frame == "disarmament":
                # Two subjects disarm together ("X and Y agreed to hand over their weapons"):
                # both are agents. (Of a ceasefire, their agreement, X is the agent and Y the
                # target.)
                agents[-1:] = [inside[k - 1][2], n]
            else:
                agents[-1:] = [inside[k - 1][2]]
                targets.append(n)
        break
    if not before:
        # A match in a phrase put before its clause's subject ("Despite the cease-fire order,
        # Mahdi Army fighters battled ..."): the actor right after the phrase's comma.
        for k, (s, _e, n) in enumerate(inside):
            if k not in used and s >= b and _FRONTED.match(text[b:s]):
                agents.append(n)
                break
    if not agents and not targets:
        # Nobody named in the reported clause: who says it, after it ("The freeze would be
        # lifted later, Sadr said").
        for k, (s, e, n) in enumerate(inside):
            if (
                k not in used
                and s >= b
                and _SAID_AFTER.match(text, e)
                and _LAST_COMMA.search(text[max(b, s - 60) : s])
            ):
                agents.append(n)
                break
    return agents, targets, brokers


def _obligation(text: str, lo: int, hi: int, a: int, b: int, cue, inside: list, used: set):
    """(agents, targets) of a demand made as an obligation, "X said Y must disarm", or as a
    precondition, "X said talks would resume only after Y disarmed", or None when the
    governing cue is neither ("must", "had to"; "unless", "only after", "until") written
    before the match. The actor right before the obligation, or inside the precondition, is
    the one obliged: a target. The agent is whoever says it: the nearest actor before the verb
    of saying that comes before the obligation (not after a preposition: "would not negotiate
    with al-Sadr and said he must disband"), else the actor next to a verb of saying after the
    match ("Y must disarm, X said"); with no verb of saying, none is named (the actor of the
    main clause a precondition follows is not who sets it: "would go after the Mahdi Army and
    would not stop until all militias were disbanded")."""
    words = _cue_words(cue)
    precondition = words is not None and _PRECONDITION.match(words) is not None
    if words is None or not (precondition or _OBLIGATION.match(words)):
        return None
    at = _cue_start(text, lo, a, cue)
    if at is None:
        return None
    free = [(s, e, n) for k, (s, e, n) in enumerate(inside) if k not in used]
    if precondition:
        obliged = [(s, e, n) for s, e, n in free if at <= s and e <= a]
    else:
        obliged = [(s, e, n) for s, e, n in free if e <= at and _OBLIGED.match(text[e:at])][-1:]
    before = obliged[0][0] if obliged else at
    said = list(_SPEECH.finditer(text, lo, before))
    agents = []
    if said:
        v = said[-1].start()
        speakers = [
            n
            for s, e, n in free
            if e <= v and not _AFTER_PREPOSITION.search(text[max(lo, s - 12) : s])
        ]
        agents = speakers[-1:]
    else:
        later = _SPEECH.search(text, b, hi)
        if later is not None:
            near = [n for s, e, n in free if b <= s and e <= later.start()][-1:]
            after = [n for s, e, n in free if s >= later.end()][:1]
            agents = near or after
    return agents, [n for _s, _e, n in obliged if n not in agents]


EVENT_COLUMNS = [
    "sentence_id",
    "agent",
    "target",
    "broker",
    "frame",
    "stance",
    "cue",
    "cameo",
    "event",
    "plover",
    "surface",
]
# The document and date columns an event row carries from its sentence, where the corpus has them.
CARRIED = ("file", "doc_id", "date", "date_precision")
NO_AGENT = "(no agent named)"


def event_list(sents: pd.DataFrame, mentions: pd.DataFrame, frames: pd.DataFrame):
    """One row per ceasefire or disarmament match, in text order: ``sentence_id`` (and the
    sentence's ``doc_id``, ``date`` and ``date_precision``, where the corpus has them), then
    ``agent``, ``target``, ``broker`` (``event_parties``), ``frame``, ``stance``, ``cue``,
    ``cameo``, ``event`` (the CAMEO code's name), ``plover`` (PLOVER's event type of the CAMEO
    code) and ``surface``."""
    check_table("event_list", "frames", frames, ("sentence_id", "frame", "stance"), "find_frames")
    from .wording import cameo_names

    parties = event_parties(sents, mentions, frames)
    keep = frames["frame"].isin(PARTY_FRAMES).to_numpy()
    names = cameo_names()
    event = [names.get(c) if isinstance(c, str) else None for c in frames["cameo"]]
    rows = pd.concat([frames.reset_index(drop=True), parties], axis=1).assign(event=event)[keep]
    table = rows[EVENT_COLUMNS].reset_index(drop=True).astype(object)
    table["sentence_id"] = table["sentence_id"].astype(np.int64)
    carried = [c for c in CARRIED if c in sents.columns]
    if carried:
        of = sents.set_index("sentence_id")[carried]
        found = of.reindex(table["sentence_id"].to_numpy()).reset_index(drop=True)
        rest = table.drop(columns="sentence_id")
        table = pd.concat([table[["sentence_id"]], found, rest], axis=1)
    return table


# What an agent does, from the stance of its mention (a reader's words for the stances).
ACTS = {
    "declared": "declares",
    "agreed": "declares",
    "extended": "declares",
    "kept": "keeps",
    "violated": "breaks",
    "called_for": "demands",
    "demanded": "demands",
    "rejected": "rejects",
}
ACT_COLUMNS = ["declares", "keeps", "breaks", "demands", "rejects", "other"]


def who_does_what(events: pd.DataFrame, frame: str | None = None, n: int = 10) -> pd.DataFrame:
    """The agents of ``event_list``'s rows (of ``frame`` only, if given) by what they do: one
    row per agent (each name of a joint agent counted; ``NO_AGENT`` where none is named), the
    ``n`` with most mentions first (ties by name), with ``mentions`` and the mentions by act:
    ``declares`` (declared, agreed, extended), ``keeps``, ``breaks`` (violated), ``demands``
    (called for, demanded), ``rejects`` and ``other`` (conditional, threatened, nothing said)."""
    check_table("who_does_what", "events", events, ("agent", "frame", "stance"), "event_list")
    if frame is not None:
        events = events[events["frame"] == frame]
    agents = events["agent"].fillna(NO_AGENT).str.split("|")
    acts = events["stance"].map(ACTS).fillna("other")
    long = pd.DataFrame({"agent": agents, "act": acts}).explode("agent")
    table = pd.crosstab(long["agent"], long["act"]).reindex(columns=ACT_COLUMNS, fill_value=0)
    table.columns.name = None
    table.insert(0, "mentions", table.sum(axis=1))
    table = table.sort_index().sort_values("mentions", ascending=False, kind="stable")
    table = table.head(n).rename_axis("agent").reset_index()
    return table.astype({c: np.int64 for c in table.columns if c != "agent"})


def acts_over_time(events: pd.DataFrame, period: str, n: int = 4) -> pd.DataFrame | None:
    """``event_list``'s rows by ``period`` of their date (``groups.PERIODS``): one row per
    period (in time order; the mentions without a date, or with one less precise than the
    period, last), ``mentions``, and the mentions of each of the ``n`` agents with most
    mentions in all. None when the events carry no date."""
    from .groups import group_labels

    if "date" not in events.columns:
        return None
    labels = group_labels(events.assign(sentence_id=np.arange(len(events))), period)
    agents = events["agent"].fillna(NO_AGENT).str.split("|")
    long = pd.DataFrame({period: labels, "agent": agents}).explode("agent")
    table = pd.crosstab(long[period], long["agent"], dropna=False)
    table.columns.name = None
    top = table.sum().sort_values(ascending=False, kind="stable").head(n).index
    mentions = labels.value_counts(sort=False).reindex(table.index)
    table = table[top]
    table.insert(0, "mentions", mentions.to_numpy())
    table = table[table["mentions"] > 0].reset_index()
    table[period] = table[period].astype(str)
    return table.astype({c: np.int64 for c in table.columns if c != period})


def events(corpus: pd.DataFrame) -> pd.DataFrame:
    """``event_list`` of a corpus (``load_corpus``'s table): its sentences, their entities and
    their frames, matched here."""
    from .entities import find_entities
    from .load import sentences
    from .wording import find_frames

    sents = sentences(corpus)
    return event_list(sents, find_entities(sents), find_frames(sents))
