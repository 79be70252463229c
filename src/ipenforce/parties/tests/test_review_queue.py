import pytest

from ipenforce.core.models import AuditEntry
from ipenforce.parties.lists import services
from ipenforce.parties.models import Firm
from ipenforce.parties.models_lists import (
    ReviewItem,
    ReviewStatus,
    SourceLinkMethod,
    SourceRecord,
)
from ipenforce.parties.tests.test_lists_support import (
    LIST_LINES,
    csv_bytes,
    imported,
    known_firms,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncertain(make_user):
    analyst = make_user("analyst")
    firms = known_firms(analyst)
    list_import = imported(analyst, csv_bytes(*LIST_LINES))
    return list_import, ReviewItem.objects.get(), firms


def test_an_uncertain_pair_waits_in_the_queue_with_its_evidence(client_for, uncertain):
    _list_import, item, firms = uncertain
    assert item.row.line == 3 and item.status == ReviewStatus.PENDING
    assert {c["firm_id"] for c in item.candidates} == {
        firms["sanmartin1"].pk,
        firms["sanmartin2"].pk,
    }
    client = client_for("analyst")
    queue = client.get("/empresas/revision/").content.decode()
    assert "Inversiones San Martin SAC" in queue and item.get_absolute_url() in queue

    page = client.get(item.get_absolute_url()).content.decode()
    # both records side by side, field by field, with partial weights and the total probability
    assert "AV. LA MARINA 123" in page and "JR. CUSCO 456" in page
    evidence = item.candidates[0]["evidence"]
    name = next(e for e in evidence if e["field"] == "name")
    assert name["agrees"] is True and name["weight"] > 0
    assert name["new_value"] == "Inversiones San Martin SAC"
    assert name["known_value"] == "INVERSIONES SAN MARTIN S.A.C."
    assert f"{name['weight']:.2f}".replace(".", ",") in page  # es-PE decimal comma
    assert "Probabilidad de que sean la misma empresa" in page
    assert "peso total" in page and "falta el dato" in page  # the row has no address


def test_accepting_before_the_commit_links_the_row_at_commit(client_for, uncertain):
    list_import, item, firms = uncertain
    client = client_for("analyst")
    chosen = firms["sanmartin2"]
    response = client.post(item.get_absolute_url(), {"decision": "accept", "firm": chosen.pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.chosen_firm) == (ReviewStatus.ACCEPTED, chosen)
    assert AuditEntry.objects.filter(action="review.accept", object_id=str(item.pk)).exists()

    client.post(f"/empresas/listas/{list_import.pk}/confirmar/")
    record = SourceRecord.objects.get(line=3)
    assert (record.firm, record.link_method) == (chosen, SourceLinkMethod.REVIEW)
    assert "Inversiones San Martin SAC" in client.get(f"/empresas/{chosen.pk}/").content.decode()


def test_rejecting_after_the_commit_creates_a_new_firm(client_for, uncertain, make_user):
    list_import, item, _firms = uncertain
    services.commit_import(list_import.pk, actor=make_user("analyst"))
    firms_before = Firm.objects.count()
    client = client_for("analyst")
    response = client.post(item.get_absolute_url(), {"decision": "reject"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ReviewStatus.REJECTED
    assert Firm.objects.count() == firms_before + 1
    record = SourceRecord.objects.get(line=3)
    assert record.link_method == SourceLinkMethod.CREATED
    assert record.firm is not None and record.firm.legal_name == "Inversiones San Martin SAC"
    assert AuditEntry.objects.filter(action="review.reject").count() == 1
    # decided once only
    again = client.post(item.get_absolute_url(), {"decision": "accept"}, follow=True)
    assert "ya fue decidido" in again.content.decode()
    assert Firm.objects.count() == firms_before + 1


def test_accepting_after_the_commit_links_the_pending_record(client_for, uncertain, make_user):
    list_import, item, _firms = uncertain
    services.commit_import(list_import.pk, actor=make_user("analyst"))
    client = client_for("analyst")
    client.post(item.get_absolute_url(), {"decision": "accept"})
    record = SourceRecord.objects.get(line=3)
    assert record.firm_id == item.best_firm_id
    assert record.link_method == SourceLinkMethod.REVIEW


def test_only_candidates_can_be_accepted(client_for, uncertain):
    _list_import, item, firms = uncertain
    client = client_for("analyst")
    response = client.post(
        item.get_absolute_url(), {"decision": "accept", "firm": firms["sol"].pk}, follow=True
    )
    assert "no es una de las candidatas" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ReviewStatus.PENDING


def test_who_may_see_and_decide_the_review_queue(client_for, uncertain):
    _list_import, item, _firms = uncertain
    url = item.get_absolute_url()
    assert client_for("director").get(url).status_code == 200
    assert client_for("director").post(url, {"decision": "reject"}).status_code == 403
    assert client_for("rights_holder").get("/empresas/revision/").status_code == 403
    assert client_for(None).get(url).status_code == 403
    item.refresh_from_db()
    assert item.status == ReviewStatus.PENDING
