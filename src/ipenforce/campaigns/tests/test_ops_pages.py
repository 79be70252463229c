"""Campaign operations through the pages: create, targets, arms, letters, approval, batch."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from ipenforce.campaigns.models import Campaign, CampaignStatus, Dispatch, Target
from ipenforce.campaigns.tests.ops_factories import make_campaign, make_firms
from ipenforce.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"campaigns:{name}", args=args)


@pytest.mark.django_db(transaction=True)  # the worker closes the connection (PostgreSQL)
def test_it_runs_a_campaign_from_creation_to_letters(client, make_user):
    analyst = make_user("analyst")
    director = make_user("director")
    make_firms(15)
    client.force_login(analyst)

    response = client.post(
        url("ops_create"),
        {
            "name": "Software Lima 2025",
            "programme": "software",
            "start_date": "2025-03-01",
            "outcome_window_days": 180,
            "avg_pcs_per_firm": "8",
            "avg_licence_value_usd": "450",
        },
    )
    campaign = Campaign.objects.get(name="Software Lima 2025")
    assert response.status_code == 302
    assert campaign.status == CampaignStatus.DRAFT

    counted = client.get(url("ops_targets", campaign.pk), {"exclude_licensed": "on"})
    assert "15 empresas cumplen los filtros" in counted.content.decode()
    client.post(url("ops_targets", campaign.pk), {"exclude_licensed": "on"})
    assert campaign.targets.count() == 15

    client.post(
        url("ops_arms", campaign.pk),
        {"letter_arms": "letter, letter_disuasiva", "control_share": "0.2", "seed": "42"},
    )
    campaign.refresh_from_db()
    assert campaign.assignment_seed == 42
    assert campaign.assignment_record["arm_counts"] == {
        "control": 3,
        "letter": 6,
        "letter_disuasiva": 6,
    }
    arms_page = client.get(url("ops_arms", campaign.pk), {"baseline": "10"})
    assert "puntos (de la tasa base a" in arms_page.content.decode()

    arm = campaign.arms.get(name="letter_disuasiva")
    check = client.post(
        url("ops_letter_check", campaign.pk, arm.pk),
        {"letter_subject": "Aviso {{ firma.nombre }}", "letter_body": "Hola\n\n{{ sin cerrar"},
    )
    text = check.content.decode()
    assert "campos desconocidos <code>firma.nombre</code>" in text
    assert "línea 3, columna 1" in text and "no está cerrado" in text
    pdf = client.post(
        url("ops_letter_pdf", campaign.pk, arm.pk),
        {"letter_subject": "Aviso", "letter_body": "Estimados {{ firma.razon_social }}:"},
    )
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    client.post(
        url("ops_letter", campaign.pk, arm.pk),
        {"letter_subject": "Aviso", "letter_body": "Estimados {{ firma.razon_social }}:"},
    )
    arm.refresh_from_db()
    assert arm.letter_body == "Estimados {{ firma.razon_social }}:"

    client.post(url("ops_batch", campaign.pk))  # not approved: refused
    client.post(url("ops_submit", campaign.pk))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.AWAITING_APPROVAL
    assert client.post(url("ops_approve", campaign.pk)).status_code == 403

    client.force_login(director)
    client.post(url("ops_approve", campaign.pk), {"note": "Conforme"})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.APPROVED
    assert campaign.approved_by == director

    client.force_login(analyst)
    client.post(url("ops_batch", campaign.pk))
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert Dispatch.objects.filter(target__campaign=campaign).count() == 12
    page = client.get(url("ops_overview", campaign.pk)).content.decode()
    assert "Terminado" in page and "Lote para imprenta" in page
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "campaign.create",
        "campaign.assign",
        "campaign.status.awaiting_approval",
        "campaign.status.approved",
        "campaign.status.sending",
        "campaign.status.sent",
    } <= actions


def test_it_lets_only_directors_approve_and_never_the_author(client, make_user):
    director = make_user("director")
    make_firms(5)
    campaign = make_campaign(director)
    from ipenforce.campaigns.services import operations
    from ipenforce.campaigns.targeting import TargetFilters

    operations.add_targets(campaign, TargetFilters(), actor=director)
    operations.submit_for_approval(campaign, actor=director)
    client.force_login(director)
    client.post(url("ops_approve", campaign.pk))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.AWAITING_APPROVAL

    client.force_login(make_user("legal_officer"))
    assert client.post(url("ops_approve", campaign.pk)).status_code == 403
    assert client.get(url("ops_overview", campaign.pk)).status_code == 403
    client.logout()
    assert client.get(url("ops_overview", campaign.pk)).status_code == 302


def test_it_never_adds_a_firm_twice_and_excludes_licensed_and_contacted(make_user):
    import datetime as dt

    from ipenforce.campaigns.models import LicencePurchase, LicenceReport
    from ipenforce.campaigns.services import operations
    from ipenforce.campaigns.targeting import TargetFilters, eligible_firms

    analyst = make_user("analyst")
    firms = make_firms(6)
    earlier = make_campaign(analyst, name="Anterior")
    operations.add_targets(earlier, TargetFilters(), actor=analyst)
    contacted = Target.objects.get(campaign=earlier, firm=firms[0])
    Dispatch.objects.create(target=contacted, sent_on=dt.date(2025, 1, 10), channel="post")
    report = LicenceReport.objects.create(rights_holder="BSA", sha256="0" * 64)
    LicencePurchase.objects.create(
        report=report,
        line=2,
        rights_holder="BSA",
        name=firms[1].legal_name,
        purchased_on=dt.date(2024, 5, 1),
        seats=3,
        amount_usd=100,
        firm=firms[1],
    )

    campaign = make_campaign(analyst, name="Nueva")
    filters = TargetFilters(contacted_from=dt.date(2025, 1, 1), contacted_to=dt.date(2025, 1, 31))
    assert set(eligible_firms(campaign, filters)) == set(firms[2:])
    assert operations.add_targets(campaign, filters, actor=analyst) == 4
    assert operations.add_targets(campaign, filters, actor=analyst) == 0
    assert campaign.targets.count() == 4


def test_it_shows_every_operations_page_to_analysts(client, make_user):
    from ipenforce.campaigns.services import operations
    from ipenforce.campaigns.targeting import TargetFilters

    analyst = make_user("analyst")
    make_firms(4)
    campaign = make_campaign(analyst)
    operations.add_targets(campaign, TargetFilters(), actor=analyst)
    arm = campaign.arms.get(name="letter")
    client.force_login(analyst)
    for name, args in [
        ("ops_create", ()),
        ("ops_overview", (campaign.pk,)),
        ("ops_edit", (campaign.pk,)),
        ("ops_targets", (campaign.pk,)),
        ("ops_arms", (campaign.pk,)),
        ("ops_letter", (campaign.pk, arm.pk)),
        ("ops_dispatches", (campaign.pk,)),
        ("ops_responses", (campaign.pk,)),
        ("ops_licences", (campaign.pk,)),
        ("ops_licence_upload", ()),
    ]:
        assert client.get(url(name, *args)).status_code == 200, name
    assert client.get(reverse("public_reply:start")).status_code == 200
    listing = client.get(url("list")).content.decode()
    assert url("ops_create") in listing
    report = client.get(url("detail", campaign.pk)).content.decode()
    assert url("ops_overview", campaign.pk) in report
