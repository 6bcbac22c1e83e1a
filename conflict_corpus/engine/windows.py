"""Windows around matches: the collocate window, the ceasefire stance window and the KWIC
context, each one compiled loop over many matches."""

from __future__ import annotations

import numpy as np

from .jit import code_point_at, jit
from .tokens import TOK_ALNUM, TOK_APOSTROPHE, token_end


def _word_table(words: tuple) -> tuple:
    """``words`` (lower case) as a table of bytes, a row each, and their lengths: what
    ``_word_in`` reads in the compiled loops."""
    table = np.zeros((len(words), max(map(len, words))), dtype=np.uint8)
    for k, word in enumerate(words):
        table[k, : len(word)] = np.frombuffer(word.encode(), dtype=np.uint8)
    return table, np.array([len(word) for word in words], dtype=np.int64)


@jit
def near_nodes(  # noqa: C901 (compiled loop)
    tok_starts,
    tok_ends,
    tok_begin,
    tok_end,
    ids,
    node_ptr,
    node_starts,
    node_ends,
    keep,
    window,
    n_words,
):
    """Collocate counts around nodes (see ``collocates``). Row j (of the rows that hold a node)
    has tokens ``tok_*[tok_begin[j]:tok_end[j]]`` (character spans) whose words are
    ``ids[tok_begin[j]:tok_end[j]]`` (``Words``' arrays) and nodes
    ``node_*[node_ptr[j]:node_ptr[j + 1]]``.

    A token is in a window if it is one of the ``window`` tokens before a node's first token or
    after its last, and not inside any node. Returns per word the count of its window tokens
    among the ``keep`` words, and the number of window tokens that are ``keep`` words (so both
    totals count the same tokens).
    """
    near = np.zeros(n_words, dtype=np.int64)
    window_tokens = 0
    for j in range(len(tok_begin)):
        t0, t1 = tok_begin[j], tok_end[j]
        marked = np.zeros(t1 - t0, dtype=np.bool_)
        inside = np.zeros(t1 - t0, dtype=np.bool_)
        for q in range(node_ptr[j], node_ptr[j + 1]):
            ns, ne = node_starts[q], node_ends[q]
            first, last = t1 - t0, -1
            for k in range(t1 - t0):
                s, e = tok_starts[t0 + k], tok_ends[t0 + k]
                if e > ns and first == t1 - t0:
                    first = k
                if s < ne:
                    last = k
                if s >= ns and e <= ne:
                    inside[k] = True
            if last < 0:
                last = first - 1
            for k in range(max(0, first - window), first):
                marked[k] = True
            for k in range(last + 1, min(t1 - t0, last + 1 + window)):
                marked[k] = True
        for k in range(t1 - t0):
            if marked[k] and not inside[k]:
                w = ids[t0 + k]
                if keep[w]:
                    window_tokens += 1
                    near[w] += 1
    return near, window_tokens


@jit
def _token_starts(tok, r0, x, ring):
    """The word tokens of the text from ``r0`` cut at ``x``: the last ``len(ring)`` starts go to
    ``ring`` (token c at ``ring[c % len(ring)]``); returns how many tokens there are."""
    count, p = 0, r0
    while p < x:
        if not TOK_ALNUM[tok[p]]:
            p += 1
            continue
        ring[count % len(ring)] = p
        count += 1
        p = token_end(tok, p, x)
    return count


@jit
def _resync(tok, r0, x, need):
    """A point at or after the row start ``r0`` from which tokenizing the text up to ``x``
    finds the same tokens as from ``r0``, with at least ``need`` of them before ``x`` (or ``r0``
    itself when the row has fewer).

    A token (see token_end) holds only letters, digits, "-" and apostrophes, so any other byte
    is a boundary no token crosses: reading may start just after one. Walking back over
    ``need`` runs that hold a letter or digit (each holds a token) keeps the work per match
    proportional to the window, not to the match's position in the row."""
    p, runs, in_run, alnum = x - 1, 0, False, False
    while p >= r0:
        c = tok[p]
        if TOK_ALNUM[c] or c == 45 or TOK_APOSTROPHE[c]:
            in_run = True
            alnum = alnum or TOK_ALNUM[c]
        elif in_run:
            runs += 1 if alnum else 0
            in_run, alnum = False, False
            if runs >= need:
                return p + 1
        p -= 1
    return r0


@jit
def _token_start_before(tok, r0, x, k):
    """The start of the ``k``-th word token before ``x`` in the text cut at ``x`` (from the
    row start ``r0``), or ``r0`` when there are fewer than ``k``."""
    ring = np.empty(k, dtype=np.int64)
    count = _token_starts(tok, r0, x, ring)
    return ring[count % k] if count >= k else r0


# Steps forward before ``_first_cue`` searches the rest by halves.
CUE_STEPS = 8


@jit
def _first_cue(cue_starts, i, end, x):
    """The first index in ``[i, end)`` of a cue starting at or after ``x`` (``cue_starts[i:end]``
    ascending), or ``end``: a few steps forward from ``i``, then a binary search of the rest.

    A match's cues are searched from its row's first cue of each class on (``stance_windows``
    keeps those indices as it goes from row to row), where the cue sought is most often a step
    or two away. A binary search of the whole class for each of a match's twenty or so
    questions took 0.2 s of the stance windows' 2.3 s on a million sentences (one thread). The
    binary search after a few steps keeps a row with thousands of cues from costing as many
    steps a match."""
    stop = min(i + CUE_STEPS, end)
    while i < stop:
        if cue_starts[i] >= x:
            return i
        i += 1
    return i + np.searchsorted(cue_starts[i:end], x)


@jit
def _cue_in(cues, k, lo, hi, a, b, s0, s1):
    """The first cue of class ``k`` inside ``[lo, hi)``, outside the match ``[a, b)`` and not
    inside ``[s0, s1)`` (the governing cue itself: the "if" of "only if the" is part of it):
    its index, or -1. ``cues``: the cues' starts, ends, class pointers and each class's first
    index to search from, at or before every cue that starts at or after ``lo`` (see
    ``stance_windows``)."""
    cue_starts, cue_ends, cue_ptr, cue_from = cues
    i = _first_cue(cue_starts, cue_from[k], cue_ptr[k + 1], lo)
    while i < cue_ptr[k + 1] and cue_starts[i] < hi:
        if (
            cue_ends[i] <= hi
            and (cue_ends[i] <= a or cue_starts[i] >= b)
            and not (s0 <= cue_starts[i] and cue_ends[i] <= s1)
        ):
            return i
        i += 1
    return -1


