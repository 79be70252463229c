"""Caps on the fine.

DS 032-2021-PCM: the fine may not exceed the legal maximum of the deciding body.

fine = min(m × F, legal maximum of the body, share of annual sales where the body's law sets one).
Legal maxima: copyright 180 UIT (Legislative Decree 822); distinctive signs and inventions 150 UIT
(Legislative Decree 1075). No sales-share cap of the intellectual-property bodies is confirmed, so
none is applied unless ``bodies.yaml`` names a parameter for it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

LEGAL_MAXIMUM = "legal_maximum"
SALES_SHARE_CAP = "sales_share_cap"


@dataclass(frozen=True, slots=True)
class Capped:
    fine_uit: Decimal
    capped_by: str | None  # None, "legal_maximum" or "sales_share_cap"


def apply_caps(
    fine_before_cap_uit: Decimal, legal_max_uit: Decimal, sales_cap_uit: Decimal | None = None
) -> Capped:
    """The least of the fine and the caps.

    ``capped_by`` names the bound that applied (ties: the legal
    maximum), or is None when the fine is within every bound."""
    fine, capped_by = fine_before_cap_uit, None
    if fine > legal_max_uit:
        fine, capped_by = legal_max_uit, LEGAL_MAXIMUM
    if sales_cap_uit is not None and fine > sales_cap_uit:
        fine, capped_by = sales_cap_uit, SALES_SHARE_CAP
    return Capped(fine, capped_by)
