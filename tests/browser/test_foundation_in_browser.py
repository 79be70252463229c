import pytest

from ipenforce.parties.services import create_firm
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_in_switches_language_and_opens_a_firm_page(page, make_user):
    make_user("analyst", username="ana")
    firm = create_firm(
        actor="test", ruc="20100070970", legal_name="LIBRERIA EL SOL S.R.L.", district_id="150122"
    )

    page.goto("/")
    assert_accessible(page)
    page.goto("/ingresar/")
    assert_accessible(page)

    login(page, "ana")
    assert page.get_by_role("heading", name="Empresas").first.is_visible()

    page.get_by_label("Idioma").select_option("en")
    page.get_by_role("button", name="Cambiar idioma").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Companies").first.is_visible()

    page.get_by_label("Language").select_option("es-pe")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"

    page.get_by_role("link", name="Empresas").first.click()
    page.get_by_label("RUC o nombre").fill("sol")
    page.get_by_role("button", name="Buscar").click()
    page.get_by_role("link", name="LIBRERIA EL SOL S.R.L.").click()
    page.wait_for_url(f"**/empresas/{firm.pk}/")
    assert page.get_by_text("Miraflores").first.is_visible()
    assert_accessible(page)