# The words that open another clause: the stance window stops at them (lower case, padded).
# A contrast ("but", "while", ...), a verb that reports speech ("said", ...) and, from RELATIVE
# on, a relative pronoun ("who", ...).
CLAUSE_WORDS = (
    "but", "while", "whereas", "although", "though",
    "said", "says", "say", "saying", "added", "adding", "stated", "according",
    "who", "whom", "whose", "which",
)  # fmt: skip
RELATIVE = CLAUSE_WORDS.index("who")
_CLAUSE_BYTES, _CLAUSE_LENGTHS = _word_table(CLAUSE_WORDS)
# Whether a token of a length (up to 15) whose first byte, in lower case, is this may be one of
# CLAUSE_WORDS: the loops call _clause_word only for such a token (see MARK_BYTES).
MAY_BE_CLAUSE_WORD = np.zeros((16, 256), dtype=np.bool_)
for _w in CLAUSE_WORDS:
    MAY_BE_CLAUSE_WORD[len(_w), ord(_w[0])] = True
# The forms of "be" and "have" before a verb that says what happens to a match its participle
# describes: "the ceasefire agreed in March was holding" (see _participle).
AUXILIARIES = ("is", "was", "were", "are", "be", "been", "being", "has", "have", "had")
_AUX_BYTES, _AUX_LENGTHS = _word_table(AUXILIARIES)
# The words that open a noun phrase: a verb followed by one (or by a name or a number) has an
# object, "ended the fighting", "required Mahdi Army fighters to disarm" (see _has_object).
DETERMINERS = (
    "the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those",
    "all", "any", "some", "every", "each", "both",
)  # fmt: skip
_DET_BYTES, _DET_LENGTHS = _word_table(DETERMINERS)
# The nouns of declaring and agreeing that a match right before them names the kind of: "the
# disarmament order", "their truce offer" (see _participle).
HEAD_NOUNS = (
    "agreement", "agreements", "accord", "order", "orders", "pledge", "pledges", "promise",
    "promises", "offer", "offers", "proposal", "proposals", "commitment", "commitments",
    "declaration", "announcement", "decree", "proclamation", "instructions",
)  # fmt: skip
_HEAD_BYTES, _HEAD_LENGTHS = _word_table(HEAD_NOUNS)
# The words that join another phrase or clause on: a noun phrase and its complement do not run
# over them ("the order to hand over their weapons", "the offer of a truce"; not "the order and
# handed over": see _cue_over_phrase) ...
JOINS = ("and", "or", "but", "then", "that", "which", "who", "while")
_JOIN_BYTES, _JOIN_LENGTHS = _word_table(JOINS)
# ... and those, "to" and the prepositions end a noun phrase opened by a cue's determiner (see
# _names_an_object).
BREAKS = (
    *JOINS, "to",
    "under", "in", "at", "on", "for", "with", "after", "during", "since", "from", "into",
    "against", "by", "before", "until", "over", "as",
)  # fmt: skip
_BREAK_BYTES, _BREAK_LENGTHS = _word_table(BREAKS)
# Two words read by their letters: "to" (an infinitive's) and "even" (of a concession, "even
# if": no condition).
_TO = np.frombuffer(b"to", dtype=np.uint8)
_AND = np.frombuffer(b"and", dtype=np.uint8)
_OR = np.frombuffer(b"or", dtype=np.uint8)
# How many words back an infinitive a list goes on from may start (see _listed_infinitive).
LIST_WORDS = 10
_EVEN = np.frombuffer(b"even", dtype=np.uint8)
_OF = np.frombuffer(b"of", dtype=np.uint8)
_ED = np.frombuffer(b"ed", dtype=np.uint8)
_ING = np.frombuffer(b"ing", dtype=np.uint8)
_THAT = np.frombuffer(b"that", dtype=np.uint8)


@jit
def _is_word(tok, p, e, word):
    """Whether ``tok[p:e]`` is ``word`` (lower-case bytes), in any case."""
    if e - p != len(word):
        return False
    for q in range(e - p):
        if (tok[p + q] | 32) != word[q]:
            return False
    return True


# The bytes that may end a clause (see _clause_mark): the loops that read a window byte by byte
# call _clause_mark only at these. A compiled call at every byte cost more than the rest of
# those loops: the stance windows of a million sentences took 2.1 s on one thread with it, 1.2 s
# with the call at these bytes alone.
MARK_BYTES = np.zeros(256, dtype=np.bool_)
MARK_BYTES[[59, 34, 0x84, 44]] = True


@jit
def _clause_mark(tok, p, r0, r1):
    """Whether the character ``tok[p]`` (in the row ``[r0, r1)``) ends a clause: a semicolon, a
    quotation mark (reported speech), or a comma that is not inside a number ("1,000"). Only
    a byte of MARK_BYTES may."""
    x = tok[p]
    if x == 59 or x == 34 or x == 0x84:
        return True
    return x == 44 and not _in_number(tok, p, r0, r1)


@jit
def _in_number(tok, p, r0, r1):
    """Whether the comma at ``p`` stands between digits, as in "1,000" or "May 27, 2004" (one
    space allowed after it)."""
    if p == r0 or not 48 <= tok[p - 1] <= 57:
        return False
    q = p + 2 if p + 2 < r1 and tok[p + 1] == 32 else p + 1
    return q < r1 and 48 <= tok[q] <= 57


@jit
def _paired_comma(tok, p, r0, r1, step, limit):
    """The comma that closes (``step`` 1) or opens (``step`` -1) a parenthesis with the comma
    at ``p``: the next clause mark in that direction, if it is a comma within ``limit`` words
    (runs of letters and digits) of ``p`` in the row ``[r0, r1)``; else -1."""
    words, q = 0, p + step
    while r0 <= q < r1:
        if MARK_BYTES[tok[q]] and _clause_mark(tok, q, r0, r1):
            return q if tok[q] == 44 else -1
        if TOK_ALNUM[tok[q]] and not (r0 <= q - step < r1 and TOK_ALNUM[tok[q - step]]):
            words += 1
            if words > limit:
                return -1
        q += step
    return -1


@jit
def _word_in(tok, p, e, words, lengths):
    """The index of the token ``tok[p:e]`` (any case) among ``words`` (a table of lower-case
    bytes, each row's first ``lengths`` bytes), or -1."""
    for w in range(len(lengths)):
        if _is_word(tok, p, e, words[w, : lengths[w]]):
            return w
    return -1


@jit
def _clause_word(tok, p, e):
    """The index in CLAUSE_WORDS of the token ``tok[p:e]`` (any case), or -1."""
    return _word_in(tok, p, e, _CLAUSE_BYTES, _CLAUSE_LENGTHS)


@jit
def _participle(tok, b, cs, ce):
    """Whether the cue ``[cs, ce)`` stands right after a match that ends at ``b`` (only spaces
    and at most one comma between) and its first word ends in "ed": a past participle that
    says how the match came about, "a truce brokered by Egypt", "the ceasefire, agreed in
    March,"; or its first word is a noun of HEAD_NOUNS one space after the match, which the
    match names the kind of, "in defiance of the disarmament order"."""
    commas = 0
    for p in range(b, cs):
        if tok[p] == 44:
            commas += 1
        elif tok[p] != 32:
            return False
    e = token_end(tok, cs, ce)
    if cs == b + 1 and _word_in(tok, cs, e, _HEAD_BYTES, _HEAD_LENGTHS) >= 0:
        return True
    return commas <= 1 and _ends_in(tok, cs, e, _ED)


