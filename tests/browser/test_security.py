"""A forged form is refused, and one coach never sees another coach's clients."""

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from coachboard.accounts import service as accounts
from coachboard.core.database import session_factory
from tests.browser.conftest import LiveApp
from tests.browser.steps import create_coach, sign_in_by_session


def test_a_post_without_the_csrf_token_is_refused_with_403(page: Page, live_app: LiveApp) -> None:
    create_coach(page, live_app)
    page.get_by_role("link", name="Daniel Reyes").click()
    client_url = page.url
    archive = page.locator('form[action$="/archive"]')
    archive.locator('input[name="csrf_token"]').evaluate("field => field.remove()")

    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        archive.get_by_role("button", name="Archive").click()

    assert answer.value.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    expect(page.get_by_text("missing its security token")).to_be_visible()
    forged = page.request.post(client_url + "/archive", form={"csrf_token": "guessed"})
    assert forged.status == 403
    page.goto(client_url)
    expect(page.get_by_role("button", name="Archive")).to_be_visible()  # still active


def test_a_second_coach_never_sees_the_first_coachs_clients(
    new_page, live_app: LiveApp, live_engine: Engine
) -> None:
    first = new_page()
    create_coach(first, live_app)
    first.get_by_role("link", name="Maya Okafor").click()
    maya_url = first.url
    with session_factory(live_engine)() as session:
        accounts.create(
            session, email="olive@example.com", name="Olive Other", password="olive-pass-1"
        )

    second = new_page()
    sign_in_by_session(second, live_app, "olive@example.com")

    expect(second.get_by_role("heading", name="This week")).to_be_visible()
    expect(second.get_by_text("Maya Okafor")).to_have_count(0)
    second.goto("/clients")
    expect(second.get_by_role("heading", name="No clients yet")).to_be_visible()
    expect(second.get_by_text("Maya Okafor")).to_have_count(0)
    second.goto("/clients?show=all&q=maya")
    expect(second.get_by_text("Maya Okafor")).to_have_count(0)
    for path in ("", "/edit", "/tree"):
        response = second.goto(maya_url + path)
        assert response is not None and response.status == 404
        expect(second.get_by_role("heading", name="Not found")).to_be_visible()
        expect(second.get_by_text("Maya")).to_have_count(0)
