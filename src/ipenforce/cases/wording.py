"""The fine pages' wording in the reader's language (the memo PDF stays Spanish).

The engine (`ipenforce.fines`, pure Python) gives each trace step a stable id and a Spanish
label, and each choice both wordings; here the pages pick the reader's language: choices by
their `label_en`/`label_es`, steps and parameters by gettext, dates in words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.dates import MONTHS
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from ipenforce.cases import memo
from ipenforce.core.dates import spanish_date
from ipenforce.fines.catalogue import choices, circumstances

STEP_LABELS = {
    "beta_pen": _("β en soles"),
    "beta_uit": _("β en UIT"),
    "rho_percent": _("Probabilidad de detección ρ (%)"),
    "base_fine_uit": _("Multa base m (UIT)"),
    "size": _("Tamaño del infractor"),
    "annual_sales_uit": _("Ventas anuales en UIT"),
    "k_uit": _("Valor preestablecido k (UIT)"),
    "duration_factor": _("Factor de duración Dt"),
    "aggravating_percent": _("Suma de agravantes (%)"),
    "extenuating_percent": _("Suma de atenuantes (%)"),
    "factor_f": _("Factor F"),
    "fine_before_cap_uit": _("Multa antes del tope (UIT)"),
    "legal_max_uit": _("Máximo legal (UIT)"),
    "sales_share_cap_uit": _("Tope por porcentaje de ventas (UIT)"),
    "fine_uit": _("Multa (UIT)"),
    "fine_pen": _("Multa en soles (referencial)"),
}
PARAMETER_LABELS = {
    "uit": _("Unidad Impositiva Tributaria (UIT)"),
    "methodology_start_date": _("Inicio de la metodología"),
    "legal_maximum": _("Máximo legal"),
    "detection_probability": _("Probabilidad de detección ρ"),
    "pre_established": _("Valor preestablecido k"),
    "firm_size_thresholds": _("Umbrales de tamaño de empresa"),
    "sales_percentage": _("Porcentaje de ventas"),
}


def english() -> bool:
    return (get_language() or "es").startswith("en")


def choice_label(kind: str, value: str) -> str:
    """The wording of option `value` of `kind` (method, detection, ...) in the reader's language."""
    for choice in choices(kind):
        if choice.id == value:
            return str(choice.label_en if english() else choice.label_es)
    return value


def body_name(body: Any) -> str:
    return str(body.name_en if english() else body.name_es)


def step_label(step: dict[str, Any], uit_year: object = "") -> str:
    """A trace step's label: the engine's Spanish label, or its translation for other readers."""
    step_id = str(step.get("step", ""))
    if step_id == "uit" and uit_year:
        return gettext("UIT del año %(year)s") % {"year": uit_year}
    if not english():
        return str(step.get("label_es") or step_id)
    label = STEP_LABELS.get(step_id)
    return str(label) if label is not None else step_id


def parameter_label(name: str) -> str:
    label = PARAMETER_LABELS.get(name.split("/", 1)[0])
    return str(label) if label is not None else name


def long_date(value: dt.date | str) -> str:
    """``7 de octubre de 2024`` or ``7 October 2024``."""
    if not english():
        return spanish_date(value)
    d = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{d.day} {MONTHS[d.month]} {d.year}"


def value_with_unit(value: object, unit: str) -> str:
    if unit == "date" and isinstance(value, str):
        return long_date(value)
    return memo.value_with_unit(value, unit)


def officer_reasons(inputs: dict[str, Any]) -> list[dict[str, str]]:
    """Each choice of the officer (β, detection level, circumstances...) with its reason."""
    no_reason = gettext("(sin motivación registrada)")
    by_id = {c.id: c for c in circumstances()}
    reasons: list[dict[str, str]] = []
    ad_hoc = inputs.get("ad_hoc") if inputs.get("method") == "ad_hoc" else None
    if isinstance(ad_hoc, dict):
        detection = str(ad_hoc.get("detection", ""))
        reasons.append(
            {
                "choice": "β: " + memo.soles(ad_hoc.get("beta_pen", 0)),
                "detail": choice_label("beta_basis", str(ad_hoc.get("beta_basis", ""))),
                "reason": str(ad_hoc.get("beta_reason") or no_reason),
            }
        )
        reasons.append(
            {
                "choice": gettext("Nivel de detección: %(level)s")
                % {"level": choice_label("detection", detection)},
                "detail": next(
                    (
                        str(c.description_en if english() else c.description_es)
                        for c in choices("detection")
                        if c.id == detection
                    ),
                    "",
                ),
                "reason": str(ad_hoc.get("detection_reason") or no_reason),
            }
        )
    for block_name in ("pre_established", "sales_percentage"):
        block = inputs.get(block_name) if inputs.get("method") == block_name else None
        if isinstance(block, dict):
            reasons.append(
                {
                    "choice": choice_label("method", block_name),
                    "detail": "",
                    "reason": str(block.get("reason") or no_reason),
                }
            )
    for item in inputs.get("circumstances") or []:
        spec = by_id.get(str(item.get("id")))
        if spec is None:
            continue
        aggravating = spec.direction == "aggravating"
        values = {
            "label": spec.label_en if english() else spec.label_es,
            "percent": memo.number_es(item.get("percent")),
        }
        reasons.append(
            {
                "choice": (
                    gettext("Agravante: %(label)s (+%(percent)s %%)")
                    if aggravating
                    else gettext("Atenuante: %(label)s (−%(percent)s %%)")
                )
                % values,
                "detail": str(spec.description_en if english() else spec.description_es),
                "reason": str(item.get("reason") or no_reason),
            }
        )
    return reasons