@jit
def _ends_in(tok, p, e, suffix):
    """Whether the word ``tok[p:e]`` ends in ``suffix`` (lower-case bytes; any case) after at
    least two letters of its own: "ed" of a past tense or participle ("brokered", not "bed"),
    "ing" of a gerund ("extending", not "king")."""
    n = len(suffix)
    if e - p < n + 2:
        return False
    for q in range(n):
        if (tok[e - n + q] | 32) != suffix[q]:
            return False
    return True


@jit
def _opens_infinitive(tok, t, h, verb):
    """Whether the word at ``t`` (before ``h``) is "to", or "of" before a gerund, the word at
    ``verb`` of more than four letters ending in "ing": "no intention of extending the truce"
    reads as "no intention to extend" does."""
    e = token_end(tok, t, h)
    if _is_word(tok, t, e, _TO):
        return True
    return _is_word(tok, t, e, _OF) and _ends_in(tok, verb, token_end(tok, verb, len(tok)), _ING)


@jit
def _ends_in_determiner(tok, cs, ce):
    """Whether the last word of the cue ``[cs, ce)`` is a word of DETERMINERS ("end the")."""
    p = ce
    while p > cs and TOK_ALNUM[tok[p - 1]]:
        p -= 1
    return _word_in(tok, p, ce, _DET_BYTES, _DET_LENGTHS) >= 0


@jit
def _names_an_object(tok, cs, ce, a, b):
    """Whether the cue ``[cs, ce)`` ends in a determiner ("ended its", "end the") whose noun
    phrase does not run on to the match at ``a``: a cue written with its object's determiner
    governs only the match its noun phrase reaches, "end the truce", "ended its complete
    cessation of military operations", not "end their protest and stop the fighting" (a
    punctuation mark or a word of BREAKS between)."""
    if not _ends_in_determiner(tok, cs, ce):
        return False
    if cs >= b:
        return True  # (after the match: its noun phrase is another)
    q = ce
    while q < a:
        if TOK_ALNUM[tok[q]]:
            e = token_end(tok, q, a)
            if _word_in(tok, q, e, _BREAK_BYTES, _BREAK_LENGTHS) >= 0:
                return True
            q = e
        elif tok[q] == 32:
            q += 1
        else:
            return True
    return False


# A cue of another act right before the noun phrase of a governing cue governs instead (see
# _cue_over_phrase): the most words of that phrase before the governing cue, and the most
# between that cue and the match.
PHRASE_WORDS = 4
PHRASE_GAP = 6


@jit
def _phrase_words(tok, p, e, limit, joins_only):
    """How many words ``tok[p:e]`` holds, when it holds only words, spaces, hyphens and
    apostrophes, at most ``limit`` words, none of CLAUSE_WORDS and none of JOINS
    (``joins_only``) or of BREAKS; else -1."""
    n, q = 0, p
    while q < e:
        c = tok[q]
        if TOK_ALNUM[c]:
            t = token_end(tok, q, e)
            if joins_only:
                stop = _word_in(tok, q, t, _JOIN_BYTES, _JOIN_LENGTHS) >= 0
            else:
                stop = _word_in(tok, q, t, _BREAK_BYTES, _BREAK_LENGTHS) >= 0
            n += 1
            if stop or n > limit or _clause_word(tok, q, t) >= 0:
                return -1
            q = t
        elif c == 32 or c == 45 or TOK_APOSTROPHE[c]:
            q += 1
        else:
            return -1
    return n


@jit
def _cue_over_phrase(tok, r0, g0, g1, a, act, cues, over, describes, n_acts):
    """(class, start, end) of the cue that governs the noun phrase in which the governing cue
    ``[g0, g1)`` of class ``act`` stands before the match at ``a``, or (-1, -1, -1): a cue of a
    class that ``over`` marks (2: only over a cue of a class ``describes`` marks), another than
    ``act``, ending where that phrase opens, at most PHRASE_WORDS words before the governing
    cue, with a determiner, a name or a number first (or the cue's own last word a
    determiner), and no punctuation, word of BREAKS or clause word between; the match at most
    PHRASE_GAP words after the governing cue, no punctuation, word of JOINS or clause word
    between. "violated the agreed ceasefire", "ignored Sadr's order to hand over their
    weapons", "has stood by its commitment to disarm", "turned down a proposed truce": the
    verb governs the phrase, and the phrase the match."""
    if g1 > a or _phrase_words(tok, g1, a, PHRASE_GAP, True) < 0:
        return -1, -1, -1
    # (the words before g0 read from a few runs back, not from r0: see _resync)
    lo = _token_start_before(tok, _resync(tok, r0, g0, PHRASE_WORDS + 4), g0, PHRASE_WORDS + 4)
    cue_starts, cue_ends, cue_ptr, cue_from = cues
    best, s0, s1 = -1, -1, -1
    for k in range(n_acts):
        if over[k] == 0 or (over[k] == 2 and not describes[act]) or k == act:
            continue
        i = _first_cue(cue_starts, cue_from[k], cue_ptr[k + 1], lo)
        while i < cue_ptr[k + 1] and cue_starts[i] < g0:
            if cue_ends[i] <= g0 and cue_ends[i] > s1:
                best, s0, s1 = k, cue_starts[i], cue_ends[i]
            i += 1
    if best < 0:
        return -1, -1, -1
    n = _phrase_words(tok, s1, g0, PHRASE_WORDS, False)
    if n < 0:
        return -1, -1, -1
    if _ends_in_determiner(tok, s0, s1) or (n > 0 and _has_object(tok, s1, g0)):
        return best, s0, s1
    return -1, -1, -1


@jit
def _spaces_between(tok, p, q):
    """Whether ``tok[p:q]`` is one space or more, and nothing else."""
    if p >= q:
        return False
    for c in range(p, q):
        if tok[c] != 32:
            return False
    return True


@jit
def _has_object(tok, x, r1):
    """Whether the word after ``x`` (the end of a cue's first word; spaces between, in a row
    ending at ``r1``) opens a noun phrase: a word of DETERMINERS, or one that starts with a
    capital or a digit ("ended the fighting"; not "broke down", "took effect", "held.")."""
    p = x
    while p < r1 and tok[p] == 32:
        p += 1
    if p >= r1 or not TOK_ALNUM[tok[p]]:
        return False
    if 65 <= tok[p] <= 90 or 48 <= tok[p] <= 57:
        return True
    return _word_in(tok, p, token_end(tok, p, r1), _DET_BYTES, _DET_LENGTHS) >= 0


