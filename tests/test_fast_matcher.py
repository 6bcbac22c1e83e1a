"""The fast entity matcher gives exactly what a plain, obviously correct matcher gives.

The reference below tries every spelling of every alias at every position with str.find,
keeps the candidates with a word boundary on both sides (Python's own \\w), and then takes the
leftmost-longest ones. It is slow and simple; the fast path (one compiled scan of two byte tries
over an ASCII image of all rows joined) must agree with it on thousands of generated and
hand-written sentences.
"""

import collections
import functools
import re

import numpy as np
import pandas as pd
import pytest

import generate_corpus
import helpers
from conflict_corpus import tokens, wording
from conflict_corpus.engine import parallel
from conflict_corpus.engine.text import JoinedText, joined_text
from conflict_corpus.engine.windows import (
    AUXILIARIES,
    BREAKS,
    DETERMINERS,
    HEAD_NOUNS,
    JOINS,
    PHRASE_GAP,
    PHRASE_WORDS,
)

HAND_WRITTEN = [
    "The Mahdi Army militiamen left; the Mahdi Army militia stayed.",
    "Sadr Cityscape and Sadr City, al-Sadr City and Sadr's men, Sadrists' anger.",
    "Muqtada Sadr, Moqtada as-Sadr, MUQTADA AL-SADR and muqtada el sadr all spoke.",
    "Mr. Maliki met Mr Maliki; Nuri Kamil al-Maliki and Nouri Maliki too.",
    "Iraqis in Iraq, Iraqi police, anti-American Iraqis, U.S.-led forces, US troops.",
    "xNajaf Najafi Najaf_ Najaf2 (Najaf) “Najaf” Najaf’s Ṣadr City Şadr",
    "JAM fighters jammed the road; Jaish al-Mahdi and Jaysh al Mahdi; JAM-SG cells.",
    "Shi'ite, Shi’ites, Shia's, Shias', SHIA, shia, Shiite-led, fellow-Shia.",
    "Grand Ayatollah Ali al-Sistani, Ayatollah Sistani and al-Sistani met in Najaf.",
    "Basra, Basrah, Kerbala, Karbala, Kufa and Sadr City; the Green Zone; Baghdad's.",
    "مقتدى الصدر (Muqtada al-Sadr) لجيش المهدي Mahdi Army 应用推荐 Najaf",
    "Mahdi Army  militia (two spaces), Mahdi-Army, Mahdi\tArmy, MAHDI ARMY'S men.",
]


def occurrences(variant, haystack):
    """Every occurrence of ``variant`` in ``haystack`` (overlapping ones too), a space of the
    spelling matching a run of spaces in the text: str.find, or a regex where runs exist."""
    if "  " not in haystack:
        start = haystack.find(variant)
        while start != -1:
            yield start, start + len(variant)
            start = haystack.find(variant, start + 1)
        return
    spaced = " +".join(map(re.escape, variant.split(" ")))
    for found in re.finditer(f"(?=({spaced}))", haystack):
        yield found.start(1), found.end(1)


def reference(texts, gazetteer):
    """(text index, start, end, entity) by brute force: every spelling, every position."""
    spellings = []
    for row, alias in enumerate(gazetteer["alias"]):
        folded = " ".join(helpers.fold(alias).split())
        multi = len(folded.split()) > 1
        spellings += [(variant, row, multi) for variant in helpers.alias_variants(folded)]
    out = []
    for i, text in enumerate(texts):
        folded = helpers.fold(text)
        lower = folded.lower()
        assert len(lower) == len(folded)

        def is_word(k, folded=folded):
            return 0 <= k < len(folded) and re.match(r"\w", folded[k]) is not None

        candidates = []
        for variant, row, multi in spellings:
            haystack = lower if multi else folded
            for start, end in occurrences(variant, haystack):
                if not is_word(start - 1) and not is_word(end):
                    candidates.append((start, end, row))
        candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
        pos = 0
        for start, end, row in candidates:
            if start >= pos:
                pos = end
                # An article that is an English word, then a space ("at Sadr City", the "s"
                # of "Baghdad's Sadr City"): English, left outside the mention, and the word
                # before it is no given name.
                english = ENGLISH_ARTICLE.match(text[start:end])
                if gazetteer["type"].iat[row] == "BLOCK" or (
                    not english and another_man(folded, start, row)
                ):
                    continue
                out.append(
                    (
                        i,
                        start + (english.end() if english else 0),
                        end,
                        gazetteer["entity"].iat[row],
                    )
                )
    return out


ENGLISH_ARTICLE = re.compile(
    r"(?:as|ad|ash|an|ar|at|az|ul|il|s|d|t|z|n|r|sh|l) (?=\S)", re.IGNORECASE
)


PREFIXES = helpers.load_name_prefixes()
STOPWORDS = helpers.load_stopwords()


GAZETTEER = helpers.load_gazetteer()


def another_man(folded, start, row):
    """A person's bare family name right after a capitalised word that is not a title, office
    or stopword ("Hassan al-Maliki"): written out plainly with a regex."""
    alias, kind = GAZETTEER["alias"].iat[row], GAZETTEER["type"].iat[row]
    words = [t for t in helpers.fold(alias).lower().split() if t not in ("al", "el", "as")]
    if kind != "PERSON" or len(words) != 1 or words[0].rstrip(".") in helpers.TITLES:
        return False
    before = re.search(r"(?<![A-Za-z0-9])([A-Z][a-z]+) $", folded[:start])
    return bool(before) and before[1] not in PREFIXES and before[1].lower() not in STOPWORDS


def fast(texts, gazetteer):
    corpus = pd.DataFrame({"sentence_id": range(len(texts)), "text": texts})
    mentions = helpers.find_entities(corpus, gazetteer)
    return list(
        zip(mentions["sentence_id"], mentions["start"], mentions["end"], mentions["entity"])
    )


@pytest.fixture(scope="module")
def gazetteer():
    return helpers.load_gazetteer()


def test_hand_written_sentences(gazetteer):
    assert fast(HAND_WRITTEN, gazetteer) == reference(HAND_WRITTEN, gazetteer)


def test_generated_sentences(gazetteer):
    texts = generate_corpus.generate(1500, seed=7)
    expected = reference(texts, gazetteer)
    assert len(expected) == 5341  # (the generator's sentences are the same on every machine)
    assert fast(texts, gazetteer) == expected


