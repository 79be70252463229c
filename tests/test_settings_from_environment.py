import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from ipenforce.envconfig import env_bool, env_int, env_secret


def test_it_reads_typed_values(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    monkeypatch.setenv("X_NUM", "12")
    assert env_bool("X_FLAG") is True
    assert env_int("X_NUM", 1) == 12


def test_it_fails_loudly_on_bad_values(monkeypatch):
    monkeypatch.setenv("X_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG")
    monkeypatch.setenv("X_NUM", "twelve")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        env_int("X_NUM", 1)


def test_it_reads_secrets_from_files(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cr3t\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_secret("X_SECRET") == "s3cr3t"


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"IPENFORCE_TESTING", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "ipenforce.settings"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "ipenforce.cli",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        capture_output=True,
        text=True,
        env=clean,
        timeout=120,
    )


def test_it_passes_the_deployment_checklist_in_production(tmp_path):
    result = _check_deploy(
        {
            "SECRET_KEY": "x7!Qm2#pL9vR4tZ8wK1sN6yB3cF5hJ0dG-aE_uI@oP+rT=lM&nV^bX*zC%qW$eY",
            "ALLOWED_HOSTS": "ipenforce.example.pe",
            "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3",
        }
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_in_production(tmp_path):
    result = _check_deploy({"DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