@jit
def _after_auxiliary(tok, r0, x):
    """Whether one of the two words before ``x`` (in the text read from ``r0``) is a form of
    "be" or "have" (AUXILIARIES): "was breached", "was still holding", "has held"."""
    ring = np.empty(2, dtype=np.int64)
    count = _token_starts(tok, r0, x, ring)
    for back in range(1, min(count, 2) + 1):
        p = ring[(count - back) % 2]
        if _word_in(tok, p, token_end(tok, p, x), _AUX_BYTES, _AUX_LENGTHS) >= 0:
            return True
    return False


@jit
def _negation_to(tok, cues, negation, g0, a):
    """The first negation cue after the governing cue's start ``g0`` with only the word "to"
    (and spaces) between it and the match at ``a`` ("told them not to hand over"): its
    index, or -1."""
    cue_starts, cue_ends, cue_ptr, cue_from = cues
    i = _first_cue(cue_starts, cue_from[negation], cue_ptr[negation + 1], g0 + 1)
    while i < cue_ptr[negation + 1] and cue_starts[i] < a:
        p, q = cue_ends[i], a
        while p < q and tok[p] == 32:
            p += 1
        while q > p and tok[q - 1] == 32:
            q -= 1
        if _is_word(tok, p, q, _TO):
            return i
        i += 1
    return -1


@jit
def _clause_end(tok, r0, r1, x, words, paren, about):
    """Where the clause that goes on at ``x`` ends in the row ``[r0, r1)``, reading at most
    ``words`` words: at a clause mark, at a word of CLAUSE_WORDS (not at a relative pronoun
    that is the first word read, when ``about``: "the truce which the gunmen broke"), or at
    the end of the ``words``-th word. A parenthesis (a comma whose next clause mark is another
    comma within ``paren`` words: ", brokered by Qatar,") is passed over whole, its words
    counted; ``paren`` -1: none is."""
    got, p, inside = 0, x, -1
    while p < r1:
        if inside >= 0:
            if p == inside:
                inside = -1
                p += 1
                continue
        elif MARK_BYTES[tok[p]] and _clause_mark(tok, p, r0, r1):
            if tok[p] == 44 and paren >= 0:
                inside = _paired_comma(tok, p, r0, r1, 1, paren)
            if inside < 0:
                return p
            p += 1
            continue
        if not TOK_ALNUM[tok[p]]:
            p += 1
            continue
        t0 = p
        p = token_end(tok, p, r1)
        may = inside < 0 and MAY_BE_CLAUSE_WORD[min(p - t0, 15), tok[t0] | 32]
        w = _clause_word(tok, t0, p) if may else -1
        if w >= 0 and not (about and w >= RELATIVE and got == 0):
            return t0
        got += 1
        if got == words:
            return p
    return r1


@jit
def _proviso_after(tok, r0, r1, cues, proviso, x, words):
    """The first cue of class ``proviso`` ("if", "provided") within ``words`` words after
    ``x`` (the end of the later of the governing cue and the match) in its clause (before a
    clause mark or a word of CLAUSE_WORDS; the row is ``[r0, r1)``), and not right after "even"
    ("would stay frozen even if the Americans stayed" is a concession, no condition): its
    index, or -1."""
    cue_starts, cue_ends, cue_ptr, cue_from = cues
    q = _clause_end(tok, r0, r1, x, words, -1, False)
    i = _first_cue(cue_starts, cue_from[proviso], cue_ptr[proviso + 1], x)
    while i < cue_ptr[proviso + 1] and cue_starts[i] < q:
        cs = cue_starts[i]
        # ("even" and one space right before it, itself a whole word)
        even = (
            cs - r0 >= 5
            and tok[cs - 1] == 32
            and _is_word(tok, cs - 5, cs - 1, _EVEN)
            and (cs - r0 == 5 or not TOK_ALNUM[tok[cs - 6]])
        )
        if cue_ends[i] <= q and not even:
            return i
        i += 1
    return -1


@jit
def _complement_cue(tok, r0, cues, k, x, words):
    """The cue of class ``k`` (a threat or a negation) whose clause, opened by "that", holds
    ``x``: the latest cue of the class that ends with the word "that" at ``x`` at the latest and
    starts within ``words`` words before ``x``, with no clause mark but commas and no contrast
    or reporting word (CLAUSE_WORDS before RELATIVE) from its start to ``x`` ("warned on April
    8 that, if the troops stayed, he would lift the freeze", "denied that it had agreed to a
    truce"): its index, or -1. (The latest such cue is the only one that can qualify: an
    earlier one's stretch up to ``x`` holds the latest's.) Only the cues of the class that
    start in those words are read, however many the row holds before them."""
    cue_starts, cue_ends, cue_ptr, cue_from = cues
    end = cue_ptr[k + 1]
    i = _first_cue(cue_starts, cue_from[k], end, r0)
    if i == end or cue_starts[i] >= x:
        return -1  # (none before x: no words to read)
    i = _first_cue(cue_starts, i, end, _token_start_before(tok, r0, x, words))
    best = -1
    while i < end and cue_starts[i] < x:
        ce = cue_ends[i]
        if ce <= x and ce - 4 > cue_starts[i] and _is_word(tok, ce - 4, ce, _THAT):
            if not TOK_ALNUM[tok[ce - 5]]:
                best = i
        i += 1
    if best < 0:
        return -1
    p = cue_starts[best]
    while p < x:
        c = tok[p]
        if MARK_BYTES[c] and c != 44:  # (a semicolon or a quotation mark)
            return -1
        if not TOK_ALNUM[c]:
            p += 1
            continue
        t1 = token_end(tok, p, x)
        if MAY_BE_CLAUSE_WORD[min(t1 - p, 15), c | 32] and 0 <= _clause_word(tok, p, t1) < RELATIVE:
            return -1
        p = t1
    return best


@jit
def _latest_outer_cue(tok, lo, below, end_max, h, a, b, cues, outer, n_classes, adjacent):
    """(class, start, end) of the cue of an ``outer`` class that starts in ``[lo, below)``, ends
    at ``end_max`` at the latest, does not start at ``h`` (the governing cue itself) and lies
    outside the match ``[a, b)``: the one ending latest (an earlier class on a tie), or
    (-1, -1, -1). ``adjacent``: only a cue with nothing but spaces and word characters between
    its end and ``h``. ``cues``: the cues' starts, ends, class pointers and each class's first
    index to search from (see ``stance_windows``)."""
    cue_starts, cue_ends, cue_ptr, cue_from = cues
    best, s0, s1 = -1, -1, -1
    for k in range(n_classes):
        if not outer[k]:
            continue
        i = _first_cue(cue_starts, cue_from[k], cue_ptr[k + 1], lo)
        while i < cue_ptr[k + 1] and cue_starts[i] < below:
            cs, ce = cue_starts[i], cue_ends[i]
            if ce <= end_max and cs != h and (ce <= a or cs >= b) and ce > s1:
                p = ce
                while adjacent and p < h and (tok[p] == 32 or TOK_ALNUM[tok[p]] or tok[p] == 45):
                    p += 1
                if not adjacent or p == h:
                    best, s0, s1 = k, cs, ce
            i += 1
    return best, s0, s1


