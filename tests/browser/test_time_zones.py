"""Everyone reads their own clock: the zone a browser runs in is the one first run and
joining offer, and the client's page shows a session on the client's clock."""

from datetime import date, time, timedelta

import pytest
from playwright.sync_api import Page, expect

from coachboard.accounts import service as accounts
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.core.database import session_factory
from coachboard.portal import access
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionCreate
from tests.browser.conftest import LiveApp
from tests.browser.steps import COACH, create_first_coach


@pytest.fixture
def tokyo_page(new_page) -> Page:
    """A browser whose own clock is Tokyo's."""
    return new_page(time_zone="Asia/Tokyo")


def test_first_run_offers_the_browsers_own_zone_and_the_coach_keeps_it(tokyo_page: Page) -> None:
    tokyo_page.goto("/welcome")
    expect(tokyo_page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")

    create_first_coach(tokyo_page, samples=False)
    tokyo_page.goto("/account")

    expect(tokyo_page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    # The sign-in just made, on the coach's own clock, named.
    signed_in = tokyo_page.locator('[data-list="sessions"] tbody tr').first.locator("time").first
    expect(signed_in).to_contain_text("(Asia/Tokyo)")


def test_without_javascript_first_run_offers_utc(new_page) -> None:
    page = new_page(java_script=False)
    page.goto("/welcome")

    expect(page.get_by_label("Time zone")).to_have_value("UTC")


def a_monday_ahead() -> date:
    """A winter Monday to come: Berlin is UTC+1 then, Tokyo UTC+9."""
    day = date.today() + timedelta(days=7)
    while day.month not in (12, 1, 2) or day.weekday() != 0:
        day += timedelta(days=1)
    return day


def test_a_client_joining_from_tokyo_reads_their_session_on_tokyos_clock(
    tokyo_page: Page, live_app: LiveApp
) -> None:
    day = a_monday_ahead()
    with session_factory(live_app.engine)() as db:
        coach = accounts.create(
            db, email=COACH["email"], name=COACH["name"], password=COACH["password"],
            time_zone="Europe/Berlin",
        )  # fmt: skip
        client = clients.create(
            db, coach=coach, fields=ClientCreate(name="Sam Rivera", email="sam@example.com")
        )
        fields = SessionCreate(session_date=day, start_time=time(10), title="Quarterly review")
        sessions.create(db, coach=coach, client_id=client.id, fields=fields)
        token = access.invite(db, coach=coach, client_id=client.id).token

    tokyo_page.goto(f"/join/{token}")
    expect(tokyo_page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    tokyo_page.get_by_label("Choose a password").fill("a-long-client-passphrase")
    tokyo_page.get_by_role("button", name="Join").click()
    expect(tokyo_page).to_have_url("/me")

    # 10:00 in Berlin is 18:00 in Tokyo, named.
    when = tokyo_page.locator('[data-session="Quarterly review"] [data-when]')
    expect(when).to_have_text(f"{day:%a} {day.day} {day:%b %Y}, 18:00\u201319:00 (Asia/Tokyo)")