def test_seed_and_example_corpus(gazetteer):
    texts = (
        helpers.load_corpus()["text"].tolist()
        + helpers.load_corpus(helpers.DATA / "examples" / "mahdi_army_news_sample.csv")[
            "text"
        ].tolist()
    )
    assert fast(texts, gazetteer) == reference(texts, gazetteer)


def test_one_text_alone_matches_as_in_a_corpus(gazetteer):
    # Rows are scanned joined by newlines; a text matched on its own must not differ.
    matcher = helpers.entity_matcher()
    texts = HAND_WRITTEN + generate_corpus.generate(300, seed=11)
    alone = [
        (i, s, e, gazetteer["entity"].iat[r])
        for i, t in enumerate(texts)
        for s, e, r in matcher.match_one(t)
    ]
    assert alone == reference(texts, gazetteer)


# --- frames ------------------------------------------------------------------------------------

HAND_WRITTEN_FRAMES = [
    "They laid down their arms, handed over weapons of mass destruction and gave up arms.",
    "The cease-fire, the ceasefire, the cease fire and cease-fires; the deceased; truce-breaking.",
    "Sadr froze the militia's activities; a freeze in attacks; the militia’s activities froze.",
    "He told his men to stop attacking, then attacks resumed and fighting broke out in Najaf.",
    "Mahdi Army fighters were arrested; police cracked down, went after them and raided homes.",
    "مقتدى الصدر ceasefire 应用推荐 disarmament — stand-down, stood down, standing down.",
    # Clauses: a cue after "but" or before "while" is another clause's; an infinitive is
    # governed by the verb of asking or refusing it completes.
    "Sadr agreed to talks but the truce is fragile, while Iran URGED the rebels on Monday to "
    "renew the truce.",
    "The envoy refused to observe the ceasefire although the militia had to hand over its guns.",
    # A comma no other closes, a parenthesis between two commas, a comma in a date, quotation
    # marks, a relative pronoun and a verb of speech; a cue word inside an actor's name.
    "The envoys discussed a truce, then broke off the talks; the truce, the spokesman said, held.",
    "Sadr agreed on May 27, 2004 to a truce; “Gunmen broke it” was his verdict on the truce.",
    "The truce which the gunmen broke was brief, officials who later broke it said of the truce.",
    "The Promised Day Brigade ceasefire is in its third week.",
    # A call or an order not to do it; a negation before the order; one not to break it.
    "Sadr told his followers not to surrender their weapons, and ordered them NEVER TO hand over "
    "their rifles; he did not order his men to hand over their guns.",
    "Iran urged the rebels not to violate the truce and called on them not to end the ceasefire.",
    # An obligation or advice inside a passive match.
    "All armed factions must be dissolved; the weapons should be handed over; the arms were "
    "handed over.",
    # A match with no act of its own: only a threat around it gives it a stance.
    "Sadr warned that military operations would resume; he said the attacks would resume.",
    # A threat or a denial that reports a clause opened by "that" holds it past its commas,
    # not past a contrast, a verb of speech, a semicolon or a precondition's own clause.
    "Sadr WARNED on April 8, 2008 that, if the troops stayed, he would lift the freeze.",
    "The ELN denied that it had agreed to a truce, but the army said it had signed a truce.",
    "Sadr warned that he would not stop until all militias were disbanded; the truce held.",
    "Hamas denied reports that it had agreed, as Qatar said, to hand over its weapons.",
    # A cue with a gap that would run over a match ends before it, or is none.
    "He pressed them to hand over their weapons to the army and gave the gunmen in the old "
    "city ten days to lay down their arms to the police; weeks of fighting in Najaf to a close.",
    # A participle right after the match governs only where no other cue does.
    "Gunmen broke a truce brokered by Iran; the ceasefire, agreed in March, was holding; a "
    "ceasefire brokered by al-Sistani ended the fighting; the truce agreed on Monday held.",
    # A party that would end it on a condition after it threatens to; a cue written with its
    # object's determiner governs only the match its noun phrase reaches.
    "Hamas said it would end the truce unless aid flowed; the rebels would abandon the "
    "ceasefire if strikes went on; they agreed to end their protest and halt the fighting; the "
    "truce will collapse if the army advances; Sadr withdrew from his posts under the truce.",
    # An infinitive a list goes on from: the cue before its "to" governs the list's verbs.
    "Maliki urged the Mahdi Army to leave the ports, lay down its weapons and join the talks; "
    "the rebels refused to leave and hand over their weapons, and declared a truce.",
    "The ELN said the ceasefire would be suspended unless the arrests stopped.",
    # A cue of another act right before the noun phrase of the governing cue governs it.
    "The rebels violated the agreed ceasefire; gunmen ignored Sadr's order to hand over their "
    "weapons; the group has stood by its commitment to disarm; Moscow turned down a proposed "
    "truce.",
    "They extended the agreed truce, then extended the deadline to hand over weapons; the "
    "militia ignored the order and handed over their weapons; tribes rejected the plan and "
    "the agreed truce; they kept, in Basra, their pledge to disarm.",
    # "of" before a gerund opens an infinitive as "to" does; not before another word.
    "The Houthis had no intention of extending the truce; Nujaba had no intention of joining "
    "the truce; they have no plans to give up their weapons; he spoke of the truce; they warned "
    "of ending the truce; the idea of disarming.",
    # A modal right before a verb that ends it is the threat's own, on a condition after it.
    "The rebels might freeze their disarmament unless paid; they could abandon the truce; if "
    "attacked, they might quit the truce unless paid; they could possibly end the truce if hit.",
]


def frames_reference(texts, lexicon):
    """(text index, start, end, lexicon row) trying every row at every word start, longest
    first (the `regex` module's POSIX mode), skipping rows an `unless` cancels."""
    import regex

    rows = lexicon.to_dict("records")
    flags = regex.IGNORECASE | regex.POSIX
    each = [
        regex.compile(rf"(?<!\w)(?:{helpers.compile_pattern(r['pattern'])})(?!\w)", flags)
        for r in rows
    ]
    unless = {
        i: regex.compile(
            rf"{wording._SEP}(?:{helpers.compile_pattern(r['unless'])})(?!\w)", regex.IGNORECASE
        )
        for i, r in enumerate(rows)
        if isinstance(r["unless"], str) and r["unless"]
    }
    out = []
    for t, text in enumerate(texts):
        folded = helpers.fold(text)
        pos = 0
        while pos < len(folded):
            best = None
            for start in range(pos, len(folded)):
                if not re.match(r"\w", folded[start]) or (
                    start and re.match(r"\w", folded[start - 1])
                ):
                    continue
                for i, pattern in enumerate(each):
                    m = pattern.match(folded, start)
                    if (
                        m
                        and (best is None or m.end() > best[1])
                        and not (i in unless and unless[i].match(folded, m.end()))
                    ):
                        best = (start, m.end(), i)
                if best:
                    break
            if best is None:
                break
            out.append((t, best[0], best[1], best[2]))
            pos = best[1]
    return out


