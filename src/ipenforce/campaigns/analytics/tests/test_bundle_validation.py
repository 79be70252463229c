"""A bundle is read whole or rejected with one line per problem: file, line, column, what."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ipenforce.campaigns.analytics import BundleError, bundle_fingerprint, read_bundle
from ipenforce.campaigns.analytics.tests.conftest import (
    CAMPAIGN,
    DISPATCH,
    LICENCES,
    RESPONSES,
    TARGETS,
    BundleMaker,
)


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(BundleError) as caught:
        read_bundle(folder)
    return [str(p) for p in caught.value.problems]


def test_it_reads_a_valid_bundle_into_typed_records(make_bundle: BundleMaker) -> None:
    bundle = read_bundle(make_bundle())
    assert bundle.campaign.name == "Prueba enero 2024"
    assert bundle.campaign.window_end.isoformat() == "2024-01-31"
    assert len(bundle.targets) == 12 and bundle.has_arm_column
    assert bundle.targets[2].size == "pequeña"
    assert bundle.targets[6].ruc == ""  # an empty RUC is allowed in targets.csv
    assert len(bundle.dispatch) == 9 and len(bundle.responses) == 4 and len(bundle.licences) == 9
    assert bundle.licences[0].line == 2 and str(bundle.licences[1].amount_usd) == "1000"


def test_it_names_file_line_and_column_of_a_wrong_ruc_check_digit(make_bundle: BundleMaker) -> None:
    bad = TARGETS.replace("20100070970", "20100070971")
    assert problems_of(make_bundle(targets_csv=bad)) == [
        "targets.csv:3: ruc: check digit is wrong (20100070971)"
    ]


def test_it_collects_every_problem_of_every_file_at_once(make_bundle: BundleMaker) -> None:
    campaign = {k: v for k, v in CAMPAIGN.items() if k != "avg_pcs_per_firm"}
    campaign["outcome_window_days"] = -5
    targets = TARGETS.replace("T8,", "T7,", 1).replace("letter\nC1", "letr\nC1")
    dispatch = DISPATCH.replace("T8,2024-01-02,email", "T99,2024-01-02,fax")
    responses = RESPONSES.replace("T3,2024-01-15", "T3,15/01/2024").replace("dispute", "angry")
    licences = LICENCES.replace("2024-01-12,3,1200", "2024-01-12,-3,-1200")
    licences = licences.replace("2024-01-20,2,800", "2024-02-30,2,800")
    dispatch = dispatch.replace("T7,2024-01-02,post,pending", "T7,2024-01-02,post,lost")
    folder = make_bundle(
        campaign_json=campaign,
        targets_csv=targets,
        dispatch_csv=dispatch,
        responses_csv=responses,
        licences_csv=licences,
    )
    assert problems_of(folder) == [
        "campaign.json: avg_pcs_per_firm: required key is missing",
        "campaign.json:4: outcome_window_days: must be a whole number of days above 0 (-5)",
        "targets.csv:9: target_id: duplicate T7 (first on line 8)",
        "targets.csv:9: arm: unknown arm 'letr' (expected control, letter or letter_<wording>)",
        "dispatch.csv:9: status: unknown value 'lost' (expected delivered | returned | pending)",
        "dispatch.csv:10: target_id: unknown target T99 (not in targets.csv)",
        "dispatch.csv:10: channel: unknown value 'fax' (expected post | email)",
        "responses.csv:4: responded_on: not an ISO date YYYY-MM-DD ('15/01/2024')",
        "responses.csv:5: kind: unknown value 'angry' "
        "(expected reply | self_audit | licence_proof | dispute | other)",
        "licences.csv:9: seats: must not be negative (-3)",
        "licences.csv:9: amount_usd: must not be negative (-1200)",
        "licences.csv:10: purchased_on: not an ISO date YYYY-MM-DD ('2024-02-30')",
    ]


def test_it_reports_missing_columns_and_missing_files(make_bundle: BundleMaker) -> None:
    targets = TARGETS.replace("target_id,name,ruc", "id,name,ruc", 1)
    folder = make_bundle(targets_csv=targets, responses_csv=None)
    found = problems_of(folder)
    assert "targets.csv:1: target_id: required column is missing" in found
    assert "responses.csv: file is missing" in found


def test_it_names_the_line_of_a_file_that_is_not_utf8(make_bundle: BundleMaker) -> None:
    lines = LICENCES.encode("utf-8").split(b"\n")
    lines[4] = lines[4].replace(b"CHAVIN", "CHAVÍN".encode("latin-1"))
    folder = make_bundle(licences_csv=b"\n".join(lines))
    assert problems_of(folder) == ["licences.csv:5: not UTF-8 text (byte 0xcd)"]


def test_it_rejects_licence_rows_with_neither_ruc_nor_name(make_bundle: BundleMaker) -> None:
    licences = LICENCES + "Corel,,,AV. SOL 1,CUSCO,CUSCO,2024-01-12,3,1200.00\n"
    assert problems_of(make_bundle(licences_csv=licences)) == [
        "licences.csv:11: name: is empty and so is ruc: the purchase cannot be linked to a firm"
    ]


def test_it_rejects_a_ruc_of_wrong_length_or_given_to_two_targets(make_bundle: BundleMaker) -> None:
    targets = TARGETS.replace("20100152356", "2010015235").replace("20100311195", "20100190797")
    assert problems_of(make_bundle(targets_csv=targets)) == [
        "targets.csv:9: ruc: must have 11 digits (2010015235)",
        "targets.csv:13: ruc: 20100190797 is already the RUC of C1 (line 10)",
    ]


def test_it_reports_a_row_with_the_wrong_number_of_fields(make_bundle: BundleMaker) -> None:
    responses = RESPONSES + "T6,2024-01-17\n"
    assert problems_of(make_bundle(responses_csv=responses)) == [
        "responses.csv:6: has 2 fields, the header has 3"
    ]


def test_it_accepts_targets_without_arm_column(make_bundle: BundleMaker) -> None:
    targets = "\n".join(line.rsplit(",", 1)[0] for line in TARGETS.splitlines()) + "\n"
    bundle = read_bundle(make_bundle(targets_csv=targets))
    assert not bundle.has_arm_column
    assert all(t.arm is None for t in bundle.targets)


def test_it_fingerprints_the_contents_not_the_place(
    make_bundle: BundleMaker, tmp_path: Path
) -> None:
    first = make_bundle()
    copy = tmp_path / "elsewhere"
    shutil.copytree(first, copy)
    assert bundle_fingerprint(first) == bundle_fingerprint(copy) == read_bundle(first).fingerprint
    (copy / "responses.csv").write_text(RESPONSES + "T8,2024-01-18,reply\n", encoding="utf-8")
    assert bundle_fingerprint(copy) != bundle_fingerprint(first)
