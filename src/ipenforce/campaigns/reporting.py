"""The impact report of a stored campaign: the analytics dataclasses built from the database.

Speed matters (a 100,000-target campaign must report in under 2 s including the reads, see
`bench/campaign_report_db.py`): each table is read once, the three big ones (targets, dispatch,
responses) with one raw SELECT each into plain named tuples carrying only the attributes
`analytics.compute_impact` reads (the frozen dataclasses cost more to build than the report
itself); the licence rows (fewer) go through `values_list`, keeping Django's exact Decimal
conversion. Targets are identified by their primary key (as text), so dispatch, responses and
purchases need no lookup of the bundle's target_id. A test compares the stored campaign's
report with the analytics computed on the bundle folder: equal, key for key.

Purchases counted for a campaign: those linked to one of its targets (whatever report they came
in), plus the unlinked rows of the campaign's own licence reports (they are counted apart as
"not targets" by the analytics).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, cast

from django.db import connection

from ipenforce.campaigns import analytics as an
from ipenforce.campaigns.models import Arm, Campaign, Dispatch, LicencePurchase, Response, Target


@dataclass(frozen=True)
class CampaignData:
    campaign: an.Campaign
    targets: list[an.Target]
    dispatch: list[an.Dispatch]
    responses: list[an.Response]
    licences: list[an.LinkedLicence]
    assignment: an.AssignmentRecord | None


def analytics_campaign(campaign: Campaign) -> an.Campaign:
    letter_arms = campaign.target_filters.get("letter_arms") or campaign.assignment_record.get(
        "letter_arms"
    )
    return an.Campaign(
        name=campaign.name,
        start_date=campaign.start_date,
        outcome_window_days=campaign.outcome_window_days,
        avg_pcs_per_firm=float(campaign.avg_pcs_per_firm),
        avg_licence_value_usd=float(campaign.avg_licence_value_usd),
        stated={str(k): float(v) for k, v in (campaign.stated or {}).items()},
        programme=campaign.programme_name or None,
        programme_stated={str(k): float(v) for k, v in (campaign.programme_stated or {}).items()},
        assignment_seed=campaign.assignment_seed,
        letter_arms=tuple(letter_arms or ("letter",)),
        control_share=float(campaign.control_share),
    )


def assignment_record(campaign: Campaign) -> an.AssignmentRecord | None:
    """The stored record of an assignment the platform made (None when the bundle gave arms)."""
    data = campaign.assignment_record or {}
    if "seed" not in data or "method" not in data:
        return None
    from ipenforce.campaigns.analytics.assignment import StratumCount

    return an.AssignmentRecord(
        seed=int(data["seed"]),
        method=str(data["method"]),
        control_share=float(data.get("control_share", 0)),
        letter_arms=tuple(data.get("letter_arms", ())),
        arm_counts=dict(data.get("arm_counts", {})),
        strata=tuple(
            StratumCount(s["department"], s["size"], int(s["targets"]), dict(s["arms"]))
            for s in data.get("strata", [])
        ),
    )


class _TargetRow(NamedTuple):
    """The attributes of `an.Target` that `compute_impact` reads (a tuple is several times cheaper
    to build than the frozen dataclass; 100,000 of them per report)."""

    target_id: str
    department: str
    arm: str


class _DispatchRow(NamedTuple):
    target_id: str
    sent_on: date
    channel: str
    status: str


class _ResponseRow(NamedTuple):
    target_id: str
    responded_on: date
    kind: str


def _fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_date(value: Any) -> date:
    """SQLite hands dates back as ISO text (raw cursor), PostgreSQL as dates."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def campaign_data(campaign: Campaign) -> CampaignData:
    """Everything `compute_impact` needs, read from the database as plain tuples (raw SQL on the
    three big tables: Django's per-row conversions would cost more than the report itself)."""
    q = connection.ops.quote_name
    target_t, dispatch_t, response_t = (q(m._meta.db_table) for m in (Target, Dispatch, Response))
    arm_name = dict(Arm.objects.filter(campaign=campaign).values_list("pk", "name"))
    targets = [
        _TargetRow(str(pk), department, arm_name[arm_id])
        for pk, arm_id, department in _fetch(
            f"SELECT id, arm_id, department FROM {target_t} WHERE campaign_id = %s",  # noqa: S608
            [campaign.pk],
        )
    ]
    dispatch = [
        _DispatchRow(str(target_id), _as_date(sent_on), channel, status)
        for target_id, sent_on, channel, status in _fetch(
            f"SELECT d.target_id, d.sent_on, d.channel, d.status FROM {dispatch_t} d "  # noqa: S608
            f"JOIN {target_t} t ON t.id = d.target_id WHERE t.campaign_id = %s",
            [campaign.pk],
        )
    ]
    responses = [
        _ResponseRow(str(target_id), _as_date(responded_on), kind)
        for target_id, responded_on, kind in _fetch(
            f"SELECT r.target_id, r.responded_on, r.kind FROM {response_t} r "  # noqa: S608
            f"JOIN {target_t} t ON t.id = r.target_id WHERE t.campaign_id = %s",
            [campaign.pk],
        )
    ]
    columns = ("target_id", "rights_holder", "ruc", "purchased_on", "seats", "amount_usd", "line")
    rows = list(
        LicencePurchase.objects.filter(target__campaign=campaign).order_by().values_list(*columns)
    )
    rows += list(
        LicencePurchase.objects.filter(report__campaign=campaign, target__isnull=True)
        .order_by()
        .values_list(*columns)
    )
    rows.sort(key=lambda r: r[6])
    licences = [
        an.LinkedLicence(
            an.Licence(holder, ruc, "", "", "", "", day, seats, Decimal(amount), line),
            None if target_id is None else str(target_id),
        )
        for target_id, holder, ruc, day, seats, amount, line in rows
    ]
    return CampaignData(
        analytics_campaign(campaign),
        cast(list[an.Target], targets),
        cast(list[an.Dispatch], dispatch),
        cast(list[an.Response], responses),
        licences,
        assignment_record(campaign),
    )


