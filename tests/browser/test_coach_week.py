"""The coach's week in the browser: the one-click done toggle with and without JavaScript,
the Overdue and Due this week filters, and a session's review with carry-over."""

import uuid
from datetime import date, timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from coachboard.accounts.time_zones import today_for
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentCreate
from coachboard.core.database import session_factory
from coachboard.sessions import service as coaching_sessions
from coachboard.sessions.schemas import SessionCreate
from coachboard.targets import service as targets
from coachboard.targets.schemas import TargetCreate
from tests.browser.conftest import LiveApp
from tests.browser.hierarchy_steps import the_coach
from tests.browser.steps import create_coach

LATE = "Book a physio"
ON_TIME = "Buy running shoes"
UNDATED = "Stretch daily"


def client_with_commitments(page: Page, live: LiveApp) -> tuple[str, date]:
    """The coach, signed in on the page, with a client with an overdue commitment, one due
    today and an undated one, all under one outcome; the workspace URL and the coach's today."""
    create_coach(page, live, samples=False)
    with session_factory(live.engine)() as session:
        coach = the_coach(session)
        today = today_for(coach)
        client = clients.create(session, coach=coach, fields=ClientCreate(name="Dana Doe"))
        outcome = targets.create(
            session, coach=coach, client_id=client.id, fields=TargetCreate(title="Run 10 km")
        )
        for title, due in ((LATE, today - timedelta(days=2)), (ON_TIME, today), (UNDATED, None)):
            fields = CommitmentCreate(title=title, due_date=due, target_ids=[outcome.id])
            commitments.create(session, coach=coach, client_id=client.id, fields=fields)
        return f"/clients/{client.id}", today


def toggle(page: Page, title: str):
    return page.get_by_role("checkbox", name=f"Done: {title}")


def test_the_done_toggle_updates_the_row_in_place_and_the_change_is_kept(
    page: Page, live_app: LiveApp
) -> None:
    workspace, _ = client_with_commitments(page, live_app)
    page.goto(workspace + "/commitments")
    row = page.locator(f'tr[data-commitment="{LATE}"]')
    expect(row.locator("[data-overdue-mark]")).to_have_text("Overdue")
    page.evaluate("window.notReloaded = true")

    toggle(page, LATE).click()

    expect(toggle(page, LATE)).to_be_checked()
    expect(row.locator(".status")).to_have_text("Done")
    expect(row.locator("[data-overdue-mark]")).to_be_hidden()
    assert page.evaluate("window.notReloaded") is True
    page.reload()
    expect(page.locator(f'tr[data-commitment="{LATE}"]')).to_have_count(0)
    page.get_by_role("link", name="Show done").click()
    expect(toggle(page, LATE)).to_be_checked()

    toggle(page, LATE).click()

    expect(toggle(page, LATE)).not_to_be_checked()
    expect(page.locator(f'tr[data-commitment="{LATE}"] [data-overdue-mark]')).to_be_visible()


def test_a_toggle_that_fails_to_save_flips_back_and_says_so(page: Page, live_app: LiveApp) -> None:
    workspace, _ = client_with_commitments(page, live_app)
    page.goto(workspace + "/tree")
    page.route("**/status", lambda route: route.fulfill(status=500, body="no"))

    toggle(page, ON_TIME).click()

    expect(page.get_by_role("status").filter(has_text="Couldn't save")).to_contain_text(ON_TIME)
    expect(toggle(page, ON_TIME)).not_to_be_checked()


def test_the_done_toggle_works_without_javascript(new_page, live_app: LiveApp) -> None:
    page = new_page(java_script=False)
    workspace, _ = client_with_commitments(page, live_app)
    page.goto(workspace + "/tree")

    toggle(page, ON_TIME).click()

    expect(page).to_have_url(workspace + "/tree")
    expect(page.get_by_role("status").filter(has_text="Marked")).to_have_text(
        f"Marked “{ON_TIME}” done."
    )
    expect(toggle(page, ON_TIME)).to_be_checked()
    expect(toggle(page, LATE)).not_to_be_checked()


def test_the_overdue_and_this_week_filters_show_only_their_commitments(
    page: Page, live_app: LiveApp
) -> None:
    workspace, _ = client_with_commitments(page, live_app)
    page.goto(workspace)
    overview = page.get_by_role("main")

    overview.get_by_role("link", name="1 overdue").click()

    rows = page.locator("tr[data-commitment]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-commitment", LATE)
    expect(rows.first.locator("[data-overdue-mark]")).to_be_visible()
    page.get_by_role("link", name="Due this week").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-commitment", ON_TIME)
    page.get_by_role("link", name="Any due date").click()
    expect(rows).to_have_count(3)
    page.get_by_role("link", name="Overdue", exact=True).click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-commitment", LATE)


def test_a_session_reviews_what_is_open_from_earlier_and_carries_it_over(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    workspace, today = client_with_commitments(page, live_app)
    client_id = uuid.UUID(workspace.rsplit("/", 1)[-1])
    with session_factory(live_engine)() as session:
        coach = the_coach(session)
        earlier = coaching_sessions.create(
            session,
            coach=coach,
            client_id=client_id,
            fields=SessionCreate(session_date=today - timedelta(days=14), title="Kick-off"),
        )
        fields = CommitmentCreate(
            title="Find a coach", due_date=today - timedelta(days=7), session_id=earlier.id
        )
        commitments.create(session, coach=coach, client_id=client_id, fields=fields)
    page.goto(workspace + "/sessions/new")
    expect(page.get_by_label("Date")).to_have_value(today.isoformat())
    page.get_by_label("Title").fill("Check-in")
    page.get_by_role("button", name="Add session").click()

    review = page.get_by_role("region", name="Still open from earlier")
    item = review.locator('li[data-earlier="Find a coach"]')
    expect(item).to_contain_text("from the session of")
    expect(item.locator("[data-overdue-mark]")).to_be_visible()
    new_date = today + timedelta(days=7)
    review.get_by_label("New due date for “Find a coach”").fill(new_date.isoformat())
    review.get_by_role("button", name="Carry “Find a coach”").click()

    expect(page.get_by_role("status").filter(has_text="Carried")).to_contain_text("Find a coach")
    item = page.locator('li[data-earlier="Find a coach"]')
    expect(item).to_contain_text(f"Due {new_date.day} {new_date:%b %Y}")
    expect(item.locator("[data-overdue-mark]")).to_be_hidden()

    page.get_by_role("button", name="Drop “Find a coach”").click()

    expect(page.locator('li[data-earlier="Find a coach"]')).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Dropped")).to_be_visible()
