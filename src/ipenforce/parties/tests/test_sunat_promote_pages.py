"""The "Crear empresas desde el padrón" page: filter, preview, start the job, the worker runs it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ipenforce.core.models import AuditEntry, JobProgress
from ipenforce.parties.models import Firm
from ipenforce.parties.models_lists import SourceOrigin, SourceRecord
from ipenforce.parties.tests.test_sunat_promote import sunat_import, taxpayer

URL = "/empresas/sunat/crear-empresas/"


@pytest.mark.django_db(transaction=True)  # the worker closes the connection
def test_the_page_previews_and_the_worker_creates_the_firms(client_for):
    run = sunat_import()
    lima = taxpayer(run, "FERRETERIA EL ANGEL S.A.C.")
    taxpayer(run, "QUISPE MAMANI JUAN", prefix="10")
    taxpayer(run, "AGROINDUSTRIAS CUSCO S.A.", ubigeo="080101")
    client = client_for("analyst")

    page = client.get(URL).content.decode()
    assert 'name="department"' in page and 'value="BAJA DE OFICIO"' not in page
    assert 'value="ACTIVO"' in page and 'value="HABIDO"' in page  # values present in the mirror
    assert "Vista previa" not in page  # nothing counted before a filter is sent

    query = "department=15&province=&district=&kinds=20&name="
    page = client.get(f"{URL}?{query}").content.decode()
    assert "1 contribuyente cumple el filtro" in page
    assert lima.ruc in page and "AGROINDUSTRIAS" not in page
    assert f'action="?{query.replace("&", "&amp;")}"' in page and "Crear 1 empresa" in page

    response = client.post(f"{URL}?{query}")
    assert response.status_code == 302 and response["Location"] == f"{URL}?{query}"
    job = DBTaskResult.objects.get()
    assert JobProgress.objects.get(task_id=str(job.id)).label_params == {"count": 1}
    page = client.get(response["Location"]).content.decode()
    assert f'id="job-{job.id}"' in page and "En cola" in page

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    job.refresh_from_db()
    assert job.status == "SUCCESSFUL"
    firm = Firm.objects.get()
    assert firm.ruc == lima.ruc
    assert SourceRecord.objects.get().origin == SourceOrigin.SUNAT
    entry = AuditEntry.objects.get(action="sunat.promote")
    assert entry.actor is not None and entry.actor.username.startswith("analyst")
    progress = JobProgress.objects.get(task_id=str(job.id))
    assert (progress.done, progress.total, progress.message) == (1, 1, "listo")
    page = client.get(f"{URL}?{query}").content.decode()
    assert "0 contribuyentes cumplen el filtro" in page and "Crear 0" not in page
    assert "Terminado" in page


@pytest.mark.django_db
def test_it_reads_in_english(client_for, settings):
    run = sunat_import()
    taxpayer(run, "FERRETERIA EL ANGEL S.A.C.")
    client = client_for("analyst")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"{URL}?department=15").content.decode()
    assert "Create companies from the register" in page
    assert "1 taxpayer matches the filter and is not a company yet." in page
    assert "Create 1 company" in page and "Kind of RUC" in page


@pytest.mark.django_db
def test_an_inconsistent_place_or_an_empty_selection_creates_nothing(client_for):
    run = sunat_import()
    taxpayer(run, "FERRETERIA EL ANGEL S.A.C.")
    client = client_for("analyst")
    response = client.get(f"{URL}?department=08&district=150122")
    assert "El distrito no es del departamento elegido." in response.content.decode()
    assert client.post(f"{URL}?department=08&district=150122").status_code == 400
    assert client.post(f"{URL}?department=08").status_code == 400
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_only_roles_that_add_firms_may_use_it(client_for):
    for role in ("director", "legal_officer", "outreach_officer", "rights_holder", None):
        client = client_for(role)
        assert client.get(URL).status_code == 403, role
        assert client.post(f"{URL}?department=15").status_code == 403, role
    assert client_for("administrator").get(URL).status_code == 200
    index = client_for("analyst").get("/empresas/sunat/").content.decode()
    assert f'href="{URL}"' in index
    assert f'href="{URL}"' not in client_for("director").get("/empresas/sunat/").content.decode()
    assert not DBTaskResult.objects.exists()
