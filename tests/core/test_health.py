from fastapi.testclient import TestClient


def test_health_reports_ok_and_the_schema_revision_at_head(client: TestClient) -> None:
    from coachboard.core.migrations import head_revision

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["revision"] == head_revision("sqlite://")


def test_readiness_answers_once_the_database_does(client: TestClient) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_is_503_while_the_database_is_unreachable(tmp_path) -> None:
    from coachboard.core.settings import Settings
    from coachboard.main import create_app

    missing = tmp_path / "no-such-folder" / "coachboard.db"
    app = create_app(Settings(database_url=f"sqlite:///{missing}", secret_key="x"))

    response = TestClient(app).get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
