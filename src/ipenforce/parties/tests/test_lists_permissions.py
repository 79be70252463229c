import pytest

from ipenforce.parties.models_lists import ListImport, ListImportStatus, RightsHolder
from ipenforce.parties.tests.test_lists_support import (
    LIST_LINES,
    csv_bytes,
    imported,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(client, make_user):
    """A rights-holder user tied to Adobe, logged in."""
    user = make_user("rights_holder")
    adobe = RightsHolder.objects.create(name="Adobe")
    adobe.users.add(user)
    client.force_login(user)
    return client, adobe


def test_a_partner_uploads_for_their_own_rights_holder_only(partner, make_user):
    client, adobe = partner
    other = RightsHolder.objects.create(name="Autodesk")
    response = client.post(
        "/empresas/listas/nueva/",
        {"file": upload("a.csv", csv_bytes(*LIST_LINES)), "rights_holder": other.pk},
    )
    assert response.status_code == 200 and not ListImport.objects.exists()
    response = client.post(
        "/empresas/listas/nueva/",
        {
            "file": upload("a.csv", csv_bytes(*LIST_LINES)),
            "rights_holder": adobe.pk,
            "new_rights_holder": "Intruso",
        },
    )
    assert response.status_code == 302
    mine = ListImport.objects.get()
    assert mine.rights_holder == adobe
    assert not RightsHolder.objects.filter(name="Intruso").exists()
    mapping = {"name": "Razón Social", "ruc": "RUC", "district": "Distrito"}
    assert client.post(f"/empresas/listas/{mine.pk}/columnas/", mapping).status_code == 302
    assert client.post(f"/empresas/listas/{mine.pk}/cruzar/").status_code == 302
    mine.refresh_from_db()
    assert mine.status == ListImportStatus.MATCHED
    # the partner cannot commit: staff do
    assert client.post(f"/empresas/listas/{mine.pk}/confirmar/").status_code == 403
    page = client.get(f"/empresas/listas/{mine.pk}/").content.decode()
    assert "El personal de la Dirección confirmará la lista." in page

    theirs = imported(make_user("analyst"), csv_bytes("Bodega Uno;;;;;"), holder="Autodesk")
    listing = client.get("/empresas/listas/").content.decode()
    assert "a.csv" in listing and "Autodesk" not in listing
    assert client.get(f"/empresas/listas/{theirs.pk}/").status_code == 404
    assert client.get(f"/empresas/listas/{theirs.pk}/columnas/").status_code == 404


def test_a_partner_without_a_rights_holder_cannot_upload(client_for):
    assert client_for("rights_holder").get("/empresas/listas/nueva/").status_code == 403


@pytest.mark.parametrize(
    ("role", "index", "upload_page", "commit"),
    [
        ("analyst", 200, 200, 302),
        ("director", 200, 403, 403),
        ("legal_officer", 403, 403, 403),
        (None, 403, 403, 403),
    ],
)
def test_who_may_see_upload_and_commit_lists(
    client_for, make_user, role, index, upload_page, commit
):
    list_import = imported(make_user("analyst"), csv_bytes(*LIST_LINES))
    client = client_for(role)
    assert client.get("/empresas/listas/").status_code == index
    assert client.get("/empresas/listas/nueva/").status_code == upload_page
    assert client.post(f"/empresas/listas/{list_import.pk}/confirmar/").status_code == commit
    list_import.refresh_from_db()
    assert (list_import.status == ListImportStatus.COMMITTED) == (role == "analyst")


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/empresas/listas/")
    assert response.status_code == 302 and response["Location"].startswith("/ingresar/")


def test_the_navigation_shows_lists_to_those_who_may_see_them(client_for):
    assert 'href="/empresas/listas/"' in client_for("analyst").get("/empresas/").content.decode()
    assert 'href="/empresas/listas/"' not in client_for("legal_officer").get("/").content.decode()