def impact_report(campaign: Campaign) -> an.ImpactReport:
    data = campaign_data(campaign)
    return an.compute_impact(
        data.campaign,
        data.targets,
        data.dispatch,
        data.responses,
        data.licences,
        assignment=data.assignment,
    )


def programme_names() -> list[str]:
    return sorted(
        set(
            Campaign.objects.exclude(programme_name="")
            .values_list("programme_name", flat=True)
            .distinct()
        )
    )


def programme_campaigns(name: str) -> list[Campaign]:
    return list(Campaign.objects.filter(programme_name=name).order_by("start_date", "name"))


def programme_impact(name: str) -> an.ProgrammeReport:
    campaigns = programme_campaigns(name)
    if not campaigns:
        raise LookupError(name)
    return an.programme_report([impact_report(c) for c in campaigns], name=name)


def programme_dict(report: an.ProgrammeReport) -> dict[str, Any]:
    """JSON of a programme report: `{"report": "programme", ...ProgrammeReport.to_dict()}`:
    totals of the campaigns (same keys as a campaign's figures), `stated` (the source's figures),
    `per_campaign` (each campaign's main figures and effect) and `checks`."""
    return {"report": "programme", **report.to_dict()}


def close_names(name: str, limit: int = 5) -> list[str]:
    """Campaign and programme names close to `name` (for "did you mean")."""
    names = list(Campaign.objects.values_list("name", flat=True)) + programme_names()
    folded = {n.casefold(): n for n in names}
    found = [folded[n] for n in difflib.get_close_matches(name.casefold(), folded, limit, 0.5)]
    found += [n for n in names if name.casefold() in n.casefold() and n not in found]
    return found[:limit]


def lookup(name: str) -> tuple[Campaign | None, str | None]:
    """(campaign, None) for a campaign name, (None, name) for a programme name, else (None,
    None)."""
    campaign = Campaign.objects.filter(name=name).first()
    if campaign is not None:
        return campaign, None
    if Campaign.objects.filter(programme_name=name).exists():
        return None, name
    return None, None


def arm_rates(report: an.ImpactReport) -> Sequence[tuple[str, int, int]]:
    """(arm, firms, licensed firms) for each letter arm, then control."""
    rows = [(a.name, a.targets, a.licensed_firms) for a in report.arms.values()]
    if report.control is not None:
        rows.append((an.CONTROL, report.control.targets, report.control.licensed_firms))
    return rows
