"""The letter batch: one PDF per letter-arm target, stored with its SHA-256, a Dispatch row each,
e-mail for targets with an address, and one print-ready PDF per letter arm.

Resumable and idempotent: targets are taken in chunks of those *without a dispatch*, and each
chunk (render, store, dispatch rows) commits in its own transaction while holding a lock on the
campaign row, so a worker that dies loses at most its current chunk, a second run (or a second
worker) carries on with the rest, and no target ever gets two letters. E-mails and the print
PDFs are sent/made only once too (see `mail.py` and `_print_ready`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskContext

from ipenforce.campaigns.letters import layout_for, letter_context
from ipenforce.campaigns.mail import send_pending_emails
from ipenforce.campaigns.models import (
    Arm,
    Campaign,
    CampaignStatus,
    Dispatch,
    DispatchChannel,
    Target,
)
from ipenforce.campaigns.services.operations import OperationError
from ipenforce.core import audit
from ipenforce.core.jobs import report_progress
from ipenforce.documents.models import DocumentKind
from ipenforce.documents.render import render_batch, render_combined
from ipenforce.documents.services import documents_for, issue_document

CHUNK_SIZE = 100
PRINT_TITLE = "Lote para imprenta"

Progress = Callable[[int, int, str], None]


@dataclass
class BatchResult:
    letters: int = 0
    already_sent: int = 0
    emails_sent: int = 0
    emails_refused: int = 0
    print_documents: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _start(campaign_id: int, actor: Any) -> Campaign:
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if campaign.status == CampaignStatus.APPROVED:
            before = campaign.status
            campaign.status = CampaignStatus.SENDING
            campaign.save(update_fields=["status"])
            audit.record(
                actor=actor,
                action="campaign.status.sending",
                obj=campaign,
                before={"status": before},
                after={"status": campaign.status},
            )
        elif campaign.status not in (CampaignStatus.SENDING, CampaignStatus.SENT):
            raise OperationError(
                f"campaign {campaign.pk} is {campaign.status}: only approved campaigns are sent"
            )
    return campaign


def _letter_chunk(
    campaign: Campaign,
    arm: Arm,
    *,
    base_url: str,
    day: dt.date,
    actor: Any,
    chunk_size: int,
    timestamp: dt.datetime,
) -> int:
    """Render, store and record the next chunk of the arm's letters; 0 when none are left."""
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=campaign.pk)  # one chunk at a time
        chunk = list(
            Target.objects.filter(arm=arm, dispatches__isnull=True).order_by("pk")[:chunk_size]
        )
        if not chunk:
            return 0
        by_pk = {t.pk: t for t in chunk}
        contexts = [
            (t.pk, letter_context(t, base_url=base_url, day=day, campaign=campaign)) for t in chunk
        ]
        dispatches = []
        for pk, pdf in render_batch(
            layout_for(arm), arm.letter_body, contexts, chunk_size=chunk_size, timestamp=timestamp
        ):
            target = by_pk[pk]
            document = issue_document(
                pdf=pdf,
                kind=DocumentKind.LETTER,
                title=f"Carta · {campaign.name} · {target.target_id} {target.name}",
                actor=actor,
                related=target,
            )
            dispatches.append(
                Dispatch(
                    target=target,
                    sent_on=day,
                    channel=DispatchChannel.EMAIL if target.email else DispatchChannel.POST,
                    document=document,
                )
            )
        Dispatch.objects.bulk_create(dispatches)
        audit.record(
            actor=actor,
            action="campaign.letters.chunk",
            obj=campaign,
            after={"arm": arm.name, "letters": len(dispatches), "first": chunk[0].target_id},
        )
        return len(dispatches)


def _print_ready(campaign: Campaign, arm: Arm, *, base_url: str, actor: Any) -> int:
    """One PDF with every postal letter of the arm, for the print shop (made once)."""
    if documents_for(arm).filter(title__startswith=PRINT_TITLE).exists():
        return 0
    dispatches = (
        Dispatch.objects.filter(target__arm=arm, channel=DispatchChannel.POST)
        .select_related("target")
        .order_by("target__target_id", "id")
    )
    if not dispatches.exists():
        return 0
    contexts = (
        letter_context(d.target, base_url=base_url, day=d.sent_on, campaign=campaign)
        for d in dispatches.iterator(chunk_size=500)
    )
    pdf = render_combined(layout_for(arm), arm.letter_body, contexts)
    with transaction.atomic():
        issue_document(
            pdf=pdf,
            kind=DocumentKind.LETTER,
            title=f"{PRINT_TITLE} · {campaign.name} · {arm.name}",
            actor=actor,
            related=arm,
        )
    return 1


def run_letter_batch(
    campaign_id: int,
    *,
    base_url: str,
    actor: Any = None,
    progress: Progress | None = None,
    chunk_size: int = CHUNK_SIZE,
    print_ready: bool = True,
) -> BatchResult:
    """Send (or finish sending) the letters of an approved campaign. See the module docstring."""
    started = time.perf_counter()
    campaign = _start(campaign_id, actor)
    result = BatchResult()
    letter_targets = Target.objects.filter(campaign=campaign, arm__is_control=False)
    total = letter_targets.count()
    done = result.already_sent = letter_targets.filter(dispatches__isnull=False).distinct().count()
    report = progress or (lambda d, t, m: None)
    report(done, total, f"{done} / {total}")
    day = timezone.localdate()
    timestamp = timezone.now().replace(microsecond=0)
    arms = list(campaign.arms.filter(is_control=False).order_by("name"))
    for arm in arms:
        while n := _letter_chunk(
            campaign,
            arm,
            base_url=base_url,
            day=day,
            actor=actor,
            chunk_size=chunk_size,
            timestamp=timestamp,
        ):
            result.letters += n
            done += n
            report(done, total, f"{done} / {total}")
    report(done, total, "Enviando correos electrónicos")
    result.emails_sent, result.emails_refused = send_pending_emails(
        campaign, base_url=base_url, actor=actor
    )
    if print_ready:
        report(done, total, "Preparando el PDF para imprenta")
        for arm in arms:
            result.print_documents += _print_ready(campaign, arm, base_url=base_url, actor=actor)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status == CampaignStatus.SENDING:
            campaign.status = CampaignStatus.SENT
            campaign.save(update_fields=["status"])
            audit.record(
                actor=actor,
                action="campaign.status.sent",
                obj=campaign,
                before={"status": CampaignStatus.SENDING},
                after={"status": CampaignStatus.SENT, **result.to_dict()},
            )
    result.seconds = round(time.perf_counter() - started, 3)
    report(done, total, f"{done} / {total}")
    return result


@task(takes_context=True)
def send_letter_batch(
    context: TaskContext, campaign_id: int, base_url: str, actor_id: int | None = None
) -> dict[str, Any]:
    """Background job wrapper of `run_letter_batch`, with progress for the jobs page."""
    user = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    actor: Any = user if user is not None else "lote-de-cartas"

    def progress(done: int, total: int, message: str) -> None:
        report_progress(context, done, total, message)

    return run_letter_batch(
        campaign_id, base_url=base_url, actor=actor, progress=progress
    ).to_dict()
