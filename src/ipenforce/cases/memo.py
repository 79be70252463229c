"""The calculation memo of a saved fine as a PDF (Typst), for the case file and the resolution.

Courts require a reasoned fine (Exp. 1126-2023): the memo shows every step with its value, formula
and legal reference, every parameter with its effective date, source and status (unconfirmed
values flagged), the officer's reasons for each choice, the engine's warnings, and the SHA-256 of
the inputs and parameters so that anyone can reproduce the figure.

Safety: the Typst source is the fixed template ``typst/fine_memo.typ``; the only value spliced
into it is the document title, through :func:`escape_string`. Everything else (case reference,
firm name, reasons...) reaches Typst as JSON in ``sys.inputs`` and is printed as plain text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import translation

from ipenforce.core.dates import spanish_date
from ipenforce.documents.render import escape_string, render_typst
from ipenforce.fines.catalogue import label_es
from ipenforce.fines.params import default_parameters

TEMPLATE = Path(__file__).resolve().parent / "typst" / "fine_memo.typ"
VERIFY_PATH = "/documentos/verificar/"
NO_REASON = "(sin motivación registrada)"
STATUS_ES = {"confirmed": "Confirmado", "unconfirmed": "NO CONFIRMADO"}
PARAMETER_LABELS_ES = {
    "uit": "Unidad Impositiva Tributaria (UIT)",
    "methodology_start_date": "Inicio de la metodología",
    "legal_maximum": "Máximo legal",
    "detection_probability": "Probabilidad de detección ρ",
    "pre_established": "Valor preestablecido k",
    "firm_size_thresholds": "Umbrales de tamaño de empresa",
    "sales_percentage": "Porcentaje de ventas",
}
SOLES_STEPS = frozenset({"uit", "beta_pen", "fine_pen"})
UNIT_ES = {"currency-PEN": "S/", "percent": "%", "UIT": "UIT", "date": ""}


def number_es(value: object, places: int | None = None) -> str:
    """A number for Peruvian readers: thousands with commas, decimal point (``260,693.00``)."""
    if isinstance(value, str):
        return value
    number = Decimal(str(value))
    if places is not None:
        return f"{number:,.{places}f}"
    text = f"{number.normalize():,f}"
    return text


def soles(value: object) -> str:
    return f"S/ {number_es(value, 2)}"


def parameter_label(name: str) -> str:
    root = name.split("/", 1)[0]
    return PARAMETER_LABELS_ES.get(root, name)


def value_with_unit(value: object, unit: str) -> str:
    if unit == "date" and isinstance(value, str):
        return spanish_date(value)
    if unit == "currency-PEN":
        return soles(value)
    shown = number_es(value)
    symbol = UNIT_ES.get(unit, unit)
    if symbol == "%":
        return f"{shown} %"
    return f"{shown} {symbol}".strip()


def officer_reasons(inputs: dict[str, Any]) -> list[dict[str, str]]:
    """Each choice of the officer (β, detection level, circumstances...) with its reason, in
    Spanish (the pages show the same list in the reader's language: ``cases.wording``)."""
    from ipenforce.cases import wording

    with translation.override("es-pe"):
        return wording.officer_reasons(inputs)


def memo_context(
    *,
    inputs: dict[str, Any],
    result: dict[str, Any],
    case_reference: str,
    version: int,
    created_at: dt.datetime,
    officer: str,
    firm: str = "",
    firm_ruc: str = "",
    supersedes: str = "",
) -> dict[str, Any]:
    """Everything the memo prints, as JSON-ready strings (formatted for Spanish readers)."""
    bodies = default_parameters().bodies()
    body = bodies.get(str(result["body"]))
    reasons = officer_reasons(inputs)

    steps = [
        {
            "n": str(i),
            "label": str(step.get("label_es") or step["step"]),
            "value": (
                soles(step["value"]) if step["step"] in SOLES_STEPS else number_es(step["value"])
            ),
            "formula": str(step["formula"]),
            "reference": str(step["reference"]),
        }
        for i, step in enumerate(result["trace"], 1)
    ]
    parameters = [
        {
            "label": parameter_label(str(p["name"])),
            "name": str(p["name"]),
            "value": value_with_unit(p["value"], str(p.get("unit") or "")),
            "in_force_from": spanish_date(str(p["in_force_from"])),
            "reference": str(p["reference"]),
            "status": STATUS_ES.get(str(p.get("status")), str(p.get("status"))),
            "unconfirmed": p.get("status") != "confirmed",
            "note": str(p.get("note") or ""),
        }
        for p in result["parameters"]
    ]
    capped = {
        "legal_maximum": "Se impone el máximo legal del órgano resolutivo.",
        "sales_share_cap": "Se impone el tope por porcentaje de ventas.",
    }.get(str(result.get("capped_by")), "La multa calculada no supera ningún tope.")
    local = created_at.astimezone(dt.timezone(dt.timedelta(hours=-5)))  # Lima, no DST
    return {
        "title": f"Memoria de cálculo de multa — Expediente {case_reference}",
        "case_reference": case_reference,
        "version": str(version),
        "supersedes": supersedes,
        "firm": firm,
        "firm_ruc": firm_ruc,
        "body": body.name_es if body else str(result["body"]),
        "law": body.law if body else "",
        "method": label_es("method", str(result["method"])),
        "resolution_date": spanish_date(str(result["resolution_date"])),
        "proceeding_started_on": (
            spanish_date(str(inputs["proceeding_started_on"]))
            if inputs.get("proceeding_started_on")
            else ""
        ),
        "date": f"{spanish_date(local.date())}, {local:%H:%M} (hora de Lima)",
        "officer": officer,
        "methodology": str(result.get("methodology", "DS 032-2021-PCM")),
        "uit": f"UIT {result['uit_year']}: {soles(result['uit_pen'])}",
        "summary": [
            ["Multa base m", f"{number_es(result['base_fine_uit'])} UIT"],
            ["Factor de agravantes y atenuantes F", number_es(result["factor_f"])],
            ["Multa antes del tope (m × F)", f"{number_es(result['fine_before_cap_uit'])} UIT"],
            ["Máximo legal del órgano", f"{number_es(result['legal_max_uit'])} UIT"],
        ],
        "capped": capped,
        "fine_uit": f"{number_es(result['fine_uit'])} UIT",
        "fine_pen": soles(result["fine_pen"]),
        "steps": steps,
        "parameters": parameters,
        "any_unconfirmed": any(p["unconfirmed"] for p in parameters),
        "reasons": reasons,
        "warnings": [str(w["message_es"]) for w in result.get("warnings", [])],
        "inputs_sha256": str(result["inputs_sha256"]),
        "engine_version": str(result.get("engine_version", "")),
        "verify_path": VERIFY_PATH,
    }


def memo_source(title: str) -> str:
    """The Typst source of the memo: the fixed template, with the title as an escaped string."""
    return f"#let memo-title = {escape_string(title)}\n" + TEMPLATE.read_text(encoding="utf-8")


def render_memo_pdf(context: dict[str, Any], *, timestamp: dt.datetime) -> bytes:
    """The memo as a tagged PDF; the same context and timestamp give the same bytes."""
    return render_typst(memo_source(context["title"]), {"memo": context}, timestamp=timestamp)