def frames_fast(texts, lexicon):
    """The matches of the shipped lexicon (``lexicon``: the table of its file) the engine
    finds, as ``frames_reference`` lists them."""
    corpus = pd.DataFrame({"sentence_id": range(len(texts)), "text": texts})
    frames = helpers.find_frames(corpus)  # (the shipped files' matcher, built once)
    row_of = {p: i for i, p in enumerate(lexicon["pattern"])}
    return list(
        zip(frames["sentence_id"], frames["start"], frames["end"], frames["pattern"].map(row_of))
    )


def test_frames_agree_with_a_row_by_row_reference():
    lexicon = helpers.load_lexicon()
    texts = (
        HAND_WRITTEN_FRAMES
        + helpers.load_corpus()["text"].tolist()
        + generate_corpus.generate(600, seed=5)
    )
    expected = frames_reference(texts, lexicon)
    assert len(expected) == 700
    assert frames_fast(texts, lexicon) == expected


# A verb with an object: a determiner, a name or a number after it. (The word lists are the
# engine's: the reference checks the rules that read them, not their words.)
OBJECT = rf" *(?:[A-Z0-9]|(?i:{'|'.join(DETERMINERS)})(?![\w'-]))"


def names_an_object_reference(text, s, e, start, end):
    """Whether the cue ``text[s:e]`` ends in a determiner whose noun phrase does not reach the
    match ``[start, end)``: the cue stands after the match, or a punctuation mark or a word of
    BREAKS stands between."""
    last = re.search(r"[^\W_]+$", text[s:e])
    if last is None or last.group().lower() not in DETERMINERS:
        return False
    if s >= end:
        return True
    q = e
    while q < start:
        word = tokens._WORD_RE.match(text, q, start) if text[q].isalnum() else None
        if word is not None:
            if word.group().lower() in BREAKS:
                return True
            q = word.end()
        elif text[q] == " ":
            q += 1
        else:
            return True
    return False


def governing_reference(text, found, lo, hi, start, end):
    """(distance, act, start, end) of the act cue nearest the match inside [lo, hi), or None;
    on a tie the act listed first in CUE_ACTS. A precondition governs only a match after it. A
    participle of declaring or agreeing right after the match (only spaces and one comma
    between, its first word ending in "ed": "a truce brokered by Egypt") governs only where
    no other cue does, or where the other stands after the match with an object after its first
    word and without a form of "be" or "have" among the two words before it."""
    best = participle = None
    for act in wording.CUE_ACTS:
        for s, e in found.get(act, []):
            if lo <= s and e <= hi and not (act == wording.PRECONDITION and s >= end):
                distance = start - e if e <= start else s - end
                if act == "violated" and names_an_object_reference(text, s, e, start, end):
                    continue
                described = (
                    act in wording.DESCRIBING
                    and s >= end
                    and re.fullmatch(r" *(, *)?", text[end:s])
                    and re.match(r"[a-z0-9'-]{2,}ed(?![\w'-])", text[s:e], re.I)
                ) or (
                    act in wording.DESCRIBING
                    and s == end + 1
                    and text[end] == " "
                    and re.match(r"[^\W_]+", text[s:e]).group().lower() in HEAD_NOUNS
                )
                if described and (participle is None or distance < participle[0]):
                    participle = (distance, act, s, e)
                elif not described and (best is None or distance < best[0]):
                    best = (distance, act, s, e)
    if participle is not None and (
        best is None
        or (
            best[2] >= end
            and re.match(OBJECT, text[tokens._WORD_RE.match(text, best[2]).end() :])
            and not {w.lower() for w in tokens._WORD_RE.findall(text[: best[2]])[-2:]}
            & set(AUXILIARIES)
        )
    ):
        return participle
    return best


def phrase_words_reference(stretch, stops, limit):
    """How many words ``stretch`` holds, if nothing else than words, spaces, hyphens and
    apostrophes, at most ``limit`` words and none of ``stops`` or CLAUSE_WORDS; else None."""
    words = tokens._WORD_RE.findall(stretch)
    if re.sub(tokens.WORD_PATTERN, "", stretch).strip(" -'’") or len(words) > limit:
        return None
    if any(w.lower() in stops or w.lower() in CLAUSE_WORDS for w in words):
        return None
    return len(words)


def over_phrase_reference(text, found, best, start):
    """(act, start, end) of what governs the match at ``start``, given ``best`` (the nearest
    cue: ``governing_reference``'s, or None): the cue of an act of wording.OVER_PHRASE (or
    "extended", over a cue of wording.DESCRIBING), another than the nearest cue's, that ends
    where the noun phrase of the nearest cue before the match opens (at most PHRASE_WORDS words
    before it, a determiner, a capital or a digit first, or the cue's own last word a
    determiner; no punctuation, word of BREAKS or clause word between), the match at most
    PHRASE_GAP words after that cue with no punctuation, word of JOINS or clause word between
    (the latest ending among those starting at most PHRASE_WORDS + 4 words before the nearest
    cue); else the nearest cue's; None without one."""
    if best is None:
        return None
    _, act, g0, g1 = best
    if g1 > start or phrase_words_reference(text[g1:start], JOINS, PHRASE_GAP) is None:
        return act, g0, g1
    before = [m.start() for m in tokens._WORD_RE.finditer(text, 0, g0)]
    lo = before[-(PHRASE_WORDS + 4)] if len(before) >= PHRASE_WORDS + 4 else 0
    over = None
    for other in wording.CUE_ACTS:
        if other == act or not (
            other in wording.OVER_PHRASE or (other == "extended" and act in wording.DESCRIBING)
        ):
            continue
        for s, e in found.get(other, []):
            if lo <= s < g0 and e <= g0 and (over is None or e > over[2]):
                over = (other, s, e)
    if over is None:
        return act, g0, g1
    n = phrase_words_reference(text[over[2] : g0], BREAKS, PHRASE_WORDS)
    last = re.search(r"[^\W_]+$", text[over[1] : over[2]])
    if n is not None and (
        (last and last.group().lower() in DETERMINERS) or (n and re.match(OBJECT, text[over[2] :]))
    ):
        return over
    return act, g0, g1


