"""A newcomer's first minutes: create the coach account, add the samples, see the counts."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, save_screenshot
from tests.browser.steps import COACH, count_in, create_first_coach


def test_first_run_creates_the_coach_adds_samples_and_lists_them_with_counts(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url("/welcome")
    expect(page.get_by_role("heading", name="Welcome to coachboard")).to_be_visible()
    expect(page.get_by_label("Add three sample clients")).to_be_checked()
    save_screenshot(page, "first-run")

    create_first_coach(page)

    expect(page.get_by_role("status")).to_contain_text("3 sample clients are ready to explore")
    expect(page.locator("header")).to_contain_text(COACH["name"])
    expected = {
        "Maya Okafor": ("3 active goals", "4 open outcomes", "2 due this week", "1 overdue"),
        "Daniel Reyes": ("2 active goals", "5 open outcomes", "2 due this week", "1 overdue"),
        "Priya Natarajan": ("2 active goals", "2 open outcomes", "2 due this week", "1 overdue"),
    }
    for client, counts in expected.items():
        for column, text in zip(
            ("active_goals", "open_targets", "due_this_week", "overdue"), counts, strict=True
        ):
            expect(count_in(page, client, column)).to_have_text(text)
    save_screenshot(page, "clients-list")
    page.set_viewport_size(PHONE)
    save_screenshot(page, "clients-list-phone")


def test_a_coach_who_skipped_the_samples_can_add_them_later(page: Page) -> None:
    create_first_coach(page, samples=False)
    expect(page.get_by_role("heading", name="No clients yet")).to_be_visible()

    page.get_by_role("button", name="Add sample clients").click()

    expect(page.get_by_role("status")).to_have_text("Added 3 sample clients.")
    expect(page.locator("tbody tr")).to_have_count(3)


def test_the_workspace_opens_from_the_list_with_its_tabs(page: Page) -> None:
    create_first_coach(page)

    page.get_by_role("link", name="Priya Natarajan").click()

    tabs = page.get_by_role("navigation", name="Views of Priya Natarajan")
    for label in ("Overview", "Tree", "Graph", "Goals", "Outcomes", "Sprints", "Sessions"):
        expect(tabs.get_by_role("link", name=label, exact=True)).to_be_visible()
    tabs.get_by_role("link", name="Graph").click()
    expect(page).to_have_url(page.url.rsplit("/", 1)[0] + "/graph")
    expect(page.get_by_role("link", name="Graph")).to_have_attribute("aria-current", "page")
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Clients").click()
    expect(page).to_have_url("/clients")
