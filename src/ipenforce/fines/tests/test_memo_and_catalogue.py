"""The Spanish memo shows every step, the officer's reasons and the status of every parameter."""

from __future__ import annotations

from ipenforce.fines import calculate, catalogue, circumstances, parse_case, render_memo
from ipenforce.fines.catalogue import label_es

CASE = {
    "body": "distinctive_signs",
    "case_reference": "Exp. 000123-2022/DSD",
    "resolution_date": "2022-07-01",
    "proceeding_started_on": "2021-09-01",
    "method": "ad_hoc",
    "ad_hoc": {
        "beta_pen": 114751.20,
        "beta_basis": "illicit_benefit_income",
        "detection": "medium",
        "detection_reason": "Denuncia del titular de la marca.",
        "beta_reason": "Ventas de bicicletas importadas según facturas.",
    },
    "circumstances": [
        {"id": "other_aggravating", "percent": 10, "reason": "Ocultó el inventario."},
    ],
}


def test_it_shows_steps_reasons_caps_and_statuses() -> None:
    memo = render_memo(calculate(parse_case(CASE)))
    for text in (
        "Exp. 000123-2022/DSD",
        "Dirección de Signos Distintivos (Decreto Legislativo 1075)",
        "β = S/ 114,751.20",
        "Denuncia del titular de la marca.",
        "Ventas de bicicletas importadas según facturas.",
        "Ocultó el inventario.",
        "ρ = 15.43 %",
        "m = β / ρ = 24.945913 / 15.43 % = 161.67 UIT",
        "se impone el máximo legal",
        "MULTA: 150 UIT",
        "methodology_start_date = 2021-06-14 date, vigente desde 25/02/2021 [NO CONFIRMADO]",
        "Exp. 1126-2023",
    ):
        assert text in memo, text
    assert "sin motivación registrada" not in memo


def test_the_result_warns_about_unconfirmed_parameters_and_missing_reasons() -> None:
    case = dict(CASE, ad_hoc=dict(CASE["ad_hoc"], detection_reason=None))  # type: ignore[arg-type]
    result = calculate(parse_case(case))
    codes = [w.code for w in result.warnings]
    assert "unconfirmed_parameter" in codes
    assert "missing_reason" in codes
    assert "(sin motivación registrada)" in render_memo(result)


def test_the_catalogue_has_spanish_labels_and_descriptions() -> None:
    detection = catalogue()["detection"]
    assert isinstance(detection, list)
    assert [c["label_es"] for c in detection] == ["Baja", "Media", "Alta"]
    assert label_es("detection", "high") == "Alta"
    ids = [c.id for c in circumstances()]
    assert ids[:6] == [
        "recidivism",
        "reiteration",
        "procedural_misconduct",
        "endangered_health_life_safety",
        "aware_no_mitigation",
        "collective_interest_affected",
    ]
    assert all(c.label_es and c.description_es and c.description_en for c in circumstances())
    assert {c.id for c in circumstances() if c.needs_reason} == {
        "other_aggravating",
        "other_extenuating",
    }
