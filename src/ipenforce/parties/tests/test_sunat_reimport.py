"""Re-imports of the padrón: the row-hash filter, idempotence, and the first import's load table."""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from django.db import connection

from bench.generators.sunat import HEADER, generate
from ipenforce.parties.models import SunatImport, SunatTaxpayer, SunatTaxpayerChange
from ipenforce.parties.rucgen import make_ruc
from ipenforce.parties.sunat import padron
from ipenforce.parties.sunat.known import KnownRows
from ipenforce.parties.sunat.loader import LOAD, TAXPAYER
from ipenforce.parties.sunat.padron import PadronFormatError
from ipenforce.parties.sunat.service import ImportRefused, import_padron

ROOT = Path(__file__).resolve().parents[4]


def padron_file(tmp_path: Path, rows: int, **kw: float | int) -> Path:
    path = tmp_path / f"padron-{rows}-{kw.get('changes', 0)}.txt"
    generate(path, rows, seed=8, **kw)  # type: ignore[arg-type]
    return path


def test_known_rows_keep_only_new_rows_and_rows_with_another_hash():
    known = KnownRows.from_pairs([np.array([[20100070970, 5], [10000000001, 7]])])
    frame = pl.DataFrame(
        {
            "ruc": ["20100070970", "10000000001", "20000000002"],
            "row_hash": [5, 8, 1],
            "name": ["same", "changed", "new"],
        }
    )
    assert known.changed(frame).get_column("name").to_list() == ["changed", "new"]
    assert len(KnownRows.empty()) == 0
    assert KnownRows.empty().changed(frame).height == 3


def test_the_row_hash_is_the_same_in_another_process():
    frame = pl.DataFrame({c: ["AV. LARCO", "", "Ñ"] for c in padron.COMPARED})
    here = frame.select(padron.row_hash()).to_series().to_list()
    code = (
        "import polars as pl; from ipenforce.parties.sunat import padron; "
        "f = pl.DataFrame({c: ['AV. LARCO', '', 'Ñ'] for c in padron.COMPARED}); "
        "print(f.select(padron.row_hash()).to_series().to_list())"
    )
    env = {"PYTHONPATH": str(ROOT / "src"), "DJANGO_SETTINGS_MODULE": "ipenforce.settings_test"}
    there = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout.strip()
    assert there == str(here)
    assert len(set(here)) == 3


@pytest.mark.django_db
def test_a_modified_file_imported_twice_changes_nothing_the_second_time(tmp_path):
    first = import_padron(padron_file(tmp_path, 1500))
    modified = padron_file(tmp_path, 1500, changes=0.05, extra=10)
    run = import_padron(modified)
    assert run.rows_updated > 0 and run.rows_new > 0
    again = import_padron(modified)
    assert (again.rows_new, again.rows_updated) == (0, 0)
    assert again.rows_unchanged == first.rows_new + run.rows_new
    assert SunatTaxpayerChange.objects.filter(sunat_import=again).count() == 0
    assert not SunatTaxpayer.objects.filter(row_hash=None).exists()


@pytest.mark.django_db
def test_rows_without_a_hash_get_one_and_do_not_count_as_changed(tmp_path):
    path = padron_file(tmp_path, 800)
    first = import_padron(path)
    hashes = dict(SunatTaxpayer.objects.values_list("ruc", "row_hash"))
    SunatTaxpayer.objects.update(row_hash=None)  # as rows written before the hash existed
    SunatTaxpayer.objects.filter(ruc__in=list(hashes)[:50]).update(row_hash=1)  # a stale hash
    again = import_padron(path)
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, first.rows_new)
    assert dict(SunatTaxpayer.objects.values_list("ruc", "row_hash")) == hashes
    assert not SunatTaxpayer.objects.filter(last_import=again).exists()
    assert SunatTaxpayerChange.objects.count() == 0


