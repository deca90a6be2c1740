"""The Goals tab: list with outcome counts, new/edit forms with errors beside their fields, and a
delete that says what it removes before it does."""

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.goals import service as goals
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.targets import service as targets
from tests.web.conftest import field_error, field_value, input_tag, submit
from tests.web.records import Records, read, row, selected


@pytest.fixture
def records(db: Session, coach: User, dana: Client) -> Records:
    return Records(db, coach, dana)


def test_the_goals_tab_lists_each_goal_with_how_many_outcomes_serve_it(
    pages: TestClient, records: Records
) -> None:
    spanish, running = records.goal("Speak Spanish"), records.goal("Run a marathon")
    records.outcome("Order dinner in Spanish", goals=[spanish])
    records.outcome("Hold a conversation", goals=[spanish, running])

    html = pages.get(records.url + "/goals").text

    assert 'data-count="outcomes"' in html
    assert f'href="{records.url}/targets?goal_id={spanish.id}">2<' in row(
        html, "goal", "Speak Spanish"
    )
    assert f'?goal_id={running.id}">1<' in row(html, "goal", "Run a marathon")
    assert 'aria-current="page">Goals' in html


def test_an_empty_goals_tab_offers_the_first_goal(pages: TestClient, records: Records) -> None:
    html = pages.get(records.url + "/goals").text

    assert "No goals yet" in html
    assert f'href="{records.url}/goals/new" data-dialog' in html


