import io
import random
import zipfile

import pytest
from django.core.management import call_command

from bench.generators.sunat import HEADER
from ipenforce.parties.models import SunatImport
from ipenforce.parties.rucgen import make_ruc
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def padron_zip(rucs: list[str]) -> bytes:
    lines = [
        f"{ruc}|BOTICA SANTA ROSA E.I.R.L.|ACTIVO|HABIDO|150122|AV.|LARCO|-|-|345|-|-|-|-|-|"
        for ruc in rucs
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "padron_reducido_ruc.txt", ("\n".join([HEADER, *lines]) + "\n").encode("iso-8859-1")
        )
    return buffer.getvalue()


def test_staff_upload_the_padron_and_read_the_import(page, make_user, settings, tmp_path):
    settings.SUNAT_DIR = tmp_path / "sunat"
    make_user("analyst", username="ana")
    rucs = [make_ruc(random.Random(i)) for i in range(12)]
    rucs.append(rucs[0][:-1] + str((int(rucs[0][-1]) + 1) % 10))  # a wrong check digit
    login(page, "ana")

    page.get_by_role("link", name="Padrón SUNAT").click()
    page.get_by_role("heading", name="Padrón reducido RUC de SUNAT").wait_for()
    assert_accessible(page)
    page.get_by_label("Padrón reducido RUC (.zip de SUNAT o .txt)").set_input_files(
        files=[
            {
                "name": "padron_reducido_ruc.zip",
                "mimeType": "application/zip",
                "buffer": padron_zip(rucs),
            }
        ]
    )
    page.get_by_role("button", name="Subir").click()
    page.get_by_text("Padrón subido; la importación está en cola.").wait_for()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    run = SunatImport.objects.get()
    assert (run.rows_new, run.rows_rejected) == (12, 1)

    page.reload()
    row = page.locator(f"#sunat-{run.pk}")  # the import's row in the imports table
    assert "terminada" in row.inner_text() and "padron_reducido_ruc.zip" in row.inner_text()
    assert_accessible(page)
    row.get_by_role("link").click()
    page.get_by_role("heading", name="Filas rechazadas").wait_for()
    assert page.get_by_text("el dígito verificador del RUC no es correcto").is_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar todas las filas rechazadas (CSV)").click()
    assert rucs[-1] in download.value.path().read_text(encoding="utf-8")
