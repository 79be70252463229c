"""Loading a bundle into the database: the stored campaign reports exactly what the analytics
compute on the folder itself; loading twice stores nothing new; firms and licences get linked."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from bench.generators.campaign_bundle import generate_bundle
from ipenforce.campaigns import analytics as an
from ipenforce.campaigns import reporting
from ipenforce.campaigns.bundle_loader import BundleConflict, load_bundle
from ipenforce.campaigns.linking import link_licences
from ipenforce.campaigns.models import (
    Arm,
    Campaign,
    CampaignSource,
    Dispatch,
    LicencePurchase,
    LicenceReport,
    LinkMethod,
    Response,
    Target,
)
from ipenforce.core.models import AuditEntry
from ipenforce.parties.services import create_firm

pytestmark = pytest.mark.django_db


def _bundle(tmp_path: Path, **kwargs: Any) -> Any:
    options: dict[str, Any] = {
        "n_targets": 600,
        "seed": 11,
        "true_effect": {"letter_deterrence": 0.08, "letter_information": 0.03},
        "base_rate": 0.08,
        "arms": ("letter_deterrence", "letter_information"),
        "name": "Prueba de carga",
    }
    options.update(kwargs)
    return generate_bundle(tmp_path / "bundle", **options)


def _direct(folder: Path) -> dict:
    """The report computed on the folder, with the same linking and assignment as the loader."""
    bundle = an.read_bundle(folder)
    targets: Sequence[an.Target] = bundle.targets
    assignment = None
    if not bundle.has_arm_column:
        drawn = an.assign_bundle_arms(targets, bundle.campaign)
        targets, assignment = drawn.apply(targets), drawn.record
    linked = [link.linked() for link in link_licences(targets, bundle.licences)]
    report = an.compute_impact(
        bundle.campaign,
        targets,
        bundle.dispatch,
        bundle.responses,
        linked,
        assignment=assignment,
    )
    return report.to_dict()


def test_it_loads_a_bundle_and_reports_exactly_what_the_analytics_compute_on_the_folder(tmp_path):
    generated = _bundle(tmp_path)
    result = load_bundle(generated.path)
    assert result.created
    campaign = result.campaign
    assert campaign.source == CampaignSource.BUNDLE
    assert campaign.bundle_fingerprint == an.bundle_fingerprint(generated.path)
    assert Target.objects.filter(campaign=campaign).count() == 600
    assert sorted(Arm.objects.filter(campaign=campaign).values_list("name", "is_control")) == [
        ("control", True),
        ("letter_deterrence", False),
        ("letter_information", False),
    ]
    bundle = an.read_bundle(generated.path)
    assert Dispatch.objects.filter(target__campaign=campaign).count() == len(bundle.dispatch)
    assert Response.objects.filter(target__campaign=campaign).count() == len(bundle.responses)
    assert LicencePurchase.objects.filter(report__campaign=campaign).count() == len(bundle.licences)
    assert set(
        LicenceReport.objects.filter(campaign=campaign).values_list("rights_holder", flat=True)
    ) == {x.rights_holder for x in bundle.licences}

    stored = reporting.impact_report(campaign).to_dict()
    direct = _direct(generated.path)
    assert json.dumps(stored, sort_keys=True) == json.dumps(direct, sort_keys=True)
    assert stored["arms"].keys() == {"letter_deterrence", "letter_information"}
    assert stored["effect"]["difference"] > 0

    entry = AuditEntry.objects.get(action="campaign.load_bundle")
    assert entry.object_id == str(campaign.pk)
    assert entry.changes["targets"] == [None, 600]


def test_it_assigns_arms_when_the_bundle_has_no_arm_column_and_records_how(tmp_path):
    generated = _bundle(tmp_path, with_arm_column=False, n_targets=400, seed=5)
    campaign = load_bundle(generated.path).campaign
    record = campaign.assignment_record
    assert record["origin"] == "assigned"
    assert record["seed"] == campaign.assignment_seed
    assert "stratified" in record["method"]
    # the arms are the generator's truth (same seed, same algorithm)
    stored_arms = dict(
        Target.objects.filter(campaign=campaign).values_list("target_id", "arm__name")
    )
    assert stored_arms == generated.arms
    report = reporting.impact_report(campaign).to_dict()
    assert report["assignment"]["seed"] == campaign.assignment_seed
    assert json.dumps(report, sort_keys=True) == json.dumps(_direct(generated.path), sort_keys=True)


def test_it_stores_nothing_new_when_the_same_bundle_is_loaded_twice(tmp_path):
    generated = _bundle(tmp_path, n_targets=200)
    first = load_bundle(generated.path)
    counts = (Target.objects.count(), Dispatch.objects.count(), LicencePurchase.objects.count())
    again = load_bundle(generated.path)
    assert not again.created and again.reason == "fingerprint"
    assert again.campaign.pk == first.campaign.pk

    # the same rows in another order, with Windows line ends: same name, same content
    copy = tmp_path / "copy"
    shutil.copytree(generated.path, copy)
    lines = (copy / "targets.csv").read_text(encoding="utf-8").splitlines()
    (copy / "targets.csv").write_text(
        "\r\n".join([lines[0], *reversed(lines[1:])]) + "\r\n", encoding="utf-8"
    )
    third = load_bundle(copy)
    assert not third.created and third.reason == "content"
    assert Campaign.objects.count() == 1
    assert counts == (
        Target.objects.count(),
        Dispatch.objects.count(),
        LicencePurchase.objects.count(),
    )
    assert AuditEntry.objects.filter(action="campaign.load_bundle").count() == 1


def test_it_refuses_another_bundle_under_a_name_already_taken(tmp_path):
    load_bundle(_bundle(tmp_path, n_targets=100).path)
    other = generate_bundle(
        tmp_path / "other", 120, seed=99, true_effect=0.02, base_rate=0.05, name="Prueba de carga"
    )
    with pytest.raises(BundleConflict):
        load_bundle(other.path)
    assert Campaign.objects.count() == 1


def test_it_links_targets_to_known_firms_by_ruc_and_purchases_without_ruc_by_matching(tmp_path):
    generated = _bundle(tmp_path, n_targets=500, missing_ruc_share=0.3)
    bundle = an.read_bundle(generated.path)
    known = bundle.targets[0]
    firm = create_firm(actor="test", ruc=known.ruc, legal_name=known.name)
    campaign = load_bundle(generated.path).campaign
    assert Target.objects.get(campaign=campaign, target_id=known.target_id).firm == firm
    assert Target.objects.filter(campaign=campaign, firm__isnull=False).count() == 1

    truth = {i + 2: t for i, t in enumerate(generated.licence_targets)}
    rows = LicencePurchase.objects.filter(report__campaign=campaign, ruc="")
    assert rows.exists()
    matched = rows.filter(link_method=LinkMethod.MATCHING)
    assert (
        matched.count()
        >= 0.8 * rows.exclude(line__in=[k for k, v in truth.items() if v is None]).count()
    )
    for line, target_id in matched.values_list("line", "target__target_id"):
        assert truth[line] == target_id
