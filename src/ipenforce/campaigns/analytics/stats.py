"""Difference of two independent proportions: estimate, 95% interval and two-sided p-value.

Interval: Newcombe's hybrid score interval (Newcombe 1998, "Interval estimation for the difference
between independent proportions", Statistics in Medicine 17:873-890, method 10). It combines the two
Wilson score intervals; unlike the unpooled Wald interval it keeps its coverage with small arms and
rates near 0 or 1, and never leaves [-1, 1].

p-value: the pooled two-proportion z-test (equivalent to Pearson's chi-square without continuity
correction) when every expected cell count of the 2x2 table is at least 5; otherwise Fisher's exact
test (two-sided, as scipy computes it). The report names which one was used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import fisher_exact, norm

Z95 = float(norm.ppf(0.975))
INTERVAL_METHOD = "newcombe_hybrid_score"
Z_TEST = "two_proportion_z_test"
FISHER = "fisher_exact"


@dataclass(frozen=True, slots=True)
class Effect:
    """Treated rate minus control rate, with its 95% interval and two-sided p-value."""

    difference: float
    ci95: tuple[float, float]
    p_value: float
    method: str
    p_value_method: str
    treated_rate: float
    control_rate: float


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for one proportion (n > 0)."""
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe_interval(x1: int, n1: int, x0: int, n0: int, z: float = Z95) -> tuple[float, float]:
    """Newcombe hybrid score interval for p1 - p0."""
    p1, p0 = x1 / n1, x0 / n0
    l1, u1 = wilson_interval(x1, n1, z)
    l0, u0 = wilson_interval(x0, n0, z)
    d = p1 - p0
    low = d - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    return max(-1.0, low), min(1.0, high)


def two_sided_p_value(x1: int, n1: int, x0: int, n0: int) -> tuple[float, str]:
    """(p-value, method): z-test when all expected counts are >= 5, else Fisher's exact test."""
    total = n1 + n0
    successes = x1 + x0
    failures = total - successes
    expected = [n * s / total for n in (n1, n0) for s in (successes, failures)]
    if min(expected) >= 5:
        pooled = successes / total
        se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
        z = (x1 / n1 - x0 / n0) / se
        return float(2 * norm.sf(abs(z))), Z_TEST
    result = fisher_exact([[x1, n1 - x1], [x0, n0 - x0]], alternative="two-sided")
    return float(result.pvalue), FISHER


def estimate_effect(x1: int, n1: int, x0: int, n0: int) -> Effect:
    """Effect of treatment (x1 successes of n1) against control (x0 of n0); both n must be > 0."""
    if n1 <= 0 or n0 <= 0:
        raise ValueError("both groups need at least one firm")
    p_value, p_method = two_sided_p_value(x1, n1, x0, n0)
    return Effect(
        difference=x1 / n1 - x0 / n0,
        ci95=newcombe_interval(x1, n1, x0, n0),
        p_value=p_value,
        method=INTERVAL_METHOD,
        p_value_method=p_method,
        treated_rate=x1 / n1,
        control_rate=x0 / n0,
    )
