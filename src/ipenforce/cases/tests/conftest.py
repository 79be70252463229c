from __future__ import annotations

import copy
from typing import Any

import pytest

CONTRACT_CASE: dict[str, Any] = {
    "body": "copyright",
    "resolution_date": "2024-10-07",
    "proceeding_started_on": "2023-11-20",
    "method": "ad_hoc",
    "ad_hoc": {
        "beta_pen": 36000,
        "beta_basis": "illicit_benefit_avoided_cost",
        "detection": "medium",
    },
    "annual_sales_pen": 2400000,
    "circumstances": [
        {"id": "recidivism", "percent": 25},
        {"id": "written_acknowledgement", "percent": 10},
    ],
}

REASONED_POST: dict[str, str] = {
    "case_reference": "0123-2024/DDA",
    "body": "copyright",
    "resolution_date": "2024-10-07",
    "proceeding_started_on": "2023-11-20",
    "method": "ad_hoc",
    "beta_pen": "36000",
    "beta_basis": "illicit_benefit_avoided_cost",
    "beta_reason": "Licencias no pagadas según tarifa de la entidad de gestión (folio 45).",
    "detection": "medium",
    "detection_reason": "Conocida por denuncia del titular de derechos (folio 1).",
    "annual_sales_pen": "2400000",
    "circ_recidivism": "on",
    "circ_recidivism_percent": "25",
    "circ_recidivism_reason": "Sancionada por la misma infracción en 2022 (Res. 120-2022/CDA).",
    "circ_written_acknowledgement": "on",
    "circ_written_acknowledgement_percent": "10",
    "circ_written_acknowledgement_reason": "Reconoció la infracción por escrito el 3/5/2024.",
}


@pytest.fixture
def contract_case() -> dict[str, Any]:
    return copy.deepcopy(CONTRACT_CASE)


@pytest.fixture
def reasoned_case(contract_case: dict[str, Any]) -> dict[str, Any]:
    contract_case["case_reference"] = "0123-2024/DDA"
    contract_case["ad_hoc"]["beta_reason"] = "Licencias no pagadas (folio 45)."
    contract_case["ad_hoc"]["detection_reason"] = "Denuncia del titular (folio 1)."
    contract_case["circumstances"][0]["reason"] = "Reincidente: Res. 120-2022/CDA."
    contract_case["circumstances"][1]["reason"] = "Reconocimiento escrito del 3/5/2024."
    return contract_case


@pytest.fixture
def reasoned_post() -> dict[str, str]:
    return dict(REASONED_POST)
