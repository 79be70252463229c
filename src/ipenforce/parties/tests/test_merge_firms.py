import datetime as dt

import pytest

from ipenforce.campaigns.models import Arm, LicencePurchase, LicenceReport, Target
from ipenforce.campaigns.tests.ops_factories import make_campaign
from ipenforce.core.models import AuditEntry
from ipenforce.parties import merging
from ipenforce.parties.lists import services
from ipenforce.parties.models import Firm
from ipenforce.parties.models_lists import FirmMerge, SourceRecord
from ipenforce.parties.services import create_firm
from ipenforce.parties.tests.test_lists_support import (
    OTHER_RUC,
    VALID_RUC,
    csv_bytes,
    imported,
)

pytestmark = pytest.mark.django_db


def _campaign(actor, name):
    campaign = make_campaign(actor, name)
    return campaign, Arm.objects.create(campaign=campaign, name="carta")


def _target(campaign, arm, firm, target_id):
    return Target.objects.create(
        campaign=campaign, arm=arm, firm=firm, target_id=target_id, name=firm.legal_name
    )


@pytest.fixture
def pair(make_user):
    """A (with RUC) and B (same firm, no RUC) with records in lists and campaigns."""
    analyst = make_user("analyst")
    a = create_firm(actor=analyst, ruc=VALID_RUC, legal_name="LIBRERIA EL SOL S.R.L.")
    b = create_firm(actor=analyst, legal_name="LIBRERIA EL SOL", address="AV. LARCO 345")
    list_import = imported(analyst, csv_bytes("Librería El Sol;;Av. Larco 345;;;"))
    services.commit_import(list_import.pk, actor=analyst)
    c1, arm1 = _campaign(analyst, "2024-Lima")
    c2, arm2 = _campaign(analyst, "2025-Lima")
    kept_target = _target(c1, arm1, b, "T-B1")  # A is already a target of c1: stays with B
    _target(c1, arm1, a, "T-A1")
    moved_target = _target(c2, arm2, b, "T-B2")
    report = LicenceReport.objects.create(rights_holder="Microsoft", sha256="x" * 64)
    purchase = LicencePurchase.objects.create(
        report=report,
        line=2,
        rights_holder="Microsoft",
        name="LIBRERIA EL SOL",
        purchased_on=dt.date(2025, 3, 1),
        seats=3,
        amount_usd=300,
        firm=b,
    )
    return {
        "analyst": analyst,
        "a": a,
        "b": b,
        "record": SourceRecord.objects.get(firm=b),
        "kept_target": kept_target,
        "moved_target": moved_target,
        "purchase": purchase,
    }


def test_merge_moves_records_and_split_restores_them(pair):
    a, b, analyst = pair["a"], pair["b"], pair["analyst"]
    merge = merging.merge_firms(a, b, actor=analyst, reason="misma librería")
    b.refresh_from_db()
    assert b.merged_into == a
    assert merge.moved == {
        "parties.SourceRecord.firm": [pair["record"].pk],
        "campaigns.Target.firm": [pair["moved_target"].pk],
        "campaigns.LicencePurchase.firm": [pair["purchase"].pk],
    }
    assert merge.kept == {"campaigns.Target.firm": [pair["kept_target"].pk]}
    assert SourceRecord.objects.get(pk=pair["record"].pk).firm == a
    assert Target.objects.get(pk=pair["moved_target"].pk).firm == a
    assert LicencePurchase.objects.get(pk=pair["purchase"].pk).firm == a
    assert Target.objects.get(pk=pair["kept_target"].pk).firm == b
    assert AuditEntry.objects.filter(action="firm.merge", object_id=str(a.pk)).exists()
    assert AuditEntry.objects.filter(action="firm.merged_into", object_id=str(b.pk)).exists()

    # a record linked to A after the merge stays with A when the merge is undone
    later = SourceRecord.objects.create(
        firm=a, origin="manual", name="LIBRERIA EL SOL SRL", link_method="manual"
    )
    merging.split_merge(merge, actor=analyst, reason="eran dos locales distintos")
    b.refresh_from_db()
    assert b.merged_into is None
    assert SourceRecord.objects.get(pk=pair["record"].pk).firm == b
    assert Target.objects.get(pk=pair["moved_target"].pk).firm == b
    assert LicencePurchase.objects.get(pk=pair["purchase"].pk).firm == b
    assert SourceRecord.objects.get(pk=later.pk).firm == a
    merge.refresh_from_db()
    assert merge.split_at is not None and merge.split_by == analyst
    assert AuditEntry.objects.filter(action="firm.split").count() == 2
    with pytest.raises(merging.MergeRefused):
        merging.split_merge(merge, actor=analyst)


