"""Shared set-up for the campaign-operations tests (firms, a campaign, an approved campaign)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ipenforce.campaigns.models import Campaign
from ipenforce.campaigns.services import operations
from ipenforce.campaigns.targeting import TargetFilters
from ipenforce.core.models import District
from ipenforce.parties.demo import demo_firms
from ipenforce.parties.models import Firm


def ensure_ubigeo() -> None:
    """Reload departments/provinces/districts if a transactional test flushed them."""
    if District.objects.exists():
        return
    from importlib import import_module

    from django.apps import apps

    import_module("ipenforce.core.migrations.0002_load_ubigeo").load(apps, None)


def make_firms(count: int, *, seed: int = 7, emails: int = 0) -> list[Firm]:
    """`count` demo firms (valid RUCs, Lima/Arequipa/… districts); the first `emails` of them
    have an e-mail address."""
    ensure_ubigeo()
    firms = []
    for i, data in enumerate(demo_firms(count, seed=seed)):
        email = f"empresa{i}@example.pe" if i < emails else ""
        firms.append(Firm(email=email, **data))  # type: ignore[arg-type]
    return Firm.objects.bulk_create(firms)


def make_campaign(actor: Any, name: str = "Software 2025-I", **fields: Any) -> Campaign:
    return operations.create_campaign(
        actor=actor,
        name=name,
        programme="software",
        start_date=fields.pop("start_date", dt.date(2025, 3, 1)),
        outcome_window_days=180,
        avg_pcs_per_firm=8,
        avg_licence_value_usd=550,
        **fields,
    )


def approved_campaign(analyst: Any, director: Any, *, firms: int = 20, emails: int = 0) -> Campaign:
    make_firms(firms, emails=emails)
    campaign = make_campaign(analyst)
    operations.add_targets(campaign, TargetFilters(), actor=analyst)
    operations.submit_for_approval(campaign, actor=analyst)
    return operations.approve_campaign(campaign, actor=director)
