"""The staff markup: merge fields, bold/italic, headings, lists, and errors for the editor."""

from __future__ import annotations

import pytest

from ipenforce.documents.render import (
    LETTER_FIELDS,
    LetterLayout,
    TemplateSyntaxError,
    UnknownMergeFieldError,
    fields_of,
    render_pdf,
    template_to_typst,
    validate_template,
)

from .conftest import make_context, pdf_text


def test_it_returns_the_fields_a_valid_template_uses(body: str) -> None:
    used = validate_template(body, LETTER_FIELDS)
    assert used == {"firma.razon_social", "firma.ruc", "codigo_respuesta", "url_respuesta"}


def test_it_lists_unknown_and_available_fields() -> None:
    with pytest.raises(UnknownMergeFieldError) as caught:
        validate_template("Hola {{ firma.nombre }} y {{ monto }}", ["fecha", "firma.ruc"])
    error = caught.value
    assert error.unknown == ("firma.nombre", "monto")
    assert error.available == ("fecha", "firma.ruc")
    assert "{{ firma.nombre }}" in str(error) and "firma.ruc" in str(error)


@pytest.mark.parametrize("body", ["Hola {{ firma razon }}", "Hola {{ 1x }}", "Hola {{ fecha"])
def test_it_reports_malformed_fields_with_their_position(body: str) -> None:
    with pytest.raises(TemplateSyntaxError) as caught:
        validate_template("Primera línea\n" + body, LETTER_FIELDS)
    assert caught.value.line == 2 and caught.value.column == 6


def test_it_raises_when_a_context_lacks_a_field() -> None:
    context = make_context("ACME")
    del context["firma"]["ruc"]
    with pytest.raises(UnknownMergeFieldError) as caught:
        render_pdf(LetterLayout(), "RUC {{ firma.ruc }}", context)
    assert caught.value.unknown == ("firma.ruc",)
    assert "firma.razon_social" in caught.value.available


def test_it_flattens_a_context_to_dotted_fields() -> None:
    assert fields_of(make_context("X")) == LETTER_FIELDS


def test_it_translates_the_markup_subset() -> None:
    typst = template_to_typst("# Título\n\n**negrita** y *cursiva*\n- uno\n- dos\n1. a\n\nfin")
    assert typst == ("= Título\n\n#strong[negrita] y #emph[cursiva]\n\n- uno\n- dos\n\n+ a\n\nfin")


def test_it_leaves_unpaired_markers_literal() -> None:
    assert template_to_typst("a **b c") == "a \\*\\*b c"
    assert template_to_typst("x \\*y\\* {{ f }}") == 'x \\*y\\* #d.at("f")'


def test_it_keeps_accents_and_enye() -> None:
    context = make_context("Señora Núñez Ibáñez E.I.R.L.", fecha="1 de diciembre de 2025")
    text = pdf_text(
        render_pdf(LetterLayout(), "Acción y canción: {{ firma.razon_social }}", context)
    )
    assert "Señora Núñez Ibáñez E.I.R.L." in text
    assert "Acción y canción" in text
    assert "Dirección de Derecho de Autor" in text


def test_it_uses_the_configured_letterhead() -> None:
    layout = LetterLayout(letterhead="INDECOPI — Dirección de Signos Distintivos", reference="")
    text = pdf_text(render_pdf(layout, "Hola", make_context("ACME")))
    assert "Dirección de Signos Distintivos" in text


def test_it_hoists_blocks_without_fields_to_constants() -> None:
    hoisted: list[str] = []
    typst = template_to_typst("Texto fijo.\n\nHola {{ x }}", hoisted=hoisted)
    assert typst == '#ipe-static-0\n\nHola #d.at("x")'
    assert hoisted == ["Texto fijo\\."]
