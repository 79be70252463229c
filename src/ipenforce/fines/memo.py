"""The calculation memo: the result as readable Spanish text for the case file.

Courts require a reasoned fine, not an automatic one (Lima, Exp. 1126-2023): the memo shows every
step of DS 032-2021-PCM with its figures and legal reference, the officer's reasons for each choice
(β, detection level, each circumstance), every parameter used with its source and status
(unconfirmed values are marked), and the warnings of the engine."""

from __future__ import annotations

from decimal import Decimal

from ipenforce.fines.catalogue import label_es
from ipenforce.fines.factor_f import AGGRAVATING, BY_ID
from ipenforce.fines.params import ParameterSet, default_parameters
from ipenforce.fines.result import FineResult
from ipenforce.fines.rounding import half_up, plain

NO_REASON = "(sin motivación registrada)"
STATUS_ES = {"confirmed": "confirmado", "unconfirmed": "NO CONFIRMADO"}


def _n(value: Decimal) -> str:
    return plain(value.normalize())


def soles(value: Decimal) -> str:
    """``S/ 260,693.00``."""
    return f"S/ {half_up(value, 2):,.2f}"


def _date(d: object) -> str:
    iso = getattr(d, "isoformat", lambda: str(d))()
    y, m, day = str(iso).split("-")
    return f"{day}/{m}/{y}"


def render_memo(result: FineResult, params: ParameterSet | None = None) -> str:
    """The Spanish calculation memo of ``result``."""
    params = params or default_parameters()
    case = result.case
    body = params.bodies().get(case.body)
    out: list[str] = []
    add = out.append
    add("MEMORIA DE CÁLCULO DE MULTA")
    add(f"Metodología: {result.methodology} (M = m × F, con el tope legal del órgano resolutivo)")
    add("")
    if case.case_reference:
        add(f"Expediente: {case.case_reference}")
    if body is not None:
        add(f"Órgano resolutivo: {body.name_es} ({body.law})")
    add(f"Fecha de la resolución: {_date(case.resolution_date)}")
    if case.proceeding_started_on:
        add(f"Inicio del procedimiento: {_date(case.proceeding_started_on)}")
    add(f"Método de la multa base: {label_es('method', case.method)}")
    add(f"UIT {result.uit_year}: {soles(result.uit_pen)}")
    add("")

    add("1. Multa base (m)")
    if case.ad_hoc is not None:
        a = case.ad_hoc
        add(f"   β = {soles(a.beta_pen)} — {label_es('beta_basis', a.beta_basis)}")
        add(f"   Motivación de β: {a.beta_reason or NO_REASON}")
        beta_uit = half_up(a.beta_pen / result.uit_pen, 6)
        add(f"   β en UIT = {_n(a.beta_pen)} / {_n(result.uit_pen)} = {plain(beta_uit)} UIT")
        rho = next(p for p in result.parameters if p.name.startswith("detection_probability/"))
        add(
            f"   Probabilidad de detección: {label_es('detection', a.detection)} (ρ = {rho.value} "
            "%)"
        )
        add(f"   Motivación del nivel de detección: {a.detection_reason or NO_REASON}")
        add(f"   m = β / ρ = {plain(beta_uit)} / {rho.value} % = {_n(result.base_fine_uit)} UIT")
    elif case.pre_established is not None:
        p = case.pre_established
        k = next(x for x in result.parameters if x.name.startswith("pre_established/very_low"))
        origin = "indicado" if p.size else "derivado de las ventas anuales"
        size_label = label_es("size", result.size or "")
        add(f"   Afectación: {label_es('affectation', p.affectation)}")
        add(f"   Tamaño del infractor: {size_label} ({origin})")
        if not p.size and case.annual_sales_pen is not None:
            sales_uit = half_up(case.annual_sales_pen / result.uit_pen, 2)
            add(f"   Ventas anuales: {soles(case.annual_sales_pen)} = {plain(sales_uit)} UIT")
        add(f"   Motivación: {p.reason or NO_REASON}")
        add(f"   m = k × Dt = {k.value} × 1 = {_n(result.base_fine_uit)} UIT")
    else:
        add(f"   m = α × V × g = {_n(result.base_fine_uit)} UIT")
    add("")

    add("2. Factor de agravantes y atenuantes (F)")
    if not case.circumstances:
        add("   Sin circunstancias agravantes ni atenuantes: F = 1.")
    for c in case.circumstances:
        spec = BY_ID[c.id]
        sign = "+" if spec.direction == AGGRAVATING else "−"
        kind = "Agravante" if spec.direction == AGGRAVATING else "Atenuante"
        add(f"   {kind}: {spec.label_es} ({sign}{_n(c.percent)} %)")
        add(f"      Motivo: {c.reason or NO_REASON}")
    f_step = next(s for s in result.trace if s.step == "factor_f")
    add(f"   F = {f_step.formula.replace('round_half_up', 'redondeo')} = {_n(result.factor_f)}")
    add("")

    add("3. Multa antes del tope")
    add(
        f"   m × F = {_n(result.base_fine_uit)} × {_n(result.factor_f)} = "
        f"{_n(result.fine_before_cap_uit)} UIT"
    )
    add("")
    add("4. Topes")
    add(f"   Máximo legal del órgano: {_n(result.legal_max_uit)} UIT")
    if result.sales_share_cap_uit is not None:
        add(f"   Tope por porcentaje de ventas: {_n(result.sales_share_cap_uit)} UIT")
    if result.capped_by == "legal_maximum":
        add("   La multa calculada supera el máximo legal: se impone el máximo legal.")
    elif result.capped_by == "sales_share_cap":
        add("   La multa calculada supera el tope por ventas: se impone el tope.")
    else:
        add("   La multa calculada no supera ningún tope.")
    add("")
    add(f"MULTA: {_n(result.fine_uit)} UIT")
    add(
        f"Equivalente referencial: {soles(result.fine_pen)} "
        f"({_n(result.fine_uit)} × UIT {result.uit_year} de {soles(result.uit_pen)})"
    )
    add("")

    add("Detalle paso a paso")
    for i, s in enumerate(result.trace, 1):
        value = _n(s.value) if isinstance(s.value, Decimal) else s.value
        add(f"  {i:2d}. {s.label_es or s.step} = {value}")
        add(f"      {s.formula}")
        add(f"      Base legal: {s.reference}")
    add("")

    add("Parámetros utilizados")
    for param in result.parameters:
        value = param.value.isoformat() if not isinstance(param.value, Decimal) else _n(param.value)
        add(
            f"  - {param.name} = {value} {param.unit}, vigente desde {_date(param.in_force_from)} "
            f"[{STATUS_ES.get(param.status, param.status)}]"
        )
        add(f"    Fuente: {param.reference}")
        if param.note:
            add(f"    Nota: {param.note}")
    add("")
    if result.warnings:
        add("Advertencias")
        for w in result.warnings:
            add(f"  - {w.message_es}")
        add("")
    add(
        "La multa debe motivarse en la resolución: este cálculo no sustituye la evaluación del "
        "órgano "
        "resolutivo (Exp. 1126-2023, Quinto Juzgado Especializado en lo Contencioso Administrativo "
        "de Lima)."
    )
    add(
        f"Versión del motor: {result.engine_version} · Huella SHA-256 de datos: "
        f"{result.inputs_sha256}"
    )
    return "\n".join(out) + "\n"
