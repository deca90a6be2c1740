"""The portal's pages: the invite and revoke buttons, the join form, /me, and where each kind
of account lands after signing in."""

import html
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.core.settings import Settings
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.web.auth import SESSION_COOKIE
from tests.portal.accounts import CLIENT_PASSWORD, invite
from tests.web.conftest import PASSWORD, browser_for, csrf_token, field_error, sign_in, submit

JOIN_LINK = re.compile(r'id="invitation-url" type="text" readonly value="([^"]+)"')


def join_link(pages: TestClient, client: Client) -> str:
    """The link the invite button shows, as the coach would copy it."""
    shown = submit(pages, f"/clients/{client.id}/invitation")
    assert shown.status_code == 200, shown.text
    match = JOIN_LINK.search(shown.text)
    assert match, "no link on the invitation page"
    return match.group(1).removeprefix("http://testserver")


def test_the_coach_invites_from_the_overview_and_the_client_joins_through_the_form(
    pages: TestClient, anonymous: TestClient, sam: Client
) -> None:
    overview = pages.get(f"/clients/{sam.id}")
    assert "Invite to the portal" in overview.text
    link = join_link(pages, sam)

    form = anonymous.get(link)
    weak = submit(anonymous, link, {"password": "short"}, follow_redirects=False)
    joined = submit(anonymous, link, {"password": CLIENT_PASSWORD}, follow_redirects=False)

    assert "Casey Coach invites you" in form.text
    assert weak.status_code == 422
    assert field_error(weak.text, "password")
    assert joined.status_code == 303
    assert joined.headers["location"] == "/me"
    assert SESSION_COOKIE in joined.headers["set-cookie"]
    me = anonymous.get("/me")
    assert "Hello, Sam Client" in me.text
    assert "data-coach>Casey Coach<" in me.text
    assert 'href="/clients"' not in me.text
    assert "has portal access" in pages.get(f"/clients/{sam.id}").text


def test_the_revoke_button_signs_the_client_out(
    pages: TestClient, sam_pages: TestClient, sam: Client
) -> None:
    revoked = submit(pages, f"/clients/{sam.id}/portal-access/revoke")

    assert "no longer has portal access" in revoked.text
    assert "portal access is revoked" in revoked.text
    assert sam_pages.get("/me", follow_redirects=False).headers["location"].startswith("/sign-in")


def test_a_client_without_an_email_is_told_what_is_missing(
    pages: TestClient, db: Session, coach: User
) -> None:
    quiet = clients.create(db, coach=coach, fields=ClientCreate(name="No Mail"))

    overview = pages.get(f"/clients/{quiet.id}")
    refused = submit(pages, f"/clients/{quiet.id}/invitation")

    assert "Add No Mail's email to invite them." in html.unescape(overview.text)
    assert "No Mail can't be invited: Add the client's email first" in html.unescape(refused.text)


@pytest.mark.parametrize("wanted", ["", "/clients"])
def test_a_client_signs_in_on_the_one_sign_in_page_and_lands_on_me(
    anonymous: TestClient, sam_account: User, wanted: str
) -> None:
    csrf = csrf_token(anonymous)
    answer = anonymous.post(
        "/sign-in",
        data={"email": "sam@example.com", "password": CLIENT_PASSWORD, "next": wanted},
        headers={"X-CSRF-Token": csrf},
        follow_redirects=False,
    )

    assert answer.headers["location"] == "/me"


def test_a_coach_still_lands_on_their_week(anonymous: TestClient, coach: User) -> None:
    assert sign_in(anonymous, coach.email, PASSWORD).headers["location"] == "/"


def test_a_coach_at_me_goes_home_and_a_client_at_home_goes_to_me(
    pages: TestClient, sam_pages: TestClient
) -> None:
    assert pages.get("/me", follow_redirects=False).headers["location"] == "/"
    assert sam_pages.get("/", follow_redirects=False).headers["location"] == "/me"
    assert sam_pages.get("/sign-in", follow_redirects=False).headers["location"] == "/me"


def test_a_client_at_a_coach_page_gets_the_404_page_with_a_way_back(
    sam_pages: TestClient, sam: Client
) -> None:
    page = sam_pages.get(f"/clients/{sam.id}")

    assert page.status_code == 404
    assert 'href="/me"' in page.text


def test_the_join_form_needs_its_csrf_token(
    anonymous: TestClient, db: Session, coach: User, sam: Client
) -> None:
    token = invite(db, coach, sam.id)
    anonymous.get(f"/join/{token}")

    answer = anonymous.post(f"/join/{token}", data={"password": CLIENT_PASSWORD})

    assert answer.status_code == 403
    assert anonymous.get(f"/join/{token}").status_code == 200


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Two attempts per account and address: the join form's throttle shows at the third."""
    return Settings(
        database_url=database_url,
        secret_key="test-secret",
        throttle_attempts_per_account_and_address=2,
    )


def test_the_join_form_uses_the_shared_throttle(
    app: FastAPI, db: Session, coach: User, sam: Client
) -> None:
    token = invite(db, coach, sam.id)
    with browser_for(app) as browser:
        answers = [
            submit(browser, f"/join/{token}", {"password": "short"}).status_code for _ in range(3)
        ]
        # The sign-in page counts the same email from the same address: one allowance.
        signing_in = sign_in(browser, "sam@example.com", CLIENT_PASSWORD)

    assert answers == [422, 422, 429]
    assert signing_in.status_code == 429


def test_a_client_signs_out_from_their_page_and_the_cookie_is_worth_nothing_after(
    app: FastAPI, sam_pages: TestClient
) -> None:
    cookie = sam_pages.cookies[SESSION_COOKIE]

    signed_out = submit(sam_pages, "/sign-out")

    assert signed_out.url.path == "/sign-in"
    with browser_for(app) as replay:
        replay.cookies.set(SESSION_COOKIE, cookie)
        assert replay.get("/me", follow_redirects=False).status_code == 303
