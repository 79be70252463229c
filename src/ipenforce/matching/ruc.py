"""RUC (Registro Único de Contribuyentes) cleaning and validation.

A RUC is 11 digits: a prefix (10 person, 15/17 other, 20 company), 8 digits and a check digit
(modulo 11, see ``stdnum.pe.ruc``). A RUC whose check digit is wrong is a typo somewhere: it is
not evidence for or against a match, so it is treated as missing.
"""

from __future__ import annotations

import re

import polars as pl
from stdnum.pe import ruc as _stdnum_ruc

_EXCEL_FLOAT = re.compile(r"\.0+$")
_NON_DIGIT = re.compile(r"\D")


def clean_ruc(value: str | None) -> str | None:
    """Digits only (spaces, dots, dashes, a leading apostrophe or an Excel ``.0`` removed)."""
    if value is None:
        return None
    digits = _NON_DIGIT.sub("", _EXCEL_FLOAT.sub("", value.strip()))
    return digits or None


def is_valid_ruc(value: str | None) -> bool:
    """True when the cleaned value is a RUC with a correct check digit."""
    cleaned = clean_ruc(value)
    return cleaned is not None and bool(_stdnum_ruc.is_valid(cleaned))


def valid_ruc(value: str | None) -> str | None:
    """The cleaned RUC when it is valid, else None (a bad RUC is not evidence)."""
    cleaned = clean_ruc(value)
    return cleaned if cleaned is not None and _stdnum_ruc.is_valid(cleaned) else None


def valid_ruc_column(col: pl.Expr, alias: str = "ruc_valid") -> pl.Expr:
    """Polars version of :func:`valid_ruc`: digits only, then null unless the check digit holds.

    The check (length 11, known prefix, modulo-11 digit) is the one in ``stdnum.pe.ruc``; a
    property test compares the two on random numbers."""
    digits = col.cast(pl.String).str.strip_chars().str.replace(r"\.0+$", "")
    digits = digits.str.replace_all(r"\D", "")
    weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    total = pl.sum_horizontal(
        [digits.str.slice(i, 1).cast(pl.Int32, strict=False) * w for i, w in enumerate(weights)]
    )
    check = ((11 - total % 11) % 10).cast(pl.String)
    ok = (
        (digits.str.len_chars() == 11)
        & digits.str.slice(0, 2).is_in(["10", "15", "17", "20"])
        & (digits.str.slice(10, 1) == check)
    )
    return pl.when(ok).then(digits).otherwise(None).alias(alias)
