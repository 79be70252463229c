"""Each comparison rule on literal record pairs: which level the pair falls in."""

from typing import Any

import polars as pl
import pytest

from ipenforce.matching.predict import Model, comparison_vectors
from ipenforce.matching.records import prepare, to_frame

MODEL = Model.load()


def level(field: str, left: dict[str, Any], right: dict[str, Any]) -> str:
    df = prepare(to_frame([{"record_id": "1", **left}, {"record_id": "2", **right}]))
    vec = comparison_vectors(
        df,
        pl.DataFrame({"idx_l": [0], "idx_r": [1]}, schema={"idx_l": pl.UInt32, "idx_r": pl.UInt32}),
    )
    comp = next(c for c in MODEL.comparisons if c.name == field)
    return comp.level(int(vec[f"gamma_{field}"][0])).label


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            "INVERSIONES SAN MARTIN S.A.C.",
            "Inversiones San Martín Sociedad Anónima Cerrada",
            "exact",
        ),
        ("INV. SAN MARTIN SAC", "INVERSIONES SAN MARTIN S.A.C.", "exact"),
        ("SAN MARTIN INVERSIONES", "INVERSIONES SAN MARTIN", "same words, other order"),
        ("INVERSIONES SAN MATRIN", "INVERSIONES SAN MARTIN", "one typo"),
        ("INVERSIONES SAM MARTN", "INVERSIONES SAN MARTIN", "two or three typos"),
        # A typo in a word of trade is corrected before the names are compared.
        ("INVRESIONES SAN MARTIN", "INVERSIONES SAN MARTIN", "exact"),
        ("INVERSIONES SAN MARTIN DEL SUR", "INVERSIONES SAN MARTIN", "one name inside the other"),
        ("GRUPO ABC", "GRUPO ABD", "similar"),
        ("COMERCIAL QUISPE", "DISTRIBUIDORA TORRES", "different"),
        ("", "INVERSIONES SAN MARTIN", "missing"),
    ],
)
def test_name_levels(a: str, b: str, expected: str) -> None:
    assert level("name", {"name": a}, {"name": b}) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("X S.A.C.", "X SOCIEDAD ANONIMA CERRADA", "same"),
        ("X S.A.C.", "X S.R.L.", "different"),
        ("X", "X E.I.R.L.", "missing"),
    ],
)
def test_legal_form_levels(a: str, b: str, expected: str) -> None:
    assert level("legal_form", {"name": a}, {"name": b}) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("20100047218", "20-10004721-8", "same"),
        ("20100047218", "20131312955", "different"),
        ("20100047218", "20100047219", "missing"),  # bad check digit: not evidence
        ("20100047218", "", "missing"),
    ],
)
def test_ruc_levels(a: str, b: str, expected: str) -> None:
    assert level("ruc", {"name": "X", "ruc": a}, {"name": "X", "ruc": b}) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("AV. AREQUIPA NRO. 1234", "Avenida Arequipa 1234", "exact"),
        ("AV. AREQUIPA 1234 INT. 5", "AV AREQUPA 1234", "same number, similar street"),
        ("AV. AREQUIPA 1234", "JR. HUALLAGA 1234", "same number, other street"),
        ("AV. AREQUIPA 1234", "AV. AREQUIPA 560", "similar street, other or no number"),
        ("AV. AREQUIPA 1234", "JR. HUALLAGA 560", "different"),
        ("AV. AREQUIPA 1234", "", "missing"),
    ],
)
def test_address_levels(a: str, b: str, expected: str) -> None:
    assert level("address", {"name": "X", "address": a}, {"name": "X", "address": b}) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (("MIRAFLORES", "LIMA"), ("Miraflores", ""), "same district"),
        (("MIRAFLORES", "LIMA"), ("MIRAFLORES", "AREQUIPA"), "other department"),
        (("SAN BORJA", "LIMA"), ("SAN BORJS", "LIMA"), "same district"),  # corrected
        (("MIRAFLORES", "LIMA"), ("MIRAFLOREZZ", "LIMA"), "district with a typo"),  # two edits
        (("SAN BORJA", "LIMA"), ("", "Lima"), "district missing, same department"),
        (("SAN BORJA", "LIMA"), ("COMAS", "LIMA"), "other district, same department"),
        (("CAYMA", "AREQUIPA"), ("", "CUSCO"), "other department"),
        (("", ""), ("COMAS", "LIMA"), "missing"),
    ],
)
def test_place_levels(a: tuple[str, str], b: tuple[str, str], expected: str) -> None:
    left = {"name": "X", "district": a[0], "department": a[1]}
    right = {"name": "X", "district": b[0], "department": b[1]}
    assert level("place", left, right) == expected


def test_every_level_has_trained_parameters() -> None:
    for comp in MODEL.comparisons:
        for lv in comp.levels:
            assert lv.is_null or (lv.m and lv.u), (comp.name, lv.label)
