import pytest
from django.core.exceptions import ValidationError

from ipenforce.parties.models import Firm
from ipenforce.parties.services import create_firm
from ipenforce.parties.validators import ruc_problem

pytestmark = pytest.mark.django_db

VALID = "20100070970"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (VALID, None),
        ("20100070971", "dígito verificador"),
        ("2010007097", "11 dígitos"),
        ("2010007097A", "solo puede contener dígitos"),
        ("30100070970", "debe empezar"),
    ],
)
def test_it_explains_what_is_wrong_with_a_ruc(value, problem):
    result = ruc_problem(value)
    if problem is None:
        assert result is None
    else:
        assert result is not None and problem in result


def test_it_refuses_a_firm_with_a_wrong_check_digit(make_user):
    with pytest.raises(ValidationError) as exc:
        create_firm(actor=make_user("analyst"), ruc="20100070971", legal_name="X S.A.C.")
    assert "ruc" in exc.value.message_dict
    assert Firm.objects.count() == 0


def test_it_allows_firms_without_ruc(make_user):
    user = make_user("analyst")
    a = create_firm(actor=user, ruc="", legal_name="BODEGA SIN RUC")
    b = create_firm(actor=user, legal_name="OTRA BODEGA")
    assert a.ruc is None and b.ruc is None


def test_it_shows_the_firm_page_with_its_history(client_for, make_user):
    firm = create_firm(
        actor=make_user("analyst"),
        ruc=VALID,
        legal_name="LIBRERIA EL SOL S.R.L.",
        district_id="150122",
    )
    page = client_for("director").get(f"/empresas/{firm.pk}/").content.decode()
    assert "LIBRERIA EL SOL S.R.L." in page
    assert "Miraflores" in page and "150122" in page
    assert "firm.create" in page


def test_it_creates_and_edits_a_firm_through_the_form(client_for):
    client = client_for("analyst")
    response = client.post(
        "/empresas/nueva/",
        {"ruc": VALID, "legal_name": "GRUPO PACIFICO S.A.", "district": "040101", "size": "small"},
    )
    assert response.status_code == 302, response.content.decode()
    firm = Firm.objects.get(ruc=VALID)
    assert firm.district_id == "040101"
    response = client.post(
        f"/empresas/{firm.pk}/editar/",
        {"ruc": "20100070971", "legal_name": "GRUPO PACIFICO S.A.", "size": "small"},
    )
    assert response.status_code == 200
    assert "dígito verificador" in response.content.decode()


def test_it_searches_by_ruc_name_and_department(client_for, make_user):
    user = make_user("analyst")
    create_firm(actor=user, ruc=VALID, legal_name="INVERSIONES MISTI S.A.C.", district_id="040101")
    create_firm(actor=user, legal_name="INVERSIONES CHAVIN S.A.C.", district_id="150101")
    client = client_for("analyst")
    page = client.get("/empresas/?q=inversiones&departamento=04").content.decode()
    assert "MISTI" in page and "CHAVIN" not in page
    assert "MISTI" in client.get(f"/empresas/?q={VALID[:6]}").content.decode()
