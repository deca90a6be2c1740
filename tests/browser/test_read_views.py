"""Read views, delete dialogs and the sprint form in the browser: clicking a record opens its
read page and Edit its form; a delete dialog starts on Cancel and names the outcomes it leaves
with no goal; a new sprint starts next Monday and picks its outcomes."""

from datetime import date, timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from tests.browser.conftest import LiveApp
from tests.browser.record_steps import (
    add_outcome,
    choices,
    client_with_goals_and_sprints,
    dialog,
    linked,
)


def test_clicking_a_goal_opens_its_read_page_and_edit_opens_its_form(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    add_outcome(live_engine, workspace, "Order dinner", ("Speak Spanish",), ("January",))
    page.goto(workspace + "/goals")

    page.get_by_role("link", name="Speak Spanish", exact=True).click()

    expect(page.get_by_role("heading", level=2)).to_contain_text("Speak Spanish")
    expect(page.get_by_role("dialog")).to_have_count(0)  # a page, not a form
    outcomes = page.locator('[data-links="outcomes"]')
    expect(outcomes.get_by_role("link", name="Order dinner")).to_be_visible()

    outcomes.get_by_role("link", name="Order dinner").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Order dinner")
    expect(page.locator('[data-links="goals"] a')).to_have_text(["Speak Spanish"])
    expect(page.locator('[data-links="sprints"] a')).to_have_text(["January"])

    page.get_by_role("link", name="Edit outcome Order dinner").click()
    form = dialog(page)
    expect(form.get_by_label("Title")).to_have_value("Order dinner")
    form.get_by_label("Title").fill("Order dinner in Spanish")
    form.get_by_role("button", name="Save outcome").click()

    expect(page.get_by_role("status")).to_have_text("Saved the outcome “Order dinner in Spanish”.")
    expect(page.get_by_role("heading", level=2)).to_contain_text("Order dinner in Spanish")
    page.get_by_role("link", name="← All outcomes").click()
    expect(page).to_have_url(f"{page.url.split('/clients')[0]}{workspace}/targets")


def test_a_tree_item_opens_its_read_page_which_leads_back_to_the_tree(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    add_outcome(live_engine, workspace, "Order dinner", ("Speak Spanish",), ("January",))
    page.goto(workspace + "/tree")

    page.get_by_role("link", name="Speak Spanish", exact=True).first.click()

    expect(page.get_by_role("heading", level=2)).to_contain_text("Speak Spanish")
    page.get_by_role("link", name="← Back").click()
    expect(page).to_have_url(f"{page.url.split('/clients')[0]}{workspace}/tree")


def test_a_delete_dialog_starts_on_cancel_and_names_the_outcomes_left_with_no_goal(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    add_outcome(live_engine, workspace, "Order dinner", ("Speak Spanish",))
    add_outcome(live_engine, workspace, "Trip to Madrid", ("Speak Spanish", "Travel more"))
    page.goto(workspace + "/goals")
    page.get_by_role("link", name="Speak Spanish", exact=True).click()

    page.get_by_role("link", name="Delete goal Speak Spanish").click()
    confirm = dialog(page)

    expect(confirm.get_by_role("link", name="Cancel")).to_be_focused()
    expect(confirm).to_contain_text("This outcome will then have no goal: “Order dinner”.")
    page.keyboard.press("Enter")  # on Cancel: nothing is deleted
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("heading", level=2)).to_contain_text("Speak Spanish")


def test_a_new_sprint_starts_next_monday_and_picks_its_outcomes(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    add_outcome(live_engine, workspace, "Order dinner", ("Speak Spanish",))
    add_outcome(live_engine, workspace, "Trip to Madrid", ("Travel more",))
    page.goto(workspace + "/sprints")
    today = date.today()  # the coach's time zone is UTC until chosen; the server runs in UTC
    monday = today + timedelta(days=7 - today.weekday())

    page.get_by_role("link", name="New sprint").first.click()
    form = dialog(page)

    start = form.get_by_label("Start date").input_value()
    assert start in {monday.isoformat(), (monday + timedelta(days=7)).isoformat()}  # midnight
    first = date.fromisoformat(start)
    assert first.weekday() == 0
    expect(form.get_by_label("End date")).to_have_value((first + timedelta(days=41)).isoformat())
    form.get_by_label("Title").fill("April")
    outcomes = choices(form, "Outcomes")
    outcomes.get_by_label("Trip to Madrid").check()
    form.get_by_role("button", name="Add sprint").click()

    expect(page.get_by_role("status")).to_have_text("Added the sprint “April”.")
    april = page.locator('tr[data-sprint="April"]')
    expect(linked(april, "outcomes")).to_have_text(["Trip to Madrid"])
    expect(linked(april, "goals")).to_have_text(["Travel more"])
