"""Size of the infringer, for the pre-established values of DS 032-2021-PCM.

The pre-established matrix depends on the infringer's size (micro-enterprise or individual, small,
medium, large). When the officer does not state it, it is derived from the annual sales converted to
UIT of the resolution year, with the thresholds of article 5 of the TUO of the Law for the Promotion
of Productive Development (DS 013-2013-PRODUCE): micro ≤ 150 UIT; small > 150 and ≤ 1,700; medium >
1,700 and ≤ 2,300; large above (``parameters/firm_size_thresholds.yaml``)."""

from __future__ import annotations

from decimal import Decimal

from ipenforce.fines.params import DatedValue

SIZES: tuple[str, ...] = ("micro", "small", "medium", "large")

SIZE_LABELS_ES: dict[str, str] = {
    "micro": "Microempresa o persona natural",
    "small": "Pequeña empresa",
    "medium": "Mediana empresa",
    "large": "Gran empresa",
}
SIZE_LABELS_EN: dict[str, str] = {
    "micro": "Micro-enterprise or individual",
    "small": "Small enterprise",
    "medium": "Medium enterprise",
    "large": "Large enterprise",
}


def size_from_sales(sales_uit: Decimal, thresholds: DatedValue) -> str:
    """The size for annual sales of ``sales_uit`` UIT (boundaries belong to the smaller size)."""
    if sales_uit <= thresholds.row("micro_max").number():
        return "micro"
    if sales_uit <= thresholds.row("small_max").number():
        return "small"
    if sales_uit <= thresholds.row("medium_max").number():
        return "medium"
    return "large"