@jit
def _object_of_infinitive(tok, ring, count, h):
    """The start of the "to" of an infinitive whose object is the match at ``h``, its verb no
    cue, a determiner or nothing between ("threatened to end the ceasefire", "urged the
    parties to implement the truce", "refused to discuss disarmament"), or -1. ``ring``: the
    last three token starts before ``h``, ``count`` of them read."""
    if count < 2:
        return -1
    t0, t1 = ring[(count - 1) % 3], ring[(count - 2) % 3]
    if _word_in(tok, t0, token_end(tok, t0, h), _DET_BYTES, _DET_LENGTHS) < 0:
        return t1 if _opens_infinitive(tok, t1, h, t0) else -1
    if count < 3 or _word_in(tok, t1, token_end(tok, t1, h), _DET_BYTES, _DET_LENGTHS) >= 0:
        return -1
    t2 = ring[(count - 3) % 3]
    return t2 if _opens_infinitive(tok, t2, h, t1) else -1


@jit
def _outer_cue(tok, r0, h, a, b, cues, outer, outer_window, n_classes):
    """(class, start, end) of the cue that governs the infinitive at ``h`` (the governing cue's
    start when it stands before the match, else the match's ``a``; see ``stance_windows``): a
    cue of an ``outer`` class before the "to" just before ``h``; else one that is the word
    before ``h``, or before a governing cue the word before that word ("should now
    announce"), with nothing but that word and spaces between; else (-1, -1, -1)."""
    ring = np.empty(3, dtype=np.int64)
    # (the last three tokens before h, read from three runs back: see _resync)
    count = _token_starts(tok, _resync(tok, r0, h, 3), h, ring)
    if count == 0:
        return -1, -1, -1
    t0 = ring[(count - 1) % 3]
    if not _opens_infinitive(tok, t0, h, h):
        to = _object_of_infinitive(tok, ring, count, h) if h == a else -1
        if to < 0:
            # An infinitive that goes on a list ("urged the Mahdi Army to leave Basra's ports,
            # lay down its weapons and join the political process"): the cue before its "to".
            to = _listed_infinitive(tok, r0, h, LIST_WORDS)
            if to >= 0:
                found = _cue_before_to(tok, r0, to, h, a, b, cues, outer, outer_window, n_classes)
                if found[0] >= 0:
                    return found
            # (no "to": a cue that ends right before h, or before the word before a governing
            # cue)
            lo = ring[(count - 2) % 3] if count > 1 and h != a else t0
            return _latest_outer_cue(tok, lo, h, h, h, a, b, cues, outer, n_classes, True)
        t0 = to
    return _cue_before_to(tok, r0, t0, h, a, b, cues, outer, outer_window, n_classes)


@jit
def _cue_before_to(tok, r0, t0, h, a, b, cues, outer, outer_window, n_classes):
    """(class, start, end) of the cue of an ``outer`` class nearest before the "to" at ``t0``,
    within ``outer_window`` words and after any semicolon, or (-1, -1, -1)."""
    lo = _token_start_before(tok, r0, t0, outer_window)
    for p in range(t0 - 1, lo - 1, -1):  # the window stops at a semicolon (another clause)
        if tok[p] == 59:
            lo = p + 1
            break
    return _latest_outer_cue(tok, lo, t0, t0 + 2, h, a, b, cues, outer, n_classes, False)


@jit
def _goes_on_a_list(tok, r0, h):
    """Whether the word at ``h`` does not end in "ed" and stands right after a comma or the
    word "and" or "or"."""
    if _ends_in(tok, h, token_end(tok, h, len(tok)), _ED):
        return False
    p = h - 1
    while p >= r0 and tok[p] == 32:
        p -= 1
    if p < r0:
        return False
    if tok[p] == 44:
        return True
    s = p + 1
    while s > r0 and TOK_ALNUM[tok[s - 1]]:
        s -= 1
    return _is_word(tok, s, p + 1, _AND) or _is_word(tok, s, p + 1, _OR)


@jit
def _listed_infinitive(tok, r0, h, limit):
    """The start of the "to" of the infinitive a list goes on from, where ``h`` (a verb not in
    the past: "and declared a halt" goes on from no infinitive) stands right after a comma or
    the word "and" or "or", and a "to" stands within ``limit`` words before it with no
    semicolon, quotation mark or word of CLAUSE_WORDS between; or -1."""
    if not _goes_on_a_list(tok, r0, h):
        return -1
    ring = np.empty(limit, dtype=np.int64)
    count = _token_starts(tok, _resync(tok, r0, h, limit), h, ring)
    for back in range(1, min(count, limit) + 1):
        t = ring[(count - back) % limit]
        e = token_end(tok, t, h)
        if _is_word(tok, t, e, _TO):
            for q in range(e, h):  # (a clause mark but a comma: a semicolon, a quotation mark)
                if MARK_BYTES[tok[q]] and tok[q] != 44:
                    return -1
            return t
        if MAY_BE_CLAUSE_WORD[min(e - t, 15), tok[t] | 32] and _clause_word(tok, t, e) >= 0:
            return -1
    return -1


@jit
def _nth_token_start(tok, r0, ring, count, x, n):
    """The start of the ``n``-th token before ``x`` (the row's start ``r0`` if there are fewer),
    from ``ring`` (the last token starts before the match, ``count`` of them read; token starts
    before a point are the same in the text cut there and cut at the match)."""
    size, t = len(ring), count
    while t > 0 and t > count - size and ring[(t - 1) % size] >= x:
        t -= 1
    if t - n < 0:
        return r0
    if t - n >= count - size:
        return ring[(t - n) % size]
    return _token_start_before(tok, r0, x, n)


@jit
def _clause_start(tok, r0, r1, lo, x):
    """Where the clause of ``x`` starts, read back no further than ``lo`` (a token start): after
    the nearest clause mark or word of CLAUSE_WORDS before ``x`` (here every comma outside a
    number counts), or ``lo``."""
    for p in range(x - 1, lo - 1, -1):
        if MARK_BYTES[tok[p]] and _clause_mark(tok, p, r0, r1):
            lo = p + 1
            break
    p = lo
    while p < x:
        if not TOK_ALNUM[tok[p]]:
            p += 1
            continue
        t1 = token_end(tok, p, x)
        if MAY_BE_CLAUSE_WORD[min(t1 - p, 15), tok[p] | 32] and _clause_word(tok, p, t1) >= 0:
            lo = t1
        p = t1
    return lo