def asked_reference(text, start):
    """Whether the match at ``start`` is in a question: a "?" after it in its sentence (the
    segmenter's, which knows "U.S." and "Gen." end none)."""
    spans = [(s, e) for s, e in helpers.sentence_spans(text) if s <= start]
    return bool(spans) and "?" in text[start : spans[-1][1]]


def proviso_after_reference(text, found, x, kind="proviso"):
    """Whether a proviso ("if", "provided"; or a cue of ``kind``) stands within
    wording.PROVISO_WORDS words after ``x`` in its clause (before a clause mark or a clause
    word), not right after "even"."""
    q = len(text)
    marks = [p for p in clause_marks(text) if p >= x]
    count = 0
    for m in tokens._WORD_RE.finditer(text, x):
        if marks and marks[0] < m.start():
            q = marks[0]
            break
        if m.group().lower() in CLAUSE_WORDS:
            q = m.start()
            break
        count += 1
        if count == wording.PROVISO_WORDS:
            q = m.end()
            break
    else:
        q = marks[0] if marks else len(text)
    return any(
        x <= s
        and e <= q
        and not (text[s - 5 : s].lower() == "even " and (s == 5 or not text[s - 6].isalnum()))
        for s, e in found.get(kind, [])
    )


def complement_reference(text, found, kind, x):
    """Whether a cue of ``kind`` (a threat or a negation) ending in the word "that" reports the
    clause that holds ``x``: it ends by ``x``, starts within wording.COMPLEMENT_WORDS words
    before it, and no semicolon, quotation mark or contrast or reporting word stands from its
    start to ``x``."""
    words = [m.start() for m in tokens._WORD_RE.finditer(text, 0, x)]
    n = wording.COMPLEMENT_WORDS
    lo = words[-n] if len(words) >= n else 0
    return any(
        lo <= s
        and e <= x
        and re.search(r"(?<![^\W_])that$", text[s:e], re.IGNORECASE)
        and not re.search(r'[;"“”„«»]', text[s:x])
        and not any(
            m.group().lower() in CLAUSE_WORDS[: CLAUSE_WORDS.index("who")]
            for m in tokens._WORD_RE.finditer(text, s, x)
        )
        for s, e in found.get(kind, [])
    )


def modified_reference(
    act, found, region, asked, called=None, after=False, reported=(), ends_it=False, modal=None
):
    """The act as the modifiers in ``region`` (from, to, the governing cue's span, inside
    which no modifier counts, and where a condition or a proviso counts from) and a question
    (``asked``) leave it. ``called``: the text, the
    governing cue's start and end, the match's start and the row's own act, for a call or an
    order not to do it. ``after``: a proviso stands after the match
    (``proviso_after_reference``). ``reported``: the modifier kinds whose cue ending in "that"
    reports the clause (``complement_reference``). ``ends_it``: a party would end it, on a
    condition after the match ("would abandon the ceasefire if ...", "unless ..."): a threat,
    where no condition stands around the match and no question is asked. ``modal``: the span
    of a condition right before the verb that ends it ("might freeze their disarmament unless
    ..."), which is the threat's own: it makes the stance conditional only where no threat
    does."""
    r_lo, r_hi, (g0, g1), c_lo = region
    near = {
        kind: kind in reported
        or any(
            (c_lo if kind in ("condition", "proviso") else r_lo) <= s
            and e <= r_hi
            and not (g0 <= s and e <= g1)
            and (s, e) != modal
            for s, e in found.get(kind, [])
        )
        for kind in wording.MODIFIERS
    }
    if near["threat"]:
        return "threatened"
    if act is None:
        return None
    if ends_it and not (asked or near["condition"] or near["proviso"]):
        return "threatened"
    if asked or near["condition"] or near["proviso"] or after or modal:
        return "conditional"
    if called is not None and act in ("demanded", "called_for", "agreed", "declared"):
        # "told his men not to hand over their weapons": a negation after the cue, then "to",
        # then the match, refuses it; "ordered them not to violate the truce" keeps the order.
        text, g0, g1, start, own = called
        if g1 <= start and any(
            g0 < s and re.fullmatch(" *to *", text[e:start], re.IGNORECASE)
            for s, e in found.get("negation", [])
        ):
            return act if own in ("violated", "rejected") else "rejected"
    if near["negation"]:
        return {"kept": "violated", "violated": "kept"}.get(act)
    if called is not None and act in ("demanded", "called_for", "agreed", "declared"):
        # "vowed the group would never surrender its weapons": a match that is itself a
        # refusal, under a cue that asks, orders, promises or announces, is that refusal.
        if called[4] == "rejected":
            return "rejected"
    return act


CLAUSE_WORDS = (
    "but", "while", "whereas", "although", "though",
    "said", "says", "say", "saying", "added", "adding", "stated", "according",
    "who", "whom", "whose", "which",
)  # fmt: skip
RELATIVE_WORDS = ("who", "whom", "whose", "which")
DIGITS = "0123456789"


def clause_marks(text):
    """Where a clause ends: semicolons, quotation marks, and commas not inside a number ("1,000",
    "May 27, 2004")."""
    marks = []
    for p, c in enumerate(text):
        if c in ';"“”„«»':
            marks.append(p)
        elif c == ",":
            after = text[p + 2 : p + 3] if text[p + 1 : p + 2] == " " else text[p + 1 : p + 2]
            if not (p > 0 and text[p - 1] in DIGITS and after and after in DIGITS):
                marks.append(p)
    return marks


def clause_words(text):
    return [m for m in tokens._WORD_RE.finditer(text) if m.group().lower() in CLAUSE_WORDS]


def paired_comma(text, p, marks, step):
    """The comma that pairs with the comma at ``p`` as a parenthesis (the next clause mark in
    the direction ``step``, if a comma with at most wording.PARENTHESIS_WORDS runs of letters
    and digits between), or None."""
    beyond = [m for m in marks if (m - p) * step > 0]
    if not beyond:
        return None
    m = min(beyond) if step > 0 else max(beyond)
    a, b = sorted((m, p))
    words = len(re.findall(r"[^\W_]+", text[a + 1 : b]))
    return m if text[m] == "," and words <= wording.PARENTHESIS_WORDS else None


