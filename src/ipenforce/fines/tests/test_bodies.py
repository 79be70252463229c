"""Deciding bodies: listing what is in force, and bodies whose parameters are missing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from ipenforce.fines import CaseError, ParameterSet, bodies_in_force, calculate_json
from ipenforce.fines.params import DEFAULT_ROOT


def test_it_lists_the_three_bodies_with_their_parameters() -> None:
    listing = {b["id"]: b for b in bodies_in_force(dt.date(2024, 1, 1))}
    assert set(listing) == {"copyright", "inventions", "distinctive_signs"}
    assert listing["copyright"]["parameters"]["legal_maximum/copyright"]["value"] == 180  # type: ignore[index]
    assert listing["inventions"]["missing"] == []


def test_a_body_without_parameters_is_an_error_naming_the_parameter(tmp_path: Path) -> None:
    root = tmp_path / "parameters"
    shutil.copytree(DEFAULT_ROOT, root)
    bodies = (root / "bodies.yaml").read_text(encoding="utf-8")
    bodies = bodies.replace(
        "bodies:\n",
        "bodies:\n  unfair_competition:\n    name_es: Comisión de Fiscalización de la Competencia "
        "Desleal\n    name_en: Unfair Competition Commission\n    law: Decreto Legislativo 1044\n",
    )
    (root / "bodies.yaml").write_text(bodies, encoding="utf-8")
    case = {
        "body": "unfair_competition",
        "resolution_date": "2024-05-01",
        "method": "ad_hoc",
        "ad_hoc": {"beta_pen": 1000, "beta_basis": "economic_damage", "detection": "low"},
    }
    with pytest.raises(CaseError) as info:
        calculate_json(case, ParameterSet(root))
    lines = [p.line() for p in info.value.problems]
    assert lines == [
        "$.body: missing parameter legal_maximum/unfair_competition "
        "(no file parameters/legal_maximum/unfair_competition.yaml)",
        "$.body: missing parameter detection_probability/unfair_competition "
        "(no file parameters/detection_probability/unfair_competition.yaml)",
    ]
    listing = {b["id"]: b for b in bodies_in_force(dt.date(2024, 1, 1), ParameterSet(root))}
    assert listing["unfair_competition"]["missing"] == [
        "legal_maximum/unfair_competition",
        "detection_probability/unfair_competition",
    ]
