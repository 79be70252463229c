"""Staff text and merged values are shown literally: nothing reaches Typst as code."""

from __future__ import annotations

import string

import pytest

from ipenforce.documents.render import (
    LetterLayout,
    escape_markup,
    escape_string,
    render_pdf,
    render_typst,
)

from .conftest import make_context, pdf_text

INJECTIONS = [
    "ACME #1 [S.A.C.]",
    "Precios $ 100 y $200$",
    '#read("/etc/passwd")',
    '] #panic("x") [',
    "#let x = 1; `raw` <label> @ref ~ // comentario /* bloque */",
    "\\ #emph[cursiva] *negrita* _sub_ = título - lista + enum / término:",
    "\"comillas\" 'simples' ... -- ---",
]


def _compact(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("name", INJECTIONS)
def test_it_renders_a_merged_value_literally(name: str) -> None:
    pdf = render_pdf(LetterLayout(), "Señores de {{ firma.razon_social }}.", make_context(name))
    assert _compact(name) in _compact(pdf_text(pdf))


@pytest.mark.parametrize("text", INJECTIONS)
def test_it_renders_staff_text_literally_with_escape_markup(text: str) -> None:
    pdf = render_typst(escape_markup(text))
    assert _compact(pdf_text(pdf)) == _compact(text)


def test_it_escapes_every_ascii_punctuation_character() -> None:
    pdf = render_typst('#set text(font: "DejaVu Sans Mono")\n' + escape_markup(string.punctuation))
    assert _compact(pdf_text(pdf)) == string.punctuation


def test_it_keeps_staff_text_outside_the_markup_subset_literal() -> None:
    body = "Código #1 [ver] $5 `x` <y> @z ~ // no es comentario"
    pdf = render_pdf(LetterLayout(), body, make_context("ACME"))
    assert _compact(body) in _compact(pdf_text(pdf))


def test_it_quotes_typst_strings() -> None:
    value = 'a "b" \\ c\nd'
    pdf = render_typst("#" + escape_string(value).replace("\\n", " "))
    assert escape_string(value) == '"a \\"b\\" \\\\ c\\nd"'
    assert _compact(pdf_text(pdf)) == _compact(value)


def test_it_passes_data_as_inputs_not_source() -> None:
    source = "#let d = json(bytes(sys.inputs.data))\n#d.firm — #sys.inputs.code"
    pdf = render_typst(source, {"data": {"firm": "#panic() [x]"}, "code": "$1$"})
    assert _compact(pdf_text(pdf)) == _compact("#panic() [x] — $1$")
