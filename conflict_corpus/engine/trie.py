"""An alias table as byte tries, and the compiled scan that finds every alias in a text."""

from __future__ import annotations

import numpy as np

from .image import SKIPPED
from .jit import MATCH_SPACING, MIN_MATCH_ROOM, grown, jit


class Trie:
    """Spellings as a byte trie with dense transitions over the bytes they use.

    ``trans[node, byte_class[b]]`` is the next node (0 = no way on); ``rows[node]`` the
    gazetteer row a spelling ends at that node names (-1: none).
    """

    def __init__(self, spellings: dict[str, int]):
        used = sorted({b for s in spellings for b in s.encode("ascii")})
        self.byte_class = np.zeros(256, dtype=np.int32)  # class 0: a byte no spelling uses
        self.byte_class[used] = np.arange(1, len(used) + 1)
        children: list[dict[int, int]] = [{}, {}]  # node 0 is the dead end, 1 the root
        rows = [-1, -1]
        parents, labels = [], []  # node k (k >= 2) is reached from parents[k - 2] by labels[k - 2]
        for spelling, row in spellings.items():
            node = 1
            for b in spelling.encode("ascii"):
                edges = children[node]
                child = edges.get(b)
                if child is None:
                    child = edges[b] = len(children)
                    children.append({})
                    rows.append(-1)
                    parents.append(node)
                    labels.append(b)
                node = child
            rows[node] = row
        # Every edge written at once: one numpy store per edge, in a Python loop, was 80% of
        # building the gazetteer's tries (0.2 s of a fresh process's first call).
        self.trans = np.zeros((len(children), len(used) + 1), dtype=np.int32)
        self.trans[np.array(parents, dtype=np.int64), self.byte_class[labels]] = np.arange(
            2, len(children), dtype=np.int32
        )
        self.rows = np.array(rows, dtype=np.int64)


@jit
def entity_scan(image, m_trans, m_class, m_rows, s_trans, s_class, s_rows, is_word):  # noqa: C901 (compiled loop)
    """Leftmost-longest whole-word matches of two tries: multi-word spellings in any case
    (``m_class`` maps a byte and its capital to the same class), one-word spellings as written.

    Returns (starts, ends, rows) as int64 arrays. At each position where a word may start
    (the character before is not a word character) the longest spelling of either trie that
    also ends at a word boundary wins; the scan goes on from its end.
    """
    cap = max(MIN_MATCH_ROOM, len(image) // MATCH_SPACING)
    starts = np.empty(cap, dtype=np.int64)
    ends = np.empty(cap, dtype=np.int64)
    rows = np.empty(cap, dtype=np.int64)
    k, resume, n = 0, 0, len(image)
    for s in range(n):  # (a for loop: LLVM made a while loop here 5x slower)
        if s < resume or (s > 0 and is_word[image[s - 1]]) or SKIPPED[image[s]]:
            continue
        # The two trie walks are written out: as an inlined function they ran 5x slower.
        # Inside a match, invisible characters (SKIPPED, see image.JOINED) and the second and
        # later spaces of a run are stepped over: "Mahdi  Army" is "Mahdi Army".
        e, r, node, i, last = -1, -1, 1, s, 0
        while i < n:
            b = image[i]
            if SKIPPED[b] or (b == 32 and last == 32):
                i += 1
            else:
                node = m_trans[node, m_class[b]]
                if node == 0:
                    break
                i, last = i + 1, b
            if m_rows[node] >= 0 and (i == n or not is_word[image[i]]):
                e, r = i, m_rows[node]
        node, i = 1, s
        while i < n:
            b = image[i]
            if SKIPPED[b]:
                i += 1
            else:
                node = s_trans[node, s_class[b]]
                if node == 0:
                    break
                i += 1
            if s_rows[node] >= 0 and i > e and (i == n or not is_word[image[i]]):
                e, r = i, s_rows[node]
        if e < 0:
            continue
        if k == cap:
            cap *= 2
            starts, ends, rows = (grown(starts, cap), grown(ends, cap), grown(rows, cap))
        starts[k], ends[k], rows[k] = s, e, r
        k += 1
        resume = e
    return starts[:k], ends[:k], rows[:k]


@jit
def capitalised_word_before(image, starts):
    """For each position in ``starts``: where the capitalised word (an ASCII capital and one or
    more lower-case letters, a whole word) that stands one space before it begins, or -1."""
    out = np.full(len(starts), -1, dtype=np.int64)
    for j in range(len(starts)):
        s = starts[j]
        if s < 3 or image[s - 1] != 32:
            continue
        p = s - 1
        while p > 0 and 97 <= image[p - 1] <= 122:
            p -= 1
        if p < s - 1 and p >= 1 and 65 <= image[p - 1] <= 90:
            p -= 1
            if p == 0 or not (
                65 <= image[p - 1] <= 90 or 97 <= image[p - 1] <= 122 or 48 <= image[p - 1] <= 57
            ):
                out[j] = p
    return out


@jit
def leading_words(image, starts, ends, words, lengths):
    """Whether each span ``image[starts[k]:ends[k]]`` may begin with one of ``words`` (lower
    case, a padded byte table; ``lengths``: their lengths) and a space, with more of the span
    after the space: each letter matched in any case, or by ``_`` (which the image may put for
    a letter of another script)."""
    out = np.zeros(len(starts), dtype=np.bool_)
    for k in range(len(starts)):
        s, n = starts[k], ends[k] - starts[k]
        for w in range(len(lengths)):
            size = lengths[w]
            if n <= size + 1 or image[s + size] != 32:
                continue
            same = True
            for i in range(size):
                b = image[s + i]
                if (b | 32) != words[w, i] and b != 95:
                    same = False
                    break
            if same:
                out[k] = True
                break
    return out