@jit
def stance_windows(  # noqa: C901 (compiled loop)
    tok,
    starts,
    ends,
    row_starts,
    row_ends,
    intrinsic,
    asked,
    cue_starts,
    cue_ends,
    cue_ptr,
    window,
    n_acts,
    reach,
    condition_reach,
    flip,
    refuse,
    opposed,
    outer,
    outer_window,
    paren,
    forward,
    proviso_words,
    complement_words,
    ending,
    describes,
    over,
):
    """The stance of each match, decided from the cue that governs it and the negation,
    condition and threat cues around that cue (rules in data/stance_cues.md).

    Cues of class k are ``cue_starts[cue_ptr[k]:cue_ptr[k + 1]]``, ascending. Classes below
    ``n_acts`` are acts (in priority order for ties); then come four modifier classes:
    ``n_acts`` negation, ``n_acts + 1`` condition, ``n_acts + 2`` threat, ``n_acts + 3``
    proviso (a condition that counts after the match too).

    1. The governing cue is the act cue nearest to the match (in characters, outside it) within
       ``window`` words before or after it in the same row and clause; a tie goes to the
       earlier class. The clause ends at a clause mark (a semicolon, a quotation mark for
       reported speech, a comma not inside a number) and at a word of CLAUSE_WORDS (a
       contrast, a verb reporting speech, or a relative pronoun, except one right after the
       match: "the truce which the gunmen broke"), except inside a parenthesis: a comma whose
       next clause mark away from the match is another comma, within ``paren`` words, opens a
       stretch that is passed over whole (", brokered by Qatar,"). A cue of a class
       ``forward`` marks (a precondition: "unless the", "only if") governs only a match after
       it. A cue of a class ``describes`` marks (declaring, agreeing) right after the match
       whose first word ends in "ed" (_participle: "a truce brokered by Egypt") governs only
       where no other cue does, or where the nearest other stands after the match with an
       object after its first word (_has_object) and no "be" or "have" among the two words
       before it (_after_auxiliary): "a ceasefire brokered by al-Sistani ended the fighting".
       A cue of ``ending`` (violated) whose last word is a determiner ("end the") governs only
       a match after it that its noun phrase reaches (_names_an_object). A cue of a class
       ``over`` marks (2: only over a cue of a ``describes`` class) that ends where the noun
       phrase of a governing cue before the match opens governs instead (_cue_over_phrase:
       "violated the agreed ceasefire", "has stood by its commitment to disarm").
       With none, the match's own act (``intrinsic[j]``: a row such as "froze the militia's
       activities" says what happened itself) governs, or the stance is none (-1), unless a
       threat stands around the match (step 2): "warned that military operations would
       resume" is threatened.
       An infinitive is governed by the verb it completes: where the word before the governing
       cue (or before the match, when no cue governs, whatever its own act, or the governing
       cue stands after the match: "a deadline to hand in their weapons and sign") is "to", the
       nearest cue before that "to" of a class ``outer`` marks (ending at its end at the
       latest, within ``outer_window`` words before it, after any semicolon, outside the match)
       governs instead: "urged the rebels on Monday to renew the truce"; where that word is
       not "to", a cue of an outer class that ends right before it, or right before the word
       before a governing cue, with only spaces and word characters between, governs as a
       modal does: "the rebels must sign the truce", "should now announce". An outer threat
       cue makes the stance ``n_acts`` (threatened); a verb that goes on a list from an
       infinitive ("to leave the ports, lay down its weapons") is read from that infinitive's
       "to" (_listed_infinitive); an outer cue of asking or demanding over
       an ``ending`` act ("urged them to call off the truce") is its ``refuse`` act.
    2. Modifiers count from ``reach`` words before the earlier of the cue and the match (a
       condition or a proviso from ``condition_reach`` words) to the end of the later one, in
       the clause of the earlier (after the last clause mark or word of
       CLAUSE_WORDS before it; from a governing cue of a ``forward`` class itself: in "would not
       stop until all militias were disbanded" the "not" is the main clause's), and not inside the
       governing cue (the "if" of "only if" is part of it): a threat makes the stance ``n_acts``
       (threatened), and so does a threat cue ending in "that" whose clause holds the earlier of cue
       and match, when the act is ``ending`` (violated: "warned that, if the troops stayed, he would
       lift the freeze"; ``_complement_cue``, within ``complement_words`` words; not for a
       ``forward`` cue's clause); a condition or a proviso, or a proviso within ``proviso_words``
       words after the later of cue and match in its clause and not right after "even"
       (``_proviso_after``: "promised that the operations would end if the pullout was completed"),
       or a question (``asked[j]``: the caller finds the sentences that ask one), ``n_acts + 1``
       (conditional), except that an ``ending`` cue before the match (or after it, opening
       with a word of AUXILIARIES: "would be suspended") with a proviso or a cue
       of a ``forward`` class ("unless") after the later of cue and match, no condition around
       (a condition right before that cue, only spaces between, is its modal: "might halt
       their disarmament unless" is a threat) and no question, is a threat, ``n_acts``:
       "would abandon the ceasefire if the strikes went on"; a negation, or a negation cue
       ending in "that" whose clause holds it (a denial: "denied that it had agreed to a
       truce"), turns the act into ``flip[act]`` (the caller's table: kept into violated,
       violated into kept, any other act into none, -1).
       A negation between a cue that asks, orders, agrees or declares (``refuse[act]``: the
       refusal it becomes, or -1) and the match, with the one word "to" between it and the
       match, is a call or an order not to do it: the stance is ``refuse[act]``, or the cue's
       own act where the match itself breaks or refuses (``opposed[intrinsic[j]]``): "urged
       them not to break the truce" asks to keep it. Without a negation, a match whose own act
       is that refusal (``intrinsic[j] == refuse[act]``: "never surrender its weapons") under
       such a cue is the refusal: "vowed the group would never surrender its weapons".

    Returns the stance per match (an act class, ``n_acts`` threatened, ``n_acts + 1``
    conditional, or -1), and what decided it: the governing cue's start and end (-1: the
    match's own act, or none) and the modifier's (-1: none; -2 for both: the sentence is a
    question). Tokens follow WORD_PATTERN (see token_end).
    """
    out = np.full(len(starts), -1, dtype=np.int64)
    cue_a = np.full(len(starts), -1, dtype=np.int64)
    cue_b = np.full(len(starts), -1, dtype=np.int64)
    mod_a = np.full(len(starts), -1, dtype=np.int64)
    mod_b = np.full(len(starts), -1, dtype=np.int64)
    negation, condition, threat, proviso = n_acts, n_acts + 1, n_acts + 2, n_acts + 3
    unless = -1  # (the precondition class: "unless", "only if")
    for k in range(n_acts):
        if forward[k]:
            unless = k
    size = window + max(reach, condition_reach)
    ring = np.empty(size, dtype=np.int64)  # the last token starts before the match
    # The words read before a match: its window, its infinitive's, the modifiers' reach and a
    # parenthesis.
    need = (
        max(size, outer_window + window, complement_words + window)
        + max(reach, condition_reach)
        + paren
        + 1
    )
    # Each class's first cue at or after the row start of the match (every cue a match asks
    # about starts in its row; see _first_cue), moved on as the rows go on.
    cue_from = cue_ptr[:-1].copy()
    cues = (cue_starts, cue_ends, cue_ptr, cue_from)
    row = -1
    for j in range(len(starts)):
        a, b, r1 = starts[j], ends[j], row_ends[j]
        if row_starts[j] != row:
            if row_starts[j] < row:  # (matches out of row order: from each class's start)
                cue_from[:] = cue_ptr[:-1]
            row = row_starts[j]
            for k in range(len(cue_from)):
                cue_from[k] = _first_cue(cue_starts, cue_from[k], cue_ptr[k + 1], row)
        # Token reading starts near the match, not at the row's start (see _resync); ``r0``
        # is where it starts.
        r0 = _resync(tok, row_starts[j], a, need)
        count = _token_starts(tok, r0, a, ring)  # before the match, in the text cut there
        lo = ring[(count - window) % size] if count >= window else r0
        # The window stops where the match's clause starts: after the nearest clause mark or
        # word of CLAUSE_WORDS before it, a parenthesis (a stretch between two commas, ",
        # brokered by Qatar,") passed over whole.
        t, first, inside = count - 1, max(0, count - window), -1
        for p in range(a - 1, lo - 1, -1):
            if inside >= 0:
                if p == inside:
                    inside = -1
                continue
            if MARK_BYTES[tok[p]] and _clause_mark(tok, p, r0, r1):
                inside = _paired_comma(tok, p, r0, r1, -1, paren) if tok[p] == 44 else -1
                if inside < 0:
                    lo = p + 1
                    break
                continue
            while t >= first and ring[t % size] > p:
                t -= 1
            if t >= first and ring[t % size] == p:
                t1 = token_end(tok, p, a)
                if (
                    MAY_BE_CLAUSE_WORD[min(t1 - p, 15), tok[p] | 32]
                    and _clause_word(tok, p, t1) >= 0
                ):
                    lo = t1
                    break
        # ... and where it ends, the same way after the match (or at its window-th word; a
        # relative clause right after the match is about the match: "the truce which the
        # gunmen broke").
        hi = _clause_end(tok, r0, r1, b, window, paren, True)
        act, g0, g1, best = -1, a, b, r1 - r0 + 1
        weak, w0, w1, weak_best = -1, a, b, best  # (a participle right after the match)
        for k in range(n_acts):
            i = _first_cue(cue_starts, cue_from[k], cue_ptr[k + 1], lo)
            while i < cue_ptr[k + 1] and cue_starts[i] < hi:
                cs, ce = cue_starts[i], cue_ends[i]
                # (A cue of a ``forward`` class governs only a match after it.)
                if (
                    ce <= hi
                    and (ce <= a or (cs >= b and not forward[k]))
                    and not (k == ending and _names_an_object(tok, cs, ce, a, b))
                ):
                    d = a - ce if ce <= a else cs - b
                    if describes[k] and cs >= b and _participle(tok, b, cs, ce):
                        if d < weak_best:
                            weak, w0, w1, weak_best = k, cs, ce, d
                    elif d < best:
                        act, g0, g1, best = k, cs, ce, d
                i += 1
        # A participle right after the match governs where no other cue does, or where the
        # other stands after the match as a verb with an object and no "be" or "have" before
        # it: "a ceasefire brokered by al-Sistani ended the fighting" is the fighting's end,
        # not the ceasefire's; "the truce agreed on Monday held" and "was holding" are its own.
        if weak >= 0 and (
            act < 0
            or (
                g0 >= b
                and _has_object(tok, token_end(tok, g0, g1), r1)
                and not _after_auxiliary(tok, r0, g0)
            )
        ):
            act, g0, g1 = weak, w0, w1
        # A cue of another act right before the noun phrase of a governing cue before the match
        # governs the phrase, and so the match: "violated the agreed ceasefire".
        if act >= 0 and g1 <= a:
            k, o0, o1 = _cue_over_phrase(tok, r0, g0, g1, a, act, cues, over, describes, n_acts)
            if k >= 0:
                act, g0, g1 = k, o0, o1
        if act >= 0:
            cue_a[j], cue_b[j] = g0, g1
        else:
            act = intrinsic[j]
        h = min(g0, a)  # (a governing cue after the match: the infinitive the match is in)
        k, o0, o1 = _outer_cue(tok, r0, h, a, b, cues, outer, outer_window, n_acts + 4)
        if k == threat:
            out[j], mod_a[j], mod_b[j] = n_acts, o0, o1
            continue
        if k >= 0:
            # (a call or a demand to end it refuses it: "urged Netanyahu to call off the
            # ceasefire")
            act, g0, g1 = (refuse[k] if act == ending and refuse[k] >= 0 else k), o0, o1
            cue_a[j], cue_b[j] = g0, g1
        bare = act < 0  # (no act: only a threat around the match gives it a stance)
        # Modifiers count from ``reach`` words before the earlier of cue and match, a condition
        # from ``condition_reach`` words, each in the clause of that earlier one (its start read
        # once, as far back as the longer reach goes).
        x = min(g0, a)
        clause = _clause_start(
            tok, r0, r1, _nth_token_start(tok, r0, ring, count, x, max(reach, condition_reach)), x
        )
        r_lo = max(_nth_token_start(tok, r0, ring, count, x, reach), clause)
        opened = g0 != a and act >= 0 and forward[act]
        if opened:
            r_lo = g0  # (a precondition opens a clause of its own: "would not stop until ...")
        r_hi = max(g1, b)
        s0, s1 = (g0, g1) if g0 != a else (-1, -1)
        i = _cue_in(cues, threat, r_lo, r_hi, a, b, s0, s1)
        if i < 0 and act == ending and not opened:
            i = _complement_cue(tok, r0, cues, threat, x, complement_words)
        if i >= 0:
            out[j] = n_acts
        elif bare:
            continue
        else:
            # (A condition opens a clause of its own, subject and all: it reaches further.)
            c_lo = (
                r_lo
                if opened
                else max(_nth_token_start(tok, r0, ring, count, x, condition_reach), clause)
            )
            # A party that would end it (a cue of ``ending`` before the match) on a condition
            # after it, "if" or "unless", threatens to: "would abandon the ceasefire if the air
            # strikes continued", "would walk away from the truce unless Riyadh paid".
            ends_it = (
                act == ending
                and g0 != a
                and (
                    g1 <= a
                    or _word_in(tok, g0, token_end(tok, g0, g1), _AUX_BYTES, _AUX_LENGTHS) >= 0
                )
                and not asked[j]
            )
            i = _cue_in(cues, condition, c_lo, r_hi, a, b, s0, s1)
            # A modal right before that verb ("might freeze their disarmament unless ...") is
            # the threat's own, not a condition around the match: another is looked for after
            # it, and it counts as one only where no condition follows the match.
            modal = -1
            if i >= 0 and ends_it and g1 <= a and _spaces_between(tok, cue_ends[i], g0):
                modal = i
                i = _cue_in(cues, condition, cue_ends[i], r_hi, a, b, s0, s1)
            if i < 0:
                i = _cue_in(cues, proviso, c_lo, r_hi, a, b, s0, s1)
            after = -1
            if i < 0:
                after = _proviso_after(tok, row_starts[j], r1, cues, proviso, r_hi, proviso_words)
                if after < 0 and ends_it:
                    after = _proviso_after(
                        tok, row_starts[j], r1, cues, unless, r_hi, proviso_words
                    )
                i = after
            if ends_it and after >= 0:
                out[j] = n_acts
            elif asked[j] or i >= 0 or modal >= 0:
                out[j] = n_acts + 1
                if i < 0:
                    i = modal
                if i < 0:
                    mod_a[j], mod_b[j] = -2, -2
            else:
                # A negation between a cue of asking, ordering, agreeing or declaring and the
                # infinitive it governs ("told his men not to hand over their weapons") refuses
                # the act, or keeps the cue's act where the match itself breaks or refuses.
                i = -1
                if refuse[act] >= 0 and g0 != a and g1 <= a:
                    i = _negation_to(tok, cues, negation, g0, a)
                    if i >= 0:
                        own = intrinsic[j]
                        out[j] = act if own >= 0 and opposed[own] else refuse[act]
                if i < 0:
                    i = _cue_in(cues, negation, r_lo, r_hi, a, b, s0, s1)
                    if i < 0 and not opened:
                        i = _complement_cue(tok, r0, cues, negation, x, complement_words)
                    out[j] = flip[act] if i >= 0 else act
                    # A match that is itself that refusal ("never surrender its weapons") is
                    # what such a cue asks, orders, promises or announces: "vowed the group
                    # would never surrender its weapons" is a refusal.
                    if i < 0 and refuse[act] >= 0 and intrinsic[j] == refuse[act]:
                        out[j] = refuse[act]
        if i >= 0:
            mod_a[j], mod_b[j] = cue_starts[i], cue_ends[i]
    return out, cue_a, cue_b, mod_a, mod_b


