import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def client_id(api: TestClient) -> str:
    """A client of the coach, made through the API."""
    return api.post("/api/v1/clients", json={"name": "Dana Doe"}).json()["id"]


@pytest.fixture
def goal_ids(api: TestClient, client_id: str) -> list[str]:
    """Two goals of the client, in creation order."""
    url = f"/api/v1/clients/{client_id}/goals"
    return [api.post(url, json={"title": f"Goal {n}"}).json()["id"] for n in (1, 2)]


@pytest.fixture
def sprint_ids(api: TestClient, client_id: str) -> list[str]:
    """Two sprints of the client, in creation order."""
    url = f"/api/v1/clients/{client_id}/sprints"
    return [
        api.post(
            url,
            json={"title": f"Sprint {n}", "start_date": f"2026-0{n}-01", "end_date": "2026-06-30"},
        ).json()["id"]
        for n in (1, 2)
    ]
