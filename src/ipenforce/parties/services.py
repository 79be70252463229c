"""State changes of firms. Each runs in one transaction and writes an audit entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ipenforce.core import audit
from ipenforce.parties.models import Firm

EDITABLE_FIELDS = (
    "ruc",
    "legal_name",
    "trade_name",
    "address",
    "district",
    "size",
    "email",
    "phone",
)


@transaction.atomic
def create_firm(*, actor: Any, **fields: Any) -> Firm:
    firm = Firm(**fields)
    if firm.ruc == "":
        firm.ruc = None
    firm.full_clean()
    firm.save()
    audit.record(actor=actor, action="firm.create", obj=firm, after=audit.snapshot(firm))
    return firm


@transaction.atomic
def update_firm(firm: Firm, *, actor: Any, **changes: Any) -> Firm:
    firm = Firm.objects.select_for_update().get(pk=firm.pk)
    before = audit.snapshot(firm)
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"field {name!r} cannot be edited here")
        setattr(firm, name, value)
    if firm.ruc == "":
        firm.ruc = None
    firm.full_clean()
    firm.save()
    after = audit.snapshot(firm)
    if audit.diff(before, after):
        audit.record(actor=actor, action="firm.update", obj=firm, before=before, after=after)
    return firm
