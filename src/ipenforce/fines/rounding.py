"""Decimal arithmetic of the decree's method.

DS 032-2021-PCM gives the base fine and the fine in UIT; INDECOPI's own calculator rounds m, m × F
and the final fine half-up to 2 decimals of a UIT and F to 3 decimals (see ``docs/fines.md``). All
arithmetic is ``decimal.Decimal`` in a fixed context, so the same input gives the same output
everywhere."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

#: The context for every division and multiplication of the engine (34 significant digits, half-up).
CONTEXT = Context(prec=34, rounding=ROUND_HALF_UP)

_QUANTA = {n: Decimal(1).scaleb(-n) for n in range(0, 13)}


def half_up(value: Decimal, places: int) -> Decimal:
    """Round ``value`` half-up to ``places`` decimals (``half_up(Decimal("2.345"), 2) == 2.35``)."""
    return value.quantize(_QUANTA[places], rounding=ROUND_HALF_UP, context=CONTEXT)


def div(a: Decimal, b: Decimal) -> Decimal:
    return CONTEXT.divide(a, b)


def mul(a: Decimal, b: Decimal) -> Decimal:
    return CONTEXT.multiply(a, b)


def to_decimal(value: int | float | Decimal | str) -> Decimal:
    """Exact decimal for a number from JSON or YAML (floats go through their shortest text form)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def plain(value: Decimal) -> str:
    """Text of a decimal without exponent (``Decimal("1E+2")`` → ``"100"``)."""
    return f"{value:f}"
