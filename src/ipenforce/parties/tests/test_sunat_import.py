"""The SUNAT padrón reducido RUC import: counts, idempotence, history, rejects, firm page."""

from __future__ import annotations

import csv
import io
import os
import random
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from stdnum.pe import ruc as stdnum_ruc

from bench.generators.sunat import HEADER, generate
from ipenforce.core.models import AuditEntry
from ipenforce.parties.models import (
    Firm,
    SunatImport,
    SunatTaxpayer,
    SunatTaxpayerChange,
)
from ipenforce.parties.rucgen import make_ruc
from ipenforce.parties.services import create_firm
from ipenforce.parties.sunat import padron
from ipenforce.parties.sunat.service import import_padron

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[4]


def write_padron(path: Path, rows: list[str], *, newline: str = "\n") -> Path:
    path.write_bytes((newline.join([HEADER, *rows]) + newline).encode("iso-8859-1"))
    return path


def row(ruc: str, name: str = "LIBRERÍA EL SOL S.A.C.", state: str = "ACTIVO", **kw: str) -> str:
    fields = [
        ruc,
        name,
        state,
        kw.get("condition", "HABIDO"),
        kw.get("ubigeo", "150122"),
        kw.get("via_type", "AV."),
        kw.get("via_name", "LARCO"),
        "URB.",
        "MIRAFLORES",
        kw.get("number", "345"),
        "-",
        "-",
        "-",
        "-",
        "-",
    ]
    return "|".join(fields) + "|"


def test_it_imports_a_generated_padron_and_counts_the_rows(tmp_path):
    path = tmp_path / "padron.txt"
    generate(path, 3000, seed=5, duplicates=3)
    run = import_padron(path)
    assert run.status == "done"
    assert run.rows_read == 3003
    assert run.rows_new + run.rows_rejected == run.rows_read
    assert run.rows_rejected >= 3  # the repeated RUCs, plus the wrong check digits
    assert run.rows_updated == run.rows_unchanged == 0
    assert SunatTaxpayer.objects.count() == run.rows_new
    assert len(run.sha256) == 64
    entry = AuditEntry.objects.get(action="sunat.import", object_id=str(run.pk))
    assert entry.actor_label == "sunat-import"
    assert f"new={run.rows_new}" in entry.note
    assert entry.changes["new"] == [None, run.rows_new]
    taxpayer = SunatTaxpayer.objects.exclude(district=None).first()
    assert taxpayer is not None and taxpayer.district_id == taxpayer.ubigeo
    with_accents = SunatTaxpayer.objects.filter(name__contains="Í").count()
    assert with_accents > 0  # ISO-8859-1 decoded


def test_it_changes_nothing_when_the_same_file_is_imported_again(tmp_path):
    path = generate_file(tmp_path, 2000)
    first = import_padron(path)
    again = import_padron(path)
    assert (again.rows_new, again.rows_updated) == (0, 0)
    assert again.rows_unchanged == first.rows_new
    assert SunatTaxpayerChange.objects.count() == 0
    assert SunatTaxpayer.objects.filter(last_import=again).count() == 0


def generate_file(tmp_path: Path, rows: int, **kw: float | int) -> Path:
    path = tmp_path / f"padron-{rows}-{kw.get('changes', 0)}.txt"
    generate(path, rows, seed=3, **kw)  # type: ignore[arg-type]
    return path


def test_it_keeps_history_of_a_modified_file(tmp_path):
    first = import_padron(generate_file(tmp_path, 2000))
    run = import_padron(generate_file(tmp_path, 2000, changes=0.05, extra=20))
    assert 15 <= run.rows_new <= 20  # an extra row can carry a wrong check digit
    assert 50 <= run.rows_updated <= 150
    assert run.rows_unchanged == first.rows_new - run.rows_updated
    changes = SunatTaxpayerChange.objects.filter(sunat_import=run)
    assert changes.count() == run.rows_updated
    change = changes.first()
    assert change is not None and change.field_changes()
    taxpayer = SunatTaxpayer.objects.get(ruc=change.ruc)
    assert taxpayer.last_import_id == run.pk and taxpayer.first_import_id == first.pk
    for field in ("name", "state", "condition", "ubigeo", "address"):
        assert getattr(change, f"{field}_after") == getattr(taxpayer, field)
    assert any(change.state_before != change.state_after for change in changes)


