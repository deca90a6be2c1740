"""Archiving a client suspends their portal account: its sessions, tokens and reset links end at
once and it cannot sign in while the client is archived. Restoring the client lifts the
suspension: the account signs in again with its password, and what ended stays ended. A revoked
account stays revoked."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from coachboard.models.accounts import AccountEvent, User
from coachboard.models.clients import Client
from coachboard.models.mail import OutboxMessage
from tests.portal.accounts import CLIENT_PASSWORD
from tests.portal.conftest import sam, sam_account, sam_api, sam_pages
from tests.web.conftest import anonymous, pages, submit

__all__ = ["anonymous", "pages", "sam", "sam_account", "sam_api", "sam_pages"]

API = "/api/v1"
EMAIL = "sam@example.com"
NO_MATCH = "That email and password don&#39;t match an account."


def set_status(api: TestClient, client: Client, status: str) -> None:
    answer = api.patch(f"{API}/clients/{client.id}", json={"status": status})
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == status


def token_answer(browser: TestClient, password: str = CLIENT_PASSWORD) -> int:
    data = {"username": EMAIL, "password": password}
    return browser.post(f"{API}/auth/token", data=data).status_code


def uses_the_portal(sam_api: TestClient) -> bool:
    return sam_api.get(f"{API}/portal/goals").status_code == 200


def is_on_their_page(browser: TestClient) -> bool:
    return browser.get("/me", follow_redirects=False).status_code == 200


def reset_links_queued(engine: Engine) -> int:
    with Session(engine) as session:
        count = select(func.count()).where(OutboxMessage.kind == "password_reset")
        return session.scalar(count) or 0


def access_events(db: Session, account: User) -> list[str]:
    with db.begin():
        kinds = select(AccountEvent.kind).where(
            AccountEvent.user_id == account.id, AccountEvent.kind.like("access_%")
        )
        return list(db.scalars(kinds.order_by(AccountEvent.at)))


def test_archiving_ends_the_accounts_sessions_and_tokens_and_it_cannot_sign_in(
    api: TestClient,
    anonymous: TestClient,
    engine: Engine,
    sam: Client,
    sam_api: TestClient,
    sam_pages: TestClient,
) -> None:
    assert uses_the_portal(sam_api) and is_on_their_page(sam_pages)

    set_status(api, sam, "archived")

    assert sam_api.get(f"{API}/portal/goals").status_code == 401
    assert sam_api.get(f"{API}/me").status_code == 401
    assert not is_on_their_page(sam_pages)
    assert token_answer(anonymous) == 401
    page = submit(anonymous, "/sign-in", {"email": EMAIL, "password": CLIENT_PASSWORD})
    assert page.status_code == 422 and NO_MATCH in page.text
    asked = anonymous.post(f"{API}/auth/password-reset", json={"email": EMAIL})
    assert asked.status_code == 202
    assert reset_links_queued(engine) == 0


def test_restoring_lets_the_account_sign_in_with_its_password_and_nothing_ended_comes_back(
    api: TestClient,
    anonymous: TestClient,
    db: Session,
    sam: Client,
    sam_account: User,
    sam_api: TestClient,
    sam_pages: TestClient,
) -> None:
    set_status(api, sam, "archived")

    set_status(api, sam, "active")

    assert not uses_the_portal(sam_api)
    assert not is_on_their_page(sam_pages)
    assert token_answer(anonymous, "not-the-password-1") == 401
    assert token_answer(anonymous) == 200
    signed_in = submit(anonymous, "/sign-in", {"email": EMAIL, "password": CLIENT_PASSWORD})
    assert signed_in.url.path == "/me"
    assert access_events(db, sam_account) == ["access_suspended", "access_restored"]


def test_the_archive_and_unarchive_buttons_suspend_and_restore(
    pages: TestClient, anonymous: TestClient, sam: Client, sam_api: TestClient
) -> None:
    archived = submit(pages, f"/clients/{sam.id}/archive")
    assert archived.status_code == 200 and "Archived Sam Client." in archived.text
    assert not uses_the_portal(sam_api)
    assert token_answer(anonymous) == 401

    restored = submit(pages, f"/clients/{sam.id}/unarchive")

    assert restored.status_code == 200 and "Sam Client is active again." in restored.text
    assert token_answer(anonymous) == 200


def test_a_revoked_account_stays_revoked_when_its_client_is_archived_and_restored(
    api: TestClient, anonymous: TestClient, sam: Client, sam_account: User
) -> None:
    assert api.delete(f"{API}/clients/{sam.id}/portal-access").status_code == 204

    set_status(api, sam, "archived")
    set_status(api, sam, "active")

    assert token_answer(anonymous) == 401


def test_revoking_while_archived_keeps_the_account_off_after_restoring(
    api: TestClient, anonymous: TestClient, sam: Client, sam_account: User
) -> None:
    set_status(api, sam, "archived")

    assert api.delete(f"{API}/clients/{sam.id}/portal-access").status_code == 204
    set_status(api, sam, "active")

    assert token_answer(anonymous) == 401
    # Nothing left to revoke: the account is revoked, not suspended.
    assert api.delete(f"{API}/clients/{sam.id}/portal-access").status_code == 404


def test_another_coach_cannot_archive_the_client_or_touch_their_account(
    other_api: TestClient, sam: Client, sam_api: TestClient
) -> None:
    answer = other_api.patch(f"{API}/clients/{sam.id}", json={"status": "archived"})

    assert answer.status_code == 404
    assert uses_the_portal(sam_api)


def test_changing_other_fields_leaves_the_account_alone(
    api: TestClient, sam: Client, sam_api: TestClient
) -> None:
    assert api.patch(f"{API}/clients/{sam.id}", json={"notes": "Moved to Lyon"}).status_code == 200
    assert api.patch(f"{API}/clients/{sam.id}", json={"status": "active"}).status_code == 200

    assert uses_the_portal(sam_api)
