"""Base fine m (DS 032-2021-PCM, annex: methodology for the calculation of fines).

The decree offers three methods for the base fine m:

* **ad hoc** — ``m = β / ρ``: β is the illicit benefit (extra income or avoided cost) or the
  economic damage, in soles converted to UIT of the resolution year; ρ is the probability of
  detection of the deciding body for the detection level (low, medium, high). This is the method of
  the intellectual-property bodies, except refusals to supply information.
* **pre-established values** — ``m = k(i, j) × Dt``: k by affectation i and infringer size j; for
  intellectual-property bodies only refusals to supply information, affectation "very low", and Dt =
  1.
* **percentage of sales** — ``m = α × V × g``: not used by intellectual-property bodies; α and g are
  not in the parameter files, so the engine asks for them with an error naming the missing
  parameter.

m is rounded half-up to 2 decimals of a UIT.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ipenforce.fines.rounding import div, half_up, mul

METHODS: tuple[str, ...] = ("ad_hoc", "pre_established", "sales_percentage")
DETECTION_LEVELS: tuple[str, ...] = ("low", "medium", "high")
BETA_BASES: tuple[str, ...] = (
    "illicit_benefit_income",
    "illicit_benefit_avoided_cost",
    "economic_damage",
)
AFFECTATIONS: tuple[str, ...] = ("very_low",)


@dataclass(frozen=True, slots=True)
class Choice:
    """An option of the method with its wording for forms and memos."""

    id: str
    label_es: str
    label_en: str
    description_es: str
    description_en: str


METHOD_CHOICES: tuple[Choice, ...] = (
    Choice(
        "ad_hoc",
        "Método ad hoc",
        "Ad hoc method",
        "m = β / ρ: beneficio ilícito o daño económico entre la probabilidad de detección.",
        "m = β / ρ: illicit benefit or economic damage divided by the probability of detection.",
    ),
    Choice(
        "pre_established",
        "Valores preestablecidos",
        "Pre-established values",
        "m = k × Dt según afectación y tamaño del infractor; en propiedad intelectual solo para "
        "negativas a entregar información, con Dt = 1.",
        "m = k × Dt by affectation and infringer size; in intellectual property only for refusals "
        "to "
        "supply information, with Dt = 1.",
    ),
    Choice(
        "sales_percentage",
        "Porcentaje de ventas",
        "Percentage of sales",
        "m = α × V × g; no lo usan los órganos de propiedad intelectual.",
        "m = α × V × g; not used by intellectual-property bodies.",
    ),
)

DETECTION_CHOICES: tuple[Choice, ...] = (
    Choice(
        "low",
        "Baja",
        "Low",
        "La conducta se caracteriza por el ocultamiento de información, la clandestinidad o "
        "informalidad, o fue detectada mediante supervisión o fiscalización no programada.",
        "The conduct involves concealment of information, clandestinity or informality, or was "
        "found "
        "by unscheduled supervision or inspection.",
    ),
    Choice(
        "medium",
        "Media",
        "Medium",
        "La infracción se conoce por denuncias o reclamos de terceros, o por información "
        "disponible "
        "pero limitada (insuficiente, seleccionada o dispersa).",
        "The infringement is known through complaints or claims by third parties, or through "
        "information that is available but limited (insufficient, selected or scattered).",
    ),
    Choice(
        "high",
        "Alta",
        "High",
        "La infracción se detecta por autodenuncia, por supervisión o fiscalización programada, o "
        "por "
        "información confiable, completa y de fácil acceso.",
        "The infringement is found by self-report, by scheduled supervision or inspection, or "
        "through "
        "reliable, complete and easily accessible information.",
    ),
)

BETA_BASIS_CHOICES: tuple[Choice, ...] = (
    Choice(
        "illicit_benefit_income",
        "Beneficio ilícito por mayores ingresos",
        "Illicit benefit from increased income",
        "Ventas o ingresos (precios y cantidades) del producto y, de ser el caso, el margen de "
        "utilidad.",
        "Sales or income (prices and quantities) of the product and, where relevant, the profit "
        "margin.",
    ),
    Choice(
        "illicit_benefit_avoided_cost",
        "Beneficio ilícito por costo evitado",
        "Illicit benefit from avoided cost",
        "Ahorro obtenido por no realizar las inversiones o gastos necesarios para cumplir la norma "
        "(por ejemplo, licencias no pagadas).",
        "Savings from not making the investments or expenses needed to comply (e.g. unpaid "
        "licences).",
    ),
    Choice(
        "economic_damage",
        "Daño económico causado",
        "Economic damage caused",
        "Daño emergente, lucro cesante o daño a la persona sufrido por el afectado.",
        "Consequential damage, lost profits or damage to the person suffered by the affected "
        "party.",
    ),
)

AFFECTATION_CHOICES: tuple[Choice, ...] = (
    Choice(
        "very_low",
        "Muy baja",
        "Very low",
        "Única fila que el decreto prevé para los órganos de propiedad intelectual (negativa a "
        "entregar "
        "información).",
        "The only row the decree gives intellectual-property bodies (refusal to supply "
        "information).",
    ),
)


@dataclass(frozen=True, slots=True)
class AdHocBaseFine:
    beta_uit: Decimal  # not rounded
    rho_fraction: Decimal  # ρ / 100
    base_fine_uit: Decimal  # m, 2 decimals


def ad_hoc_base_fine(beta_pen: Decimal, uit_pen: Decimal, rho_percent: Decimal) -> AdHocBaseFine:
    """Ad hoc method: β_UIT = β / UIT (unrounded); m = β_UIT / (ρ/100), half-up, 2 places."""
    beta_uit = div(beta_pen, uit_pen)
    rho = div(rho_percent, Decimal(100))
    return AdHocBaseFine(beta_uit, rho, half_up(div(beta_uit, rho), 2))


def pre_established_base_fine(k_uit: Decimal, duration_factor: Decimal) -> Decimal:
    """Pre-established values: m = k(affectation, size) × Dt, half-up to 2 decimals."""
    return half_up(mul(k_uit, duration_factor), 2)


def sales_percentage_base_fine(alpha: Decimal, sales_uit: Decimal, g: Decimal) -> Decimal:
    """Percentage of sales: m = α × V × g, V in UIT (needs α and g parameter files)."""
    return half_up(mul(mul(alpha, sales_uit), g), 2)
