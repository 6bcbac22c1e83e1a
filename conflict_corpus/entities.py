"""Stage 3, entities: the alias table (gazetteer), the matcher that survives spelling variation,
and the tables of who is mentioned."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from .checks import check_table
from .engine.capitals import LEADING, capital_runs, class_of, leads, masked, particle_table
from .engine.image import IS_WORD, LOWER_NP, ascii_image, fold, inexact_letters
from .engine.parallel import by_rows, in_parallel
from .engine.store import built
from .engine.text import joined_text
from .engine.trie import Trie, capitalised_word_before, entity_scan, leading_words
from .files import (
    DATA,
    GAZETTEER_FILE,
    CorpusError,
    check_curated_path,
    curated_files,
    read_curated_csv,
    read_utf8,
    stamps,
)
from .groups import Grouping, distinct_per, grouping, labelled
from .load import columns_frame, document_numbers
from .tokens import load_stopwords

ENTITY_TYPES = {
    "PERSON": "a named person",
    "ARMED_GROUP": "a militia, insurgent group or armed force",
    "MOVEMENT": "a political movement, party or parliamentary bloc",
    "PLACE": "a country, province, city, district or shrine as a location",
    "GROUP": "a sect, people or nationality, or a foreign state as a collective actor",
}
MENTION_COLUMNS = ["sentence_id", "entity", "type", "surface", "start", "end", "alias", "role"]
# Arabic names carry the article in many transliterations ("al-Sadr", "el-Sadr", "as-Sadr",
# "ad-Dawa"); news also drops it inside a name ("Moqtada Sadr"). The matcher handles these
# once, so the alias table lists "Muqtada al-Sadr" and nothing else.
ARTICLES = ("al", "el", "as", "ad", "ash", "an", "ar", "at", "az", "ul", "il")
# The article with its vowel elided after a vowel, as careful transliteration writes it
# ("Muqtada ṣ-Ṣadr", "Abu d-Dawa"): read like the full article, so the name is one mention.
ELIDED_ARTICLES = ("s", "d", "t", "z", "n", "r", "sh", "l")
# The articles that are also English words or a possessive's "s" ("such as Sadr", "at Sadr
# City", "Baghdad's Sadr City"): written with a space (not "as-Sadr"), such a word is English,
# not part of the name. It is left outside the mention, and the word before it is not read as
# the mention's given name (see _not_another_man).
ENGLISH_LOOKALIKES = tuple(a for a in ARTICLES + ELIDED_ARTICLES if a not in ("al", "el"))
_LOOKALIKE_BEFORE_NAME = re.compile(rf"(?:{'|'.join(ENGLISH_LOOKALIKES)}) (?=\S)", re.IGNORECASE)
# A gazetteer row of this type is not an entity: a longer name that holds an alias of one
# ("the Maliki school" of Sunni law holds "Maliki"). It wins as the longer match and its
# mentions are dropped, so the alias inside it is not counted.
BLOCK = "BLOCK"
# The gazetteer's optional ``form`` column: empty (a name or a noun) or an adjective.
FORMS = {None, "", "adjective"}
NAME_PREFIXES_FILE = DATA / "name_prefixes.txt"
NOT_NAMES_FILE = DATA / "not_names.txt"


def _word_list(path: Path, what: str) -> frozenset[str]:
    """One word a line, ``#`` lines are comments; a line of two words is an error naming it."""
    if not path.exists():
        raise CorpusError(f"{path}: no such file; the list of {what} ships in data/.")
    words = set()
    for number, line in enumerate(read_utf8(path).split("\n"), start=1):
        word = line.strip()
        if not word or word.startswith("#"):
            continue
        if len(word.split()) > 1:
            raise CorpusError(f"{path}: line {number}: {word!r} is more than one word; one a line.")
        words.add(word)
    return frozenset(words)


def load_name_prefixes(path: str | Path | None = None) -> frozenset[str]:
    """The words that may stand right before a bare family name (``data/name_prefixes.txt``):
    titles, offices, and capitalised words that open a clause."""
    return _word_list(Path(path) if path is not None else NAME_PREFIXES_FILE, "name prefixes")


def load_not_names(path: str | Path | None = None) -> frozenset[str]:
    """Capitalised words that are not names of actors (``data/not_names.txt``): months, days,
    adjectives of nationality, language, religion and sect."""
    return _word_list(
        Path(path) if path is not None else NOT_NAMES_FILE, "words that are not names"
    )


def _family_name_only(alias: str) -> bool:
    """Whether an alias is a family name alone ("Maliki", "al-Sadr"): one word once articles
    are set aside, and no title ("Mr Maliki" says who is meant)."""
    tokens = fold(alias).lower().split()
    words = [t for t in tokens if t not in ARTICLES + ELIDED_ARTICLES]
    return len(words) == 1 and not any(t.rstrip(".") in TITLES for t in tokens)


