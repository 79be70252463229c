"""The byte-copying splitter/joiner writes well-formed PDFs (exact cross-reference table)."""

from __future__ import annotations

import re

from ipenforce.documents.render import render_typst
from ipenforce.documents.render.pdfsplit import concatenate, split_pages

from .conftest import page_count, pdf_text

SOURCE = '#set text(lang: "es")\n' + "\n#pagebreak()\n".join(
    f'= Página {i}\nTexto de la página {i}: ñandú #link("https://x.pe/{i}")[enlace]'
    for i in range(1, 4)
)


def _assert_exact_xref(pdf: bytes) -> None:
    start = int(pdf[pdf.rindex(b"startxref") + 9 :].split()[0])
    assert pdf.startswith(b"xref", start)
    header = pdf[start:].split(b"\n", 2)
    first, count = (int(x) for x in header[1].split())
    entries = re.findall(rb"(\d{10}) (\d{5}) ([nf])\r\n", pdf[start:])
    assert len(entries) == count and first == 0
    for number, (offset, _gen, kind) in enumerate(entries):
        if kind == b"n":
            assert pdf.startswith(b"%d 0 obj" % number, int(offset)), number


def test_it_splits_pages_into_standalone_pdfs() -> None:
    pages = split_pages(render_typst(SOURCE, tagged=False, timestamp=0))
    assert len(pages) == 3
    for index, pdf in enumerate(pages, 1):
        _assert_exact_xref(pdf)
        assert page_count(pdf) == 1
        text = pdf_text(pdf)
        assert f"Texto de la página {index}: ñandú" in text
        assert all(f"página {other}" not in text for other in {1, 2, 3} - {index})


def test_it_joins_documents_in_order() -> None:
    document = render_typst(SOURCE, tagged=False, timestamp=0)
    joined = concatenate([document, document])
    _assert_exact_xref(joined)
    assert page_count(joined) == 6
    assert pdf_text(joined).count("Texto de la página 3") == 2
