"""Client forms in the browser: errors beside their fields, values kept, and no JavaScript needed."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveApp
from tests.browser.steps import COACH, add_coach, client_row, create_coach, sign_in


def test_a_validation_error_shows_beside_its_field_with_the_values_kept(
    page: Page, live_app: LiveApp
) -> None:
    create_coach(page, live_app, samples=False)
    page.get_by_role("link", name="New client").first.click()

    page.get_by_label("Name", exact=True).fill("Eve Early")
    page.get_by_label("Email (optional)").fill("eve(at)example")
    page.get_by_label("Notes (optional)").fill("Met at the leadership meetup.")
    page.get_by_role("button", name="Add client").click()

    email_field = page.locator(".field", has=page.get_by_label("Email (optional)"))
    expect(email_field.locator(".field__error")).to_have_text(
        "Error: Enter an email address like name@example.com."
    )
    expect(page.get_by_label("Email (optional)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Email (optional)")).to_have_value("eve(at)example")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Eve Early")
    expect(page.get_by_label("Notes (optional)")).to_have_value("Met at the leadership meetup.")
    expect(page.locator(".field--error")).to_have_count(1)

    page.get_by_label("Email (optional)").fill("eve@example.com")
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_role("heading", name="Eve Early")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Added Eve Early.")


def test_the_first_field_in_error_has_the_focus(page: Page, live_app: LiveApp) -> None:
    create_coach(page, live_app, samples=False)
    page.goto("/clients/new")

    page.get_by_role("button", name="Add client").click()

    expect(page.get_by_label("Name", exact=True)).to_be_focused()
    expect(page.get_by_role("alert")).to_contain_text("Name: This field is required.")


def test_without_javascript_a_coach_signs_in_adds_edits_and_archives_a_client(
    new_page, live_app: LiveApp
) -> None:
    add_coach(live_app, samples=False)
    page = new_page(java_script=False)
    page.goto("/clients")
    # Through the form: signing in without JavaScript is part of what this test shows.
    sign_in(page, COACH["email"], COACH["password"])

    page.get_by_role("link", name="New client").first.click()
    page.get_by_label("Name", exact=True).fill("Noah No-Script")
    page.get_by_role("button", name="Add client").click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Name", exact=True).fill("Noah Script-Free")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("button", name="Archive").click()

    expect(page.get_by_role("status")).to_contain_text("Archived Noah Script-Free")
    page.goto("/clients?show=archived")
    expect(client_row(page, "Noah Script-Free")).to_contain_text("Archived")
