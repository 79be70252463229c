"""The fine case: a validating parser from a JSON object to a typed :class:`Case`.

The input is the JSON case of the contract ``fine-calculation.md``. :func:`parse_case` checks
everything it can without the parameter files and collects ALL problems as
:class:`~ipenforce.fines.errors.Problem` (JSON path + message in English and Spanish), raised
together in one :class:`~ipenforce.fines.errors.CaseError`. Unknown fields are errors. Only the
block of the chosen method is read."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ipenforce.fines.base_fine import AFFECTATIONS, BETA_BASES, DETECTION_LEVELS, METHODS
from ipenforce.fines.errors import CaseError, Problem
from ipenforce.fines.factor_f import AGGRAVATING, BY_ID
from ipenforce.fines.size import SIZES

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_REASON_LENGTH = 4000

TOP_FIELDS = (
    "body",
    "resolution_date",
    "proceeding_started_on",
    "method",
    "ad_hoc",
    "pre_established",
    "sales_percentage",
    "annual_sales_pen",
    "circumstances",
    "case_reference",
)
AD_HOC_FIELDS = ("beta_pen", "beta_basis", "detection", "detection_reason", "beta_reason")
PRE_ESTABLISHED_FIELDS = ("affectation", "size", "reason")
SALES_PERCENTAGE_FIELDS = ("affected_sales_pen", "reason")
CIRCUMSTANCE_FIELDS = ("id", "percent", "reason")


@dataclass(frozen=True, slots=True)
class AdHoc:
    beta_pen: Decimal
    beta_basis: str
    detection: str
    detection_reason: str | None = None
    beta_reason: str | None = None


@dataclass(frozen=True, slots=True)
class PreEstablished:
    affectation: str
    size: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class SalesPercentage:
    affected_sales_pen: Decimal
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class AppliedCircumstance:
    id: str
    percent: Decimal
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Case:
    """A valid case (structurally; parameter-dependent checks happen in the engine)."""

    body: str
    resolution_date: dt.date
    method: str
    proceeding_started_on: dt.date | None = None
    ad_hoc: AdHoc | None = None
    pre_established: PreEstablished | None = None
    sales_percentage: SalesPercentage | None = None
    annual_sales_pen: Decimal | None = None
    circumstances: tuple[AppliedCircumstance, ...] = ()
    case_reference: str | None = None

    def inputs(self) -> dict[str, object]:
        """The case as canonical JSON-ready data (only the chosen method's block)."""
        out: dict[str, object] = {
            "body": self.body,
            "resolution_date": self.resolution_date.isoformat(),
            "method": self.method,
        }
        if self.proceeding_started_on is not None:
            out["proceeding_started_on"] = self.proceeding_started_on.isoformat()
        if self.case_reference is not None:
            out["case_reference"] = self.case_reference
        if self.ad_hoc is not None:
            a = self.ad_hoc
            block: dict[str, object] = {
                "beta_pen": _num(a.beta_pen),
                "beta_basis": a.beta_basis,
                "detection": a.detection,
            }
            if a.detection_reason is not None:
                block["detection_reason"] = a.detection_reason
            if a.beta_reason is not None:
                block["beta_reason"] = a.beta_reason
            out["ad_hoc"] = block
        if self.pre_established is not None:
            p = self.pre_established
            pblock: dict[str, object] = {"affectation": p.affectation}
            if p.size is not None:
                pblock["size"] = p.size
            if p.reason is not None:
                pblock["reason"] = p.reason
            out["pre_established"] = pblock
        if self.sales_percentage is not None:
            s = self.sales_percentage
            sblock: dict[str, object] = {"affected_sales_pen": _num(s.affected_sales_pen)}
            if s.reason is not None:
                sblock["reason"] = s.reason
            out["sales_percentage"] = sblock
        if self.annual_sales_pen is not None:
            out["annual_sales_pen"] = _num(self.annual_sales_pen)
        circumstances = []
        for c in self.circumstances:
            item: dict[str, object] = {"id": c.id, "percent": _num(c.percent)}
            if c.reason is not None:
                item["reason"] = c.reason
            circumstances.append(item)
        out["circumstances"] = circumstances
        return out


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, en: str, es: str) -> None:
        self.problems.append(Problem(path, en, es))

    def one_of(self, path: str, value: object, allowed: Collection[str]) -> str | None:
        names = ", ".join(allowed)
        if value is None:
            self.add(
                path,
                f"is required; must be one of {names}",
                f"es obligatorio; debe ser uno de {names}",
            )
            return None
        if not isinstance(value, str) or value not in allowed:
            self.add(
                path,
                f"must be one of {names} (got {_show(value)})",
                f"debe ser uno de {names} (se recibió {_show(value)})",
            )
            return None
        return value

    def date(self, path: str, value: object, *, required: bool) -> dt.date | None:
        if value is None:
            if required:
                self.add(
                    path,
                    "is required; give a date as YYYY-MM-DD",
                    "es obligatorio; indique una fecha AAAA-MM-DD",
                )
            return None
        if isinstance(value, str) and _ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.add(
            path,
            f"must be a date as YYYY-MM-DD (got {_show(value)})",
            f"debe ser una fecha AAAA-MM-DD (se recibió {_show(value)})",
        )
        return None

    def number(self, path: str, value: object, *, required: bool = True) -> Decimal | None:
        if value is None:
            if required:
                self.add(path, "is required; give a number", "es obligatorio; indique un número")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            self.add(
                path,
                f"must be a number (got {_show(value)})",
                f"debe ser un número (se recibió {_show(value)})",
            )
            return None
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            self.add(path, "must be a finite number", "debe ser un número finito")
            return None
        return number

    def text(self, path: str, value: object) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(
                path,
                f"must be text (got {_show(value)})",
                f"debe ser texto (se recibió {_show(value)})",
            )
            return None
        if len(value) > MAX_REASON_LENGTH:
            self.add(
                path,
                f"is too long (at most {MAX_REASON_LENGTH} characters)",
                f"es demasiado largo (máximo {MAX_REASON_LENGTH} caracteres)",
            )
            return None
        stripped = value.strip()
        return stripped or None

    def mapping(
        self, path: str, value: object, allowed: Collection[str]
    ) -> Mapping[str, object] | None:
        if not isinstance(value, Mapping):
            what = (
                "is required; give an object"
                if value is None
                else f"must be an object (got {_show(value)})"
            )
            what_es = (
                "es obligatorio; indique un objeto"
                if value is None
                else f"debe ser un objeto (se recibió {_show(value)})"
            )
            self.add(path, what, what_es)
            return None
        for key in value:
            if key not in allowed:
                self.add(
                    f"{path}.{key}",
                    f"unknown field; allowed fields are {', '.join(allowed)}",
                    f"campo desconocido; los campos admitidos son {', '.join(allowed)}",
                )
        return value


