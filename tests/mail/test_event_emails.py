"""Emails a request queues: the portal invitation and the password-reset link."""

import re
from datetime import UTC
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coachboard.core.database import transaction
from coachboard.mail.optouts import unsubscribe_token
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.portal import ClientInvitation
from tests.mail.fixtures import fresh_browser, mail_client, pages, queued, sam
from tests.portal.accounts import CLIENT_PASSWORD, join
from tests.web.conftest import PASSWORD, csrf_token, submit

__all__ = ["fresh_browser", "mail_client", "pages", "sam"]

SENT = "If an account has the email {email}, we&#39;ve sent it a link"


def link_in(text: str, path: str) -> str:
    """The path of the first link to `path` in an email's text."""
    match = re.search(rf"https?://[^/\s]+({path}[^\s]+)", text)
    assert match, f"no {path} link in {text!r}"
    return match.group(1)


def test_inviting_a_client_queues_the_join_link(
    api: TestClient, engine: Engine, sam: Client
) -> None:
    answer = api.post(f"/api/v1/clients/{sam.id}/invitation")
    # This server has no SMTP server set up: the link waits in the outbox, nobody is emailed.
    assert answer.status_code == 201
    assert answer.json()["email_status"] == "not_configured"
    assert "emailed" not in answer.json()
    (email,) = queued(engine, "portal_invitation")
    assert email.recipient == "sam@example.com"
    assert email.subject == "Casey Coach invites you to your coaching portal"
    join_path = link_in(email.body_text, "/join/")
    assert answer.json()["url"].endswith(join_path)
    assert email.unsubscribe_url and f"Unsubscribe: {email.unsubscribe_url}" in email.body_text


def test_a_portal_invitation_needs_no_email_this_client(
    api: TestClient, engine: Engine, db: Session, sam: Client
) -> None:
    """The coach asks for this one message: "Email this client" is about automated email."""
    api.patch(f"/api/v1/clients/{sam.id}", json={"may_email": False})
    answer = api.post(f"/api/v1/clients/{sam.id}/invitation")
    assert answer.json()["email_status"] == "not_configured"
    assert [email.recipient for email in queued(engine, "portal_invitation")] == ["sam@example.com"]


def test_without_smtp_the_invite_page_says_email_is_not_set_up_never_emailed(
    pages: TestClient, mail_client: TestClient, engine: Engine, sam: Client
) -> None:
    page = submit(pages, f"/clients/{sam.id}/invitation")
    assert "Email is not set up on this server: copy the link below" in page.text
    assert "emailed" not in page.text.lower()

    mail_client.post(f"/unsubscribe/{unsubscribe_token(sam.id, 'portal_invitation')}")
    page = submit(pages, f"/clients/{sam.id}/invitation")
    assert "copy this link and send it to sam@example.com yourself" in page.text
    assert "emailed" not in page.text.lower()
    assert len(queued(engine, "portal_invitation")) == 1


def test_the_invitation_expires_on_the_coachs_clock(
    db: Session, coach: User, pages: TestClient, engine: Engine, sam: Client
) -> None:
    with transaction(db):
        coach.time_zone = "Asia/Tokyo"
    page = submit(pages, f"/clients/{sam.id}/invitation")
    (email,) = queued(engine, "portal_invitation")
    expires_at = db.scalar(select(ClientInvitation.expires_at))
    assert expires_at is not None
    tokyo = expires_at.replace(tzinfo=UTC).astimezone(ZoneInfo("Asia/Tokyo"))
    assert f"until {tokyo.day} {tokyo:%b %Y, %H:%M} (Asia/Tokyo)" in page.text
    assert f"{tokyo:%B %Y, %H:%M} (Asia/Tokyo)" in email.body_text
    assert "UTC" not in page.text and "UTC" not in email.body_text


def test_forgot_password_emails_a_link_that_works(
    fresh_browser: TestClient, engine: Engine, coach: User
) -> None:
    assert 'href="/forgot-password"' in fresh_browser.get("/sign-in").text
    page = submit(fresh_browser, "/forgot-password", {"email": "Coach@Example.com"})
    assert page.status_code == 200
    assert SENT.format(email="Coach@Example.com") in page.text
    (email,) = queued(engine, "password_reset")
    assert email.recipient == "coach@example.com" and email.unsubscribe_url is None
    assert "Unsubscribe" not in email.body_text

    reset = link_in(email.body_text, "/reset-password/")
    assert "Choose a new password" in fresh_browser.get(reset).text
    done = fresh_browser.post(
        reset,
        data={"password": "a-brand-new-pass-77", "csrf_token": csrf_token(fresh_browser, reset)},
    )
    assert done.url.path == "/"
    assert "Your password is changed" in done.text


def test_a_client_account_can_reset_its_password_too(
    db: Session, coach: User, sam: Client, fresh_browser: TestClient, engine: Engine
) -> None:
    join(db, coach, sam.id, CLIENT_PASSWORD)
    submit(fresh_browser, "/forgot-password", {"email": "sam@example.com"})
    (email,) = queued(engine, "password_reset")
    reset = link_in(email.body_text, "/reset-password/")
    done = fresh_browser.post(
        reset,
        data={"password": "a-brand-new-pass-77", "csrf_token": csrf_token(fresh_browser, reset)},
    )
    assert done.url.path == "/me"


def test_an_unknown_email_gets_the_same_answer_and_no_email(
    fresh_browser: TestClient, api: TestClient, engine: Engine, coach: User
) -> None:
    page = submit(fresh_browser, "/forgot-password", {"email": "nobody@example.com"})
    assert page.status_code == 200
    assert SENT.format(email="nobody@example.com") in page.text
    for email in ("nobody@example.com", "coach@example.com"):
        answer = api.post("/api/v1/auth/password-reset", json={"email": email})
        assert answer.status_code == 202
        assert answer.json() == {
            "detail": "If an account has this email, a link to choose a new password is on its way."
        }
    assert [m.recipient for m in queued(engine, "password_reset")] == ["coach@example.com"]
    assert api.post("/api/v1/auth/password-reset", json={"email": "x"}).status_code == 422


def test_asking_for_links_is_throttled(
    mail_client: TestClient, engine: Engine, coach: User
) -> None:
    answers = [
        mail_client.post("/api/v1/auth/password-reset", json={"email": "coach@example.com"})
        for _ in range(6)
    ]
    assert [a.status_code for a in answers] == [202] * 5 + [429]
    assert int(answers[-1].headers["Retry-After"]) > 0
    assert len(queued(engine, "password_reset")) == 5


def test_asking_for_links_leaves_sign_in_from_the_same_address_alone(
    mail_client: TestClient, coach: User
) -> None:
    allowance = 20  # throttle_attempts_per_address
    answers = [
        mail_client.post("/api/v1/auth/password-reset", json={"email": f"n{n}@example.com"})
        for n in range(allowance + 1)
    ]
    assert answers[-1].status_code == 429  # the address asked for too many links

    signed_in = mail_client.post(
        "/api/v1/auth/token", data={"username": coach.email, "password": PASSWORD}
    )

    assert signed_in.status_code == 200
