"""`ipenforce campaign load` and `campaign report` as a user runs them (subprocess), on the
database of the test run: the PostgreSQL test database when DATABASE_URL is PostgreSQL, else a
fresh migrated SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from bench.generators.campaign_bundle import generate_bundle

pytestmark = pytest.mark.django_db(transaction=True)

COUNTED = (
    "campaigns_campaign",
    "campaigns_target",
    "campaigns_dispatch",
    "campaigns_response",
    "campaigns_licencepurchase",
)
CONTRACT_KEYS = {
    "letters_sent",
    "delivered",
    "returned",
    "responses",
    "response_rate",
    "licensed_firms",
    "licensing_rate",
    "seats",
    "income_usd",
    "workstations_estimated",
    "income_estimated_usd",
    "control",
    "effect",
    "arms",
    "checks",
}


@pytest.fixture(scope="module")
def sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return None
    path = tmp_path_factory.mktemp("cli") / "cli.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    done = subprocess.run(
        [sys.executable, "-m", "ipenforce.cli", "migrate"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def cli(sqlite_file: Path | None) -> Iterator[tuple]:
    if sqlite_file is None:
        s = connection.settings_dict
        url = (
            f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or 'localhost'}:"
            f"{s['PORT'] or 5432}/{s['NAME']}"
        )
    else:
        url = f"sqlite:///{sqlite_file}"
    env = {**os.environ, "DATABASE_URL": url}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ipenforce.cli", "campaign", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )

    def counts() -> dict[str, int]:
        if sqlite_file is None:
            with connection.cursor() as cursor:
                out = {}
                for table in COUNTED:
                    cursor.execute(f"SELECT COUNT(*) FROM {table}")
                    out[table] = cursor.fetchone()[0]
                return out
        import sqlite3

        with sqlite3.connect(sqlite_file) as db:
            return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in COUNTED}

    yield run, counts
    if sqlite_file is not None:  # each test starts from an empty campaign tables
        import sqlite3

        with sqlite3.connect(sqlite_file) as db:
            for table in reversed(
                (
                    "campaigns_campaign",
                    "campaigns_arm",
                    "campaigns_target",
                    "campaigns_dispatch",
                    "campaigns_response",
                    "campaigns_licencereport",
                    "campaigns_licencepurchase",
                    "core_auditentry",
                )
            ):
                db.execute(f"DELETE FROM {table}")


def _broken_bundle(tmp_path: Path) -> Path:
    folder = generate_bundle(tmp_path / "broken", 60, seed=3, true_effect=0.05, base_rate=0.1).path
    targets = (folder / "targets.csv").read_text(encoding="utf-8").splitlines()
    header = targets[0].split(",")
    row = targets[3].split(",")
    row[header.index("ruc")] = "20123456788"  # wrong check digit, line 4
    targets[3] = ",".join(row)
    (folder / "targets.csv").write_text("\n".join(targets) + "\n", encoding="utf-8")
    dispatch = (folder / "dispatch.csv").read_text(encoding="utf-8").splitlines()
    dispatch[2] = dispatch[2].replace("post", "fax").replace("email", "fax")  # line 3
    dispatch.append("T999999,2024-03-02,post,delivered")  # unknown target, last line
    (folder / "dispatch.csv").write_text("\n".join(dispatch) + "\n", encoding="utf-8")
    return folder


def test_it_rejects_a_broken_bundle_whole_with_one_line_per_problem_and_status_2(cli, tmp_path):
    run, counts = cli
    folder = _broken_bundle(tmp_path)
    lines = len((folder / "dispatch.csv").read_text(encoding="utf-8").splitlines())
    result = run("load", str(folder))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "targets.csv:4: ruc: check digit is wrong (20123456788)",
        "dispatch.csv:3: channel: unknown value 'fax' (expected post | email)",
        f"dispatch.csv:{lines}: target_id: unknown target T999999 (not in targets.csv)",
    ]
    assert set(counts().values()) == {0}


def test_it_loads_once_says_so_the_second_time_and_reports_json_and_text(cli, tmp_path):
    run, counts = cli
    folder = generate_bundle(
        tmp_path / "ok", 400, seed=8, true_effect=0.1, base_rate=0.1, name="Campaña CLI"
    ).path
    first = run("load", str(folder))
    assert first.returncode == 0, first.stderr
    assert first.stdout == "Campaña CLI\n"
    stored = counts()
    assert stored["campaigns_target"] == 400

    second = run("load", str(folder))
    assert second.returncode == 0
    assert second.stdout == "Campaña CLI\n"
    assert "ya estaba cargada" in second.stderr and "already loaded" in second.stderr
    assert counts() == stored

    report = run("report", "Campaña CLI", "--json")
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    assert data.keys() >= CONTRACT_KEYS
    assert set(data["control"]) >= {"firms", "licensed_firms", "licensing_rate"}
    assert set(data["effect"]) >= {"difference", "ci95", "p_value"}
    assert len(data["effect"]["ci95"]) == 2
    assert data["letters_sent"] == data["arms"]["letter"]["letters_sent"]

    table = run("report", "Campaña CLI")
    assert table.returncode == 0
    assert "Cartas enviadas (Letters sent)" in table.stdout
    assert "IC95" in table.stdout


def test_it_exits_2_naming_an_unknown_campaign_and_suggesting_close_names(cli, tmp_path):
    run, _counts = cli
    folder = generate_bundle(
        tmp_path / "ok", 50, seed=2, true_effect=0.1, base_rate=0.1, name="Campaña Arequipa"
    ).path
    assert run("load", str(folder)).returncode == 0
    result = run("report", "Campaña Areqipa", "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Campaña Areqipa" in result.stderr
    assert "Campaña Arequipa" in result.stderr
