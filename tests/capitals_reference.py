"""The runs of capitalised words that ``entities.uncovered_names`` counts, written plainly: the
mentions masked in Python, then a regular expression (``conflict_corpus/engine/capitals.py``
does the same in one compiled pass; a test checks that the two find the same runs)."""

import re

import numpy as np

# A capitalised word: "Basrawis", "Allawi's" (possessive left out), "U.S.".
CAP_WORD = r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][\w]*(?:[-'][A-Za-z]\w*)*)"
# Lower-case particles that sit inside names: "Ali al-Sistani", "Abu Bakr al-Baghdadi".
CAP_SEQUENCE = re.compile(rf"{CAP_WORD}(?:(?: (?:al-|el-|bin |ibn |of |al |de |the )?){CAP_WORD})*")


def capitalised_runs(texts: list[str], spans: list[tuple[int, int, int]]):
    """``(runs, initials, rows)`` of ``texts`` with the mention ``spans`` (row, start, end)
    masked with "|": each run as (offset in its row, text), whether it starts its row after
    opening quotes or brackets, and its row."""
    offsets = np.concatenate([[0], np.cumsum([len(t) + 1 for t in texts])[:-1]]).astype(np.int64)
    masked = list("\n".join(texts))
    for row, start, end in spans:
        for p in range(offsets[row] + start, offsets[row] + end):
            masked[p] = "|"
    joined = "".join(masked)
    runs, initials, rows = [], [], []
    for match in CAP_SEQUENCE.finditer(joined):
        row = int(np.searchsorted(offsets, match.start(), side="right") - 1)
        text = texts[row]
        lead = len(text) - len(text.lstrip(" \"'(“‘"))
        runs.append((match.start() - int(offsets[row]), match.group()))
        initials.append(match.start() - int(offsets[row]) == lead)
        rows.append(row)
    return runs, initials, rows
