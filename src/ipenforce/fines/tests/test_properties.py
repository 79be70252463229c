"""Properties of the engine, checked on generated cases (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ipenforce.fines import calculate_json
from ipenforce.fines.factor_f import AGGRAVATING_IDS, EXTENUATING_IDS, factor_f
from ipenforce.fines.rounding import half_up

BODIES = ("copyright", "inventions", "distinctive_signs")
MAX = {"copyright": 180, "inventions": 150, "distinctive_signs": 150}
percents = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(50), places=2)
betas = st.decimals(min_value=0, max_value=Decimal(10) ** 9, places=2)
DAY_ONE = dt.date(2021, 6, 14)
dates = st.integers(0, (dt.date(2026, 12, 31) - DAY_ONE).days).map(
    lambda n: DAY_ONE + dt.timedelta(days=n)
)


@st.composite
def circumstance_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    agg = draw(st.permutations(AGGRAVATING_IDS[:-1]))[: draw(st.integers(0, 4))]
    ext = draw(st.permutations(EXTENUATING_IDS[:-1]))[: draw(st.integers(0, 4))]
    out = [{"id": i, "percent": draw(percents) * 2} for i in agg]
    out += [{"id": i, "percent": draw(percents)} for i in ext]
    return out


@st.composite
def ad_hoc_cases(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "body": draw(st.sampled_from(BODIES)),
        "resolution_date": draw(dates).isoformat(),
        "method": "ad_hoc",
        "ad_hoc": {
            "beta_pen": draw(betas),
            "beta_basis": "illicit_benefit_income",
            "detection": draw(st.sampled_from(("low", "medium", "high"))),
        },
        "circumstances": draw(circumstance_lists()),
    }


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(AGGRAVATING_IDS), percents.map(lambda p: p * 2))),
    st.lists(st.tuples(st.sampled_from(EXTENUATING_IDS), percents)),
)
def test_f_stays_within_half_and_double(
    agg: list[tuple[str, Decimal]], ext: list[tuple[str, Decimal]]
) -> None:
    f = factor_f(agg + ext)
    assert Decimal("0.5") <= f.value <= Decimal(2)
    assert f.value == half_up(f.value, 3)
    if not agg and not ext:
        assert f.value == 1


@settings(max_examples=60, deadline=None)
@given(ad_hoc_cases())
def test_the_fine_never_exceeds_the_cap_and_factors_multiply(case: dict[str, Any]) -> None:
    result = calculate_json(case)
    fine = Decimal(repr(result["fine_uit"]))
    assert fine <= MAX[case["body"]]
    assert 0.5 <= result["factor_f"] <= 2  # type: ignore[operator]
    assert (result["capped_by"] is None) == (result["fine_uit"] == result["fine_before_cap_uit"])
    assert Decimal(repr(result["fine_pen"])) == half_up(fine * result["uit_pen"], 2)  # type: ignore[operator]


@settings(max_examples=60, deadline=None)
@given(ad_hoc_cases(), betas)
def test_the_fine_is_non_decreasing_in_beta(case: dict[str, Any], other_beta: Decimal) -> None:
    low, high = sorted((case["ad_hoc"]["beta_pen"], other_beta))
    case["ad_hoc"]["beta_pen"] = low
    fine_low = calculate_json(case)["fine_uit"]
    case["ad_hoc"]["beta_pen"] = high
    fine_high = calculate_json(case)["fine_uit"]
    assert fine_low <= fine_high  # type: ignore[operator]


@settings(max_examples=30, deadline=None)
@given(ad_hoc_cases())
def test_the_same_input_gives_the_same_output(case: dict[str, Any]) -> None:
    first = calculate_json(case)
    second = calculate_json(case)
    assert first == second
    # a float of the same number gives the same result as the exact decimal
    case["ad_hoc"]["beta_pen"] = float(case["ad_hoc"]["beta_pen"])
    again = calculate_json(case)
    assert again["fine_uit"] == first["fine_uit"]
    assert again["inputs_sha256"] == first["inputs_sha256"]


@given(st.integers(min_value=0, max_value=10**6))
def test_half_up_rounds_ties_away_from_zero(n: int) -> None:
    tie = Decimal(n) / 100 + Decimal("0.005")
    assert half_up(tie, 2) == Decimal(n) / 100 + Decimal("0.01")
    assert half_up(tie - Decimal("0.000001"), 2) == Decimal(n) / 100
