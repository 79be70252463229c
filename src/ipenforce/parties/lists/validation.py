"""Column mapping and row validation of an uploaded list (no database writes).

Problems have a severity: an ``error`` keeps the row out of the import (no name, a line that is
not UTF-8); a ``warning`` drops only the value (a RUC with a wrong check digit is not evidence,
an unknown ubigeo code is not a place) and the row is imported without it.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_noop

from ipenforce.core.stored_text import spanish, stored_text
from ipenforce.parties.models_lists import LIST_FIELDS
from ipenforce.parties.validators import ruc_problem, ruc_problem_msgid

FIELD_NAMES = tuple(name for name, _label in LIST_FIELDS)

#: Header spellings recognised when a rights holder has no remembered mapping yet.
HEADER_GUESSES: dict[str, tuple[str, ...]] = {
    "name": ("RAZON SOCIAL", "NOMBRE O RAZON SOCIAL", "NOMBRE", "EMPRESA", "CLIENTE", "NAME"),
    "ruc": ("RUC", "NRO RUC", "NUMERO RUC", "N RUC", "NUMERO DE RUC"),
    "address": ("DIRECCION", "DOMICILIO", "DOMICILIO FISCAL", "ADDRESS"),
    "district": ("DISTRITO", "UBIGEO", "DISTRICT"),
    "department": ("DEPARTAMENTO", "REGION", "DEPARTMENT"),
    "trade_name": ("NOMBRE COMERCIAL", "TRADE NAME"),
    "email": ("CORREO", "CORREO ELECTRONICO", "EMAIL", "E-MAIL", "E MAIL"),
    "phone": ("TELEFONO", "CELULAR", "PHONE", "TELF", "TEL"),
}


def plain(value: str) -> str:
    """Upper case, accents and punctuation removed, spaces collapsed (for comparisons)."""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", text).split())


def guess_mapping(headers: list[str], remembered: dict[str, str] | None = None) -> dict[str, str]:
    """Field -> header: the remembered mapping where its headers exist, else by header name."""
    mapping: dict[str, str] = {}
    for name, header in (remembered or {}).items():
        if name in FIELD_NAMES and header in headers:
            mapping[name] = header
    by_plain = {plain(h): h for h in headers}
    for name, guesses in HEADER_GUESSES.items():
        if name in mapping:
            continue
        for guess in guesses:
            found = by_plain.get(guess)
            if found and found not in mapping.values():
                mapping[name] = found
                break
    return mapping


@dataclass
class Gazetteer:
    """Ubigeo districts and departments, loaded once per list."""

    districts: dict[str, tuple[str, str]]  #: code -> (district name, department name)
    by_name: dict[str, list[str]]  #: plain district name -> codes
    departments: dict[str, str]  #: two-digit code -> name

    @classmethod
    def load(cls) -> Gazetteer:
        from ipenforce.core.models import Department, District

        departments = dict(Department.objects.values_list("code", "name"))
        districts: dict[str, tuple[str, str]] = {}
        by_name: dict[str, list[str]] = {}
        for code, name in District.objects.values_list("code", "name"):
            districts[code] = (name, departments.get(code[:2], ""))
            by_name.setdefault(plain(name), []).append(code)
        return cls(districts, by_name, departments)

    def district_code(self, name: str, department: str) -> str:
        """The ubigeo of a district given by name, when it is unambiguous."""
        codes = self.by_name.get(plain(name), [])
        if department and len(codes) > 1:
            dep = plain(department)
            codes = [c for c in codes if plain(self.districts[c][1]) == dep]
        return codes[0] if len(codes) == 1 else ""


@dataclass
class CleanRow:
    line: int
    raw: dict[str, str]
    values: dict[str, str] = field(default_factory=dict)
    district_code: str = ""
    errors: list[dict[str, Any]] = field(default_factory=list)

    def problem(self, name: str, text: str | dict[str, Any], severity: str = "warning") -> None:
        """Record a problem; `text` is stored text (core.stored_text), translated when shown
        ("message" keeps the Spanish wording), or a message already worded."""
        entry: dict[str, Any] = {"field": name, "message": spanish(text), "severity": severity}
        if isinstance(text, dict):
            entry["text"] = text
        self.errors.append(entry)

    @property
    def valid(self) -> bool:
        return not any(e["severity"] == "error" for e in self.errors)

    @property
    def valid_ruc(self) -> str:
        ruc = self.values.get("ruc", "")
        return ruc if ruc and ruc_problem(ruc) is None else ""


MAX_LENGTHS = {"name": 250, "trade_name": 250, "address": 300, "district": 100}


def clean_row(
    line: int,
    raw: dict[str, str],
    mapping: dict[str, str],
    gazetteer: Gazetteer,
    bad_lines: list[dict[str, Any]] | None = None,
) -> CleanRow:
    row = CleanRow(line, raw)
    for name in FIELD_NAMES:
        header = mapping.get(name)
        value = " ".join((raw.get(header, "") if header else "").split())
        row.values[name] = value[: MAX_LENGTHS.get(name, 100)]
    for bad_line in bad_lines or ():
        row.problem("", bad_line, "error")
    if not row.values["name"]:
        row.problem("name", stored_text(gettext_noop("falta la razón social o nombre")), "error")
    ruc = re.sub(r"[\s.\-]", "", row.values["ruc"])[:20]
    row.values["ruc"] = ruc
    if ruc and (problem := ruc_problem_msgid(ruc)):
        row.problem(
            "ruc",
            stored_text(
                gettext_noop("RUC %(ruc)s no se usa: %(problem)s"),
                ruc=ruc,
                problem=stored_text(problem),
            ),
        )
    _clean_place(row, gazetteer)
    email = row.values["email"]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.problem(
                "email",
                stored_text(gettext_noop("correo electrónico no válido: %(value)s"), value=email),
            )
            row.values["email"] = ""
    return row


def _clean_place(row: CleanRow, gazetteer: Gazetteer) -> None:
    district, department = row.values["district"], row.values["department"]
    if re.fullmatch(r"\d{2}", department):
        if department in gazetteer.departments:
            row.values["department"] = department = gazetteer.departments[department]
        else:
            row.problem(
                "department",
                stored_text(
                    gettext_noop("código de departamento desconocido: %(code)s"), code=department
                ),
            )
            row.values["department"] = department = ""
    if re.fullmatch(r"\d{5,6}", district):
        code = district.zfill(6)
        if code in gazetteer.districts:
            row.district_code = code
            row.values["district"], dep_name = gazetteer.districts[code]
            row.values["department"] = row.values["department"] or dep_name
        else:
            row.problem(
                "district", stored_text(gettext_noop("ubigeo desconocido: %(code)s"), code=district)
            )
            row.values["district"] = ""
    elif re.fullmatch(r"\d+", district):
        row.problem(
            "district",
            stored_text(
                gettext_noop("ubigeo no válido (deben ser 6 dígitos): %(code)s"), code=district
            ),
        )
        row.values["district"] = ""
    elif district:
        row.district_code = gazetteer.district_code(district, department)
        if row.district_code and not department:
            row.values["department"] = gazetteer.districts[row.district_code][1]


def row_key(values: dict[str, Any]) -> str:
    """Identity of a row's content, to import the same row only once per rights holder."""
    parts = [plain(str(values.get(name) or "")) for name in FIELD_NAMES]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()
