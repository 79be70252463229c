"""Input records as a Polars frame with the normalised columns the model compares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from ipenforce.matching.normalise import (
    add_address_columns,
    add_name_columns,
    corrected_district_column,
    department_column,
    district_column,
)
from ipenforce.matching.ruc import valid_ruc_column

INPUT_COLUMNS = ["record_id", "name", "ruc", "address", "district", "department"]


def to_frame(records: Iterable[Mapping[str, object]]) -> pl.DataFrame:
    """Dict records (missing fields allowed) -> a frame with the input columns as strings."""
    rows = [
        {c: (None if r.get(c) is None else str(r.get(c))) for c in INPUT_COLUMNS} for r in records
    ]
    return pl.DataFrame(rows, schema=dict.fromkeys(INPUT_COLUMNS, pl.String))


def prepare(df: pl.DataFrame) -> pl.DataFrame:
    """Add ``idx`` (row number) and the normalised columns; input columns are kept.

    Missing optional columns (ruc, address, district, department) are treated as empty."""
    for c in INPUT_COLUMNS:
        if c not in df.columns:
            df = df.with_columns(pl.lit(None, dtype=pl.String).alias(c))
    lf = df.lazy().with_row_index("idx")
    lf = add_address_columns(add_name_columns(lf))
    lf = lf.with_columns(
        district_column(pl.col("district")),
        department_column(pl.col("department")),
        valid_ruc_column(pl.col("ruc")),
    )
    return lf.with_columns(
        corrected_district_column(pl.col("district_norm"), pl.col("department_norm"))
    ).collect()
