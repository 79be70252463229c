"""Choices of a fine case with their Spanish and English wording, for forms, the API and memos.

Everything here is data from the decree's annex (DS 032-2021-PCM): methods, detection levels (ρ),
bases of β, affectation, infringer sizes, and the circumstances of factor F; plus the deciding
bodies and the parameters each has in force on a date."""

from __future__ import annotations

import datetime as dt

from ipenforce.fines.base_fine import (
    AFFECTATION_CHOICES,
    BETA_BASIS_CHOICES,
    DETECTION_CHOICES,
    METHOD_CHOICES,
    Choice,
)
from ipenforce.fines.errors import MissingParameterError
from ipenforce.fines.factor_f import CATALOGUE, Circumstance
from ipenforce.fines.params import ParameterSet, default_parameters
from ipenforce.fines.rounding import plain
from ipenforce.fines.size import SIZE_LABELS_EN, SIZE_LABELS_ES, SIZES

SIZE_CHOICES: tuple[Choice, ...] = tuple(
    Choice(s, SIZE_LABELS_ES[s], SIZE_LABELS_EN[s], "", "") for s in SIZES
)

_CHOICE_LISTS: dict[str, tuple[Choice, ...]] = {
    "method": METHOD_CHOICES,
    "detection": DETECTION_CHOICES,
    "beta_basis": BETA_BASIS_CHOICES,
    "affectation": AFFECTATION_CHOICES,
    "size": SIZE_CHOICES,
}


def choices(kind: str) -> tuple[Choice, ...]:
    """The options of ``kind``: method, detection, beta_basis, affectation or size."""
    return _CHOICE_LISTS[kind]


def label_es(kind: str, value: str) -> str:
    """The Spanish label of an option (``label_es("detection", "medium") == "Media"``)."""
    for choice in _CHOICE_LISTS[kind]:
        if choice.id == value:
            return choice.label_es
    return value


def circumstances() -> tuple[Circumstance, ...]:
    """The circumstances of factor F, aggravating first."""
    return CATALOGUE


def _choice_dict(c: Choice) -> dict[str, str]:
    return {
        "id": c.id,
        "label_es": c.label_es,
        "label_en": c.label_en,
        "description_es": c.description_es,
        "description_en": c.description_en,
    }


def _circumstance_dict(c: Circumstance) -> dict[str, object]:
    return {
        "id": c.id,
        "direction": c.direction,
        "max_percent": int(c.max_percent),
        "needs_reason": c.needs_reason,
        "label_es": c.label_es,
        "label_en": c.label_en,
        "description_es": c.description_es,
        "description_en": c.description_en,
    }


def catalogue() -> dict[str, object]:
    """Every choice list as JSON-ready data: ``{"detection": [...], "circumstances": [...]}``."""
    out: dict[str, object] = {k: [_choice_dict(c) for c in v] for k, v in _CHOICE_LISTS.items()}
    out["circumstances"] = [_circumstance_dict(c) for c in CATALOGUE]
    return out


def bodies_in_force(
    on: dt.date | None = None, params: ParameterSet | None = None
) -> list[dict[str, object]]:
    """The deciding bodies and the parameters each has in force on ``on`` (default: today).

    A parameter that is missing, or not in force on the date, is listed under ``missing``.
    """
    params = params or default_parameters()
    on = on or dt.date.today()
    result: list[dict[str, object]] = []
    for body in params.bodies().values():
        in_force: dict[str, object] = {}
        missing: list[str] = []
        names = [f"legal_maximum/{body.id}", f"detection_probability/{body.id}"]
        if body.sales_share_cap:
            names.append(body.sales_share_cap)
        for name in names:
            try:
                value = params.at(name, on)
            except MissingParameterError:
                missing.append(name)
                continue
            shown: object
            if isinstance(value.value, dict):
                shown = {k: float(v) for k, v in value.value.items()}
            elif isinstance(value.value, dt.date):
                shown = value.value.isoformat()
            else:
                shown = float(value.value) if "." in plain(value.value) else int(value.value)
            in_force[name] = {
                "value": shown,
                "unit": value.unit,
                "in_force_from": value.in_force_from.isoformat(),
                "status": value.status,
            }
        result.append(
            {
                "id": body.id,
                "name_es": body.name_es,
                "name_en": body.name_en,
                "law": body.law,
                "methods": ["ad_hoc", "pre_established"],
                "sales_share_cap": body.sales_share_cap,
                "note": body.note,
                "parameters": in_force,
                "missing": missing,
            }
        )
    return result
