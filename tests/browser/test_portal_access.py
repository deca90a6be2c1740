"""A client's portal access in Chromium: the coach invites on the client's page and copies the
link, the client joins through it in a browser of their own and lands on /me, the coach revokes,
and the client's next page load goes to sign-in."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveApp
from tests.browser.steps import COACH, create_coach

CLIENT_PASSWORD = "portal-pass-9731"


def test_invite_join_and_revoke(page: Page, new_page, live_app: LiveApp) -> None:
    create_coach(page, live_app, samples=False)
    page.get_by_role("link", name="New client").first.click()
    page.get_by_label("Name", exact=True).fill("Sam Client")
    page.get_by_label("Email (optional)").fill("sam@example.com")
    page.get_by_role("button", name="Add client").click()
    expect(page.locator("[data-portal-status]")).to_contain_text("no portal access yet")

    page.get_by_role("button", name="Invite to the portal").click()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    expect(page.get_by_role("heading", name="Invitation for Sam Client")).to_be_visible()
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    link = page.evaluate("navigator.clipboard.readText()")
    expect(page.get_by_label("Join link")).to_have_value(link)
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/join/[\w-]{40,}", link), link

    sam = new_page()
    sam.goto(link)
    expect(sam.get_by_role("heading", name="Welcome, Sam Client")).to_be_visible()
    expect(sam.get_by_text(f"{COACH['name']} invites you")).to_be_visible()
    sam.get_by_label("Choose a password").fill(CLIENT_PASSWORD)
    sam.get_by_role("button", name="Join").click()
    expect(sam).to_have_url("/me")
    expect(sam.get_by_role("heading", name="Hello, Sam Client")).to_be_visible()
    expect(sam.get_by_role("link", name="Clients")).to_have_count(0)

    page.get_by_role("link", name="Back to Sam Client").click()
    expect(page.locator("[data-portal-status]")).to_contain_text("has portal access")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke portal access").click()
    expect(page.get_by_role("status")).to_contain_text("no longer has portal access")

    sam.reload()
    expect(sam).to_have_url(re.compile(r"/sign-in\?next=%2Fme$"))
    sam.get_by_label("Email", exact=True).fill("sam@example.com")
    sam.get_by_label("Password", exact=True).fill(CLIENT_PASSWORD)
    sam.get_by_role("button", name="Sign in").click()
    expect(sam.get_by_text("That email and password don't match an account.")).to_be_visible()
    sam.goto(link)
    expect(sam.get_by_text("has been used already")).to_be_visible()
