"""The fine engine: ``calculate(case) -> FineResult`` (DS 032-2021-PCM, M = m × F, capped).

Rules, in the order of the contract ``fine-calculation.md``:

1. base fine m (``base_fine``): ad hoc m = (β / UIT) / (ρ / 100); pre-established m = k × Dt; 2
   decimals;
2. factor F (``factor_f``): 1 + Σ aggravating − Σ extenuating, clamped to [0.5, 2.0], 3 decimals;
3. fine before cap = m × F, 2 decimals;
4. fine = min(fine before cap, legal maximum, sales-share cap where the law sets one) (``caps``);
5. fine in soles = fine × UIT of the resolution year, 2 decimals (indicative; the fine is owed in
   UIT).

Everything the calculation needs from the parameter files is looked up first; every missing or
inapplicable value is reported together as a :class:`~ipenforce.fines.errors.CaseError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ipenforce.fines import base_fine, caps, factor_f, size, uit
from ipenforce.fines.case import Case, parse_case
from ipenforce.fines.errors import CaseError, MissingParameterError, Problem
from ipenforce.fines.params import DatedValue, ParameterSet, default_parameters
from ipenforce.fines.result import EngineWarning, FineResult, TraceStep, UsedParameter
from ipenforce.fines.rounding import div, half_up, mul, plain

ENGINE_VERSION = "1.0.0"
DECREE = "DS 032-2021-PCM"
REF_METHOD = f"{DECREE}, art. 1 y anexo (metodología): M = m × F"
REF_AD_HOC = f"{DECREE}, anexo, método ad hoc: m = β / ρ"
REF_BETA = f"{DECREE}, anexo, factor β (beneficio ilícito o daño económico)"
REF_PRE = f"{DECREE}, anexo, método de valores preestablecidos: m = k(i,j) × Dt"
REF_SALES = f"{DECREE}, anexo, método de porcentaje de ventas: m = α × V × g"
REF_F = f"{DECREE}, anexo, factor F (circunstancias agravantes y atenuantes; F en [0.5, 2])"
REF_CAP = f"{DECREE}: la multa no puede superar el máximo legal del órgano resolutivo"
REF_UIT_PEN = f"{DECREE}: la multa se expresa en UIT; el monto en soles es referencial"


@dataclass
class _Lookups:
    """The parameter values a case needs, gathered before any arithmetic."""

    params: ParameterSet
    when: dt.date
    problems: list[Problem] = field(default_factory=list)
    used: list[DatedValue] = field(default_factory=list)

    def get(self, path: str, fn: str, *args: object) -> DatedValue | None:
        try:
            if fn == "at":
                value = self.params.at(str(args[0]), self.when)
            elif fn == "uit":
                value = uit.uit_for_year(self.params, self.when.year)
            else:  # pragma: no cover
                raise AssertionError(fn)
            if len(args) > 1:
                value = value.row(str(args[1]))
        except MissingParameterError as exc:
            self.problems.append(Problem(path, exc.message, exc.message_es))
            return None
        self.used.append(value)
        return value


def _used(value: DatedValue) -> UsedParameter:
    v: Decimal | dt.date = value.value if isinstance(value.value, dt.date) else value.number()
    return UsedParameter(
        value.name,
        v,
        value.in_force_from,
        value.reference_text,
        value.status,
        value.unit,
        value.note,
    )


def _fmt(value: Decimal) -> str:
    return plain(value.normalize())


def calculate(case: Case, params: ParameterSet | None = None) -> FineResult:
    """Calculate the fine of a parsed case.

    Raises :class:`CaseError` when the parameters cannot serve it
    (body without parameters, year without UIT, proceeding started before the methodology...)."""
    params = params or default_parameters()
    when = case.resolution_date
    look = _Lookups(params, when)
    warnings: list[EngineWarning] = []

    bodies = params.bodies()
    if case.body not in bodies:
        raise CaseError(
            [
                Problem(
                    "$.body",
                    f"must be one of {', '.join(bodies)} (got {case.body!r})",
                    f"debe ser uno de {', '.join(bodies)} (se recibió {case.body!r})",
                )
            ]
        )
    body = bodies[case.body]

    # Does the methodology apply to this proceeding?
    start = look.get("$.resolution_date", "at", "methodology_start_date")
    if start is not None:
        start_date = start.value
        assert isinstance(start_date, dt.date)
        if case.proceeding_started_on is not None and case.proceeding_started_on < start_date:
            look.problems.append(
                Problem(
                    "$.proceeding_started_on",
                    f"the proceeding started on {case.proceeding_started_on.isoformat()}, before "
                    f"{DECREE} applies ({start_date.isoformat()}, status {start.status}); "
                    "calculate this fine under the former rules",
                    f"el procedimiento se inició el {case.proceeding_started_on.isoformat()}, "
                    "antes de "
                    f"que rija el {DECREE} ({start_date.isoformat()}, estado {start.status}); "
                    "la multa se calcula con las reglas anteriores",
                )
            )
        if case.proceeding_started_on is None:
            warnings.append(
                EngineWarning(
                    "proceeding_start_unknown",
                    "proceeding_started_on not given: check that the proceeding started on or "
                    "after "
                    f"{start_date.isoformat()}, when {DECREE} applies",
                    "no se indicó proceeding_started_on: verifique que el procedimiento se inició "
                    "el "
                    f"{start_date.isoformat()} o después, fecha desde la que rige el {DECREE}",
                )
            )

    uit_value = look.get("$.resolution_date", "uit")
    legal_max = look.get("$.body", "at", f"legal_maximum/{body.id}")

    rho = k = dt_factor = thresholds = alpha = g = sales_cap = None
    if case.method == "ad_hoc":
        assert case.ad_hoc is not None
        rho = look.get("$.body", "at", f"detection_probability/{body.id}", case.ad_hoc.detection)
    elif case.method == "pre_established":
        assert case.pre_established is not None
        pre = case.pre_established
        if pre.size is None:
            thresholds = look.get("$.annual_sales_pen", "at", "firm_size_thresholds")
        k_table = f"pre_established/{pre.affectation}"
        k = look.get("$.pre_established.affectation", "at", k_table)
        dt_factor = look.get("$.body", "at", "pre_established/duration_factor")
    else:
        alpha = look.get("$.method", "at", f"sales_percentage/alpha/{body.id}")
        g = look.get("$.method", "at", f"sales_percentage/g/{body.id}")
    if case.annual_sales_pen is not None:
        if body.sales_share_cap is not None:
            sales_cap = look.get("$.body", "at", body.sales_share_cap)
        else:
            warnings.append(
                EngineWarning(
                    "no_sales_share_cap",
                    f"no sales-share cap applied: none is confirmed for {body.id}",
                    "no se aplicó tope por porcentaje de ventas: no hay uno confirmado para "
                    f"{body.id}",
                )
            )

    if look.problems:
        raise CaseError(look.problems)
    assert uit_value is not None and legal_max is not None

    trace: list[TraceStep] = []
    uit_pen = uit_value.number()
    year = when.year
    trace.append(
        TraceStep("uit", uit_pen, f"UIT({year})", uit_value.reference_text, f"UIT del año {year}")
    )

    # 1. Base fine m
    size_used: str | None = None
    if case.method == "ad_hoc":
        assert case.ad_hoc is not None and rho is not None
        a = case.ad_hoc
        trace.append(
            TraceStep("beta_pen", a.beta_pen, f"β ({a.beta_basis}), soles", REF_BETA, "β en soles")
        )
        adhoc = base_fine.ad_hoc_base_fine(a.beta_pen, uit_pen, rho.number())
        trace.append(
            TraceStep(
                "beta_uit",
                half_up(adhoc.beta_uit, 6),
                f"beta_pen / UIT({year}) = {_fmt(a.beta_pen)} / {_fmt(uit_pen)} (not rounded; "
                "shown to 6 decimals)",
                REF_AD_HOC,
                "β en UIT",
            )
        )
        trace.append(
            TraceStep(
                "rho_percent",
                rho.number(),
                f"ρ({body.id}, {a.detection})",
                rho.reference_text,
                "Probabilidad de detección ρ (%)",
            )
        )
        m = adhoc.base_fine_uit
        trace.append(
            TraceStep(
                "base_fine_uit",
                m,
                "round_half_up(beta_uit / (ρ / 100), 2) = "
                f"round_half_up({plain(half_up(adhoc.beta_uit, 6))}"
                f"… / {_fmt(adhoc.rho_fraction)}, 2)",
                REF_AD_HOC,
                "Multa base m (UIT)",
            )
        )
    elif case.method == "pre_established":
        assert case.pre_established is not None and k is not None and dt_factor is not None
        pre = case.pre_established
        if pre.size is not None:
            size_used = pre.size
            trace.append(
                TraceStep(
                    "size", size_used, "size given by the officer", REF_PRE, "Tamaño del infractor"
                )
            )
        else:
            assert case.annual_sales_pen is not None and thresholds is not None
            sales_uit = uit.pen_to_uit(case.annual_sales_pen, uit_pen)
            size_used = size.size_from_sales(sales_uit, thresholds)
            look.used.remove(thresholds)
            look.used.extend(thresholds.row(k) for k in ("micro_max", "small_max", "medium_max"))
            trace.append(
                TraceStep(
                    "annual_sales_uit",
                    half_up(sales_uit, 2),
                    f"annual_sales_pen / UIT({year}) = {_fmt(case.annual_sales_pen)} / "
                    f"{_fmt(uit_pen)}",
                    thresholds.reference_text,
                    "Ventas anuales en UIT",
                )
            )
            trace.append(
                TraceStep(
                    "size",
                    size_used,
                    "micro ≤ 150 UIT < small ≤ 1700 UIT < medium ≤ 2300 UIT < large",
                    thresholds.reference_text,
                    "Tamaño del infractor (derivado de las ventas)",
                )
            )
        k_row = k.row(size_used)
        look.used.remove(k)
        look.used.append(k_row)
        trace.append(
            TraceStep(
                "k_uit",
                k_row.number(),
                f"k({pre.affectation}, {size_used})",
                k_row.reference_text,
                "Valor preestablecido k (UIT)",
            )
        )
        trace.append(
            TraceStep(
                "duration_factor",
                dt_factor.number(),
                "Dt",
                dt_factor.reference_text,
                "Factor de duración Dt",
            )
        )
        m = base_fine.pre_established_base_fine(k_row.number(), dt_factor.number())
        trace.append(
            TraceStep(
                "base_fine_uit",
                m,
                f"round_half_up(k × Dt, 2) = {_fmt(k_row.number())} × {_fmt(dt_factor.number())}",
                REF_PRE,
                "Multa base m (UIT)",
            )
        )
    else:  # sales_percentage: reachable only once α and g have parameter files
        assert case.sales_percentage is not None and alpha is not None and g is not None
        sales_uit = uit.pen_to_uit(case.sales_percentage.affected_sales_pen, uit_pen)
        m = base_fine.sales_percentage_base_fine(alpha.number(), sales_uit, g.number())
        trace.append(
            TraceStep(
                "base_fine_uit",
                m,
                "round_half_up(α × V / UIT × g, 2)",
                REF_SALES,
                "Multa base m (UIT)",
            )
        )

    # 2. Factor F
    f = factor_f.factor_f((c.id, c.percent) for c in case.circumstances)
    agg = " + ".join(
        f"{c.id} {_fmt(c.percent)}"
        for c in case.circumstances
        if factor_f.BY_ID[c.id].direction == factor_f.AGGRAVATING
    )
    ext = " + ".join(
        f"{c.id} {_fmt(c.percent)}"
        for c in case.circumstances
        if factor_f.BY_ID[c.id].direction == factor_f.EXTENUATING
    )
    trace.append(
        TraceStep(
            "aggravating_percent",
            f.aggravating_percent,
            f"Σ aggravating = {agg or '0'}",
            REF_F,
            "Suma de agravantes (%)",
        )
    )
    trace.append(
        TraceStep(
            "extenuating_percent",
            f.extenuating_percent,
            f"Σ extenuating = {ext or '0'}",
            REF_F,
            "Suma de atenuantes (%)",
        )
    )
    clamp_note = f" → clamped from {_fmt(f.raw)}" if f.clamped else ""
    trace.append(
        TraceStep(
            "factor_f",
            f.value,
            f"round_half_up(clamp(1 + {_fmt(f.aggravating_percent)}/100 − "
            f"{_fmt(f.extenuating_percent)}/100, "
            f"0.5, 2.0), 3){clamp_note}",
            REF_F,
            "Factor F",
        )
    )

    # 3. m × F
    before_cap = half_up(mul(m, f.value), 2)
    trace.append(
        TraceStep(
            "fine_before_cap_uit",
            before_cap,
            f"round_half_up(m × F, 2) = round_half_up({_fmt(m)} × {_fmt(f.value)}, 2)",
            REF_METHOD,
            "Multa antes del tope (UIT)",
        )
    )

    # 4. Caps
    max_uit = legal_max.number()
    trace.append(
        TraceStep(
            "legal_max_uit",
            max_uit,
            f"legal maximum ({body.id}, {body.law})",
            legal_max.reference_text,
            "Máximo legal (UIT)",
        )
    )
    sales_cap_uit = None
    if sales_cap is not None and case.annual_sales_pen is not None:
        share = sales_cap.number()
        sales_cap_uit = half_up(
            mul(uit.pen_to_uit(case.annual_sales_pen, uit_pen), div(share, Decimal(100))), 2
        )
        trace.append(
            TraceStep(
                "sales_share_cap_uit",
                sales_cap_uit,
                f"round_half_up(annual_sales_pen / UIT({year}) × {_fmt(share)} / 100, 2)",
                sales_cap.reference_text,
                "Tope por porcentaje de ventas (UIT)",
            )
        )
    capped = caps.apply_caps(before_cap, max_uit, sales_cap_uit)
    bounds = [_fmt(before_cap), _fmt(max_uit)] + (
        [_fmt(sales_cap_uit)] if sales_cap_uit is not None else []
    )
    trace.append(
        TraceStep(
            "fine_uit",
            capped.fine_uit,
            f"min({', '.join(bounds)}); capped_by = {capped.capped_by or 'null'}",
            REF_CAP,
            "Multa (UIT)",
        )
    )

    # 5. Soles
    fine_pen = uit.uit_to_pen(capped.fine_uit, uit_pen)
    trace.append(
        TraceStep(
            "fine_pen",
            fine_pen,
            f"round_half_up(fine_uit × UIT({year}), 2) = {_fmt(capped.fine_uit)} × {_fmt(uit_pen)}",
            REF_UIT_PEN,
            "Multa en soles (referencial)",
        )
    )

    used = tuple(_used(v) for v in look.used)
    for p in used:
        if p.status != "confirmed":
            shown = p.value.isoformat() if isinstance(p.value, dt.date) else _fmt(p.value)
            warnings.append(
                EngineWarning(
                    "unconfirmed_parameter",
                    f"parameter {p.name} = {shown} is unconfirmed: check it before citing it",
                    f"el parámetro {p.name} = {shown} no está confirmado: verifíquelo antes de "
                    "citarlo",
                )
            )
    warnings.extend(_reason_warnings(case))

    canonical = json.dumps(
        {
            "inputs": case.inputs(),
            "parameters": [p.canonical() for p in used],
            "engine": ENGINE_VERSION,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return FineResult(
        case=case,
        uit_year=year,
        uit_pen=uit_pen,
        base_fine_uit=m,
        factor_f=f.value,
        fine_before_cap_uit=before_cap,
        legal_max_uit=max_uit,
        sales_share_cap_uit=sales_cap_uit,
        capped_by=capped.capped_by,
        fine_uit=capped.fine_uit,
        fine_pen=fine_pen,
        size=size_used,
        trace=tuple(trace),
        parameters=used,
        warnings=tuple(warnings),
        inputs_sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        engine_version=ENGINE_VERSION,
    )


def _reason_warnings(case: Case) -> list[EngineWarning]:
    """Courts require reasoned fines (Exp. 1126-2023): flag choices made without a reason."""
    out = []
    if case.ad_hoc is not None:
        if case.ad_hoc.detection_reason is None:
            out.append(
                EngineWarning(
                    "missing_reason",
                    "ad_hoc.detection_reason not given: state why this detection level applies",
                    "no se indicó ad_hoc.detection_reason: motive el nivel de detección elegido",
                )
            )
        if case.ad_hoc.beta_reason is None:
            out.append(
                EngineWarning(
                    "missing_reason",
                    "ad_hoc.beta_reason not given: state how β was estimated",
                    "no se indicó ad_hoc.beta_reason: explique cómo se estimó β",
                )
            )
    for i, c in enumerate(case.circumstances):
        if c.reason is None:
            out.append(
                EngineWarning(
                    "missing_reason",
                    f"circumstances[{i}].reason not given: state why {c.id} applies at "
                    f"{_fmt(c.percent)} %",
                    f"no se indicó circumstances[{i}].reason: motive {c.id} al {_fmt(c.percent)} %",
                )
            )
    return out


def calculate_json(
    data: Mapping[str, object] | object, params: ParameterSet | None = None
) -> dict[str, object]:
    """Parse a JSON case and calculate it; the result as the contract's JSON object.

    Raises :class:`CaseError` listing every problem."""
    params = params or default_parameters()
    case = parse_case(data, bodies=tuple(params.bodies()))
    return calculate(case, params).as_dict()
