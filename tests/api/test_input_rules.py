"""One set of input rules for every way in: days from 1900 to 2999, and titles, names and
addresses on one line without control characters. A 422 names the field; a page keeps what was
typed (tests/web/test_input_rules_pages.py)."""

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import API, Estate

NOT_ONE_LINE = ["A\rB", "A\nB", "A\u2028B", "A\u2029B", "A\x85B", "A\x0bB", "A\x0cB", "A\x1cB"]


def refused_field(response) -> list[str | int]:
    assert response.status_code == 422, response.text
    [problem] = response.json()["detail"]
    return problem["loc"]


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
def test_a_day_outside_1900_to_2999_is_refused_naming_its_field(
    api: TestClient, estate: Estate, day: str
) -> None:
    client = f"{API}/clients/{estate.client_id}"
    posts = {
        f"{client}/goals": ({"title": "Run", "target_date": day}, "target_date"),
        f"{client}/commitments": ({"title": "Run", "due_date": day}, "due_date"),
        f"{client}/sessions": ({"session_date": day}, "session_date"),
        f"{client}/sprints": (
            {"title": "May", "start_date": day, "end_date": "2999-12-31"},
            "start_date",
        ),
    }
    for url, (body, field) in posts.items():
        assert refused_field(api.post(url, json=body)) == ["body", field]
    overdue = api.get(f"{API}/dashboard", params={"date": day})
    assert refused_field(overdue) == ["query", "date"]


def test_the_first_and_last_supported_days_are_kept(api: TestClient, estate: Estate) -> None:
    url = f"{API}/clients/{estate.client_id}/sprints"
    body = {"title": "Long", "start_date": "1900-01-01", "end_date": "2999-12-31"}

    answer = api.post(url, json=body)

    assert answer.status_code == 201, answer.text
    assert (answer.json()["start_date"], answer.json()["end_date"]) == ("1900-01-01", "2999-12-31")


@pytest.mark.parametrize("text", NOT_ONE_LINE)
def test_a_title_or_name_with_a_line_break_or_control_character_is_refused(
    api: TestClient, estate: Estate, text: str
) -> None:
    client = f"{API}/clients/{estate.client_id}"

    assert refused_field(api.post(f"{API}/clients", json={"name": text})) == ["body", "name"]
    assert refused_field(api.post(f"{client}/goals", json={"title": text})) == ["body", "title"]
    session = {"session_date": "2026-05-01", "title": text}
    assert refused_field(api.post(f"{client}/sessions", json=session)) == ["body", "title"]
    goal = f"{API}/goals/{estate.goal_ids[0]}"
    assert refused_field(api.patch(goal, json={"title": text})) == ["body", "title"]


def test_notes_keep_their_line_breaks(api: TestClient, estate: Estate) -> None:
    answer = api.post(f"{API}/clients", json={"name": "Sam", "notes": "first\nsecond\r\nthird"})

    assert answer.status_code == 201
    assert answer.json()["notes"] == "first\nsecond\r\nthird"
