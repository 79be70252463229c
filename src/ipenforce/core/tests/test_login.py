import os
import subprocess
import sys

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_it_logs_in_with_a_role_account(client, make_user):
    make_user("analyst", username="ana")
    response = client.post("/ingresar/", {"username": "ana", "password": "pw-test-12345"})
    assert response.status_code == 302
    assert client.get("/empresas/").status_code == 200


def test_it_throttles_repeated_login_attempts(client, make_user, settings):
    settings.LOGIN_RATE = "3/m"
    make_user("analyst", username="ana")
    for _ in range(3):
        response = client.post("/ingresar/", {"username": "ana", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/ingresar/", {"username": "ana", "password": "pw-test-12345"})
    assert response.status_code == 429
    assert "Demasiados intentos" in response.content.decode()


def test_it_stores_passwords_with_argon2_in_production(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "IPENFORCE_TESTING"}
    env.update(
        DJANGO_SETTINGS_MODULE="ipenforce.settings",
        SECRET_KEY="a-long-production-like-secret-key-for-this-test-only-0123456789",
        DATABASE_URL=f"sqlite:///{tmp_path}/p.sqlite3",
    )
    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    result = subprocess.run(
        [sys.executable, "-m", "ipenforce.cli", "manage", "shell", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert (
        result.stdout.strip().splitlines()[-1] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_it_speaks_spanish_first_whatever_the_browser_prefers(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="es"' in page and "Ingresar" in page
    client.post("/idioma/", {"language": "en", "next": "/"})
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="es-PE").content.decode()
    assert 'lang="en"' in page and "Sign in" in page
