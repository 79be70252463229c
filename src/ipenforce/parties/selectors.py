from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from ipenforce.parties.models import Firm


def firm_counts() -> dict[str, Any]:
    active = Firm.objects.filter(merged_into__isnull=True)
    by_department = list(
        active.exclude(district__isnull=True)
        .values("district__province__department__name")
        .annotate(n=Count("id"))
        .order_by("-n")[:10]
    )
    return {"total": active.count(), "by_department": by_department}


def search_firms(query: str = "", department: str = "") -> QuerySet[Firm]:
    firms = Firm.objects.filter(merged_into__isnull=True).select_related(
        "district__province__department"
    )
    query = query.strip()
    if query:
        firms = firms.filter(
            Q(ruc__startswith=query)
            | Q(legal_name__icontains=query)
            | Q(trade_name__icontains=query)
        )
    if department:
        firms = firms.filter(district__code__startswith=department)
    return firms.order_by("legal_name")
