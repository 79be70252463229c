"""An import killed in the middle (SIGKILL, no clean-up) leaves the mirror as it was, and the
next run finishes the job without duplicates: first import and re-import, both databases."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

from bench.generators.sunat import generate

pytestmark = pytest.mark.django_db(transaction=True)  # another process shares the database
ROOT = Path(__file__).resolve().parents[4]
ROWS = 300_000  # about four 8 MB blocks: time to see progress and kill the import


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"sqlite:///{tmp_path}/interrupted.sqlite3"


class Database:
    """One autocommit connection of the test's own to the database the imports write to."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.conn: Any = None

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.conn is None:
            if self.url.startswith("sqlite"):
                path = self.url.removeprefix("sqlite:///")
                self.conn = sqlite3.connect(path, isolation_level=None, timeout=30)
            else:
                self.conn = psycopg.connect(self.url, autocommit=True)
        return list(self.conn.execute(sql).fetchall())

    def value(self, sql: str) -> Any:
        return self.rows(sql)[0][0]

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def _cli(url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "ipenforce.cli", *args]


def _env(url: str) -> dict[str, str]:
    return dict(
        os.environ,
        IPENFORCE_TESTING="1",
        DJANGO_SETTINGS_MODULE="ipenforce.settings",
        DATABASE_URL=url,
    )


def _import(url: str, path: Path) -> str:
    done = subprocess.run(
        _cli(url, "parties", "import-sunat", str(path), "--no-progress"),
        env=_env(url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[0]  # read=… new=… (then the rejects file's path)


def _kill(db: Database, url: str, path: Path) -> None:
    """Start an import of `path` and SIGKILL it before it can commit its result.

    PostgreSQL: another connection holds a lock on the firms table, so the import waits inside
    its final transaction (the merge or the first import's swap already done, uncommitted)
    at the refresh of the firms; it is killed there, then the lock is let go. SQLite (one writer
    at a time, no such wait to observe): it is killed once it has loaded a block.
    """
    command = _cli(url, "parties", "import-sunat", str(path), "--no-progress")
    if url.startswith("sqlite"):
        _kill_after_a_block(db, subprocess.Popen(command, env=_env(url), cwd=ROOT))
        return
    with psycopg.connect(url) as holder:
        holder.execute("LOCK TABLE parties_firm IN ACCESS EXCLUSIVE MODE")
        proc = subprocess.Popen(command, env=_env(url), cwd=ROOT)
        try:
            pid = _wait_for(
                db,
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query LIKE 'UPDATE parties_firm%'",
                proc,
            )
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        holder.rollback()  # lets the orphaned server process run on, find its client gone
    _wait_for(db, f"SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = {pid})")


def _wait_for(db: Database, sql: str, proc: subprocess.Popen[bytes] | None = None) -> Any:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        rows = db.rows(sql)
        if rows:
            return rows[0][0]
        assert proc is None or proc.poll() is None, "the import ended before it could be killed"
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for: {sql}")


def _kill_after_a_block(db: Database, proc: subprocess.Popen[bytes]) -> None:
    before = db.value("SELECT coalesce(max(id), 0) FROM parties_sunatimport")
    try:
        status = _wait_for(
            db,
            f"SELECT status FROM parties_sunatimport WHERE id > {before} AND bytes_done > 0",
            proc,
        )
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert status == "running", "the import finished before it could be killed"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _modified(path: Path, tmp_path: Path) -> Path:
    """`path` with the state of every 20th taxpayer changed and 500 new taxpayers at the end."""
    extra = tmp_path / "extra.txt"
    generate(extra, 500, seed=99)
    lines = path.read_bytes().split(b"\n")
    for at in range(1, len(lines), 20):
        fields = lines[at].split(b"|")
        if len(fields) > 2:
            fields[2] = b"SUSPENSION TEMPORAL"
            lines[at] = b"|".join(fields)
    new_lines = extra.read_bytes().split(b"\n")[1:]
    out = tmp_path / "padron-modified.txt"
    out.write_bytes(b"\n".join([*filter(None, lines), *filter(None, new_lines)]) + b"\n")
    return out


def test_a_killed_import_leaves_the_mirror_as_it_was_and_the_next_run_finishes(tmp_path):
    url = _database_url(tmp_path)
    db = Database(url)
    try:
        _killed_then_finished(db, url, tmp_path)
    finally:
        db.close()


def _killed_then_finished(db: Database, url: str, tmp_path: Path) -> None:
    if url.startswith("sqlite"):
        migrate = subprocess.run(
            _cli(url, "migrate", "-v0"), env=_env(url), cwd=ROOT, capture_output=True, text=True
        )
        assert migrate.returncode == 0, migrate.stderr
    first_file = tmp_path / "padron.txt"
    generate(first_file, ROWS, seed=21)
    modified = _modified(first_file, tmp_path)

    # First import, killed: the mirror stays empty.
    _kill(db, url, first_file)
    assert db.value("SELECT count(*) FROM parties_sunattaxpayer") == 0
    if url.startswith("postgres"):  # killed after the swap: undone, the load table is back
        assert db.value("SELECT to_regclass('parties_sunattaxpayer_load')") is not None
        assert (
            db.value(
                "SELECT count(*) FROM pg_constraint "
                "WHERE conrelid = 'parties_sunattaxpayer'::regclass AND contype = 'p'"
            )
            == 1
        )
    summary = _import(url, first_file)
    statuses = [s for (s,) in db.rows("SELECT status FROM parties_sunatimport ORDER BY id")]
    assert statuses == ["interrupted", "done"]
    new = int(summary.split("new=")[1].split()[0])
    assert new > 0.99 * ROWS
    assert db.value("SELECT count(*) FROM parties_sunattaxpayer") == new
    assert db.value("SELECT count(DISTINCT ruc) FROM parties_sunattaxpayer") == new
    if url.startswith("postgres"):
        assert db.value("SELECT to_regclass('parties_sunattaxpayer_load')") is None

    # A re-import with changes, killed: nothing of it is written; run again, it is all there.
    _kill(db, url, modified)
    assert db.value("SELECT count(*) FROM parties_sunattaxpayerchange") == 0
    assert db.value("SELECT count(*) FROM parties_sunattaxpayer") == new
    summary = _import(url, modified)
    counts = dict(item.split("=") for item in summary.split())
    assert int(counts["updated"]) > 0.03 * ROWS and 0 < int(counts["new"]) <= 500
    assert db.value("SELECT count(*) FROM parties_sunattaxpayerchange") == int(counts["updated"])
    assert db.value("SELECT count(*) FROM parties_sunattaxpayer") == new + int(counts["new"])
    again = dict(item.split("=") for item in _import(url, modified).split())
    assert (again["new"], again["updated"]) == ("0", "0")
