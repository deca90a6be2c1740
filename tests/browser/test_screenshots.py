"""The README's pictures: the coach's week, a sample client's tree, graph and a goal's page with
its progress, taken by the browser.

The sample data is added for a fixed "today" and the week is shown from that day, so the
pictures change only when the pages do (a goal's health is reckoned on the real today, which
is past every sample target date: it stays put too).
"""

from datetime import date
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from coachboard import samples
from coachboard.accounts import service as accounts
from coachboard.core.database import session_factory
from coachboard.core.migrations import PROJECT_ROOT
from tests.browser.conftest import LiveApp
from tests.browser.hierarchy_steps import open_tab
from tests.browser.portal_steps import joined_sample_client, sign_in_as_the_client
from tests.browser.steps import COACH, sign_in_by_session

SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
SAMPLE_DAY = date(2026, 3, 2)
CLIENT = "Daniel Reyes"


def save(page: Page, path: Path) -> None:
    """Write the page's picture; an unchanged picture leaves the file alone."""
    picture = page.screenshot(full_page=True, animations="disabled", caret="hide")
    if not path.exists() or path.read_bytes() != picture:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(picture)


def test_the_readme_screenshots_show_the_week_and_a_sample_clients_tree_graph_and_goal(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    with session_factory(live_engine)() as session:
        coach = accounts.create(
            session, email=COACH["email"], name=COACH["name"], password=COACH["password"]
        )
        samples.add_sample_clients(session, coach=coach, today=SAMPLE_DAY)
    sign_in_by_session(page, live_app, COACH["email"])

    open_tab(page, CLIENT, "Tree")
    expect(page.locator('details[data-kind="goal"]')).to_have_count(3)
    save(page, SCREENSHOTS / "tree.png")

    open_tab(page, CLIENT, "Graph")
    expect(page.locator(".graph path.edge")).to_have_count(16)
    save(page, SCREENSHOTS / "graph.png")

    open_tab(page, CLIENT, "Goals")
    page.get_by_role("link", name="Close a $1.5M seed round", exact=True).click()
    expect(page.locator('[data-progress-of="goal"]')).to_contain_text("commitments done")
    save(page, SCREENSHOTS / "goal.png")

    page.goto(f"/?date={SAMPLE_DAY.isoformat()}")
    expect(page.locator('section[data-list="overdue"] [data-commitment]').first).to_be_visible()
    save(page, SCREENSHOTS / "dashboard.png")

    for picture in ("tree", "graph", "goal", "dashboard"):
        assert (SCREENSHOTS / f"{picture}.png").stat().st_size > 10_000


def test_the_readme_screenshot_of_the_clients_page(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    joined_sample_client(live_engine, today=SAMPLE_DAY)
    sign_in_as_the_client(page, live_app)

    expect(page.locator("[data-goal]").first).to_be_visible()
    save(page, SCREENSHOTS / "portal.png")

    assert (SCREENSHOTS / "portal.png").stat().st_size > 10_000
