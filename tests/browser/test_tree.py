"""The Tree tab in the browser: filters that keep the hierarchy, folding, and tenancy."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from coachboard.accounts import service as accounts
from coachboard.core.database import session_factory
from tests.browser.conftest import LiveApp
from tests.browser.hierarchy_steps import open_tab, tree_item
from tests.browser.steps import create_coach, sign_in_by_session

DELEGATION = (
    "Team leads run sprint planning",
    "Skip-level 1:1s with every team",
    "Two engineering managers hired",
)


def filter_by_sprint(page: Page, sprint: str) -> None:
    option = page.locator("#filter-sprint option", has_text=sprint)
    page.get_by_label("Sprint", exact=True).select_option(option.get_attribute("value"))
    page.get_by_role("button", name="Filter").click()


def test_filtering_by_sprint_shows_only_that_sprints_outcomes_with_their_goals(
    page: Page, live_app: LiveApp
) -> None:
    create_coach(page, live_app)
    open_tab(page, "Maya Okafor", "Tree")
    expect(tree_item(page, "target", "Platform strategy presented to the exec team")).to_have_count(
        1
    )

    filter_by_sprint(page, "Sprint 2: Delegation")

    expect(page).to_have_url(re.compile(r"/tree\?(.*&)?sprint_id=[0-9a-f-]{36}"))
    expect(page.get_by_text("Sprint: Sprint 2: Delegation")).to_be_visible()
    goals = page.locator('details[data-kind="goal"] > summary')
    expect(goals).to_have_count(2)
    expect(goals.nth(0)).to_contain_text("Step into the Director of Engineering role")
    expect(goals.nth(1)).to_contain_text("Build a leadership bench that runs without me")
    # "Team leads run sprint planning" serves both goals: in full under the first, and under
    # the second as a line that leads to it.
    expect(page.locator('details[data-kind="target"]')).to_have_count(3)
    shared = page.locator('[data-ref][data-kind="target"]')
    expect(shared).to_have_count(1)
    expect(shared).to_contain_text("Team leads run sprint planning")
    shared.get_by_role("link", name="see its sprints and commitments there").click()
    expect(page).to_have_url(re.compile(r"#outcome-[0-9a-f-]{36}$"))
    expect(page.locator("details[data-kind='target']:target")).to_contain_text(
        "Team leads run sprint planning"
    )
    for outcome in DELEGATION:
        expect(tree_item(page, "target", outcome).first).to_be_visible()
    expect(tree_item(page, "target", "Platform strategy presented to the exec team")).to_have_count(
        0
    )
    expect(tree_item(page, "target", "No work email after 7 pm for four weeks")).to_have_count(0)
    expect(
        tree_item(page, "commitment", "Hand sprint planning for Payments to Lena").first
    ).to_be_visible()
    expect(
        tree_item(page, "commitment", "Draft a one-page outline of the platform strategy")
    ).to_have_count(0)
    expect(page.get_by_label("Sprint", exact=True)).to_contain_text("Sprint 2: Delegation")

    page.get_by_role("link", name="Clear filters").click()
    expect(page.locator('details[data-kind="goal"]')).to_have_count(3)


def test_the_filters_and_folding_work_without_javascript(new_page, live_app: LiveApp) -> None:
    page = new_page(java_script=False)
    create_coach(page, live_app)
    open_tab(page, "Daniel Reyes", "Tree")

    page.get_by_label("Commitments", exact=True).select_option("done")
    page.get_by_role("button", name="Filter").click()

    # Its outcome serves two goals: the commitment shows under the first, once; the second
    # goal names the outcome and points to the first.
    expect(page.locator('[data-kind="commitment"]')).to_have_count(1)
    expect(tree_item(page, "commitment", "Phone out of the bedroom")).to_have_count(1)
    expect(page.locator('[data-ref][data-kind="target"]')).to_have_count(1)
    expect(page.locator('[data-section="unlinked"]')).to_have_count(0)
    goal = page.locator('details[data-kind="goal"]').first
    outcome = goal.locator('details[data-kind="target"]').first
    expect(outcome).to_be_visible()
    goal.locator("summary").first.click(position={"x": 8, "y": 12})
    expect(outcome).to_be_hidden()


def test_collapse_all_folds_every_goal_and_expand_all_opens_them(
    page: Page, live_app: LiveApp
) -> None:
    create_coach(page, live_app)
    open_tab(page, "Daniel Reyes", "Tree")
    outcomes = page.locator('details[data-kind="target"] > summary')

    page.get_by_role("button", name="Collapse all").click()
    for index in range(outcomes.count()):
        expect(outcomes.nth(index)).to_be_hidden()

    page.get_by_role("button", name="Expand all").click()
    for index in range(outcomes.count()):
        expect(outcomes.nth(index)).to_be_visible()
    expect(page.locator('[data-section="unlinked"]')).to_contain_text("Renew the gym membership")


def test_another_coach_never_sees_the_clients_tree_graph_or_review(
    new_page, live_app: LiveApp, live_engine: Engine
) -> None:
    first = new_page()
    create_coach(first, live_app)
    open_tab(first, "Priya Natarajan", "Tree")
    workspace = first.url.removesuffix("/tree")
    with session_factory(live_engine)() as session:
        accounts.create(
            session, email="olive@example.com", name="Olive Other", password="olive-pass-1"
        )

    second = new_page()
    sign_in_by_session(second, live_app, "olive@example.com")
    for tab in ("tree", "graph", "review"):
        response = second.goto(f"{workspace}/{tab}")
        assert response is not None and response.status == 404
        expect(second.get_by_role("heading", name="Not found")).to_be_visible()
        expect(second.get_by_text("Priya")).to_have_count(0)
        expect(second.get_by_text("product")).to_have_count(0)


def test_an_item_opens_its_page_whose_form_and_back_link_return_to_the_filtered_tree(
    page: Page, live_app: LiveApp
) -> None:
    create_coach(page, live_app)
    open_tab(page, "Maya Okafor", "Tree")
    filter_by_sprint(page, "Sprint 3: Strategy")
    filtered = page.url

    tree_item(page, "target", "Platform strategy presented to the exec team").get_by_role(
        "link", name="Platform strategy presented to the exec team"
    ).click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Platform strategy presented")
    page.get_by_role("link", name="Edit outcome Platform strategy presented").click()
    page.get_by_label("Title").fill("Platform strategy signed off by the exec team")
    page.get_by_role("button", name="Save outcome").click()

    expect(page.get_by_role("status")).to_contain_text("Saved the outcome")
    page.get_by_role("link", name="← Back").click()
    expect(page).to_have_url(filtered)
    expect(
        tree_item(page, "target", "Platform strategy signed off by the exec team")
    ).to_have_count(1)
