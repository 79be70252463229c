"""Queries of the cases app."""

from __future__ import annotations

from django.db.models import QuerySet

from ipenforce.cases.models import FineCalculation


def latest_calculations(query: str = "") -> QuerySet[FineCalculation]:
    """The latest version of each case file's calculation, newest first, optionally filtered."""
    qs = FineCalculation.objects.latest_versions().select_related("firm", "created_by")
    query = query.strip()
    if query:
        qs = qs.filter(case_reference__icontains=query) | qs.filter(
            firm__legal_name__icontains=query
        )
    return qs.order_by("-created_at", "-id")


def versions_of(calc: FineCalculation) -> QuerySet[FineCalculation]:
    return calc.versions().select_related("created_by", "memo")
