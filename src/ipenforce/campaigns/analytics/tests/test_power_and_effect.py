"""Newcombe's interval matches the published examples; the MDE behaves as power demands."""

from __future__ import annotations

import pytest

from ipenforce.campaigns.analytics import (
    estimate_effect,
    minimum_detectable_effect,
    power_two_proportions,
)
from ipenforce.campaigns.analytics.stats import newcombe_interval


@pytest.mark.parametrize(
    ("x1", "n1", "x0", "n0", "low", "high"),
    [  # Newcombe (1998), Statistics in Medicine 17:873-890, table II, method 10
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        (6, 7, 2, 7, 0.0582, 0.8062),
        (5, 56, 0, 29, -0.0381, 0.1926),
        (0, 10, 0, 20, -0.1611, 0.2775),
    ],
)
def test_it_reproduces_newcombes_published_intervals(
    x1: int, n1: int, x0: int, n0: int, low: float, high: float
) -> None:
    got_low, got_high = newcombe_interval(x1, n1, x0, n0)
    assert got_low == pytest.approx(low, abs=1e-4) and got_high == pytest.approx(high, abs=1e-4)


def test_it_uses_the_z_test_for_large_counts_and_fisher_for_small_ones() -> None:
    large = estimate_effect(150, 1000, 100, 1000)
    assert large.p_value_method == "two_proportion_z_test"
    # pooled rate 0.125, se = sqrt(0.125 * 0.875 * 2 / 1000) = 0.01479, z = 3.381
    assert large.p_value == pytest.approx(0.000723, rel=0.01)
    small = estimate_effect(3, 8, 1, 4)
    assert small.p_value_method == "fisher_exact" and small.p_value == 1.0


def test_it_finds_the_mde_where_power_reaches_eighty_percent() -> None:
    mde = minimum_detectable_effect(4000, 1000, 0.10)
    assert mde is not None
    assert power_two_proportions(0.10, mde, 4000, 1000) == pytest.approx(0.80, abs=1e-6)
    # by hand: d = 1.96 * 0.011717 (null se at pbar 0.1256) + 0.8416 * 0.010892 (se at 0.132, 0.10)
    assert mde == pytest.approx(0.0321, abs=0.0002)
    # above the rough (z_0.975 + z_0.8) * sqrt(p0(1-p0)(1/n1 + 1/n0)) = 0.0297, which ignores the
    # rise
    # of the variance with the treated rate
    assert mde > 0.0297


def test_it_detects_smaller_effects_with_more_firms() -> None:
    sizes = [(200, 50), (800, 200), (8000, 2000), (80000, 20000)]
    mdes = [minimum_detectable_effect(n1, n0, 0.08) for n1, n0 in sizes]
    assert all(m is not None for m in mdes)
    assert mdes == sorted(mdes, reverse=True)  # type: ignore[type-var]
    assert mdes[-1] < 0.01  # type: ignore[operator]


def test_it_says_when_no_effect_can_be_detected() -> None:
    assert minimum_detectable_effect(2, 1, 0.5) is None
    assert minimum_detectable_effect(100, 0, 0.1) is None
