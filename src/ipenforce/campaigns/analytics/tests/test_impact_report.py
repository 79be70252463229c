"""The impact report follows the contract's definitions exactly (intention to treat, one window for
all)."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

from ipenforce.campaigns.analytics import (
    Bundle,
    LinkedLicence,
    compute_impact,
    format_table,
    link_by_ruc,
    read_bundle,
)
from ipenforce.campaigns.analytics.tests.conftest import CAMPAIGN, TARGETS, BundleMaker


def report_of(bundle: Bundle) -> dict[str, object]:
    report = compute_impact(
        bundle.campaign,
        bundle.targets,
        bundle.dispatch,
        bundle.responses,
        link_by_ruc(bundle.targets, bundle.licences),
    )
    return report.to_dict()


def codes(report: dict[str, object]) -> list[str]:
    checks = report["checks"]
    assert isinstance(checks, list)
    return [c["code"] for c in checks]


def test_it_counts_letters_responses_and_licences_by_the_contract(make_bundle: BundleMaker) -> None:
    r = report_of(read_bundle(make_bundle()))
    assert r["targets"] == 12 and r["letter_arm_targets"] == 8
    # T2 got two letters (returned, then delivered): every dispatch row counts
    assert (r["letters_sent"], r["delivered"], r["returned"], r["pending"]) == (9, 6, 2, 1)
    # T1 answered twice: distinct firms
    assert r["responses"] == 3 and r["response_rate"] == round(3 / 9, 6)
    # T1 (two purchases), T3 (on the first day), T6 (on the last day); not T4 (the day before the
    # window), not T5 (the day after), not T7 (no RUC: unlinked without the matching engine)
    assert r["licensed_firms"] == 3 and r["licensing_rate"] == 0.375
    assert r["seats"] == 5 + 2 + 4 + 1 and r["income_usd"] == 6000.0
    assert r["workstations_estimated"] == 24 and r["income_estimated_usd"] == 12000
    assert r["assumptions"] == {"avg_pcs_per_firm": 8, "avg_licence_value_usd": 500}
    assert r["control"] == {
        "firms": 4,
        "licensed_firms": 1,
        "licensing_rate": 0.25,
        "letters_sent": 0,
        "responses": 0,
    }
    assert r["funnel"] == {"targets": 8, "sent": 8, "delivered": 6, "answered": 3, "licensed": 3}
    assert r["licences_unmatched"] == 2  # a non-target and the row without RUC
    assert r["licences"]["before_window"] == 1 and r["licences"]["after_window"] == 1  # type: ignore[index]


def test_it_estimates_the_effect_with_a_named_interval_and_p_value(
    make_bundle: BundleMaker,
) -> None:
    r = report_of(read_bundle(make_bundle()))
    effect = r["effect"]
    assert isinstance(effect, dict)
    assert effect["difference"] == 0.125
    low, high = effect["ci95"]
    assert low < 0.125 < high and low >= -1 and high <= 1
    assert effect["method"] == "newcombe_hybrid_score"
    # 3/8 against 1/4: expected counts below 5, so Fisher's exact test (p = 1 for this table)
    assert effect["p_value_method"] == "fisher_exact" and effect["p_value"] == 1.0


def test_it_breaks_figures_down_by_department(make_bundle: BundleMaker) -> None:
    r = report_of(read_bundle(make_bundle()))
    lima = r["by_department"]["LIMA"]  # type: ignore[index]
    assert lima == {
        "letter_arm_targets": 3,
        "letters_sent": 3,
        "responses": 2,
        "licensed_firms": 2,
        "licensing_rate": round(2 / 3, 6),
        "control_firms": 1,
        "control_licensed_firms": 0,
        "control_licensing_rate": 0.0,
    }


def test_it_warns_in_spanish_and_english_about_small_arms_and_uncounted_purchases(
    make_bundle: BundleMaker,
) -> None:
    r = report_of(read_bundle(make_bundle()))
    assert codes(r) == [
        "arm_too_small",
        "arm_too_small",
        "licences_outside_window",
        "licences_of_non_targets",
    ]
    first = r["checks"][0]  # type: ignore[index]
    assert first["message"] == first["message_es"]
    assert "solo 4 empresas" in first["message_es"] and "only 4 firms" in first["message_en"]


def test_it_counts_a_purchase_linked_by_the_matching_engine(make_bundle: BundleMaker) -> None:
    bundle = read_bundle(make_bundle())
    linked = link_by_ruc(bundle.targets, bundle.licences)
    by_engine = [LinkedLicence(x.licence, "T7") if x.licence.ruc == "" else x for x in linked]
    report = compute_impact(
        bundle.campaign, bundle.targets, bundle.dispatch, bundle.responses, by_engine
    )
    assert report.licensed_firms == 4 and report.licences.unmatched == 1
    assert report.income_usd == Decimal("6800.00")


def test_it_says_the_effect_cannot_be_measured_without_a_control_group(
    make_bundle: BundleMaker,
) -> None:
    no_control = "".join(line for line in TARGETS.splitlines(True) if not line.startswith("C"))
    licences_of_letters_only = make_bundle(targets_csv=no_control)
    r = report_of(read_bundle(licences_of_letters_only))
    assert r["control"] is None and r["effect"] is None
    assert codes(r)[0] == "no_control_group"
    assert "no se puede medir" in r["checks"][0]["message"]  # type: ignore[index]


def test_it_flags_stated_figures_that_disagree_with_the_events(make_bundle: BundleMaker) -> None:
    campaign = {
        **CAMPAIGN,
        "stated": {"licensed_firms": 4, "response_rate": 0.33, "letters_sent": 9},
    }
    r = report_of(read_bundle(make_bundle(campaign_json=campaign)))
    checks = r["checks"]
    assert isinstance(checks, list)
    mismatches = [c for c in checks if c["code"] == "stated_mismatch"]
    assert [c["data"]["key"] for c in mismatches] == ["licensed_firms"]
    assert mismatches[0]["message_en"] == (
        "The source states 4 licensed firms, but the recorded events give 3."
    )


def test_it_reports_each_letter_arm_against_control(make_bundle: BundleMaker) -> None:
    two_arms = TARGETS.replace("micro,letter\nT2", "micro,letter_deterrence\nT2").replace(
        "pequeña,letter\nT4", "pequeña,letter_deterrence\nT4"
    )
    r = report_of(read_bundle(make_bundle(targets_csv=two_arms)))
    arms = r["arms"]
    assert isinstance(arms, dict) and sorted(arms) == ["letter", "letter_deterrence"]
    deterrence = arms["letter_deterrence"]
    assert (deterrence["targets"], deterrence["licensed_firms"]) == (2, 2)  # T1 and T3
    assert deterrence["effect"]["difference"] == 0.75
    assert arms["letter"]["licensed_firms"] == 1 and arms["letter"]["licensing_rate"] == round(
        1 / 6, 6
    )
    assert r["licensed_firms"] == 3  # the pooled letter arms


def test_it_keeps_counting_control_firms_that_got_a_letter_as_control(
    make_bundle: BundleMaker,
) -> None:
    bundle = read_bundle(make_bundle())
    extra = (*bundle.dispatch, replace(bundle.dispatch[0], target_id="C1"))
    report = compute_impact(
        bundle.campaign, bundle.targets, extra, bundle.responses,
        link_by_ruc(bundle.targets, bundle.licences),
    )  # fmt: skip
    assert report.letters_sent == 9 and report.control is not None
    assert report.control.letters_sent == 1 and report.control.licensed_firms == 1
    assert "letters_to_control" in [c.code for c in report.checks]


def test_it_renders_as_json_and_as_a_readable_table(make_bundle: BundleMaker) -> None:
    r = report_of(read_bundle(make_bundle()))
    assert json.loads(json.dumps(r)) == r
    text = format_table(r)
    assert "Empresas licenciadas (Licensed firms)" in text
    assert "newcombe_hybrid_score" in text and "LIMA" in text
    assert "37.5%" in text
