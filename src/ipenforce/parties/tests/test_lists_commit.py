import pytest
from django.core.management import call_command

from ipenforce.core.models import AuditEntry, JobProgress
from ipenforce.parties.lists import services
from ipenforce.parties.models import Firm
from ipenforce.parties.models_lists import (
    ListImport,
    ListImportStatus,
    ReviewItem,
    RowOutcome,
    SourceLinkMethod,
    SourceRecord,
)
from ipenforce.parties.tests.test_lists_support import (
    LIST_LINES,
    VALID_RUC,
    csv_bytes,
    fresh_database,
    imported,
    known_firms,
    upload,
)


@pytest.mark.django_db
def test_it_links_known_firms_and_creates_new_ones_on_commit(client_for, make_user):
    analyst = make_user("analyst")
    firms = known_firms(analyst)
    list_import = imported(analyst, csv_bytes(*LIST_LINES))
    outcomes = {r.line: (r.outcome, r.firm_id) for r in list_import.rows.all()}
    assert outcomes == {
        2: (RowOutcome.LINKED, firms["sol"].pk),
        3: (RowOutcome.UNCERTAIN, None),
        4: (RowOutcome.NEW, None),
    }
    assert list_import.counts["linked"] == 1 and list_import.counts["new_firms"] == 1

    client = client_for("analyst")
    response = client.post(f"/empresas/listas/{list_import.pk}/confirmar/")
    assert response.status_code == 302
    list_import.refresh_from_db()
    assert list_import.status == ListImportStatus.COMMITTED
    assert list_import.counts["committed"] == {
        "linked": 1,
        "created": 1,
        "new_firms": 1,
        "pending_review": 1,
        "skipped": 0,
    }
    new_firm = Firm.objects.get(legal_name="Ferretería Los Andes S.A.C.")
    assert new_firm.district_id == "080101" and new_firm.ruc is None
    assert AuditEntry.objects.filter(action="firm.create", object_id=str(new_firm.pk)).exists()
    sol_record = SourceRecord.objects.get(line=2)
    assert (sol_record.firm, sol_record.link_method) == (firms["sol"], SourceLinkMethod.RUC)
    assert sol_record.raw["Correo"] == "ventas@elsol.pe"
    pending = SourceRecord.objects.get(line=3)
    assert pending.firm is None and pending.link_method == SourceLinkMethod.PENDING
    assert ReviewItem.objects.get().source_record == pending
    assert AuditEntry.objects.filter(action="list_import.commit").count() == 1

    page = client.get(f"/empresas/{firms['sol'].pk}/").content.decode()
    assert "Registros de origen" in page and "Libreria El Sol SRL" in page
    assert "Microsoft Perú" in page and "Por RUC" in page


@pytest.mark.django_db
def test_the_same_file_twice_changes_nothing(client_for, make_user):
    analyst = make_user("analyst")
    known_firms(analyst)
    data = csv_bytes(*LIST_LINES)
    list_import = imported(analyst, data)
    services.commit_import(list_import.pk, actor=analyst)
    list_import.refresh_from_db()
    state = (Firm.objects.count(), SourceRecord.objects.count(), ListImport.objects.count())

    client = client_for("analyst")
    holder = list_import.rights_holder
    response = client.post(
        "/empresas/listas/nueva/", {"file": upload("copia.csv", data), "rights_holder": holder.pk}
    )
    assert response["Location"] == f"/empresas/listas/{list_import.pk}/"
    assert "ya fue cargado" in client.get(response["Location"]).content.decode()
    assert services.commit_import(list_import.pk, actor=analyst) == list_import.counts["committed"]
    assert (Firm.objects.count(), SourceRecord.objects.count(), ListImport.objects.count()) == state

    # A different file repeating the same rows: those rows are 'already imported'.
    again = imported(analyst, csv_bytes(*LIST_LINES, "Bodega Nueva;;;;;"), name="otra.csv")
    assert again.counts["duplicate"] == 3 and again.counts["new"] == 1
    services.commit_import(again.pk, actor=analyst)
    assert Firm.objects.count() == state[0] + 1
    assert SourceRecord.objects.count() == state[1] + 1


@pytest.mark.django_db
def test_the_commit_is_all_or_nothing(make_user, monkeypatch):
    analyst = make_user("analyst")
    known_firms(analyst)
    list_import = imported(analyst, csv_bytes(*LIST_LINES, "Bodega Nueva;;Jr. Ayacucho 9;040101;;"))
    before = (Firm.objects.count(), SourceRecord.objects.count(), AuditEntry.objects.count())
    calls = {"n": 0}
    real = services.firm_services.create_firm

    def failing(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(services.firm_services, "create_firm", failing)
    with pytest.raises(RuntimeError):
        services.commit_import(list_import.pk, actor=analyst)
    assert calls["n"] == 2
    assert (
        Firm.objects.count(),
        SourceRecord.objects.count(),
        AuditEntry.objects.count(),
    ) == before
    list_import.refresh_from_db()
    assert list_import.status == ListImportStatus.MATCHED


@pytest.mark.django_db
def test_new_rows_of_one_firm_in_one_list_become_one_firm(make_user):
    analyst = make_user("analyst")
    list_import = imported(
        analyst,
        csv_bytes(
            f"Distribuidora Norte EIRL;{VALID_RUC};Calle Real 12;130101;;",
            "DISTRIBUIDORA NORTE E.I.R.L.;;Calle Real 12;130101;;",
            "Panadería Lucho;;Jr. Lima 3;040101;;",
        ),
    )
    result = services.commit_import(list_import.pk, actor=analyst)
    assert result["new_firms"] == 2 and result["created"] == 3
    norte = Firm.objects.get(ruc=VALID_RUC)
    assert norte.source_records.count() == 2


@pytest.mark.django_db(transaction=True)
def test_it_matches_a_large_list_in_a_background_job(client_for, monkeypatch):
    fresh_database()
    monkeypatch.setattr(services, "SYNC_LIMIT", 2)
    client = client_for("analyst")
    data = csv_bytes(*LIST_LINES)
    response = client.post(
        "/empresas/listas/nueva/", {"file": upload("grande.csv", data), "new_rights_holder": "SAP"}
    )
    list_import = ListImport.objects.get()
    client.post(
        response["Location"],
        {
            "name": "Razón Social",
            "ruc": "RUC",
            "district": "Distrito",
            "department": "Departamento",
        },
    )
    client.post(f"/empresas/listas/{list_import.pk}/cruzar/")
    list_import.refresh_from_db()
    assert list_import.status == ListImportStatus.MATCHING and list_import.task_id
    fragment = client.get(f"/empresas/listas/{list_import.pk}/progreso/")
    assert 'hx-trigger="every 2s"' in fragment.content.decode()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    list_import.refresh_from_db()
    assert list_import.status == ListImportStatus.MATCHED, list_import.message
    assert list_import.counts["new"] == 3
    progress = JobProgress.objects.get(task_id=list_import.task_id)
    assert progress.done == progress.total == 3
    fragment = client.get(f"/empresas/listas/{list_import.pk}/progreso/")
    assert fragment["HX-Refresh"] == "true"

    client.post(f"/empresas/listas/{list_import.pk}/confirmar/")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    list_import.refresh_from_db()
    assert list_import.status == ListImportStatus.COMMITTED
    assert Firm.objects.count() == 3
