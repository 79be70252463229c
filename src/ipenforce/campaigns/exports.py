"""The impact report as CSV and XLSX files, and the programme report as text.

All exports are built from the report's JSON form (`ImpactReport.to_dict()`), so the files say
exactly what `ipenforce campaign report NAME --json` says.

- CSV: one tidy table, `seccion,grupo,indicador,valor` (sections `resumen`, `grupo` and
  `departamento`), easy to filter or pivot; rates are fractions (0.19), money in US$.
- XLSX: sheets `Resumen` (figure, value, note with the assumptions), `Grupos` (one row per arm
  and control), `Departamentos`, `Advertencias`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ipenforce.campaigns.analytics import ProgrammeReport
from ipenforce.campaigns.analytics.checks import fmt_number, fmt_rate

SUMMARY_KEYS = (
    "targets",
    "letter_arm_targets",
    "letters_sent",
    "delivered",
    "returned",
    "pending",
    "responses",
    "response_rate",
    "licensed_firms",
    "licensing_rate",
    "seats",
    "income_usd",
    "workstations_estimated",
    "income_estimated_usd",
    "minimum_detectable_effect",
)
ARM_KEYS = (
    "targets",
    "letters_sent",
    "delivered",
    "returned",
    "responses",
    "response_rate",
    "licensed_firms",
    "licensing_rate",
    "seats",
    "income_usd",
)
EFFECT_KEYS = ("difference", "ci95_low", "ci95_high", "p_value", "method", "p_value_method")
DEPARTMENT_KEYS = (
    "letter_arm_targets",
    "letters_sent",
    "responses",
    "licensed_firms",
    "licensing_rate",
    "control_firms",
    "control_licensed_firms",
    "control_licensing_rate",
)


def labels() -> dict[str, str]:
    return {
        "targets": _("Empresas objetivo"),
        "letter_arm_targets": _("Empresas en grupos de carta"),
        "letters_sent": _("Cartas enviadas"),
        "delivered": _("Cartas entregadas"),
        "returned": _("Cartas devueltas"),
        "pending": _("Cartas pendientes"),
        "responses": _("Empresas que respondieron"),
        "response_rate": _("Tasa de respuesta"),
        "licensed_firms": _("Empresas licenciadas"),
        "licensing_rate": _("Tasa de licenciamiento"),
        "seats": _("Licencias compradas (puestos)"),
        "income_usd": _("Ingresos reportados (US$)"),
        "workstations_estimated": _("Puestos de trabajo estimados"),
        "income_estimated_usd": _("Ingresos estimados (US$)"),
        # xgettext:no-python-format
        "minimum_detectable_effect": _("Efecto mínimo detectable (80 % de potencia)"),
        "difference": _("Diferencia con el control"),
        # xgettext:no-python-format
        "ci95_low": _("IC 95 % inferior"),
        # xgettext:no-python-format
        "ci95_high": _("IC 95 % superior"),
        "p_value": _("Valor p"),
        "method": _("Método del intervalo"),
        "p_value_method": _("Método del valor p"),
        "control_firms": _("Empresas de control"),
        "control_licensed_firms": _("Empresas de control licenciadas"),
        "control_licensing_rate": _("Tasa de licenciamiento del control"),
        "firms": _("Empresas"),
    }


def _effect_values(effect: Mapping[str, Any] | None) -> dict[str, Any]:
    if effect is None:
        return dict.fromkeys(EFFECT_KEYS)
    return {
        "difference": effect["difference"],
        "ci95_low": effect["ci95"][0],
        "ci95_high": effect["ci95"][1],
        "p_value": effect["p_value"],
        "method": effect["method"],
        "p_value_method": effect["p_value_method"],
    }


def arm_rows(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One dict per letter arm, then control: the arm's figures and its effect."""
    rows = []
    for name, arm in report["arms"].items():
        row = {"arm": name, **{k: arm.get(k) for k in ARM_KEYS}}
        rows.append({**row, **_effect_values(arm.get("effect"))})
    control = report.get("control")
    if control is not None:
        row = dict.fromkeys(ARM_KEYS)
        row.update(
            targets=control["firms"],
            letters_sent=control.get("letters_sent"),
            responses=control.get("responses"),
            licensed_firms=control["licensed_firms"],
            licensing_rate=control["licensing_rate"],
        )
        rows.append({"arm": "control", **row, **_effect_values(None)})
    return rows


