"""The SUNAT register pages: upload the zip, the worker imports it, counts, changes, rejects."""

from __future__ import annotations

import io
import random
import threading
import time
import zipfile

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from bench.generators.sunat import HEADER
from ipenforce.core.models import AuditEntry, JobProgress
from ipenforce.parties.models import SunatImport, SunatTaxpayer
from ipenforce.parties.rucgen import make_ruc
from ipenforce.parties.sunat import files, tasks
from ipenforce.parties.sunat.service import LOCK_KEY
from ipenforce.parties.tests.test_sunat_interrupted import _database_url

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes the connection


def padron_zip(rows: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        text = "\n".join([HEADER, *rows]) + "\n"
        archive.writestr("padron_reducido_ruc.txt", text.encode("iso-8859-1"))
    return buffer.getvalue()


def line(ruc: str, state: str = "ACTIVO", via: str = "LARCO") -> str:
    fields = [ruc, "FERRETERÍA EL ÁNGEL S.A.C.", state, "HABIDO", "150122", "AV.", via]
    return "|".join([*fields, "-", "-", "345", "-", "-", "-", "-", "-"]) + "|"


@pytest.fixture
def sunat_dir(settings, tmp_path):
    settings.SUNAT_DIR = tmp_path / "sunat"
    return settings.SUNAT_DIR


def test_staff_upload_the_zip_and_the_worker_imports_it(client_for, sunat_dir):
    rucs = [make_ruc(random.Random(i)) for i in range(20)]
    bad = rucs[0][:-1] + str((int(rucs[0][-1]) + 1) % 10)
    client = client_for("analyst")
    upload = SimpleUploadedFile(
        "padron_reducido_ruc.zip", padron_zip([*map(line, rucs), line(bad)])
    )
    response = client.post("/empresas/sunat/subir/", {"file": upload, "start": "on"})
    assert response.status_code == 302
    [stored] = list(sunat_dir.iterdir())
    assert stored.name.endswith("-padron_reducido_ruc.zip")
    assert AuditEntry.objects.filter(action="sunat.upload").exists()
    job = DBTaskResult.objects.get()
    assert JobProgress.objects.get(task_id=str(job.id)).label_params == {"file": stored.name}

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    run = SunatImport.objects.get()
    assert (run.status, run.rows_read, run.rows_new, run.rows_rejected) == ("done", 21, 20, 1)
    assert SunatTaxpayer.objects.count() == 20
    progress = JobProgress.objects.get(task_id=str(job.id))
    assert progress.done == progress.total and progress.message_params == {"rows": 21}

    page = client.get("/empresas/sunat/").content.decode()
    assert stored.name in page  # the folder's files
    assert f'href="/empresas/sunat/{run.pk}/"' in page and "terminada" in page
    detail = client.get(f"/empresas/sunat/{run.pk}/").content.decode()
    assert "el dígito verificador del RUC no es correcto" in detail
    assert bad in detail
    rejects = client.get(f"/empresas/sunat/{run.pk}/rechazos.csv")
    assert rejects["Content-Disposition"].startswith("attachment")
    assert bad in b"".join(rejects.streaming_content).decode()

    # The same file again, from the folder, with two taxpayers changed: the changes are listed.
    stored.write_bytes(
        padron_zip(
            [
                line(rucs[1], state="BAJA DE OFICIO"),
                line(rucs[2], via="PARDO"),
                *map(line, rucs[3:]),
            ]
        )
    )
    assert client.post("/empresas/sunat/importar/", {"name": stored.name}).status_code == 302
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    second = SunatImport.objects.get(pk__gt=run.pk)
    assert (second.rows_new, second.rows_updated, second.rows_unchanged) == (0, 2, 17)
    detail = client.get(f"/empresas/sunat/{second.pk}/").content.decode()
    assert "BAJA DE OFICIO" in detail and "AV. PARDO NRO. 345" in detail
    assert "Ninguna fila rechazada." in detail


def test_a_running_import_shows_a_progress_bar_that_polls(client_for, sunat_dir):
    from django.utils import timezone

    run = SunatImport.objects.create(
        file_name="padron.zip",
        size_bytes=1000,
        bytes_done=250,
        rows_read=99,
        started_at=timezone.now(),
    )
    row = client_for("director").get(f"/empresas/sunat/{run.pk}/progreso/").content.decode()
    assert 'hx-trigger="every 2s"' in row and 'value="25"' in row and "99 filas" in row
    run.status = "done"
    run.save()
    row = client_for("director").get(f"/empresas/sunat/{run.pk}/progreso/").content.decode()
    assert "hx-get" not in row


def test_only_staff_with_the_permission_see_or_import(client_for, sunat_dir):
    assert client_for("rights_holder").get("/empresas/sunat/").status_code == 403
    director = client_for("director")
    assert director.get("/empresas/sunat/").status_code == 200
    upload = SimpleUploadedFile("p.zip", padron_zip([]))
    assert director.post("/empresas/sunat/subir/", {"file": upload}).status_code == 403
    assert not sunat_dir.exists() or not any(sunat_dir.iterdir())


def test_it_refuses_other_files_and_names_outside_the_folder(client_for, sunat_dir):
    client = client_for("analyst")
    upload = SimpleUploadedFile("lista.xlsx", b"PK\x03\x04")
    response = client.post("/empresas/sunat/subir/", {"file": upload})
    assert response.status_code == 400
    assert "se espera el padrón de SUNAT en .zip o .txt" in response.content.decode()
    response = client.post("/empresas/sunat/importar/", {"name": "../../etc/passwd"})
    assert response.status_code == 400
    assert DBTaskResult.objects.count() == 0


def test_a_job_waits_while_another_import_holds_the_lock(
    make_user, sunat_dir, monkeypatch, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("the lock between imports is PostgreSQL's advisory lock")
    monkeypatch.setattr(tasks, "WAIT_SECONDS", 0.1)
    path = sunat_dir / "padron.txt"
    sunat_dir.mkdir(parents=True)
    path.write_bytes(
        ("\n".join([HEADER, line(make_ruc(random.Random(5)))]) + "\n").encode("iso-8859-1")
    )
    url = _database_url(tmp_path)
    with psycopg.connect(url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])  # "another import"
        files.start_import(path, actor=make_user("analyst"))

        def release_once_waiting() -> None:
            with psycopg.connect(url, autocommit=True) as watcher:
                for _ in range(3000):
                    row = watcher.execute("SELECT message FROM core_jobprogress").fetchone()
                    if row and row[0].startswith("esperando"):
                        break
                    time.sleep(0.01)
            holder.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])

        releaser = threading.Thread(target=release_once_waiting)
        releaser.start()
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        releaser.join()
    run = SunatImport.objects.get()
    assert (run.status, run.rows_new) == ("done", 1)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
