import pytest

from ipenforce.parties.models import Firm
from ipenforce.parties.models_lists import ListImport, ListImportStatus, SourceRecord
from ipenforce.parties.services import create_firm
from ipenforce.parties.tests.test_lists_support import fresh_database
from tests.browser.conftest import assert_accessible, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

LIST = (
    "Razón Social;RUC;Dirección;Distrito;Departamento\n"
    "Libreria El Sol SRL;20100070970;Avenida Larco 345;150122;Lima\n"
    "Inversiones San Martin SAC;;;San Miguel;Lima\n"
    "Ferretería Los Andes S.A.C.;;Av. Grau 1;080101;Cusco\n"
    "Bodega Mary;20100070971;Jr. Puno 3;150101;Lima\n"
    ";;Sin nombre 1;;\n"
)


def test_it_uploads_maps_previews_reviews_and_commits_a_list(page, make_user):
    fresh_database()
    make_user("analyst", username="ana")
    create_firm(actor="test", ruc="20100070970", legal_name="LIBRERIA EL SOL S.R.L.")
    create_firm(
        actor="test",
        legal_name="INVERSIONES SAN MARTIN S.A.C.",
        address="AV. LA MARINA 123",
        district_id="150136",
    )
    second = create_firm(
        actor="test",
        legal_name="INVERSIONES SAN MARTIN S.A.C.",
        address="JR. CUSCO 456",
        district_id="150136",
    )
    login(page, "ana")

    page.get_by_role("link", name="Listas").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Cargar una lista").click()
    assert_accessible(page)
    page.get_by_label("Archivo (CSV en UTF-8 o Excel .xlsx)").set_input_files(
        files=[{"name": "clientes.csv", "mimeType": "text/csv", "buffer": LIST.encode()}]
    )
    page.get_by_label("Nuevo titular de derechos").fill("Microsoft Perú")
    page.get_by_role("button", name="Cargar").click()

    # map: the columns are guessed from their headers, and can be changed
    page.wait_for_url("**/columnas/")
    assert page.get_by_label("Razón social o nombre").input_value() == "Razón Social"
    page.get_by_label("Departamento").select_option("Departamento")
    assert_accessible(page)
    page.get_by_role("button", name="Revisar la lista").click()

    # preview: problems by line
    page.wait_for_url("**/listas/*/")
    problems = page.get_by_role("region", name="Errores y advertencias por línea")
    assert problems.get_by_text("el dígito verificador del RUC no es correcto").is_visible()
    assert problems.get_by_text("falta la razón social o nombre").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Cruzar con las empresas registradas").click()

    # the namesake is uncertain: review it
    page.get_by_role("link", name="1 por decidir").click()
    assert_accessible(page)
    page.get_by_role("link", name="Inversiones San Martin SAC").click()
    assert page.get_by_role("heading", name="¿Es la misma empresa?").is_visible()
    assert page.get_by_text("JR. CUSCO 456").first.is_visible()
    assert_accessible(page)
    candidate = page.locator("section").filter(has_text="JR. CUSCO 456")
    candidate.get_by_role("button", name="Aceptar: es INVERSIONES SAN MARTIN S.A.C.").click()

    # back on the list (no more pending pairs): commit
    page.get_by_text("Decisión registrada.").wait_for()
    page.get_by_role("button", name="Confirmar la lista").click()
    page.get_by_text("Lista confirmada.").wait_for()
    # the list page as it stays once the flash message is gone
    page.reload()
    assert page.get_by_text("Confirmada", exact=True).first.is_visible()
    assert_accessible(page)

    list_import = ListImport.objects.get()
    assert list_import.status == ListImportStatus.COMMITTED
    assert SourceRecord.objects.get(line=3).firm == second
    assert Firm.objects.filter(legal_name="Ferretería Los Andes S.A.C.").exists()

    page.goto(f"/empresas/{second.pk}/")
    records = page.get_by_role("region", name="Registros de origen")
    assert records.get_by_text("Aceptada en revisión").is_visible()
    assert_accessible(page)