# Titles written with or without a full stop ("Mr Sadr" in The Economist, "Mr. Sadr" in US copy).
TITLES = ("mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "sen", "rep", "gov")


def _signature(folded: str) -> str:
    """What makes two spellings the same alias: lower case, titles without their full stop, the
    article of a name's first word written "al", an article inside a name dropped."""
    tokens = folded.lower().split()
    out = []
    for i, token in enumerate(tokens):
        if token.endswith(".") and token[:-1] in TITLES:
            token = token[:-1]
        if token in ARTICLES + ELIDED_ARTICLES and i + 1 < len(tokens):
            if i > 0:
                continue
            token = "al"
        out.append(token)
    return " ".join(out)


def alias_variants(folded: str) -> list[str]:
    """Every spelling one folded alias matches, with single spaces between words.

    A one-word alias: as written and in capitals ("JAM", never "jam"). A multi-word alias, in
    lower case (it matches in any case): each article ("al") in any of its forms (ARTICLES),
    dropped inside a name ("Muqtada Sadr"), and titles with or without a full stop.
    """
    tokens = folded.split()
    if len(tokens) == 1:
        return sorted({tokens[0], tokens[0].upper()})
    options = []
    for i, token in enumerate(tokens):
        low = token.lower()
        if low in ARTICLES and i + 1 < len(tokens):
            options.append(list(ARTICLES + ELIDED_ARTICLES) + ([None] if i > 0 else []))
        elif low.rstrip(".") in TITLES:
            options.append([low.rstrip("."), low.rstrip(".") + "."])
        else:
            options.append([low])
    return sorted(
        {" ".join(t for t in combo if t is not None) for combo in itertools.product(*options)}
    )


def load_gazetteer(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check the alias table (default ``data/gazetteer.csv``).

    Returns columns ``entity``, ``type``, ``alias``, ``source``, ``note``, ``form`` and
    ``line`` (the row's line in the file). ``form`` (an optional column) is ``adjective`` for
    an alias that is an adjective of religion, sect or nation ("Shiite", "American"): a mention
    by it that modifies the word after it is a descriptor, not an actor (``find_entities``'s
    ``role``); empty otherwise. Raises CorpusError, naming the file and line, for a missing
    column, an empty cell, an unknown type or form, an entity given two types, or an alias that
    two rows claim
    (aliases are compared the way the matcher sees them: in any case, with article, dash,
    apostrophe and diacritic variants folded together).
    """
    path = Path(path) if path is not None else GAZETTEER_FILE
    rows = read_curated_csv(path, required=("entity", "type", "alias"))
    seen: dict[str, dict] = {}
    types: dict[str, dict] = {}
    for row in rows:
        where = f"{path}: line {row['_line']}"
        if row["type"] not in ENTITY_TYPES and row["type"] != BLOCK:
            raise CorpusError(
                f"{where}: unknown type {row['type']!r} for {row['alias']!r}; use "
                f"one of {', '.join(ENTITY_TYPES)} (or {BLOCK} for a name that is not one)."
            )
        if row.get("form") not in FORMS:
            raise CorpusError(
                f"{where}: form {row['form']!r} for {row['alias']!r} is not one of "
                f"{sorted(f for f in FORMS if f)}; leave the cell empty for a name or a noun."
            )
        if not re.search(r"[^\W_]", row["alias"]):
            raise CorpusError(f"{where}: the alias {row['alias']!r} has no letter or digit.")
        strange = inexact_letters(row["alias"])
        if strange:
            raise CorpusError(
                f"{where}: the alias {row['alias']!r} holds {', '.join(map(repr, strange))} "
                f"({unicodedata.name(strange[0], 'a letter')}): the matchers read the letters "
                f"of another script as 'some letter', so it would match unrelated words. "
                f"Write it in Latin letters (a transliteration such as 'hudna'), or remove it."
            )
        first = types.setdefault(row["entity"], row)
        if first["type"] != row["type"]:
            raise CorpusError(
                f"{where}: {row['entity']!r} is {row['type']} here but "
                f"{first['type']} on line {first['_line']}; give it one type."
            )
        key = _signature(fold(row["alias"]))
        if key in seen:
            other = seen[key]
            if other["entity"] != row["entity"]:
                raise CorpusError(
                    f"{where}: the alias {row['alias']!r} is also claimed by "
                    f"{other['entity']!r} (line {other['_line']}, {other['alias']!r}); an alias "
                    f"must name one entity. Keep it on one row and note the ambiguity there."
                )
            raise CorpusError(
                f"{where}: {row['alias']!r} repeats {other['alias']!r} (line {other['_line']}) "
                f"as the matcher sees it (case, al-/el-/as- articles, dashes and diacritics are "
                f"folded). Delete one of the two rows."
            )
        seen[key] = row
    columns = ["entity", "type", "alias", "source", "note", "form", "_line"]
    table = pd.DataFrame(rows, columns=columns).rename(columns={"_line": "line"})
    notes = table[["source", "note", "form"]].astype(object)  # (all-missing would be float)
    table[["source", "note", "form"]] = notes.where(notes.fillna("") != "", None)
    return table


class EntityMatcher:
    """A whole alias table compiled into two byte tries, scanned by one compiled loop.

    The rules (each handled here, once, not by listing combinations in the table): whole words
    only; at a position the longest alias wins ("Sadr City" over "Sadr"); any case for
    multi-word aliases, as written or in capitals for one-word aliases; article variants
    (al-/el-/as-/al ...) and a dropped inner article; dashes as spaces; curly apostrophes;
    diacritics; "Mr"/"Mr."; a possessive ("'s", "s'") after a name is left outside the match.

    Multi-word spellings (lower case) are followed in the lower-cased image of the text,
    one-word spellings (as written and in capitals) in the image as it is (see entity_scan).
    """

    def __init__(self, gazetteer: pd.DataFrame):
        self.gazetteer = gazetteer.reset_index(drop=True)
        multi: dict[str, int] = {}
        single: dict[str, int] = {}
        for row, alias in enumerate(self.gazetteer["alias"]):
            folded = " ".join(fold(alias).split())
            target = single if len(folded.split()) == 1 else multi
            for variant in alias_variants(folded):
                target.setdefault(variant, row)
        if not all(v.isascii() for v in [*multi, *single]):
            raise CorpusError(
                "an alias is not ASCII once folded (letters of another script); "
                "the matcher cannot take it. Transliterate it in the gazetteer."
            )
        self.multi, self.single = Trie(multi), Trie(single)
        self.family_name_only = np.array(
            [
                t == "PERSON" and _family_name_only(a)
                for t, a in zip(self.gazetteer["type"], self.gazetteer["alias"])
            ],
            dtype=bool,
        )
        self.name_prefixes = load_name_prefixes()
        self.stopwords = load_stopwords()
        self.blocked = self.gazetteer["type"].to_numpy() == BLOCK
        form = self.gazetteer["form"] if "form" in self.gazetteer.columns else None
        self.adjective = (
            (form == "adjective").to_numpy(dtype=bool)
            if form is not None
            else np.zeros(len(self.gazetteer), dtype=bool)
        )
        self.multi_class = self.multi.byte_class[LOWER_NP]  # any case: looked up once, here

    def spans(self, image: np.ndarray):
        """(starts, ends, rows) of every mention in an ASCII image (offsets into it): the trie
        scan's matches less those of blocker rows and of another man's family name."""
        starts, ends, rows = self._scan(image)
        kept = np.flatnonzero(~self.blocked[rows]) if self.blocked.any() else None
        if kept is not None:
            starts, ends, rows = starts[kept], ends[kept], rows[kept]
        kept = _not_another_man(image, starts, rows, self)
        if kept is not None:
            starts, ends, rows = starts[kept], ends[kept], rows[kept]
        return starts, ends, rows

    def _scan(self, image: np.ndarray):
        m, s = self.multi, self.single
        if image.flags.writeable:
            # numba compiles a loop once for a writable and once again for a read-only array;
            # an image is most often read-only (np.frombuffer), so every image is passed so.
            image = image.view()
            image.flags.writeable = False
        return in_parallel(
            entity_scan,
            image,
            m.trans,
            self.multi_class,
            m.rows,
            s.trans,
            s.byte_class,
            s.rows,
            IS_WORD,
        )

    def match_one(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, gazetteer row) of the mentions in one text (as ``find_entities``
        finds them: an English article the match begins with left outside it)."""
        image = np.frombuffer(ascii_image(text), dtype=np.uint8)
        found = []
        for start, end, row in zip(*(a.tolist() for a in self.spans(image))):
            english = _LOOKALIKE_BEFORE_NAME.match(text, start, end)
            found.append((english.end() if english else start, end, row))
        return found


@functools.lru_cache(maxsize=8)
def _matcher_of_file(path: str, modified: tuple[int, ...]) -> EntityMatcher:
    # Keyed by the gazetteer's path and the modification times of it and of the curated files
    # (the name prefixes and stopwords among them), so an edited file is read again;
    # the last eight are kept for the life of the process (a matcher is a few MB). A fresh
    # process reads the matcher an earlier one built from the same files and code
    # (engine.store: 0.2 s to build, a few ms to read).
    return built(
        "entity_matcher",
        lambda: EntityMatcher(load_gazetteer(path)),
        [path, *curated_files()],
    )


def entity_matcher(gazetteer: pd.DataFrame | str | Path | None = None) -> EntityMatcher:
    """The compiled matcher for a gazetteer (a table, a path, or the default file). Built from
    a file, it is cached until the file changes."""
    if isinstance(gazetteer, pd.DataFrame):
        check_table(
            "entity_matcher", "gazetteer", gazetteer, ("entity", "type", "alias"), "load_gazetteer"
        )
        return EntityMatcher(gazetteer)
    path = check_curated_path(gazetteer, "gazetteer") if gazetteer is not None else GAZETTEER_FILE
    # The curated files include the name prefixes and stopwords the matcher reads.
    return _matcher_of_file(str(path.resolve()), stamps([path, *curated_files()]))


def find_entities(
    corpus: pd.DataFrame,
    gazetteer: pd.DataFrame | str | Path | None = None,
    document_rule: bool = True,
) -> pd.DataFrame:
    """One row per entity mention in every row of ``corpus`` (pass the sentences to count them).

    Returns columns ``sentence_id``, ``entity`` (canonical name), ``type``, ``surface`` (exactly
    ``text[start:end]``), ``start``, ``end`` (character offsets in the row's text), ``alias``
    (the gazetteer row that matched) and ``role`` (``actor``, or ``descriptor`` for an
    adjective of religion, sect or nation that modifies the word after it: "Shiite cleric",
    "American officials"; see ``roles``), in text order. A corpus read as documents (with a
    ``doc_id`` column) resolves an alias several people share by its document
    (``in_their_documents``) unless ``document_rule`` is False.
    """
    check_table("find_entities", "corpus", corpus, ("sentence_id", "text"), "load_corpus")
    matcher = entity_matcher(gazetteer)
    joined = joined_text(corpus["text"])
    starts, ends, rows = matcher.spans(joined.image)
    # No alias holds a newline, so no match crosses from one row into the next.
    which = joined.row_of(starts)
    gaz = matcher.gazetteer

    def names(column: str) -> pd.Series:
        # Object columns that point at the gazetteer's own strings: no copy per mention, which
        # keeps a few million mentions in little memory (a string dtype would copy each one).
        return pd.Series(gaz[column].to_numpy(dtype=object)[rows], dtype=object, copy=False)

    surface = joined.strings(starts, ends, which)
    lookalikes = _lookalike_candidates(joined.image, starts, ends)
    starts, ends = joined.in_rows(starts, ends, which)
    surface, starts = _without_english_article(surface, starts, lookalikes)
    mentions = columns_frame(
        {
            "sentence_id": corpus["sentence_id"].to_numpy()[which].astype("int64", copy=False),
            "entity": names("entity"),
            "type": names("type"),
            "surface": surface,
            "start": starts,
            "end": ends,
            "alias": names("alias"),
            "role": roles(corpus["text"], which, starts, ends, matcher.adjective[rows]),
        }
    )
    if document_rule and "doc_id" in corpus.columns:
        return in_their_documents(mentions, corpus, gaz)
    return mentions


ACTOR, DESCRIPTOR = "actor", "descriptor"
# After an adjective: a hyphen or white space, then a word ("Shiite cleric", "Shiite-led").
_WORD_AFTER = re.compile(r"(?:-|\s+)([^\W\d_][\w'’-]*)")
# An adjective joined to the next one: "Shiite and Sunni leaders", "Shiite, Sunni and Kurdish".
_JOINED = re.compile(r"(?:,?\s+(?:and|or)|,)\s+")


def roles(texts: pd.Series, rows, starts, ends, adjective) -> np.ndarray:
    """The ``role`` of each mention, in text order (mention ``k`` is ``texts[rows[k]]``
    between ``starts[k]`` and ``ends[k]``; ``adjective[k]``: its alias is an adjective, by the
    gazetteer's ``form``). Descriptors are not actors: an adjective of religion, sect or nation
    is a ``descriptor`` when it modifies the word after it, that is when the next word is not a
    stopword ("Shiite cleric Muqtada al-Sadr", "American officials", "Shiite-led"), or when
    "and", "or" or a comma joins it to the next mention, an adjective that is a descriptor
    ("Shiite and Sunni leaders"); else an ``actor`` ("Shia in Basra", "talks with the Shia").
    Every other mention is an ``actor``. The rule reads no part of speech: a noun followed by
    its verb ("the Shia marched") is read as a descriptor. (Written by hand: NLTK's tagger needs
    data that is not shipped, and the rule reads only the words after the adjective.)"""
    role = np.full(len(ends), ACTOR, dtype=object)
    candidates = np.flatnonzero(adjective)
    if not len(candidates):
        return role
    stopwords = load_stopwords()
    # (Only the rows that hold an adjective become Python strings.)
    needed = np.unique(rows[candidates])
    text_of = dict(zip(needed.tolist(), texts.iloc[needed].tolist()))
    # Right to left: the adjective after "and" is decided before the one before it.
    for k in candidates[::-1].tolist():
        text, end = text_of[int(rows[k])], int(ends[k])
        word = _WORD_AFTER.match(text, end)
        if word is not None and word.group(1).lower() not in stopwords:
            role[k] = DESCRIPTOR
            continue
        joined = _JOINED.match(text, end)
        after = k + 1
        if (
            joined is not None
            and after < len(ends)
            and rows[after] == rows[k]
            and int(starts[after]) == joined.end()
            and role[after] == DESCRIPTOR
        ):
            role[k] = DESCRIPTOR
    return role


def actors(mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions that name an actor: all but the descriptors (``roles``); a table without
    a ``role`` column is kept whole."""
    if "role" not in mentions.columns:
        return mentions
    keep = (mentions["role"] != DESCRIPTOR).to_numpy()
    return mentions if keep.all() else mentions[keep]


SHARED_NAMES_FILE = DATA / "shared_names.csv"


def load_shared_names(path: str | Path | None = None) -> dict[str, tuple[str, ...]]:
    """``data/shared_names.csv`` (or ``path``): each alias that names more than one person
    -> the entities it may name (see ``in_their_documents``). A row with fewer than two
    entities is a CorpusError naming its line."""
    path = Path(path) if path is not None else SHARED_NAMES_FILE
    return dict(_shared_names(str(path), stamps([path])))


@functools.lru_cache(maxsize=4)
def _shared_names(path: str, stamp: tuple) -> tuple:
    found = []
    for row in read_curated_csv(Path(path), ("alias", "entities")):
        entities = tuple(e.strip() for e in row["entities"].split(";") if e.strip())
        if len(entities) < 2:
            raise CorpusError(
                f"{path}: line {row['_line']}: alias {row['alias']!r} names "
                f"{len(entities)} entity; list at least two, separated by ';'."
            )
        found.append((row["alias"].strip(), entities))
    return tuple(found)


def in_their_documents(
    mentions: pd.DataFrame, corpus: pd.DataFrame, gazetteer: pd.DataFrame
) -> pd.DataFrame:
    """One sense per discourse (Gale, Church and Yarowsky 1992): a mention by an alias that
    names several people (``data/shared_names.csv``: "Sadr", "al-Sadr", "Mr Sadr", "Maliki"...)
    names, throughout its document, the one of them the document names in full first (by any
    other alias): news copy introduces its subject by full name, and a relative named in
    passing later ("the son of Grand Ayatollah Mohammad Sadiq al-Sadr") does not take the
    short name over. A document that names none of them in full keeps the gazetteer's choice.
    ``corpus`` holds the sentences with their ``doc_id`` (and ``file``)."""
    shared = load_shared_names()
    ambiguous = mentions["alias"].isin(list(shared)).to_numpy()
    if not ambiguous.any():
        return mentions
    # The document of each mention: sentences of one document are consecutive rows, so its
    # mentions are a run (the mentions are in text order).
    doc = document_numbers(corpus).reindex(mentions["sentence_id"].to_numpy()).to_numpy()
    type_of = dict(zip(gazetteer["entity"], gazetteer["type"]))
    entity = mentions["entity"].to_numpy(dtype=object).copy()
    kinds = mentions["type"].to_numpy(dtype=object).copy()
    alias = mentions["alias"].to_numpy(dtype=object)
    bounds = np.flatnonzero(np.diff(doc)) + 1
    for lo, hi in zip([0, *bounds.tolist()], [*bounds.tolist(), len(doc)]):
        if not ambiguous[lo:hi].any():
            continue
        named = [entity[i] for i in range(lo, hi) if not ambiguous[i]]  # in full, in order
        for i in np.flatnonzero(ambiguous[lo:hi]) + lo:
            chosen = next((e for e in named if e in shared[alias[i]]), None)
            if chosen is not None and chosen in type_of:
                entity[i], kinds[i] = chosen, type_of[chosen]
    return mentions.assign(
        entity=pd.Series(entity, dtype=object), type=pd.Series(kinds, dtype=object)
    )


def _lookalike_candidates(image: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The mentions (positions) that may begin with an English lookalike article and a space:
    every one that does, and a few more (the image folds a dash into a space, and its ``_``
    may stand for a letter the article's matches under any case), for
    ``_without_english_article`` to test exactly. (One compiled pass over the mentions' first
    bytes: a test of each mention's text by a regular expression took 4 s on two million
    mentions, and numpy, one pass over all mentions for each letter of each article, 1.3 s on
    3.6 million.)"""
    table = np.zeros((len(ENGLISH_LOOKALIKES), max(map(len, ENGLISH_LOOKALIKES))), np.uint8)
    for k, word in enumerate(ENGLISH_LOOKALIKES):
        table[k, : len(word)] = np.frombuffer(word.encode("ascii"), dtype=np.uint8)
    lengths = np.array([len(word) for word in ENGLISH_LOOKALIKES], dtype=np.int64)
    return np.flatnonzero(by_rows(leading_words, image, starts, ends, table, lengths))


def _without_english_article(surface: pd.Series, starts: np.ndarray, candidates: np.ndarray):
    """Mentions whose text begins with an article that is an English word, followed by a space
    ("as Sadr", "at Sadr City", the "s" of "Baghdad's Sadr City"), without that word: their
    surface and start move past it (the entity is the same). ``candidates``: the mentions that
    may (``_lookalike_candidates``); each is tested on its text."""
    texts = pd.Series(surface).to_numpy(dtype=object)
    cuts = [
        (k, found.end())
        for k in candidates.tolist()
        if (found := _LOOKALIKE_BEFORE_NAME.match(texts[k])) is not None
    ]
    if not cuts:
        return surface, starts
    texts = list(texts)
    starts = np.array(starts, dtype=np.int64, copy=True)
    for k, cut in cuts:
        texts[k] = texts[k][cut:]
        starts[k] += cut
    return pd.Series(texts, dtype=pd.Series(surface).dtype), starts


def _not_another_man(image, starts, rows, matcher) -> np.ndarray | None:
    """The mentions to keep (None: all) once a person's bare family name right after another
    capitalised word is set aside: "Hassan al-Maliki" names another man than Nouri al-Maliki,
    unless the word is a title or office ("Prime Minister Maliki", data/name_prefixes.txt) or
    a stopword ("The Sistani-brokered deal", "Will Sadr renew ...?")."""
    candidates = np.flatnonzero(matcher.family_name_only[rows])
    if len(candidates) == 0:
        return None
    before = capitalised_word_before(image, starts[candidates])
    found = np.flatnonzero(before >= 0)
    words = [
        image[b : s - 1].tobytes().decode("ascii")
        for b, s in zip(before[found].tolist(), starts[candidates[found]].tolist())
    ]
    # (A stopword is no given name either: "The Sistani-brokered", "Will Sadr renew"; nor is
    # the word before an English article the match begins with: "Rallies at Sadr".)
    english = [
        image[s : s + 4].tobytes().decode("ascii").split(" ")[0].lower() in ENGLISH_LOOKALIKES
        for s in starts[candidates[found]].tolist()
    ]
    other = np.array(
        [
            w not in matcher.name_prefixes and w.lower() not in matcher.stopwords and not e
            for w, e in zip(words, english)
        ],
        dtype=bool,
    )
    if not other.any():
        return None
    keep = np.ones(len(starts), dtype=bool)
    keep[candidates[found[other]]] = False
    return np.flatnonzero(keep)


def entity_frequency(
    mentions: pd.DataFrame, corpus: pd.DataFrame, by: str | None = None
) -> pd.DataFrame:
    """Per entity: ``mentions``, ``descriptors`` (those of them typed as a descriptor, "Shiite
    cleric": see ``roles``; co-occurrence leaves them out), ``sentences`` (rows that mention
    it), ``share`` (of the rows in ``corpus``) and ``variants`` (distinct spellings, case aside:
    "al-Sadr" and "Al-Sadr" are one), most mentioned sentences first.

    ``by`` (a column of ``corpus``, or ``year``/``quarter``/``month``/``day`` of its date): the
    same table for each group, with the group, ``group_sentences`` and ``per_1000`` (sentences
    that mention the entity per 1,000 sentences of the group); see ``conflict_corpus.groups``.
    """
    check_table(
        "entity_frequency", "mentions", mentions, ("sentence_id", "entity"), "find_entities"
    )
    check_table("entity_frequency", "corpus", corpus, ("sentence_id",), "load_corpus")
    groups = grouping(corpus, by)
    group, ids, numbered, kept = groups.numbered(mentions, "entity", "type")
    (entity, entities), (kind, kinds) = numbered
    spelling = _spelling(mentions["surface"]).to_numpy()[kept]
    described = (
        (mentions["role"].to_numpy() == DESCRIPTOR)[kept]
        if "role" in mentions.columns
        else np.zeros(len(spelling), dtype=bool)
    )
    # Every (group, entity, type) is one number; mentions, sentences and spellings are then
    # counted with integer arithmetic in one pass over all groups (no pass per group).
    n_entities, n_kinds = max(len(entities), 1), max(len(kinds), 1)
    # (pandas' hash factorize: numpy's unique takes seconds on millions of numbers.)
    of_key, keys = pd.factorize((group * n_entities + entity) * n_kinds + kind, sort=True)
    of_key = of_key.astype(np.int64)
    table = pd.DataFrame(
        {
            "_group": keys // n_kinds // n_entities,
            "entity": np.array([*entities, None], dtype=object)[keys // n_kinds % n_entities],
            "type": np.array([*kinds, None], dtype=object)[keys % n_kinds],
            "mentions": np.bincount(of_key, minlength=len(keys)),
            "descriptors": np.bincount(of_key[described], minlength=len(keys)),
            "sentences": distinct_per(of_key, ids, len(keys)),
            "variants": distinct_per(of_key, spelling, len(keys)),
        }
    )
    return ranked_frequency(table, groups)


def ranked_frequency(table: pd.DataFrame, groups: Grouping) -> pd.DataFrame:
    """``entity_frequency``'s table from its counts (``_group``, ``entity``, ``type``,
    ``mentions``, ``descriptors``, ``sentences``, ``variants``): each entity's share of its
    group's sentences, the rows in reading order, the groups labelled."""
    size = groups.sizes[table["_group"].to_numpy()] if len(table) else np.zeros(0)
    table["share"] = np.round(table["sentences"].to_numpy() / np.maximum(size, 1), 3)
    table = table.sort_values(
        ["_group", "sentences", "mentions", "entity"],
        ascending=[True, False, False, True],
        kind="stable",
    )
    columns = ["entity", "type", "mentions", "descriptors", "sentences", "share", "variants"]
    table = table[["_group", *columns]]
    return labelled(table, groups, "sentences")


def _spelling(surface: pd.Series) -> pd.Series:
    """What makes two surfaces the same spelling: the text with case folded ("Al-Sadr" and
    "al-Sadr"; headline capitals are not another spelling), normalised to NFC (an accent
    written as a combining mark is the accented letter), without invisible characters (soft
    hyphens, zero-width spaces and joiners) and with each run of spaces as one space: the
    differences the matcher steps over are not other spellings either.

    Returned as a number per surface (equal numbers, same spelling), for grouping: each
    distinct surface is keyed once (a million-sentence corpus has a few hundred surfaces and
    millions of mentions), and no string is made per mention."""
    codes, uniques = pd.factorize(surface, use_na_sentinel=False)
    spelling, _ = pd.factorize(
        pd.Series([_spelling_key(u) for u in np.asarray(uniques, dtype=object)], dtype=object)
    )
    return pd.Series(spelling[codes], index=surface.index, dtype=np.int64)


def _spelling_key(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return re.sub(r"\s{2,}", " ", text).casefold()


def entity_variants(mentions: pd.DataFrame, entities=None) -> pd.DataFrame:
    """For each entity (all, or those listed), each spelling with its ``count``: columns
    ``entity``, ``surface`` (the spelling as most often written; case-only differences are one
    spelling), ``count``, ``share`` (of that entity's mentions)."""
    check_table("entity_variants", "mentions", mentions, ("sentence_id", "entity"), "find_entities")
    if entities is not None:
        mentions = mentions[mentions["entity"].isin(list(entities))]
    return variants_of(written_forms(mentions), entities)


def written_forms(mentions: pd.DataFrame) -> pd.DataFrame:
    """How often each entity is written each way: ``entity``, ``surface``, ``count``. The
    counts of disjoint parts of a corpus add up to the whole's."""
    return mentions.groupby(["entity", "surface"]).size().rename("count").reset_index()


def variants_of(written: pd.DataFrame, entities=None) -> pd.DataFrame:
    """``entity_variants``' table from ``written_forms``' counts."""
    if entities is not None:
        written = written[written["entity"].isin(list(entities))]
    written = written.assign(spelling=_spelling(written["surface"]))
    # The form shown for a spelling: its most frequent written form (ties: the first in order).
    written = written.sort_values(["count", "surface"], ascending=[False, True], kind="stable")
    shown = written.drop_duplicates(["entity", "spelling"]).set_index(["entity", "spelling"])
    table = written.groupby(["entity", "spelling"])["count"].sum().reset_index()
    table["surface"] = shown.loc[
        list(zip(table["entity"], table["spelling"])), "surface"
    ].to_numpy()
    table = table[["entity", "surface", "count"]]
    table["share"] = (table["count"] / table.groupby("entity")["count"].transform("sum")).round(3)
    rank = {e: i for i, e in enumerate(entities)} if entities is not None else None
    table["_rank"] = table["entity"].map(rank) if rank else 0
    table = table.sort_values(
        ["_rank", "entity", "count", "surface"], ascending=[True, True, False, True], kind="stable"
    )
    return table.drop(columns="_rank").reset_index(drop=True)


def uncovered_names(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame,
    stopwords: frozenset[str] | None = None,
    not_names: frozenset[str] | None = None,
) -> pd.DataFrame:
    """Capitalised name sequences that the gazetteer does not cover, most frequent first.

    A data-free heuristic (no NLTK models): the gazetteer's mentions are blanked out, then runs
    of capitalised words are collected. A sentence's first word is dropped when it is a
    stopword or never appears capitalised mid-sentence in the corpus ("Many", "Perhaps"), since
    capitals there say nothing. Stopwords and ``not_names`` (default ``data/not_names.txt``:
    months, days, nationality adjectives) are dropped at the edges of a run. Returns columns
    ``name``, ``count``, ``sentences``, ``example_id``.

    Counted in two steps: ``uncovered_counts`` of the corpus, or of each part of it (the parts'
    counts add up, ``added_uncovered``), and ``uncovered_table``, which decides each sentence's
    first word by the capitals of the whole corpus.
    """
    return uncovered_table(uncovered_counts(corpus, mentions, stopwords, not_names))


def uncovered_counts(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame,
    stopwords: frozenset[str] | None = None,
    not_names: frozenset[str] | None = None,
) -> dict:
    """What ``uncovered_table`` finishes ``uncovered_names`` from, for a corpus or a part of it:

    - ``names``: the names decided here (columns ``name``, ``count``, ``sentences``,
      ``example_id``);
    - ``capitals``: the words capitalised mid-sentence here (``mid_sentence_capitals``);
    - ``pending``: the sentences' first runs whose name depends on whether the corpus
      capitalises their first word mid-sentence elsewhere (it does not here): the first
      ``word``, the name if it is kept (``keep``) or dropped (``drop``, None: no name), whether
      the same sentence already holds that name (``in_keep``, ``in_drop``), and their
      ``count`` and first ``example_id``.

    A run's name is decided here when it does not start its sentence, when its first word is a
    stopword (dropped) or capitalised mid-sentence in this part (kept: so it is in the whole
    corpus), or when keeping and dropping the word give the same name."""
    check_table("uncovered_names", "corpus", corpus, ("sentence_id", "text"), "load_corpus")
    check_table("uncovered_names", "mentions", mentions, ("sentence_id", "entity"), "find_entities")
    stopwords = load_stopwords() if stopwords is None else stopwords
    not_names = load_not_names() if not_names is None else not_names
    names, initials, ids = _capitalised_runs(corpus, mentions)
    capitals = _mid_capitals(names, initials)

    def trimmed(words: list[str]) -> str | None:
        while words and (words[0].lower() in stopwords or words[0] in not_names):
            words = words[1:]
        while words and (words[-1].lower() in stopwords or words[-1] in not_names):
            words = words[:-1]
        return " ".join(words) if words and any(ch.isalpha() for ch in words[-1]) else None

    def decided(group: str, initial: bool) -> tuple[str | None, tuple | None]:
        """(the name, None) when it is decided here; else (None, (word, keep, drop))."""
        words = group.split(" ")
        if not initial or words[0] in capitals:
            return trimmed(words), None
        dropped = trimmed(words[1:])
        if words[0].lower() in stopwords:
            return dropped, None
        kept = trimmed(words)
        return (kept, None) if kept == dropped else (None, (words[0], kept, dropped))

    # The same capitalised run recurs thousands of times in a large corpus: each distinct run,
    # at a row's start or not, is trimmed once.
    codes, distinct = pd.factorize(names)
    keys, inverse = np.unique(codes * 2 + initials, return_inverse=True)
    found = [decided(distinct[k // 2], bool(k % 2)) for k in keys.tolist()]
    ids = np.asarray(ids, dtype=np.int64)
    name = np.array([n for n, _ in found], dtype=object)[inverse]
    kept = np.array([n is not None for n, _ in found], dtype=bool)[inverse]
    table = pd.DataFrame({"name": name[kept], "sentence_id": ids[kept]})
    grouped = table.groupby("name")["sentence_id"]
    counted = pd.DataFrame(
        {"count": grouped.size(), "sentences": grouped.nunique(), "example_id": grouped.min()}
    ).reset_index()
    waiting = np.array([p is not None for _, p in found], dtype=bool)[inverse]
    runs = [found[k][1] for k in inverse[waiting].tolist()]
    pending = pd.DataFrame(
        {
            column: np.array([run[k] for run in runs], dtype=object)
            for k, column in enumerate(("word", "keep", "drop"))
        },
        dtype=object,
    )
    # (A sentence has one first run: a pending name is another sentence's unless the names
    # decided in its own sentence hold it.)
    pending["sentence_id"] = ids[waiting]
    here = table[table["sentence_id"].isin(pending["sentence_id"])]
    held = set(zip(here["name"], here["sentence_id"].tolist()))
    for column in ("keep", "drop"):
        pending["in_" + column] = [
            (n, i) in held for n, i in zip(pending[column], pending["sentence_id"].tolist())
        ]
    return {
        "names": _typed_names(counted),
        "capitals": capitals,
        "pending": _pending_sums(pending),
    }


PENDING_KEYS = ["word", "keep", "drop", "in_keep", "in_drop"]


def _pending_sums(pending: pd.DataFrame) -> pd.DataFrame:
    """Pending first runs (one a row, ``sentence_id``; or already summed, ``count`` and
    ``example_id``) summed by ``PENDING_KEYS``."""
    if "count" not in pending:
        pending = pending.assign(count=1).rename(columns={"sentence_id": "example_id"})
    grouped = pending.groupby(PENDING_KEYS, dropna=False, sort=False)
    summed = pd.DataFrame(
        {"count": grouped["count"].sum(), "example_id": grouped["example_id"].min()}
    ).reset_index()
    return summed.astype(
        {"word": object, "keep": object, "drop": object, "in_keep": bool, "in_drop": bool}
        | {"count": np.int64, "example_id": np.int64}
    )


def _typed_names(names: pd.DataFrame) -> pd.DataFrame:
    # (Typed when empty too: a corpus with no uncovered name gives the same columns.)
    return names.astype({"count": np.int64, "sentences": np.int64, "example_id": np.int64})


def _summed_names(names: pd.DataFrame) -> pd.DataFrame:
    """Rows of uncovered names (several a name) summed: counts added, the first example kept."""
    grouped = names.groupby("name", sort=False)
    summed = pd.DataFrame(
        {
            "count": grouped["count"].sum(),
            "sentences": grouped["sentences"].sum(),
            "example_id": grouped["example_id"].min(),
        }
    ).reset_index()
    return _typed_names(summed)


def added_uncovered(a: dict, b: dict, shift: int) -> dict:
    """Two neighbouring parts' ``uncovered_counts`` (``a`` before ``b``) as one part's: ``b``'s
    sentence ids shifted by ``shift`` (the rows of ``a``), counts added, first examples kept,
    capitals joined."""
    return {
        "names": _summed_names(
            pd.concat(
                [a["names"], b["names"].assign(example_id=b["names"]["example_id"] + shift)],
                ignore_index=True,
            )
        ),
        "capitals": a["capitals"] | b["capitals"],
        "pending": _pending_sums(
            pd.concat(
                [a["pending"], b["pending"].assign(example_id=b["pending"]["example_id"] + shift)],
                ignore_index=True,
            )
        ),
    }


def uncovered_table(counts: dict) -> pd.DataFrame:
    """``uncovered_names``' table from the counts of a whole corpus (``uncovered_counts``,
    ``added_uncovered``): each pending first run named as the corpus's capitals decide."""
    pending = counts["pending"]
    kept = pending["word"].isin(counts["capitals"]).to_numpy()
    inside = np.where(kept, pending["in_keep"], pending["in_drop"])
    decided = pd.DataFrame(
        {
            "name": np.where(kept, pending["keep"], pending["drop"]),
            "count": pending["count"].to_numpy(),
            # (One first run a sentence: a sentence not counted yet for that name is one more.)
            "sentences": np.where(inside, 0, pending["count"]),
            "example_id": pending["example_id"].to_numpy(),
        }
    )
    decided = decided[decided["name"].notna()]
    return ranked_names(_summed_names(pd.concat([counts["names"], decided], ignore_index=True)))


def ranked_names(table: pd.DataFrame) -> pd.DataFrame:
    """``uncovered_names``' order: count (descending), then name."""
    out = table.sort_values(["count", "name"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def mid_sentence_capitals(corpus: pd.DataFrame, mentions: pd.DataFrame) -> frozenset[str]:
    """The words that begin a capitalised run of words (outside the gazetteer's mentions)
    somewhere other than at the start of a sentence: what ``uncovered_names`` keeps at a
    sentence's start. The union of disjoint parts' sets is the whole's."""
    return _mid_capitals(*_capitalised_runs(corpus, mentions)[:2])


def _mid_capitals(names: np.ndarray, initials: np.ndarray) -> frozenset[str]:
    return frozenset(name.split(" ", 1)[0] for name in pd.unique(names[~initials]))


def _capitalised_runs(corpus: pd.DataFrame, mentions: pd.DataFrame):
    """Every run of capitalised words in ``corpus`` with the mentions masked, in one compiled
    pass (``engine.capitals``, which gives the rules): ``(names, initials, ids)``, each run's
    text, whether it starts its row (after opening quotes or brackets), and its row's sentence
    id, as arrays."""
    joined = joined_text(corpus["text"])
    ids = corpus["sentence_id"].to_numpy()
    image = joined.decoded(class_of)
    lead = leads(image, joined.starts, joined.ends, LEADING)
    # The mentions masked, every one in place.
    position = pd.Index(ids).get_indexer(mentions["sentence_id"])
    held = position >= 0
    at = joined.starts[position[held]]
    masked(
        image,
        at + mentions["start"].to_numpy(dtype=np.int64)[held],
        at + mentions["end"].to_numpy(dtype=np.int64)[held],
    )
    starts, ends, _ = in_parallel(capital_runs, image, *particle_table())
    rows = joined.row_of(starts)
    names = joined.strings(starts, ends, rows).to_numpy(dtype=object)
    return names, starts == lead[rows], ids[rows]


def shared_name_words(mentions: pd.DataFrame) -> pd.DataFrame:
    """Name words that several entities share ("Sadr" in Muqtada al-Sadr, Sadr City, Sadrists).

    A word counts as shared when it starts a capitalised word of the surfaces of two or more
    entities (articles and titles aside). These are the places where a word count would merge
    different actors and the alias table keeps them apart. Columns: ``word``, ``entities``,
    ``surfaces``, ``mentions``.
    """
    check_table(
        "shared_name_words", "mentions", mentions, ("sentence_id", "entity"), "find_entities"
    )
    # Work on the distinct (entity, surface) pairs with their counts: a million mentions
    # hold only a few hundred of them.
    return shared_words_of(mentions.groupby(["entity", "surface"], sort=True).size())


def shared_words_of(pairs: pd.Series) -> pd.DataFrame:
    """``shared_name_words``' table from the mentions counted by (entity, surface), a Series
    (``written_forms``' counts, indexed by the two)."""
    pairs = pairs.sort_index()
    skip = set(ARTICLES) | set(TITLES)
    folded = {surface: fold(surface) for surface in pairs.index.get_level_values("surface")}
    words = sorted(
        {w for f in folded.values() for w in re.findall(r"[A-Z]\w{2,}", f) if w.lower() not in skip}
    )
    rows = []
    for word in words:
        pattern = re.compile(rf"(?<![\w]){re.escape(word)}\w*")
        hits = pairs[[bool(pattern.search(folded[s])) for _, s in pairs.index]]
        entities = sorted(set(hits.index.get_level_values("entity")))
        if len(entities) >= 2:
            rows.append(
                {
                    "word": word,
                    "entities": ", ".join(entities),
                    "surfaces": ", ".join(sorted(set(hits.index.get_level_values("surface")))),
                    "mentions": int(hits.sum()),
                }
            )
    table = pd.DataFrame(rows, columns=["word", "entities", "surfaces", "mentions"])
    return table.sort_values(
        ["mentions", "word"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
