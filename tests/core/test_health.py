from fastapi.testclient import TestClient


def test_health_reports_ok_and_the_schema_revision_at_head(client: TestClient) -> None:
    from coachboard.core.migrations import head_revision

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["revision"] == head_revision("sqlite://")
