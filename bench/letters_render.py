"""Benchmark: render 10,000 one-page letters, one PDF per firm, plus the combined print PDF.

    uv run python bench/letters_render.py [--letters 10000] [--chunk-size 100] [--pdfa 200]

Prints JSON lines. The per-letter figure includes SHA-256 of every PDF (as issuing does).
``letters_per_s`` is wall-clock for one worker process (Typst uses every free core for page
layout); ``letters_per_cpu_s`` divides by CPU time instead, which is what to compare when the
machine is shared (see ``load_avg_1m``).
"""

from __future__ import annotations

import argparse
import json
import os
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

BODY = "\n\n".join(
    [
        "Estimados señores de **{{ firma.razon_social }}**:",
        "La Dirección de Derecho de Autor del INDECOPI les recuerda que la reproducción, "
        "distribución y uso de programas de ordenador, música y obras audiovisuales en su "
        "establecimiento requiere la *autorización previa* de los titulares de derechos, "
        "conforme al Decreto Legislativo N.° 822.",
        "## ¿Qué debe hacer?",
        "- Verificar que cuenta con las licencias de uso de todo el software instalado.\n"
        "- Responder esta carta indicando el código **{{ codigo_respuesta }}**.\n"
        "- Ingresar a {{ url_respuesta }} y adjuntar sus comprobantes de compra.",
        "Si ya cuenta con las licencias, le agradecemos su compromiso con la cultura y la "
        "creatividad. Esta comunicación es informativa y no constituye el inicio de un "
        "procedimiento sancionador.",
    ]
)

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


def _cpu() -> float:
    """CPU seconds of this process, all threads (Typst lays out pages in parallel)."""
    times = os.times()
    return times.user + times.system


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--chunk-size", type=int, default=100)
    parser.add_argument("--pdfa", type=int, default=0, help="also time N PDF/A-2b letters")
    parser.add_argument(
        "--baseline",
        type=int,
        default=0,
        help="also time N letters the naive way (typst.compile per letter), same conditions",
    )
    args = parser.parse_args()
    layout = LetterLayout()

    # Warm-up: font loading and the Typst cache, as a long-running worker would have them.
    for _ in render_batch(layout, BODY, contexts(10, seed=1), timestamp=0):
        pass

    started = time.perf_counter()
    cpu_started = _cpu()
    count = total_bytes = 0
    digests = set()
    for _key, pdf in render_batch(
        layout, BODY, contexts(args.letters), timestamp=0, chunk_size=args.chunk_size
    ):
        count += 1
        total_bytes += len(pdf)
        digests.add(sha256_hex(pdf))
    seconds = time.perf_counter() - started
    cpu_seconds = _cpu() - cpu_started
    assert count == args.letters and len(digests) == count

    started = time.perf_counter()
    # Other firms than above, so no layout is reused from Typst's cache.
    others = (context for _, context in contexts(args.letters, seed=823))
    combined = render_combined(layout, BODY, others, timestamp=0)
    combined_s = time.perf_counter() - started

    record: dict[str, Any] = {
        "bench": "letters_render",
        "letters": count,
        "seconds": round(seconds, 3),
        "letters_per_s": round(count / seconds, 1),
        "cpu_seconds": round(cpu_seconds, 3),
        "letters_per_cpu_s": round(count / cpu_seconds, 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "cores": os.cpu_count(),
        "combined_pdf_s": round(combined_s, 3),
        "combined_pdf_mb": round(len(combined) / 1e6, 1),
        "mean_letter_kb": round(total_bytes / count / 1e3, 1),
        "chunk_size": args.chunk_size,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
    print(json.dumps(record), flush=True)

    if args.baseline:
        print(json.dumps(baseline(layout, args.baseline)), flush=True)

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


def baseline(layout: LetterLayout, count: int) -> dict[str, Any]:
    """The reference method: a fresh ``typst.compile`` per letter, no splitting."""
    import typst

    from ipenforce.documents.render.layout import build_letter_source
    from ipenforce.documents.render.markup import flatten_for

    letter = build_letter_source(layout, BODY)
    started = time.perf_counter()
    cpu_started = _cpu()
    for _key, context in contexts(count, seed=3):
        data = json.dumps([flatten_for(letter.fields, context)], ensure_ascii=False)
        typst.compile(letter.source, sys_inputs={"ipe-letters": data}, timestamp=0)
    seconds = time.perf_counter() - started
    return {
        "bench": "letters_render_baseline",
        "method": "typst.compile per letter",
        "letters": count,
        "seconds": round(seconds, 3),
        "letters_per_s": round(count / seconds, 1),
        "letters_per_cpu_s": round(count / (_cpu() - cpu_started), 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


if __name__ == "__main__":
    main()
