import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def client_id(api: TestClient) -> str:
    """A client of the coach, made through the API."""
    return api.post("/api/v1/clients", json={"name": "Dana Doe"}).json()["id"]
