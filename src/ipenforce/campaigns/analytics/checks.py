"""Plain-language warnings of the impact report, in Spanish first and English second.

Each check is an object with a stable `code` (for programs and tests), a `severity`, `message`
(Spanish, what staff read), `message_es`, `message_en` and the figures behind it in `data`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

WARNING = "warning"
INFO = "info"

LABELS: dict[str, tuple[str, str]] = {
    "campaigns": ("campañas", "campaigns"),
    "targets": ("empresas objetivo", "target firms"),
    "letters_sent": ("cartas enviadas", "letters sent"),
    "delivered": ("cartas entregadas", "letters delivered"),
    "responses": ("empresas que respondieron", "firms that responded"),
    "response_rate": ("tasa de respuesta", "response rate"),
    "licensed_firms": ("empresas licenciadas", "licensed firms"),
    "licensing_rate": ("tasa de licenciamiento", "licensing rate"),
    "seats": ("licencias (puestos)", "seats"),
    "income_usd": ("ingresos reportados (US$)", "reported income (US$)"),
    "workstations_estimated": ("puestos de trabajo estimados", "estimated workstations"),
    "income_estimated_usd": ("ingresos estimados (US$)", "estimated income (US$)"),
}


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    message_es: str
    message_en: str
    severity: str = WARNING
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message_es,
            "message_es": self.message_es,
            "message_en": self.message_en,
            "data": dict(self.data),
        }


def fmt_number(value: float) -> str:
    """1234567.5 -> '1,234,567.5'; whole numbers without decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def fmt_rate(value: float) -> str:
    return f"{100 * value:.1f}%"


def _fmt(key: str, value: float) -> str:
    return fmt_rate(value) if key.endswith("_rate") else fmt_number(value)


def _decimals(value: float) -> int:
    text = repr(float(value))
    return len(text.split(".")[1].rstrip("0")) if "." in text and "e" not in text else 0


def _significant(value: float) -> int:
    digits = str(abs(round(value))).rstrip("0")
    return max(1, len(digits))


def agrees(key: str, stated: float, counted: float) -> bool:
    """Does a counted figure agree with a stated one, at the precision the source used?

    Rates (keys ending in `_rate`, as fractions: 0.19) agree when the counted rate rounds to the
    stated one at the stated number of decimals (at least two); money (keys starting with `income`)
    when it rounds to the stated figure's significant digits ("US$3.6 million" is 2 digits); counts
    must be equal.
    """
    if key.endswith("_rate"):
        places = max(2, _decimals(stated))
        return round(counted, places) == round(stated, places)
    if key.startswith("income"):
        if stated == 0:
            return counted == 0
        digits = _significant(stated)
        magnitude = math.floor(math.log10(abs(stated))) - digits + 1
        scale = 10.0**magnitude
        return round(counted / scale) == round(stated / scale)
    return abs(stated - counted) < 0.5


def stated_checks(
    stated: Mapping[str, float], counted: Mapping[str, float], *, who: str = ""
) -> list[Check]:
    """Compare figures a source states with the ones counted from the events."""
    checks: list[Check] = []
    scope_es = f" ({who})" if who else ""
    for key, claim in stated.items():
        label_es, label_en = LABELS.get(key, (key, key))
        if key not in counted:
            checks.append(
                Check(
                    "stated_not_compared",
                    f"La cifra declarada «{key}» = {_fmt(key, claim)}{scope_es} no se puede "
                    "comparar con los eventos.",
                    f"The stated figure '{key}' = {_fmt(key, claim)}{scope_es} cannot be compared "
                    "with the events.",
                    INFO,
                    {"key": key, "stated": claim},
                )
            )
            continue
        value = counted[key]
        if not agrees(key, claim, value):
            checks.append(
                Check(
                    "stated_mismatch",
                    f"La fuente declara {_fmt(key, claim)} {label_es}{scope_es}, pero los eventos "
                    f"registrados dan {_fmt(key, value)}.",
                    f"The source states {_fmt(key, claim)} {label_en}{scope_es}, but the recorded "
                    f"events give {_fmt(key, value)}.",
                    WARNING,
                    {"key": key, "stated": claim, "counted": value},
                )
            )
    checks += _stated_internal_checks(stated, scope_es)
    return checks


def _stated_internal_checks(stated: Mapping[str, float], scope: str) -> list[Check]:
    """Stated figures that disagree with each other (e.g. 817 firms × 8 PCs is not 6,640)."""
    checks: list[Check] = []
    firms = stated.get("licensed_firms")
    pcs = stated.get("avg_pcs_per_firm")
    workstations = stated.get("workstations_estimated")
    if firms is not None and pcs is not None and workstations is not None:
        product = firms * pcs
        if abs(product - workstations) >= 0.5:
            checks.append(
                Check(
                    "stated_inconsistent",
                    f"Las cifras declaradas no cuadran entre sí{scope}: "
                    f"{fmt_number(firms)} empresas × {fmt_number(pcs)} PC = "
                    f"{fmt_number(product)}, no {fmt_number(workstations)} puestos.",
                    f"The stated figures disagree with each other{scope}: "
                    f"{fmt_number(firms)} firms × {fmt_number(pcs)} PCs = "
                    f"{fmt_number(product)}, not {fmt_number(workstations)} workstations.",
                    WARNING,
                    {
                        "licensed_firms": firms,
                        "avg_pcs_per_firm": pcs,
                        "workstations": workstations,
                    },
                )
            )
    letters = stated.get("letters_sent")
    rate = stated.get("licensing_rate")
    if firms is not None and letters and rate is not None:
        implied = firms / letters
        if not agrees("licensing_rate", rate, implied):
            checks.append(
                Check(
                    "stated_inconsistent",
                    f"Las cifras declaradas no cuadran entre sí{scope}: {fmt_number(firms)} / "
                    f"{fmt_number(letters)} cartas = {fmt_rate(implied)}, no {fmt_rate(rate)}.",
                    f"The stated figures disagree with each other{scope}: {fmt_number(firms)} / "
                    f"{fmt_number(letters)} letters = {fmt_rate(implied)}, not {fmt_rate(rate)}.",
                    WARNING,
                    {"licensed_firms": firms, "letters_sent": letters, "licensing_rate": rate},
                )
            )
    return checks