def _tidy(report: Mapping[str, Any]) -> Iterator[tuple[str, str, str, Any]]:
    for key in SUMMARY_KEYS:
        yield ("resumen", "", key, report.get(key))
    for key, value in report["assumptions"].items():
        yield ("resumen", "", key, value)
    for key, value in _effect_values(report.get("effect")).items():
        yield ("resumen", "", key, value)
    for row in arm_rows(report):
        for key, value in row.items():
            if key != "arm":
                yield ("grupo", row["arm"], key, value)
    for department, figures in report["by_department"].items():
        for key in DEPARTMENT_KEYS:
            yield ("departamento", department, key, figures.get(key))


def to_csv(report: Mapping[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["seccion", "grupo", "indicador", "valor"])
    for section, group, key, value in _tidy(report):
        writer.writerow([section, group, key, "" if value is None else value])
    return out.getvalue()


def to_xlsx(report: Mapping[str, Any]) -> bytes:
    names = labels()
    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Resumen")[:31]
    sheet.append([_("Campaña"), report["campaign"]])
    sheet.append([_("Ventana de resultados"), f"{report['start_date']} – {report['window_end']}"])
    sheet.append([])
    sheet.append([_("Indicador"), _("Valor"), _("Nota")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    a = report["assumptions"]
    notes = {
        "workstations_estimated": _("= empresas licenciadas × %(pcs)s PC por empresa (supuesto)")
        % {"pcs": a["avg_pcs_per_firm"]},
        "income_estimated_usd": _("= puestos estimados × US$ %(value)s por puesto (supuesto)")
        % {"value": a["avg_licence_value_usd"]},
    }
    for key in SUMMARY_KEYS:
        sheet.append([names.get(key, key), report.get(key), notes.get(key, "")])
    for key, value in _effect_values(report.get("effect")).items():
        sheet.append([names.get(key, key), value, ""])
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["C"].width = 60

    arms = book.create_sheet(_("Grupos")[:31])
    header = ["arm", *ARM_KEYS, *EFFECT_KEYS]
    arms.append([_("Grupo"), *(names.get(k, k) for k in header[1:])])
    for cell in arms[1]:
        cell.font = bold
    for row in arm_rows(report):
        arms.append([row.get(k) for k in header])

    departments = book.create_sheet(_("Departamentos")[:31])
    departments.append([_("Departamento"), *(names.get(k, k) for k in DEPARTMENT_KEYS)])
    for cell in departments[1]:
        cell.font = bold
    for department, figures in report["by_department"].items():
        departments.append([department, *(figures.get(k) for k in DEPARTMENT_KEYS)])

    checks = book.create_sheet(_("Advertencias")[:31])
    checks.append([_("Código"), _("Gravedad"), _("Mensaje"), "Message"])
    for cell in checks[1]:
        cell.font = bold
    for check in report["checks"]:
        checks.append([check["code"], check["severity"], check["message_es"], check["message_en"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def format_programme_table(report: ProgrammeReport) -> str:
    """A programme report as text (Spanish labels, English in parentheses)."""
    d = report.to_dict()
    out = [f"Programa (Programme): {d['programme']}", ""]

    def num(value: Any) -> str:
        return "—" if value is None else fmt_number(float(value))

    def rate(value: Any) -> str:
        return "—" if value is None else fmt_rate(float(value))

    pairs = [
        ("Campañas (Campaigns)", num(d.get("campaigns"))),
        ("Cartas enviadas (Letters sent)", num(d.get("letters_sent"))),
        ("Empresas que respondieron (Responses)", num(d.get("responses"))),
        ("Tasa de respuesta (Response rate)", rate(d.get("response_rate"))),
        ("Empresas licenciadas (Licensed firms)", num(d.get("licensed_firms"))),
        ("Tasa de licenciamiento (Licensing rate)", rate(d.get("licensing_rate"))),
        ("Puestos estimados (Est. workstations)", num(d.get("workstations_estimated"))),
        ("Ingresos estimados US$ (Est. income)", num(d.get("income_estimated_usd"))),
    ]
    width = max(len(label) for label, _v in pairs)
    out += [f"  {label.ljust(width)}  {value}" for label, value in pairs]
    out += ["", "Campañas (Campaigns)"]
    for c in d["per_campaign"]:
        out.append(
            f"  {c['campaign']}  {c['start_date']} – {c['window_end']}  "
            f"cartas {num(c['letters_sent'])}  licenciadas {num(c['licensed_firms'])}  "
            f"tasa {rate(c['licensing_rate'])}"
        )
    out += ["", f"Advertencias (Checks): {len(d['checks'])}"]
    for check in d["checks"]:
        out.append(f"  - {check['message_es']}")
        out.append(f"    ({check['message_en']})")
    return "\n".join(out) + "\n"