def test_it_writes_rejected_rows_with_line_and_reason(tmp_path):
    good = make_ruc(random.Random(1))
    bad_digit = good[:-1] + str((int(good[-1]) + 1) % 10)
    other = make_ruc(random.Random(2))
    unknown = make_ruc(random.Random(3))
    path = write_padron(
        tmp_path / "padron.txt",
        [
            row(good),  # line 2
            row(bad_digit),  # 3
            row(other, name="-"),  # 4
            row(make_ruc(random.Random(4)), ubigeo="15A1"),  # 5
            row(good, state="BAJA DE OFICIO"),  # 6: repeated, the first line wins
            row(unknown, ubigeo="999999"),  # 7: kept, without district
            row(make_ruc(random.Random(5)), ubigeo="-"),  # 8: kept, no ubigeo
        ],
    )
    rejects = tmp_path / "out" / "rechazos.csv"
    rejects.parent.mkdir()
    run = import_padron(path, rejects_path=rejects)
    assert (run.rows_read, run.rows_new, run.rows_rejected, run.unknown_ubigeo) == (7, 3, 4, 1)
    found = list(csv.DictReader(io.StringIO(rejects.read_text(encoding="utf-8"))))
    assert [(r["linea"], r["ruc"]) for r in found] == [
        ("3", bad_digit),
        ("4", other),
        ("5", found[2]["ruc"]),
        ("6", good),
    ]
    assert "dígito verificador" in found[0]["motivo"]
    assert "nombre" in found[1]["motivo"]
    assert "ubigeo mal formado" in found[2]["motivo"]
    assert "repetido" in found[3]["motivo"]
    assert found[0]["registro"].startswith(bad_digit + "|LIBRERÍA EL SOL")
    assert SunatTaxpayer.objects.get(ruc=good).state == "ACTIVO"
    kept = SunatTaxpayer.objects.get(ruc=unknown)
    assert kept.ubigeo == "999999" and kept.district_id is None
    assert kept.address == "AV. LARCO NRO. 345 URB. MIRAFLORES"


def test_it_uses_the_default_rejects_path_beside_the_file(tmp_path):
    path = write_padron(tmp_path / "padron.txt", [row("20100070971")])
    run = import_padron(path)
    assert run.rows_rejected == 1
    assert (tmp_path / "padron.txt.rejects.csv").read_text(encoding="utf-8").count("\n") == 2


def test_it_refuses_a_wrong_header_naming_the_columns(tmp_path):
    path = tmp_path / "padron.txt"
    path.write_bytes(
        HEADER.replace("ESTADO DEL CONTRIBUYENTE", "ESTADO").encode("iso-8859-1") + b"\n"
    )
    with pytest.raises(CommandError) as exc:
        call_command("parties_import_sunat", str(path), "--no-progress")
    message = str(exc.value)
    assert "ESTADO DEL CONTRIBUYENTE" in message and "«ESTADO»" in message
    assert "columna 3" in message
    assert SunatTaxpayer.objects.count() == 0
    assert SunatImport.objects.get().status == "failed"
    assert not (tmp_path / "padron.txt.rejects.csv").exists()


def test_it_refuses_a_line_with_the_wrong_number_of_fields_and_writes_nothing(tmp_path):
    import_padron(write_padron(tmp_path / "a.txt", [row(make_ruc(random.Random(9)))]))
    rows = [row(make_ruc(random.Random(i))) for i in range(10, 20)]
    rows[6] = rows[6] + "EXTRA|"  # line 8: a 16th field
    with pytest.raises(CommandError, match=r"línea 8: tiene 16 campos"):
        call_command("parties_import_sunat", str(write_padron(tmp_path / "b.txt", rows)))
    assert SunatTaxpayer.objects.count() == 1


def test_it_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no existe"):
        call_command("parties_import_sunat", str(tmp_path / "nada.txt"))


def test_it_reads_crlf_lines_without_trailing_pipe_and_blank_lines(tmp_path):
    rucs = [make_ruc(random.Random(i)) for i in range(30, 34)]
    rows = [row(r) for r in rucs]
    rows[1] = rows[1][:-1]  # no trailing pipe
    rows.insert(2, "")
    path = write_padron(tmp_path / "padron.txt", rows, newline="\r\n")
    run = import_padron(path)
    assert (run.rows_read, run.rows_new, run.rows_rejected) == (4, 4, 0)
    assert SunatTaxpayer.objects.get(ruc=rucs[3]).condition == "HABIDO"


