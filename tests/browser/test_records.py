"""Sprints, sessions and commitments in the browser: a sprint's form has no goal selector and
shows the goals it reaches through its outcomes; a commitment is added from a session page."""

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from tests.browser.conftest import LiveApp
from tests.browser.hierarchy_steps import open_tab
from tests.browser.record_steps import (
    add_outcome,
    add_session,
    choices,
    client_with_goals_and_sprints,
    dialog,
    linked,
)
from tests.browser.steps import create_coach


def test_a_sprint_form_has_no_goal_selector_and_shows_the_goals_reached_through_outcomes(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    add_outcome(live_engine, workspace, "Order dinner", ("Speak Spanish",), ("January",))
    add_outcome(live_engine, workspace, "Trip to Madrid", ("Travel more",), ("January",))
    page.goto(workspace + "/sprints")

    january = page.locator('tr[data-sprint="January"]')
    expect(linked(january, "goals")).to_have_text(["Speak Spanish", "Travel more"])
    january.get_by_role("link", name="Edit sprint January").click()
    form = dialog(page)

    expect(form.get_by_label("Title")).to_have_value("January")
    expect(choices(form, "Goals")).to_have_count(0)
    expect(form.locator('[name="goal_id"], [name="goal_ids"]')).to_have_count(0)
    reached = form.get_by_role("region", name="Goals through its outcomes")
    expect(reached.locator(".chip")).to_have_text(["Speak Spanish", "Travel more"])

    form.get_by_label("End date").fill("2025-12-01")
    form.get_by_role("button", name="Save sprint").click()
    form = dialog(page)
    end_field = form.locator(".field", has=page.get_by_label("End date"))
    expect(end_field.locator(".field__error")).to_have_text(
        "Error: End the sprint after its start date."
    )
    expect(form.get_by_label("End date")).to_have_value("2025-12-01")
    expect(form.get_by_label("End date")).to_be_focused()


def test_a_sprints_page_lists_its_outcomes_and_the_goals_they_reach(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    add_outcome(live_engine, workspace, "Trip to Madrid", ("Travel more",), ("February",))
    page.goto(workspace + "/sprints")

    page.get_by_role("link", name="February", exact=True).click()

    outcomes = page.get_by_role("region", name="Outcomes in this sprint")
    goals = page.get_by_role("region", name="Goals reached through its outcomes")
    expect(outcomes).to_contain_text("Trip to Madrid")
    expect(goals).to_contain_text("Travel more")
    expect(goals).not_to_contain_text("Speak Spanish")
    page.get_by_role("link", name="← All sprints").click()
    expect(page).to_have_url(workspace + "/sprints")


def test_a_commitment_is_added_from_a_session_page(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    add_outcome(live_engine, workspace, "Trip to Madrid", ("Travel more",))
    add_outcome(live_engine, workspace, "Order dinner", ("Speak Spanish",))
    add_session(live_engine, workspace, "Kickoff")
    page.goto(workspace + "/sessions")

    page.get_by_role("link", name="Kickoff", exact=True).click()
    made = page.get_by_role("region", name="Commitments made in this session")
    expect(made).to_contain_text("None yet.")
    adding = page.get_by_role("region", name="Add a commitment")
    adding.get_by_label("Title").fill("Book flights")
    choices(adding, "Outcomes").get_by_label("Trip to Madrid").check()
    adding.get_by_label("Due date").fill("2026-02-01")
    adding.get_by_role("button", name="Add commitment").click()

    expect(page.get_by_role("status")).to_have_text("Added the commitment “Book flights”.")
    flights = made.locator('li[data-commitment="Book flights"]')
    expect(flights).to_contain_text("Due 1 Feb 2026")
    expect(flights).to_contain_text("for Trip to Madrid")
    page.get_by_role("link", name="Commitments", exact=True).click()
    row = page.locator('tr[data-commitment="Book flights"]')
    expect(linked(row, "outcomes")).to_have_text(["Trip to Madrid"])
    expect(row.get_by_role("link", name="12 Jan 2026")).to_be_visible()


def test_the_commitment_form_picks_outcomes_only(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    add_outcome(live_engine, workspace, "Trip to Madrid", ("Travel more",))
    add_session(live_engine, workspace, "Kickoff")
    page.goto(workspace + "/commitments")

    page.get_by_role("link", name="New commitment").first.click()
    form = dialog(page)
    expect(choices(form, "Goals")).to_have_count(0)
    expect(choices(form, "Sprints")).to_have_count(0)
    form.get_by_label("Title").fill("Book flights")
    choices(form, "Outcomes").get_by_label("Trip to Madrid").check()
    form.get_by_label("Agreed in session").select_option(label="12 Jan 2026 · Kickoff")
    form.get_by_role("button", name="Add commitment").click()

    row = page.locator('tr[data-commitment="Book flights"]')
    expect(linked(row, "outcomes")).to_have_text(["Trip to Madrid"])
    page.get_by_label("Status").select_option("done")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No commitment matches these filters.")).to_be_visible()


def test_done_commitments_wait_behind_show_done(page: Page, live_app: LiveApp) -> None:
    create_coach(page, live_app)
    open_tab(page, "Daniel Reyes", "Commitments")
    done = page.locator('tr[data-commitment="Phone out of the bedroom"]')
    expect(done).to_have_count(0)
    expect(page.get_by_text("1 done or dropped commitment not shown.")).to_be_visible()

    page.get_by_role("link", name="Show done").click()

    expect(done).to_have_count(1)
    expect(done.locator(".status")).to_have_text("Done")
    page.get_by_role("link", name="Hide done").click()
    expect(done).to_have_count(0)