def clause_bounds(text, start, end, lo, hi):
    """The match's clause inside the window [lo, hi): from the nearest clause mark or clause
    word before it, to the nearest after it, a parenthesis (two commas) passed over whole.
    (After the match, ``hi`` is the window-th word's end; the words inside a parenthesis
    count.)"""
    marks = clause_marks(text)
    words = clause_words(text)
    # Before: the nearest bound, walking back.
    bound, p = lo, start - 1
    while p >= lo:
        if p in marks:
            pair = paired_comma(text, p, marks, -1) if text[p] == "," else None
            if pair is None:
                bound = p + 1
                break
            p = pair - 1
            continue
        word = next((m for m in words if m.start() == p and m.end() <= start), None)
        if word is not None:
            bound = word.end()
            break
        p -= 1
    # After: the same forward.
    end_bound, p = hi, end
    while p < hi:
        if p in marks:
            pair = paired_comma(text, p, marks, 1) if text[p] == "," else None
            if pair is None:
                end_bound = p
                break
            p = pair + 1
            continue
        word = next((m for m in words if m.start() == p), None)
        # (a relative pronoun that is the first word after the match does not end its clause)
        first = not tokens._WORD_RE.search(text, end, p)
        if word is not None and not (first and word.group().lower() in RELATIVE_WORDS):
            end_bound = p
            break
        p += 1
    return bound, end_bound


def opens_infinitive(word, verb):
    """Whether ``word`` is "to", or "of" before a gerund ``verb`` (more than four letters,
    ending in "ing": "no intention of extending the truce")."""
    word, verb = word.lower(), verb.lower()
    return word == "to" or (word == "of" and len(verb) > 4 and verb.endswith("ing"))


def object_of_infinitive_reference(before, first):
    """The words before a match (``before``: word matches; ``first``: the match's first word)
    cut after the "to" of an infinitive whose object the match is, its verb no cue, a
    determiner or nothing between ("threatened to end the ceasefire"), or the "of" of such a
    gerund ("no intention of joining the truce"); else as they are."""
    lowered = [m.group().lower() for m in before[-3:]]
    if opens_infinitive(lowered[-1], first):
        return before
    if lowered[-1] not in DETERMINERS:
        return before[:-1] if len(lowered) > 1 and opens_infinitive(*lowered[-2:]) else before
    if len(lowered) == 3 and opens_infinitive(*lowered[:2]) and lowered[1] not in DETERMINERS:
        return before[:-2]
    return before


def outer_reference(text, found, h, start, end):
    """(class, start, end) of the cue of an outer class (wording.OUTER_CLASSES) nearest before
    the "to" just before ``h`` (or "of" before a gerund), within OUTER_WINDOW words of it and no
    semicolon between; when the word before ``h`` is neither, the same before the "to" of the
    infinitive a list goes on from (``listed_to_reference``) where there is one, or else the
    cue of an outer class that is that word, or (``h`` a governing cue's start, not the
    match's) that word and the one before it, with only spaces and word characters up to
    ``h``; else None."""
    before = list(tokens._WORD_RE.finditer(text, 0, h))
    if not before:
        return None
    first = tokens._WORD_RE.match(text, h).group()
    cut = object_of_infinitive_reference(before, first) if h == start else before
    if cut is not before or opens_infinitive(before[-1].group(), first):
        return cue_before_to_reference(text, found, cut, h)
    listed = listed_to_reference(text, before, h)
    if listed is not None:
        best = cue_before_to_reference(text, found, before[: listed + 1], h)
        if best is not None:
            return best
    first = before[-2 if h != start and len(before) > 1 else -1].start()
    near = [
        (kind, s, e)
        for kind in wording.CUE_CLASSES
        if kind in wording.OUTER_CLASSES
        for s, e in found.get(kind, [])
        # (letters and digits of any script, as the tokenizer reads them, hyphens, spaces)
        if first <= s and e <= h and re.fullmatch(r"(?:[^\W_]|[\- ])*", text[e:h])
    ]
    return max(near, key=lambda cue: cue[2], default=None)


def cue_before_to_reference(text, found, before, h):
    """The cue of an outer class nearest before the "to" that ends ``before`` (word matches),
    within OUTER_WINDOW words of it and no semicolon between, or None."""
    to = before[-1]
    words = [m.start() for m in before[:-1]]
    n = wording.OUTER_WINDOW
    lo = words[-n] if len(words) >= n else 0
    lo = max(lo, text.rfind(";", lo, to.start()) + 1)
    best = None
    for kind in wording.CUE_CLASSES:
        if kind not in wording.OUTER_CLASSES:
            continue
        for s, e in found.get(kind, []):
            if lo <= s < to.start() and e <= to.end() and s != h and (best is None or e > best[2]):
                best = (kind, s, e)
    return best


def listed_to_reference(text, before, h):
    """The index in ``before`` of the "to" of the infinitive a list goes on from: the word at
    ``h`` (not ending in "ed") stands right after a comma or "and" or "or", and a "to" stands
    within 10 words before it, no semicolon, quotation mark or clause word between; or None."""
    verb = tokens._WORD_RE.match(text, h)
    if verb is None or re.search(r"ed$", verb.group(), re.I) and len(verb.group()) > 3:
        return None
    if not (text[:h].rstrip(" ").endswith(",") or before[-1].group().lower() in ("and", "or")):
        return None
    for k in range(len(before) - 1, max(len(before) - 11, -1), -1):
        word = before[k].group().lower()
        if word == "to":
            if re.search('[;"\u201c\u201d\u201e\u00ab\u00bb]', text[before[k].end() : h]):
                return None
            return k
        if word in CLAUSE_WORDS:
            return None
    return None


def counted_from(text, words, x, reach):
    """Where modifiers start counting: ``reach`` words before ``x`` (``words``: the starts of
    the words before it), in the clause of ``x``."""
    r_lo = words[-reach] if len(words) >= reach else 0
    r_lo = max([r_lo] + [p + 1 for p in clause_marks(text) if r_lo <= p < x])
    return max([r_lo] + [m.end() for m in clause_words(text) if r_lo <= m.start() < x])


def sentence_of_reference(text, start):
    """(start, end) of the sentence of ``text`` a match at ``start`` stands in, by the
    segmenter: the first sentence from 0, the last to the text's end."""
    spans = helpers.sentence_spans(text)
    k = max([i for i, (s, _) in enumerate(spans) if s <= start], default=0)
    return (0 if k == 0 else spans[k][0]), (len(text) if k >= len(spans) - 1 else spans[k][1])


