"""The account page in a real browser: another browser's session is listed and revoked, and a
password change keeps this browser signed in while the other one is sent to sign in."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveApp
from tests.browser.steps import COACH, create_coach, sign_in

NEW_PASSWORD = "a-much-longer-secret-7"


def test_revoke_another_browser_then_change_the_password(
    page: Page, new_page, live_app: LiveApp
) -> None:
    create_coach(page, live_app)
    phone = new_page()
    # The phone signs in through the form: the sign-in it records is listed on the page, and
    # where it lands after signing in is checked.
    phone.goto("/sign-in")
    sign_in(phone, COACH["email"], COACH["password"])
    expect(phone).to_have_url("/")

    page.get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", name="Account", exact=True)).to_be_visible()
    rows = page.locator('[data-list="sessions"] tbody tr')
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="This browser")).to_have_count(1)
    expect(page.locator('[data-event="sign_in"]')).to_have_count(1)

    rows.get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("status")).to_have_text("That session has ended.")
    expect(rows).to_have_count(1)
    phone.goto("/")
    expect(phone).to_have_url("/sign-in")
    sign_in(phone, COACH["email"], COACH["password"])
    expect(phone).to_have_url("/")

    page.get_by_label("Current password").fill(COACH["password"])
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_contain_text("Password changed.")
    expect(rows).to_have_count(1)
    phone.reload()
    expect(phone).to_have_url("/sign-in")
    page.goto("/clients")
    expect(page).to_have_url("/clients")