def test_it_numbers_lines_across_blocks(tmp_path):
    path = generate_file(tmp_path, 500)
    seen = padron.SeenRucs()
    known = pl.Series(["150101"])
    lines: list[int] = []
    with path.open("rb") as fh:
        for block in padron.read_blocks(fh, block_size=4096):
            result = padron.validate_block(block, known, seen)
            lines += result.valid.height * [0]
            lines += result.rejects.get_column("line").to_list()
    all_lines = path.read_bytes().split(b"\n")
    for line_no in [n for n in lines if n]:
        record = all_lines[line_no - 1].decode("iso-8859-1")
        assert not stdnum_ruc.is_valid(record.split("|")[0])
    assert len(lines) == 500


def test_it_agrees_with_stdnum_on_every_ruc():
    rng = random.Random(7)
    values = [make_ruc(rng, rng.choice(["10", "15", "16", "17", "20"])) for _ in range(3000)]
    values += ["".join(rng.choice("0123456789") for _ in range(11)) for _ in range(3000)]
    values += ["2010007097", "2010007097A", "30100070970", "", "201000709700"]
    frame = pl.DataFrame({"ruc": values}).with_columns(reason=padron.ruc_reason())
    for value, reason in frame.iter_rows():
        assert (reason is None) == stdnum_ruc.is_valid(value), value


def test_it_refreshes_the_sunat_state_of_firms_with_the_same_ruc(tmp_path, make_user):
    user = make_user("analyst")
    ruc = make_ruc(random.Random(40))
    firm = create_firm(actor=user, ruc=ruc, legal_name="LIBRERÍA EL SOL S.A.C.")
    other = create_firm(actor=user, ruc=make_ruc(random.Random(41)), legal_name="OTRA S.A.C.")
    run = import_padron(write_padron(tmp_path / "a.txt", [row(ruc, condition="NO HABIDO")]))
    assert run.firms_refreshed == 1
    firm.refresh_from_db()
    other.refresh_from_db()
    assert (firm.sunat_state, firm.sunat_condition) == ("ACTIVO", "NO HABIDO")
    assert other.sunat_state == ""
    run = import_padron(write_padron(tmp_path / "b.txt", [row(ruc, state="BAJA DE OFICIO")]))
    firm.refresh_from_db()
    assert (firm.sunat_state, firm.sunat_condition, run.firms_refreshed) == (
        "BAJA DE OFICIO",
        "HABIDO",
        1,
    )
    assert Firm.objects.filter(sunat_state="BAJA DE OFICIO").count() == 1


def test_it_shows_sunat_state_and_history_on_the_firm_page(tmp_path, make_user, client_for):
    ruc = make_ruc(random.Random(50))
    firm = create_firm(actor=make_user("analyst"), ruc=ruc, legal_name="GRUPO PACÍFICO S.A.")
    import_padron(write_padron(tmp_path / "a.txt", [row(ruc, via_name="LARCO")]))
    import_padron(
        write_padron(tmp_path / "b.txt", [row(ruc, condition="NO HALLADO", via_name="PARDO")])
    )
    page = client_for("director").get(f"/empresas/{firm.pk}/").content.decode()
    assert "Padrón SUNAT" in page
    assert "NO HALLADO" in page and "AV. PARDO NRO. 345" in page
    assert "AV. LARCO NRO. 345 URB. MIRAFLORES" in page  # the address before the change
    assert "Miraflores" in page


def test_it_runs_from_the_command_line_with_exit_codes(tmp_path):
    env = dict(
        os.environ,
        IPENFORCE_TESTING="1",
        DJANGO_SETTINGS_MODULE="ipenforce.settings",
        DATABASE_URL=f"sqlite:///{tmp_path}/cli.sqlite3",
    )
    cli = [sys.executable, "-m", "ipenforce.cli"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*cli, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )

    assert run("migrate", "-v0").returncode == 0
    path = write_padron(tmp_path / "padron.txt", [row(make_ruc(random.Random(60)))])
    done = run("parties", "import-sunat", str(path))
    assert done.returncode == 0, done.stderr
    assert "read=1 new=1 updated=0" in done.stdout
    missing = run("parties", "import-sunat", str(tmp_path / "nada.txt"))
    assert missing.returncode == 2 and "no existe" in missing.stderr
    path.write_bytes(b"RUC|NOMBRE|\n")
    wrong = run("parties", "import-sunat", str(path))
    assert wrong.returncode == 2 and "NOMBRE O RAZÓN SOCIAL" in wrong.stderr
