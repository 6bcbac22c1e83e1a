"""Stage 5, wording: the lexicon's pattern language, frames with their CAMEO codes, and ceasefire
stance."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from .checks import check_table
from .engine.arrow import joined_lines, line_starts
from .engine.dfa import (
    ALL_BYTES,
    WORD_BYTES,
    AutomatonTooLarge,
    Dfa,
    alt,
    byte_set,
    cue_scan,
    frame_scan,
    literal,
    one_of,
    repeat,
    seq,
)
from .engine.image import ASCII, IS_WORD, inexact_letters
from .engine.jit import ascending
from .engine.parallel import by_rows, in_parallel
from .engine.store import built
from .engine.tables import first_in_rows, run_starts
from .engine.text import JoinedText, joined_text
from .engine.windows import inner_stops, next_byte, stance_windows
from .entities import entity_matcher
from .files import (
    DATA,
    LEXICON_FILE,
    STANCE_FILE,
    CorpusError,
    check_curated_path,
    curated_files,
    read_curated_csv,
    stamps,
)
from .groups import Grouping, grouping, labelled
from .load import WHERE_IDS, _id_list, columns_frame
from .segment import buffer_spans

FRAME_COLUMNS = [
    "sentence_id",
    "frame",
    "cameo",
    "plover",
    "surface",
    "start",
    "end",
    "stance",
    "cue",
    "pattern",
]
# When a sentence carries several cues, the strongest claim about the ceasefire wins:
# "ignoring ... the ceasefire order" is a violation, not a declaration.
# The acts a match's stance can name (a lexicon row's ``act`` is one), in the order that breaks
# a tie in distance (data/stance_cues.md), then the modifiers that change the act they stand
# near (a proviso is a condition that counts after the match too), then the two stances the
# modifiers make. ``STANCES`` is every stance a match can have.
ACTS = ("violated", "rejected", "demanded", "called_for", "extended", "kept", "agreed", "declared")
MODIFIERS = ("negation", "condition", "threat", "proviso")
STANCES = (*ACTS, "threatened", "conditional")
# A precondition ("unless the militia disbands", "only after the rebels disarmed") is a demand
# whose condition is the act: a cue class of its own, whose match is *demanded*. It governs
# only a match after it ("to hold their fire unless they were attacked" is no demand), and no
# negation of the main clause before it reaches it ("would not stop until all militias were
# disbanded" is a demand). ``CUE_ACTS`` are the acts a cue can name, in the order that breaks
# a tie (the precondition right after the demand it makes).
PRECONDITION = "precondition"
CUE_ACTS = (*ACTS[:3], PRECONDITION, *ACTS[3:])
# Every class a stance cue belongs to, in the engine's order (engine/windows.py reads the
# modifiers by their place after the acts: negation, condition, threat, proviso).
CUE_CLASSES = (*CUE_ACTS, *MODIFIERS)
# What a negation makes of an act: kept and violated swap, any other act becomes none.
NEGATED = {"kept": "violated", "violated": "kept"}
# A call, an order, an agreement or a declaration not to do it ("told his men not to hand over
# their weapons", "agreed not to hand over their weapons") refuses it; one not to do what
# breaks or refuses it keeps the cue's own act.
REFUSED = {a: "rejected" for a in ("demanded", "called_for", "agreed", "declared")}
OPPOSED = ("violated", "rejected")
# An obligation or advice inside a match (see FrameMatcher.own_acts).
MODAL = re.compile(rb"\b(?:must|should|(?:had|has|have) to)\b")
# The frames whose matches get a stance and an event code by it.
STANCE_FRAMES = ("ceasefire", "disarmament")
# Words either side of a ceasefire match where a cue counts, within its clause (the clause is
# the bound a reader keeps; the count only caps a long one). Read on the development part
# (stances agreeing of 1,116: 870 at 6 words, 891 at 8, 902 at 10, 905 at 12, 907 at 16, 910
# at 20, 909 at 24, 30 and 40).
STANCE_WINDOW = 20
MODIFIER_REACH = 3  # words before the governing cue (or the match) where a modifier counts
# A condition ("if", "whether", "as long as", ...) opens a clause of its own, whose subject
# stands between it and the verb: it counts this many words before the governing cue or the
# match ("would wait to see if the Promised Day Brigade actually gave up attacking"). (Not a
# threat: what a threat reports is threatened only where it ends the ceasefire, which the
# reported clause of COMPLEMENT_WORDS reads: "warned that the militias must hand over their
# weapons" stays demanded.)
CONDITION_REACH = 8
# A proviso ("if", "provided") is a condition that counts after the match too, within this many
# words of the later of the governing cue and the match, in its clause ("promised that the
# operations would end if the pullout was completed"), and not right after "even".
PROVISO_WORDS = 6
# The most words between two commas that the stance window passes over as a parenthesis.
PARENTHESIS_WORDS = 12
# An infinitive ("to renew the truce", "to disband") is governed by a verb of asking, demanding,
# refusing or threatening it completes: a cue of these classes within OUTER_WINDOW words before
# its "to" ("urged the rebels on Monday to renew the truce" is called_for, "threatened on April
# 9 to lift the freeze" threatened); so is a verb right after such a cue, as after a modal ("the
# rebels must sign the truce" is demanded). Agreeing or deciding to do it is doing it: "agreed
# to extend the truce" stays extended.
OUTER_CLASSES = ("called_for", "demanded", "rejected", "threat")
OUTER_WINDOW = 12
# A threat or a denial that reports a clause opened by "that" holds the whole clause, commas
# included, within this many words before the earlier of the governing cue and the match: a
# denial negates the act ("denied that it had agreed to a truce" is none), and a threat makes an
# act that ends the ceasefire threatened ("warned on April 8 that, if the troops stayed, he
# would lift the freeze"; not a demand it reports: "warned that the militias must hand over
# their weapons" stays demanded). A semicolon, a quotation mark or a contrast or reporting word
# (CLAUSE_WORDS) between ends it.
COMPLEMENT_WORDS = 24
# Acts whose past participle right after a match says how it came about ("a truce brokered by
# Egypt", "the ceasefire agreed last week"), not what happens to it: such a cue governs only
# where no other cue of the clause does (data/stance_cues.md, rule 1).
DESCRIBING = ("declared", "agreed")
# A cue of these acts right before the noun phrase that holds the cue governing a match (a noun
# or a participle of agreeing, ordering, asking: "its commitment to disarm", "a proposed truce")
# governs the phrase, and so the match: "violated the agreed ceasefire", "ignored Sadr's order
# to hand over their weapons", "has stood by its commitment to disarm", "turned down a proposed
# truce" (data/stance_cues.md, rule 1). Extending only over a cue of DESCRIBING: "extended the
# agreed truce" is extended, "extended the deadline to disarm" still a demand.
OVER_PHRASE = ("violated", "rejected", "demanded", "called_for", "kept")
EVENT_CODES_FILE = DATA / "event_codes.csv"
CAMEO_PLOVER_FILE = DATA / "cameo_plover.csv"
# Irregular verb forms for the ``~`` operator (regular forms are generated by rule).
IRREGULAR_VERBS = {
    "lay": ["laid"],
    "put": [],
    "set": [],
    "give": ["gave", "given"],
    "stand": ["stood"],
    "freeze": ["froze", "frozen"],
    "hold": ["held"],
    "break": ["broke", "broken"],
    "tell": ["told"],
    "go": ["went", "gone", "goes"],
    "keep": ["kept"],
    "take": ["took", "taken"],
    "throw": ["threw", "thrown"],
    "bring": ["brought"],
    "fight": ["fought"],
    "shoot": ["shot"],
    "withdraw": ["withdrew", "withdrawn"],
    "lead": ["led"],
    "make": ["made"],
    "send": ["sent"],
    "seek": ["sought"],
    "win": ["won"],
    "lose": ["lost"],
    "quit": [],
    "beat": ["beaten"],
    "strike": ["struck", "stricken"],
    "drive": ["drove", "driven"],
    "sell": ["sold"],
    "buy": ["bought"],
    "get": ["got", "gotten"],
    "stick": ["stuck"],
    "fall": ["fell", "fallen"],
    "leave": ["left"],
    "wind": ["wound"],
    "unfreeze": ["unfroze", "unfrozen"],
    "begin": ["began", "begun"],
    "come": ["came"],
    "cling": ["clung"],
    "tear": ["tore", "torn"],
    "forbid": ["forbade", "forbidden"],
    "show": ["showed", "shown"],
}
_VOWELS = "aeiou"
# Pattern tokens: "(a|b)", "word~", "word*", "..", "..N", each optionally followed by "?".
_TOKEN = re.compile(
    r"^(?:\((?P<alts>[^()]+)\)|(?P<word>[\w'’-]+[~*]?)|(?P<gap>\.\.(?P<n>[1-9])?)"
    r"|<(?P<cls>[a-z][a-z_]*)>)"
    r"(?P<opt>\?)?$"
)
CLASSES_FILE = DATA / "lexicon_classes.csv"


def load_lexicon_classes(path: str | Path | None = None) -> dict[str, list[str]]:
    """The word classes a lexicon pattern may name as ``<class>`` (default
    ``data/lexicon_classes.csv``, columns ``class``, ``members``, ``note``): class name -> its
    members, each a phrase of the pattern language without gaps or classes ("stop~", "call~
    off", "(an|a)? end to"), separated by ";" in the file. A CorpusError names the line of a
    class named twice, a name that is not a lower-case word, or a member that cannot be read."""
    path = Path(path) if path is not None else CLASSES_FILE
    return {name: list(members) for name, members in _classes_of(str(path), stamps([path]))}


@functools.lru_cache(maxsize=4)
def _classes_of(path: str, stamp: tuple) -> tuple:
    found: dict[str, tuple] = {}
    for row in read_curated_csv(Path(path), ("class", "members")):
        where = f"{path}: line {row['_line']}"
        name = row["class"].strip()
        if not re.fullmatch(r"[a-z][a-z_]*", name):
            raise CorpusError(f"{where}: class {name!r} must be a lower-case word such as 'stop'.")
        if name in found:
            raise CorpusError(f"{where}: class {name!r} is named twice; keep one row.")
        members = tuple(m.strip().lower() for m in row["members"].split(";") if m.strip())
        strange = inexact_letters(row["members"])
        if strange:
            raise CorpusError(
                f"{where}: class {name!r} holds {', '.join(map(repr, strange))}: write its "
                f"members in Latin letters."
            )
        if not members:
            raise CorpusError(f"{where}: class {name!r} has no members.")
        for member in members:
            try:
                positions = _parse_pattern(member, f"{where} (member {member!r})", {})
            except ValueError as err:
                raise CorpusError(str(err)) from None
            if any(p[0] != "words" for p in positions):
                raise CorpusError(
                    f"{where}: member {member!r} of class {name!r} holds a gap or a class; a "
                    f"member is a phrase of words, (a|b) alternatives and optional words."
                )
        found[name] = members
    return tuple(found.items())


_SEP = r"[^\w\n]+"  # what may stand between two words of a phrase: spaces, commas, dashes


def inflections(verb: str) -> list[str]:
    """The forms ``verb~`` matches: base, -s, -ed, -ing (with e-drop and doubling) + irregulars.

    Written by hand because NLTK's data-free tools only go the other way (stemmers reduce a form
    to a stem; they do not generate forms), and a stem-then-compare match would also catch
    unrelated words that share a stem.
    """
    v = verb.lower()
    forms = {v}
    if v.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(v + "es")
    elif v.endswith("y") and v[-2:-1] not in _VOWELS:
        forms.add(v[:-1] + "ies")
    else:
        forms.add(v + "s")
    # Consonant-vowel-consonant verbs double the last letter: stop -> stopped. A verb of one
    # syllable always does; one of more does when its last syllable is stressed (commit ->
    # committed, but visit -> visited), which its spelling does not show: both forms are
    # matched (the form that is not English, "visitted", is found in no text).
    cvc = len(v) >= 3 and v[-1] not in _VOWELS + "wxy" and v[-2] in _VOWELS and v[-3] not in _VOWELS
    syllables = sum(ch in _VOWELS for ch in v)
    stems = [v + v[-1]] if cvc and syllables == 1 else [v, v + v[-1]] if cvc else [v]
    irregular = v in IRREGULAR_VERBS  # its past forms come from the table, not from "-ed"
    if v.endswith("e"):
        forms.add(v + "ing" if v.endswith(("ee", "ye", "oe")) else v[:-1] + "ing")
        forms.update([] if irregular else [v + "d"])
    elif v.endswith("y") and v[-2:-1] not in _VOWELS:
        forms.update({v[:-1] + "ied", v + "ing"})
    else:
        forms.update(stem + "ing" for stem in stems)
        forms.update([] if irregular else [stem + "ed" for stem in stems])
    forms.update(IRREGULAR_VERBS.get(v, []))
    return sorted(forms)


def _parse_pattern(pattern: str, where: str, classes: dict | None = None) -> list[tuple]:
    """The positions of one lexicon pattern: ``("gap", n)``, ``("words", [word, ...],
    optional)`` or ``("class", [positions of each member], optional)`` (``classes``: the word
    classes, default ``load_lexicon_classes()``). Raises ValueError naming ``where`` for a
    malformed pattern or an unknown class."""
    tokens = pattern.split()
    if not tokens:
        raise ValueError(f"{where}: the pattern is empty")
    parsed = []
    for token in tokens:
        m = _TOKEN.match(token)
        if not m or (
            m["alts"] and any(not re.fullmatch(r"[\w'’-]+[~*]?", a) for a in m["alts"].split("|"))
        ):
            raise ValueError(
                f"{where}: cannot read {token!r} in {pattern!r}; a position is a "
                f"word, word~, word*, (a|b|c), .. or ..N, optionally followed by ?"
            )
        parsed.append(m)
    if parsed[0]["gap"] or parsed[-1]["gap"] or parsed[0]["opt"] or parsed[-1]["opt"]:
        raise ValueError(
            f"{where}: {pattern!r} must start and end with a word that is not optional"
        )
    if any(m["cls"] for m in parsed) and classes is None:
        classes = load_lexicon_classes()
    out = []
    for m in parsed:
        if m["gap"]:
            out.append(("gap", int(m["n"] or 3)))
        elif m["cls"]:
            if m["cls"] not in classes:
                raise ValueError(
                    f"{where}: {pattern!r} names the class <{m['cls']}>, which "
                    f"data/lexicon_classes.csv does not define; add it there or fix the name"
                )
            members = [_parse_pattern(x, where, {}) for x in classes[m["cls"]]]
            out.append(("class", members, bool(m["opt"])))
        else:
            words = m["alts"].split("|") if m["alts"] else [m["word"]]
            out.append(("words", words, bool(m["opt"])))
    return out


def _word_regex(word: str) -> str:
    """One pattern word: a literal (hyphen = hyphen, space or nothing), ``verb~`` or ``prefix*``."""
    if word.endswith("~"):
        return (
            "(?:"
            + "|".join(
                re.escape(f) for f in sorted(inflections(word[:-1]), key=lambda f: (-len(f), f))
            )
            + ")"
        )
    if word.endswith("*"):
        return _word_regex(word[:-1]) + r"\w*"
    parts = [re.escape(p) for p in re.split(r"-", word.replace("’", "'"))]
    return r"(?:-|[^\S\n]+)?".join(parts).replace("'", "['’]")


def compile_pattern(pattern: str, where: str = "pattern") -> str:
    """One pattern of the lexicon language (see data/lexicon.csv) as a regular expression body
    over the text, for reading and for reference tests (the matcher itself compiles the same
    parse to a DFA, see ``pattern_expression``).

    Raises ValueError naming ``where`` for a malformed pattern.
    """
    return _regex_of(_parse_pattern(pattern, where))


def _regex_of(positions: list[tuple]) -> str:
    body = ""
    for i, position in enumerate(positions):
        if position[0] == "gap":
            body += rf"(?:\w+{_SEP}){{0,{position[1]}}}"
            continue
        kind, items, optional = position
        if kind == "class":
            piece = "(?:" + "|".join(_regex_of(member) for member in items) + ")"
        else:
            alternatives = sorted((_word_regex(w) for w in items), key=lambda r: (-len(r), r))
            piece = "(?:" + "|".join(alternatives) + ")"
        piece = piece if i == len(positions) - 1 else piece + _SEP
        body += f"(?:{piece})?" if optional else piece
    return body


# The same pattern language as expressions over the lower-cased ASCII image of the text, for the
# DFA (see conflict_corpus.engine.dfa). What may stand between two words of a phrase, as in
# _SEP: a run of anything but a word character or a newline; inside a hyphenated word, a hyphen,
# a run of spaces (not a newline) or nothing.
_IMAGE_SEP = repeat(one_of(ALL_BYTES & ~WORD_BYTES & ~(1 << 10)), 1)
_IMAGE_WORD = one_of(WORD_BYTES)
_IMAGE_HYPHEN = repeat(alt(literal(b"-"), repeat(one_of(byte_set(b" \t\r\f")), 1)), 0, 1)


def _image_word(word: str) -> tuple:
    """One pattern word (ASCII, lower case) as an expression, as ``_word_regex`` reads it."""
    if word.endswith("~"):
        return alt(*(literal(f.encode("ascii")) for f in inflections(word[:-1])))
    if word.endswith("*"):
        return seq(_image_word(word[:-1]), repeat(_IMAGE_WORD, 0))
    parts = [literal(p.encode("ascii")) for p in word.split("-")]
    return seq(*[x for part in parts for x in (_IMAGE_HYPHEN, part)][1:])


def pattern_expression(pattern: str, where: str = "pattern") -> tuple:
    """A lexicon pattern as an expression over the lower-cased ASCII image of the text: its
    characters are imaged as the text's are (so diacritics and curly apostrophes fold alike)."""
    ascii_pattern = "".join(c if c.isascii() else chr(ASCII[ord(c)]) for c in pattern).lower()
    return _expression_of(_parse_pattern(ascii_pattern, where))


