"""The letter batch: one PDF per letter-arm target, stored with its SHA-256, a Dispatch row each,
e-mail for targets with an address, and one print-ready PDF per letter arm.

Resumable and idempotent: targets are taken in chunks of those *without a dispatch*, and each
chunk (render, store, dispatch rows) commits in its own transaction while holding a lock on the
campaign row, so a worker that dies loses at most its current chunk, a second run (or a second
worker) carries on with the rest, and no target ever gets two letters. E-mails and the print
PDFs are sent/made only once too (see `mail.py` and `_print_ready`).

Speed: each chunk is compiled once as one multi-page PDF (`render_combined`) and cut into one
PDF per letter; the letters are issued in bulk (`issue_documents`: one INSERT, one audit entry
per chunk) and their Dispatch rows bulk-created. The postal letters' pages of every committed
chunk are appended to a running print file, so the print PDF costs no second rendering. Only
when this run did not make all of an arm's postal letters (a resumed batch) is the print PDF
rendered again from the stored dispatches.
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
from django.utils.translation import gettext_noop
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
from ipenforce.documents.render import LetterLayout, render_batch, render_combined
from ipenforce.documents.render.pdfsplit import PdfConcatenator, PdfStructureError, TypstPdf
from ipenforce.documents.services import documents_for, issue_document, issue_documents

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


@dataclass
class _PrintPart:
    """The postal letters of one chunk: (PDF, its pages to print) pairs and their target ids."""

    pdfs: list[tuple[TypstPdf, list[int]]]
    target_ids: list[str]


class _PrintFile:
    """The arm's postal letters made by this run, in order, for the print shop.

    Pages are copied from the chunk PDFs already compiled (fonts shared per chunk, as when the
    whole file is rendered), and only after their chunk has committed.
    """

    def __init__(self) -> None:
        self.joiner = PdfConcatenator()
        self.target_ids: list[str] = []

    def add(self, part: _PrintPart) -> None:
        for pdf, pages in part.pdfs:
            self.joiner.add(pdf, pages)
        self.target_ids.extend(part.target_ids)


def _render_chunk(
    layout: LetterLayout, body: str, contexts: list[dict[str, Any]], timestamp: dt.datetime
) -> tuple[list[bytes], TypstPdf | None, list[int]]:
    """One PDF per letter, plus the chunk PDF and its page per letter (None, [] if not 1:1).

    The chunk is compiled once; each letter's page is copied out of it. If a letter runs over
    one page (or the PDF is unexpected), `render_batch` makes the letters one by one.
    """
    whole = render_combined(layout, body, contexts, timestamp=timestamp, chunk_size=len(contexts))
    try:
        pdf = TypstPdf(whole)
        pages = pdf.page_numbers()
        if len(pages) == len(contexts):
            letters = []
            for page in pages:
                joiner = PdfConcatenator()
                joiner.add(pdf, [page])
                letters.append(joiner.finish())
            return letters, pdf, pages
    except PdfStructureError:
        pass
    keyed = render_batch(
        layout, body, list(enumerate(contexts)), timestamp=timestamp, chunk_size=len(contexts)
    )
    return [letter for _, letter in keyed], None, []


def _letter_chunk(
    campaign: Campaign,
    arm: Arm,
    *,
    base_url: str,
    day: dt.date,
    actor: Any,
    chunk_size: int,
    timestamp: dt.datetime,
) -> tuple[int, _PrintPart]:
    """Render, store and record the next chunk of the arm's letters; 0 when none are left.

    Targets are taken in print order (`target_id`), so that the chunks of one run, joined,
    are the print file. Returns the number of letters and the chunk's postal pages."""
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=campaign.pk)  # one chunk at a time
        chunk = list(
            Target.objects.filter(arm=arm, dispatches__isnull=True).order_by("target_id", "pk")[
                :chunk_size
            ]
        )
        if not chunk:
            return 0, _PrintPart([], [])
        contexts = [letter_context(t, base_url=base_url, day=day, campaign=campaign) for t in chunk]
        letters, chunk_pdf, pages = _render_chunk(
            layout_for(arm), arm.letter_body, contexts, timestamp
        )
        documents = issue_documents(
            letters,
            kind=DocumentKind.LETTER,
            titles=[f"Carta · {campaign.name} · {t.target_id} {t.name}" for t in chunk],
            actor=actor,
            related_objects=chunk,
            audit_obj=campaign,
        )
        dispatches = [
            Dispatch(
                target=target,
                sent_on=day,
                channel=DispatchChannel.EMAIL if target.email else DispatchChannel.POST,
                document=document,
            )
            for target, document in zip(chunk, documents, strict=True)
        ]
        Dispatch.objects.bulk_create(dispatches)
        audit.record(
            actor=actor,
            action="campaign.letters.chunk",
            obj=campaign,
            after={"arm": arm.name, "letters": len(dispatches), "first": chunk[0].target_id},
        )
    postal = [i for i, d in enumerate(dispatches) if d.channel == DispatchChannel.POST]
    part = _PrintPart([], [chunk[i].target_id for i in postal])
    if chunk_pdf is not None:
        if postal:
            part.pdfs.append((chunk_pdf, [pages[i] for i in postal]))
    else:  # letters compiled one by one: copy each postal letter whole
        for i in postal:
            letter = TypstPdf(letters[i])
            part.pdfs.append((letter, letter.page_numbers()))
    return len(dispatches), part


