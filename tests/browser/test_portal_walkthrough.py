"""Issue 11's walk-through in Chromium: the coach invites a client on the client's page; the
client joins through the link in a browser of their own, ticks a commitment done, writes a
reflection and adds a topic; the coach sees all three (the topic on the coming session's page,
the rest on the overview); the coach revokes access, and the client's cookie and the API token
they made before both stop working."""

import re
from datetime import timedelta

import httpx
from playwright.sync_api import Page, expect

from coachboard.accounts.time_zones import today_for
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.core.database import session_factory
from coachboard.sessions import service as coaching_sessions
from coachboard.sessions.schemas import SessionCreate
from tests.browser.conftest import LiveApp
from tests.browser.hierarchy_steps import the_coach
from tests.browser.steps import create_coach
from tests.commitments.records import Records

CLIENT = "Sam Client"
EMAIL = "sam@example.com"
PASSWORD = "portal-pass-9731"


def client_with_a_coming_session(page: Page, live: LiveApp) -> tuple[str, str]:
    """The coach's client Sam, with an email, a commitment and a session next week (a topic
    added today lands on it: topics/service.py); the client's page and the session's page."""
    create_coach(page, live, samples=False)
    with session_factory(live.engine)() as session:
        coach = the_coach(session)
        client = clients.create(session, coach=coach, fields=ClientCreate(name=CLIENT, email=EMAIL))
        Records(session, coach).commitment(client, "Walk every morning")
        fields = SessionCreate(
            session_date=today_for(coach) + timedelta(days=7), title="Next steps"
        )
        coming = coaching_sessions.create(session, coach=coach, client_id=client.id, fields=fields)
    return f"/clients/{client.id}", f"/clients/{client.id}/sessions/{coming.id}"


def test_the_portal_walk_through(page: Page, new_page, live_app: LiveApp, live_server: str) -> None:
    client_page, session_page = client_with_a_coming_session(page, live_app)

    # 1. The coach invites on the client's page.
    page.goto(client_page)
    page.get_by_role("button", name="Invite to the portal").click()
    link = page.get_by_label("Join link").input_value()
    assert re.search(r"/join/[\w-]{40,}$", link), link

    # 2. The client joins through the link, in a browser of their own.
    sam = new_page()
    sam.goto(link)
    sam.get_by_label("Choose a password").fill(PASSWORD)
    sam.get_by_role("button", name="Join").click()
    expect(sam).to_have_url("/me")
    expect(sam.get_by_role("heading", name=f"Hello, {CLIENT}")).to_be_visible()
    # A token made before the coach revokes access (the API's sign-in, as a script would).
    token = httpx.post(
        f"{live_server}/api/v1/auth/token", data={"username": EMAIL, "password": PASSWORD}
    ).json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{live_server}/api/v1/portal/topics", headers=bearer).status_code == 200

    # 3. The client ticks their commitment done and writes a reflection on it.
    row = sam.locator('[data-commitment-row][data-commitment="Walk every morning"]')
    row.get_by_role("checkbox").click()
    expect(row.get_by_role("checkbox")).to_have_attribute("aria-checked", "true")
    row.get_by_label("Add a reflection").fill("Easier with a podcast")
    row.get_by_role("button", name="Save reflection").click()
    expect(sam.get_by_role("status").last).to_contain_text("Your reflection is saved")
    expect(sam.locator("[data-reflection]")).to_contain_text("Easier with a podcast")

    # 4. The client adds a topic for the next session.
    sam.get_by_label("A topic for your next session").fill("Travel weeks")
    sam.get_by_label("Priority").select_option("high")
    sam.get_by_role("button", name="Add topic").click()
    topic = sam.locator('[data-next-session] [data-topic="Travel weeks"]')
    expect(topic).to_contain_text("High priority")

    # 5. The coach sees the topic on the coming session's page, and the done commitment and
    # the reflection on the client's overview.
    page.goto(session_page)
    expect(page.get_by_text("Travel weeks", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Discussed “Travel weeks”")).to_be_visible()
    page.goto(client_page)
    expect(page.locator('[data-section="client-changes"]')).to_contain_text(
        f"{CLIENT} marked 1 commitment done · 1 reflection"
    )

    # 6. The coach revokes the client's access.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke portal access").click()
    expect(page.get_by_role("status")).to_contain_text("no longer has portal access")

    # 7. The client's cookie and their token open nothing any more.
    sam.reload()
    expect(sam).to_have_url(re.compile(r"/sign-in\?next=%2Fme$"))
    assert httpx.get(f"{live_server}/api/v1/portal/topics", headers=bearer).status_code == 401
    assert httpx.get(f"{live_server}/api/v1/me", headers=bearer).status_code == 401
