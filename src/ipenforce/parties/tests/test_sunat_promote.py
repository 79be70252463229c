"""Creating firms from the SUNAT mirror: new firms with source records, one audit entry per run,
a RUC-less firm from a rights holder's list linked rather than duplicated, nothing twice."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from ipenforce.core.models import AuditEntry
from ipenforce.parties.lists import services as list_services
from ipenforce.parties.models import Firm, SunatImport, SunatTaxpayer
from ipenforce.parties.models_lists import SourceLinkMethod, SourceOrigin, SourceRecord
from ipenforce.parties.rucgen import make_ruc
from ipenforce.parties.sunat import promote
from ipenforce.parties.sunat.promote import TaxpayerFilter
from ipenforce.parties.tests.test_lists_support import csv_bytes, imported


def sunat_import() -> SunatImport:
    return SunatImport.objects.create(
        file_name="padron_reducido_ruc.zip", status="done", started_at=timezone.now()
    )


def taxpayer(
    run: SunatImport,
    name: str,
    *,
    ruc: str | None = None,
    prefix: str = "20",
    ubigeo: str = "150122",
    state: str = "ACTIVO",
    condition: str = "HABIDO",
    address: str = "AV. LARCO NRO. 345",
    seed: int | None = None,
) -> SunatTaxpayer:
    now = timezone.now()
    rng = random.Random(seed if seed is not None else name)
    return SunatTaxpayer.objects.create(
        ruc=ruc or make_ruc(rng, prefix),
        name=name,
        state=state,
        condition=condition,
        ubigeo=ubigeo,
        district_id=ubigeo or None,
        address=address,
        first_import=run,
        last_import=run,
        created_at=now,
        updated_at=now,
    )


@pytest.fixture
def mirror(db):
    run = sunat_import()
    return {
        "run": run,
        "lima": taxpayer(run, "FERRETERIA EL ANGEL S.A.C.", address="AV. LARCO NRO. 100"),
        "person": taxpayer(
            run, "QUISPE MAMANI JUAN", prefix="10", address="JR. UNION NRO. 5", ubigeo="150101"
        ),
        "cusco": taxpayer(
            run, "AGROINDUSTRIAS CUSCO S.A.", ubigeo="080101", address="AV. SOL NRO. 12"
        ),
        "baja": taxpayer(
            run,
            "TRANSPORTES PIURA E.I.R.L.",
            ubigeo="200101",
            state="BAJA DE OFICIO",
            condition="NO HABIDO",
            address="CAL. LIMA NRO. 9",
        ),
        "public": taxpayer(
            run, "MUNICIPALIDAD DE PRUEBA", prefix="17", ubigeo="", address="", seed=3
        ),
    }


def test_it_creates_firms_with_source_records_and_one_audit_entry(mirror, make_user):
    analyst = make_user("analyst")
    counts = promote.promote(TaxpayerFilter(), actor=analyst)

    assert counts == {"selected": 5, "created": 5, "linked": 0}
    firm = Firm.objects.get(ruc=mirror["lima"].ruc)
    assert (firm.legal_name, firm.address, firm.district_id) == (
        "FERRETERIA EL ANGEL S.A.C.",
        "AV. LARCO NRO. 100",
        "150122",
    )
    assert (firm.sunat_state, firm.sunat_condition) == ("ACTIVO", "HABIDO")
    assert Firm.objects.get(ruc=mirror["public"].ruc).district is None
    record = firm.source_records.get()
    assert (record.origin, record.link_method, record.match_probability) == (
        SourceOrigin.SUNAT,
        SourceLinkMethod.CREATED,
        None,
    )
    assert record.reference == f"SUNAT #{mirror['run'].pk} padron_reducido_ruc.zip"
    assert (record.ruc, record.district, record.department) == (firm.ruc, "Miraflores", "Lima")
    [entry] = AuditEntry.objects.filter(action="sunat.promote")
    assert entry.actor == analyst
    assert entry.changes["created"] == [None, 5] and entry.changes["linked"] == [None, 0]
    assert entry.changes["filter"][1]["states"] == []
    assert not AuditEntry.objects.filter(action="firm.create").exists()


def test_running_the_same_filter_again_creates_nothing(mirror, make_user):
    analyst = make_user("analyst")
    selection = TaxpayerFilter(department="15")
    assert promote.preview(selection).count == 2
    assert promote.promote(selection, actor=analyst)["created"] == 2
    assert promote.preview(selection).count == 0
    assert promote.promote(selection, actor=analyst) == {"selected": 0, "created": 0, "linked": 0}
    assert Firm.objects.count() == 2 and SourceRecord.objects.count() == 2


def test_filters_select_by_place_state_condition_kind_and_name(mirror):
    def rucs(**fields) -> set[str]:
        selection = TaxpayerFilter(**fields)
        found = {row["ruc"] for row in promote.preview(selection).sample}
        assert promote.preview(selection).count == len(found)
        return found

    assert rucs(department="15") == {mirror["lima"].ruc, mirror["person"].ruc}
    assert rucs(department="15", province="1501", district="150122") == {mirror["lima"].ruc}
    assert rucs(province="0801") == {mirror["cusco"].ruc}
    assert rucs(states=("BAJA DE OFICIO",)) == {mirror["baja"].ruc}
    assert rucs(conditions=("HABIDO",), department="20") == set()
    assert rucs(kinds=("10",)) == {mirror["person"].ruc}
    assert rucs(kinds=("other",)) == {mirror["public"].ruc}
    assert rucs(kinds=("20", "10"), department="08") == {mirror["cusco"].ruc}
    assert rucs(name="angel") == {mirror["lima"].ruc}
    # A RUC that is a firm's already is left out.
    Firm.objects.create(legal_name="X", ruc=mirror["cusco"].ruc)
    assert rucs(province="0801") == set()


def test_a_taxpayer_that_is_a_rucless_firm_from_a_list_is_linked_not_duplicated(db, make_user):
    analyst = make_user("analyst")
    # A rights holder's list describes the firm without RUC; its commit creates the firm.
    list_import = imported(
        analyst,
        csv_bytes("Distribuidora Los Pinos S.A.C.;;Av. Arequipa 1234;Lince;Lima;"),
    )
    list_services.commit_import(list_import.pk, actor=analyst)
    known = Firm.objects.get()
    assert known.ruc is None
    run = sunat_import()
    pinos = taxpayer(
        run, "DISTRIBUIDORA LOS PINOS S.A.C.", ubigeo="150116", address="AV. AREQUIPA NRO. 1234"
    )
    other = taxpayer(run, "CONSTRUCTORA HUAYNA S.R.L.", ubigeo="150116", address="JR. A NRO. 1")

    counts = promote.promote(TaxpayerFilter(district="150116"), actor=analyst)

    assert counts == {"selected": 2, "created": 1, "linked": 1}
    known.refresh_from_db()
    assert (known.ruc, known.sunat_state, known.sunat_condition) == (pinos.ruc, "ACTIVO", "HABIDO")
    assert Firm.objects.count() == 2 and Firm.objects.filter(ruc=other.ruc).exists()
    record = SourceRecord.objects.get(origin=SourceOrigin.SUNAT, ruc=pinos.ruc)
    assert record.firm == known and record.link_method == SourceLinkMethod.MATCHING
    assert record.match_probability is not None and record.match_probability > 0.5
    update = AuditEntry.objects.get(action="firm.update", object_id=str(known.pk))
    assert update.changes["ruc"] == [None, pinos.ruc]
    assert AuditEntry.objects.filter(action="sunat.promote").count() == 1
    # Again: both RUCs are firms now.
    assert promote.promote(TaxpayerFilter(district="150116"), actor=analyst)["selected"] == 0


def test_it_is_all_or_nothing(mirror, make_user, monkeypatch):
    monkeypatch.setattr(promote, "BATCH_SIZE", 2)
    calls = {"n": 0}

    def fail_on_third_batch(done: int, total: int, message: str) -> None:
        if message == "creando empresas":
            calls["n"] += 1
            if calls["n"] == 3:
                raise RuntimeError("worker died")

    with pytest.raises(RuntimeError):
        promote.promote(TaxpayerFilter(), actor=make_user("analyst"), progress=fail_on_third_batch)
    assert Firm.objects.count() == 0 and SourceRecord.objects.count() == 0
    assert promote.promote(TaxpayerFilter(), actor="test")["created"] == 5


def test_it_refuses_a_selection_larger_than_the_limit(mirror, monkeypatch):
    monkeypatch.setattr(promote, "MAX_TAXPAYERS", 3)
    assert promote.preview(TaxpayerFilter()).too_many
    with pytest.raises(promote.PromoteRefused):
        promote.promote(TaxpayerFilter(), actor="test")
    assert Firm.objects.count() == 0


def test_taxpayer_values_are_cut_to_the_firm_fields():
    lengths = {
        name: getattr(Firm._meta.get_field(name), "max_length", None)
        for name in promote._FIRM_LENGTHS
    }
    assert lengths == promote._FIRM_LENGTHS


def test_the_filter_travels_as_json():
    selection = TaxpayerFilter(department="15", states=("ACTIVO",), kinds=("20", "other"))
    assert TaxpayerFilter.from_dict(selection.as_dict()) == selection
