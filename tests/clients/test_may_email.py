"""“Email this client”: off for a new client, set by the coach on the client form or through
the API, and kept in the client's history."""

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.models.clients import Client
from coachboard.models.history import HistoryEntry
from tests.web.conftest import input_tag, pages, submit

__all__ = ["pages"]


def box_ticked(page: str) -> bool:
    return " checked" in input_tag(page, "may_email")


def stored(db: Session, name: str) -> Client:
    """The client as stored; the read ends its transaction, so the app can write (SQLite)."""
    db.expire_all()
    client = db.scalar(select(Client).where(Client.name == name))
    assert client is not None
    db.commit()
    return client


def test_the_client_forms_checkbox_round_trips(db: Session, pages: TestClient) -> None:
    assert not box_ticked(pages.get("/clients/new").text)
    submit(pages, "/clients/new", {"name": "Dana Doe", "email": "dana@example.com"})
    dana = stored(db, "Dana Doe")
    assert not dana.may_email
    assert "Off: no invitations or reminders" in pages.get(f"/clients/{dana.id}").text

    edit = f"/clients/{dana.id}/edit"
    assert not box_ticked(pages.get(edit).text)
    saved = submit(
        pages, edit, {"name": "Dana Doe", "email": "dana@example.com", "may_email": "on"}
    )
    assert "On: invitations and reminders go to Dana Doe" in saved.text
    assert stored(db, "Dana Doe").may_email
    assert box_ticked(pages.get(edit).text)

    # A form refused for another field keeps the box as it was posted.
    refused = submit(pages, edit, {"name": "", "email": "dana@example.com", "may_email": "on"})
    assert refused.status_code == 422 and box_ticked(refused.text)

    submit(pages, edit, {"name": "Dana Doe", "email": "dana@example.com"})
    assert not stored(db, "Dana Doe").may_email
    assert not box_ticked(pages.get(edit).text)

    added = submit(pages, "/clients/new", {"name": "Ari Able", "may_email": "on"})
    assert added.status_code == 200 and stored(db, "Ari Able").may_email


def test_the_api_reads_and_writes_may_email_and_keeps_it_in_history(
    db: Session, api: TestClient
) -> None:
    created = api.post("/api/v1/clients", json={"name": "Dana Doe"}).json()
    assert created["may_email"] is False
    agreed = api.post("/api/v1/clients", json={"name": "Ari Able", "may_email": True}).json()
    assert agreed["may_email"] is True

    client_id = created["id"]
    turned_on = api.patch(f"/api/v1/clients/{client_id}", json={"may_email": True})
    assert turned_on.json()["may_email"] is True
    renamed = api.patch(f"/api/v1/clients/{client_id}", json={"name": "Dana D."})
    assert renamed.json()["may_email"] is True  # left out: unchanged
    assert api.get(f"/api/v1/clients/{client_id}").json()["may_email"] is True
    listing = api.get("/api/v1/clients").json()["items"]
    assert {c["name"]: c["may_email"] for c in listing} == {"Ari Able": True, "Dana D.": True}

    db.expire_all()
    changes = [
        entry.changes
        for entry in db.scalars(select(HistoryEntry).where(HistoryEntry.action == "updated"))
    ]
    assert {"may_email": [False, True]} in changes


def test_the_openapi_document_describes_may_email(client: TestClient) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("ClientCreate", "ClientUpdate", "ClientRead"):
        assert "Email this client" in schemas[name]["properties"]["may_email"]["description"]
    assert schemas["ClientCreate"]["properties"]["may_email"]["default"] is False


def test_the_activity_says_email_this_client_in_the_coachs_words(api: TestClient) -> None:
    client_id = api.post("/api/v1/clients", json={"name": "Dana Doe"}).json()["id"]
    api.patch(f"/api/v1/clients/{client_id}", json={"may_email": True})

    activity = api.get(f"/api/v1/clients/{client_id}/activity").json()["items"]

    assert any("“Email this client”" in item["sentence"] for item in activity)
    assert not any("may email" in item["sentence"] for item in activity)
