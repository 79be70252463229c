"""Firms answer online with their code; staff import courier statuses; rights holders report
licence sales. Imports are all or nothing, with line numbers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ipenforce.campaigns.models import (
    Dispatch,
    LicencePurchase,
    LicenceReport,
    Response,
    Target,
)
from ipenforce.campaigns.services import operations
from ipenforce.campaigns.tasks import run_letter_batch
from ipenforce.campaigns.tests.ops_factories import approved_campaign
from ipenforce.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_campaign(make_user):
    analyst, director = make_user("analyst"), make_user("director")
    campaign = approved_campaign(analyst, director, firms=10)
    run_letter_batch(campaign.pk, base_url="https://x", actor=analyst, print_ready=False)
    return campaign


def letter_target(campaign):
    return Target.objects.filter(campaign=campaign, arm__is_control=False)[0]


def test_it_takes_a_reply_online_with_the_code_and_no_login(client, sent_campaign):
    target = letter_target(sent_campaign)
    start = client.post(reverse("public_reply:start"), {"code": target.reply_code.lower()})
    assert start.status_code == 302 and start["Location"].endswith(f"/{target.reply_code}/")

    page = client.get(start["Location"])
    assert target.name in page.content.decode()
    done = client.post(
        start["Location"],
        {
            "kind": "self_audit",
            "contact_name": "Ana Quispe",
            "contact_email": "ana@example.pe",
            "inv_0_product": "Windows 11 Pro",
            "inv_0_version": "23H2",
            "inv_0_installed": "12",
            "inv_0_licensed": "10",
        },
    )
    assert "recibimos su respuesta" in done.content.decode()
    response = Response.objects.get(target=target)
    assert response.channel == "online" and response.kind == "self_audit"
    assert response.inventory == [
        {"product": "Windows 11 Pro", "version": "23H2", "installed": 12, "licensed": 10}
    ]
    assert AuditEntry.objects.filter(action="response.create").count() == 1


def test_it_accepts_licence_proofs_only_as_pdf_jpg_or_png(client, sent_campaign):
    target = letter_target(sent_campaign)
    reply = reverse("public_reply:reply", args=[target.reply_code])
    base = {"kind": "licence_proof", "contact_name": "Ana", "contact_email": "ana@example.pe"}
    fake = SimpleUploadedFile("licencia.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    refused = client.post(reply, {**base, "attachment": fake})
    assert "no es un PDF, JPG o PNG" in refused.content.decode()
    proof = SimpleUploadedFile("licencia.pdf", b"%PDF-1.7\n...", "application/pdf")
    client.post(reply, {**base, "attachment": proof})
    assert Response.objects.get(target=target).attachment.read().startswith(b"%PDF-")


def test_it_refuses_unknown_codes_and_control_targets_and_rate_limits(
    client, sent_campaign, settings
):
    control = Target.objects.filter(campaign=sent_campaign, arm__is_control=True)[0]
    assert client.get(reverse("public_reply:reply", args=[control.reply_code])).status_code == 404
    assert client.get(reverse("public_reply:reply", args=["ZZZZZZZZZZ"])).status_code == 404
    settings.PUBLIC_FORM_RATE = "3/h"
    codes = [
        client.post(reverse("public_reply:start"), {"code": "NOPE"}).status_code for _ in "1234"
    ]
    assert codes == [200, 200, 200, 429]


def test_it_imports_courier_statuses_all_or_nothing(client, make_user, sent_campaign):
    client.force_login(make_user("analyst"))
    first, second = Target.objects.filter(campaign=sent_campaign, arm__is_control=False)[:2]
    control = Target.objects.filter(campaign=sent_campaign, arm__is_control=True)[0]
    url = reverse("campaigns:ops_courier_import", args=[sent_campaign.pk])
    bad = (
        "codigo_respuesta,estado,fecha\n"
        f"{first.reply_code},delivered,2025-03-05\n"
        f"{control.reply_code},delivered,2025-03-05\n"
        f"{second.reply_code},perdida,05/03/2025\n"
    )
    response = client.post(url, {"file": SimpleUploadedFile("c.csv", bad.encode())})
    text = response.content.decode()
    assert response.status_code == 400
    assert '<td class="num">3</td>' in text and "no se le envió carta" in text
    assert "perdida" in text
    assert not Dispatch.objects.exclude(status="pending").exists()

    good = (
        "codigo_respuesta;estado;fecha;detalle\n"
        f"{first.reply_code};entregada;2025-03-05;\n"
        f"{second.reply_code};returned;2025-03-06;Destinatario desconocido\n"
    )
    client.post(url, {"file": SimpleUploadedFile("c.csv", good.encode())})
    assert first.dispatches.get().status == "delivered"
    returned = second.dispatches.get()
    assert returned.status == "returned"
    note = returned.status_note_spanish()
    assert note == "Devuelta el 2025-03-06 (c.csv): Destinatario desconocido"
    assert first.dispatches.get().status_note_spanish() == "Entregada el 2025-03-05 (c.csv)"
    assert AuditEntry.objects.filter(action="dispatch.status").count() == 2


def test_it_imports_licence_reports_once_and_keeps_non_targets_apart(
    client, make_user, sent_campaign
):
    target = letter_target(sent_campaign)
    client.force_login(make_user("rights_holder"))
    url = reverse("campaigns:ops_licence_upload")
    header = "rights_holder,ruc,name,address,district,department,purchased_on,seats,amount_usd\n"
    bad = header + (
        f"Microsoft,{target.ruc},{target.name},,,,2025-04-01,5,1000.00\n"
        "Microsoft,20100070971,OTRA SAC,,,,2025-04-31,0,abc\n"
    )
    response = client.post(
        url, {"campaign": sent_campaign.pk, "file": SimpleUploadedFile("l.csv", bad.encode())}
    )
    text = response.content.decode()
    assert response.status_code == 400 and "dígito verificador" in text
    assert "2025-04-31" in text and "abc" in text
    assert not LicenceReport.objects.exists()

    good = header + (
        f"Microsoft,{target.ruc},{target.name},,,,2025-04-01,5,1000.00\n"
        "Microsoft,20100070970,EMPRESA AJENA SAC,Av. X 1,Lima,Lima,2025-04-02,2,300\n"
    )
    upload = {"campaign": sent_campaign.pk, "file": SimpleUploadedFile("l.csv", good.encode())}
    assert "2 compras, 1 de empresas objetivo" in client.post(url, upload).content.decode()
    upload["file"] = SimpleUploadedFile("otra-vez.csv", good.encode())
    assert "ya se había importado" in client.post(url, upload).content.decode()
    assert LicencePurchase.objects.count() == 2
    linked = LicencePurchase.objects.get(target=target)
    assert linked.link_method == "ruc"
    assert LicencePurchase.objects.get(target__isnull=True).name == "EMPRESA AJENA SAC"
    assert operations.non_target_purchases(sent_campaign).count() == 1