def refit_reference(scan, folded, spans, match_starts):
    """The cue spans of one class, each that runs into a ceasefire or disarmament match (one of
    ``match_starts``) found again as the longest cue of the class from its start that ends
    before the first match it runs into, or left out where none does."""
    out = []
    for a, b in spans:
        inside = [m for m in match_starts if a < m < b]
        again = scan.match(folded, a, min(inside)) if inside else None
        if not inside:
            out.append((a, b))
        elif again:
            out.append(again.span())
    return out


def stances_reference(texts, lexicon, cues):
    """The stance of each ceasefire or disarmament match, the plain way (data/stance_cues.md):
    each cue class found by a left-to-right, leftmost-longest scan of the row (the `regex`
    module's POSIX mode); the act cue nearest to the match within the tokenizer's window
    governs (an earlier class on a tie), else the row's own act; then a threat, a question or
    condition, or a negation from three words before the earlier of cue and match (from a
    precondition itself), none inside the governing cue."""
    import regex

    classes = wording.CUE_CLASSES
    scans = {
        c: regex.compile(
            rf"(?<!\w)(?:{'|'.join(helpers.compile_pattern(p) for p in patterns)})(?!\w)",
            regex.IGNORECASE | regex.POSIX,
        )
        for c in classes
        if len(patterns := cues.loc[cues["stance"] == c, "pattern"].tolist())
    }
    rows = lexicon.to_dict("records")
    names = helpers.entity_matcher()

    @functools.cache
    def cues_of(t):
        """Every cue of each class in text ``t``: a cue word inside an actor's name (written
        with a capital) is none, and so is the second part of a compound written with a
        hyphen ("the China-brokered truce"). (Once a text: the rows can be articles.)"""
        text, folded = texts[t], helpers.fold(texts[t])
        named = [(s, e) for s, e, _ in names.match_one(text)]
        return {
            c: [
                m.span()
                for m in scan.finditer(folded)
                if not (
                    text[m.start()].isupper()
                    and any(s <= m.start() and m.end() <= e for s, e in named)
                )
                and not (
                    m.start() >= 2
                    and text[m.start() - 1] == "-"
                    and text[m.start() - 2] not in " \n"
                )
            ]
            for c, scan in scans.items()
        }

    matched = frames_reference(texts, lexicon)
    stance_starts = collections.defaultdict(list)
    for t, start, _, _ in filter(lambda m: rows[m[3]]["frame"] in wording.STANCE_FRAMES, matched):
        stance_starts[t].append(start)

    out = []
    for t, start, end, row in matched:
        frame = rows[row]["frame"]
        if frame == "none":
            continue
        if frame not in ("ceasefire", "disarmament"):
            out.append(None)
            continue
        # The match's sentence, the text from here on (the first sentence from the row's start,
        # the last to its end); the cues outside the match, each cut before the first match it
        # runs into.
        lo, hi = sentence_of_reference(texts[t], start)
        text, start, end = texts[t][lo:hi], start - lo, end - lo
        found = {
            c: [
                (a - lo, b - lo)
                for a, b in refit_reference(
                    scans[c], helpers.fold(texts[t]), spans, stance_starts[t]
                )
                if lo <= a and b <= hi and (b <= start + lo or a >= end + lo)
            ]
            for c, spans in cues_of(t).items()
        }
        before = [m.start() for m in tokens._WORD_RE.finditer(text, 0, start)]
        after = [m.end() for m in tokens._WORD_RE.finditer(text, end)]
        n = helpers.STANCE_WINDOW
        lo = before[-n] if len(before) >= n else 0
        hi = after[n - 1] if len(after) >= n else len(text)
        # The window stops where the match's clause does.
        lo, hi = clause_bounds(text, start, end, lo, hi)
        best = governing_reference(text, found, lo, hi, start, end)
        # The row's own act, unless an obligation or advice inside a passive match says more:
        # "must be dissolved" is demanded, "should be handed over" called for.
        own = rows[row]["act"]
        modal = re.search(r"\b(must|should|had to|has to|have to)\b", text[start:end], re.I)
        if "<to_be>" in rows[row]["pattern"] and modal:
            own = "called_for" if modal.group(1).lower() == "should" else "demanded"
        # (a cue of another act right before the governing cue's noun phrase governs it)
        act, g0, g1 = over_phrase_reference(text, found, best, start) or (own, start, end)
        # (The infinitive the match is in, when its governing cue stands after it.)
        outer = outer_reference(text, found, min(g0, start), start, end)
        if outer is not None and outer[0] == "threat":
            out.append("threatened")
            continue
        if outer is not None:
            # (a call or a demand to end it refuses it)
            refused = act == "violated" and outer[0] in wording.REFUSED
            act, g0, g1 = ("rejected" if refused else outer[0]), outer[1], outer[2]
        if not isinstance(act, str):
            act = None  # (no act: only a threat around the match gives it a stance)
        x = min(g0, start)
        words = [m.start() for m in tokens._WORD_RE.finditer(text, 0, x)]
        opened = act == wording.PRECONDITION and g0 != start
        # (Three words for a negation or a threat; eight for a condition, whose own clause
        # holds its subject: "wait to see if the Promised Day Brigade actually gave up"; a
        # precondition's clause starts with it.)
        region = (
            g0 if opened else counted_from(text, words, x, 3),
            max(g1, end),
            (g0, g1) if g0 != start else (-1, -1),
            g0 if opened else counted_from(text, words, x, 8),
        )
        called = (text, g0, g1, start, own) if g0 != start else None
        after = proviso_after_reference(text, found, max(g1, end))
        # (a threat or a denial whose clause, opened by "that", holds the cue and the match)
        # (a threat only of an act that ends it)
        reported = [
            kind
            for kind in ("threat", "negation")
            if not opened
            and (kind == "negation" or act == "violated")
            and complement_reference(text, found, kind, x)
        ]
        asked = asked_reference(text, start)
        # (a party that would end it, the cue before the match, on a condition after it)
        ends_it = (
            act == "violated"
            and g0 != start
            and (g1 <= start or text[g0:g1].split()[0].lower() in AUXILIARIES)
            and (after or proviso_after_reference(text, found, max(g1, end), "precondition"))
        )
        # (a modal right before a verb before the match that ends it: the threat's own)
        modal = next(
            (
                (s, e)
                for s, e in found.get("condition", [])
                if act == "violated"
                and g0 != start
                and g1 <= start
                and not asked
                and region[3] <= s
                and e < g0
                and not text[e:g0].strip(" ")
            ),
            None,
        )
        stance = modified_reference(
            act, found, region, asked, called, after, reported, ends_it, modal
        )
        out.append("demanded" if stance == wording.PRECONDITION else stance)
    return out


