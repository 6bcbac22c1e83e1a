"""The compiled hypergeometric tails against scipy, and the array form of the association
measures against NLTK's own functions, table by table."""

import itertools
import math

import numpy as np
import pytest
from nltk.metrics.association import BigramAssocMeasures as nltk_measures
from scipy import stats

import helpers
from conflict_corpus.engine.hypergeom import lower_tail, upper_tail


def _every_table(total):
    for good, draws in itertools.product(range(total + 1), repeat=2):
        lo, hi = max(0, draws - (total - good)), min(good, draws)
        for k in range(lo - 1, hi + 2):
            yield k, total, good, draws


@pytest.mark.parametrize("total", [1, 2, 5, 9])
def test_tails_equal_scipy_on_every_small_table(total):
    k, n, good, draws = (np.array(x) for x in zip(*_every_table(total)))
    assert upper_tail(k, n, good, draws) == pytest.approx(
        stats.hypergeom.sf(k - 1, n, good, draws), rel=1e-12, abs=1e-15
    )
    assert lower_tail(k, n, good, draws) == pytest.approx(
        stats.hypergeom.cdf(k, n, good, draws), rel=1e-12, abs=1e-15
    )


def test_tails_equal_scipy_on_large_tables():
    rng = np.random.default_rng(2026)
    for total in (300, 5_000, 1_000_000):
        good = rng.integers(0, total + 1, 300)
        draws = rng.integers(0, total + 1, 300)
        lo, hi = np.maximum(0, draws - (total - good)), np.minimum(good, draws)
        k = lo + (rng.random(300) * (hi - lo + 1)).astype(np.int64)
        ours, scipys = (
            upper_tail(k, total, good, draws),
            stats.hypergeom.sf(k - 1, total, good, draws),
        )
        # (Relative 1e-8: the first mass comes from log-gamma values of up to 1.4e7, whose
        # difference keeps about nine significant digits.)
        close = np.isclose(ours, scipys, rtol=1e-8, atol=1e-14)
        assert close.all(), (k[~close], good[~close], draws[~close])
        ours, scipys = lower_tail(k, total, good, draws), stats.hypergeom.cdf(k, total, good, draws)
        assert np.isclose(ours, scipys, rtol=1e-8, atol=1e-14).all()
    # A tail far beyond the mode underflows to 0 at once, as scipy's does.
    assert upper_tail(3000, 1_000_000, 9000, 10000) == 0.0


def test_measures_equal_nltks_table_by_table():
    rows = [(1, 1, 1, 1), (1, 1, 1, 2), (2, 3, 4, 10), (5, 5, 9, 9), (3, 40, 7, 500)]
    rows += [(0, 3, 4, 10), (7, 10, 7, 10), (12, 300, 80, 100_000)]
    count, a, b, n = (np.array(x) for x in zip(*rows))
    table = helpers.association(count, a, b, n)
    for i, (o11, ca, cb, total) in enumerate(rows):
        expected = ca * cb / total
        sign = (o11 > expected) - (o11 < expected)
        g2 = nltk_measures.likelihood_ratio(o11, (ca, cb), total)
        assert table["llr"][i] == pytest.approx(sign * g2, rel=1e-9, abs=1e-9)
        assert table["dice"][i] == pytest.approx(nltk_measures.dice(o11, (ca, cb), total))
        if o11:
            assert table["pmi"][i] == pytest.approx(nltk_measures.pmi(o11, (ca, cb), total))
        else:
            assert table["pmi"][i] == -math.inf and table["npmi"][i] == -1.0
        assert table["p_value"][i] == pytest.approx(
            stats.fisher_exact([[o11, ca - o11], [cb - o11, total - ca - cb + o11]],
                               alternative="greater").pvalue
        )  # fmt: skip


def test_q_values_equal_scipys_benjamini_hochberg():
    rng = np.random.default_rng(7)
    for p in (rng.random(1), rng.random(50), rng.random(400) ** 4, np.array([0.01, 0.01, 1.0])):
        assert helpers.q_values(p) == pytest.approx(
            stats.false_discovery_control(p, method="bh"), rel=1e-12
        )
    # By hand: p = 0.01, 0.04, 0.03 (m = 3): sorted 0.01, 0.03, 0.04 -> 0.03, 0.045, 0.04; the
    # running minimum from the largest gives 0.03, 0.04, 0.04.
    assert helpers.q_values(np.array([0.01, 0.04, 0.03])).tolist() == pytest.approx(
        [0.03, 0.04, 0.04]
    )


def test_g_squared_equals_scipys_g_test():
    from conflict_corpus.association import g_squared

    observed = np.array([[6.0, 3.0, 1.0], [4.0, 7.0, 0.0], [2.0, 5.0, 9.0], [8.0, 5.0, 3.0]])
    # (Each column's expected cells sum to its observed ones, as scipy requires; in column 3
    # O = 0 where E = 0, which adds nothing.)
    fitted = np.array([[4.0, 4.0, 4.0], [6.0, 6.0, 0.0], [4.0, 4.0, 8.0], [6.0, 6.0, 1.0]])
    expected = stats.power_divergence(
        observed[:, :2], fitted[:, :2], axis=0, lambda_="log-likelihood"
    ).statistic
    assert g_squared(observed, fitted)[:2] == pytest.approx(expected)
    # Column 3 by hand: 2 (1 ln(1/4) + 9 ln(9/8) + 3 ln(3/1)) = 2 (-1.386294 + 1.060047 +
    # 3.295837) = 5.939180.
    assert g_squared(observed, fitted)[2] == pytest.approx(5.939180, abs=1e-6)
