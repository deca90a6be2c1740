"""The coach's Email page and API: their own messages only, failed ones first; the dashboard
warns of a recent failure; the profile turns the daily digest on and off."""

import uuid
from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.core.database import transaction
from coachboard.core.models import utcnow
from coachboard.mail import outbox
from coachboard.models.accounts import User
from coachboard.models.mail import OutboxMessage
from tests.mail.fixtures import pages
from tests.portal.accounts import join
from tests.web.conftest import field_value, submit

__all__ = ["pages"]


def message(db: Session, coach: User, subject: str, *, failed: bool = False) -> uuid.UUID:
    """A message of the coach's practice; a failed one as the worker leaves it after 24 h."""
    record_id = uuid.uuid4()
    email = outbox.Email(recipient="sam@example.com", subject=subject, text="Hi", html="<p>Hi</p>")
    with transaction(db):
        outbox.queue(
            db,
            [
                outbox.Queued(
                    email=email,
                    kind="session_reminder",
                    record_id=record_id,
                    coach_id=coach.id,
                    client_id=None,
                    due_at=utcnow() - timedelta(days=1),
                )
            ],
        )
        if failed:
            db.execute(
                update(OutboxMessage)
                .where(OutboxMessage.record_id == record_id)
                .values(state="failed", attempts=9, last_error="550 mailbox unavailable")
            )
    return record_id


def test_the_coach_lists_their_own_messages_failed_first(
    db: Session, coach: User, other_coach: User, api: TestClient, other_api: TestClient
) -> None:
    message(db, coach, "Your session tomorrow")
    message(db, coach, "Due tomorrow: Send the deck", failed=True)
    message(db, other_coach, "Someone else's")

    listed = api.get("/api/v1/mail").json()
    assert listed["total"] == 2
    first, second = listed["items"]
    assert (first["subject"], first["state"], first["attempts"]) == (
        "Due tomorrow: Send the deck",
        "failed",
        9,
    )
    assert first["last_error"] == "550 mailbox unavailable"
    assert second["subject"] == "Your session tomorrow" and second["sent_at"] is None
    assert [m["subject"] for m in other_api.get("/api/v1/mail").json()["items"]] == [
        "Someone else's"
    ]
    assert api.get("/api/v1/mail?limit=1").json()["items"] == [first]
    assert api.get("/api/v1/mail?limit=1000").status_code == 422


def test_a_client_account_has_no_mail_list(app: FastAPI, db: Session, coach: User) -> None:
    sam = clients.create(db, coach=coach, fields=ClientCreate(name="Sam", email="s@example.com"))
    token = accounts.create_token(db, user=join(db, coach, sam.id), name="tests")
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as sam_api:
        assert sam_api.get("/api/v1/mail").status_code == 404


def test_the_email_page_and_the_dashboards_warning(
    db: Session, coach: User, pages: TestClient
) -> None:
    assert 'href="/mail"' in pages.get("/").text
    assert "data-mail-failed" not in pages.get("/").text
    message(db, coach, "Your session tomorrow")
    message(db, coach, "Due tomorrow: Send the deck", failed=True)

    page = pages.get("/mail").text
    assert page.index("Due tomorrow: Send the deck") < page.index("Your session tomorrow")
    assert "550 mailbox unavailable" in page and 'class="is-failed"' in page
    assert "An email could not be sent in the last 7 days" in pages.get("/").text


def test_the_profile_turns_the_daily_digest_off_and_on(pages: TestClient, api: TestClient) -> None:
    assert api.get("/api/v1/me").json()["daily_digest"] is True
    profile = {"name": "Casey Coach", "email": "coach@example.com", "time_zone": "UTC"}
    submit(pages, "/account/profile", profile)
    assert api.get("/api/v1/me").json()["daily_digest"] is False
    assert 'name="daily_digest" aria' in pages.get("/account").text
    submit(pages, "/account/profile", {**profile, "daily_digest": "on"})
    assert api.get("/api/v1/me").json()["daily_digest"] is True
    assert api.patch("/api/v1/me", json={"daily_digest": False}).json()["daily_digest"] is False
    assert api.patch("/api/v1/me", json={"daily_digest": "maybe"}).status_code == 422
    assert field_value(pages.get("/account").text, "name") == "Casey Coach"
