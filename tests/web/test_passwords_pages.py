"""Changing a password from the account page, and setting one through a reset link: what the
old password opened ends, the browser that changed it stays in, and the rule is kept."""

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.core.models import utcnow
from coachboard.models.accounts import AccountEvent, PasswordReset, User
from tests.web.conftest import PASSWORD, browser_for, field_error, signed_in_browser, submit

NEW_PASSWORD = "a-much-longer-secret-7"
HOUR = timedelta(hours=1)


def is_signed_in(browser: TestClient) -> bool:
    return browser.get("/clients", follow_redirects=False).status_code == 200


def can_sign_in(db: Session, email: str, password: str) -> bool:
    db.expire_all()
    return accounts.authenticate(db, email=email, password=password) is not None


def event_kinds(db: Session, user: User) -> list[str]:
    with db.begin():
        return list(db.scalars(select(AccountEvent.kind).where(AccountEvent.user_id == user.id)))


def test_changing_the_password_ends_other_sessions_and_every_token_and_keeps_this_one(
    app: FastAPI, coach: User, pages: TestClient, api: TestClient, db: Session
) -> None:
    with signed_in_browser(app, coach, "laptop") as laptop:
        response = submit(
            pages, "/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        )

        assert response.url.path == "/account"
        assert "Password changed." in response.text
        assert not is_signed_in(laptop)
    assert api.get("/api/v1/clients").status_code == 401
    assert is_signed_in(pages)
    assert submit(pages, "/clients/new", {"name": "Still here"}).status_code == 200
    assert can_sign_in(db, coach.email, NEW_PASSWORD)
    assert not can_sign_in(db, coach.email, PASSWORD)
    assert "password_changed" in event_kinds(db, coach)


@pytest.mark.parametrize(
    ("current", "new", "field", "message"),
    [
        (
            "wrong-password-1",
            NEW_PASSWORD,
            "current_password",
            "That isn&#39;t your current password.",
        ),
        (PASSWORD, "short-one", "new_password", "Use at least 12 characters."),
        (PASSWORD, "Password1234", "new_password", "This password is too common"),
        (PASSWORD, "COACH@example.com", "new_password", "Don&#39;t use your email or your name"),
    ],
)
def test_a_refused_password_change_names_the_field_and_changes_nothing(
    app: FastAPI,
    coach: User,
    pages: TestClient,
    api: TestClient,
    db: Session,
    current: str,
    new: str,
    field: str,
    message: str,
) -> None:
    with signed_in_browser(app, coach, "laptop") as laptop:
        response = submit(
            pages, "/account/password", {"current_password": current, "new_password": new}
        )

        assert response.status_code == 422
        assert message in (field_error(response.text, field) or "")
        assert is_signed_in(laptop)
    assert api.get("/api/v1/clients").status_code == 200
    assert can_sign_in(db, coach.email, PASSWORD)


def reset_link(db: Session, user: User) -> str:
    return "/reset-password/" + accounts.create_reset_link(db, user=user, lifetime=HOUR)


def test_a_reset_link_sets_the_password_once_signs_in_and_ends_every_other_session_and_token(
    app: FastAPI, coach: User, pages: TestClient, api: TestClient, db: Session
) -> None:
    link = reset_link(db, coach)
    with browser_for(app) as stranger:
        form = stranger.get(link)
        assert form.status_code == 200 and coach.email in form.text

        response = submit(stranger, link, {"password": NEW_PASSWORD})

        assert response.url.path == "/"
        assert "Your password is changed" in response.text
        assert is_signed_in(stranger)
        again = stranger.get(link)
        assert again.status_code == 410
        assert "unknown, has been used already or has expired" in again.text
        assert submit(stranger, link, {"password": "another-long-secret-9"}).status_code == 410
    assert not is_signed_in(pages)
    assert api.get("/api/v1/clients").status_code == 401
    assert can_sign_in(db, coach.email, NEW_PASSWORD)
    assert "password_reset" in event_kinds(db, coach)


def test_an_expired_reset_link_is_refused_and_changes_nothing(
    anonymous: TestClient, coach: User, pages: TestClient, db: Session
) -> None:
    link = reset_link(db, coach)
    with db.begin():
        db.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))

    assert anonymous.get(link).status_code == 410
    assert submit(anonymous, link, {"password": NEW_PASSWORD}).status_code == 410
    assert is_signed_in(pages)
    assert can_sign_in(db, coach.email, PASSWORD)


def test_an_unknown_reset_link_is_a_clear_410_page(anonymous: TestClient, coach: User) -> None:
    response = anonymous.get("/reset-password/not-a-real-token")

    assert response.status_code == 410
    assert "This link no longer works" in response.text


def test_a_reset_link_refuses_a_common_password_and_stays_usable(
    anonymous: TestClient, coach: User, db: Session
) -> None:
    link = reset_link(db, coach)

    refused = submit(anonymous, link, {"password": "qwertyuiop123"})

    assert refused.status_code == 422
    assert field_error(refused.text, "password").startswith("This password is too common")
    assert submit(anonymous, link, {"password": NEW_PASSWORD}).url.path == "/"


def test_a_password_change_ends_the_reset_links_given_before_it(
    coach: User, pages: TestClient, anonymous: TestClient, db: Session
) -> None:
    link = reset_link(db, coach)

    submit(pages, "/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})

    assert anonymous.get(link).status_code == 410