# The bytes that may end a sentence: ".", "!", "?" and line breaks (see inner_stops).
_STOP_BYTES = np.zeros(256, dtype=np.bool_)
_STOP_BYTES[[46, 33, 63, 10, 13]] = True


@jit
def inner_stops(image, row_starts, row_ends):
    """Whether each row may hold more than one sentence, by what the segmenter needs to end
    one: a ".", "!" or "?" (an ellipsis is a "." in the image), white space after it, and a
    word that starts with anything but a lower-case letter ("U.S. Army" is read by the
    segmenter; "U.S. forces" and "1.5" need not be); a line break before such a word; or a
    blank line. Quotation marks and brackets may stand between."""
    out = np.zeros(len(row_starts), dtype=np.bool_)
    for r in range(len(row_starts)):
        first, end = row_starts[r], row_ends[r]
        while first < end and not _STOP_BYTES[image[first]]:  # (most rows: one stop, at the end)
            first += 1
        state = 0  # 1: a stop; 2: a stop and a space, or a line break; 3: a blank line
        for p in range(first, end):
            c = image[p]
            if c == 46 or c == 33 or c == 63:
                state = 1
            elif c == 10 or c == 13:
                state = 3 if state >= 2 and c == 10 else max(state, 2)
            elif c == 32 or c == 9:
                state = 2 if state == 1 else state
            elif TOK_ALNUM[c]:
                if state == 3 or (state == 2 and not 97 <= c <= 122):
                    out[r] = True
                    break
                state = 0
    return out