def _expression_of(positions: list[tuple]) -> tuple:
    items = []
    for i, position in enumerate(positions):
        if position[0] == "gap":
            items.append(repeat(seq(repeat(_IMAGE_WORD, 1), _IMAGE_SEP), 0, position[1]))
            continue
        kind, words, optional = position
        if kind == "class":
            piece = alt(*(_expression_of(member) for member in words))
        else:
            piece = alt(*(_image_word(w) for w in words))
        piece = piece if i == len(positions) - 1 else seq(piece, _IMAGE_SEP)
        items.append(repeat(piece, 0, 1) if optional else piece)
    return seq(*items)


def _load_patterns(path: Path, label: str, required: tuple[str, ...]) -> list[dict]:
    rows = read_curated_csv(path, required=required)
    for row in rows:
        where = f"{path}: line {row['_line']}"
        if not re.fullmatch(r"[a-z][a-z_]*", row[label]):
            raise CorpusError(
                f"{where}: {label} {row[label]!r} must be a lower-case word such as 'ceasefire'."
            )
        for column in ("pattern", "unless"):
            text = row.get(column) or ""
            strange = inexact_letters(text)
            if strange:
                raise CorpusError(
                    f"{where}: the {column} {text!r} holds {', '.join(map(repr, strange))} "
                    f"({unicodedata.name(strange[0], 'a letter')}): the matchers read the letters "
                    f"of another script as 'some letter', so it would match unrelated words. "
                    f"Write it in Latin letters (a transliteration such as 'hudna'), or remove it."
                )

        try:
            row["_regex"] = compile_pattern(row["pattern"], where)
            if row.get("unless"):
                row["_unless"] = compile_pattern(row["unless"], where + " (unless)")
        except ValueError as err:
            raise CorpusError(str(err)) from None
    return rows


