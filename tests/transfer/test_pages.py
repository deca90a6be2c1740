"""The downloads on the client's page and the import form on the client list."""

import json
import uuid

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from coachboard.models.clients import Client
from tests.transfer.records import rich_client
from tests.web.conftest import csrf_token


def upload(pages: TestClient, content: bytes, name: str = "client.json") -> object:
    return pages.post(
        "/clients/import",
        data={"csrf_token": csrf_token(pages, "/clients")},
        files={"document": (name, content, "application/json")},
        follow_redirects=False,
    )


def test_the_client_page_offers_both_downloads(db: Session, coach: User, pages: TestClient) -> None:
    built = rich_client(db, coach)
    page = pages.get(f"/clients/{built.client_id}").text

    assert f'href="/clients/{built.client_id}/export.json" download>Download (JSON)' in page
    assert f'href="/clients/{built.client_id}/export.zip" download>Download (spreadsheets)' in page
    as_json = pages.get(f"/clients/{built.client_id}/export.json")
    assert as_json.headers["content-disposition"].startswith(
        'attachment; filename="coachboard-zoe-angstrom-'
    )
    assert as_json.json()["client"]["name"] == "Zoë Ångström"
    as_zip = pages.get(f"/clients/{built.client_id}/export.zip")
    assert (as_zip.status_code, as_zip.headers["content-type"]) == (200, "application/zip")


def test_another_coach_cannot_download_the_client(
    db: Session, coach: User, other_pages: TestClient
) -> None:
    built = rich_client(db, coach)

    assert other_pages.get(f"/clients/{built.client_id}/export.json").status_code == 404
    assert other_pages.get(f"/clients/{built.client_id}/export.zip").status_code == 404


def test_the_account_page_downloads_every_client_of_this_coach_only(
    db: Session, coach: User, pages: TestClient, other_pages: TestClient
) -> None:
    built = rich_client(db, coach)
    assert (
        'href="/account/export.json" download>Download everything (JSON)'
        in pages.get("/account").text
    )

    mine = pages.get("/account/export.json")
    theirs = other_pages.get("/account/export.json")

    assert mine.headers["content-disposition"].startswith(
        'attachment; filename="coachboard-account-'
    )
    document = mine.json()
    assert (document["format"], document["coach"]["email"]) == ("coachboard.account", coach.email)
    assert [c["client"]["id"] for c in document["clients"]] == [str(built.client_id)]
    assert theirs.json()["clients"] == []


def test_importing_a_downloaded_file_adds_the_client_with_its_records(
    db: Session, coach: User, pages: TestClient, other_pages: TestClient
) -> None:
    built = rich_client(db, coach)
    content = pages.get(f"/clients/{built.client_id}/export.json").content
    assert 'enctype="multipart/form-data"' in other_pages.get("/clients").text

    response = upload(other_pages, content)

    assert response.status_code == 303
    page = other_pages.get(response.headers["location"]).text
    assert "Imported Zoë Ångström." in page
    assert "Santé ❤ и здоровье" in other_pages.get(response.headers["location"] + "/goals").text


def test_a_file_that_cannot_be_imported_is_named_on_the_form_and_nothing_is_added(
    db: Session, coach: User, pages: TestClient
) -> None:
    built = rich_client(db, coach)
    document = pages.get(f"/clients/{built.client_id}/export.json").json()
    document["links"]["commitment_targets"][1]["target_id"] = str(uuid.uuid4())

    broken = upload(pages, json.dumps(document).encode())
    not_json = upload(pages, b"Name,Goal\nDana,Run\n", "client.csv")
    no_file = pages.post("/clients/import", data={"csrf_token": csrf_token(pages, "/clients")})

    assert broken.status_code == 422
    assert "/links/commitment_targets/1/target_id: " in broken.text
    assert "nothing was added" in broken.text
    assert (not_json.status_code, "is not a JSON document" in not_json.text) == (422, True)
    assert (no_file.status_code, "Choose a file" in no_file.text) == (422, True)
    assert db.scalar(select(func.count()).select_from(Client)) == 1
