import pytest

from ipenforce.core import audit
from ipenforce.core.models import AuditEntry
from ipenforce.parties.services import create_firm, update_firm

pytestmark = pytest.mark.django_db

RUC = "20100070970"


def test_it_records_who_changed_what_before_and_after(make_user):
    user = make_user("analyst")
    firm = create_firm(actor=user, ruc=RUC, legal_name="COMERCIAL LOS ANDES S.A.C.")
    update_firm(firm, actor=user, legal_name="COMERCIAL LOS ANDES SAC", address="AV. GRAU 123")

    entries = list(audit.history_for(firm).order_by("id"))
    assert [e.action for e in entries] == ["firm.create", "firm.update"]
    change = entries[1].changes
    assert change["legal_name"] == ["COMERCIAL LOS ANDES S.A.C.", "COMERCIAL LOS ANDES SAC"]
    assert change["address"] == ["", "AV. GRAU 123"]
    assert entries[1].actor == user
    assert entries[1].actor_label == user.username


def test_it_writes_nothing_when_nothing_changed(make_user):
    user = make_user("analyst")
    firm = create_firm(actor=user, ruc=RUC, legal_name="GRUPO EL SOL S.A.")
    update_firm(firm, actor=user, legal_name="GRUPO EL SOL S.A.")
    assert audit.history_for(firm).count() == 1


def test_it_refuses_to_edit_or_delete_entries(make_user):
    entry = audit.record(actor="sistema", action="test.action", note="x")
    entry.note = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="y")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).note == "x"


def test_it_offers_no_way_to_change_entries_in_the_admin(client_for):
    client = client_for("administrator")
    entry = audit.record(actor="sistema", action="test.action")
    assert client.get(f"/admin/core/auditentry/{entry.pk}/delete/").status_code in {403, 404}
    response = client.post(f"/admin/core/auditentry/{entry.pk}/change/", {"note": "hack"})
    assert response.status_code in {403, 404}
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_it_shows_an_objects_history_page(client_for, make_user):
    firm = create_firm(
        actor=make_user("analyst"), ruc=RUC, legal_name="FARMACIA SANTA ROSA E.I.R.L."
    )
    response = client_for("director").get(f"/historial/parties/firm/{firm.pk}/")
    assert response.status_code == 200
    assert b"firm.create" in response.content
    assert (
        client_for("outreach_officer").get(f"/historial/parties/firm/{firm.pk}/").status_code == 403
    )