def _check_cameo(where: str, cameo: str) -> None:
    """A CAMEO code is 2-4 digits written as text (the leading zero of 0871 kept), or empty."""
    if cameo and not re.fullmatch(r"\d{2,4}", cameo):
        raise CorpusError(
            f"{where}: CAMEO code {cameo!r} should be 2-4 digits as text (e.g. 0871), or empty."
        )


def load_lexicon(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check the wording lexicon (default ``data/lexicon.csv``).

    Columns ``frame``, ``pattern``, ``cameo``, ``unless``, ``act``, ``note``, ``line``. Raises
    CorpusError naming the file and line for a missing column, an empty frame or pattern, a
    frame that is not a lower-case word, a CAMEO code that is not 2-4 digits, an ``act`` that
    is not one of ``ACTS``, or a pattern that cannot be read. A row of frame ``none`` is a
    blocker: its matches stop shorter rows and are dropped.
    """
    path = Path(path) if path is not None else LEXICON_FILE
    rows = _load_patterns(path, "frame", ("frame", "pattern"))
    for row in rows:
        _check_cameo(f"{path}: line {row['_line']}", row.get("cameo") or "")
        act = row.get("act") or ""
        if act and act not in ACTS:
            raise CorpusError(
                f"{path}: line {row['_line']}: act {act!r} should be one of {', '.join(ACTS)}, "
                f"or empty."
            )
    table = pd.DataFrame(rows).rename(columns={"_line": "line"})
    for column in ("cameo", "unless", "act", "note"):
        if column not in table:
            table[column] = None
        table[column] = table[column].where(table[column].fillna("") != "", None)
    table.attrs["path"] = str(path)  # (named by an error about a row; see _automaton)
    return table


def load_stance_cues(path: str | Path | None = None) -> pd.DataFrame:
    """Read the stance cues (default ``data/stance_cues.csv``): ``stance``, ``pattern``, ``note``.

    Every stance must be one of ``CUE_CLASSES`` (data/stance_cues.md)."""
    path = Path(path) if path is not None else STANCE_FILE
    rows = _load_patterns(path, "stance", ("stance", "pattern"))
    for row in rows:
        if row["stance"] not in CUE_CLASSES:
            raise CorpusError(
                f"{path}: line {row['_line']}: unknown stance {row['stance']!r}; "
                f"use one of {', '.join(CUE_CLASSES)}."
            )
    table = pd.DataFrame(rows).rename(columns={"_line": "line"})
    table.attrs["path"] = str(path)
    return table


def load_event_codes(path: str | Path | None = None) -> dict[tuple[str, str], str | None]:
    """``{(frame, stance): CAMEO code or None}`` from ``data/event_codes.csv`` (columns
    ``frame``, ``stance``, ``cameo``, ``note``); every frame must be one of ``STANCE_FRAMES``
    and every stance one of ``STANCES``."""
    path = Path(path) if path is not None else EVENT_CODES_FILE
    codes: dict[tuple[str, str], str | None] = {}
    for row in read_curated_csv(path, required=("frame", "stance")):
        where = f"{path}: line {row['_line']}"
        if row["frame"] not in STANCE_FRAMES or row["stance"] not in STANCES:
            raise CorpusError(
                f"{where}: ({row['frame']!r}, {row['stance']!r}) is not a frame of "
                f"{', '.join(STANCE_FRAMES)} with a stance of {', '.join(STANCES)}."
            )
        cameo = row.get("cameo") or ""
        _check_cameo(where, cameo)
        codes[(row["frame"], row["stance"])] = cameo or None
    return codes


def load_cameo_plover(path: str | Path | None = None) -> dict[str, str | None]:
    """``{CAMEO code: PLOVER event type or None}`` from ``data/cameo_plover.csv`` (the
    openeventdata/PLOVER CAMEO2PLOVER table for the codes this project uses)."""
    path = Path(path) if path is not None else CAMEO_PLOVER_FILE
    rows = read_curated_csv(path, required=("cameo",))
    return {row["cameo"]: (row.get("plover_event") or None) for row in rows}


def cameo_names(path: str | Path | None = None) -> dict[str, str]:
    """``{CAMEO code: its name in the CAMEO codebook}`` from ``data/cameo_plover.csv``
    ("0871": "Declare truce, ceasefire")."""
    path = Path(path) if path is not None else CAMEO_PLOVER_FILE
    rows = read_curated_csv(path, required=("cameo",))
    return {row["cameo"]: row.get("cameo_name") or "" for row in rows}


def named_events(events: pd.DataFrame) -> pd.DataFrame:
    """``frame_events``' table with ``event``, the name of each CAMEO code in the codebook
    (a reader's label beside the code; "none" where no event is reported), after ``cameo``."""
    names = cameo_names()
    at = list(events.columns).index("cameo") + 1
    event = [names.get(c, "") or EVENT_NONE["cameo"] for c in events["cameo"]]
    out = events.copy()
    out.insert(at, "event", pd.Series(event, dtype=object, index=events.index))
    return out


def plover_of(cameo: str | None, table: dict[str, str | None]) -> str | None:
    """The PLOVER event type of a CAMEO code: its own row, else its nearest listed parent
    (1832 -> 183 -> 18), else None."""
    code = cameo or ""
    while code:
        if code in table:
            return table[code]
        code = code[:-1]
    return None


def _automaton(
    rows: list[dict], column: str, what: str, source: str, before: tuple | None = None
) -> Dfa:
    """One DFA of the ``column`` patterns of ``rows``; past ``MAX_DFA_STATES``, the CorpusError
    names the row that made it grow and how to write it smaller."""
    expressions = [pattern_expression(r[column]) for r in rows]
    if before is not None:
        expressions = [seq(before, e) for e in expressions]
    try:
        return Dfa(expressions)
    except AutomatonTooLarge as err:
        row = rows[err.expression]
        raise CorpusError(
            f"{source}: line {row.get('line', '?')}: the {column} "
            f"{row[column]!r} makes the automaton of {what} pass {err.max_states:,} states (the "
            f"bound, MAX_DFA_STATES). Gaps (..N) multiply states: a row with two or more long "
            f"gaps tracks every combination of positions in them. Keep one gap per row, or "
            f"gaps of ..3 or less (e.g. 'truce ..9 (held|holds)' instead of "
            f"'(the|a) ..9 truce ..9 (held|holds)')."
        ) from None


class FrameMatcher:
    """The lexicon, its ``unless`` patterns and the stance cues, each compiled to one DFA.

    The rule the lexicon promises: at the leftmost position where any row matches, the longest
    match over all rows wins, and matches never overlap; a row whose ``unless`` pattern follows
    its match does not count there (a shorter match of another row may); the row behind a
    match is the first row, in lexicon order, with that longest match (see frame_scan).
    """

    def __init__(
        self,
        lexicon: pd.DataFrame,
        cues: pd.DataFrame,
        event_codes: dict | None = None,
        plover: dict | None = None,
    ):
        event_codes = load_event_codes() if event_codes is None else event_codes
        plover = load_cameo_plover() if plover is None else plover
        self.lexicon = lexicon.reset_index(drop=True)
        self.rows = [dict(r) for r in self.lexicon.to_dict("records")]
        lexicon_file = lexicon.attrs.get("path", "the lexicon")
        self.union = _automaton(self.rows, "pattern", "the lexicon", lexicon_file)
        with_unless = [
            i
            for i, r in enumerate(self.rows)
            if isinstance(r.get("unless"), str) and r["unless"].strip()
        ]
        self.unless_of = np.full(len(self.rows), -1, dtype=np.int64)
        self.unless_of[with_unless] = np.arange(len(with_unless))
        self.unless = _automaton(
            [self.rows[i] for i in with_unless], "unless", "the lexicon", lexicon_file, _IMAGE_SEP
        )
        cue_rows = sorted(cues.to_dict("records"), key=lambda c: CUE_CLASSES.index(c["stance"]))
        cues_file = cues.attrs.get("path", "the stance cues")
        self.cues = _automaton(cue_rows, "pattern", "the stance cues", cues_file)
        self.cue_stance = np.array(
            [CUE_CLASSES.index(c["stance"]) for c in cue_rows], dtype=np.int64
        )
        self.with_stance = np.array([r["frame"] in STANCE_FRAMES for r in self.rows], dtype=bool)
        self.act = np.array(
            [CUE_ACTS.index(r["act"]) if isinstance(r.get("act"), str) else -1 for r in self.rows],
            dtype=np.int64,
        )
        self.event_table, self.event_names, self.event_plover = _event_table(
            self.rows, event_codes, plover
        )
        # The engine's classes are CUE_ACTS, then threatened and conditional: what stance each
        # is (a precondition is a demand).
        self.stance_of = np.array(
            [STANCES.index("demanded" if a == PRECONDITION else a) for a in CUE_ACTS]
            + [STANCES.index("threatened"), STANCES.index("conditional")]
        )
        self.flip = np.array([CUE_ACTS.index(NEGATED[a]) if a in NEGATED else -1 for a in CUE_ACTS])
        # ... and what a negation after a cue of asking, ordering, agreeing or declaring makes
        # of it (REFUSED), unless the match itself breaks or refuses (OPPOSED).
        self.refuse = np.array(
            [CUE_ACTS.index(REFUSED[a]) if a in REFUSED else -1 for a in CUE_ACTS]
        )
        self.opposed = np.array([a in OPPOSED for a in CUE_ACTS])
        # Rows whose passive may hold its own modal ("all armed factions must be dissolved").
        self.modal = np.array(["<to_be>" in r["pattern"] for r in self.rows], dtype=bool)
        # Blocker rows (frame none) match only to stop a shorter row; their matches are dropped.
        self.blocker = np.array([r["frame"] == "none" for r in self.rows], dtype=bool)

    def matches(self, image: np.ndarray):
        """(starts, ends, rows) of the lexicon matches in an ASCII image (any case), those of
        blocker rows left out."""
        starts, ends, rows = self._scan(image)
        if self.blocker.any():
            kept = np.flatnonzero(~self.blocker[rows])
            starts, ends, rows = starts[kept], ends[kept], rows[kept]
        return starts, ends, rows

    def _scan(self, image: np.ndarray):
        u = self.unless
        return in_parallel(
            frame_scan,
            image,
            *self.union.args(),
            u.classes,
            u.trans,
            u.acc_ptr,
            u.acc_idx,
            self.unless_of,
            IS_WORD,
        )

    def stances(self, joined: JoinedText, starts, ends, rows, names=None) -> tuple:
        """The stance (index into STANCES, or -1) of each match, and what decided it: the
        governing cue's start and end and the modifier's, in the joined image (-1: none; -2,
        the modifier: the sentence is a question); only ceasefire and disarmament matches have
        one. Cues are looked for only in the rows that hold such a match, and not inside an
        actor's name that ``names`` (an EntityMatcher) finds: "Promised" in "the Promised Day
        Brigade" is no promise."""
        out = np.full(len(starts), -1, dtype=np.int64)
        spans = [np.full(len(starts), -1, dtype=np.int64) for _ in range(4)]
        wanted = np.flatnonzero(self.with_stance[rows])
        if len(wanted) == 0 or len(self.cue_stance) == 0:
            return out, *spans
        which = joined.row_of(starts[wanted])  # ascending: matches come in text order
        held = which[np.flatnonzero(np.diff(which, prepend=-1))]
        c = self.cues
        cue_starts, cue_ends, cue_stances = by_rows(
            cue_scan,
            joined.image,
            joined.starts[held],
            joined.ends[held],
            *c.args(),
            self.cue_stance,
            len(CUE_CLASSES),
            IS_WORD,
        )
        tok = joined.tokens(held)
        dropped = compound_part(tok, cue_starts, joined.starts[joined.row_of(cue_starts)])
        if names is not None:
            dropped |= in_names(joined, cue_starts, cue_ends, names)
        if dropped.any():
            kept = np.flatnonzero(~dropped)
            cue_starts, cue_ends, cue_stances = cue_starts[kept], cue_ends[kept], cue_stances[kept]
        cue_starts, cue_ends, cue_stances = self.before_matches(
            joined.image, cue_starts, cue_ends, cue_stances, starts[wanted]
        )
        order = np.lexsort((cue_starts, cue_stances))
        cue_ptr = np.searchsorted(cue_stances[order], np.arange(len(CUE_CLASSES) + 1))
        # Each match's window stays in its sentence: a row may hold several.
        lo, hi = sentence_bounds(joined, starts[wanted], which)
        found = by_rows(
            stance_windows,
            tok,
            starts[wanted],
            ends[wanted],
            lo,
            hi,
            self.own_acts(joined, starts[wanted], ends[wanted], rows[wanted]),
            by_rows(next_byte, joined.image, starts[wanted], hi, ord("?")) >= 0,
            cue_starts[order],
            cue_ends[order],
            cue_ptr.astype(np.int64),
            STANCE_WINDOW,
            len(CUE_ACTS),
            MODIFIER_REACH,
            CONDITION_REACH,
            self.flip.astype(np.int64),
            self.refuse,
            self.opposed,
            np.array([c in OUTER_CLASSES for c in CUE_CLASSES]),
            OUTER_WINDOW,
            PARENTHESIS_WORDS,
            np.array([a == PRECONDITION for a in CUE_ACTS]),
            PROVISO_WORDS,
            COMPLEMENT_WORDS,
            CUE_ACTS.index("violated"),
            np.array([a in DESCRIBING for a in CUE_ACTS]),
            np.array([1 if a in OVER_PHRASE else 2 if a == "extended" else 0 for a in CUE_ACTS]),
            sliced=6,
        )
        out[wanted] = np.where(found[0] >= 0, self.stance_of[found[0]], -1)
        for span, part in zip(spans, found[1:]):
            span[wanted] = part
        return out, *spans

    def before_matches(self, image, cue_starts, cue_ends, cue_stances, match_starts) -> tuple:
        """The cues (starts, ends, classes), each that runs into a ceasefire or disarmament match
        (``match_starts``, ascending) found again, as the longest cue of its class from the same
        start that ends before the first such match it runs into, or dropped where none does.
        A cue with a gap ("pressed ..6 to", "(hours|days) ..5 to") is found leftmost-longest, so
        in "pressed them to hand over their weapons to the army" it runs on to the second "to",
        over the match, where it would be lost: found again before the match, it is "pressed
        them to", and governs; "weeks of combat in Najaf to a close" holds no cue "weeks ... to"
        before the match "combat in Najaf to a close"."""
        nxt = np.searchsorted(match_starts, cue_starts, side="right")
        over = np.flatnonzero(nxt < len(match_starts))
        over = over[match_starts[nxt[over]] < cue_ends[over]]
        if len(over) == 0:
            return cue_starts, cue_ends, cue_stances
        found_starts, found_ends, found_stances = cue_scan(
            image,
            cue_starts[over],
            match_starts[nxt[over]],
            *self.cues.args(),
            self.cue_stance,
            len(CUE_CLASSES),
            IS_WORD,
        )
        # (Two cues of a class never start at one place: the scan is non-overlapping.)
        again = dict(zip(zip(found_starts.tolist(), found_stances.tolist()), found_ends.tolist()))
        ends = cue_ends.copy()
        kept = np.ones(len(cue_starts), dtype=bool)
        for i in over.tolist():
            end = again.get((int(cue_starts[i]), int(cue_stances[i])), -1)
            kept[i] = end >= 0
            ends[i] = end
        return cue_starts[kept], ends[kept], cue_stances[kept]

    def own_acts(self, joined: JoinedText, starts, ends, rows) -> np.ndarray:
        """The act each match's own words name (its row's ``act``), where an obligation inside
        the match ("must be dissolved", "had to be handed over") makes it *demanded*, and
        advice ("should be disbanded") *called_for*: the modal is part of the match, so no cue
        outside it can say so. Only rows whose passive holds a form of "be" are read."""
        own = self.act[rows]
        modal = np.flatnonzero(self.modal[rows])
        if len(modal) == 0:
            return own
        own = own.copy()
        for i in modal:
            words = bytes(joined.image[starts[i] : ends[i]]).lower()
            found = MODAL.search(words)
            if found is not None:
                own[i] = CUE_ACTS.index("called_for" if found.group() == b"should" else "demanded")
        return own


def sentence_bounds(joined: JoinedText, starts: np.ndarray, rows: np.ndarray) -> tuple:
    """The sentence each match (``starts``: offsets in the joined image, ascending; ``rows``:
    their rows) stands in, as (start, end) offsets in the joined image: its row where the row
    holds one sentence; else the segmenter's sentence (``segment.buffer_spans``, with its
    abbreviations, so the full stop of "U.S." or "Gen." ends none), the row's first sentence
    from the row's start and its last to the row's end. Only the rows with a ".", "!", "?" or
    a line break before a letter or a digit are split: in a corpus of sentences, few."""
    lo, hi = joined.starts[rows].copy(), joined.ends[rows].copy()
    first_of_row = np.flatnonzero(np.diff(rows, prepend=-1))
    held = rows[first_of_row]
    several = by_rows(inner_stops, joined.image, joined.starts[held], joined.ends[held])
    split = held[several]
    maybe = np.flatnonzero(np.repeat(several, np.diff(first_of_row, append=len(rows))))
    if len(maybe) == 0:
        return lo, hi
    which = np.searchsorted(split, rows[maybe])
    # (Split in the joined text's own bytes: no Python string a row.)
    documents, sentence_starts, sentence_ends = buffer_spans(
        joined.buf,
        joined.byte_starts[split],
        joined.byte_ends[split],
        joined.ends[split] - joined.starts[split],
        np.zeros(len(split), dtype=np.int64),
    )
    # The sentence each match starts in: the last that starts at or before it in its row
    # (rows and sentences in order, so one search over both keys at once).
    if len(documents) == 0:
        return lo, hi
    width = int((joined.ends[split] - joined.starts[split]).max()) + 2
    key = documents * width + sentence_starts
    at = starts[maybe] - joined.starts[rows[maybe]]
    k = np.maximum(np.searchsorted(key, which * width + at, side="right") - 1, 0)
    row_start = joined.starts[rows[maybe]]
    inside = documents[k] == which
    first = inside & ((k == 0) | (documents[np.maximum(k - 1, 0)] != which))
    last = inside & (
        (k + 1 == len(documents)) | (documents[np.minimum(k + 1, len(documents) - 1)] != which)
    )
    lo[maybe] = np.where(inside & ~first, row_start + sentence_starts[k], lo[maybe])
    hi[maybe] = np.where(inside & ~last, row_start + sentence_ends[k], hi[maybe])
    return lo, hi


def compound_part(tok: np.ndarray, starts: np.ndarray, row_starts: np.ndarray) -> np.ndarray:
    """Whether each span starting at ``starts`` (offsets into ``tok``, the tokenizer's form of
    the text: an ASCII character stands for itself; ``row_starts``, where each one's row
    starts) is the second part of a compound written with a hyphen ("the China-brokered
    truce", "a U.S.-mediated deal"): such a cue says who, not what happens to the match, so it
    is no cue."""
    glued = np.zeros(len(starts), dtype=bool)
    at = np.flatnonzero(starts - row_starts >= 2)
    if len(at):
        s = starts[at]
        glued[at] = (tok[s - 1] == ord("-")) & (tok[s - 2] != ord(" ")) & (tok[s - 2] != 10)
    return glued


def in_names(joined: JoinedText, starts: np.ndarray, ends: np.ndarray, names) -> np.ndarray:
    """Whether each span of the joined image (cues, ascending by row) lies inside an actor's
    name that ``names`` (an EntityMatcher) finds. News writes names with capitals, so only a
    span that begins with a capital letter is looked up: the rows that hold one are scanned
    for names (on a million sentences, a few thousand rows)."""
    image = joined.image
    first = image[starts] if len(starts) else np.zeros(0, dtype=np.uint8)
    capital = np.flatnonzero((first >= 65) & (first <= 90))
    inside = np.zeros(len(starts), dtype=bool)
    if len(capital) == 0:
        return inside
    rows = np.unique(joined.row_of(starts[capital]))
    row_starts, row_ends = joined.starts[rows], joined.ends[rows]
    # The rows joined by newlines: a name's span there, moved back by its row's offset.
    at = line_starts(row_ends - row_starts)
    found, found_ends, _ = names.spans(joined_lines([(image, row_starts, row_ends)]))
    if len(found) == 0:
        return inside
    k = np.searchsorted(at, found, side="right") - 1
    shift = row_starts[k] - at[k]
    found, found_ends = found + shift, found_ends + shift
    order = np.argsort(found, kind="stable")
    found, found_ends = found[order], found_ends[order]
    # The last name starting at or before each span (names do not overlap: the longest wins).
    i = np.searchsorted(found, starts[capital], side="right") - 1
    inside[capital] = (i >= 0) & (ends[capital] <= found_ends[np.maximum(i, 0)])
    return inside


@functools.lru_cache(maxsize=8)
def _matcher_of_files(lexicon: str, cues: str, modified: tuple[int, ...]) -> FrameMatcher:
    # Keyed by the files' paths and the modification times of those two and of the curated
    # files (the event-code tables among them), so an edited file is read again; the last
    # eight are kept for the process's life.
    # A fresh process reads the matcher an earlier one built from the same files and code
    # (engine.store: about 3 s to build the shipped lexicon's, well under a second to read).
    return built(
        "frame_matcher",
        lambda: FrameMatcher(load_lexicon(lexicon), load_stance_cues(cues)),
        [lexicon, cues, *curated_files()],
    )


def frame_matcher(lexicon=None, cues=None) -> FrameMatcher:
    """A FrameMatcher for a lexicon and stance cues (tables or paths; default: data/ files).
    Built from files, it is cached until a file changes (building the DFAs takes a moment)."""
    if isinstance(lexicon, pd.DataFrame) or isinstance(cues, pd.DataFrame):
        lexicon = lexicon if isinstance(lexicon, pd.DataFrame) else load_lexicon(lexicon)
        cues = cues if isinstance(cues, pd.DataFrame) else load_stance_cues(cues)
        return FrameMatcher(lexicon, cues)
    paths = (
        check_curated_path(lexicon, "lexicon") if lexicon is not None else LEXICON_FILE,
        check_curated_path(cues, "cues") if cues is not None else STANCE_FILE,
    )
    # The curated files include the event-code tables the matcher reads.
    modified = stamps([*paths, *curated_files()])
    return _matcher_of_files(str(paths[0].resolve()), str(paths[1].resolve()), modified)


def find_frames(corpus: pd.DataFrame, lexicon=None, cues=None, gazetteer=None) -> pd.DataFrame:
    """One row per wording match in every row of ``corpus``.

    Columns ``sentence_id``, ``frame``, ``cameo`` (the CAMEO code of the event the match
    reports, or missing), ``plover`` (its PLOVER event type), ``surface`` (exactly
    ``text[start:end]``), ``start``, ``end``, ``stance`` (for ceasefire and disarmament
    matches: one of ``STANCES``, decided from the cue that governs the match and the negation,
    condition and threat cues around it, data/stance_cues.md; missing where nothing is said
    of it), ``cue`` (what decided the stance, for a reader to audit: the governing cue as
    written, and " + " the negation, condition or threat that changed it; see ``_cues``) and
    ``pattern`` (the lexicon row). Matches of blocker rows (frame ``none``) are
    left out. A cue word inside an actor's name of the alias table (``gazetteer``: a table, a
    path, or data/gazetteer.csv) is not a cue: "Promised" in "the Promised Day Brigade".
    """
    check_table("find_frames", "corpus", corpus, ("sentence_id", "text"), "load_corpus")
    matcher = lexicon if isinstance(lexicon, FrameMatcher) else frame_matcher(lexicon, cues)
    joined = joined_text(corpus["text"])
    starts, ends, rows = matcher.matches(joined.image)
    # Separators never include a newline, so no match crosses from one row into the next.
    which = joined.row_of(starts)
    names = entity_matcher(gazetteer)
    stances, *decided = matcher.stances(joined, starts, ends, rows, names)
    cue = _cues(joined, which, stances, rows, *decided, matcher)

    def column(key: str) -> np.ndarray:
        values = np.array(
            [r[key] if isinstance(r.get(key), str) else None for r in matcher.rows] + [None],
            dtype=object,
        )[:-1]
        return values[rows]

    frames, stance = column("frame"), np.array([*STANCES, None], dtype=object)[stances]
    # The event code of every (lexicon row, stance) pair is looked up once (a hundred rows,
    # a dozen stances), then read for each match: no Python work per match.
    code = matcher.event_table[rows, stances + 1]
    cameo = matcher.event_names[code]
    plover = matcher.event_plover[code]
    surface = joined.strings(starts, ends, which)
    starts, ends = joined.in_rows(starts, ends, which)
    return columns_frame(
        {
            "sentence_id": corpus["sentence_id"].to_numpy()[which].astype("int64", copy=False),
            "frame": pd.Series(frames, dtype=object, copy=False),
            "cameo": pd.Series(cameo, dtype=object, copy=False),
            "plover": pd.Series(plover, dtype=object, copy=False),
            "surface": surface,
            "start": starts,
            "end": ends,
            "stance": stance,
            "cue": cue,
            "pattern": pd.Series(column("pattern"), dtype=object, copy=False),
        }
    )


OWN_WORDING = "(the wording itself)"
QUESTION = "(a question)"


def _cues(joined: JoinedText, which, stances, rows, cue_a, cue_b, mod_a, mod_b, matcher):
    """The ``cue`` of each match: the words that decided its stance, as written (the governing
    cue, or ``OWN_WORDING`` when the match's own words are the act, "froze the militia's
    activities"), then " + " and the modifier that changed it ("not", "if", "threatened to"),
    or ``QUESTION``; missing where no cue was read (a negation that leaves no stance, "has
    not declared a ceasefire", is shown: "declared + not")."""
    out = np.full(len(stances), None, dtype=object)
    decided = (stances >= 0) | (cue_a >= 0) | (mod_a != -1)
    out[decided] = OWN_WORDING
    governed = np.flatnonzero(decided & (cue_a >= 0))
    out[governed] = joined.strings(cue_a[governed], cue_b[governed], which[governed]).to_numpy()
    modified = np.flatnonzero(decided & (mod_a >= 0))
    changed = joined.strings(mod_a[modified], mod_b[modified], which[modified]).to_numpy()
    out[modified] = [f"{a} + {b}" for a, b in zip(out[modified], changed)]
    asked = np.flatnonzero(decided & (mod_a == -2))
    out[asked] = [f"{a} + {QUESTION}" for a in out[asked]]
    return pd.Series(out, dtype=object, copy=False)


def _event_table(rows: list[dict], event_codes: dict, plover: dict):
    """For each lexicon row and each stance (-1: none, then STANCES in order): which event
    code a match of that row with that stance has, as ``(table, names, plover types)``: the
    number in ``table`` indexes ``names`` (CAMEO codes, None last) and ``plover types``. By frame
    and stance for ceasefire and disarmament (data/event_codes.csv; a declared match keeps its
    row's own code), the row's code for the other frames."""
    names: list[str | None] = []
    table = np.zeros((len(rows), len(STANCES) + 1), dtype=np.int64)
    for i, row in enumerate(rows):
        own = row["cameo"] if isinstance(row.get("cameo"), str) else None
        for k, stance in enumerate((None, *STANCES)):
            if row["frame"] not in STANCE_FRAMES:
                code = own
            elif stance == "declared" and own is not None:
                code = own
            else:
                code = event_codes.get((row["frame"], stance)) if stance else None
            if code not in names:
                names.append(code)
            table[i, k] = names.index(code)
    types = [plover_of(code, plover) for code in names]
    return (
        table,
        np.array(names + [None], dtype=object)[:-1],
        np.array(types + [None], dtype=object)[:-1],
    )


def frame_summary(
    frames: pd.DataFrame, corpus: pd.DataFrame, by: str | None = None
) -> pd.DataFrame:
    """Per frame: ``matches``, ``sentences``, ``share`` of the corpus rows, ``cameo`` codes and
    the sentence ids (``where``), most frequent first.

    ``by``: the same for each group of ``corpus`` (a column, or a period of its date), with
    ``group_sentences`` and ``per_1000`` (sentences using the frame per 1,000 of the group).
    Counted by the three steps the Dask path adds partitions with (``frame_counts``,
    ``added_frame_counts``, ``frame_table``); a match in no row of ``corpus`` is not counted."""
    check_table("frame_summary", "frames", frames, ("sentence_id", "frame"), "find_frames")
    check_table("frame_summary", "corpus", corpus, ("sentence_id",), "load_corpus")
    groups = grouping(corpus, by)
    group = groups.codes(frames["sentence_id"])
    kept = group >= 0
    names = np.array([WHOLE] if by is None else groups.labels, dtype=object)
    return frame_table(frame_counts(frames.loc[kept], names[group[kept]]), groups)


# The label of a corpus counted as one group (``frame_counts`` without groups).
WHOLE = ""


def frame_counts(frames: pd.DataFrame, labels) -> pd.DataFrame:
    """Per (group label, frame), ``labels`` giving each match's group: ``matches``,
    ``sentences``, the set of CAMEO codes (``cameo``) and the first sentence ids (``ids``):
    what ``frame_summary`` is finished from (``frame_table``)."""
    grouped = frames.assign(_label=labels).groupby(["_label", "frame"], sort=False)
    return pd.DataFrame(
        {
            "matches": grouped.size(),
            "sentences": grouped["sentence_id"].nunique(),
            "cameo": grouped["cameo"].agg(lambda c: frozenset(c.dropna())),
            "ids": grouped["sentence_id"].agg(lambda i: first_ids(i.to_numpy(), WHERE_IDS + 1)),
        }
    )


def first_ids(ids: np.ndarray, k: int) -> np.ndarray:
    """``np.unique(ids)[:k]``, the ``k`` smallest distinct ids. The matches of a corpus come in
    text order, so their ids are most often in order already, and are then only thinned (a
    sort of each frame's ids took half of the frame counts on a million sentences)."""
    if not ascending(ids):
        return np.unique(ids)[:k]
    return ids[run_starts(ids)[:-1]][:k]


def added_frame_counts(a: pd.DataFrame, b: pd.DataFrame, shift: int) -> pd.DataFrame:
    """Two neighbouring parts' ``frame_counts`` as one's (``b``'s ids shifted by ``shift``)."""
    later = b.assign(ids=[ids + shift for ids in b["ids"]])
    grouped = pd.concat([a, later]).groupby(level=[0, 1], sort=False)
    return pd.DataFrame(
        {
            "matches": grouped["matches"].sum(),
            "sentences": grouped["sentences"].sum(),
            "cameo": grouped["cameo"].agg(lambda sets: frozenset().union(*sets)),
            "ids": grouped["ids"].agg(lambda lists: np.concatenate(list(lists))[: WHERE_IDS + 1]),
        }
    )


def frame_table(counts: pd.DataFrame, groups: Grouping) -> pd.DataFrame:
    """``frame_summary``'s table (by ``groups``; ``whole(n)``: the corpus as one group, counted
    under ``WHOLE``) from the sums of ``frame_counts``."""
    if groups.by is None:
        code = {WHOLE: 0}
    else:
        code = {label: k for k, label in enumerate(groups.labels)}
    labels = counts.index.get_level_values(0)
    table = pd.DataFrame(
        {
            "_group": np.array([code[label] for label in labels], dtype=np.int64),
            "frame": counts.index.get_level_values(1).to_numpy(dtype=object),
            "matches": counts["matches"].to_numpy(dtype=np.int64),
            "sentences": counts["sentences"].to_numpy(dtype=np.int64),
            "cameo": [", ".join(sorted(codes)) for codes in counts["cameo"]],
            "where": [
                _id_list(ids, WHERE_IDS, total)
                for ids, total in zip(counts["ids"], counts["sentences"])
            ],
        }
    )
    return ranked_frames(table, groups)


def ranked_frames(table: pd.DataFrame, groups: Grouping) -> pd.DataFrame:
    """``frame_summary``'s table from its counts (``_group``, ``frame``, ``matches``,
    ``sentences``, ``cameo``, ``where``): each frame's share of its group, the rows in reading
    order, the groups labelled."""
    size = groups.sizes[table["_group"].to_numpy()]
    table.insert(4, "share", np.round(table["sentences"].to_numpy() / np.maximum(size, 1), 3))
    table = table.sort_values(
        ["_group", "sentences", "matches", "frame"],
        ascending=[True, False, False, True],
        kind="stable",
    )
    return labelled(table, groups, "sentences")


def frames_by_entity(
    frames: pd.DataFrame,
    mentions: pd.DataFrame,
    entities=None,
    by: str | None = None,
    corpus: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Entity x frame table: the number of sentences that name the entity and use the frame.

    ``entities`` picks and orders the rows (default: every entity named with a frame).

    ``by`` (with the ``corpus`` whose groups are meant): a long table instead, one row per
    group, entity and frame that meet: the group, ``group_sentences``, ``entity``, ``frame``,
    ``sentences`` and ``per_1000`` (per 1,000 sentences of the group)."""
    check_table("frames_by_entity", "frames", frames, ("sentence_id", "frame"), "find_frames")
    check_table(
        "frames_by_entity", "mentions", mentions, ("sentence_id", "entity"), "find_entities"
    )
    if by is not None:
        if corpus is None:
            raise ValueError("frames_by_entity: by= needs corpus= (the table whose groups count)")
    # The entities and frames by number (a million mentions' names compared as strings, to
    # drop repeats and to join, cost more than the counts), each (sentence, entity) and
    # (sentence, frame) once, joined on the sentence.
    entity, entity_names = pd.factorize(mentions["entity"])
    frame, frame_names = pd.factorize(frames["frame"])
    pairs = _distinct_pairs(mentions["sentence_id"].to_numpy(), entity, len(entity_names), "entity")
    pairs = pairs.merge(
        _distinct_pairs(frames["sentence_id"].to_numpy(), frame, len(frame_names), "frame"),
        on="sentence_id",
    )
    if by is not None:
        pairs = pairs.assign(
            entity=entity_names.take(pairs["entity"].to_numpy()).to_numpy(dtype=object),
            frame=frame_names.take(pairs["frame"].to_numpy()).to_numpy(dtype=object),
        )
        return _frames_by_entity_by(pairs, grouping(corpus, by), entities)
    # As pd.crosstab(entity, frame) counts them: the entities and frames that meet, by name.
    cells = np.bincount(
        pairs["entity"].to_numpy() * len(frame_names) + pairs["frame"].to_numpy(),
        minlength=len(entity_names) * len(frame_names),
    ).reshape(len(entity_names), len(frame_names))
    table = pd.DataFrame(
        cells.astype(np.int64),
        index=pd.Index(entity_names.to_numpy(dtype=object), name="entity"),
        columns=pd.Index(frame_names.to_numpy(dtype=object), name="frame"),
    )
    table = table.loc[cells.sum(axis=1) > 0, cells.sum(axis=0) > 0].sort_index().sort_index(axis=1)
    if entities is not None:
        return table.reindex(list(entities), fill_value=0)
    return ranked_by_entity(table)


def _distinct_pairs(ids: np.ndarray, codes: np.ndarray, n: int, name: str) -> pd.DataFrame:
    """``DataFrame({"sentence_id": ids, name: codes}).drop_duplicates()`` (``codes``: ``n``
    codes). The rows of a finder's table come sentence by sentence, so each sentence's codes
    are kept in one compiled pass (``first_in_rows``); hashing the pairs cost 0.5 s on a
    million sentences' 3.6 million mentions. Ids out of order, or a missing value (code -1),
    are hashed."""
    pairs = pd.DataFrame({"sentence_id": ids, name: codes})
    if not ascending(ids) or (len(codes) and codes.min() < 0):
        return pairs.drop_duplicates()
    return pairs[first_in_rows(run_starts(ids), codes.astype(np.int64), n)]


def ranked_by_entity(table: pd.DataFrame) -> pd.DataFrame:
    """``frames_by_entity``'s order: entities (rows, named as crosstab sorts them) with the most
    sentences that use a frame first, ties by name."""
    table = table.sort_index().sort_index(axis=1)
    return table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]


def _frames_by_entity_by(pairs: pd.DataFrame, groups, entities=None) -> pd.DataFrame:
    """frames_by_entity's counts for every group at once, as rows (group, entity, frame,
    sentences), zeros left out. Within a group the entities come as the table orders them
    (most sentences with a frame first, ties by name; or as ``entities`` lists them), each
    entity's frames by name."""
    pairs = pairs.assign(_group=groups.codes(pairs["sentence_id"]))
    pairs = pairs[pairs["_group"] >= 0]
    if entities is not None:
        pairs = pairs[pairs["entity"].isin(list(entities))]
    table = pairs.groupby(["_group", "entity", "frame"]).size().rename("sentences").reset_index()
    if entities is not None:
        rank = table["entity"].map({e: k for k, e in enumerate(entities)})
    else:
        rank = -table.groupby(["_group", "entity"])["sentences"].transform("sum")
    table = table.assign(_rank=rank).sort_values(
        ["_group", "_rank", "entity", "frame"], kind="stable"
    )
    table = table.drop(columns="_rank").astype({"entity": object, "frame": object})
    return labelled(table.astype({"sentences": "int64"}), groups, "sentences")


EVENT_KEYS = ["frame", "stance", "cameo", "plover"]
# What a match without a stance cue, a CAMEO code or a PLOVER type is listed under.
EVENT_NONE = {"stance": "nothing said", "cameo": "none", "plover": "none"}
EVENT_LINES = 8  # the first sentence ids frame_events lists


def frame_events(frames: pd.DataFrame, first: int = EVENT_LINES) -> pd.DataFrame:
    """What is said of each frame: per frame, stance, CAMEO code and PLOVER type (missing ones
    named as in ``EVENT_NONE``), the ``matches``, the ``sentences`` and the first ``first``
    sentence ids (``first_lines``), sorted by the four."""
    check_table("frame_events", "frames", frames, ["sentence_id", *EVENT_KEYS], "find_frames")
    events = frames[["sentence_id", *EVENT_KEYS]].fillna(EVENT_NONE)
    return (
        events.groupby(EVENT_KEYS)
        .agg(
            matches=("sentence_id", "size"),
            sentences=("sentence_id", "nunique"),
            first_lines=("sentence_id", lambda s: first_ids(s.to_numpy(), first).tolist()),
        )
        .reset_index()
    )


def stance_counts(events: pd.DataFrame, frame: str = "ceasefire") -> pd.Series:
    """The matches of ``frame`` by stance cue (``frame_events``' table; matches without a cue
    left out), most first; a tie in the order the stances first occur (then by name)."""
    said = events[(events["frame"] == frame) & (events["stance"] != EVENT_NONE["stance"])]
    grouped = said.groupby("stance")
    order = pd.DataFrame(
        {"matches": grouped["matches"].sum(), "first": grouped["first_lines"].agg(_first_id)}
    ).sort_values(["matches", "first"], ascending=[False, True], kind="stable")
    return order["matches"].rename("count")


def _first_id(lines: pd.Series) -> int:
    return min(ids[0] for ids in lines)