def test_stances_agree_with_a_plain_reference():
    lexicon, cues = helpers.load_lexicon(), helpers.load_stance_cues()
    texts = (
        HAND_WRITTEN_FRAMES
        + helpers.load_corpus()["text"].tolist()
        + generate_corpus.generate(600, seed=17)
    )
    corpus = pd.DataFrame({"sentence_id": range(len(texts)), "text": texts})
    expected = stances_reference(texts, lexicon, cues)
    assert sum(s is not None for s in expected) == 416
    assert helpers.find_frames(corpus)["stance"].tolist() == expected


def test_stances_of_random_clauses_agree_with_the_plain_reference():
    # Words drawn at random among matches, cues, names, clause words and the marks that end a
    # clause or not (commas, a comma in a number or a date, semicolons, quotation marks), a
    # cue glued to a word by a hyphen or not, and question marks after full stops that end a
    # sentence or an abbreviation: every way a clause can be cut, checked against the
    # reference.
    import random

    lexicon, cues = helpers.load_lexicon(), helpers.load_stance_cues()
    words = (
        'the truce ceasefire Sadr declared broke held not if urged to renew , , , ; " “ ” '
        "which who said but May 27, 2004 1,000 and Promised Day Brigade Mahdi Army agreed "
        "officials in Najaf weapons hand over rejected must disarm fighters told observe "
        "UN-brokered Qatar -brokered ? U.S. Gen. Kut. Will unless until only were even provided"
    ).split()
    pick = random.Random(29)
    texts = [
        " ".join(pick.choice(words) for _ in range(pick.randint(5, 30))).replace(" ,", ",") + "."
        for _ in range(600)
    ]
    corpus = pd.DataFrame({"sentence_id": range(len(texts)), "text": texts})
    expected = stances_reference(texts, lexicon, cues)
    assert (len(expected), sum(s is not None for s in expected)) == (500, 350)
    assert helpers.find_frames(corpus)["stance"].tolist() == expected


def test_a_modal_cue_reaches_its_verb_past_a_word_in_any_script():
    # An outer cue right before the word before the governing verb governs as a modal does;
    # that word may be written in any script ("urged Ṣadr held the truce"), but an underscore
    # is no letter of a word.
    lexicon, cues = helpers.load_lexicon(), helpers.load_stance_cues()
    texts = [
        "The envoys urged Ṣadr held the truce.",
        "The envoys urged Sadr held the truce.",
        "The envoys urged x_y held the truce.",
    ]
    corpus = pd.DataFrame({"sentence_id": range(len(texts)), "text": texts})
    expected = stances_reference(texts, lexicon, cues)
    assert expected == ["called_for", "called_for", "kept"]
    assert helpers.find_frames(corpus)["stance"].tolist() == expected


def test_the_next_question_mark_of_each_match_equals_a_plain_search():
    # engine.windows.next_byte shares one scan among a row's matches; str.find does not.
    import random

    from conflict_corpus.engine.windows import next_byte

    pick = random.Random(7)
    rows = ["".join(pick.choice("ab ?.") for _ in range(pick.randint(0, 40))) for _ in range(300)]
    joined = "\n".join(rows)
    ends = np.cumsum([len(r) + 1 for r in rows]) - 1
    starts, row_ends = [], []
    for r, text in enumerate(rows):
        begin = ends[r] - len(text)
        for a in sorted(pick.sample(range(len(text)), min(len(text), pick.randint(0, 4)))):
            starts.append(begin + a)
            row_ends.append(ends[r])
    image = np.frombuffer(joined.encode(), dtype=np.uint8)
    found = next_byte(image, np.array(starts, dtype=np.int64), np.array(row_ends), ord("?"))
    expected = [joined.find("?", a, e) for a, e in zip(starts, row_ends)]
    assert found.tolist() == expected
    # (The draw holds matches with a "?" after them and matches with none.)
    assert (len(starts), expected.count(-1)) == (512, 135)


# --- kwic --------------------------------------------------------------------------------------


def test_kwic_fast_phrase_path_equals_a_plain_regex_scan():
    texts = [t for t in generate_corpus.generate(2000, seed=3) if t.isascii()]
    corpus = pd.DataFrame({"sentence_id": range(len(texts)), "text": texts})
    for phrase, pattern, matches in [
        # (ASCII texts, so RE2's ASCII \b is the same boundary as the phrase scan's.)
        # (The words of a phrase also match closed up; a word of six letters or more also
        # split in two parts of three or more by a hyphen or a space: kwic.COMPOUND_PART.)
        ("Mahdi Army", r"\bmahdi(?:\s|-)*army\b", 851),
        ("cease fire", r"\bcease(?:\s|-)*fire\b", 312),
        (
            "ceasefire",
            r"\b(?:ceasefire|cea[\s-]sefire|ceas[\s-]efire|cease[\s-]fire|ceasef[\s-]ire)\b",
            312,
        ),
        ("Sadr", r"\bsadr\b", 1029),
    ]:
        fast = helpers.kwic(corpus, phrase)
        plain = helpers.kwic(corpus, pattern, regex=True)
        assert len(fast) == matches
        pd.testing.assert_frame_equal(fast, plain)
        assert helpers.kwic_count(corpus, phrase) == (len(plain), plain["sentence_id"].nunique())
        pd.testing.assert_frame_equal(helpers.kwic(corpus, phrase, limit=7), plain.head(7))


def context_reference(text, start, end, window):
    """KWIC line by hand: up to ``window`` whitespace-separated words either side, stripped (a
    run of spaces is one break)."""
    before = [m.end() for m in re.finditer(r"[ \t\n\r]+", text[:start])]
    lo = before[-(window + 1)] if len(before) > window else 0
    after = [end + m.start() for m in re.finditer(r"[ \t\n\r]+", text[end:])]
    hi = after[window] if len(after) > window else len(text)
    return text[lo:start].strip(), text[start:end], text[end:hi].strip()


