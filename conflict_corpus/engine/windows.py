"""Windows around matches: the collocate window, the ceasefire stance window and the KWIC
context, each one compiled loop over many matches."""

from __future__ import annotations

import numpy as np

from .jit import code_point_at, jit
from .tokens import TOK_ALNUM, token_end


@jit
def near_nodes(  # noqa: C901 (compiled loop)
    tok_starts,
    tok_ends,
    tok_ptr,
    ids,
    first_id,
    node_ptr,
    node_starts,
    node_ends,
    keep,
    window,
    n_words,
):
    """Collocate counts around nodes (see ``collocates``). Row j (of the rows that hold a node)
    has tokens ``tok_*[tok_ptr[j]:tok_ptr[j + 1]]`` (character spans) whose words are
    ``ids[first_id[j]:]`` and nodes ``node_*[node_ptr[j]:node_ptr[j + 1]]``.

    A token is in a window if it is one of the ``window`` tokens before a node's first token or
    after its last, and not inside any node. Returns per word the count of its window tokens
    among the ``keep`` words, and the number of window tokens that are ``keep`` words (so both
    totals count the same tokens).
    """
    near = np.zeros(n_words, dtype=np.int64)
    window_tokens = 0
    for j in range(len(tok_ptr) - 1):
        t0, t1 = tok_ptr[j], tok_ptr[j + 1]
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
                w = ids[first_id[j] + k]
                if keep[w]:
                    window_tokens += 1
                    near[w] += 1
    return near, window_tokens


@jit
def stance_windows(tok, starts, ends, row_starts, row_ends, cue_starts, cue_ends, cue_ptr, window):  # noqa: C901 (compiled loop)
    """The stance of each match (index into STANCES, or -1): the first stance, in priority
    order, with a cue inside the ``window`` words before or after the match (tokenizer
    words, in the same row) and outside the match. Cues of stance k are
    ``cue_starts[cue_ptr[k]:cue_ptr[k + 1]]``, ascending.

    Tokens follow WORD_PATTERN (see token_end). The words before a match are those of the text
    cut at the match's start, as ``finditer(text, 0, start)`` reads them.
    """
    out = np.full(len(starts), -1, dtype=np.int64)
    ring = np.empty(window, dtype=np.int64)
    for j in range(len(starts)):
        a, b, r0, r1 = starts[j], ends[j], row_starts[j], row_ends[j]
        count, p = 0, r0  # the token starts before the match, in the text cut at its start
        while p < a:
            if not TOK_ALNUM[tok[p]]:
                p += 1
                continue
            ring[count % window] = p
            count += 1
            p = token_end(tok, p, a)
        lo = ring[count % window] if count >= window else r0
        got, p, hi = 0, b, r1  # the end of the window-th token after the match
        while p < r1:
            if not TOK_ALNUM[tok[p]]:
                p += 1
                continue
            p = token_end(tok, p, r1)
            got += 1
            if got == window:
                hi = p
                break
        for st in range(len(cue_ptr) - 1):
            i = cue_ptr[st] + np.searchsorted(cue_starts[cue_ptr[st] : cue_ptr[st + 1]], lo)
            while i < cue_ptr[st + 1] and cue_starts[i] < hi:
                if cue_ends[i] <= hi and (cue_ends[i] <= a or cue_starts[i] >= b):
                    out[j] = st
                    break
                i += 1
            if out[j] >= 0:
                break
    return out


@jit
def context_bounds(buf, starts, ends, row_starts, row_ends, window, whitespace):  # noqa: C901 (compiled loop)
    """Per line (a match ``buf[starts[j]:ends[j]]`` in the row ``row_starts[j]:row_ends[j]``,
    byte offsets): its left and right context, whitespace stripped as ``str.strip`` strips.

    The left context starts after the ``window + 1``-th whitespace byte before the match, the
    right one ends at the ``window + 1``-th at or after its end, both within the row: up to
    ``window`` whitespace-separated words either side (the word the match sits in counts).
    Returns (left_from, left_to, right_from, right_to): the two contexts' byte spans.
    """
    n = len(starts)
    left_from, left_to = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    right_from, right_to = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    for j in range(n):
        a, b, r0, r1 = starts[j], ends[j], row_starts[j], row_ends[j]
        lo, seen, p = r0, 0, a - 1
        while p >= r0:
            x = buf[p]
            if x == 32 or x == 10 or x == 9 or x == 13:
                seen += 1
                if seen == window + 1:
                    lo = p + 1
                    break
            p -= 1
        hi, seen, p = r1, 0, b
        while p < r1:
            x = buf[p]
            if x == 32 or x == 10 or x == 9 or x == 13:
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
