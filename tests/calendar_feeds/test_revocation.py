"""Whatever ends an account's access ends its calendar feed for good: revoking a client's portal
access, archiving the client, a password changed, reset or set by an operator. The old address
answers 404 from then on, also once the account is back; a feed made later has a new address."""

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from tests.calendar_feeds.conftest import make_feed
from tests.portal.accounts import CLIENT_PASSWORD, join
from tests.web.conftest import PASSWORD, submit

API = "/api/v1"
NEW_PASSWORD = "a-much-longer-secret-7"


def answers(browser: TestClient, url: str) -> int:
    return browser.get(url).status_code


def client_api(app: FastAPI, email: str, password: str) -> TestClient:
    """The API as the account of this email, signed in with its password."""
    anonymous = TestClient(app)
    answer = anonymous.post(f"{API}/auth/token", data={"username": email, "password": password})
    assert answer.status_code == 200, answer.text
    return TestClient(app, headers={"Authorization": f"Bearer {answer.json()['access_token']}"})


def test_revoking_portal_access_ends_the_feed_and_joining_again_does_not_bring_it_back(
    app: FastAPI,
    db: Session,
    coach: User,
    api: TestClient,
    sam: Client,
    sam_api: TestClient,
    anonymous: TestClient,
) -> None:
    old = make_feed(sam_api)
    assert answers(anonymous, old) == 200

    assert api.delete(f"{API}/clients/{sam.id}/portal-access").status_code == 204
    assert answers(anonymous, old) == 404
    join(db, coach, sam.id, password=NEW_PASSWORD)

    assert answers(anonymous, old) == 404
    new = make_feed(client_api(app, "sam@example.com", NEW_PASSWORD))
    assert new != old
    assert answers(anonymous, new) == 200
    assert answers(anonymous, old) == 404


def test_archiving_the_client_ends_the_feed_and_restoring_does_not_bring_it_back(
    app: FastAPI, api: TestClient, sam: Client, sam_api: TestClient, anonymous: TestClient
) -> None:
    old = make_feed(sam_api)

    archived = api.patch(f"{API}/clients/{sam.id}", json={"status": "archived"})
    assert archived.status_code == 200, archived.text
    assert answers(anonymous, old) == 404
    assert api.patch(f"{API}/clients/{sam.id}", json={"status": "active"}).status_code == 200

    assert answers(anonymous, old) == 404
    new = make_feed(client_api(app, "sam@example.com", CLIENT_PASSWORD))
    assert new != old and answers(anonymous, new) == 200


def test_archiving_through_the_page_ends_the_feed(
    pages: TestClient, sam: Client, sam_api: TestClient, anonymous: TestClient
) -> None:
    old = make_feed(sam_api)

    assert submit(pages, f"/clients/{sam.id}/archive").status_code == 200

    assert answers(anonymous, old) == 404


def test_changing_the_password_ends_the_coachs_feed(
    app: FastAPI, coach: User, pages: TestClient, api: TestClient, anonymous: TestClient
) -> None:
    old = make_feed(api)

    changed = submit(
        pages, "/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )

    assert changed.url.path == "/account" and "Password changed." in changed.text
    assert answers(anonymous, old) == 404
    # The browser that changed it stays signed in, and a feed it makes has a new address.
    assert "Calendar feed" in pages.get("/account").text
    new = make_feed(client_api(app, coach.email, NEW_PASSWORD))
    assert new != old and answers(anonymous, new) == 200
    assert answers(anonymous, old) == 404


@pytest.mark.parametrize("kind", ["coach", "client"])
def test_resetting_the_password_through_a_link_ends_the_feed(
    app: FastAPI,
    db: Session,
    coach: User,
    sam_account: User,
    anonymous: TestClient,
    kind: str,
) -> None:
    account, password = (coach, PASSWORD) if kind == "coach" else (sam_account, CLIENT_PASSWORD)
    old = make_feed(client_api(app, account.email, password))
    link = "/reset-password/" + accounts.create_reset_link(
        db, user=account, lifetime=timedelta(hours=1)
    )

    assert submit(anonymous, link, {"password": NEW_PASSWORD}).status_code == 200

    assert answers(anonymous, old) == 404


def test_an_operators_new_password_ends_the_feed(
    db: Session, coach: User, api: TestClient, anonymous: TestClient
) -> None:
    old = make_feed(api)

    accounts.set_password(db, email=coach.email, password=NEW_PASSWORD)

    assert answers(anonymous, old) == 404


def test_a_feed_that_was_never_revoked_still_answers(
    db: Session,
    coach: User,
    api: TestClient,
    sam: Client,
    sam_api: TestClient,
    anonymous: TestClient,
) -> None:
    """Ending one account's access leaves the others' feeds alone."""
    coachs = make_feed(api)
    sams = make_feed(sam_api)

    assert api.delete(f"{API}/clients/{sam.id}/portal-access").status_code == 204

    assert answers(anonymous, sams) == 404
    assert answers(anonymous, coachs) == 200
