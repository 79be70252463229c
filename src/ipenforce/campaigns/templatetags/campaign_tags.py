"""`{% firm_campaigns firm %}`: the campaigns section of a firm's page."""

from __future__ import annotations

from typing import Any

from django import template

from ipenforce.campaigns.analytics.checks import fmt_number
from ipenforce.campaigns.charts import format_p
from ipenforce.campaigns.selectors import firm_campaigns as select_firm_campaigns

register = template.Library()


@register.inclusion_tag("campaigns/_firm_campaigns.html", takes_context=True)
def firm_campaigns(context: dict[str, Any], firm: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = bool(user is not None and user.has_perm("campaigns.view_campaign"))
    can_report = bool(
        allowed and user is not None and user.has_perm("campaigns.view_impact_report")
    )
    return {
        "firm": firm,
        "allowed": allowed,
        "can_report": can_report,
        "rows": select_firm_campaigns(firm) if allowed else [],
    }


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """0.1234 -> '12.3 %' ('—' for None)."""
    if value is None or value == "":
        return "—"
    return f"{100 * float(value):.{int(digits)}f}\u00a0%"


@register.filter
def points(value: Any) -> str:
    """0.0345 -> '+3.5 pp' (percentage points; '—' for None)."""
    if value is None or value == "":
        return "—"
    return f"{100 * float(value):+.1f}\u00a0pp"


@register.filter
def number(value: Any) -> str:
    """1234567.5 -> '1,234,567.5' ('—' for None)."""
    if value is None or value == "":
        return "—"
    return fmt_number(float(value))


@register.filter
def pvalue(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return format_p(float(value))
