"""Orphan PDFs (files no issued document references): listing, deleting after a grace period."""

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from ipenforce.core.models import AuditEntry
from ipenforce.documents.models import IssuedDocument
from ipenforce.documents.orphans import delete_orphans, find_orphans
from ipenforce.documents.render import render_typst, sha256_hex
from ipenforce.documents.services import issue_document, issue_documents

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[4]
HOUR = 3600


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def age(path: Path, seconds: int) -> None:
    """Set the file's modification time `seconds` into the past."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def write_orphan(media: Path, content: bytes, *, seconds_old: int) -> Path:
    digest = sha256_hex(content)
    path = media / "documents" / digest[:2] / f"{digest}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    age(path, seconds_old)
    return path


def name_of(media: Path, path: Path) -> str:
    return path.relative_to(media).as_posix()


@pytest.fixture
def issued(media):
    """A real issued document whose file is old: it must never be taken for an orphan."""
    pdf = render_typst("= Carta emitida\nContenido.", timestamp=0)
    doc = issue_document(pdf=pdf, kind="letter", title="Carta emitida", actor="test")
    age(Path(doc.file.path), 3 * HOUR)
    return doc


def test_it_lists_only_files_that_no_issued_document_references(media, issued):
    orphan = write_orphan(media, b"%PDF-1.7 huerfano", seconds_old=2 * HOUR)
    (media / "documents" / "LEEME.txt").write_text("not ours")
    (media / "documents" / "ab").mkdir(exist_ok=True)
    (media / "documents" / "ab" / "notes.txt").write_text("not a PDF")

    orphans = find_orphans()

    assert [o.name for o in orphans] == [name_of(media, orphan)]
    assert orphans[0].size == len(b"%PDF-1.7 huerfano")
    assert abs(orphans[0].modified.timestamp() - (time.time() - 2 * HOUR)) < 5
    assert orphans[0].modified.tzinfo is not None


def test_it_finds_nothing_when_the_storage_has_no_documents_yet():
    assert find_orphans() == []
    assert delete_orphans(older_than=dt.timedelta(minutes=60)).summary() == (
        "orphans=0 bytes=0 deleted=0"
    )


def test_it_deletes_only_orphans_older_than_the_grace_period(media, issued):
    old = write_orphan(media, b"%PDF-1.7 old", seconds_old=2 * HOUR)
    half_hour = write_orphan(media, b"%PDF-1.7 half an hour", seconds_old=30 * 60)
    in_flight = write_orphan(media, b"%PDF-1.7 in flight", seconds_old=0)

    report = delete_orphans(older_than=dt.timedelta(minutes=60))

    assert [o.name for o in report.deleted] == [name_of(media, old)]
    assert not old.exists() and half_hour.exists() and in_flight.exists()
    assert len(report.orphans) == 3
    assert report.summary() == f"orphans=3 bytes={12 + 21 + 18} deleted=1"

    report = delete_orphans(older_than=dt.timedelta(minutes=20))
    assert [o.name for o in report.deleted] == [name_of(media, half_hour)]
    assert in_flight.exists()
    assert Path(issued.file.path).exists()
    with issued.file.open("rb") as fh:
        assert sha256_hex(fh.read()) == issued.sha256


def test_it_writes_one_audit_entry_per_run_that_deleted_something(media, issued):
    first = write_orphan(media, b"%PDF-1.7 uno", seconds_old=2 * HOUR)
    second = write_orphan(media, b"%PDF-1.7 dos!", seconds_old=3 * HOUR)

    delete_orphans(older_than=dt.timedelta(minutes=60))

    entry = AuditEntry.objects.get(action="document.orphans.delete")
    assert entry.actor is None and entry.actor_label == "documents-orphans"
    assert "2 archivos" in entry.note and "25 bytes" in entry.note
    assert entry.changes["count"] == [None, 2]
    assert entry.changes["bytes"] == [None, 25]
    files = entry.changes["files"][1]
    assert sorted(f["name"] for f in files) == sorted(
        [name_of(media, first), name_of(media, second)]
    )

    delete_orphans(older_than=dt.timedelta(minutes=60))  # nothing left to delete
    assert AuditEntry.objects.filter(action="document.orphans.delete").count() == 1


def test_it_cleans_up_after_a_rolled_back_batch_and_keeps_the_reissued_files(media):
    pdfs = [render_typst(f"= Carta {n}\nContenido.", timestamp=0) for n in range(2)]
    with pytest.raises(RuntimeError), transaction.atomic():
        issue_documents(pdfs, kind="letter", titles=["Carta 0", "Carta 1"], actor="test")
        raise RuntimeError("the worker died mid-chunk")
    assert IssuedDocument.objects.count() == 0
    left_behind = find_orphans()
    assert len(left_behind) == 2
    for orphan in left_behind:
        age(media / orphan.name, 2 * HOUR)

    # The batch is resumed: same PDFs, same SHA-256, so the storage picks new file names.
    docs = issue_documents(pdfs, kind="letter", titles=["Carta 0", "Carta 1"], actor="test")
    for doc in docs:
        age(Path(doc.file.path), 2 * HOUR)
    assert {o.name for o in find_orphans()} == {o.name for o in left_behind}

    report = delete_orphans(older_than=dt.timedelta(minutes=60))

    assert {o.name for o in report.deleted} == {o.name for o in left_behind}
    for doc in docs:
        with doc.file.open("rb") as fh:
            assert sha256_hex(fh.read()) == doc.sha256
    assert find_orphans() == []


def test_the_command_prints_one_line_per_orphan_and_a_summary(media, issued, capsys):
    old = write_orphan(media, b"%PDF-1.7 old", seconds_old=2 * HOUR)
    recent = write_orphan(media, b"%PDF-1.7 recent", seconds_old=60)

    call_command("documents_orphans")
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "orphans=2 bytes=27 deleted=0"
    assert sorted(line.split()[0] for line in lines[:-1]) == sorted(
        [name_of(media, old), name_of(media, recent)]
    )
    assert all(" size=" in line and " modified=" in line for line in lines[:-1])
    assert old.exists() and recent.exists()

    call_command("documents_orphans", "--delete", "--older-than", "30")
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "orphans=2 bytes=27 deleted=1"
    assert f"{name_of(media, old)} size=12 " in "\n".join(lines)
    assert any(line.startswith(name_of(media, old)) and "deleted=yes" in line for line in lines)
    assert any(line.startswith(name_of(media, recent)) and "deleted=no" in line for line in lines)
    assert not old.exists() and recent.exists()


@pytest.mark.parametrize("value", ["0", "-5", "diez", "1.5", ""])
def test_the_command_refuses_a_bad_older_than_with_status_2(media, value):
    old = write_orphan(media, b"%PDF-1.7 old", seconds_old=2 * HOUR)
    with pytest.raises(CommandError, match="--older-than") as error:
        call_command("documents_orphans", "--delete", f"--older-than={value}")
    assert error.value.returncode == 2
    assert old.exists()
    assert not AuditEntry.objects.filter(action="document.orphans.delete").exists()


def test_it_runs_from_the_command_line_with_exit_codes(tmp_path):
    media = tmp_path / "media"
    env = dict(
        os.environ,
        IPENFORCE_TESTING="1",
        DJANGO_SETTINGS_MODULE="ipenforce.settings",
        DATABASE_URL=f"sqlite:///{tmp_path}/cli.sqlite3",
        MEDIA_ROOT=str(media),
    )
    cli = [sys.executable, "-m", "ipenforce.cli"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*cli, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )

    assert run("migrate", "-v0").returncode == 0
    issue = run(
        "manage",
        "shell",
        "-c",
        "from ipenforce.documents.services import issue_document as i; "
        "print(i(pdf=b'%PDF-1.7 emitido', kind='letter', title='Carta', actor='cli').file.name)",
    )
    assert issue.returncode == 0, issue.stderr
    referenced = media / issue.stdout.strip().splitlines()[-1]
    age(referenced, 3 * HOUR)
    old = write_orphan(media, b"%PDF-1.7 old", seconds_old=2 * HOUR)
    recent = write_orphan(media, b"%PDF-1.7 recent", seconds_old=10 * 60)

    listed = run("documents", "orphans")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[-1] == "orphans=2 bytes=27 deleted=0"
    assert name_of(media, referenced) not in listed.stdout

    for bad in (["--older-than", "x"], ["--older-than"], ["--bogus"]):
        refused = run("documents", "orphans", "--delete", *bad)
        assert refused.returncode == 2, (bad, refused.stderr)
        assert refused.stderr.startswith("ipenforce: ")
    assert "--older-than" in run("documents", "orphans", "--older-than", "x").stderr
    assert run("documents").returncode == 2
    assert old.exists()

    deleted = run("documents", "orphans", "--delete")
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.splitlines()[-1] == "orphans=2 bytes=27 deleted=1"
    assert not old.exists() and recent.exists() and referenced.exists()

    deleted = run("documents", "orphans", "--delete", "--older-than", "5")
    assert deleted.stdout.splitlines()[-1] == "orphans=1 bytes=15 deleted=1"
    assert not recent.exists() and referenced.exists()
