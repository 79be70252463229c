"""The ``fine`` command, driven as a separate process, as the acceptance checks do."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CONTRACT_CASE = {
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


def fine(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipenforce.fines.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        encoding="utf-8",
    )


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CONTRACT_CASE), encoding="utf-8")
    return path


def test_it_calculates_the_contract_example(case_file: Path) -> None:
    done = fine("calculate", str(case_file))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    expected = {
        "uit_pen": 5150,
        "base_fine_uit": 44.02,
        "factor_f": 1.15,
        "fine_before_cap_uit": 50.62,
        "legal_max_uit": 180,
        "capped_by": None,
        "fine_uit": 50.62,
        "fine_pen": 260693.0,
    }
    assert {k: result[k] for k in expected} == expected
    assert all(set(s) >= {"step", "value", "formula", "reference"} for s in result["trace"])
    assert {"name", "value", "in_force_from", "reference", "status"} <= set(result["parameters"][0])
    uit = next(p for p in result["parameters"] if p["name"] == "uit")
    assert (uit["value"], uit["in_force_from"]) == (5150, "2024-01-01")
    assert done.stderr == ""


def test_it_reads_standard_input() -> None:
    done = fine("calculate", "-", stdin=json.dumps(CONTRACT_CASE))
    assert done.returncode == 0
    assert json.loads(done.stdout)["fine_uit"] == 50.62


def test_it_writes_the_spanish_memo(case_file: Path) -> None:
    done = fine("calculate", str(case_file), "--format", "text")
    assert done.returncode == 0
    assert "MEMORIA DE CÁLCULO DE MULTA" in done.stdout
    assert "MULTA: 50.62 UIT" in done.stdout
    assert "S/ 260,693.00" in done.stdout
    assert "NO CONFIRMADO" in done.stdout


def test_an_invalid_case_gives_one_line_per_problem_and_no_output(tmp_path: Path) -> None:
    bad = dict(CONTRACT_CASE, ad_hoc={"beta_pen": -5, "beta_basis": "x", "detection": "mid"})
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    done = fine("calculate", str(path))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "$.ad_hoc.beta_pen: must be zero or more (soles)",
        "$.ad_hoc.beta_basis: must be one of illicit_benefit_income, "
        "illicit_benefit_avoided_cost, economic_damage (got 'x')",
        "$.ad_hoc.detection: must be one of low, medium, high (got 'mid')",
    ]


def test_errors_can_be_in_spanish(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(dict(CONTRACT_CASE, body="x")), encoding="utf-8")
    done = fine("calculate", str(path), "--lang", "es")
    assert done.returncode == 2
    assert done.stderr.startswith("$.body: debe ser uno de copyright")


def test_malformed_json_names_line_and_column() -> None:
    done = fine("calculate", "-", stdin='{\n  "body": "copyright",,\n}')
    assert done.returncode == 2
    assert done.stdout == ""
    assert "line 2, column 23" in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_a_missing_file_is_exit_2(tmp_path: Path) -> None:
    done = fine("calculate", str(tmp_path / "nope.json"))
    assert (done.returncode, done.stdout) == (2, "")
    assert "file not found" in done.stderr


def test_non_finite_numbers_are_rejected() -> None:
    done = fine("calculate", "-", stdin='{"body": NaN}')
    assert (done.returncode, done.stdout) == (2, "")


def test_it_lists_bodies() -> None:
    done = fine("bodies", "--date", "2024-01-01")
    assert done.returncode == 0
    ids = [b["id"] for b in json.loads(done.stdout)["bodies"]]
    assert ids == ["copyright", "inventions", "distinctive_signs"]


def test_usage_errors_are_exit_2() -> None:
    assert fine().returncode == 2
    assert fine("calculate").returncode == 2
    assert fine("calculate", "-", "--format", "pdf", stdin="{}").returncode == 2


def test_main_can_be_called_in_process(case_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ipenforce.fines.cli import main

    assert main(["calculate", str(case_file)]) == 0
    assert json.loads(capsys.readouterr().out)["fine_pen"] == 260693.0
    assert main(["catalogue"]) == 0
    catalogue = json.loads(capsys.readouterr().out)
    assert {c["id"] for c in catalogue["detection"]} == {"low", "medium", "high"}
