"""A session's agenda topics in the browser: the coach marks one discussed and defers another,
which then waits on the following session's page."""

from datetime import datetime, timedelta

from playwright.sync_api import Page, expect

from coachboard.accounts.time_zones import day_start_for, today_for
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.core.database import session_factory
from coachboard.sessions import service as coaching_sessions
from coachboard.sessions.schemas import SessionCreate
from tests.browser.conftest import LiveApp
from tests.browser.hierarchy_steps import the_coach
from tests.browser.steps import create_coach
from tests.client_writes import Topics


def client_with_topics(page: Page, live: LiveApp) -> tuple[str, str]:
    """A client with last week's session and next week's, and two topics added before last
    week's; the URLs of the two session pages."""
    create_coach(page, live, samples=False)
    with session_factory(live.engine)() as session:
        coach = the_coach(session)
        today = today_for(coach)
        client = clients.create(session, coach=coach, fields=ClientCreate(name="Dana Doe"))
        urls = []
        for offset, title in ((-7, "Check-in"), (7, "Next steps")):
            fields = SessionCreate(session_date=today + timedelta(days=offset), title=title)
            made = coaching_sessions.create(
                session, coach=coach, client_id=client.id, fields=fields
            )
            urls.append(f"/clients/{client.id}/sessions/{made.id}")
        added: datetime = day_start_for(coach, today - timedelta(days=9))
        agenda = Topics(session, client)
        agenda.add("Sleep better", added, priority="high")
        agenda.add("Change of diet", added)
    return urls[0], urls[1]


def test_the_coach_marks_one_topic_discussed_and_defers_another(
    page: Page, live_app: LiveApp
) -> None:
    this_week, next_week = client_with_topics(page, live_app)
    page.goto(this_week)
    topics = page.get_by_role("region", name="The client's agenda topics")
    expect(topics.locator("li[data-topic]")).to_have_count(2)

    topics.get_by_role("button", name="Discussed “Sleep better”").click()

    expect(page.get_by_role("status").filter(has_text="discussed")).to_contain_text("Sleep better")
    sleep = page.locator('li[data-topic="Sleep better"]')
    expect(sleep).to_have_attribute("data-topic-status", "discussed")
    expect(sleep.get_by_role("button")).to_have_count(0)

    page.get_by_role("button", name="Defer “Change of diet”").click()

    expect(page.get_by_role("status").filter(has_text="Deferred")).to_contain_text("Change of diet")
    expect(page.locator('li[data-topic="Change of diet"]')).to_contain_text(
        "Moved to the next session"
    )
    page.goto(next_week)
    diet = page.locator('li[data-topic="Change of diet"]')
    expect(diet).to_contain_text("Deferred from the previous session")
    expect(diet.get_by_role("button", name="Discussed “Change of diet”")).to_be_visible()
    expect(page.locator('li[data-topic="Sleep better"]')).to_have_count(0)
