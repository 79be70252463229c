"""Queries for the list pages and the review queue."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ipenforce.parties.models import Firm
from ipenforce.parties.models_lists import (
    ListImport,
    ReviewItem,
    ReviewStatus,
    RightsHolder,
)

SEES_ALL = "parties.view_all_listimport"


def rights_holders_of(user: Any) -> QuerySet[RightsHolder]:
    return RightsHolder.objects.filter(users=user)


def imports_for(user: Any) -> QuerySet[ListImport]:
    """The imports a user may see: all for staff, their rights holder's for partners."""
    imports = ListImport.objects.select_related("rights_holder", "uploaded_by").defer("data")
    if user.has_perm(SEES_ALL):
        return imports
    return imports.filter(rights_holder__users=user)


def review_queue(
    status: str = ReviewStatus.PENDING, list_import: int | None = None
) -> QuerySet[ReviewItem]:
    items = ReviewItem.objects.select_related(
        "row__list_import__rights_holder", "best_firm", "chosen_firm", "decided_by"
    ).filter(status=status)
    if list_import:
        items = items.filter(row__list_import_id=list_import)
    return (
        items.order_by("-match_probability", "id")
        if status == ReviewStatus.PENDING
        else items.order_by("-decided_at")
    )


def candidates_with_firms(item: ReviewItem) -> list[dict[str, Any]]:
    """The item's candidates (best first) with their firm objects and evidence rows."""
    firms = Firm.objects.select_related("district__province__department", "merged_into").in_bulk(
        [c["firm_id"] for c in item.candidates]
    )
    result = []
    for candidate in item.candidates:
        firm = firms.get(candidate["firm_id"])
        if firm is None:
            continue
        result.append(
            {
                **candidate,
                "firm": firm,
                "percent": round(100 * candidate["match_probability"], 1),
                "total_weight": candidate["match_weight"],
            }
        )
    return result
