"""The README's pictures: a sample client's tree and graph, taken by the browser.

The sample data is added for a fixed "today", so the pictures change only when the pages do.
"""

from datetime import date
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from coachboard import samples
from coachboard.accounts import service as accounts
from coachboard.core.database import session_factory
from coachboard.core.migrations import PROJECT_ROOT
from tests.browser.hierarchy_steps import open_tab
from tests.browser.steps import COACH, sign_in

SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
SAMPLE_DAY = date(2026, 3, 2)
CLIENT = "Daniel Reyes"


def save(page: Page, path: Path) -> None:
    """Write the page's picture; an unchanged picture leaves the file alone."""
    picture = page.screenshot(full_page=True, animations="disabled", caret="hide")
    if not path.exists() or path.read_bytes() != picture:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(picture)


def test_the_readme_screenshots_show_a_sample_clients_tree_and_graph(
    page: Page, live_engine: Engine
) -> None:
    with session_factory(live_engine)() as session:
        coach = accounts.create(
            session, email=COACH["email"], name=COACH["name"], password=COACH["password"]
        )
        samples.add_sample_clients(session, coach=coach, today=SAMPLE_DAY)
    page.goto("/sign-in")
    sign_in(page, COACH["email"], COACH["password"])

    open_tab(page, CLIENT, "Tree")
    expect(page.locator('details[data-kind="goal"]')).to_have_count(3)
    save(page, SCREENSHOTS / "tree.png")

    open_tab(page, CLIENT, "Graph")
    expect(page.locator(".graph path.edge")).to_have_count(16)
    save(page, SCREENSHOTS / "graph.png")

    assert (SCREENSHOTS / "tree.png").stat().st_size > 10_000
    assert (SCREENSHOTS / "graph.png").stat().st_size > 10_000