def _show(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return str(value)


def parse_case(data: object, *, bodies: Collection[str] | None = None) -> Case:
    """Validate a JSON case and return it typed; raise :class:`CaseError` listing every problem.

    ``bodies`` are the valid body ids (by default those of ``parameters/bodies.yaml``).
    """
    if bodies is None:
        from ipenforce.fines.params import default_parameters

        bodies = tuple(default_parameters().bodies())
    c = _Collector()
    top = c.mapping("$", data, TOP_FIELDS)
    if top is None:
        raise CaseError(c.problems)

    body = c.one_of("$.body", top.get("body"), tuple(bodies))
    resolution_date = c.date("$.resolution_date", top.get("resolution_date"), required=True)
    started = c.date("$.proceeding_started_on", top.get("proceeding_started_on"), required=False)
    if resolution_date and started and started > resolution_date:
        c.add(
            "$.proceeding_started_on",
            "must not be later than resolution_date",
            "no puede ser posterior a resolution_date",
        )
    method = c.one_of("$.method", top.get("method"), METHODS)
    case_reference = c.text("$.case_reference", top.get("case_reference"))

    annual_sales = c.number("$.annual_sales_pen", top.get("annual_sales_pen"), required=False)
    if annual_sales is not None and annual_sales < 0:
        c.add("$.annual_sales_pen", "must be zero or more (soles)", "debe ser cero o más (soles)")
        annual_sales = None

    ad_hoc = pre = sales = None
    if method == "ad_hoc":
        ad_hoc = _parse_ad_hoc(c, top.get("ad_hoc"))
    elif method == "pre_established":
        pre = _parse_pre_established(c, top.get("pre_established"), "annual_sales_pen" in top)
    elif method == "sales_percentage":
        sales = _parse_sales_percentage(c, top.get("sales_percentage"))

    circumstances = _parse_circumstances(c, top.get("circumstances", []))

    if c.problems:
        raise CaseError(c.problems)
    assert body is not None and resolution_date is not None and method is not None
    return Case(
        body=body,
        resolution_date=resolution_date,
        method=method,
        proceeding_started_on=started,
        ad_hoc=ad_hoc,
        pre_established=pre,
        sales_percentage=sales,
        annual_sales_pen=annual_sales,
        circumstances=circumstances,
        case_reference=case_reference,
    )


def _parse_ad_hoc(c: _Collector, raw: object) -> AdHoc | None:
    block = c.mapping("$.ad_hoc", raw, AD_HOC_FIELDS)
    if block is None:
        return None
    before = len(c.problems)
    beta = c.number("$.ad_hoc.beta_pen", block.get("beta_pen"))
    if beta is not None and beta < 0:
        c.add("$.ad_hoc.beta_pen", "must be zero or more (soles)", "debe ser cero o más (soles)")
    basis = c.one_of("$.ad_hoc.beta_basis", block.get("beta_basis"), BETA_BASES)
    detection = c.one_of("$.ad_hoc.detection", block.get("detection"), DETECTION_LEVELS)
    detection_reason = c.text("$.ad_hoc.detection_reason", block.get("detection_reason"))
    beta_reason = c.text("$.ad_hoc.beta_reason", block.get("beta_reason"))
    if len(c.problems) > before or beta is None or basis is None or detection is None:
        return None
    return AdHoc(beta, basis, detection, detection_reason, beta_reason)


def _parse_pre_established(c: _Collector, raw: object, has_sales: bool) -> PreEstablished | None:
    block = c.mapping("$.pre_established", raw, PRE_ESTABLISHED_FIELDS)
    if block is None:
        return None
    before = len(c.problems)
    affectation = c.one_of("$.pre_established.affectation", block.get("affectation"), AFFECTATIONS)
    size = None
    if block.get("size") is not None:
        size = c.one_of("$.pre_established.size", block.get("size"), SIZES)
    elif not has_sales:
        c.add(
            "$.pre_established.size",
            "is required when annual_sales_pen is not given (one of micro, small, medium, large)",
            "es obligatorio si no se indica annual_sales_pen (micro, small, medium o large)",
        )
    reason = c.text("$.pre_established.reason", block.get("reason"))
    if len(c.problems) > before or affectation is None:
        return None
    return PreEstablished(affectation, size, reason)


def _parse_sales_percentage(c: _Collector, raw: object) -> SalesPercentage | None:
    block = c.mapping("$.sales_percentage", raw, SALES_PERCENTAGE_FIELDS)
    if block is None:
        return None
    before = len(c.problems)
    sales = c.number("$.sales_percentage.affected_sales_pen", block.get("affected_sales_pen"))
    if sales is not None and sales < 0:
        c.add(
            "$.sales_percentage.affected_sales_pen",
            "must be zero or more (soles)",
            "debe ser cero o más (soles)",
        )
    reason = c.text("$.sales_percentage.reason", block.get("reason"))
    if len(c.problems) > before or sales is None:
        return None
    return SalesPercentage(sales, reason)


def _parse_circumstances(c: _Collector, raw: object) -> tuple[AppliedCircumstance, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        c.add(
            "$.circumstances",
            f"must be a list (got {_show(raw)})",
            f"debe ser una lista (se recibió {_show(raw)})",
        )
        return ()
    seen: set[str] = set()
    out = []
    for i, item in enumerate(raw):
        path = f"$.circumstances[{i}]"
        entry = c.mapping(path, item, CIRCUMSTANCE_FIELDS)
        if entry is None:
            continue
        cid = c.one_of(f"{path}.id", entry.get("id"), tuple(BY_ID))
        percent = c.number(f"{path}.percent", entry.get("percent"))
        reason = c.text(f"{path}.reason", entry.get("reason"))
        if cid is None:
            continue
        spec = BY_ID[cid]
        if cid in seen and not spec.needs_reason:
            c.add(
                f"{path}.id",
                f"{cid} is listed twice; give it once with its total percent",
                f"{cid} figura dos veces; indíquela una sola vez con su porcentaje total",
            )
        seen.add(cid)
        if percent is not None and not (0 < percent <= spec.max_percent):
            kind = "aggravating" if spec.direction == AGGRAVATING else "extenuating"
            kind_es = "agravante" if spec.direction == AGGRAVATING else "atenuante"
            c.add(
                f"{path}.percent",
                f"must be more than 0 and at most {spec.max_percent} for an {kind} circumstance "
                f"(got {percent})",
                f"debe ser mayor que 0 y como máximo {spec.max_percent} para una circunstancia "
                f"{kind_es} (se recibió {percent})",
            )
            percent = None
        if spec.needs_reason and reason is None:
            c.add(
                f"{path}.reason",
                f"is required for {cid}: say which circumstance and why it applies",
                f"es obligatorio para {cid}: indique qué circunstancia es y por qué se aplica",
            )
        if percent is not None:
            out.append(AppliedCircumstance(cid, percent, reason))
    return tuple(out)
