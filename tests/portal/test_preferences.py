"""What a client sets for themselves: their zone when they join and later on /me, and which
emails they get; and joining turns "Email this client" on."""

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.core.database import transaction
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.mail import EmailOptOut
from tests.portal.accounts import CLIENT_PASSWORD
from tests.portal.test_pages import join_link
from tests.web.conftest import field_error, field_value, input_tag, submit

AUTOMATED = ("session_invitation", "session_reminder", "commitment_reminder")


def ticked(page: str) -> set[str]:
    """The email kinds whose box is ticked on /me."""
    boxes = re.findall(
        r'<input type="checkbox" id="f-email-[^"]+" name="kinds" value="([^"]+)"( checked)?', page
    )
    return {kind for kind, checked in boxes if checked}


def opted_out(db: Session, client_id: object) -> set[str]:
    db.expire_all()
    kinds = set(db.scalars(select(EmailOptOut.kind).where(EmailOptOut.client_id == client_id)))
    db.commit()
    return kinds


def test_joining_takes_the_chosen_zone_and_turns_email_this_client_on(
    db: Session, coach: User, pages: TestClient, anonymous: TestClient, sam: Client
) -> None:
    with transaction(db):
        coach.time_zone = "Europe/Berlin"
    assert not sam.may_email
    link = join_link(pages, sam)

    form = anonymous.get(link)
    # The coach's zone from the server; the browser's own replaces it (app.js) where it can.
    assert field_value(form.text, "time_zone") == "Europe/Berlin"
    assert "data-browser-zone" in input_tag(form.text, "time_zone")
    unknown = submit(anonymous, link, {"password": CLIENT_PASSWORD, "time_zone": "Mars/Olympus"})
    assert unknown.status_code == 422 and field_error(unknown.text, "time_zone")
    joined = submit(
        anonymous,
        link,
        {"password": CLIENT_PASSWORD, "time_zone": "Asia/Tokyo"},
        follow_redirects=False,
    )

    assert joined.status_code == 303
    db.expire_all()
    account = db.scalar(select(User).where(User.client_id == sam.id))
    assert account is not None and account.time_zone == "Asia/Tokyo"
    assert db.get_one(Client, sam.id).may_email
    assert "Email this client</dt><dd data-may-email>On" in pages.get(f"/clients/{sam.id}").text


def test_a_client_turns_each_kind_of_email_off_and_on_again_on_me(
    db: Session, sam: Client, sam_pages: TestClient
) -> None:
    page = sam_pages.get("/me")
    assert ticked(page.text) == set(AUTOMATED)

    saved = submit(sam_pages, "/me/emails", {"kinds": ["session_invitation"]})
    assert saved.status_code == 200 and saved.url.path == "/me"
    assert (
        "Saved: you get session invitations (scheduled, moved or cancelled) by email" in saved.text
    )
    assert ticked(saved.text) == {"session_invitation"}
    assert opted_out(db, sam.id) == {"session_reminder", "commitment_reminder"}

    saved = submit(sam_pages, "/me/emails", {"kinds": list(AUTOMATED)})
    assert ticked(saved.text) == set(AUTOMATED)
    assert opted_out(db, sam.id) == set()

    nothing = submit(sam_pages, "/me/emails", {})
    assert "Saved: no email for you" in nothing.text
    assert ticked(nothing.text) == set()
    assert opted_out(db, sam.id) == set(AUTOMATED)


def test_a_client_whose_coach_turned_email_off_is_told_so(
    db: Session, sam: Client, sam_pages: TestClient
) -> None:
    assert 'data-coach-emails="off"' not in sam_pages.get("/me").text
    with transaction(db):
        db.get_one(Client, sam.id).may_email = False
    assert "Casey Coach sends you no email for now" in sam_pages.get("/me").text


def test_the_email_form_needs_its_csrf_token(sam_pages: TestClient) -> None:
    sam_pages.get("/me")
    refused = sam_pages.post("/me/emails", data={"kinds": []})
    assert refused.status_code == 403


def test_a_client_sets_their_own_zone_on_me(
    db: Session, coach: User, sam_account: User, sam_pages: TestClient
) -> None:
    assert field_value(sam_pages.get("/me").text, "time_zone") == coach.time_zone

    refused = submit(sam_pages, "/me/time-zone", {"time_zone": "Nowhere/Special"})
    assert refused.status_code == 422
    assert field_error(refused.text, "time_zone")
    assert field_value(refused.text, "time_zone") == "Nowhere/Special"

    saved = submit(sam_pages, "/me/time-zone", {"time_zone": "America/Sao_Paulo"})
    assert saved.status_code == 200 and saved.url.path == "/me"
    assert "Your time zone is America/Sao_Paulo" in saved.text
    assert field_value(saved.text, "time_zone") == "America/Sao_Paulo"
    db.expire_all()
    assert db.get_one(User, sam_account.id).time_zone == "America/Sao_Paulo"
    assert db.get_one(User, coach.id).time_zone == coach.time_zone


def test_the_api_reads_and_sets_the_clients_zone_and_emails(
    db: Session, coach: User, sam: Client, sam_account: User, sam_api: TestClient
) -> None:
    first = sam_api.get("/api/v1/portal/preferences").json()
    assert first["time_zone"] == coach.time_zone
    assert [(choice["kind"], choice["on"]) for choice in first["emails"]] == [
        (kind, True) for kind in AUTOMATED
    ]
    assert first["coach_emails"] is True

    changed = sam_api.patch(
        "/api/v1/portal/preferences",
        json={"time_zone": "Asia/Tokyo", "emails_on": ["session_reminder"]},
    )

    assert changed.status_code == 200
    assert changed.json()["time_zone"] == "Asia/Tokyo"
    assert {c["kind"] for c in changed.json()["emails"] if c["on"]} == {"session_reminder"}
    assert opted_out(db, sam.id) == {"session_invitation", "commitment_reminder"}
    assert sam_api.get("/api/v1/portal/preferences").json() == changed.json()


def test_an_unknown_zone_is_422_and_changes_neither(
    db: Session, sam: Client, sam_api: TestClient
) -> None:
    before = sam_api.get("/api/v1/portal/preferences").json()

    refused = sam_api.patch(
        "/api/v1/portal/preferences", json={"time_zone": "Mars/Olympus", "emails_on": []}
    )

    assert refused.status_code == 422
    assert [problem["loc"] for problem in refused.json()["detail"]] == [["body", "time_zone"]]
    assert sam_api.get("/api/v1/portal/preferences").json() == before
    assert opted_out(db, sam.id) == set()
