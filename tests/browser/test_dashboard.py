"""The coach's week in a real browser: after signing in it is the first page, each list grouped
by client; and the profile form on the account page changes the time zone the week starts in."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from coachboard.accounts import service as accounts
from coachboard.core.database import session_factory
from tests.browser.conftest import LiveApp
from tests.browser.steps import COACH, sign_in, sign_in_by_session
from tests.commitments.records import Records


def build_week(live_engine: Engine, today: date) -> None:
    with session_factory(live_engine)() as session:
        coach = accounts.create(
            session, email=COACH["email"], name=COACH["name"], password=COACH["password"]
        )
        records = Records(session, coach)
        dana, eli = records.client("Dana Doe"), records.client("Eli Eng")
        outcome = records.target(dana, "Run 10 km", goals=[records.goal(dana)])
        records.commitment(dana, "Book a physio", targets=[outcome], due_date=today - timedelta(3))
        records.commitment(eli, "Send the deck", due_date=today - timedelta(1))
        records.commitment(dana, "Run 3 times", targets=[outcome], due_date=today + timedelta(2))
        records.session(eli, today + timedelta(1), "Eli check-in")


def test_after_sign_in_the_week_shows_each_list_grouped_by_client(
    page: Page, live_engine: Engine
) -> None:
    # The server's today in UTC: the coach's zone until they choose one.
    today = datetime.now(ZoneInfo("UTC")).date()
    build_week(live_engine, today)
    # Through the form: where signing in lands is part of what this test shows.
    page.goto("/sign-in")
    sign_in(page, COACH["email"], COACH["password"])

    expect(page).to_have_url("/")
    expect(page.get_by_role("heading", name="This week", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="This week", exact=True).first).to_have_attribute(
        "aria-current", "page"
    )
    overdue = page.locator('section[data-list="overdue"]')
    expect(overdue.get_by_role("heading", level=3)).to_have_text(["Dana Doe", "Eli Eng"])
    expect(overdue.locator("[data-commitment]")).to_have_count(2)
    physio = overdue.locator('[data-commitment="Book a physio"]')
    expect(physio).to_contain_text("Overdue")
    expect(physio).to_contain_text("Run 10 km")
    due = page.locator('section[data-list="due"]')
    expect(due.get_by_role("heading", level=3)).to_have_text(["Dana Doe"])
    expect(due.locator('[data-commitment="Run 3 times"]')).not_to_contain_text(
        "Overdue", use_inner_text=True
    )
    sessions = page.locator('section[data-list="sessions"]')
    expect(sessions.get_by_role("heading", level=3)).to_have_text(["Eli Eng"])
    expect(sessions).to_contain_text("Eli check-in")
    # Dana's goal has an open commitment past its due date: at risk at best.
    at_risk = page.locator('section[data-list="goals_at_risk"]')
    expect(at_risk.locator('[data-goal="Run a marathon"]')).to_contain_text("At risk")
    expect(at_risk.locator('[data-goal="Run a marathon"]')).to_contain_text(
        "0 of 2 commitments done"
    )

    page.get_by_role("link", name="Next week").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Week of")
    expect(page.locator('section[data-list="due"]')).to_contain_text("Nothing due this week.")
    # From next week's first day, what is due this week is overdue too.
    expect(overdue.locator('[data-commitment="Run 3 times"]')).to_contain_text("Overdue")
    page.get_by_role("link", name="This week", exact=True).last.click()
    expect(page).to_have_url("/")

    # One click marks a commitment done, in place; the next visit no longer lists it.
    deck = overdue.locator('[data-commitment="Send the deck"]')
    deck.get_by_role("checkbox", name="Done: Send the deck").click()
    expect(deck.get_by_role("checkbox")).to_have_attribute("aria-checked", "true")
    expect(deck.locator("[data-overdue-mark]")).to_be_hidden()
    page.reload()
    expect(overdue.locator("[data-commitment]")).to_have_count(1)
    expect(overdue).not_to_contain_text("Send the deck")

    overdue.get_by_role("link", name="Dana Doe").click()
    expect(page.get_by_role("heading", name="Dana Doe", level=1)).to_be_visible()


def test_the_profile_form_changes_the_time_zone_the_week_starts_in(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    build_week(live_engine, datetime.now(ZoneInfo("UTC")).date())
    sign_in_by_session(page, live_app, COACH["email"])

    page.get_by_role("link", name="Account").click()
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("UTC")
    zone.fill("Mars/Olympus_Mons")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("alert")).to_contain_text("Time zone: Not a time zone this server")
    expect(page.get_by_label("Time zone")).to_have_value("Mars/Olympus_Mons")

    page.get_by_label("Time zone").fill("Pacific/Kiritimati")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_have_text("Profile saved.")
    expect(page.get_by_label("Time zone")).to_have_value("Pacific/Kiritimati")

    page.get_by_role("link", name="This week", exact=True).click()
    kiritimati_today = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    expect(page.locator(".week-span time").first).to_have_attribute(
        "datetime", kiritimati_today.isoformat()
    )
