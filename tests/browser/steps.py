"""What a coach does in the browser, as steps the tests share."""

from playwright.sync_api import Page, expect

COACH = {"name": "Casey Coach", "email": "casey@example.com", "password": "long-enough-1"}


def create_first_coach(page: Page, *, samples: bool = True) -> None:
    page.goto("/")
    expect(page).to_have_url("/welcome")
    page.get_by_label("Your name").fill(COACH["name"])
    page.get_by_label("Email", exact=True).fill(COACH["email"])
    page.get_by_label("Password", exact=True).fill(COACH["password"])
    page.get_by_label("Add three sample clients").set_checked(samples)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url("/clients")


def sign_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/sign-in")


def client_row(page: Page, name: str):
    return page.locator(f'tr[data-client="{name}"]')


def count_in(page: Page, client: str, count: str):
    return client_row(page, client).locator(f'td[data-count="{count}"] .count')