@pytest.mark.django_db
def test_a_first_import_that_fails_after_some_blocks_leaves_the_mirror_empty(tmp_path, monkeypatch):
    monkeypatch.setattr(padron, "BLOCK_SIZE", 4096)  # several blocks in a small file
    rows = [_row(make_ruc(random.Random(i))) for i in range(100, 400)]
    rows[250] += "EXTRA|"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode("iso-8859-1"))
    with pytest.raises(PadronFormatError, match="línea 252"):
        import_padron(bad)
    assert SunatTaxpayer.objects.count() == 0
    if connection.vendor == "postgresql":
        assert _regclass(LOAD) is None
    run = import_padron(padron_file(tmp_path, 300))
    assert run.rows_new == SunatTaxpayer.objects.count() > 0


@pytest.mark.django_db
def test_the_first_import_on_postgresql_swaps_in_a_table_with_the_mirrors_shape(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the load-table swap is PostgreSQL's first import; SQLite inserts")
    with connection.cursor() as cursor:
        before = _columns(cursor)
    import_padron(padron_file(tmp_path, 300))
    with connection.cursor() as cursor:
        assert _columns(cursor) == before  # names, types, nullability, no defaults left
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'",
            [TAXPAYER],
        )
        assert cursor.fetchall() == [("parties_sunattaxpayer_pkey",)]
    assert _regclass(LOAD) is None
    assert SunatTaxpayer.objects.filter(row_hash=None).count() == 0


def _columns(cursor) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    cursor.execute(
        "SELECT column_name, data_type, character_maximum_length, is_nullable, column_default "
        "FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
        [TAXPAYER],
    )
    return list(cursor.fetchall())


def _regclass(name: str) -> object:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [name])
        return cursor.fetchone()[0]


def _row(ruc: str) -> str:
    fields = [ruc, "LIBRERÍA EL SOL S.A.C.", "ACTIVO", "HABIDO", "150122", "AV.", "LARCO"]
    return "|".join(fields + ["-"] * 8) + "|"


@pytest.mark.django_db
def test_it_reads_the_zip_as_sunat_publishes_it(tmp_path):
    text = padron_file(tmp_path, 400)
    packed = tmp_path / "padron_reducido_ruc.zip"
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(text, "padron_reducido_ruc.txt")
    run = import_padron(packed)
    assert run.file_name == "padron_reducido_ruc.zip:padron_reducido_ruc.txt"
    assert run.size_bytes == run.bytes_done == text.stat().st_size
    assert run.sha256 == hashlib.sha256(text.read_bytes()).hexdigest()
    assert run.rows_new == SunatTaxpayer.objects.count() > 0
    assert Path(run.rejects_path) == tmp_path / "padron_reducido_ruc.zip.rejects.csv"
    again = import_padron(text)  # the same padrón unpacked: nothing changes
    assert (again.rows_new, again.rows_updated) == (0, 0)


@pytest.mark.django_db
def test_it_refuses_a_zip_without_exactly_one_text_file(tmp_path):
    packed = tmp_path / "otro.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("a.txt", HEADER + "\n")
        archive.writestr("b.txt", HEADER + "\n")
    with pytest.raises(ImportRefused, match=r"un único archivo \.txt .* a\.txt, b\.txt"):
        import_padron(packed)
    assert not SunatImport.objects.exists()


@pytest.mark.django_db
def test_the_swap_keeps_other_indexes_and_gives_way_to_a_view(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the load-table swap is PostgreSQL's first import")
    with connection.cursor() as cursor:
        # What a later migration might add: an index, rebuilt on the swapped-in table.
        cursor.execute(f"CREATE INDEX sunat_name_idx ON {TAXPAYER} (name)")
    import_padron(padron_file(tmp_path, 200))
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [TAXPAYER])
        assert {row[0] for row in cursor.fetchall()} == {
            "parties_sunattaxpayer_pkey",
            "sunat_name_idx",
        }
        # A view on the mirror would be dropped with it: the staging path is taken instead.
        cursor.execute(f"DELETE FROM {TAXPAYER}")
        cursor.execute(f"CREATE VIEW sunat_active AS SELECT ruc FROM {TAXPAYER}")
    run = import_padron(padron_file(tmp_path, 200))
    assert run.rows_new == SunatTaxpayer.objects.count() > 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sunat_active")
        assert cursor.fetchone()[0] == run.rows_new
