"""The impact report of a stored campaign: the analytics dataclasses built from the database.

Speed matters (a 100,000-target campaign reports in well under 2 s, see
`bench/campaign_report_db.py`): each table is read once with `values_list` into plain tuples,
only the columns `analytics.compute_impact` uses are read, and targets are identified by their
primary key (as text), so no join is needed to connect dispatch, responses and purchases to
their target.

Purchases counted for a campaign: those linked to one of its targets (whatever report they came
in), plus the unlinked rows of the campaign's own licence reports (they are counted apart as
"not targets" by the analytics).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

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


def campaign_data(campaign: Campaign) -> CampaignData:
    """Everything `compute_impact` needs, read from the database as plain tuples."""
    arm_name = dict(Arm.objects.filter(campaign=campaign).values_list("pk", "name"))
    ATarget = an.Target
    targets = [
        ATarget(str(pk), "", "", "", "", department, "", arm_name[arm_id])
        for pk, arm_id, department in Target.objects.filter(campaign=campaign)
        .order_by()
        .values_list("pk", "arm_id", "department")
        .iterator(chunk_size=20_000)
    ]
    ADispatch = an.Dispatch
    dispatch = [
        ADispatch(str(target_id), sent_on, channel, status)
        for target_id, sent_on, channel, status in Dispatch.objects.filter(
            target__campaign=campaign
        )
        .order_by()
        .values_list("target_id", "sent_on", "channel", "status")
        .iterator(chunk_size=20_000)
    ]
    AResponse = an.Response
    responses = [
        AResponse(str(target_id), responded_on, kind)
        for target_id, responded_on, kind in Response.objects.filter(target__campaign=campaign)
        .order_by()
        .values_list("target_id", "responded_on", "kind")
        .iterator(chunk_size=20_000)
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
        targets,
        dispatch,
        responses,
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
