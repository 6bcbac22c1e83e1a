"""Stage 9, comparison (issue 16, begun): what one group of sentences says more or less often
than the rest. So far ``keyness``; grouped counts, dispersion and notebook 05 are to come.

A keyness table, as quanteda's ``textstat_keyness`` and AntConc's keyword list give it, carries
the 2x2 cells of each item, so a reader can recompute every figure:

- ``count`` (a): occurrences in the target group; ``count_reference`` (b): in the reference;
  ``total`` (N1) and ``total_reference`` (N2): all occurrences of every item in each.
- ``expected``: a's expected value if the item were used at the same rate in both,
  (a + b) * N1 / (N1 + N2).
- ``llr``: the log-likelihood ratio G² over the four cells, signed: positive when the target
  uses the item more than expected (a key item), negative when less.
- ``p_value``: the exact test in the direction of the sign, doubled (two-sided) and capped at
  1: P(X >= a) for over-use, P(X <= a) for under-use, X hypergeometric with the table's margins
  (scipy's ``fisher_exact`` with ``alternative="greater"`` or ``"less"``).
- ``q_value``: Benjamini-Hochberg over every item tested.
- ``log_ratio``: log2 of the ratio of the two relative frequencies (Hardie 2014, an effect
  size: 1 is twice as frequent); a zero count is taken as 0.5 so that the ratio is finite.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .association import q_values
from .checks import check_table

KEYNESS_COLUMNS = [
    "item",
    "count",
    "count_reference",
    "total",
    "total_reference",
    "expected",
    "llr",
    "p_value",
    "q_value",
    "log_ratio",
]


def keyness(
    items: pd.DataFrame,
    groups: pd.Series,
    target,
    reference=None,
    column: str = "item",
) -> pd.DataFrame:
    """Keyness of every item (a word, an entity, a frame) in the sentences of group ``target``
    against those of ``reference`` (default: every other sentence with a group).

    ``items`` has one row per occurrence: ``sentence_id`` and ``column`` (e.g. mentions with
    ``column="entity"``, frames with ``column="frame"``). ``groups`` maps ``sentence_id`` to a
    group (a Series indexed by sentence_id, e.g. ``corpus.set_index("sentence_id")["source"]``);
    occurrences in sentences without a group are left out. Returns ``KEYNESS_COLUMNS`` (see the
    module docstring), most key first (signed G², descending; ties by item).
    """
    from scipy import stats

    check_table("keyness", "items", items, ("sentence_id", column), "find_entities/find_frames")
    group_of = items["sentence_id"].map(groups)
    if target not in set(group_of.dropna()):
        raise ValueError(f"keyness: no occurrence is in group {target!r}")
    in_target = group_of == target
    in_reference = group_of.notna() & ~in_target if reference is None else group_of == reference
    a = items.loc[in_target, column].value_counts()
    b = items.loc[in_reference, column].value_counts()
    table = pd.concat([a.rename("count"), b.rename("count_reference")], axis=1).fillna(0)
    table = table.astype("int64").rename_axis("item").reset_index()
    n1, n2 = int(in_target.sum()), int(in_reference.sum())
    table["total"], table["total_reference"] = n1, n2
    count, other = table["count"].to_numpy(), table["count_reference"].to_numpy()
    both = count + other
    table["expected"] = both * n1 / (n1 + n2)
    # G² from scipy's log-likelihood contingency test on each 2x2 table (lambda_="log-likelihood"
    # is the G-test), signed by the direction of the difference.
    g2 = [
        stats.chi2_contingency(
            [[x, n1 - x], [y, n2 - y]], correction=False, lambda_="log-likelihood"
        ).statistic
        if 0 < x + y < n1 + n2
        else 0.0
        for x, y in zip(count.tolist(), other.tolist())
    ]
    sign = np.sign(count - table["expected"].to_numpy())
    table["llr"] = sign * np.asarray(g2, dtype=float)
    over = stats.hypergeom.sf(count - 1, n1 + n2, both, n1)  # P(X >= a)
    under = stats.hypergeom.cdf(count, n1 + n2, both, n1)  # P(X <= a)
    table["p_value"] = np.minimum(1.0, 2 * np.where(sign >= 0, over, under))
    table["q_value"] = q_values(table["p_value"].to_numpy())
    table["log_ratio"] = np.log2(
        (np.where(count == 0, 0.5, count) / max(n1, 1))
        / (np.where(other == 0, 0.5, other) / max(n2, 1))
    )
    table = table.sort_values(["llr", "item"], ascending=[False, True], kind="stable")
    return table[KEYNESS_COLUMNS].reset_index(drop=True)
