"""The client's page in Chromium: a joined client ticks a commitment done (the script sends
it) and still sees it done after a reload; the page fits a phone's width."""

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from tests.browser.conftest import PHONE, LiveApp
from tests.browser.portal_steps import CLIENT, joined_sample_client, sign_in_as_the_client


def test_a_client_ticks_a_commitment_done_and_it_stays_done(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    joined_sample_client(live_engine)
    sign_in_as_the_client(page, live_app)
    expect(page.get_by_role("heading", name=f"Hello, {CLIENT}")).to_be_visible()

    title = page.locator('[data-commitment-row][data-status="open"]').first.get_attribute(
        "data-commitment"
    )
    row = page.locator(f'[data-commitment-row][data-commitment="{title}"]').first
    row.get_by_role("checkbox").click()
    expect(row.get_by_role("checkbox")).to_have_attribute("aria-checked", "true")
    expect(page.get_by_role("status").last).to_contain_text("done")
    expect(page).to_have_url("/me")

    page.reload()
    done = page.locator(f'[data-commitment-row][data-commitment="{title}"]').first
    expect(done).to_have_attribute("data-status", "done")
    expect(done.get_by_role("checkbox")).to_have_attribute("aria-checked", "true")


def test_the_clients_page_fits_a_phone(new_page, live_app: LiveApp, live_engine: Engine) -> None:
    joined_sample_client(live_engine)
    page = new_page(viewport=PHONE)
    sign_in_as_the_client(page, live_app)

    expect(page.locator("[data-goal]").first).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
