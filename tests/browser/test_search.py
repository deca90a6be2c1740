"""Search from the header in Chromium: type words, see the results, open one."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveApp
from tests.browser.steps import create_coach


def test_a_coach_searches_from_the_header_and_opens_a_result(page: Page, live_app: LiveApp) -> None:
    create_coach(page, live_app)  # with the sample clients

    page.get_by_role("searchbox", name="Search your clients and records").fill("deck sen")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/search\?q=deck\+sen$"))
    result = page.locator(".search-result").filter(has_text="Send the deck to Ana")
    expect(result).to_have_count(1)
    expect(result.locator(".tag")).to_have_text("Commitment")
    expect(result.locator(".search-result__client")).to_contain_text(re.compile(r"\w"))
    # The header keeps the words searched for.
    expect(page.get_by_role("searchbox", name="Search your clients and records")).to_have_value(
        "deck sen"
    )

    result.get_by_role("link", name="Send the deck to Ana, Tom and Priyanka").click()

    # The commitment's read page.
    expect(page).to_have_url(re.compile(r"/clients/[0-9a-f-]+/commitments/[0-9a-f-]+\?"))
    expect(page.get_by_role("heading", level=2)).to_contain_text(
        "Send the deck to Ana, Tom and Priyanka"
    )


def test_without_javascript_the_header_box_searches_and_nothing_found_says_so(
    new_page, live_app: LiveApp
) -> None:
    page = new_page(java_script=False)
    create_coach(page, live_app)

    box = page.get_by_role("searchbox", name="Search your clients and records")
    box.fill("zebra crossing")
    page.get_by_role("search").filter(has=box).get_by_role("button", name="Search").click()

    expect(page.get_by_text("Nothing matches “zebra crossing”.")).to_be_visible()
    expect(page.locator(".search-result")).to_have_count(0)
