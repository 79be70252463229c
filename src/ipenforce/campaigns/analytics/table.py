"""The impact report as a readable text table (Spanish labels first, English in parentheses).

Works from the JSON form (`ImpactReport.to_dict()`), so a stored report prints the same as a fresh
one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .checks import fmt_number, fmt_rate
from .impact import ImpactReport


def _num(value: Any) -> str:
    return "—" if value is None else fmt_number(float(value))


def _rate(value: Any) -> str:
    return "—" if value is None else fmt_rate(float(value))


def _effect(effect: Mapping[str, Any] | None) -> str:
    if effect is None:
        return "—"
    low, high = effect["ci95"]
    return (
        f"{100 * effect['difference']:+.1f} pp  IC95 [{100 * low:+.1f}, {100 * high:+.1f}]  "
        f"p = {effect['p_value']:.3g}"
    )


def _rows(rows: list[tuple[str, str]]) -> list[str]:
    width = max(len(label) for label, _ in rows)
    return [f"  {label.ljust(width)}  {value}" for label, value in rows]


def _grid(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  " + "  ".join([first, *rest])

    return [line(header), "  " + "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def format_table(report: ImpactReport | Mapping[str, Any]) -> str:
    """Render an impact report (object or its JSON form) as text."""
    r = report.to_dict() if isinstance(report, ImpactReport) else report
    out = [
        f"Campaña (Campaign): {r['campaign']}",
        f"Ventana de resultados (Outcome window): {r['start_date']} – {r['window_end']} "
        f"({r['outcome_window_days']} días / days)",
        "",
        "Resultados de los grupos de carta (Letter arms, intention to treat)",
    ]
    a = r["assumptions"]
    out += _rows(
        [
            ("Empresas objetivo (Targets)", _num(r["targets"])),
            ("Empresas en grupos de carta (Letter-arm firms)", _num(r["letter_arm_targets"])),
            ("Cartas enviadas (Letters sent)", _num(r["letters_sent"])),
            ("  entregadas (delivered)", _num(r["delivered"])),
            ("  devueltas (returned)", _num(r["returned"])),
            ("  pendientes (pending)", _num(r["pending"])),
            ("Empresas que respondieron (Responses)", _num(r["responses"])),
            ("Tasa de respuesta (Response rate)", _rate(r["response_rate"])),
            ("Empresas licenciadas (Licensed firms)", _num(r["licensed_firms"])),
            ("Tasa de licenciamiento (Licensing rate)", _rate(r["licensing_rate"])),
            ("Puestos comprados (Seats)", _num(r["seats"])),
            ("Ingresos reportados US$ (Income)", _num(r["income_usd"])),
            (
                "Puestos estimados (Est. workstations)",
                f"{_num(r['workstations_estimated'])}  "
                f"(= licenciadas × {_num(a['avg_pcs_per_firm'])} PC por empresa / PCs per firm)",
            ),
            (
                "Ingresos estimados US$ (Est. income)",
                f"{_num(r['income_estimated_usd'])}  "
                f"(= puestos × US$ {_num(a['avg_licence_value_usd'])} / workstation)",
            ),
        ]
    )
    out += ["", "Efecto (Effect: letter arms − control)"]
    control = r["control"]
    if control is None:
        out.append(
            "  Sin grupo de control: no se puede medir (no control group: cannot be measured)"
        )
    else:
        mde = r.get("minimum_detectable_effect")
        out += _rows(
            [
                ("Control: empresas (firms)", _num(control["firms"])),
                ("Control: licenciadas (licensed)", _num(control["licensed_firms"])),
                ("Control: tasa (rate)", _rate(control["licensing_rate"])),
                ("Diferencia (Difference)", _effect(r["effect"])),
                ("Método (Method)", _method(r["effect"])),
                ("Efecto mínimo detectable 80% (MDE)", _rate(mde)),
            ]
        )
    if r["arms"]:
        out += ["", "Grupos (Arms)"]
        rows = [
            [
                name,
                _num(arm["targets"]),
                _num(arm["letters_sent"]),
                _num(arm["responses"]),
                _num(arm["licensed_firms"]),
                _rate(arm["licensing_rate"]),
                _effect(arm["effect"]),
            ]
            for name, arm in r["arms"].items()
        ]
        if control is not None:
            rows.append(
                [
                    "control",
                    _num(control["firms"]),
                    _num(control.get("letters_sent", 0)),
                    _num(control.get("responses", 0)),
                    _num(control["licensed_firms"]),
                    _rate(control["licensing_rate"]),
                    "",
                ]
            )
        header = [
            "grupo (arm)",
            "empresas (firms)",
            "cartas (letters)",
            "respuestas (resp.)",
            "licenciadas (lic.)",
            "tasa (rate)",
            "efecto (effect)",
        ]
        out += _grid(header, rows)
    if r["by_department"]:
        out += ["", "Por departamento (By department)"]
        header = [
            "departamento",
            "carta (letter)",
            "licenciadas (lic.)",
            "tasa (rate)",
            "control",
            "lic. control",
            "tasa control",
        ]
        rows = [
            [
                dept,
                _num(d["letter_arm_targets"]),
                _num(d["licensed_firms"]),
                _rate(d["licensing_rate"]),
                _num(d["control_firms"]),
                _num(d["control_licensed_firms"]),
                _rate(d["control_licensing_rate"]),
            ]
            for dept, d in r["by_department"].items()
        ]
        out += _grid(header, rows)
    f = r["funnel"]
    out += ["", "Embudo (Funnel, letter-arm firms)"]
    out += _rows(
        [
            ("Objetivo (Targets)", _num(f["targets"])),
            ("Con envío (Sent)", _num(f["sent"])),
            ("Entregadas (Delivered)", _num(f["delivered"])),
            ("Respondieron (Answered)", _num(f["answered"])),
            ("Licenciadas (Licensed)", _num(f["licensed"])),
        ]
    )
    out += ["", f"Advertencias (Checks): {len(r['checks'])}"]
    for check in r["checks"]:
        message = check["message"] if isinstance(check, Mapping) else str(check)
        out.append(f"  - {message}")
        if isinstance(check, Mapping) and check.get("message_en"):
            out.append(f"    ({check['message_en']})")
    return "\n".join(out) + "\n"


def _method(effect: Mapping[str, Any] | None) -> str:
    if effect is None:
        return "—"
    return f"IC: {effect['method']}; p: {effect['p_value_method']}"
