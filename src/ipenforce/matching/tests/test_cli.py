"""The batch command, driven as a user would: a subprocess, files in and out."""

import csv
import subprocess
import sys
from pathlib import Path

HEADER = "record_id,name,ruc,address,district,department,extra\n"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipenforce.matching.cli", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_writes_every_record_once(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        HEADER
        + "1,INVERSIONES SAN MARTIN S.A.C.,20100047218,AV. AREQUIPA 1234,MIRAFLORES,LIMA,x\n"
        + '2,"Inversiones San Martín, S.A.C.",,Avenida Arequipa 1234,Miraflores,,y\n'
        + "3,DISTRIBUIDORA QUISPE EIRL,,,,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    r = run(src, "--out", out)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [row["record_id"] for row in rows] == ["1", "2", "3"]
    ids = {row["record_id"]: row["cluster_id"] for row in rows}
    assert ids["1"] == ids["2"] != ids["3"]
    assert r.stdout == ""  # no progress bar when stderr is not a terminal
    assert "\r" not in r.stderr


def test_only_record_id_and_name_are_required(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("name,record_id\nACME SAC,a\n", encoding="utf-8")
    r = run(src, "--out", tmp_path / "out.csv")
    assert r.returncode == 0, r.stderr


def _fails(tmp_path: Path, content: bytes | None, *fragments: str) -> None:
    src = tmp_path / "in.csv"
    if content is not None:
        src.write_bytes(content)
    out = tmp_path / "out.csv"
    r = run(src, "--out", out)
    assert r.returncode == 2
    for fragment in fragments:
        assert fragment in r.stderr, r.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == ([src] if content is not None else [])  # no temp file


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    _fails(tmp_path, None, "no such file")


def test_a_missing_required_column_exits_2(tmp_path: Path) -> None:
    _fails(tmp_path, b"record_id,ruc\n1,20100047218\n", "missing required column", "name")


def test_duplicate_record_ids_are_named_with_their_lines(tmp_path: Path) -> None:
    content = b"record_id,name\n1,A\n2,B\n1,C\n"
    _fails(tmp_path, content, "duplicate record_id", "'1' on lines 2, 4")


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    _fails(tmp_path, b"record_id,name\n1,ACME\n2,COMPA\xd1IA\n", "line 3", "UTF-8")


def test_not_csv_names_the_line(tmp_path: Path) -> None:
    _fails(tmp_path, b'record_id,name\n1,ACME\n2,"unclosed\n', "line", "CSV")
    _fails(tmp_path, b"record_id,name\n1,ACME,extra,fields\n", "line 2", "CSV")
    _fails(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00", "")


def test_a_failure_keeps_an_existing_output_intact(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("old\n", encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text("record_id,name\n1,A\n1,B\n", encoding="utf-8")
    assert run(src, "--out", out).returncode == 2
    assert out.read_text(encoding="utf-8") == "old\n"


def test_dedupe_main_takes_the_arguments_after_parties_dedupe(tmp_path: Path) -> None:
    from ipenforce.matching.cli import dedupe_main

    src = tmp_path / "in.csv"
    src.write_text("record_id,name\n1,ACME SAC\n2,ACME S.A.C.\n", encoding="utf-8")
    assert dedupe_main([str(src), "--out", str(tmp_path / "o.csv")]) == 0
    assert dedupe_main([str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o2.csv")]) == 2
