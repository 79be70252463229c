"""On generated bundles with a known effect, the report recovers it; the 2012 figures come out as
stated."""

from __future__ import annotations

from pathlib import Path

from bench.generators.campaign_bundle import generate_2012_scenario, generate_bundle
from ipenforce.campaigns.analytics import (
    ImpactReport,
    LinkedLicence,
    assign_bundle_arms,
    compute_impact,
    link_by_ruc,
    programme_report,
    read_bundle,
)


def test_it_recovers_a_known_effect_within_the_interval(tmp_path: Path) -> None:
    generated = generate_bundle(
        tmp_path / "b", 20_000, seed=11, true_effect=0.05, base_rate=0.10, missing_ruc_share=0.1
    )
    bundle = read_bundle(generated.path)
    truth = [
        LinkedLicence(row, target)
        for row, target in zip(bundle.licences, generated.licence_targets, strict=True)
    ]
    report = compute_impact(
        bundle.campaign, bundle.targets, bundle.dispatch, bundle.responses, truth
    )
    assert report.effect is not None
    low, high = report.effect.ci95
    assert low < 0.05 < high and low > 0  # the known effect is inside, no effect is excluded
    assert report.effect.p_value < 1e-6
    assert report.minimum_detectable_effect is not None
    assert report.minimum_detectable_effect < 0.05
    assert report.licences.unmatched == int(20_000 * 0.05)  # the non-targets' purchases


def test_it_reassigns_the_same_arms_when_the_bundle_has_no_arm_column(tmp_path: Path) -> None:
    generated = generate_bundle(
        tmp_path / "b", 3000, seed=5, true_effect={"letter_a": 0.02, "letter_b": 0.08},
        base_rate=0.05, arms=("letter_a", "letter_b"), with_arm_column=False,
    )  # fmt: skip
    bundle = read_bundle(generated.path)
    assert not bundle.has_arm_column
    assignment = assign_bundle_arms(bundle.targets, bundle.campaign)
    assert dict(assignment.arms) == generated.arms
    report = compute_impact(
        bundle.campaign,
        assignment.apply(bundle.targets),
        bundle.dispatch,
        bundle.responses,
        link_by_ruc(bundle.targets, bundle.licences),
        assignment=assignment.record,
    )
    assert report.control is not None and report.control.letters_sent == 0
    assert set(report.arms) == {"letter_a", "letter_b"}
    assert report.to_dict()["assignment"]["seed"] == bundle.campaign.assignment_seed


def load_2012(folder: Path) -> list[ImpactReport]:
    reports = []
    for generated in generate_2012_scenario(folder, seed=2012):
        b = read_bundle(generated.path)
        reports.append(
            compute_impact(
                b.campaign, b.targets, b.dispatch, b.responses, link_by_ruc(b.targets, b.licences)
            )
        )
    return reports


def test_it_reproduces_the_2012_campaigns_and_flags_the_sources_inconsistencies(
    tmp_path: Path,
) -> None:
    reports = load_2012(tmp_path)
    assert [r.licensed_firms for r in reports] == [235, 167, 305, 123]
    programme = programme_report(reports)
    figures = programme.to_dict()
    assert figures["programme"] == "Uso legal de software en PYMES 2012"
    assert figures["campaigns"] == 4
    assert figures["letters_sent"] == 4300
    assert figures["licensed_firms"] == 830
    assert figures["response_rate"] == 0.41
    assert round(figures["licensing_rate"], 3) == 0.193
    assert figures["workstations_estimated"] == 6640
    assert abs(figures["income_estimated_usd"] - 3_600_000) < 5_000
    mismatches = {
        c["data"]["key"]: (c["data"]["stated"], c["data"]["counted"])
        for c in figures["checks"]
        if c["code"] == "stated_mismatch"
    }
    assert mismatches == {"campaigns": (3, 4), "licensed_firms": (817, 830)}
    codes = [c["code"] for c in figures["checks"]]
    assert codes[0] == "no_control_group"
    assert "stated_inconsistent" in codes  # 817 firms x 8 PCs is 6,536, not the stated 6,640
    messages = " ".join(c["message"] for c in figures["checks"])
    assert "La fuente declara 817 empresas licenciadas" in messages and "830" in messages


def test_it_measures_no_effect_for_the_2012_campaigns_and_says_why(tmp_path: Path) -> None:
    for report in load_2012(tmp_path):
        assert report.effect is None and report.control is None
        assert report.checks[0].code == "no_control_group"
        assert not [c for c in report.checks if c.code == "stated_mismatch"]