def test_kwic_context_columns_equal_a_plain_reference():
    texts = (
        generate_corpus.generate(1500, seed=17)
        + HAND_WRITTEN
        + HAND_WRITTEN_FRAMES
        + [
            "\u3000 lead  Mahdi Army\u2028 \xa0 trail\u2003x y z w v u t s r q p",
            "Mahdi Army",
            " Mahdi Army ",
            "a\u00a0b Mahdi\u00a0Army c\u2029",
            "Ṣadr city Sadr  Sadr\tSadr\rSadr",
        ]
    )
    corpus = pd.DataFrame({"sentence_id": range(10, len(texts) + 10), "text": texts})
    mentions = helpers.find_entities(corpus)
    checked = 0
    for window in (0, 1, 5):
        for table in (
            helpers.kwic(corpus, "Mahdi Army", window=window),
            helpers.kwic(corpus, r"\s+|ce?a", regex=True, window=window),
            helpers.in_context(corpus, mentions, window),
        ):
            expected = [
                context_reference(texts[i - 10], s, e, window)
                for i, s, e in zip(table["sentence_id"], table["start"], table["end"])
            ]
            assert list(zip(table["left"], table["match"], table["right"])) == expected
            checked += len(expected)
    assert checked > 100000


def test_scanning_in_pieces_changes_no_result(monkeypatch):
    # The scans run on pieces of the joined text at once (one per worker thread); seven pieces
    # cut the rows in other places than two do, and must find the very same matches.
    texts = generate_corpus.generate(1500, seed=21) + HAND_WRITTEN + HAND_WRITTEN_FRAMES
    corpus = pd.DataFrame({"sentence_id": range(len(texts)), "text": texts})
    monkeypatch.setattr(parallel, "WORKERS", 1)
    whole = helpers.find_entities(corpus), helpers.find_frames(corpus), helpers.kwic(corpus, "Sadr")
    monkeypatch.setattr(parallel, "WORKERS", 7)
    pieces = (
        helpers.find_entities(corpus),
        helpers.find_frames(corpus),
        helpers.kwic(corpus, "Sadr"),
    )
    assert [len(found) for found in whole] == [5422, 1617, 804]
    for one, other in zip(whole, pieces):
        pd.testing.assert_frame_equal(one, other)


def test_joined_text_from_the_arrow_column_equals_encoding_the_rows(tmp_path):
    # A text file's lines are an Arrow ``str`` column, joined from its own bytes (in place,
    # through filters, slices and missing values) instead of encoding Python strings; the
    # result must be the same, and a changed column must be joined again, not taken from the
    # cache.
    lines = [
        "Ṣadr City, Mahdi Army.",
        "",
        "NOISE: |||",
        "Muqtada al-Sadr spoke in Najaf today.",
        "  spaced  ",
        "应用推荐 Mahdi Army fighters",
        "Sadr’s men held Kufa again.",
    ] * 50
    for name, data in [
        ("plain.txt", "\n".join(lines).encode()),
        ("crlf_bom.txt", b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n"),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        for pick in (
            lambda c: c,
            helpers.sentences,
            lambda c: c.iloc[::3],
            lambda c: c.iloc[5:40],
            lambda c: c.assign(text=c["text"].where(c.index % 7 != 0)),
        ):
            rows = pick(helpers.load_corpus(path))
            assert rows["text"].dtype == helpers.TEXT_DTYPE
            from_column = joined_text(rows["text"], cache=None)
            assert from_column.key is not None  # joined from the Arrow bytes
            texts = ["" if t != t else t for t in rows["text"].tolist()]
            encoded = JoinedText(texts)
            assert from_column.texts == texts
            for key in ("image", "starts", "ends", "row_ascii"):
                assert (getattr(from_column, key) == getattr(encoded, key)).all(), (name, key)
            assert (from_column.tokens() == encoded.tokens()).all()
            for joined in (from_column, encoded):  # each row's bytes, wherever buf holds them
                assert [
                    joined.buf[a:b].tobytes().decode()
                    for a, b in zip(joined.byte_starts, joined.byte_ends)
                ] == texts
    # Two corpora put together: two Arrow buffers, so the rows are copied and joined.
    both = pd.concat(
        [
            helpers.load_corpus(tmp_path / "plain.txt"),
            helpers.load_corpus(tmp_path / "crlf_bom.txt"),
        ],
        ignore_index=True,
    )
    assert len(both["text"].array.__arrow_array__().chunks) == 2
    from_column = joined_text(both["text"], cache=None)
    encoded = JoinedText(both["text"].tolist())
    for key in ("buf", "image", "starts", "ends", "byte_starts", "row_ascii"):
        assert (getattr(from_column, key) == getattr(encoded, key)).all(), key
    corpus = helpers.load_corpus(tmp_path / "plain.txt")
    first = joined_text(corpus["text"])
    assert joined_text(corpus["text"]) is first  # the same column: the cached text
    changed = corpus.assign(text=corpus["text"].str.upper())
    assert joined_text(changed["text"]) is not first
    assert helpers.find_entities(changed)["surface"].iloc[0] == "ṢADR CITY"
    corpus.loc[0, "text"] = "Moqtada al-Sadr"  # changed in place: a new Arrow array
    assert helpers.find_entities(corpus)["surface"].iloc[0] == "Moqtada al-Sadr"


def test_article_length_rows_give_the_same_matches_as_the_reference():
    # Rows of 100 sentences each, with accents: the stance windows start reading near each
    # match (not at the row's start) and byte offsets are walked once per row.
    lexicon, cues = helpers.load_lexicon(), helpers.load_stance_cues()
    sentences = HAND_WRITTEN_FRAMES + generate_corpus.generate(500, seed=23)
    texts = [
        "Ṣadr — " + " ".join(sentences[k : k + 100]) + " Did the truce hold?"
        for k in range(0, len(sentences), 100)
    ]
    corpus = pd.DataFrame({"sentence_id": range(len(texts)), "text": texts})
    frames = helpers.find_frames(corpus)
    assert frames["stance"].tolist() == stances_reference(texts, lexicon, cues)
    assert frames["stance"].notna().sum() == 376
    for row in frames.itertuples():  # offsets are characters of the row, past the accent
        assert texts[row.sentence_id][row.start : row.end] == row.surface


def test_byte_offsets_in_any_order_equal_a_walk_from_the_row_start():
    texts = ["Ṣadr said — “no”, " * 40, "plain ascii row", "é" * 30 + " Mahdi"]
    joined = joined_text(texts, cache=None)
    rng = np.random.default_rng(3)
    rows = rng.integers(0, len(texts), 500)
    chars = np.array([joined.starts[r] + rng.integers(0, len(texts[r]) + 1) for r in rows])
    expected = [
        joined.byte_starts[r] + len(texts[r][: c - joined.starts[r]].encode("utf-8"))
        for r, c in zip(rows, chars)
    ]
    assert joined.byte_offsets(chars, rows).tolist() == expected  # shuffled
    order = np.argsort(chars, kind="stable")
    assert joined.byte_offsets(chars[order], rows[order]).tolist() == [expected[i] for i in order]
