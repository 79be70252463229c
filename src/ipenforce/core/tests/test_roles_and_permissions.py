import pytest
from django.contrib.auth.models import Group

from ipenforce.core.roles import ROLES, sync_roles

pytestmark = pytest.mark.django_db


def test_it_creates_a_group_for_every_role():
    assert {r.group for r in ROLES} <= set(Group.objects.values_list("name", flat=True))


def test_it_finds_every_permission_the_roles_declare():
    assert sync_roles() == []


@pytest.mark.parametrize(
    ("url", "allowed", "denied"),
    [
        ("/empresas/", ["analyst", "director"], ["rights_holder", None]),
        ("/trabajos/", ["analyst", "director"], ["outreach_officer", "rights_holder"]),
        ("/auditoria/", ["legal_officer", "director"], ["outreach_officer", None]),
        ("/empresas/nueva/", ["analyst"], ["director", "legal_officer"]),
    ],
)
def test_it_requires_the_right_permission_on_staff_pages(client_for, url, allowed, denied):
    for role in allowed:
        assert client_for(role).get(url).status_code == 200, (url, role)
    for role in denied:
        assert client_for(role).get(url).status_code in {302, 403}, (url, role)


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get("/empresas/")
    assert response.status_code == 302
    assert response["Location"].startswith("/ingresar/")
