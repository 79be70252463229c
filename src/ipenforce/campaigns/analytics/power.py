"""Power of a letter campaign: the smallest effect it can detect.

The test is the two-sided two-proportion z-test at level alpha; power is computed with the usual
normal approximation (Fleiss, Levin & Paik, "Statistical Methods for Rates and Proportions",
3rd ed., 4.2):

    power(d) = Phi( (|d| - z_{1-alpha/2} * sqrt(pbar(1-pbar)(1/n1 + 1/n0)))
                    / sqrt(p1(1-p1)/n1 + p0(1-p0)/n0) )

with p1 = p0 + d and pbar the size-weighted mean rate. The minimum detectable effect (MDE) is the
increase d > 0 at which the power reaches the target (80% by default), found by root finding.
"""

from __future__ import annotations

import math

from scipy.optimize import brentq
from scipy.stats import norm


def power_two_proportions(
    baseline_rate: float, difference: float, n_treated: int, n_control: int, alpha: float = 0.05
) -> float:
    """Probability that the two-sided z-test rejects when the treated rate is baseline + d."""
    p0 = baseline_rate
    p1 = baseline_rate + difference
    if not (0 <= p0 <= 1 and 0 <= p1 <= 1):
        raise ValueError("rates must lie in [0, 1]")
    if n_treated <= 0 or n_control <= 0:
        raise ValueError("both groups need at least one firm")
    pbar = (n_treated * p1 + n_control * p0) / (n_treated + n_control)
    null_se = math.sqrt(pbar * (1 - pbar) * (1 / n_treated + 1 / n_control))
    alt_se = math.sqrt(p1 * (1 - p1) / n_treated + p0 * (1 - p0) / n_control)
    if alt_se == 0:
        return 1.0 if difference != 0 else 0.0
    z = float(norm.ppf(1 - alpha / 2))
    return float(norm.cdf((abs(difference) - z * null_se) / alt_se))


def minimum_detectable_effect(
    n_treated: int,
    n_control: int,
    baseline_rate: float,
    *,
    alpha: float = 0.05,
    power: float = 0.80,
) -> float | None:
    """Smallest increase over `baseline_rate` detected with `power` (two-sided test at `alpha`).

    None when no increase up to a rate of 100% reaches that power (the arms are too small).
    """
    if not 0 <= baseline_rate < 1:
        raise ValueError("baseline_rate must lie in [0, 1)")
    if n_treated <= 0 or n_control <= 0:
        return None
    top = 1 - baseline_rate

    def shortfall(d: float) -> float:
        return power_two_proportions(baseline_rate, d, n_treated, n_control, alpha) - power

    if shortfall(top) < 0:
        return None
    low = 1e-12
    if shortfall(low) >= 0:
        return low
    return float(brentq(shortfall, low, top, xtol=1e-10))
