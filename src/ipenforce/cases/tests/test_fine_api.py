from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/fines/calculate"


def _cli(case_file: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipenforce.cli", "fine", "calculate", str(case_file), *extra],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def _post(client, data):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(URL, body, content_type="application/json")


def test_it_gives_the_same_result_as_the_command_line(client_for, contract_case, tmp_path):
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(contract_case), encoding="utf-8")
    cli = _cli(case_file)
    assert cli.returncode == 0, cli.stderr

    response = _post(client_for("legal_officer"), contract_case)

    assert response.status_code == 200
    assert response.json() == json.loads(cli.stdout)
    assert response.json()["fine_uit"] == 50.62
    assert response.json()["fine_pen"] == 260693.0


def test_it_answers_422_with_the_command_line_messages(client_for, contract_case, tmp_path):
    contract_case["ad_hoc"]["detection"] = "extreme"
    contract_case["circumstances"][0]["percent"] = 150
    case_file = tmp_path / "bad.json"
    case_file.write_text(json.dumps(contract_case), encoding="utf-8")
    cli = _cli(case_file)
    cli_es = _cli(case_file, "--lang", "es")
    assert cli.returncode == 2

    response = _post(client_for("legal_officer"), contract_case)

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [f"{e['path']}: {e['message']}" for e in errors] == cli.stderr.splitlines()
    assert [f"{e['path']}: {e['message_es']}" for e in errors] == cli_es.stderr.splitlines()
    assert errors[0]["path"] == "$.ad_hoc.detection"
    assert "must be one of low, medium, high" in errors[0]["message"]


def test_it_names_the_missing_parameter_of_the_sales_percentage_method(client_for):
    case = {
        "body": "copyright",
        "resolution_date": "2024-10-07",
        "method": "sales_percentage",
        "sales_percentage": {"affected_sales_pen": 1000},
    }
    response = _post(client_for("director"), case)
    assert response.status_code == 422
    assert any(
        "sales_percentage/alpha/copyright" in e["message"] for e in response.json()["errors"]
    )


def test_it_answers_422_for_malformed_json(client_for):
    response = _post(client_for("legal_officer"), '{"body": ')
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "$"
    assert "invalid JSON at line 1" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("role", "status"), [("legal_officer", 200), ("director", 200), ("rights_holder", 403)]
)
def test_it_requires_a_staff_session_with_the_permission(client_for, contract_case, role, status):
    client = client_for(role)
    assert _post(client, contract_case).status_code == status
    assert client.get("/api/fines/bodies").status_code == status


def test_it_refuses_anonymous_callers(client, contract_case):
    assert _post(client, contract_case).status_code == 401
    assert client.get("/api/fines/bodies").status_code == 401


def test_it_lists_bodies_like_the_command_line(client_for):
    response = client_for("legal_officer").get("/api/fines/bodies?date=2024-10-07")
    assert response.status_code == 200
    data = response.json()
    assert data["date"] == "2024-10-07"
    copyright_body = next(b for b in data["bodies"] if b["id"] == "copyright")
    assert copyright_body["parameters"]["legal_maximum/copyright"]["value"] == 180


def test_it_documents_the_endpoints_in_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    calculate = schema["paths"]["/api/fines/calculate"]["post"]
    assert "422" in calculate["responses"]
    body = calculate["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["ad_hoc"]["properties"]["detection"]["enum"] == [
        "low",
        "medium",
        "high",
    ]
    assert "/api/fines/bodies" in schema["paths"]
