"""Benchmark: render 10,000 one-page letters, one PDF per firm, plus the combined print PDF.

    uv run python bench/letters_render.py [--letters 10000] [--chunk-size 100] [--pdfa 200]

Prints JSON lines. The per-letter figure includes SHA-256 of every PDF (as issuing does).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ipenforce.documents.render import (
    LetterLayout,
    render_batch,
    render_combined,
    sha256_hex,
)

BODY = """Estimados señores de **{{ firma.razon_social }}**:

La Dirección de Derecho de Autor del INDECOPI les recuerda que la reproducción, distribución
y uso de programas de ordenador, música y obras audiovisuales en su establecimiento requiere
la *autorización previa* de los titulares de derechos, conforme al Decreto Legislativo N.° 822.

## ¿Qué debe hacer?
- Verificar que cuenta con las licencias de uso de todo el software instalado.
- Responder esta carta indicando el código **{{ codigo_respuesta }}**.
- Ingresar a {{ url_respuesta }} y adjuntar sus comprobantes de compra.

Si ya cuenta con las licencias, le agradecemos su compromiso con la cultura y la creatividad.
Esta comunicación es informativa y no constituye el inicio de un procedimiento sancionador."""

FIRST = ["Inversiones", "Comercial", "Distribuidora", "Corporación", "Servicios", "Importaciones"]
NAMES = ["Peña", "Núñez", "Ibáñez", "Gálvez", "Muñoz", "Quispe", "Mamani", "Huamán", "Cáceres"]
TAILS = ["S.A.C.", "E.I.R.L.", "S.R.L.", "S.A."]
SPECIAL = [
    "#1",
    "[Perú]",
    "$ & Cía.",
    "<Sur>",
    "@Lima",
    "*Norte*",
    "_Andina_",
    "\\Centro/",
    "~Max~",
]
STREETS = ["Av. José Gálvez", "Jr. Áncash", "Calle Señor de Luren", "Av. Túpac Amaru"]
DISTRICTS = ["Miraflores", "San Martín de Porres", "Breña", "Jesús María", "Cusco", "Piura"]
MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio"]


def contexts(count: int, seed: int = 822) -> Iterator[tuple[int, dict[str, Any]]]:
    rng = random.Random(seed)
    for index in range(count):
        name = f"{rng.choice(FIRST)} {rng.choice(NAMES)} {rng.choice(SPECIAL)} {rng.choice(TAILS)}"
        code = f"DDA-{index:06d}-{rng.randrange(36**4):04X}"
        yield (
            index,
            {
                "firma": {
                    "razon_social": name,
                    "ruc": f"20{rng.randrange(10**9):09d}",
                    "direccion": f"{rng.choice(STREETS)} {rng.randrange(1, 2000)}, "
                    f"{rng.choice(DISTRICTS)}",
                },
                "codigo_respuesta": code,
                "url_respuesta": f"https://www.indecopi.gob.pe/responder/{code}",
                "fecha": f"{rng.randrange(1, 29)} de {rng.choice(MONTHS)} de 2025",
            },
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--chunk-size", type=int, default=100)
    parser.add_argument("--pdfa", type=int, default=0, help="also time N PDF/A-2b letters")
    args = parser.parse_args()
    layout = LetterLayout()

    # Warm-up: font loading and the Typst cache, as a long-running worker would have them.
    for _ in render_batch(layout, BODY, contexts(10, seed=1), timestamp=0):
        pass

    started = time.perf_counter()
    count = total_bytes = 0
    digests = set()
    for _key, pdf in render_batch(
        layout, BODY, contexts(args.letters), timestamp=0, chunk_size=args.chunk_size
    ):
        count += 1
        total_bytes += len(pdf)
        digests.add(sha256_hex(pdf))
    seconds = time.perf_counter() - started
    assert count == args.letters and len(digests) == count

    started = time.perf_counter()
    combined = render_combined(layout, BODY, (c for _, c in contexts(args.letters)), timestamp=0)
    combined_s = time.perf_counter() - started

    record: dict[str, Any] = {
        "bench": "letters_render",
        "letters": count,
        "seconds": round(seconds, 3),
        "letters_per_s": round(count / seconds, 1),
        "combined_pdf_s": round(combined_s, 3),
        "combined_pdf_mb": round(len(combined) / 1e6, 1),
        "mean_letter_kb": round(total_bytes / count / 1e3, 1),
        "chunk_size": args.chunk_size,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
    print(json.dumps(record), flush=True)

    if args.pdfa:
        started = time.perf_counter()
        for _ in render_batch(
            layout, BODY, contexts(args.pdfa, seed=2), pdf_standard="a-2b", timestamp=0
        ):
            pass
        seconds = time.perf_counter() - started
        print(
            json.dumps(
                {
                    "bench": "letters_render_pdfa",
                    "letters": args.pdfa,
                    "seconds": round(seconds, 3),
                    "letters_per_s": round(args.pdfa / seconds, 1),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
