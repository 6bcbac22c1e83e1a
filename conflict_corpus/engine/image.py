"""The ASCII image of a text that the matchers scan: one byte for each character.

Folding (apostrophes, dashes, spaces, diacritics) keeps the length of a text, so an offset in the
image is an offset in the text. The entity rules that rely on it are described in
``conflict_corpus.entities``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import numpy as np

from .jit import jit

APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u2032`\u00b4"
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"


class _FoldTable(dict):
    """``str.translate`` table that folds one character to exactly one character.

    Curly apostrophes become ``'``, hyphens and dashes a space (so "al-Sadr" reads like
    "al Sadr"), other whitespace except newlines a space, and a letter with diacritics its base
    letter ("Ṣ" -> "S"). Case is kept (the matcher decides where case matters). Because no
    character is added or removed, offsets in the folded text are offsets in the original.
    Entries are computed on first sight, so only the characters a corpus uses are looked at.
    """

    def __missing__(self, code: int) -> int:
        ch = chr(code)
        base = unicodedata.normalize("NFKD", ch)[:1]
        out = base if base and not unicodedata.combining(base) else ch
        if out in APOSTROPHES:
            out = "'"
        elif out in DASHES or (out.isspace() and out != "\n"):
            out = " "
        self[code] = ord(out)
        return self[code]


FOLD = _FoldTable()


def fold(text: str) -> str:
    """Fold apostrophes, dashes, spaces and diacritics, keeping the length (see _FoldTable)."""
    return text.translate(FOLD)


# Matching runs on an ASCII image of the text, one character for one character: the folded
# text (above) with every other non-ASCII character replaced by "_" if it is a word character
# (so it still joins a word, as \w sees it) or by a space if not. All aliases are ASCII once
# folded, so this changes no match, and it lets the automata and numpy work on bytes whose
# offsets are the string's offsets.
#
# Characters that are invisible in a name, a combining accent (the dot of "Ṣ" written as S and
# U+0323), a soft hyphen, a zero-width space or joiner, a direction mark (Unicode categories Mn,
# Me and Cf), become one of two bytes the scans step over inside a match: JOINED when it
# follows a word character (so "S<dot>adr" is one word, read as "Sadr", and "Sadr<soft
# hyphen>ist" stays one word that is not "Sadr"), SPACED otherwise ("Mahdi <zero-width space>Army"
# reads as "Mahdi Army"). The table gives SPACED; ``settle_ignorables`` turns those that follow a
# word character into JOINED. This is what normalising the text to NFC and deleting the
# invisible characters would do for matching, without changing one offset. (Two ASCII control
# characters are used, so a literal U+001E or U+001F in a text is read the same way.)
JOINED, SPACED = 0x1F, 0x1E


def _ignorable(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me", "Cf")


class _AsciiTable(dict):
    def __missing__(self, code: int) -> int:
        ch = chr(FOLD[code])
        if not ch.isascii():
            ch = chr(SPACED) if _ignorable(chr(code)) else ("_" if re.match(r"\w", ch) else " ")
        self[code] = ord(ch)
        return self[code]


ASCII = _AsciiTable()


def inexact_letters(text: str) -> list[str]:
    """The characters of ``text`` that the image cannot tell apart: letters of another script
    (Arabic, Cyrillic, ...), which all become "_". A pattern or alias holding one would match
    any word of the same length in that script, so the curated files refuse them."""
    return sorted({c for c in text if not c.isascii() and ASCII[ord(c)] == ord("_")})


# The same image for the ASCII characters, as a bytes table (bytes.translate runs in C).
ASCII_BYTES = bytes(ASCII[c] for c in range(128)) + bytes(range(128, 256))


def _image_error(err: UnicodeEncodeError):
    """Codec error handler: each non-ASCII character becomes its one-character ASCII image."""
    return "".join(chr(ASCII[ord(c)]) for c in err.object[err.start : err.end]), err.end


codecs.register_error("corpus-image", _image_error)


def ascii_image(text: str) -> bytes:
    """The ASCII image of ``text`` (see _AsciiTable and settle_ignorables), one byte for each
    character.

    Encoding runs in C for the ASCII characters; only non-ASCII ones reach Python, which
    matters on a million sentences where ``str.translate`` falls back to a dict lookup for
    every character as soon as one is non-ASCII.
    """
    image = text.encode("ascii", "corpus-image").translate(ASCII_BYTES)
    if SPACED in image:
        array = np.frombuffer(image, dtype=np.uint8).copy()
        settle_ignorables(array, IS_WORD)
        image = array.tobytes()
    return image


LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
IS_WORD = np.zeros(256, dtype=bool)
IS_WORD[[ord(c) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"]] = True
IS_WORD[JOINED] = True  # (an invisible character inside a word keeps the word whole)
# The bytes the scans step over inside a match.
SKIPPED = np.zeros(256, dtype=bool)
SKIPPED[[JOINED, SPACED]] = True


@jit
def settle_ignorables(image, is_word):
    """In place: each SPACED byte that follows a word byte (or a JOINED one) becomes JOINED."""
    for p in range(1, len(image)):
        if image[p] == 0x1E and is_word[image[p - 1]]:
            image[p] = 0x1F


LOWER_NP = np.frombuffer(bytes(range(256)).translate(LOWER), dtype=np.uint8)
