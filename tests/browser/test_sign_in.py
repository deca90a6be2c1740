"""Signing out and in again, a wrong password, and being brought back after signing in."""

from playwright.sync_api import Page, expect

from tests.browser.steps import COACH, create_first_coach, sign_in, sign_out


def test_sign_out_then_a_wrong_password_then_the_right_one(page: Page) -> None:
    create_first_coach(page)

    sign_out(page)
    expect(page.get_by_role("status")).to_have_text("You're signed out.")
    page.goto("/")
    expect(page).to_have_url("/sign-in")

    sign_in(page, COACH["email"], "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text(
        "That email and password don't match an account."
    )
    expect(page.get_by_label("Email", exact=True)).to_have_value(COACH["email"])
    expect(page.get_by_label("Password", exact=True)).to_have_value("")

    sign_in(page, COACH["email"].upper(), COACH["password"])
    expect(page).to_have_url("/")
    expect(page.get_by_role("heading", name="This week")).to_be_visible()


def test_a_signed_out_visitor_comes_back_to_the_page_they_asked_for(page: Page) -> None:
    create_first_coach(page)
    page.get_by_role("link", name="Maya Okafor").click()
    maya = page.url
    sign_out(page)

    page.goto(maya + "/sessions")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in(page, COACH["email"], COACH["password"])

    expect(page).to_have_url(maya + "/sessions")
