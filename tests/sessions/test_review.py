"""A session's review: GET /sessions/{id} lists the client's commitments still open that were
made earlier (`open_from_earlier`), oldest due first, bounded, in a fixed number of statements."""

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from coachboard.accounts.time_zones import today_for
from coachboard.hierarchy.session_review import EARLIER_SHOWN
from coachboard.models.accounts import User
from coachboard.models.sessions import CoachingSession
from tests.commitments.records import Records
from tests.querycount import count_statements


def review(api: TestClient, coaching_session: CoachingSession) -> dict[str, Any]:
    response = api.get(f"/api/v1/sessions/{coaching_session.id}")
    assert response.status_code == 200, response.text
    return response.json()


def titles(body: dict[str, Any]) -> list[str]:
    return [item["title"] for item in body["open_from_earlier"]]


def test_open_commitments_from_earlier_sessions_are_listed_and_nothing_else(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    january = records.session(client, date(2026, 1, 5), "January")
    february = records.session(client, date(2026, 2, 2), "February")
    same_day = records.session(client, date(2026, 2, 2), "Also February")
    march = records.session(client, date(2026, 3, 2), "March")
    records.commitment(client, "From January", session_id=january.id)
    records.commitment(client, "Done in January", session_id=january.id, status="done")
    records.commitment(client, "Dropped in January", session_id=january.id, status="dropped")
    records.commitment(client, "From February itself", session_id=february.id)
    records.commitment(client, "From the same day", session_id=same_day.id)
    records.commitment(client, "From March", session_id=march.id)
    records.commitment(records.client("Eli"), "Another client's")

    body = review(api, february)

    assert titles(body) == ["From January"]
    assert body["open_from_earlier_total"] == 1
    (item,) = body["open_from_earlier"]
    assert item["session"] == {
        "id": str(january.id),
        "session_date": "2026-01-05",
        "title": "January",
    }
    assert item["status"] == "open"


def test_commitments_made_outside_a_session_count_when_made_before_its_day(
    api: TestClient, records: Records, coach: User
) -> None:
    today = today_for(coach)
    client = records.client()
    records.commitment(client, "Made today, no session")
    tomorrows = records.session(client, today + timedelta(days=1))
    todays = records.session(client, today)

    assert titles(review(api, tomorrows)) == ["Made today, no session"]
    assert titles(review(api, todays)) == []


def test_oldest_due_first_undated_last_with_outcomes_bounded_and_overdue_marked(
    api: TestClient, records: Records, coach: User
) -> None:
    client = records.client()
    earlier = records.session(client, date(2026, 1, 5))
    outcomes = [records.target(client, f"Outcome {n}") for n in range(7)]
    records.commitment(client, "Undated", session_id=earlier.id)
    records.commitment(client, "Later", session_id=earlier.id, due_date=date(2026, 3, 1))
    records.commitment(
        client, "Oldest", session_id=earlier.id, due_date=date(2026, 1, 20), targets=outcomes
    )
    now = records.session(client, today_for(coach) + timedelta(days=1))

    body = review(api, now)

    assert titles(body) == ["Oldest", "Later", "Undated"]
    oldest = body["open_from_earlier"][0]
    assert [t["title"] for t in oldest["targets"]] == [f"Outcome {n}" for n in range(5)]
    assert oldest["target_count"] == 7
    assert oldest["overdue"] is True
    assert body["open_from_earlier"][2]["overdue"] is False


def test_the_list_is_bounded_and_counts_the_rest(api: TestClient, records: Records) -> None:
    client = records.client()
    earlier = records.session(client, date(2026, 1, 5))
    for number in range(EARLIER_SHOWN + 3):
        records.commitment(client, f"Task {number:02}", session_id=earlier.id)
    now = records.session(client, date(2026, 2, 2))

    body = review(api, now)

    assert len(body["open_from_earlier"]) == EARLIER_SHOWN
    assert body["open_from_earlier_total"] == EARLIER_SHOWN + 3


def test_another_coachs_session_is_not_found(other_api: TestClient, records: Records) -> None:
    client = records.client()
    records.commitment(client, "Private", session_id=records.session(client, date(2026, 1, 5)).id)
    later = records.session(client, date(2026, 2, 2))

    response = other_api.get(f"/api/v1/sessions/{later.id}")

    assert response.status_code == 404
    assert "Private" not in response.text


@pytest.mark.parametrize("size", [1, 40])
def test_the_review_takes_a_fixed_number_of_statements(
    api: TestClient, records: Records, engine: Engine, size: int
) -> None:
    client = records.client()
    earlier = records.session(client, date(2026, 1, 5))
    outcome = records.target(client)
    for number in range(size):
        records.commitment(client, f"Task {number}", session_id=earlier.id, targets=[outcome])
    now = records.session(client, date(2026, 2, 2))
    records.commitment(client, "Made now", session_id=now.id)

    with count_statements(engine) as log:
        body = review(api, now)

    assert body["open_from_earlier_total"] == size
    # The token, the session, the review's rows and their outcomes, the session's commitments.
    assert log.count == 5
