"""Choosing the firms of a campaign: filters over `parties.Firm` and the exclusions that keep a
letter from reaching a firm that should not get one.

Exclusions (each can be switched off by the analyst):

* firms already licensed: a `LicencePurchase` reported by a rights holder is linked to the firm;
* firms contacted in a chosen period: a `Dispatch` to a target of that firm, in any campaign,
  with `sent_on` inside the period;
* firms under an open case: `firms_under_open_case()` (the cases app has no model yet, so it
  returns an empty set; when it lands, return the ids of firms with an open inspection or
  sanctioning proceeding there and nothing else changes);
* firms already in this campaign (the model also forbids the same firm twice) and firms merged
  into another record (their survivor is the one to write to).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from ipenforce.campaigns.models import Campaign, Dispatch, LicencePurchase, Target
from ipenforce.parties.models import Firm


@dataclass(frozen=True)
class TargetFilters:
    departments: tuple[str, ...] = ()
    """Department ubigeo codes (2 digits)."""
    provinces: tuple[str, ...] = ()
    """Province ubigeo codes (4 digits)."""
    sizes: tuple[str, ...] = ()
    sunat_states: tuple[str, ...] = ()
    text: str = ""
    """Part of the RUC, legal name or trade name."""
    exclude_licensed: bool = True
    exclude_open_cases: bool = True
    contacted_from: dt.date | None = None
    contacted_to: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("contacted_from", "contacted_to"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        for key in ("departments", "provinces", "sizes", "sunat_states"):
            data[key] = list(data[key])
        return data


def firms_under_open_case() -> set[int]:
    """Ids of firms with an open case. Hook for the cases app: empty until its models exist."""
    return set()


def licensed_firm_ids() -> QuerySet[LicencePurchase, int]:
    return LicencePurchase.objects.filter(firm__isnull=False).values_list("firm_id", flat=True)


def contacted_firm_ids(start: dt.date | None, end: dt.date | None) -> QuerySet[Dispatch, int]:
    dispatches = Dispatch.objects.filter(target__firm__isnull=False)
    if start:
        dispatches = dispatches.filter(sent_on__gte=start)
    if end:
        dispatches = dispatches.filter(sent_on__lte=end)
    return dispatches.values_list("target__firm_id", flat=True)


def eligible_firms(campaign: Campaign, filters: TargetFilters) -> QuerySet[Firm]:
    """Firms that match the filters and none of the exclusions, not yet in the campaign."""
    firms = Firm.objects.filter(merged_into__isnull=True)
    if filters.departments:
        firms = firms.filter(district__province__department_id__in=filters.departments)
    if filters.provinces:
        firms = firms.filter(district__province_id__in=filters.provinces)
    if filters.sizes:
        firms = firms.filter(size__in=filters.sizes)
    if filters.sunat_states:
        firms = firms.filter(sunat_state__in=filters.sunat_states)
    text = filters.text.strip()
    if text:
        firms = firms.filter(
            Q(ruc__startswith=text) | Q(legal_name__icontains=text) | Q(trade_name__icontains=text)
        )
    firms = firms.exclude(
        pk__in=Target.objects.filter(campaign=campaign, firm__isnull=False).values("firm_id")
    )
    if filters.exclude_licensed:
        firms = firms.exclude(pk__in=licensed_firm_ids())
    if filters.contacted_from or filters.contacted_to:
        firms = firms.exclude(
            pk__in=contacted_firm_ids(filters.contacted_from, filters.contacted_to)
        )
    if filters.exclude_open_cases:
        open_cases = firms_under_open_case()
        if open_cases:
            firms = firms.exclude(pk__in=open_cases)
    return firms.order_by("pk")


def sunat_states() -> list[str]:
    return sorted(
        s
        for s in Firm.objects.exclude(sunat_state="")
        .values_list("sunat_state", flat=True)
        .distinct()
        if s
    )