def test_adding_a_goal_returns_to_the_list_with_a_message(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    response = submit(
        pages,
        records.url + "/goals/new",
        {
            "title": "Speak Spanish",
            "description": "Hold a dinner conversation",
            "status": "paused",
            "target_date": "2026-12-31",
        },
    )

    assert response.url.path == records.url + "/goals"
    assert "Added the goal “Speak Spanish”." in response.text
    (goal,) = read(engine, lambda s: goals.get_all(s, coach=coach, client_id=records.client.id)[0])
    assert (goal.title, goal.description, goal.status) == (
        "Speak Spanish",
        "Hold a dinner conversation",
        "paused",
    )
    assert goal.target_date == date(2026, 12, 31)


def test_the_new_goal_form_starts_active_and_offers_every_status(
    pages: TestClient, records: Records
) -> None:
    html = pages.get(records.url + "/goals/new").text

    assert selected(html, "status") == "active"
    for status in ("Active", "Achieved", "Paused", "Dropped"):
        assert f">{status}</option>" in html
    assert (
        f'<a class="button button--quiet" href="{records.url}/goals" data-dialog-close>Cancel'
        in html
    )


def test_an_invalid_goal_form_shows_each_error_beside_its_field_and_keeps_the_values(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    response = submit(
        pages,
        records.url + "/goals/new",
        {"title": " ", "description": "Kept", "status": "someday", "target_date": "31/12/2026"},
    )

    assert response.status_code == 422
    assert field_error(response.text, "title") == "This field is required."
    assert field_error(response.text, "status") == "Choose one of the options."
    assert "YYYY-MM-DD" in (field_error(response.text, "target_date") or "")
    assert field_value(response.text, "description") == "Kept"
    assert field_value(response.text, "target_date") == "31/12/2026"
    assert "autofocus" in input_tag(response.text, "title")
    assert (
        read(engine, lambda s: goals.get_all(s, coach=coach, client_id=records.client.id)[1]) == 0
    )


def test_editing_a_goal_changes_its_fields_and_a_blank_date_clears_it(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    goal = records.goal("Speak Spanish", target_date=date(2026, 6, 1))
    form = pages.get(f"{records.url}/goals/{goal.id}/edit").text
    assert field_value(form, "target_date") == "2026-06-01"
    assert selected(form, "status") == "active"

    response = submit(
        pages,
        f"{records.url}/goals/{goal.id}/edit",
        {"title": "Speak Spanish well", "description": "", "status": "achieved", "target_date": ""},
    )

    assert response.url.path == records.url + "/goals"
    assert "Saved the goal “Speak Spanish well”." in response.text
    saved = read(engine, lambda s: goals.get(s, coach=coach, goal_id=goal.id))
    assert (saved.title, saved.status, saved.target_date) == (
        "Speak Spanish well",
        "achieved",
        None,
    )


def test_an_invalid_edit_keeps_what_was_typed_and_changes_nothing(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    goal = records.goal("Speak Spanish")

    response = submit(
        pages,
        f"{records.url}/goals/{goal.id}/edit",
        {"title": "", "description": "New words", "status": "active", "target_date": ""},
    )

    assert response.status_code == 422
    assert field_error(response.text, "title") == "This field is required."
    assert field_value(response.text, "description") == "New words"
    assert "Edit goal “Speak Spanish”" in response.text
    assert read(engine, lambda s: goals.get(s, coach=coach, goal_id=goal.id)).description == ""


def test_the_delete_confirmation_names_the_links_that_go_and_the_outcomes_that_stay(
    pages: TestClient, records: Records
) -> None:
    spanish, travel = records.goal("Speak Spanish"), records.goal("Travel more")
    records.outcome("Order dinner in Spanish", goals=[spanish])
    records.outcome("Trip to Madrid", goals=[spanish, travel])
    records.outcome("Unrelated", goals=[travel])

    html = pages.get(f"{records.url}/goals/{spanish.id}/delete").text

    assert "Delete the goal “Speak Spanish”?" in html
    assert "Its 2 links to outcomes." in html
    assert "The outcomes themselves: “Order dinner in Spanish” and “Trip to Madrid”." in html
    assert "This outcome will then have no goal: “Order dinner in Spanish”." in html
    assert "Unrelated" not in html
    assert f'action="{records.url}/goals/{spanish.id}/delete"' in html
    assert 'name="csrf_token"' in html


def test_deleting_a_goal_removes_its_links_and_keeps_the_outcomes(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    spanish, travel = records.goal("Speak Spanish"), records.goal("Travel more")
    trip = records.outcome("Trip to Madrid", goals=[spanish, travel])

    response = submit(pages, f"{records.url}/goals/{spanish.id}/delete")

    assert response.url.path == records.url + "/goals"
    assert "Deleted the goal “Speak Spanish”." in response.text
    kept = read(engine, lambda s: targets.get(s, coach=coach, target_id=trip.id))
    assert [goal.title for goal in kept.goals] == ["Travel more"]


def test_a_form_sent_from_the_dialog_is_told_where_to_go_instead_of_redirected(
    pages: TestClient, records: Records
) -> None:
    response = submit(
        pages,
        records.url + "/goals/new",
        {"title": "Speak Spanish", "status": "active"},
        headers={"X-Dialog": "1"},
        follow_redirects=False,
    )

    assert response.status_code == 204
    assert response.headers["X-Redirect"] == records.url + "/goals"
    assert "Added the goal “Speak Spanish”." in pages.get(records.url + "/goals").text


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example", "/clients"])
def test_a_form_returns_only_to_a_page_of_the_same_client(
    pages: TestClient, records: Records, next_url: str
) -> None:
    form = pages.get(records.url + "/goals/new", params={"next": next_url}).text
    response = submit(
        pages, records.url + "/goals/new", {"title": "Speak Spanish", "next": next_url}
    )

    assert f'name="next" value="{records.url}/goals"' in form
    assert response.url.path == records.url + "/goals"


def test_a_form_opened_from_a_page_of_the_client_returns_there(
    pages: TestClient, records: Records
) -> None:
    goal = records.goal("Speak Spanish")
    overview = records.url

    form = pages.get(f"{records.url}/goals/{goal.id}/edit", params={"next": overview}).text
    response = submit(
        pages,
        f"{records.url}/goals/{goal.id}/edit",
        {"title": "Speak Spanish", "status": "active", "next": overview},
    )

    assert f'href="{overview}" data-dialog-close>Cancel' in form
    assert response.url.path == overview


def test_the_delete_confirmation_names_the_first_outcomes_left_with_no_goal_and_counts_the_rest(
    pages: TestClient, records: Records
) -> None:
    spanish, travel = records.goal("Speak Spanish"), records.goal("Travel more")
    for n in range(1, 13):
        records.outcome(f"Alone {n}", goals=[spanish])
    records.outcome("Shared", goals=[spanish, travel])

    html = pages.get(f"{records.url}/goals/{spanish.id}/delete").text

    assert "Its 13 links to outcomes." in html
    first_ten = ", ".join(f"“Alone {n}”" for n in range(1, 11))
    assert f"The outcomes themselves: {first_ten} and 3 more." in html
    assert f"These 12 outcomes will then have no goal: {first_ten} and 2 more." in html


def test_the_delete_confirmation_starts_on_cancel(pages: TestClient, records: Records) -> None:
    spanish = records.goal("Speak Spanish")

    html = pages.get(f"{records.url}/goals/{spanish.id}/delete").text

    assert re.search(
        r'<a class="button button--quiet" href="[^"]*" data-dialog-close autofocus>Cancel</a>', html
    )
    assert html.count("autofocus") == 1
