"""The calendar feed in a real browser: a session with a time and a meeting link made in the
coach's form, the feed address made on the account page with its copy button, and the
address fetched and read back as iCalendar."""

from datetime import date, timedelta

from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveApp
from tests.browser.record_steps import client_with_goals_and_sprints, dialog

DAY = date.today() + timedelta(days=14)


def test_a_coach_subscribes_to_a_feed_holding_a_timed_session(
    page: Page, live_app: LiveApp
) -> None:
    workspace = client_with_goals_and_sprints(page, live_app)
    page.goto(workspace + "/sessions")
    page.get_by_role("link", name="New session").first.click()
    form = dialog(page)
    form.get_by_label("Date").fill(DAY.isoformat())
    form.get_by_label("Start time").fill("10:00")
    form.get_by_label("Duration (minutes)").fill("45")
    form.get_by_label("Meeting link").fill("https://meet.example.com/dana")
    form.get_by_label("Title").fill("Feed check")
    form.get_by_role("button", name="Add session").click()
    expect(page.locator("[data-when]")).to_contain_text("10:00\u201310:45")
    expect(page.get_by_role("link", name="Join the meeting")).to_have_attribute(
        "href", "https://meet.example.com/dana"
    )

    page.get_by_role("link", name="Account").click()
    feed_card = page.locator('[data-section="calendar-feed"]')
    expect(feed_card.get_by_text("Google Calendar")).to_be_attached()
    feed_card.get_by_role("button", name="Make a feed address").click()
    expect(page.get_by_role("heading", name="Your calendar feed")).to_be_visible()
    expect(page.get_by_role("button", name="Copy")).to_be_visible()
    url = page.get_by_label("Feed address").input_value()

    answer = page.request.get(url)
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    [event] = Calendar.from_ical(answer.body()).events
    assert str(event["SUMMARY"]) == "Dana Doe \u2014 Feed check"
    assert event.start.date() == DAY
    assert (event.end - event.start).total_seconds() == 45 * 60
    assert str(event["LOCATION"]) == "https://meet.example.com/dana"

    page.get_by_role("link", name="Done").click()
    expect(page.locator('[data-feed-state="on"]')).to_be_visible()
    page.get_by_role("button", name="Replace the feed address").click()
    assert page.request.get(url).status == 404
