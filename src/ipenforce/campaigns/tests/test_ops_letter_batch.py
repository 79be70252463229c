"""The letter batch: one letter per letter-arm target, stored with SHA-256, resumable."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from ipenforce.campaigns.models import CampaignStatus, Dispatch, Target
from ipenforce.campaigns.services.operations import set_dispatch_status
from ipenforce.campaigns.tasks import run_letter_batch
from ipenforce.campaigns.tests.ops_factories import approved_campaign
from ipenforce.core.audit import history_for
from ipenforce.core.models import AuditEntry
from ipenforce.documents.models import IssuedDocument
from ipenforce.documents.render import sha256_hex
from tests.smtp import smtp_server  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_it_sends_one_letter_per_letter_arm_target(make_user):
    analyst, director = make_user("analyst"), make_user("director")
    campaign = approved_campaign(analyst, director, firms=12)

    result = run_letter_batch(campaign.pk, base_url="https://ipe.example", actor=analyst)

    letter_targets = Target.objects.filter(campaign=campaign, arm__is_control=False)
    assert result.letters == letter_targets.count() > 0
    assert Dispatch.objects.filter(target__arm__is_control=True).count() == 0
    dispatch = Dispatch.objects.filter(target__campaign=campaign)[0]
    assert dispatch.document is not None
    pdf = dispatch.document.file.read()
    assert sha256_hex(pdf) == dispatch.document.sha256
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert dispatch.target.reply_code in text
    assert "ipe.example/responder/" in text
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert IssuedDocument.objects.filter(title__startswith="Lote para imprenta").count() == 1


def test_it_emails_letters_with_the_pdf_attached_over_smtp(make_user, smtp_server):  # noqa: F811
    analyst, director = make_user("analyst"), make_user("director")
    campaign = approved_campaign(analyst, director, firms=10, emails=10)
    bounced = Target.objects.filter(campaign=campaign, arm__is_control=False)[0]
    bounced.email = "rebote@example.pe"
    bounced.save()

    result = run_letter_batch(campaign.pk, base_url="https://ipe.example", actor=analyst)

    letters = Target.objects.filter(campaign=campaign, arm__is_control=False).count()
    assert result.emails_sent == letters - 1 and result.emails_refused == 1
    assert len(smtp_server.messages) == letters - 1
    received = smtp_server.messages[0]
    target = Target.objects.get(reply_code=received.message["X-IPEnforce-Reply-Code"])
    assert received.rcpt_tos == [target.email]
    assert received.message["Subject"].startswith("INDECOPI: ")
    body = received.message.get_body(("plain",)).get_content()
    assert f"https://ipe.example/responder/{target.reply_code}/" in body
    (attachment,) = list(received.message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    pdf = attachment.get_content()
    document = target.dispatches.get().document
    assert document is not None and sha256_hex(pdf) == document.sha256
    returned = bounced.dispatches.get()
    assert returned.status == "returned" and returned.emailed_at is None
    assert returned.status_note_spanish().startswith("Rechazada por el servidor: 550 ")
    emailed = target.dispatches.get()
    assert emailed.status == "pending" and emailed.emailed_at is not None
    assert emailed.status_note_spanish().startswith(
        f"Enviada por correo electrónico a {target.email} el "
    )
    assert IssuedDocument.objects.filter(title__startswith="Lote para imprenta").count() == 0

    # staff clearing the note of a letter already e-mailed does not make it unsent
    set_dispatch_status(emailed, status="pending", note="", actor=analyst)
    again = run_letter_batch(campaign.pk, base_url="https://ipe.example", actor=analyst)
    assert again.letters == 0 and again.emails_sent == 0
    assert len(smtp_server.messages) == letters - 1


def test_it_resumes_a_batch_that_died_without_sending_any_letter_twice(make_user, monkeypatch):
    from ipenforce.campaigns import tasks

    analyst, director = make_user("analyst"), make_user("director")
    campaign = approved_campaign(analyst, director, firms=30)
    real_issue = tasks.issue_documents
    calls = {"n": 0}

    def dying_issue(pdfs, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # the worker dies in the middle of the third chunk of 5,
            first = {k: kwargs[k][:3] for k in ("titles", "related_objects")}
            real_issue(pdfs[:3], **{**kwargs, **first})  # 3 letters stored, then it dies
            raise SystemExit("worker killed")
        return real_issue(pdfs, **kwargs)

    monkeypatch.setattr(tasks, "issue_documents", dying_issue)
    with pytest.raises(SystemExit):
        run_letter_batch(campaign.pk, base_url="https://x", actor=analyst, chunk_size=5)
    assert Dispatch.objects.filter(target__campaign=campaign).count() == 10  # two whole chunks
    assert IssuedDocument.objects.count() == 10  # the dead chunk's documents rolled back
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING

    monkeypatch.setattr(tasks, "issue_documents", real_issue)
    result = run_letter_batch(campaign.pk, base_url="https://x", actor=analyst, chunk_size=5)
    letter_targets = Target.objects.filter(campaign=campaign, arm__is_control=False)
    assert result.already_sent == 10
    assert result.letters == letter_targets.count() - 10
    for target in letter_targets:
        assert target.dispatches.count() == 1
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert_print_file_holds_the_postal_letters(campaign)  # rendered again: resumed run


def print_file_of(campaign):
    (document,) = IssuedDocument.objects.filter(
        title__startswith="Lote para imprenta", title__contains=campaign.name
    )
    return document


def assert_print_file_holds_the_postal_letters(campaign):
    """One page per postal letter, in target_id order, each with its reply code."""
    document = print_file_of(campaign)
    pdf = document.file.read()
    assert sha256_hex(pdf) == document.sha256
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    postal = list(
        Dispatch.objects.filter(target__campaign=campaign, channel="post")
        .order_by("target__target_id")
        .values_list("target__reply_code", flat=True)
    )
    assert len(postal) > 0 and len(reader.pages) == len(postal)
    for page, code in zip(reader.pages, postal, strict=True):
        assert code in page.extract_text()


def test_the_print_pdf_reuses_the_rendered_letters_in_target_order(make_user, monkeypatch):
    from ipenforce.campaigns import tasks

    def no_second_rendering(*args, **kwargs):
        raise AssertionError("the print PDF was rendered again")

    monkeypatch.setattr(tasks, "_render_print_file", no_second_rendering)
    analyst, director = make_user("analyst"), make_user("director")
    campaign = approved_campaign(analyst, director, firms=23, emails=6)
    for i, target in enumerate(Target.objects.filter(campaign=campaign).order_by("pk")):
        Target.objects.filter(pk=target.pk).update(target_id=f"T{99 - i}")  # print order ≠ pk

    result = run_letter_batch(campaign.pk, base_url="https://x", actor=analyst, chunk_size=4)

    assert result.print_documents == 1 and result.emails_sent > 0
    assert_print_file_holds_the_postal_letters(campaign)


def test_each_chunk_is_audited_once_with_the_sha256_of_every_letter(make_user):
    analyst, director = make_user("analyst"), make_user("director")
    campaign = approved_campaign(analyst, director, firms=12)

    result = run_letter_batch(campaign.pk, base_url="https://x", actor=analyst, chunk_size=5)

    entries = history_for(campaign).filter(action="document.issue.batch")
    assert entries.count() == -(-result.letters // 5)  # one per chunk
    listed = {d["sha256"]: d for e in entries for d in e.changes["documents"][1]}
    dispatches = Dispatch.objects.filter(target__campaign=campaign).select_related("document")
    assert dispatches.count() == result.letters == len(listed)
    for dispatch in dispatches:
        document = dispatch.document
        assert document is not None and listed[document.sha256]["id"] == document.pk
        assert document.related == dispatch.target
    assert not AuditEntry.objects.filter(
        action="document.issue", object_id__in=[str(d.document_id) for d in dispatches]
    ).exists()


def test_a_letter_over_one_page_is_rendered_alone_and_printed_whole(make_user, monkeypatch):
    from ipenforce.campaigns import tasks

    monkeypatch.setattr(tasks, "_render_print_file", None)  # must not be needed
    analyst, director = make_user("analyst"), make_user("director")
    campaign = approved_campaign(analyst, director, firms=8)
    targets = Target.objects.filter(campaign=campaign, arm__is_control=False).order_by("target_id")
    long = targets[1]
    long.address = ("Avenida de los Próceres de la Independencia 1234, " * 6)[:300]
    long.save()
    arm = long.arm
    arm.letter_body += "\n\nDirección registrada: {{ firma.direccion }}" * 8
    arm.save()

    result = run_letter_batch(campaign.pk, base_url="https://x", actor=analyst, chunk_size=3)

    assert result.letters == targets.count() and result.print_documents == 1
    pages = {}
    for dispatch in Dispatch.objects.filter(target__campaign=campaign).select_related("document"):
        assert dispatch.document is not None
        pdf = dispatch.document.file.read()
        assert sha256_hex(pdf) == dispatch.document.sha256
        reader = PdfReader(io.BytesIO(pdf), strict=True)
        assert dispatch.target.reply_code in reader.pages[0].extract_text()
        pages[dispatch.target.target_id] = len(reader.pages)
    assert pages[long.target_id] > 1 and pages[targets[0].target_id] == 1
    printed = PdfReader(io.BytesIO(print_file_of(campaign).file.read()), strict=True)
    assert len(printed.pages) == sum(pages.values())
    index = 0  # each letter starts where the previous one ended, in target_id order
    for target in targets:
        assert target.reply_code in printed.pages[index].extract_text()
        index += pages[target.target_id]


def test_a_worker_killed_after_the_letters_still_gets_one_print_file(make_user, monkeypatch):
    from ipenforce.campaigns import tasks

    analyst, director = make_user("analyst"), make_user("director")
    campaign = approved_campaign(analyst, director, firms=9)

    def killed(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(tasks, "send_pending_emails", killed)
    with pytest.raises(SystemExit):
        run_letter_batch(campaign.pk, base_url="https://x", actor=analyst, chunk_size=4)
    monkeypatch.undo()
    letters = Dispatch.objects.filter(target__campaign=campaign).count()
    assert letters > 0 and not IssuedDocument.objects.filter(title__startswith="Lote").exists()

    result = run_letter_batch(campaign.pk, base_url="https://x", actor=analyst, chunk_size=4)
    again = run_letter_batch(campaign.pk, base_url="https://x", actor=analyst, chunk_size=4)

    assert result.letters == 0 and result.already_sent == letters and result.print_documents == 1
    assert again.print_documents == 0
    assert_print_file_holds_the_postal_letters(campaign)  # rendered again from the dispatches
