"""Letters of a campaign: the merge-field context of each target, the layout of each arm, the
editor's checks and its HTML preview. Rendering itself is `ipenforce.documents.render`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ipenforce.campaigns.models import Arm, Campaign, Programme, Target
from ipenforce.core.dates import spanish_date
from ipenforce.documents.render import (
    LetterLayout,
    TemplateSyntaxError,
    UnknownMergeFieldError,
    fields_of,
    parse_template,
    validate_template,
)

REPLY_PATH = "/responder/"


def public_base_url(fallback: str = "") -> str:
    """Where firms answer: settings.PUBLIC_BASE_URL if set, else `fallback` (the request's
    scheme and host when a person starts the batch)."""
    base = str(settings.PUBLIC_BASE_URL or fallback or "http://localhost:8000")
    return base.rstrip("/")


def reply_url(code: str, base_url: str) -> str:
    return f"{base_url.rstrip('/')}{REPLY_PATH}{code}/"


def letter_context(
    target: Target, *, base_url: str, day: dt.date, campaign: Campaign
) -> dict[str, Any]:
    """The merge fields of one letter (see LETTER_FIELDS, plus `campana.nombre`)."""
    address = ", ".join(p for p in (target.address, target.district, target.department) if p)
    return {
        "firma": {"razon_social": target.name, "ruc": target.ruc, "direccion": address},
        "codigo_respuesta": target.reply_code,
        "url_respuesta": reply_url(target.reply_code, base_url),
        "fecha": spanish_date(day),
        "campana": {"nombre": campaign.name},
    }


SAMPLE_TARGET = Target(
    target_id="muestra",
    name="EMPRESA DE EJEMPLO S.A.C.",
    ruc="20100070970",
    address="Av. Ejemplo 123",
    district="Miraflores",
    department="Lima",
    reply_code="ABCDE23456",
)


def sample_target(arm: Arm) -> Target:
    """The first target of the arm (by id), or a fictitious firm while there are none."""
    return arm.targets.order_by("target_id").first() or SAMPLE_TARGET


def available_fields(campaign: Campaign) -> frozenset[str]:
    return fields_of(
        letter_context(SAMPLE_TARGET, base_url="http://x", day=dt.date.today(), campaign=campaign)
    )


def layout_for(arm: Arm) -> LetterLayout:
    subject = arm.letter_subject.strip()
    return LetterLayout(subject=f"**Asunto:** {subject}" if subject else "")


@dataclass(frozen=True)
class TemplateProblem:
    part: str  # "subject" or "body"
    message: str
    line: int | None = None
    column: int | None = None
    unknown: tuple[str, ...] = ()
    available: tuple[str, ...] = ()


def _spanish(message: str) -> str:
    """The renderer's syntax messages (English) in the editor's words."""
    if "is not closed" in message:
        return str(_("«{{» no está cerrado con «}}» (escriba \\{ para una llave literal)"))
    if message.startswith("invalid merge field"):
        return str(
            _("campo combinado no válido: use un nombre con puntos, como {{ firma.razon_social }}")
        )
    return message


def check_letter(subject: str, body: str, fields: frozenset[str]) -> list[TemplateProblem]:
    """Every problem of a subject and body, for the editor (empty list: the letter is valid)."""
    problems: list[TemplateProblem] = []
    for part, text in (("subject", subject), ("body", body)):
        try:
            validate_template(text, fields)
        except TemplateSyntaxError as exc:
            problems.append(TemplateProblem(part, _spanish(exc.message), exc.line, exc.column))
        except UnknownMergeFieldError as exc:
            problems.append(
                TemplateProblem(part, str(exc), unknown=exc.unknown, available=exc.available)
            )
    if not body.strip():
        problems.append(TemplateProblem("body", "empty"))
    return problems


def _lookup(context: Mapping[str, Any], path: str) -> str:
    value: Any = context
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return ""
        value = value[part]
    return "" if value is None else str(value)


def _inline_html(tokens: Any, context: Mapping[str, Any]) -> str:
    out: list[str] = []
    bold = italic = False
    for kind, value in tokens:
        if kind == "text":
            out.append(escape(value))
        elif kind == "field":
            out.append(f'<mark class="merge">{escape(_lookup(context, value))}</mark>')
        elif kind == "bold":
            out.append("</strong>" if bold else "<strong>")
            bold = not bold
        elif kind == "italic":
            out.append("</em>" if italic else "<em>")
            italic = not italic
    if italic:
        out.append("</em>")
    if bold:
        out.append("</strong>")
    return "".join(out)


def preview_html(text: str, context: Mapping[str, Any]) -> SafeString:
    """The letter text as HTML (headings, lists, bold, italic; merge fields filled in).

    Call only on text that `check_letter` accepted. Everything is escaped; only our tags remain.
    """
    parsed = parse_template(text)
    html: list[str] = []
    for block in parsed.blocks:
        lines = [_inline_html(line, context) for line in block.lines]
        if block.kind == "heading":
            level = min(6, 2 + block.level)
            html.append(f"<h{level}>{lines[0]}</h{level}>")
        elif block.kind == "bullets":
            html.append("<ul>" + "".join(f"<li>{li}</li>" for li in lines) + "</ul>")
        elif block.kind == "numbers":
            html.append("<ol>" + "".join(f"<li>{li}</li>" for li in lines) + "</ol>")
        else:
            html.append("<p>" + "<br>".join(lines) + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308 - built from escaped parts only


DEFAULT_SUBJECTS = {
    Programme.SOFTWARE: "Uso legal de programas de ordenador en su empresa",
    Programme.CABLE: "Autorizaciones para la retransmisión de señales y contenidos",
    Programme.BUS: "Comunicación pública de música y películas en el transporte de pasajeros",
    Programme.RESORTS: "Respeto del derecho de autor durante la temporada de verano",
}

DEFAULT_BODY = """De nuestra consideración:

La Dirección de Derecho de Autor del INDECOPI promueve el respeto de los derechos de autor \
y el uso legal de las obras protegidas por el Decreto Legislativo N.° 822, Ley sobre el \
Derecho de Autor.

Por ello le invitamos a verificar que {{ firma.razon_social }} cuenta con las licencias y \
autorizaciones que su actividad requiere. Puede informarnos de su situación, enviar una \
autoauditoría o adjuntar las pruebas de sus licencias en línea, sin necesidad de registrarse:

- Dirección: {{ url_respuesta }}
- Código de respuesta: **{{ codigo_respuesta }}**

Agradecemos de antemano su atención."""


def default_letter(campaign: Campaign) -> tuple[str, str]:
    subject = DEFAULT_SUBJECTS.get(
        Programme(campaign.programme), "Uso legal de obras protegidas por el derecho de autor"
    )
    return subject, DEFAULT_BODY
