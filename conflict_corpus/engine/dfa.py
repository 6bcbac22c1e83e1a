"""Regular languages over bytes, each list of them compiled to one DFA, and the compiled scans
that walk it.

The stage modules say what to find as small expressions built with ``literal``, ``one_of``,
``seq``, ``alt`` and ``repeat`` (the lexicon's pattern language and KWIC phrases are parsed
straight into them; no regular-expression syntax is involved). Each list of expressions becomes
one anchored DFA (Thompson NFA, then subset construction over byte classes), and the compiled
loops below walk it. Written by hand because no library gives, for a start position, the longest
end of *each* pattern in one walk, and RE2's Python wrapper hands back one match per call (a
million-sentence corpus has millions). Matching is leftmost-longest; word boundaries around a
whole match are applied by the scans. Tests compare the result with row-by-row regex references.
"""

from __future__ import annotations

import itertools

import numpy as np

from .image import JOINED, LOWER_NP, SPACED
from .jit import MATCH_SPACING, MIN_MATCH_ROOM, grown, jit

# The prefilter table (``hope``, see Dfa) reads three bytes when a DFA has at most this many byte
# classes, two otherwise: nc**3 bytes of table, 64 KB at 40, which stays in a core's L2 cache.
HOPE_THREE_BYTES_UP_TO = 40
# Stance cues are looked for only in the rows with a ceasefire match: room for this many at first
# (the arrays grow if needed).
CUE_ROOM = 1 << 12
# The most states one DFA may have. The shipped lexicon needs about 121,100 (3.4 s to build,
# once per change of a curated file: the built matcher is stored), which leaves a researcher's
# own rows some 70,900; a lexicon that passes it stops in about 3 s, having held some 200 MB
# while it was built, and it holds the transition table under 35 MB (the lexicon's 44 byte
# classes; 197 MB if every byte were a class of its own). Without it, two rows with two long
# gaps each, such as "(the|a) ..9 truce ..9 (held|holds)", add a million states.
MAX_DFA_STATES = 192_000
ALL_BYTES = (1 << 256) - 1  # byte sets are 256-bit integers: bit b set <=> byte b in the set


def byte_set(values) -> int:
    """The byte set (a 256-bit integer) of the given byte values."""
    m = 0
    for v in values:
        m |= 1 << v
    return m


# \w as the image has it: ASCII letters, digits and "_" (every other word character of the text
# is "_" in the image).
WORD_BYTES = byte_set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


# Expressions are nested tuples: ("set", byte set), ("seq", items), ("alt", items) and
# ("rep", item, low, high), high None for no upper bound.
def one_of(mask: int) -> tuple:
    """One byte of the byte set ``mask``."""
    return ("set", mask)


def literal(data: bytes) -> tuple:
    """The bytes ``data``, in order."""
    return ("seq", tuple(("set", 1 << b) for b in data))


def seq(*items) -> tuple:
    """The items one after another."""
    return ("seq", items)


def alt(*items) -> tuple:
    """Any one of the items."""
    return ("alt", items)


def repeat(item, low: int, high: int | None = None) -> tuple:
    """``item`` ``low`` to ``high`` times (no upper bound when ``high`` is None)."""
    return ("rep", item, low, high)


class _Nfa:
    """Thompson NFA: each state has epsilon successors, at most one byte-set edge, and may
    accept an expression."""

    def __init__(self):
        self.eps: list[list[int]] = []
        self.edge: list[tuple[int, int] | None] = []  # (byte set, target)
        self.accept: dict[int, int] = {}  # state -> expression index

    def new(self) -> int:
        self.eps.append([])
        self.edge.append(None)
        return len(self.eps) - 1

    def byte_edge(self, s: int, byteset: int) -> int:
        if self.edge[s] is not None:
            fresh = self.new()
            self.eps[s].append(fresh)
            s = fresh
        t = self.new()
        self.edge[s] = (byteset, t)
        return t

    def add(self, expression: tuple, s: int) -> int:
        """Add the NFA of ``expression`` entered at state ``s``; return its exit state."""
        kind = expression[0]
        if kind == "set":
            return self.byte_edge(s, expression[1])
        if kind == "seq":
            for item in expression[1]:
                s = self.add(item, s)
            return s
        if kind == "alt":
            join = self.new()
            for item in expression[1]:
                entry = self.new()
                self.eps[s].append(entry)
                self.eps[self.add(item, entry)].append(join)
            return join
        if kind != "rep":
            raise ValueError(f"unknown expression {kind!r}")
        return self.repeat(expression, s)

    def repeat(self, expression: tuple, s: int) -> int:
        """Add the NFA of ``("rep", item, low, high)`` entered at ``s``; return its exit."""
        _, item, low, high = expression
        for _ in range(low):
            s = self.add(item, s)
        if high is None:  # a loop: s -> item -> s, and s -> exit
            entry, end = self.new(), self.new()
            self.eps[s] += [entry, end]
            self.eps[self.add(item, entry)].append(s)
            return end
        end, exits = self.new(), []  # high - low optional copies, each may skip to the end
        for _ in range(high - low):
            entry = self.new()
            self.eps[s].append(entry)
            exits.append(s)
            s = self.add(item, entry)
        for state in exits + [s]:
            self.eps[state].append(end)
        return end