@jit
def next_byte(image, starts, row_ends, byte):
    """For each match (``starts``, ascending, each with its row's end), where the first
    ``byte`` at or after it in its row stands, or -1. A row's matches share one scan: each
    byte of a row is read once, however many matches it holds."""
    out = np.full(len(starts), -1, dtype=np.int64)
    seen, seen_end = -1, -1  # the last byte found (or -2: none up to seen_end, a row's end)
    for j in range(len(starts)):
        a, r1 = starts[j], row_ends[j]
        if seen_end == r1 and (seen == -2 or seen >= a):
            out[j] = -1 if seen == -2 else seen
            continue
        seen, seen_end = -2, r1
        for p in range(a, r1):
            if image[p] == byte:
                seen = p
                break
        out[j] = -1 if seen == -2 else seen
    return out


@jit
def _is_break(x):
    """Whether a byte is the whitespace that separates KWIC words."""
    return x == 32 or x == 10 or x == 9 or x == 13


@jit
def context_bounds(buf, starts, ends, row_starts, row_ends, window, whitespace):  # noqa: C901 (compiled loop)
    """Per line (a match ``buf[starts[j]:ends[j]]`` in the row ``row_starts[j]:row_ends[j]``,
    byte offsets): its left and right context, whitespace stripped as ``str.strip`` strips.

    Words are separated by runs of whitespace (space, tab, newline, carriage return): a run of
    several spaces is one break. The left context starts after the ``window + 1``-th run before
    the match, the right one ends at the ``window + 1``-th run at or after its end, both within
    the row: up to ``window`` words either side (the word the match sits in counts).
    Returns (left_from, left_to, right_from, right_to): the two contexts' byte spans.
    """
    n = len(starts)
    left_from, left_to = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    right_from, right_to = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    for j in range(n):
        a, b, r0, r1 = starts[j], ends[j], row_starts[j], row_ends[j]
        lo, seen, p = r0, 0, a - 1
        while p >= r0:
            # A run is counted where it is entered, reading leftwards from the match.
            if _is_break(buf[p]) and (p == a - 1 or not _is_break(buf[p + 1])):
                seen += 1
                if seen == window + 1:
                    lo = p + 1
                    break
            p -= 1
        hi, seen, p = r1, 0, b
        while p < r1:
            if _is_break(buf[p]) and (p == b or not _is_break(buf[p - 1])):
                seen += 1
                if seen == window + 1:
                    hi = p
                    break
            p += 1
        # Strip both contexts: whitespace characters off either end (decoded from UTF-8).
        for side in range(2):
            s, e = (lo, a) if side == 0 else (b, hi)
            while s < e:
                cp, size = code_point_at(buf, s)
                if cp >= len(whitespace) or not whitespace[cp]:
                    break
                s += size
            while e > s:
                q = e - 1
                while buf[q] & 0xC0 == 0x80:  # back to the first byte of the last character
                    q -= 1
                cp, size = code_point_at(buf, q)
                if cp >= len(whitespace) or not whitespace[cp]:
                    break
                e = q
            if side == 0:
                left_from[j], left_to[j] = s, e
            else:
                right_from[j], right_to[j] = s, e
    return left_from, left_to, right_from, right_to


# Every character ``str.isspace`` is true of (what ``str.strip`` removes), by code point.
WHITESPACE = np.array([chr(c).isspace() for c in range(0x3001)], dtype=np.bool_)
