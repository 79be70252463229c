from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

BODY = """Estimados señores de **{{ firma.razon_social }}** (RUC {{ firma.ruc }}):

Les recordamos que el uso de *software* requiere licencia.

## Qué hacer
- Responder con el código {{ codigo_respuesta }}
- Ingresar a {{ url_respuesta }}"""


def make_context(name: str, code: str = "R-000001", **extra: Any) -> dict[str, Any]:
    return {
        "firma": {"razon_social": name, "ruc": "20123456789", "direccion": "Av. Grau 1, Lima"},
        "codigo_respuesta": code,
        "url_respuesta": f"https://indecopi.gob.pe/r/{code}",
        "fecha": "3 de marzo de 2025",
        **extra,
    }


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    return "\n".join(page.extract_text() for page in reader.pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf), strict=True).pages)


@pytest.fixture()
def body() -> str:
    return BODY
