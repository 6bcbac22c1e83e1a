"""Association measures of 2x2 contingency tables, shared by every table that ranks pairs:
entity pairs (``cooccurrence_pairs``), words near a node (``collocates``) and adjacent word pairs
(``bigram_collocations``).

Each table carries the cells it was computed from, so a reader can recompute any figure:

- ``count``: units with both (O11), ``count_a`` and ``count_b`` (or the table's own names for
  them): units with each, ``n``: all units. ``expected`` = count_a * count_b / n.
- ``pmi``: log2(count * n / (count_a * count_b)), NLTK's pointwise mutual information, in bits:
  how many times more often than chance the pair occurs, on a log2 scale (0: as often as chance).
- ``npmi``: PMI / -log2(count / n) (Bouma 2009), from -1 (never together) through 0 (as chance)
  to 1 (always together); NLTK has no NPMI, so it is derived from NLTK's PMI.
- ``llr``: the log-likelihood ratio G² = 2 * sum O * ln(O / E) over the four cells (NLTK's,
  natural log), signed: negative when the pair is seen less often than expected.
- ``dice``: 2 * count / (count_a + count_b), NLTK's Dice coefficient (0 to 1).
- ``p_value``: the one-sided Fisher exact test for attraction, P(count or more | the margins),
  from the hypergeometric distribution (``engine.hypergeom``, equal to scipy's): exact at any
  count, no large-sample assumption.
- ``q_value``: the Benjamini-Hochberg adjustment of ``p_value`` over the family of tables the
  caller tested (every pair seen at least once, whatever a display threshold then shows).
- ``too_rare``: True when even the strongest co-occurrence these margins allow (count =
  min(count_a, count_b)) would have a p-value above ``ALPHA``: the data cannot show attraction.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# The significance level for ``too_rare`` and for claims in the notebooks, after correction.
ALPHA = 0.05
MEASURES = ["expected", "pmi", "npmi", "llr", "dice", "p_value", "q_value", "too_rare"]


def association(count, count_a, count_b, n) -> pd.DataFrame:
    """The measures (``MEASURES``, see the module docstring) of many 2x2 tables at once, one row
    per table, from integer arrays of the cells; ``q_value`` is adjusted over these rows.

    The measures are NLTK's (``BigramAssocMeasures``: pmi, likelihood_ratio, dice), computed on
    whole arrays rather than called once per table: a million-sentence corpus grouped by month
    has 250,000 entity pairs, and NLTK's per-table Python took seconds (a test checks that every
    measure equals NLTK's on the same cells). The Fisher p-values come from the compiled exact
    hypergeometric tails (``engine.hypergeom``, checked against scipy).
    """

    from .engine.hypergeom import upper_tail

    count, count_a, count_b, n = (
        np.asarray(x, dtype=np.int64) for x in (count, count_a, count_b, n)
    )
    count_a, count_b, n = (np.broadcast_to(x, count.shape) for x in (count_a, count_b, n))
    o11, a, b, total = (x.astype(float) for x in (count, count_a, count_b, n))
    expected = a * b / total
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.where(count > 0, np.log2(o11 * total / (a * b)), -np.inf)
        npmi = np.where(count == 0, -1.0, np.where(count == n, 1.0, pmi / -np.log2(o11 / total)))
        # G² = 2 * sum over the four cells of O * ln(O / E); a cell with O = 0 adds nothing.
        observed = np.stack([o11, a - o11, b - o11, total - a - b + o11])
        fitted = np.stack([a * b, a * (total - b), (total - a) * b, (total - a) * (total - b)])
        fitted = fitted / total
        g2 = g_squared(observed, fitted)
        dice = 2 * o11 / (a + b)
    sign = np.sign(o11 - expected)
    table = pd.DataFrame(
        {
            "expected": expected,
            "pmi": pmi,
            "npmi": npmi,
            "llr": sign * g2,
            "dice": dice,
        }
    )
    # One-sided Fisher: P(X >= count) for X hypergeometric (n units, count_a of them "a",
    # count_b drawn), which is scipy.stats.fisher_exact(..., alternative="greater").
    table["p_value"] = upper_tail(count, n, count_a, count_b)
    table["q_value"] = q_values(table["p_value"].to_numpy())
    best = upper_tail(np.minimum(count_a, count_b), n, count_a, count_b)
    table["too_rare"] = best > ALPHA
    return table


def rank_key(column: pd.Series) -> pd.Series:
    """The sort key of a ranking (``sort_values(key=...)``): measures rounded to 9 decimals, so
    that two tables whose measure is the same number rank as a tie (broken by count, then name)
    rather than by the last bit of floating-point rounding."""
    return column.round(9) if column.dtype.kind == "f" else column


def q_values(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values: the same numbers as scipy's
    ``false_discovery_control(p, method="bh")`` (a test compares them).

    Written out (sort, scale by m / rank, running minimum from the largest) because importing
    ``scipy.stats`` costs a second or more in every fresh process, each notebook's kernel
    among them, for these few lines (issue 17)."""
    p_values = np.asarray(p_values, dtype=float)
    if len(p_values) == 0:
        return p_values
    order = np.argsort(p_values, kind="stable")
    ranked = p_values[order] * len(p_values) / np.arange(1, len(p_values) + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty_like(adjusted)
    out[order] = np.minimum(adjusted, 1.0)
    return out


def g_squared(observed: np.ndarray, fitted: np.ndarray) -> np.ndarray:
    """G² = 2 * sum of O * ln(O / E) down the first axis of ``observed`` and ``fitted`` (the
    cells of many tables at once, one table a column); a cell with O = 0 adds nothing, and one
    with E = 0 must have O = 0. The same as scipy's ``power_divergence(...,
    lambda_="log-likelihood")`` and NLTK's ``likelihood_ratio`` (tests compare them), without
    importing ``scipy.stats`` (see ``q_values``)."""
    from scipy import special

    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = observed / np.where(fitted > 0, fitted, 1)
    return np.maximum(2 * np.sum(special.xlogy(observed, ratio), axis=0), 0.0)


def significance_sentence(table: pd.DataFrame, what: str = "pairs") -> str:
    """One sentence on how many rows of an association table (all the rows that were tested)
    survive the correction, for the notebooks' prose; it says so plainly when none do."""
    tested = len(table)
    if tested == 0:
        return f"There are no {what} to test."
    survive = int((table["q_value"] <= ALPHA).sum())
    rare = int(table["too_rare"].sum())
    if survive == 0:
        head = (
            f"Of the {tested:,} {what}, none is significant after the Benjamini-Hochberg "
            f"correction (q ≤ {ALPHA}), so none can be called associated beyond chance"
        )
    else:
        head = (
            f"Of the {tested:,} {what}, {survive:,} {'is' if survive == 1 else 'are'} "
            f"significant after the Benjamini-Hochberg correction (q ≤ {ALPHA})"
        )
    if rare:
        head += (
            f"; for {rare:,} of them even the strongest co-occurrence their counts allow would "
            f"not be significant (too rare to judge)"
        )
    return head + "."
