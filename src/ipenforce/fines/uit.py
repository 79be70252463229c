"""UIT: the tax unit that converts soles to UIT and back.

DS 032-2021-PCM expresses base fines and fines in UIT. The UIT of the calendar year of the
resolution converts β (soles) to UIT and the final fine back to soles (indicative; the fine is owed
in UIT). The value for each year is set by supreme decree of the Ministry of Economy and Finance
(``parameters/uit.yaml``); a year with no value is an error, not a guess."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ipenforce.fines.errors import MissingParameterError
from ipenforce.fines.params import DatedValue, ParameterSet
from ipenforce.fines.rounding import div, half_up, mul

NAME = "uit"


def uit_for_year(params: ParameterSet, year: int) -> DatedValue:
    """The UIT of calendar ``year``; :class:`MissingParameterError` if that year has no value."""
    missing = MissingParameterError(
        NAME,
        f"missing parameter uit for year {year} (parameters/uit.yaml has no value for {year})",
        f"falta el parámetro uit del año {year} (parameters/uit.yaml no tiene valor para {year})",
    )
    try:
        value = params.at(NAME, dt.date(year, 12, 31))
    except MissingParameterError:
        raise missing from None
    if value.in_force_from.year != year:
        raise missing
    return value


def pen_to_uit(amount_pen: Decimal, uit_pen: Decimal) -> Decimal:
    """Soles to UIT, not rounded."""
    return div(amount_pen, uit_pen)


def uit_to_pen(amount_uit: Decimal, uit_pen: Decimal) -> Decimal:
    """UIT to soles, rounded half-up to 2 decimals (céntimos)."""
    return half_up(mul(amount_uit, uit_pen), 2)