def _members(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class AutomatonTooLarge(ValueError):
    """A list of expressions whose DFA would pass ``max_states``; ``expression`` is the index of
    the one that contributes most to the states built so far (the one that made it grow)."""

    def __init__(self, expression: int, max_states: int):
        super().__init__(f"expression {expression} makes the automaton pass {max_states:,} states")
        self.expression, self.max_states = expression, max_states


class _Overflow(Exception):
    def __init__(self, order: list[tuple], closure: _Closure):
        self.order, self.closure = order, closure


class Dfa:
    """One anchored DFA for the union of ``expressions`` (see ``seq``; over the image's bytes).

    ``trans[state, classes[byte]]`` is the next state (0 = dead, 1 = start); the expressions that
    match the bytes read so far are ``acc_idx[acc_ptr[q]:acc_ptr[q + 1]]`` (ascending).
    ``hope`` (with ``cls3`` and ``m``) says from the next two or three bytes whether a walk can
    reach an accepting state at all, so most positions are skipped at one table lookup.
    """

    def __init__(self, expressions: list[tuple], max_states: int = MAX_DFA_STATES):
        nfa = _Nfa()
        start = nfa.new()
        owned = []  # the NFA states of each expression: a range, as they are made in order
        for p, expression in enumerate(expressions):
            entry = nfa.new()
            nfa.eps[start].append(entry)
            nfa.accept[nfa.add(expression, entry)] = p
            owned.append(range(entry, len(nfa.eps)))
        self.classes, class_bytes = _byte_classes(nfa)
        try:
            rows, acc_sets = _subsets(nfa, start, class_bytes, max_states)
        except _Overflow as overflow:
            raise AutomatonTooLarge(_grower(overflow, owned), max_states) from None
        self.trans = np.array(rows, dtype=np.int32).reshape(len(rows), len(class_bytes))
        # An invisible character (see image.JOINED) inside a match is stepped over: every live
        # state but the start loops on it, so no match starts with one.
        for b in (JOINED, SPACED):
            self.trans[2:, self.classes[b]] = np.arange(2, len(rows), dtype=np.int32)
        self.acc_ptr = np.zeros(len(rows) + 1, dtype=np.int32)
        self.acc_ptr[1:] = np.cumsum([len(a) for a in acc_sets])
        self.acc_idx = np.array([p for a in acc_sets for p in a], dtype=np.int32)
        self.hope, self.cls3, self.m = _prefilter(self.trans, self.classes, self.acc_ptr)
        # The patterns are written for lower-cased text. Reading an upper-case byte as its
        # lower-case class lets the scans walk the image as it is: no lower-cased copy of a
        # large corpus is made (it would be another byte per character in memory).
        self.classes, self.cls3 = self.classes[LOWER_NP], self.cls3[LOWER_NP]

    def args(self) -> tuple:
        return (self.classes, self.trans, self.acc_ptr, self.acc_idx, self.hope, self.cls3, self.m)


def _byte_classes(nfa: _Nfa) -> tuple[np.ndarray, list[int]]:
    """Bytes that every edge treats alike share a class: the class of each byte, and one byte
    of each class."""
    # (The two invisible-character bytes get classes of their own: the DFA loops on them.)
    sets = sorted({edge[0] for edge in nfa.edge if edge is not None}) + [1 << JOINED, 1 << SPACED]
    signature: dict[tuple, int] = {}
    classes = np.zeros(256, dtype=np.uint8)
    for b in range(256):
        classes[b] = signature.setdefault(tuple((m >> b) & 1 for m in sets), len(signature))
    return classes, [int(np.flatnonzero(classes == c)[0]) for c in range(len(signature))]


class _Closure:
    """Epsilon closures of NFA states, as tuples (ascending) of the numbers of the states that
    matter to a DFA state (those with a byte edge or an accept: ``important``)."""

    def __init__(self, nfa: _Nfa):
        self.nfa = nfa
        self.index, self.important = [-1] * len(nfa.eps), []
        for q in range(len(nfa.eps)):
            if nfa.edge[q] is not None or q in nfa.accept:
                self.index[q] = len(self.important)
                self.important.append(q)
        self.memo: dict[int, tuple] = {}

    def __call__(self, root: int) -> tuple:
        if root not in self.memo:
            found, seen, stack = [], {root}, [root]
            while stack:
                q = stack.pop()
                if self.index[q] >= 0:
                    found.append(self.index[q])
                fresh = [r for r in self.nfa.eps[q] if r not in seen]
                seen.update(fresh)
                stack += fresh
            self.memo[root] = tuple(sorted(found))
        return self.memo[root]


def _grower(overflow: _Overflow, owned: list[range]) -> int:
    """The expression whose NFA states appear most often in the DFA states built so far: the
    one that multiplied them."""
    index = overflow.closure.index
    # How many DFA states hold each important NFA state, counted by numpy over all the states'
    # members at once (counted state by state and expression by expression in Python, 50,000
    # states times some 600 rows took 12 s).
    members = np.fromiter(itertools.chain.from_iterable(overflow.order), dtype=np.int64)
    held = np.bincount(members, minlength=len(overflow.closure.important))
    weights = [int(held[[index[q] for q in states if index[q] >= 0]].sum()) for states in owned]
    return max(range(len(weights)), key=weights.__getitem__)


def _subsets(nfa: _Nfa, start: int, class_bytes: list[int], max_states: int) -> tuple[list, list]:
    """Subset construction: the DFA's transition rows (state 0 dead, 1 the start) and the
    expressions each state accepts. A DFA state is the tuple of its NFA members, ascending:
    six on average. (As bitmasks, integers of one bit per important NFA state and up to 4.8 KB
    each for the shipped lexicon, its states and their closures take some 300 MB more to build,
    and twice the time.) Stops with ``_Overflow`` when a state past ``max_states`` would be
    made.

    A state's move on a class is the union of the targets of its members that read the class.
    Its members are listed once and dealt into one bucket per class they read (``classes_of``),
    and for each bucket met, the DFA state of its members' union is kept (``moved``, keyed by
    the tuple of member numbers), since many states share them. (Picking each class's members
    with one mask operation, ``mask & reads[c]``, and keying ``moved`` by that integer takes
    three times as long, measured side by side on a lexicon of 56,683 states, 6.1 s against
    1.9 s: each of the 44 classes of each state ANDs and hashes an integer of up to 38,505
    bits, where a state has six members on average.)"""
    closure = _Closure(nfa)
    reads, edge_target, accepts = _edges(nfa, closure, class_bytes)
    classes_of = _classes_of(reads, len(closure.important))
    moved: dict[tuple, int] = {(): 0}  # members reading a class -> the DFA state they move to
    accepted: dict[tuple, list[int]] = {(): []}
    first = closure(start)
    ids, order, rows, acc_sets = {(): 0, first: 1}, [(), first], [], []

    def state_of(members: tuple) -> int:
        """The DFA state that ``members`` move to together, numbered when first made."""
        if len(members) == 1:
            key = edge_target[members[0]]
        else:
            key = tuple(sorted(set().union(*(edge_target[i] for i in members))))
        state = ids.get(key)
        if state is None:
            if len(order) >= max_states:
                raise _Overflow(order, closure)
            state = ids[key] = len(order)
            order.append(key)
        moved[members] = state
        return state

    for state_members in _iter_growing(order):
        row = []
        for bucket in _by_class(state_members, classes_of, len(class_bytes)):
            members = tuple(bucket)
            state = moved.get(members)
            row.append(state_of(members) if state is None else state)
        rows.append(row)
        final = tuple(i for i in state_members if accepts[i] >= 0)
        if final not in accepted:
            accepted[final] = sorted({accepts[i] for i in final})
        acc_sets.append(accepted[final])
    if not first:  # no expression: the start state is the dead state
        rows, acc_sets = [rows[0], rows[0]], [[], []]
    return rows, acc_sets


def _classes_of(reads: list[int], n_important: int) -> list[list[int]]:
    """Per important NFA state, the classes its byte edge reads (``reads`` turned around)."""
    classes_of: list[list[int]] = [[] for _ in range(n_important)]
    for c, members in enumerate(reads):
        for k in _members(members):
            classes_of[k].append(c)
    return classes_of


def _by_class(members: list[int], classes_of: list[list[int]], n_classes: int) -> list[list]:
    """Per class, the members (in ascending order) whose byte edge reads it."""
    buckets: list[list[int]] = [[] for _ in range(n_classes)]
    for k in members:
        for c in classes_of[k]:
            buckets[c].append(k)
    return buckets


def _edges(nfa: _Nfa, closure: _Closure, class_bytes: list[int]) -> tuple:
    """Of the important NFA states (number k: ``closure.important[k]``): for each class, the
    states whose byte edge reads it (a mask, bit k for state k); each state's edge target
    (closed: a tuple, as ``_Closure`` gives it); the expression each accepts (-1: none)."""
    reads = [0] * len(class_bytes)
    edge_target, accepts = [], []
    for k, q in enumerate(closure.important):
        edge = nfa.edge[q]
        edge_target.append(() if edge is None else closure(edge[1]))
        for c, b in enumerate(class_bytes):
            if edge is not None and (edge[0] >> b) & 1:
                reads[c] |= 1 << k
        accepts.append(nfa.accept.get(q, -1))
    return reads, edge_target, accepts


def _iter_growing(items: list):
    """Iterate over a list that grows while it is read (a work queue)."""
    k = 0
    while k < len(items):
        yield items[k]
        k += 1


@jit
def _prefilter(trans, classes, acc_ptr):
    """``hope[(class(b0) * nc + class(b1)) * m + cls3[b2]]`` is 0 where the walk over the bytes
    b0 b1 (b2) dies without passing an accepting state, so no match starts there. Three bytes
    are looked at when there are few classes (see HOPE_THREE_BYTES_UP_TO), else two (then
    m = 1, cls3 all 0)."""
    nq, nc = trans.shape
    accepting = np.zeros(nq, dtype=np.uint8)
    for q in range(nq):
        accepting[q] = 1 if acc_ptr[q + 1] > acc_ptr[q] else 0
    three = nc <= HOPE_THREE_BYTES_UP_TO
    m = nc if three else 1
    cls3 = np.zeros(256, dtype=np.int64)
    if three:
        for b in range(256):
            cls3[b] = classes[b]
    hope = np.zeros(nc * nc * m, dtype=np.uint8)
    for c0 in range(nc):
        q0 = trans[1, c0]
        for c1 in range(nc):
            q1 = trans[q0, c1]
            for c2 in range(m):
                alive = trans[q1, c2] != 0 if three else q1 != 0
                if accepting[1] or accepting[q0] or (three and accepting[q1]) or alive:
                    hope[(c0 * nc + c1) * m + c2] = 1
    return hope, cls3, m


@jit
def _unless_at(image, e, u, classes, trans, acc_ptr, acc_idx, is_word):
    """Whether unless pattern ``u`` matches ``image[e:t]`` for some t not followed by a word
    character (Python's ``re.match(SEP(?:unless)(?!\\w), image, e)`` succeeds)."""
    n, state, t = len(image), 1, e
    while t < n:
        state = trans[state, classes[image[t]]]
        if state == 0:
            return False
        t += 1
        if t == n or not is_word[image[t]]:
            for q in range(acc_ptr[state], acc_ptr[state + 1]):
                if acc_idx[q] == u:
                    return True
    return False


@jit
def frame_scan(  # noqa: C901 (compiled loop)
    image,
    classes,
    trans,
    acc_ptr,
    acc_idx,
    hope,
    cls3,
    m,
    u_classes,
    u_trans,
    u_acc_ptr,
    u_acc_idx,
    unless_of,
    is_word,
):
    """Lexicon matches in an ASCII image (see Dfa: any case): (starts, ends, rows), int64.

    At each word boundary (leftmost first) every lexicon row's longest match is found in one
    walk; a row whose ``unless`` pattern follows its match is set aside; the longest of the
    rest wins, the first row in lexicon order on a tie; the scan goes on from its end.
    """
    n, nc = len(image), trans.shape[1]
    best = np.full(len(unless_of), -1, dtype=np.int64)
    cap = max(MIN_MATCH_ROOM, len(image) // MATCH_SPACING)
    starts = np.empty(cap, dtype=np.int64)
    ends = np.empty(cap, dtype=np.int64)
    rows = np.empty(cap, dtype=np.int64)
    # The bytes a match can start with: a phrase (a KWIC query) starts with few, so most of
    # the text is passed over with one look-up a byte.
    first = np.zeros(256, dtype=np.bool_)
    for b in range(256):
        first[b] = trans[1, classes[b]] != 0 or acc_ptr[2] > acc_ptr[1]
    k, resume = 0, 0
    for s in range(n):
        # (The skip tests and the walk are written out here and in cue_scan: shared as one
        # function, the scan ran 2.3x slower inlined by numba and 3x slower as a call, measured
        # on a million sentences.)
        if s < resume or not first[image[s]]:
            continue
        if is_word[image[s]] == (s > 0 and is_word[image[s - 1]]):
            continue  # not a word boundary
        if (
            s + 3 <= n
            and hope[(classes[image[s]] * nc + classes[image[s + 1]]) * m + cls3[image[s + 2]]] == 0
        ):
            continue
        found = False
        state, t = trans[1, classes[image[s]]], s
        while state != 0:
            t += 1
            if acc_ptr[state + 1] > acc_ptr[state] and is_word[image[t - 1]] != (
                t < n and is_word[image[t]]
            ):
                for q in range(acc_ptr[state], acc_ptr[state + 1]):
                    best[acc_idx[q]] = t
                found = True
            if t >= n:
                break
            state = trans[state, classes[image[t]]]
        if not found:
            continue
        e_best, r_best = -1, -1
        for r in range(len(best)):
            e = best[r]
            best[r] = -1
            if e <= e_best:
                continue
            u = unless_of[r]
            if u >= 0 and _unless_at(
                image, e, u, u_classes, u_trans, u_acc_ptr, u_acc_idx, is_word
            ):
                continue
            e_best, r_best = e, r
        if r_best < 0:
            continue
        if k == cap:
            cap *= 2
            starts, ends, rows = (grown(starts, cap), grown(ends, cap), grown(rows, cap))
        starts[k], ends[k], rows[k] = s, e_best, r_best
        k += 1
        resume = e_best
    return starts[:k], ends[:k], rows[:k]


@jit
def cue_scan(  # noqa: C901 (compiled loop)
    image,
    row_starts,
    row_ends,
    classes,
    trans,
    acc_ptr,
    acc_idx,
    hope,
    cls3,
    m,
    stance_of,
    n_stances,
    is_word,
):
    """Stance cues in the given rows of an ASCII image (any case), one leftmost-longest,
    non-overlapping scan per stance (done together): (starts, ends, stances) as int64 arrays."""
    nc = trans.shape[1]
    best = np.full(len(stance_of), -1, dtype=np.int64)
    longest = np.empty(n_stances, dtype=np.int64)
    resume = np.empty(n_stances, dtype=np.int64)
    cap = CUE_ROOM
    starts = np.empty(cap, dtype=np.int64)
    ends = np.empty(cap, dtype=np.int64)
    stances = np.empty(cap, dtype=np.int64)
    k = 0
    for r in range(len(row_starts)):
        a, b = row_starts[r], row_ends[r]
        resume[:] = a
        for s in range(a, b):
            if is_word[image[s]] == (s > a and is_word[image[s - 1]]):
                continue
            # (The skip test and the walk are written out: see frame_scan.)
            if (
                s + 3 <= b
                and hope[(classes[image[s]] * nc + classes[image[s + 1]]) * m + cls3[image[s + 2]]]
                == 0
            ):
                continue
            found = False
            state, t = trans[1, classes[image[s]]], s
            while state != 0:
                t += 1
                if acc_ptr[state + 1] > acc_ptr[state] and is_word[image[t - 1]] != (
                    t < b and is_word[image[t]]
                ):
                    for q in range(acc_ptr[state], acc_ptr[state + 1]):
                        best[acc_idx[q]] = t
                    found = True
                if t >= b:
                    break
                state = trans[state, classes[image[t]]]
            if not found:
                continue
            longest[:] = -1
            for p in range(len(best)):
                if best[p] > longest[stance_of[p]]:
                    longest[stance_of[p]] = best[p]
                best[p] = -1
            for st in range(n_stances):
                if longest[st] < 0 or s < resume[st]:
                    continue
                if k == cap:
                    cap *= 2
                    starts, ends, stances = (
                        grown(starts, cap),
                        grown(ends, cap),
                        grown(stances, cap),
                    )
                starts[k], ends[k], stances[k] = s, longest[st], st
                k += 1
                resume[st] = longest[st]
    return starts[:k], ends[:k], stances[:k]
