import os
import subprocess
import sys

import pytest


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipenforce.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_it_prints_help():
    result = run("--help")
    assert result.returncode == 0
    assert "fine calculate" in result.stdout and "DATABASE_URL" in result.stdout


def test_it_rejects_an_unknown_command_with_status_2():
    result = run("frobnicate")
    assert result.returncode == 2
    assert "frobnicate" in result.stderr


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="exercises a fresh SQLite file; the PostgreSQL run covers migrate through the suite",
)
def test_it_migrates_and_loads_demo_data_into_the_database_named_by_database_url(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/fresh.sqlite3"}
    assert run("migrate", env=env).returncode == 0
    first = run("demo", env=env)
    assert first.returncode == 0, first.stderr
    assert "analista" in first.stdout and "demo-analista-2026" in first.stdout
    second = run("demo", env=env)
    assert second.returncode == 0
    count = run(
        "manage",
        "shell",
        "-c",
        "from ipenforce.parties.models import Firm; print(Firm.objects.count())",
        env=env,
    )
    assert count.stdout.strip().splitlines()[-1] == "80"
