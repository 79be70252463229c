"""Shared builders for the list-import, review and merge tests (no tests here)."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from ipenforce.parties.lists import services
from ipenforce.parties.models import Firm
from ipenforce.parties.models_lists import ListImport, RightsHolder
from ipenforce.parties.services import create_firm

VALID_RUC = "20100070970"  # LIBRERIA EL SOL
OTHER_RUC = "20131312955"
BAD_RUC = "20100070971"  # wrong check digit

HEADER = "Razón Social;RUC;Dirección;Distrito;Departamento;Correo\n"


def fresh_database() -> None:
    """After a transactional test's flush: reload the ubigeo tables, forget stale content types."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from ipenforce.core.models import District

    ContentType.objects.clear_cache()
    if not District.objects.exists():
        import_module("ipenforce.core.migrations.0002_load_ubigeo").load(apps, None)


def csv_bytes(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + "\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(file_name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(file_name, data)


def known_firms(actor: Any) -> dict[str, Firm]:
    """An existing firm with RUC, two namesakes in one district, one firm elsewhere."""
    return {
        "sol": create_firm(
            actor=actor,
            ruc=VALID_RUC,
            legal_name="LIBRERIA EL SOL S.R.L.",
            address="AV. LARCO 345",
            district_id="150122",
        ),
        "sanmartin1": create_firm(
            actor=actor,
            legal_name="INVERSIONES SAN MARTIN S.A.C.",
            address="AV. LA MARINA 123",
            district_id="150136",
        ),
        "sanmartin2": create_firm(
            actor=actor,
            legal_name="INVERSIONES SAN MARTIN S.A.C.",
            address="JR. CUSCO 456",
            district_id="150136",
        ),
    }


LIST_LINES = (
    # linked by RUC
    f"Libreria El Sol SRL;{VALID_RUC};Avenida Larco 345;150122;Lima;ventas@elsol.pe",
    # a namesake: uncertain between the two San Martín firms
    "Inversiones San Martin SAC;;;San Miguel;Lima;",
    # new
    "Ferretería Los Andes S.A.C.;;Av. Grau 1;080101;Cusco;",
)


def imported(
    actor: Any, data: bytes, *, holder: str = "Microsoft Perú", name: str = "lista.csv"
) -> ListImport:
    """Upload, map with the guessed mapping and match (no commit)."""
    rights_holder, _created = RightsHolder.objects.get_or_create(name=holder)
    list_import, _created = services.create_import(
        rights_holder=rights_holder, file_name=name, data=data, actor=actor
    )
    from ipenforce.parties.lists.validation import guess_mapping

    services.apply_mapping(list_import, guess_mapping(list_import.headers), actor=actor)
    services.start_matching(list_import, actor=actor)
    list_import.refresh_from_db()
    return list_import
