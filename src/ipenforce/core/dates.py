"""Dates in words as Spanish documents write them (``7 de octubre de 2024``).

Letters and memos are Spanish documents whatever the reader's language, so the month names are
fixed here rather than taken from the active translation.
"""

from __future__ import annotations

import datetime as dt

MONTHS_ES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def spanish_date(value: dt.date | str) -> str:
    """``7 de octubre de 2024`` (a date or an ISO date string)."""
    d = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{d.day} de {MONTHS_ES[d.month - 1]} de {d.year}"
