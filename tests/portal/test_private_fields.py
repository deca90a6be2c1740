"""No private field reaches a client: a marker written into every private field (the client's
notes, each session's notes, the metadata of commitments, outcomes and sprints) appears in
none of the portal's answers or pages (its changes' answers too), nor in the coach's preview.

The routes are found in the app: every GET under /api/v1/portal and /me, so a portal route
added later is swept too.
"""

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientUpdate
from coachboard.core.database import transaction
from coachboard.models.commitments import Commitment
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionUpdate
from tests.api.conftest import API, Estate, app_routes

MARKER = "PRIVATE-7f3c-MARKER"
CONVERTER = re.compile(r"\{(\w+):\w+\}")


def portal_pages_and_answers(app: FastAPI) -> list[str]:
    """The path of every GET route of the portal (with its ids' names)."""
    return [
        path
        for method, path in app_routes(app)
        if method == "GET"
        and (path.startswith(f"{API}/portal/") or path == "/me" or path.startswith("/me/"))
    ]


@pytest.fixture
def marked(db: Session, own: Estate) -> Estate:
    """The estate with the marker in every private field."""
    notes = f"Coach only: {MARKER}"
    clients.update(db, coach=own.coach, client_id=own.client_id, fields=ClientUpdate(notes=notes))
    for session_id in own.session_ids:
        sessions.update(
            db, coach=own.coach, session_id=session_id, fields=SessionUpdate(notes=notes)
        )
    # No service writes metadata (migrations and imports do): straight to the tables.
    with transaction(db):
        for model in (Commitment, Target, Sprint):
            db.execute(
                update(model)
                .where(model.client_id == own.client_id)
                .values(meta={"private": MARKER})
            )
    return own


def test_the_marker_is_in_every_private_field_the_coach_reads(
    api: TestClient, marked: Estate
) -> None:
    """The control: the marker is there to be leaked."""
    assert MARKER in api.get(f"{API}/clients/{marked.client_id}").text
    assert MARKER in api.get(f"{API}/clients/{marked.client_id}/sessions").text


def test_no_portal_answer_or_page_holds_a_private_field(
    app: FastAPI, marked: Estate, own_api: TestClient, own_pages: TestClient
) -> None:
    paths = portal_pages_and_answers(app)
    assert len(paths) >= 6

    for path in paths:
        url = CONVERTER.sub(r"{\1}", path).format(**marked.route_ids)
        browser = own_api if path.startswith(f"{API}/") else own_pages
        answer = browser.get(url, params={"limit": 100} if browser is own_api else None)
        assert answer.status_code == 200, path
        assert MARKER not in answer.text, path


def test_the_coachs_preview_holds_no_private_field(pages: TestClient, marked: Estate) -> None:
    page = pages.get(f"/clients/{marked.client_id}/portal-preview")

    assert page.status_code == 200
    assert "Run 3x a week" in page.text
    assert MARKER not in page.text


def test_the_answers_of_the_clients_changes_hold_no_private_field(
    marked: Estate, own_api: TestClient, own_pages: TestClient
) -> None:
    commitment_id = marked.commitment_ids[1]
    answers = [
        own_api.post(f"{API}/portal/commitments/{commitment_id}/done"),
        own_api.post(f"{API}/portal/commitments/{commitment_id}/reopen"),
        own_pages.post(
            f"/me/commitments/{commitment_id}/status",
            data={"status": "done"},
            headers={"Accept": "application/json"},
        ),
    ]

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert all(MARKER not in answer.text for answer in answers)
