"""The health check that load balancers and CI call."""

from django.db import connection


def test_healthz_answers_json_with_the_database_status(db, client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"status": "ok", "vendor": connection.vendor}
    assert body["version"]
    assert body["duration_ms"] >= 0
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_only_get(db, client):
    assert client.post("/healthz").status_code == 405