def _postal_dispatches(arm: Arm) -> Any:
    return (
        Dispatch.objects.filter(target__arm=arm, channel=DispatchChannel.POST)
        .select_related("target")
        .order_by("target__target_id", "id")
    )


def _render_print_file(campaign: Campaign, arm: Arm, *, base_url: str) -> bytes:
    """The print PDF rendered again from the stored dispatches (for a resumed batch)."""
    contexts = (
        letter_context(d.target, base_url=base_url, day=d.sent_on, campaign=campaign)
        for d in _postal_dispatches(arm).iterator(chunk_size=500)
    )
    return render_combined(layout_for(arm), arm.letter_body, contexts)


def _print_ready(
    campaign: Campaign,
    arm: Arm,
    *,
    base_url: str,
    actor: Any,
    prepared: _PrintFile | None = None,
) -> int:
    """One PDF with every postal letter of the arm, for the print shop (made once).

    `prepared` is this run's print file of the arm: used when it holds exactly the arm's
    postal letters in print order, otherwise the file is rendered again. The check and the
    issuing happen under the campaign lock, so two workers never issue two print files."""

    def made() -> bool:
        return documents_for(arm).filter(title__startswith=PRINT_TITLE).exists()

    if made():
        return 0
    expected = list(_postal_dispatches(arm).values_list("target__target_id", flat=True))
    if not expected:
        return 0
    reuse = prepared is not None and prepared.target_ids == expected
    pdf = None if reuse else _render_print_file(campaign, arm, base_url=base_url)
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=campaign.pk)
        if made():
            return 0
        if pdf is None:
            assert prepared is not None
            pdf = prepared.joiner.finish()
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
    print_files = {arm.pk: _PrintFile() for arm in arms}
    for arm in arms:
        while True:
            n, part = _letter_chunk(
                campaign,
                arm,
                base_url=base_url,
                day=day,
                actor=actor,
                chunk_size=chunk_size,
                timestamp=timestamp,
            )
            if not n:
                break
            if print_ready:
                print_files[arm.pk].add(part)
            result.letters += n
            done += n
            report(done, total, f"{done} / {total}")
    report(done, total, gettext_noop("Enviando correos electrónicos"))
    result.emails_sent, result.emails_refused = send_pending_emails(
        campaign, base_url=base_url, actor=actor
    )
    if print_ready:
        report(done, total, gettext_noop("Preparando el PDF para imprenta"))
        for arm in arms:
            result.print_documents += _print_ready(
                campaign, arm, base_url=base_url, actor=actor, prepared=print_files[arm.pk]
            )
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
