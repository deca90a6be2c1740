"""Outcomes in the browser: the spec's testing checklist through the forms. An outcome picks
several goals and several sprints in a dialog; its links change; deleting a goal says what it
removes and leaves the outcome with one goal fewer."""

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from tests.browser.conftest import PHONE, LiveApp, save_screenshot
from tests.browser.record_steps import (
    add_outcome,
    choices,
    client_with_goals_and_sprints,
    dialog,
    linked,
    outcome_row,
)


def test_an_outcome_is_created_with_two_goals_and_two_sprints_in_the_dialog(
    page: Page, live_app: LiveApp
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    page.goto(workspace + "/targets")

    page.get_by_role("link", name="New outcome").first.click()
    form = dialog(page)
    expect(form.get_by_role("heading", name="New outcome")).to_be_visible()
    expect(form.get_by_label("Title")).to_be_focused()
    form.get_by_label("Title").fill("Trip to Madrid")
    goals = choices(form, "Goals")
    goals.get_by_label("Speak Spanish").check()
    goals.get_by_label("Travel more").check()
    sprints = choices(form, "Sprints")
    sprints.get_by_label("January").check()
    sprints.get_by_label("March").check()
    form.get_by_label("Status").select_option(label="In progress")
    save_screenshot(page, "outcome-form")
    form.get_by_role("button", name="Add outcome").click()

    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(page.get_by_role("status")).to_have_text("Added the outcome “Trip to Madrid”.")
    row = outcome_row(page, "Trip to Madrid")
    expect(linked(row, "goals")).to_have_text(["Speak Spanish", "Travel more"])
    expect(linked(row, "sprints")).to_have_text(["January", "March"])
    expect(row).to_contain_text("In progress")
    save_screenshot(page, "outcome-list")


def test_changing_an_outcomes_links_shows_in_the_list(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    add_outcome(
        live_engine, workspace, "Trip to Madrid", ("Speak Spanish", "Travel more"), ("January",)
    )
    page.goto(workspace + "/targets")

    outcome_row(page, "Trip to Madrid").get_by_role(
        "link", name="Edit outcome Trip to Madrid"
    ).click()
    form = dialog(page)
    goals, sprints = choices(form, "Goals"), choices(form, "Sprints")
    expect(goals.get_by_label("Speak Spanish")).to_be_checked()
    expect(goals.get_by_label("Travel more")).to_be_checked()
    expect(sprints.get_by_label("January")).to_be_checked()
    goals.get_by_label("Speak Spanish").uncheck()
    sprints.get_by_label("February").check()
    form.get_by_role("button", name="Save outcome").click()

    expect(page.get_by_role("status")).to_have_text("Saved the outcome “Trip to Madrid”.")
    row = outcome_row(page, "Trip to Madrid")
    expect(linked(row, "goals")).to_have_text(["Travel more"])
    expect(linked(row, "sprints")).to_have_text(["January", "February"])


def test_deleting_a_goal_asks_first_and_the_outcome_stays_with_one_goal_fewer(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    add_outcome(live_engine, workspace, "Trip to Madrid", ("Speak Spanish", "Travel more"))
    page.goto(workspace + "/goals")

    page.get_by_role("link", name="Delete goal Speak Spanish").click()
    confirm = dialog(page)
    expect(confirm.get_by_role("heading")).to_have_text("Delete the goal “Speak Spanish”?")
    expect(confirm).to_contain_text("Its 1 link to outcomes.")
    expect(confirm).to_contain_text("The outcomes themselves: “Trip to Madrid”.")
    confirm.get_by_role("button", name="Delete goal").click()

    expect(page.get_by_role("status")).to_have_text("Deleted the goal “Speak Spanish”.")
    expect(page.locator('tr[data-goal="Speak Spanish"]')).to_have_count(0)
    page.get_by_role("link", name="Outcomes", exact=True).click()
    expect(linked(outcome_row(page, "Trip to Madrid"), "goals")).to_have_text(["Travel more"])


def test_cancelling_a_delete_closes_the_dialog_and_keeps_the_goal(
    page: Page, live_app: LiveApp
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    page.goto(workspace + "/goals")

    opener = page.get_by_role("link", name="Delete goal Travel more")
    opener.click()
    dialog(page).get_by_role("link", name="Cancel").click()

    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(opener).to_be_focused()
    expect(page.locator('tr[data-goal="Travel more"]')).to_have_count(1)


def test_a_validation_error_shows_beside_its_field_in_the_dialog_with_the_choices_kept(
    page: Page, live_app: LiveApp
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    page.goto(workspace + "/targets")

    page.get_by_role("link", name="New outcome").first.click()
    form = dialog(page)
    choices(form, "Goals").get_by_label("Change careers").check()
    choices(form, "Sprints").get_by_label("February").check()
    form.get_by_label("Due date").fill("2026-02-20")
    form.get_by_role("button", name="Add outcome").click()

    form = dialog(page)
    title_field = form.locator(".field", has=page.get_by_label("Title"))
    expect(title_field.locator(".field__error")).to_have_text("Error: This field is required.")
    expect(form.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_label("Title")).to_be_focused()
    expect(form.get_by_role("alert")).to_contain_text("Title: This field is required.")
    expect(choices(form, "Goals").get_by_label("Change careers")).to_be_checked()
    expect(choices(form, "Sprints").get_by_label("February")).to_be_checked()
    expect(form.get_by_label("Due date")).to_have_value("2026-02-20")

    form.get_by_label("Title").fill("New role by summer")
    form.get_by_role("button", name="Add outcome").click()
    expect(linked(outcome_row(page, "New role by summer"), "goals")).to_have_text(
        ["Change careers"]
    )


def test_without_javascript_the_outcome_form_is_a_page_of_its_own(
    new_page, live_app: LiveApp
) -> None:
    page = new_page(java_script=False)
    workspace = client_with_goals_and_sprints(page, live_app)
    page.goto(workspace + "/targets")

    page.get_by_role("link", name="New outcome").first.click()
    expect(page).to_have_url(f"{workspace}/targets/new")
    page.get_by_label("Title").fill("Trip to Madrid")
    choices(page, "Goals").get_by_label("Travel more").check()
    choices(page, "Sprints").get_by_label("January").check()
    choices(page, "Sprints").get_by_label("February").check()
    page.get_by_role("button", name="Add outcome").click()

    expect(page).to_have_url(f"{workspace}/targets")
    row = outcome_row(page, "Trip to Madrid")
    expect(linked(row, "goals")).to_have_text(["Travel more"])
    expect(linked(row, "sprints")).to_have_text(["January", "February"])


def test_on_a_phone_the_dialog_fits_the_screen_and_the_list_is_cards(
    new_page, live_app: LiveApp, live_engine: Engine
) -> None:
    page = new_page(viewport=PHONE)
    workspace = client_with_goals_and_sprints(page, live_app)
    add_outcome(live_engine, workspace, "Trip to Madrid", ("Speak Spanish",), ("January",))
    page.goto(workspace + "/targets")
    expect(page.get_by_role("columnheader", name="Goals")).to_be_hidden()

    page.get_by_role("link", name="New outcome").first.click()
    box = dialog(page).bounding_box()

    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["height"] <= PHONE["height"]
    save_screenshot(page, "outcome-form-phone")
