"""Page clients: a browser-like TestClient signed in through the real sign-in form."""

import re
import uuid
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.accounts import sessions
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.core.actor import ClientInfo
from coachboard.core.database import session_factory
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.web.auth import SESSION_COOKIE

PASSWORD = "s3cret-pass-42"  # the password of the `coach` and `other_coach` fixtures
TOKEN_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(browser: TestClient, page: str = "/sign-in") -> str:
    """The CSRF token a page's forms carry for this browser session."""
    match = TOKEN_FIELD.search(browser.get(page).text)
    assert match, f"no CSRF field on {page}"
    return match.group(1)


def submit(browser: TestClient, url: str, data: dict[str, str] | None = None, **kwargs) -> Response:
    """Post a form the way a browser does: with the token its page carried."""
    return browser.post(url, data={**(data or {}), "csrf_token": csrf_token(browser)}, **kwargs)


def sign_in(browser: TestClient, email: str, password: str = PASSWORD) -> Response:
    return submit(
        browser, "/sign-in", {"email": email, "password": password}, follow_redirects=False
    )


def field_error(html: str, name: str) -> str | None:
    """The error message shown beside a field, if any."""
    match = re.search(rf'id="f-{name}-error">(?:<span[^>]*>Error: </span>)?([^<]*)<', html)
    return match.group(1).strip() if match else None


def field_value(html: str, name: str) -> str | None:
    """The value a text input shows, or a textarea's text."""
    match = re.search(rf'id="f-{name}" name="{name}"[^>]*?value="([^"]*)"', html) or re.search(
        rf'<textarea[^>]*id="f-{name}"[^>]*>([^<]*)</textarea>', html
    )
    return match.group(1) if match else None


def input_tag(html: str, name: str) -> str:
    """The whole <input> or <textarea> tag of a field."""
    match = re.search(rf'<(?:input|textarea)[^>]*id="f-{name}"[^>]*>', html)
    assert match, f"no field {name}"
    return match.group(0)


def browser_for(app: FastAPI, **options) -> TestClient:
    return TestClient(app, follow_redirects=True, **options)


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    """A browser nobody has signed in with."""
    with browser_for(app) as browser:
        yield browser


def start_session(app: FastAPI, user: User, user_agent: str = "testclient") -> str:
    """A new server session for the user, as signing in starts one; its cookie's value."""
    settings = app.state.settings
    lifetime = sessions.Lifetime.days(settings.session_idle_days, settings.session_absolute_days)
    with session_factory(app.state.engine)() as db:
        return sessions.start(
            db, user=user, client=ClientInfo.of("testclient", user_agent), lifetime=lifetime
        )


def signed_in_browser(
    app: FastAPI, user: User, user_agent: str = "testclient", *, check: str = "/clients"
) -> TestClient:
    """A browser holding the session cookie signing in would give it.

    The session is started directly, because checking an Argon2 password costs a noticeable
    fraction of a second per test; test_sign_in.py covers the form.
    """
    browser = browser_for(app, headers={"User-Agent": user_agent})
    browser.cookies.set(SESSION_COOKIE, start_session(app, user, user_agent))
    assert browser.get(check, follow_redirects=False).status_code == 200
    return browser


@pytest.fixture
def pages(app: FastAPI, coach: User) -> Iterator[TestClient]:
    """A browser signed in as the coach."""
    with signed_in_browser(app, coach) as browser:
        yield browser


@pytest.fixture
def other_pages(app: FastAPI, other_coach: User) -> Iterator[TestClient]:
    """A browser signed in as the second coach."""
    with signed_in_browser(app, other_coach) as browser:
        yield browser


Stored = Callable[[uuid.UUID], Client]


@pytest.fixture
def stored(engine: Engine, coach: User) -> Stored:
    """Read a client of the coach as the database has it now, in a session of its own.

    (Touching an expired object of the test's own session would open a transaction that holds
    SQLite's write lock while the app waits for it.)
    """

    def read(client_id: uuid.UUID) -> Client:
        with session_factory(engine)() as session:
            return clients.get(session, coach=coach, client_id=client_id)

    return read


@pytest.fixture
def dana(db: Session, coach: User) -> Client:
    """A client of the coach."""
    return clients.create(
        db, coach=coach, fields=ClientCreate(name="Dana Doe", email="dana@example.com")
    )
