"""What a coach does in the browser, as steps the tests share."""

import time
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from coachboard import samples as sample_clients
from coachboard.accounts import service as accounts
from coachboard.accounts import sessions
from coachboard.core.actor import ClientInfo
from coachboard.core.database import unit_of_work
from coachboard.web.auth import HOME, landing
from coachboard.web.csrf import SESSION_COOKIE
from tests.browser.conftest import LiveApp

COACH = {"name": "Casey Coach", "email": "casey@example.com", "password": "long-enough-1"}


def create_first_coach(page: Page, *, samples: bool = True) -> None:
    """Through the first-run form: for the tests of first run itself (else create_coach)."""
    page.goto("/")
    expect(page).to_have_url("/welcome")
    page.get_by_label("Your name").fill(COACH["name"])
    page.get_by_label("Email", exact=True).fill(COACH["email"])
    page.get_by_label("Password", exact=True).fill(COACH["password"])
    page.get_by_label("Add three sample clients").set_checked(samples)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url("/clients")


def add_coach(live: LiveApp, *, samples: bool = True) -> None:
    """The coach COACH in the live database, as the first-run form makes them: with the three
    sample clients unless samples=False. Nobody is signed in."""
    # One transaction, committed and closed before the browser asks for anything: SQLite's
    # write lock is free again when the app needs it.
    with unit_of_work(live.engine) as session:
        coach = accounts.create(
            session, email=COACH["email"], name=COACH["name"], password=COACH["password"]
        )
        if samples:
            sample_clients.add_sample_clients(session, coach=coach)


def create_coach(page: Page, live: LiveApp, *, samples: bool = True) -> None:
    """The coach COACH, made in the database as the first-run form makes them (add_coach),
    signed in on the page, which shows /clients, where the form leaves a new coach. No
    "Welcome" message: only the form (create_first_coach) says that."""
    add_coach(live, samples=samples)
    sign_in_by_session(page, live, COACH["email"], wanted="/clients")


def sign_in_by_session(page: Page, live: LiveApp, email: str, *, wanted: str = HOME) -> None:
    """The existing account with this email (a coach's or a client's) signed in on the page,
    which shows where signing in would land it when it asked for `wanted` (a client always
    lands on /me).

    The server session is started in the database as signing in starts one, with this
    browser's address and user agent, and its cookie handed to the browser: no password is
    checked, which costs a noticeable fraction of a second. test_sign_in.py covers the form."""
    user_agent: str = page.evaluate("navigator.userAgent")
    settings = live.settings
    lifetime = sessions.Lifetime.days(settings.session_idle_days, settings.session_absolute_days)
    with unit_of_work(live.engine) as session:
        account = accounts.get_by_email(session, email=email)
        assert account is not None, f"no account has the email {email}"
        client = ClientInfo.of(urlsplit(live.url).hostname, user_agent)
        key = sessions.start(session, user=account, client=client, lifetime=lifetime)
    # The cookie signing in sets (web.auth.sign_in), for the live server's address.
    page.context.add_cookies(
        [
            {
                "name": SESSION_COOKIE,
                "value": key,
                "url": live.url,
                "expires": time.time() + lifetime.absolute.total_seconds(),
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
    destination = landing(account, wanted)
    page.goto(destination)
    expect(page).to_have_url(destination)


def sign_in(page: Page, email: str, password: str) -> None:
    """Through the sign-in form on the page: for tests about signing in (else
    sign_in_by_session)."""
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/sign-in")


def client_row(page: Page, name: str):
    return page.locator(f'tr[data-client="{name}"]')


def count_in(page: Page, client: str, count: str):
    return client_row(page, client).locator(f'td[data-count="{count}"] .count')
