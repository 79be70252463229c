"""Factor F: aggravating and extenuating circumstances (DS 032-2021-PCM, annex, table of
circumstances).

M = m × F. The decree lists aggravating circumstances (which raise F) and extenuating circumstances
(which lower it) for every deciding body; a body may weigh others that its special law allows and
that fit the case (``other_aggravating`` / ``other_extenuating``, which need a stated reason). F can
at most halve or double the base fine; with no circumstance F = 1.

As in INDECOPI's own calculator, the officer sets each circumstance's percentage (aggravating up to
100 %, extenuating up to 50 %), F = 1 + Σ aggravating/100 − Σ extenuating/100, only the total is
clamped to [0.5, 2.0], and F is rounded half-up to 3 decimals.

The Spanish wording below is a working rendering of the decree's table (from the English summary in
the project's seed 004); check it against the official text before quoting it in a resolution."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ipenforce.fines.rounding import div, half_up

AGGRAVATING = "aggravating"
EXTENUATING = "extenuating"
F_MIN = Decimal("0.5")
F_MAX = Decimal("2.0")


@dataclass(frozen=True, slots=True)
class Circumstance:
    """A circumstance of the catalogue, with its direction and the largest percentage allowed."""

    id: str
    direction: str  # "aggravating" | "extenuating"
    max_percent: Decimal
    label_es: str
    label_en: str
    description_es: str
    description_en: str
    needs_reason: bool = False


_A100 = Decimal(100)
_E50 = Decimal(50)

CATALOGUE: tuple[Circumstance, ...] = (
    Circumstance(
        "recidivism",
        AGGRAVATING,
        _A100,
        "Reincidencia",
        "Recidivism",
        "El infractor ya fue sancionado antes por una infracción de la misma naturaleza.",
        "The infringer was sanctioned before for an infringement of the same kind.",
    ),
    Circumstance(
        "reiteration",
        AGGRAVATING,
        _A100,
        "Reiteración",
        "Reiteration",
        "El infractor repite la conducta infractora.",
        "The infringer repeats the infringing conduct.",
    ),
    Circumstance(
        "procedural_misconduct",
        AGGRAVATING,
        _A100,
        "Conducta procedimental contraria al principio de conducta procedimental",
        "Procedural misconduct",
        "La conducta del infractor a lo largo del procedimiento contraviene el principio de "
        "conducta "
        "procedimental.",
        "The infringer's behaviour during the proceeding contravenes the principle of procedural "
        "conduct.",
    ),
    Circumstance(
        "endangered_health_life_safety",
        AGGRAVATING,
        _A100,
        "Riesgo o daño a la salud, la vida o la seguridad",
        "Health, life or safety endangered",
        "La conducta infractora puso en riesgo u ocasionó daño a la salud, la vida o la seguridad "
        "de "
        "las personas.",
        "The infringing conduct endangered or harmed people's health, life or safety.",
    ),
    Circumstance(
        "aware_no_mitigation",
        AGGRAVATING,
        _A100,
        "Conocimiento de la infracción sin medidas de mitigación",
        "Aware of the infringement, no mitigation",
        "El infractor, conociendo la conducta infractora, no adoptó las medidas necesarias para "
        "prevenir o mitigar sus consecuencias.",
        "The infringer, aware of the infringing conduct, did not take the measures needed to "
        "prevent "
        "or mitigate its consequences.",
    ),
    Circumstance(
        "collective_interest_affected",
        AGGRAVATING,
        _A100,
        "Afectación del interés colectivo o difuso",
        "Collective or diffuse interest affected",
        "La conducta infractora afectó el interés colectivo o difuso.",
        "The infringing conduct affected the collective or diffuse interest.",
    ),
    Circumstance(
        "other_aggravating",
        AGGRAVATING,
        _A100,
        "Otra circunstancia agravante",
        "Other aggravating circumstance",
        "Otra agravante pertinente que permita el marco legal especial del órgano (indique el "
        "motivo).",
        "Another relevant aggravating circumstance the body's special law allows (state the "
        "reason).",
        needs_reason=True,
    ),
    Circumstance(
        "conciliation_proposal",
        EXTENUATING,
        _E50,
        "Propuesta conciliatoria",
        "Conciliation proposal",
        "El infractor presentó en el procedimiento una propuesta conciliatoria que coincide con la "
        "medida correctiva ordenada.",
        "The infringer offered, within the proceeding, a settlement matching the corrective "
        "measure "
        "ordered.",
    ),
    Circumstance(
        "ceased_and_remedied",
        EXTENUATING,
        _E50,
        "Cese de la conducta y reparación",
        "Ceased and remedied",
        "El infractor acreditó haber cesado la conducta ilegal tan pronto tuvo conocimiento de "
        "ella e "
        "inició las acciones para remediar sus efectos adversos.",
        "The infringer proved it stopped the illegal conduct as soon as it learnt of it and "
        "started "
        "remedying its adverse effects.",
    ),
    Circumstance(
        "acquiescence",
        EXTENUATING,
        _E50,
        "Reconocimiento o allanamiento",
        "Acquiescence",
        "El infractor reconoció las imputaciones o se allanó a las pretensiones después de "
        "presentar "
        "sus descargos.",
        "The infringer admitted the charges or accepted the claims after filing its defence.",
    ),
    Circumstance(
        "written_acknowledgement",
        EXTENUATING,
        _E50,
        "Reconocimiento expreso y por escrito de responsabilidad",
        "Written acknowledgement of responsibility",
        "El infractor reconoció expresamente y por escrito su responsabilidad, antes o después del "
        "Informe Final de Instrucción.",
        "The infringer acknowledged its responsibility expressly and in writing, before or after "
        "the "
        "Final Investigation Report.",
    ),
    Circumstance(
        "compliance_program",
        EXTENUATING,
        _E50,
        "Programa de cumplimiento efectivo",
        "Effective compliance programme",
        "El infractor acreditó contar con un programa de cumplimiento normativo efectivo.",
        "The infringer proved it has an effective compliance programme for the rules in question.",
    ),
    Circumstance(
        "other_extenuating",
        EXTENUATING,
        _E50,
        "Otra circunstancia atenuante",
        "Other extenuating circumstance",
        "Otra atenuante pertinente que permita el marco legal especial del órgano (indique el "
        "motivo).",
        "Another relevant extenuating circumstance the body's special law allows (state the "
        "reason).",
        needs_reason=True,
    ),
)

BY_ID: dict[str, Circumstance] = {c.id: c for c in CATALOGUE}
AGGRAVATING_IDS: tuple[str, ...] = tuple(c.id for c in CATALOGUE if c.direction == AGGRAVATING)
EXTENUATING_IDS: tuple[str, ...] = tuple(c.id for c in CATALOGUE if c.direction == EXTENUATING)


@dataclass(frozen=True, slots=True)
class FactorF:
    aggravating_percent: Decimal  # Σ aggravating percentages
    extenuating_percent: Decimal  # Σ extenuating percentages
    raw: Decimal  # 1 + Σa/100 − Σe/100, before clamping
    clamped: bool
    value: Decimal  # clamped to [0.5, 2.0], half-up to 3 decimals


def factor_f(applied: Iterable[tuple[str, Decimal]]) -> FactorF:
    """F from ``(circumstance id, percent)`` pairs; ids must be in :data:`CATALOGUE`."""
    aggravating = Decimal(0)
    extenuating = Decimal(0)
    for circumstance_id, percent in applied:
        if BY_ID[circumstance_id].direction == AGGRAVATING:
            aggravating += percent
        else:
            extenuating += percent
    raw = 1 + div(aggravating, _A100) - div(extenuating, _A100)
    bounded = min(max(raw, F_MIN), F_MAX)
    return FactorF(aggravating, extenuating, raw, bounded != raw, half_up(bounded, 3))
