"""The letter batch: one letter per letter-arm target, stored with SHA-256, resumable."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
import io

from ipenforce.campaigns.models import CampaignStatus, Dispatch, Target
from ipenforce.campaigns.tasks import run_letter_batch
from ipenforce.campaigns.tests.ops_factories import approved_campaign
from ipenforce.documents.models import IssuedDocument
from ipenforce.documents.render import sha256_hex

pytestmark = pytest.mark.django_db


def test_it_sends_one_letter_per_letter_arm_target(make_user):
    analyst, director = make_user("analyst"), make_user("director")
    campaign = approved_campaign(analyst, director, firms=12)

    result = run_letter_batch(campaign.pk, base_url="https://ipe.example", actor=analyst)

    letter_targets = Target.objects.filter(campaign=campaign, arm__is_control=False)
    assert result.letters == letter_targets.count() > 0
    assert Dispatch.objects.filter(target__arm__is_control=True).count() == 0
    dispatch = Dispatch.objects.filter(target__campaign=campaign).first()
    pdf = dispatch.document.file.read()
    assert sha256_hex(pdf) == dispatch.document.sha256
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert dispatch.target.reply_code in text
    assert "ipe.example/responder/" in text
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert IssuedDocument.objects.filter(title__startswith="Lote para imprenta").count() == 1
