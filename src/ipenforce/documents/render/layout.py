"""Letter layouts: the fixed parts of a letter and the Typst page design around the body.

Every text part of a :class:`LetterLayout` is written in the same staff markup as the body
(see :mod:`.markup`), so it may use merge fields, e.g. ``date_line="Lima, {{ fecha }}"``.
An empty part is left out of the page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields
from pathlib import Path

from .escape import escape_string
from .markup import parse_template, template_to_typst

__all__ = ["DEFAULT_LETTER_TYPST", "LETTER_FIELDS", "TYPST_ROOT", "LetterLayout", "LetterSource"]

TYPST_ROOT = Path(__file__).resolve().parent / "typst"
"""Root directory of Typst compilation: a layout may only read files inside it."""

DEFAULT_LETTER_TYPST = (TYPST_ROOT / "letter.typ").read_text(encoding="utf-8")

LETTER_FIELDS = frozenset(
    {
        "firma.razon_social",
        "firma.ruc",
        "firma.direccion",
        "codigo_respuesta",
        "url_respuesta",
        "fecha",
    }
)
"""Merge fields that every letter context provides (campaigns may add more)."""

# Parts that are markup templates, in the order the layout's Typst reads them.
_PARTS = (
    "letterhead",
    "letterhead_subtitle",
    "date_line",
    "reference",
    "recipient",
    "subject",
    "closing",
    "signature_name",
    "signature_title",
    "footer",
)


@dataclass(frozen=True)
class LetterLayout:
    """Everything on a letter except its body. Immutable and hashable (compiled once)."""

    letterhead: str = "INDECOPI — Dirección de Derecho de Autor"
    letterhead_subtitle: str = (
        "Instituto Nacional de Defensa de la Competencia y de la Protección de la "
        "Propiedad Intelectual"
    )
    date_line: str = "Lima, {{ fecha }}"
    reference: str = ""
    recipient: str = (
        "Señores\n**{{ firma.razon_social }}**\nRUC: {{ firma.ruc }}\n{{ firma.direccion }}"
    )
    subject: str = "**Asunto:** Uso legal de obras protegidas por el derecho de autor"
    closing: str = "Atentamente,"
    signature_name: str = "Dirección de Derecho de Autor"
    signature_title: str = "INDECOPI"
    footer: str = (
        "Código de respuesta: **{{ codigo_respuesta }}** · Responda en línea: {{ url_respuesta }}"
    )
    lang: str = "es"
    region: str = "PE"
    font: str = "Libertinus Serif"
    paper: str = "a4"
    typst: str = DEFAULT_LETTER_TYPST
    """Typst page design; see ``typst/letter.typ`` for the contract it must follow."""

    def parts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in _PARTS}


@dataclass(frozen=True)
class LetterSource:
    """A layout and body compiled to one Typst source, ready for many letters."""

    source: bytes
    fields: frozenset[str]
    """Merge fields used anywhere in the layout or body (what each context must provide)."""


@functools.lru_cache(maxsize=64)
def build_letter_source(layout: LetterLayout, body_template: str) -> LetterSource:
    """Translate layout and body to Typst (cached: the same pair compiles to the same source).

    Text without merge fields is hoisted to top-level constants (``ipe-static-N``): Typst then
    builds it once per compiled document, not once per letter (~15 % faster batches).
    """
    used: set[str] = set()
    entries: list[str] = []
    hoisted: list[str] = []
    templates = {**layout.parts(), "body": body_template}
    for name, template in templates.items():
        parsed = parse_template(template)
        if not parsed.blocks:
            continue
        used |= parsed.fields
        if name == "body":
            markup = template_to_typst(parsed, data_var="d", hoisted=hoisted)
        elif parsed.fields:
            markup = template_to_typst(parsed, data_var="d", inline=True)
        else:
            hoisted.append(template_to_typst(parsed, inline=True))
            markup = f"#ipe-static-{len(hoisted) - 1}"
        entries.append(f"  {name}: (d) => [\n{markup}\n],")
    constants = [
        f"#let ipe-static-{index} = [\n{markup}\n]" for index, markup in enumerate(hoisted)
    ]
    config = {f.name: getattr(layout, f.name) for f in fields(layout)}
    config_entries = ", ".join(
        f"{key}: {escape_string(config[key])}" for key in ("lang", "region", "font", "paper")
    )
    source = "\n".join(
        [
            f"#let ipe-config = ({config_entries})",
            *constants,
            "#let ipe-parts = (\n" + ("\n".join(entries) or "  :") + "\n)",
            layout.typst,
            '#for d in json(bytes(sys.inputs.at("ipe-letters"))) {',
            "  ipe-letter(ipe-config, ipe-parts, d)",
            "}",
            "",
        ]
    )
    return LetterSource(source.encode("utf-8"), frozenset(used))