def test_it_refuses_to_merge_firms_with_different_valid_rucs_unless_forced(make_user):
    analyst = make_user("analyst")
    a = create_firm(actor=analyst, ruc=VALID_RUC, legal_name="LIBRERIA EL SOL S.R.L.")
    b = create_firm(actor=analyst, ruc=OTHER_RUC, legal_name="LIBRERIA EL SOL S.A.C.")
    with pytest.raises(merging.MergeRefused, match="RUC válidos distintos"):
        merging.merge_firms(a, b, actor=analyst)
    with pytest.raises(merging.MergeRefused, match="RUC válidos distintos"):
        merging.merge_firms(a, b, actor=analyst, force=True, reason="  ")
    assert not FirmMerge.objects.exists()
    merge = merging.merge_firms(a, b, actor=analyst, force=True, reason="RUC dado de baja")
    assert merge.forced
    with pytest.raises(merging.MergeRefused, match="ya está fusionada"):
        merging.merge_firms(a, b, actor=analyst)
    with pytest.raises(merging.MergeRefused, match="consigo misma"):
        merging.merge_firms(a, a, actor=analyst)


def test_a_split_waits_for_later_merges_to_be_undone(make_user):
    analyst = make_user("analyst")
    a, b, c = (create_firm(actor=analyst, legal_name=f"FIRMA {x}") for x in "ABC")
    first = merging.merge_firms(b, c, actor=analyst)
    second = merging.merge_firms(a, b, actor=analyst)
    c.refresh_from_db()
    assert c.merged_into == a  # firms merged into B follow it
    with pytest.raises(merging.MergeRefused, match="deshaga antes"):
        merging.split_merge(first, actor=analyst)
    merging.split_merge(second, actor=analyst)
    c.refresh_from_db()
    assert c.merged_into == b
    merging.split_merge(first, actor=analyst)
    assert Firm.objects.filter(merged_into__isnull=False).count() == 0


def test_merge_and_split_through_the_pages(client_for, pair):
    a, b = pair["a"], pair["b"]
    client = client_for("analyst")
    page = client.get(f"/empresas/{a.pk}/").content.decode()
    assert f"/empresas/{a.pk}/fusionar/" in page
    compare = client.post(f"/empresas/{a.pk}/fusionar/", {"other": str(b.pk)}).content.decode()
    assert "Confirmar la fusión" in compare and "AV. LARCO 345" in compare
    response = client.post(
        f"/empresas/{a.pk}/fusionar/", {"other": str(b.pk), "reason": "duplicado", "confirm": "1"}
    )
    merge = FirmMerge.objects.get()
    assert response["Location"] == f"/empresas/fusiones/{merge.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "Registros de origen" in detail and "Empresas objetivo de campañas" in detail

    survivor_page = client.get(f"/empresas/{a.pk}/").content.decode()
    assert "Empresas fusionadas en esta" in survivor_page and "Librería El Sol" in survivor_page
    merged_page = client.get(f"/empresas/{b.pk}/").content.decode()
    assert "Esta empresa fue fusionada en" in merged_page
    assert "firm.merged_into" in merged_page  # its history is kept

    response = client.post(f"/empresas/fusiones/{merge.pk}/", {"reason": "error"})
    assert response["Location"] == f"/empresas/{b.pk}/"
    b.refresh_from_db()
    assert b.merged_into is None


def test_who_may_merge(client_for, make_user):
    analyst = make_user("analyst")
    a = create_firm(actor=analyst, legal_name="FIRMA A")
    b = create_firm(actor=analyst, legal_name="FIRMA B")
    data = {"other": str(b.pk), "confirm": "1"}
    for role in ("director", "rights_holder", None):
        assert client_for(role).post(f"/empresas/{a.pk}/fusionar/", data).status_code == 403
    merge = merging.merge_firms(a, b, actor=analyst)
    assert client_for("director").get(f"/empresas/fusiones/{merge.pk}/").status_code == 200
    response = client_for("director").post(f"/empresas/fusiones/{merge.pk}/", {"reason": "x"})
    assert response.status_code == 403
    assert client_for("rights_holder").get(f"/empresas/fusiones/{merge.pk}/").status_code == 403
    b.refresh_from_db()
    assert b.merged_into == a
