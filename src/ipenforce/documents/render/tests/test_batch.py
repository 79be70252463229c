"""Batches: one valid one-page PDF per letter, the combined print PDF, PDF/A, determinism."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import StreamObject

from ipenforce.documents.render import (
    LetterLayout,
    render_batch,
    render_combined,
    render_pdf,
    sha256_hex,
)

from .conftest import make_context, page_count, pdf_text

NAMES = [f"Comercial Núñez #{i} [S.A.C.] $" for i in range(7)]


def _contexts() -> list[tuple[str, dict[str, object]]]:
    return [(f"firm-{i}", make_context(name, code=f"R-{i:06d}")) for i, name in enumerate(NAMES)]


def test_it_renders_one_valid_pdf_per_context(body: str) -> None:
    results = list(render_batch(LetterLayout(), body, _contexts(), chunk_size=3, timestamp=0))
    assert [key for key, _ in results] == [f"firm-{i}" for i in range(7)]
    for index, (_, pdf) in enumerate(results):
        assert page_count(pdf) == 1
        text = pdf_text(pdf)
        assert NAMES[index] in text
        assert f"R-{index:06d}" in text
        assert "Les recordamos que el uso de software requiere licencia." in text
        assert "Qué hacer" in text and "Atentamente," in text
        for other in range(7):
            if other != index:
                assert f"R-{other:06d}" not in text


def test_it_accepts_a_mapping_of_contexts(body: str) -> None:
    results = dict(render_batch(LetterLayout(), body, dict(_contexts()[:2])))
    assert set(results) == {"firm-0", "firm-1"}


def test_it_falls_back_to_single_letters_when_one_overflows_a_page(body: str) -> None:
    long_body = body + "\n\n" + "\n\n".join(["Párrafo de relleno para desbordar."] * 60)
    contexts = [("a", make_context("Uno", code="R-1")), ("b", make_context("Dos", code="R-2"))]
    results = dict(render_batch(LetterLayout(), long_body, contexts, timestamp=0))
    assert page_count(results["a"]) >= 2
    assert "Uno" in pdf_text(results["a"]) and "Dos" not in pdf_text(results["a"])
    assert "R-2" in pdf_text(results["b"])


def test_it_combines_the_batch_into_one_print_pdf(body: str) -> None:
    contexts = [context for _, context in _contexts()]
    combined = render_combined(LetterLayout(), body, contexts, chunk_size=3, timestamp=0)
    reader = PdfReader(io.BytesIO(combined), strict=True)
    assert len(reader.pages) == 7
    assert "R-000004" in reader.pages[4].extract_text()


def test_it_writes_pdfa_metadata(body: str) -> None:
    [(_, pdf)] = render_batch(
        LetterLayout(), body, [("x", make_context("ACME"))], pdf_standard="a-2b", timestamp=0
    )
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    catalog = reader.root_object
    metadata = catalog["/Metadata"].get_object()
    assert isinstance(metadata, StreamObject)
    xmp = metadata.get_data().decode()
    assert re.search(r"<pdfaid:part>2</pdfaid:part>", xmp)
    assert re.search(r"<pdfaid:conformance>B</pdfaid:conformance>", xmp)
    assert "/OutputIntents" in catalog
    assert "ACME" in pdf_text(pdf)


def test_it_is_deterministic_with_a_fixed_timestamp(body: str) -> None:
    context = make_context("Señor Ñandú & Cía.")
    first = render_pdf(LetterLayout(), body, context, timestamp=1_700_000_000)
    second = render_pdf(LetterLayout(), body, context, timestamp=1_700_000_000)
    assert sha256_hex(first) == sha256_hex(second)
    batch_a = [pdf for _, pdf in render_batch(LetterLayout(), body, _contexts(), timestamp=0)]
    batch_b = [pdf for _, pdf in render_batch(LetterLayout(), body, _contexts(), timestamp=0)]
    assert [sha256_hex(p) for p in batch_a] == [sha256_hex(p) for p in batch_b]


def test_it_hashes_with_sha256() -> None:
    assert sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
