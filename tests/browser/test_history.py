"""The History section and the Activity feed in the browser: an edit made through the form
reads back as a sentence, with who and when, on the record's page and the client's overview."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from tests.browser.conftest import LiveApp
from tests.browser.record_steps import add_outcome, client_with_goals_and_sprints, dialog

RENAMED = re.compile(
    r"changed the title from 'Order dinner' to 'Order dinner in Spanish' of outcome "
    r"'Order dinner in Spanish' · \d+ \w+ \d{4}, \d{2}:\d{2}"
)


def test_an_edit_shows_in_the_records_history_and_the_clients_activity(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    add_outcome(live_engine, workspace, "Order dinner", ("Speak Spanish",), ("January",))
    page.goto(workspace + "/targets")
    page.get_by_role("link", name="Order dinner", exact=True).click()
    page.get_by_role("link", name="Edit outcome Order dinner").click()
    form = dialog(page)
    form.get_by_label("Title").fill("Order dinner in Spanish")
    form.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_role("status")).to_have_text("Saved the outcome “Order dinner in Spanish”.")

    history = page.get_by_role("region", name="History")
    expect(history.get_by_role("listitem").first).to_have_text(RENAMED)

    page.goto(workspace)
    activity = page.get_by_role("region", name="Activity")
    expect(activity.get_by_role("listitem").first).to_have_text(RENAMED)
