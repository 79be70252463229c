import pytest
from django.core.management import call_command

from ipenforce.parties.models import Firm
from ipenforce.parties.tests.test_sunat_promote import sunat_import, taxpayer
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_create_firms_from_the_register(page, make_user):
    make_user("analyst", username="ana")
    run = sunat_import()
    lima = taxpayer(run, "BOTICA SANTA ROSA E.I.R.L.")
    taxpayer(run, "AGROINDUSTRIAS CUSCO S.A.", ubigeo="080101")
    login(page, "ana")

    page.get_by_role("link", name="Padrón SUNAT").click()
    page.get_by_role("link", name="Crear empresas desde el padrón").click()
    page.get_by_role("heading", name="Crear empresas desde el padrón").wait_for()
    assert_accessible(page)
    page.get_by_label("Departamento").select_option(label="Lima")
    page.get_by_label("20: personas jurídicas (empresas)").check()
    page.get_by_role("button", name="Ver contribuyentes").click()
    page.get_by_text("1 contribuyente cumple el filtro y todavía no es empresa.").wait_for()
    assert page.get_by_role("cell", name=lima.ruc).is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Crear 1 empresa").click()
    page.get_by_text("Creación de 1 empresa en cola").wait_for()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.get_by_text("Terminado").wait_for()  # the job's row polls until it is done
    assert_accessible(page)
    assert Firm.objects.get().ruc == lima.ruc
