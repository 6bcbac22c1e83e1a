"""Keyness, checked against numbers worked out by hand and against scipy's exact test."""

import math

import pandas as pd
import pytest
from scipy import stats

import helpers


def _corpus():
    # Group AP: x six times, y four times (10 occurrences); group Reuters: x twice, y eight
    # times (10); sentence 9 has no group and is left out.
    rows = [(1, "x")] * 3 + [(2, "x")] * 3 + [(3, "y")] * 4
    rows += [(4, "x")] * 2 + [(5, "y")] * 8 + [(9, "x")] * 5
    items = pd.DataFrame(rows, columns=["sentence_id", "item"])
    groups = pd.Series({1: "AP", 2: "AP", 3: "AP", 4: "Reuters", 5: "Reuters", 9: None})
    return items, groups


def test_keyness_cells_and_measures_equal_the_hand_worked_table():
    items, groups = _corpus()
    table = helpers.keyness(items, groups, "AP").set_index("item")
    assert table.loc["x", ["count", "count_reference", "total", "total_reference"]].tolist() == [
        6, 2, 10, 10
    ]  # fmt: skip
    # x: expected (6 + 2) * 10 / 20 = 4; G² = 2 * (6 ln 6/4 + 4 ln 4/6 + 2 ln 2/4 + 8 ln 8/6)
    # = 2 * (2.4327906 - 1.6218604 - 1.3862944 + 2.3014568) = 3.452185 (by hand); y is the
    # mirror image, so -3.452185.
    assert table.loc["x", "expected"] == 4.0
    assert table.loc["x", "llr"] == pytest.approx(3.452185, abs=1e-6)
    assert table.loc["y", "llr"] == pytest.approx(-3.452185, abs=1e-6)
    # Two-sided exact p: scipy's one-sided Fisher test in the observed direction, doubled.
    assert table.loc["x", "p_value"] == pytest.approx(
        2 * stats.fisher_exact([[6, 4], [2, 8]], alternative="greater").pvalue
    )
    assert table.loc["y", "p_value"] == pytest.approx(
        2 * stats.fisher_exact([[4, 6], [8, 2]], alternative="less").pvalue
    )
    # BH over two tests: both p are 0.1698..., so q = p.
    assert table["q_value"].tolist() == pytest.approx(table["p_value"].tolist())
    # Log ratio (Hardie 2014): x at 6/10 against 2/10 is log2(3).
    assert table.loc["x", "log_ratio"] == pytest.approx(math.log2(3))
    assert list(table.index) == ["x", "y"]  # most key first


def test_a_named_reference_group_and_a_zero_count():
    items, groups = _corpus()
    items = pd.concat([items, pd.DataFrame({"sentence_id": [6], "item": ["z"]})])
    groups[6] = "BBC"
    table = helpers.keyness(items, groups, "BBC", reference="AP").set_index("item")
    assert table["total"].iloc[0] == 1 and table["total_reference"].iloc[0] == 10
    # z: once in one occurrence against never in ten: the zero is taken as 0.5.
    assert table.loc["z", "log_ratio"] == pytest.approx(math.log2((1 / 1) / (0.5 / 10)))
    with pytest.raises(ValueError, match="no occurrence is in group 'AFP'"):
        helpers.keyness(items, groups, "AFP")
