import pytest

from ipenforce.parties.models_lists import ListImport, ListImportStatus, RightsHolder, RowOutcome
from ipenforce.parties.tests.test_lists_support import (
    BAD_RUC,
    VALID_RUC,
    csv_bytes,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def _upload_and_map(client, data, name="clientes.csv", holder="Adobe Perú", mapping=None):
    response = client.post(
        "/empresas/listas/nueva/", {"file": upload(name, data), "new_rights_holder": holder}
    )
    assert response.status_code == 302, response.content.decode()
    list_import = ListImport.objects.latest("id")
    assert response["Location"] == f"/empresas/listas/{list_import.pk}/columnas/"
    page = client.get(response["Location"]).content.decode()
    mapping = mapping or {
        "name": "Razón Social",
        "ruc": "RUC",
        "address": "Dirección",
        "district": "Distrito",
        "department": "Departamento",
        "email": "Correo",
    }
    response = client.post(f"/empresas/listas/{list_import.pk}/columnas/", mapping)
    assert response.status_code == 302, response.content.decode()
    return list_import, page


def test_it_previews_row_errors_by_line(client_for):
    client = client_for("analyst")
    data = csv_bytes(
        f"Libreria El Sol SRL;{VALID_RUC};Av. Larco 345;150122;Lima;ventas@elsol.pe",
        f"Bodega Mary;{BAD_RUC};Jr. Puno 3;150101;Lima;",
        ";20131312955;Av. Sin Nombre 1;;;",
        "Comercial Quispe EIRL;;Calle 5;999999;;no-es-correo",
    ) + "Panader\xeda Lucho;;;;;\n".encode("latin-1")
    list_import, mapping_page = _upload_and_map(client, data)
    assert "Razón Social" in mapping_page and "Libreria El Sol SRL" in mapping_page

    list_import.refresh_from_db()
    assert list_import.status == ListImportStatus.VALIDATED
    assert (list_import.row_count, list_import.error_count) == (5, 2)
    page = client.get(f"/empresas/listas/{list_import.pk}/").content.decode()
    rows = {r.line: r for r in list_import.rows.all()}
    assert rows[3].errors == [
        {
            "field": "ruc",
            "message": f"RUC {BAD_RUC} no se usa: el dígito verificador del RUC no es correcto",
            "severity": "warning",
            # stored with its msgid, translated for each reader
            "text": {
                "msgid": "RUC %(ruc)s no se usa: %(problem)s",
                "params": {
                    "ruc": BAD_RUC,
                    "problem": {
                        "msgid": "el dígito verificador del RUC no es correcto",
                        "params": {},
                    },
                },
            },
        }
    ]
    assert rows[4].errors[0]["field"] == "name" and rows[4].outcome == RowOutcome.INVALID
    assert {e["field"] for e in rows[5].errors} == {"district", "email"}
    assert "ubigeo desconocido: 999999" in page
    assert "dígito verificador" in page and "falta la razón social" in page
    assert rows[6].outcome == RowOutcome.INVALID
    assert "la línea 6 no está en UTF-8" in rows[6].errors[0]["message"]
    assert "línea 6 no está en UTF-8" in page
    client.cookies["django_language"] = "en"
    english = client.get(f"/empresas/listas/{list_import.pk}/").content.decode()
    assert "unknown ubigeo: 999999" in english and "dígito verificador" not in english
    assert "line 6 is not UTF-8 (byte 0xED at position 8)" in english
    assert "no está en UTF-8" not in english
    del client.cookies["django_language"]
    # the ubigeo code is resolved to the district and its department
    assert (rows[2].district, rows[2].district_code, rows[2].department) == (
        "Miraflores",
        "150122",
        "Lima",
    )


def test_it_reads_an_xlsx_list(client_for):
    client = client_for("analyst")
    data = xlsx_bytes(
        [
            ["RUC", "Nombre", "Ubigeo"],
            [int(VALID_RUC), "LIBRERIA EL SOL S.R.L.", "150122"],
            [None, None, None],
            [None, "BODEGA SIN RUC", 40101],
        ]
    )
    response = client.post(
        "/empresas/listas/nueva/",
        {"file": upload("clientes.xlsx", data), "new_rights_holder": "Autodesk"},
    )
    assert response.status_code == 302, response.content.decode()
    list_import = ListImport.objects.get()
    assert list_import.file_format == "xlsx"
    assert list_import.headers == ["RUC", "Nombre", "Ubigeo"]
    response = client.post(
        f"/empresas/listas/{list_import.pk}/columnas/",
        {"name": "Nombre", "ruc": "RUC", "district": "Ubigeo"},
    )
    assert response.status_code == 302
    rows = list(list_import.rows.order_by("line"))
    assert [(r.line, r.name, r.ruc, r.district_code) for r in rows] == [
        (2, "LIBRERIA EL SOL S.R.L.", VALID_RUC, "150122"),
        (4, "BODEGA SIN RUC", "", "040101"),
    ]


def test_it_remembers_the_column_mapping_per_rights_holder(client_for):
    client = client_for("analyst")
    header = "Cliente|Nro RUC|Domicilio|Zona\n"
    first = csv_bytes("Bodega Uno|;|Jr. A 1|Lima", header=header)
    mapping = {"name": "Cliente", "ruc": "Nro RUC", "address": "Domicilio", "department": "Zona"}
    _upload_and_map(client, first, holder="Eset", mapping=mapping)
    holder = RightsHolder.objects.get(name="Eset")
    assert holder.column_mapping == mapping

    second = csv_bytes("Bodega Dos||Jr. B 2|Cusco", header=header)
    holder_id = holder.pk
    response = client.post(
        "/empresas/listas/nueva/",
        {"file": upload("otra.csv", second), "rights_holder": holder_id},
    )
    page = client.get(response["Location"]).content.decode()
    assert '<option value="Domicilio" selected>' in page
    assert '<option value="Zona" selected>' in page


def test_it_refuses_a_file_it_cannot_read(client_for):
    client = client_for("analyst")
    response = client.post(
        "/empresas/listas/nueva/",
        {"file": upload("viejo.xls", b"\xd0\xcf\x11\xe0 old excel"), "new_rights_holder": "X"},
    )
    assert response.status_code == 200
    assert "xls antiguo no se admite" in response.content.decode()
    response = client.post(
        "/empresas/listas/nueva/",
        {
            "file": upload("lista.csv", "Razón\xa0Social\n".encode("latin-1")),
            "new_rights_holder": "X",
        },
    )
    assert "la línea 1 no está en UTF-8" in response.content.decode()
    assert ListImport.objects.count() == 0
