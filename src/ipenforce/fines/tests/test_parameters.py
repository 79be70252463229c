"""Parameter files: structure, sources, dated lookup, and a loader that fails loudly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from ipenforce.fines.errors import MissingParameterError, ParameterFileError
from ipenforce.fines.params import ParameterSet, default_parameters, load_parameter_file
from ipenforce.fines.uit import uit_for_year

UIT_SERIES = {
    2015: 3850,
    2016: 3950,
    2017: 4050,
    2018: 4150,
    2019: 4200,
    2020: 4300,
    2021: 4400,
    2022: 4600,
    2023: 4950,
    2024: 5150,
    2025: 5350,
    2026: 5500,
}

GOOD = """\
description: a value
values:
  2020-01-01:
    value: 1
  2022-01-01:
    value: 2.5
metadata:
  unit: UIT
  reference:
    - title: Somewhere
  status: confirmed
"""


def _write(tmp_path: Path, text: str, name: str = "p") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_parameter_file_loads_and_every_value_has_a_reference() -> None:
    params = ParameterSet()
    loaded = list(params.load_all())
    assert len(loaded) >= 10
    for parameter in loaded:
        for value in parameter.values:
            assert value.references, f"{parameter.name} {value.in_force_from} has no reference"
            assert all(r.title.strip() for r in value.references)
            assert value.status in ("confirmed", "unconfirmed")


def test_the_uit_series_matches_the_sources() -> None:
    params = default_parameters()
    for year, amount in UIT_SERIES.items():
        value = uit_for_year(params, year)
        assert value.number() == amount
        assert value.in_force_from == dt.date(year, 1, 1)


@pytest.mark.parametrize("year", [2014, 2027, 2031])
def test_a_year_without_uit_is_an_error(year: int) -> None:
    with pytest.raises(MissingParameterError, match=f"uit for year {year}"):
        uit_for_year(default_parameters(), year)


def test_the_methodology_start_date_is_unconfirmed() -> None:
    value = default_parameters().at("methodology_start_date", dt.date(2024, 1, 1))
    assert value.value == dt.date(2021, 6, 14)
    assert value.status == "unconfirmed"


def test_legal_maxima_and_detection_tables() -> None:
    params = default_parameters()
    on = dt.date(2024, 1, 1)
    assert params.at("legal_maximum/copyright", on).number() == 180
    assert params.at("legal_maximum/inventions", on).number() == 150
    assert params.at("legal_maximum/distinctive_signs", on).number() == 150
    rho = params.at("detection_probability/distinctive_signs", on)
    assert rho.row("medium").number() == Decimal("15.43")
    assert rho.row("medium").name == "detection_probability/distinctive_signs[medium]"


def test_lookup_takes_the_latest_value_on_or_before_the_date(tmp_path: Path) -> None:
    parameter = load_parameter_file(_write(tmp_path, GOOD), "p", tmp_path)
    assert parameter.at(dt.date(2020, 1, 1)).number() == 1
    assert parameter.at(dt.date(2021, 12, 31)).number() == 1
    assert parameter.at(dt.date(2022, 1, 1)).number() == Decimal("2.5")
    with pytest.raises(MissingParameterError, match="parameter p has no value on 2019-12-31"):
        parameter.at(dt.date(2019, 12, 31))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (GOOD.replace("description:", "colour: red\ndescription:"), "unknown key(s) colour"),
        (GOOD.replace("    value: 1\n", "    value: 1\n    valeu: 2\n"), "unknown key(s) valeu"),
        (GOOD.replace("  unit: UIT\n", "  unit: UIT\n  units: x\n"), "unknown key(s) units"),
        (GOOD.replace("2022-01-01", "2022-1-1"), "not an ISO date"),
        (GOOD.replace("2022-01-01", "01/01/2022"), "not an ISO date"),
        (GOOD.replace("2022-01-01", "2022-02-30"), "not a valid date"),
        (GOOD.replace("2022-01-01", "2020-01-01"), "duplicate key"),
        (GOOD.replace("  status: confirmed\n", "  status: maybe\n"), "status must be one of"),
        (
            GOOD.replace("    - title: Somewhere\n", "    []\n").replace(
                "reference:\n", "reference:"
            ),
            "reference",
        ),
        (GOOD.replace("value: 2.5", "value: lots"), "expected a number"),
        (GOOD.replace("metadata:", "metadata:\n  note: x\n  note: y"), "duplicate key"),
    ],
)
def test_the_loader_rejects_bad_files_naming_the_file(
    tmp_path: Path, text: str, words: str
) -> None:
    path = _write(tmp_path, text, "bad_file")
    with pytest.raises(ParameterFileError) as info:
        load_parameter_file(path, "bad_file", tmp_path)
    assert "bad_file.yaml" in str(info.value)
    assert words in str(info.value)


def test_a_missing_parameter_file_names_the_parameter(tmp_path: Path) -> None:
    with pytest.raises(MissingParameterError) as info:
        ParameterSet(tmp_path).get("legal_maximum/patents")
    assert info.value.name == "legal_maximum/patents"
