"""The letter batch: one letter per letter-arm target, stored with SHA-256, resumable."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from ipenforce.campaigns.models import CampaignStatus, Dispatch, Target
from ipenforce.campaigns.tasks import run_letter_batch
from ipenforce.campaigns.tests.ops_factories import approved_campaign
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
    assert returned.status == "returned" and "550" in returned.status_note
    assert IssuedDocument.objects.filter(title__startswith="Lote para imprenta").count() == 0

    again = run_letter_batch(campaign.pk, base_url="https://ipe.example", actor=analyst)
    assert again.letters == 0 and again.emails_sent == 0
    assert len(smtp_server.messages) == letters - 1


def test_it_resumes_a_batch_that_died_without_sending_any_letter_twice(make_user, monkeypatch):
    from ipenforce.campaigns import tasks

    analyst, director = make_user("analyst"), make_user("director")
    campaign = approved_campaign(analyst, director, firms=30)
    real_issue = tasks.issue_document
    calls = {"n": 0}

    def dying_issue(**kwargs):
        calls["n"] += 1
        if calls["n"] == 13:  # the worker dies in the middle of the third chunk of 5
            raise SystemExit("worker killed")
        return real_issue(**kwargs)

    monkeypatch.setattr(tasks, "issue_document", dying_issue)
    with pytest.raises(SystemExit):
        run_letter_batch(campaign.pk, base_url="https://x", actor=analyst, chunk_size=5)
    assert Dispatch.objects.filter(target__campaign=campaign).count() == 10  # two whole chunks
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING

    monkeypatch.setattr(tasks, "issue_document", real_issue)
    result = run_letter_batch(campaign.pk, base_url="https://x", actor=analyst, chunk_size=5)
    letter_targets = Target.objects.filter(campaign=campaign, arm__is_control=False)
    assert result.already_sent == 10
    assert result.letters == letter_targets.count() - 10
    for target in letter_targets:
        assert target.dispatches.count() == 1
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
