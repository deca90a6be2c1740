"""A coach's imports are counted per window: past the allowance the next one is refused with
429 and Retry-After before its document is read, by the API and by the upload form alike, and
a refused document counts too (reading it is the cost being bounded)."""

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.core.settings import Settings
from coachboard.models.accounts import User
from tests.transfer.records import rich_client
from tests.transfer.test_pages import upload

API = "/api/v1"
ALLOWED = 2


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, secret_key="test-secret", imports_per_window=ALLOWED)


@pytest.fixture
def document(db: Session, coach: User, api: TestClient) -> dict[str, Any]:
    built = rich_client(db, coach)
    return api.get(f"{API}/clients/{built.client_id}/export").json()


def test_past_the_allowance_an_import_gets_429_before_its_body_is_read(
    api: TestClient, other_api: TestClient, document: dict[str, Any]
) -> None:
    url = f"{API}/clients/import"
    assert other_api.post(url, json=document).status_code == 201
    assert other_api.post(url, json={"format": "not a document"}).status_code == 422

    refused = other_api.post(
        url, content=b"not even JSON", headers={"Content-Type": "application/json"}
    )

    assert refused.status_code == 429
    assert 0 < int(refused.headers["retry-after"]) <= 600
    assert refused.json()["detail"].startswith("too many imports: try again in")
    # Another coach's allowance is their own.
    assert api.post(url, json=document).status_code == 201


def test_the_upload_form_counts_in_the_same_allowance(
    other_api: TestClient, other_pages: TestClient, document: dict[str, Any]
) -> None:
    content = json.dumps(document).encode()
    assert other_api.post(f"{API}/clients/import", json=document).status_code == 201
    assert upload(other_pages, content).status_code == 303

    refused = upload(other_pages, content)

    assert refused.status_code == 429
    assert "Too many imports for now: try again in 10 min." in refused.text
    assert refused.headers["retry-after"]
