"""The result of a fine calculation, with its trace and the parameters it used (contract
``fine-calculation.md``: field names, units and rounding)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from ipenforce.fines.case import Case

JsonNumber = int | float


def json_number(value: Decimal) -> JsonNumber:
    """A Decimal as a JSON number: integral values without decimals stay ints (5150, 180)."""
    if value == value.to_integral_value() and value.as_tuple().exponent >= 0:  # type: ignore[operator]
        return int(value)
    return float(value)


@dataclass(frozen=True, slots=True)
class TraceStep:
    step: str
    value: Decimal | str
    formula: str
    reference: str
    label_es: str = ""

    def as_dict(self) -> dict[str, object]:
        value = json_number(self.value) if isinstance(self.value, Decimal) else self.value
        return {
            "step": self.step,
            "value": value,
            "formula": self.formula,
            "reference": self.reference,
            "label_es": self.label_es,
        }


@dataclass(frozen=True, slots=True)
class UsedParameter:
    name: str
    value: Decimal | dt.date
    in_force_from: dt.date
    reference: str
    status: str
    unit: str
    note: str | None = None

    def as_dict(self) -> dict[str, object]:
        value: object = (
            json_number(self.value) if isinstance(self.value, Decimal) else self.value.isoformat()
        )
        return {
            "name": self.name,
            "value": value,
            "in_force_from": self.in_force_from.isoformat(),
            "reference": self.reference,
            "status": self.status,
            "unit": self.unit,
            "note": self.note,
        }

    def canonical(self) -> dict[str, str]:
        value = self.value.isoformat() if isinstance(self.value, dt.date) else f"{self.value:f}"
        return {
            "name": self.name,
            "value": value,
            "in_force_from": self.in_force_from.isoformat(),
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class EngineWarning:
    code: str
    message: str
    message_es: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "message_es": self.message_es}


@dataclass(frozen=True, slots=True)
class FineResult:
    case: Case
    uit_year: int
    uit_pen: Decimal
    base_fine_uit: Decimal
    factor_f: Decimal
    fine_before_cap_uit: Decimal
    legal_max_uit: Decimal
    sales_share_cap_uit: Decimal | None
    capped_by: str | None
    fine_uit: Decimal
    fine_pen: Decimal
    size: str | None
    trace: tuple[TraceStep, ...]
    parameters: tuple[UsedParameter, ...]
    warnings: tuple[EngineWarning, ...]
    inputs_sha256: str
    engine_version: str
    methodology: str = "DS 032-2021-PCM"
    extra: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """The result as the contract's JSON object (plus extra fields)."""
        c = self.case
        return {
            "body": c.body,
            "method": c.method,
            "resolution_date": c.resolution_date.isoformat(),
            "uit_year": self.uit_year,
            "uit_pen": json_number(self.uit_pen),
            "base_fine_uit": json_number(self.base_fine_uit),
            "factor_f": json_number(self.factor_f),
            "fine_before_cap_uit": json_number(self.fine_before_cap_uit),
            "legal_max_uit": json_number(self.legal_max_uit),
            "sales_share_cap_uit": (
                None if self.sales_share_cap_uit is None else json_number(self.sales_share_cap_uit)
            ),
            "capped_by": self.capped_by,
            "fine_uit": json_number(self.fine_uit),
            "fine_pen": json_number(self.fine_pen),
            "size": self.size,
            "detection": c.ad_hoc.detection if c.ad_hoc else None,
            "trace": [s.as_dict() for s in self.trace],
            "parameters": [p.as_dict() for p in self.parameters],
            "warnings": [w.as_dict() for w in self.warnings],
            "methodology": self.methodology,
            "engine_version": self.engine_version,
            "inputs_sha256": self.inputs_sha256,
            "inputs": c.inputs(),
        }
