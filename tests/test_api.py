import pytest


def test_it_serves_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "IP Enforce API"
    assert "/api/health" in schema["paths"]


@pytest.mark.django_db
def test_it_answers_health(client):
    assert client.get("/api/health").json() == {"status": "ok"}
