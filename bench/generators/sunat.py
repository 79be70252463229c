"""Synthetic padrón reducido RUC files, shaped like the one SUNAT publishes.

ISO-8859-1, ``|``-separated with a trailing ``|``, ``-`` for empty fields, real ubigeo codes from
core/data/ubigeo.csv (a few ``-`` and a few unknown codes), Spanish names with accents and Ñ,
states and conditions in realistic proportions, and about 0.3 % rows with a wrong check digit
plus a few repeated RUCs, which the import must reject.

Row ``i`` depends only on ``seed`` and ``i``, so a file generated with ``--changes 0.05`` is the
same register with about 5 % of the taxpayers changed (state, condition, address or name) and
``--extra`` new taxpayers at the end.

    python -m bench.generators.sunat 2000000 --out bench/out/padron.txt [--changes 0.05]
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

HEADER = (
    "RUC|NOMBRE O RAZÓN SOCIAL|ESTADO DEL CONTRIBUYENTE|CONDICIÓN DE DOMICILIO|UBIGEO|"
    "TIPO DE VÍA|NOMBRE DE VÍA|CÓDIGO DE ZONA|TIPO DE ZONA|NÚMERO|INTERIOR|LOTE|DEPARTAMENTO|"
    "MANZANA|KILÓMETRO|"
)
UBIGEO_CSV = Path(__file__).resolve().parents[2] / "src/ipenforce/core/data/ubigeo.csv"
WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

FIRST = [
    "INVERSIONES",
    "COMERCIAL",
    "DISTRIBUIDORA",
    "CORPORACIÓN",
    "GRUPO",
    "SERVICIOS GENERALES",
    "CONSTRUCTORA",
    "IMPORTACIONES",
    "TECNOLOGÍA",
    "LIBRERÍA",
    "FARMACIA",
    "FERRETERÍA",
    "PANIFICADORA",
    "TRANSPORTES",
    "AGROINDUSTRIAS",
    "MULTISERVICIOS",
    "RESTAURANT",
    "BOTICA",
]
CORES = [
    "SAN MARTÍN",
    "LOS ANDES",
    "EL SOL",
    "SANTA ROSA",
    "PACÍFICO",
    "MISTI",
    "IBÁÑEZ",
    "NÚÑEZ",
    "PEÑA",
    "MUÑOZ",
    "QUISPE",
    "MAMANI",
    "HUAMÁN",
    "CÁCERES",
    "GÁLVEZ",
    "ÑAHUI",
    "CHAVÍN",
    "TÚPAC AMARU",
    "VALLE SAGRADO",
    "AMAZONÍA",
    "SEÑOR DE MURUHUAY",
    "JESÚS MARÍA",
]
TAILS = ["S.A.C.", "E.I.R.L.", "S.R.L.", "S.A.", "SOCIEDAD ANONIMA CERRADA"]
GIVEN = ["JOSÉ", "MARÍA", "JUAN", "ROSA", "LUIS", "CARMEN", "JESÚS", "ANA", "VÍCTOR", "NOEMÍ"]
SURNAMES = ["QUISPE", "MAMANI", "HUAMÁN", "PEÑA", "NÚÑEZ", "GARCÍA", "FLORES", "RAMÍREZ", "CCAMA"]
STATES = [
    ("ACTIVO", 70),
    ("BAJA DE OFICIO", 14),
    ("BAJA DEFINITIVA", 10),
    ("SUSPENSION TEMPORAL", 4),
    ("BAJA PROV. POR OFICIO", 2),
]
CONDITIONS = [("HABIDO", 76), ("NO HABIDO", 14), ("NO HALLADO", 8), ("PENDIENTE", 2)]
VIAS = ["AV.", "CAL.", "JR.", "PSJ.", "CAR.", "-", "-"]
VIA_NAMES = [
    "JAVIER PRADO ESTE",
    "LOS PRÓCERES",
    "28 DE JULIO",
    "GRAU",
    "BOLOGNESI",
    "SAN MARTÍN",
    "LA MARINA",
    "UNIÓN",
    "LOS ÁLAMOS",
    "PROLONGACIÓN IQUITOS",
    "ÑAÑA",
    "SANTA ROSA",
]
ZONES = ["URB.", "A.H.", "P.J.", "COO.", "-", "-", "-"]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _check(body: str) -> str:
    return str((11 - sum(w * int(n) for w, n in zip(WEIGHTS, body, strict=True)) % 11) % 10)


def load_ubigeos() -> list[str]:
    with UBIGEO_CSV.open(encoding="utf-8") as fh:
        return [row["ubigeo"] for row in csv.DictReader(fh)]


def _dash(value: str) -> str:
    return value or "-"


def make_row(i: int, rng: random.Random, ubigeos: list[str]) -> list[str]:
    body10 = ("20" if rng.random() < 0.55 else "10") + f"{(i * 7919 + 12345) % 10**8:08d}"
    ruc = body10 + _check(body10)
    if rng.random() < 0.003:  # a wrong check digit, as in any large list
        ruc = body10 + str((int(ruc[-1]) + 1) % 10)
    if ruc.startswith("20"):
        name = f"{rng.choice(FIRST)} {rng.choice(CORES)} {rng.choice(TAILS)}"
    else:
        name = f"{rng.choice(SURNAMES)} {rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
    r = rng.random()
    ubigeo = "-" if r < 0.02 else ("999999" if r < 0.021 else rng.choice(ubigeos))
    via = rng.choice(VIAS)
    zone = rng.choice(ZONES)
    return [
        ruc,
        name,
        _pick(rng, STATES),
        _pick(rng, CONDITIONS),
        ubigeo,
        via,
        rng.choice(VIA_NAMES) if via != "-" else "-",
        zone,
        f"{rng.choice(CORES)}" if zone != "-" else "-",
        str(rng.randint(1, 3000)) if rng.random() < 0.7 else "-",
        _dash(str(rng.randint(1, 20)) if rng.random() < 0.2 else ""),
        _dash(str(rng.randint(1, 40)) if rng.random() < 0.25 else ""),
        _dash(str(rng.randint(101, 905)) if rng.random() < 0.05 else ""),
        _dash(rng.choice("ABCDEFGHJK") if rng.random() < 0.25 else ""),
        _dash(f"{rng.randint(1, 900)}.5" if rng.random() < 0.01 else ""),
    ]


def change_row(row: list[str], rng: random.Random) -> list[str]:
    row = list(row)
    what = rng.random()
    if what < 0.4:
        row[2] = _pick(rng, [(s, w) for s, w in STATES if s != row[2]])
    elif what < 0.7:
        row[3] = _pick(rng, [(c, w) for c, w in CONDITIONS if c != row[3]])
    elif what < 0.9:
        row[6] = rng.choice(VIA_NAMES) + " " + str(rng.randint(1, 9))
        row[5] = "AV."
    else:
        row[1] = row[1] + " EN LIQUIDACIÓN"
    return row


def generate(
    path: Path,
    rows: int,
    *,
    seed: int = 1,
    changes: float = 0.0,
    extra: int = 0,
    duplicates: int = 0,
    newline: str = "\n",
) -> None:
    """Write a padrón file of `rows` taxpayers (+ `extra`), `changes` of them modified."""
    ubigeos = load_ubigeos()
    change_rng = random.Random(seed * 7 + 3)
    out_lines: list[str] = []
    with path.open("w", encoding="iso-8859-1", newline="") as fh:
        fh.write(HEADER + newline)
        repeated: list[str] = []
        for i in range(rows + extra):
            rng = random.Random(seed * 1_000_003 + i)
            row = make_row(i, rng, ubigeos)
            if changes and i < rows and change_rng.random() < changes:
                row = change_row(row, change_rng)
            line = "|".join(row) + "|"
            if duplicates and len(repeated) < duplicates and i % 997 == 5:
                repeated.append(line)
            out_lines.append(line)
            if len(out_lines) >= 10_000:
                fh.write(newline.join(out_lines) + newline)
                out_lines.clear()
        out_lines.extend(repeated)
        if out_lines:
            fh.write(newline.join(out_lines) + newline)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--changes", type=float, default=0.0)
    parser.add_argument("--extra", type=int, default=0)
    parser.add_argument("--duplicates", type=int, default=0)
    parser.add_argument("--crlf", action="store_true")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    generate(
        args.out,
        args.rows,
        seed=args.seed,
        changes=args.changes,
        extra=args.extra,
        duplicates=args.duplicates,
        newline="\r\n" if args.crlf else "\n",
    )


if __name__ == "__main__":
    main()
