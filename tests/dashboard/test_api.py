"""GET /api/v1/dashboard: the coach's week across active clients, on both databases."""

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientUpdate
from coachboard.dashboard import service as dashboard
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionCreate
from tests.commitments.records import Records
from tests.querycount import count_statements

URL = "/api/v1/dashboard"
DAY = date(2026, 3, 10)  # a Tuesday


def days_from(offset: int) -> date:
    return DAY + timedelta(days=offset)


def week(api: TestClient, **params: Any) -> dict[str, Any]:
    response = api.get(URL, params={"date": DAY.isoformat(), **params})
    assert response.status_code == 200, response.text
    return response.json()


def titles(listed: dict[str, Any]) -> list[str]:
    return [item["title"] for item in listed["items"]]


@pytest.fixture
def records(db: Session, coach: User) -> Records:
    return Records(db, coach)


def archive(db: Session, coach: User, client: Client) -> None:
    clients.update(db, coach=coach, client_id=client.id, fields=ClientUpdate(status="archived"))


def test_overdue_is_open_commitments_due_before_the_date_oldest_first(
    api: TestClient, records: Records
) -> None:
    dana = records.client("Dana Doe")
    records.commitment(dana, "Due yesterday", due_date=days_from(-1))
    records.commitment(dana, "Due a month ago", due_date=days_from(-30))
    records.commitment(dana, "Due today", due_date=DAY)
    records.commitment(dana, "Done last week", due_date=days_from(-7), status="done")
    records.commitment(dana, "Dropped last week", due_date=days_from(-7), status="dropped")
    records.commitment(dana, "Undated")

    body = week(api)

    assert titles(body["overdue"]) == ["Due a month ago", "Due yesterday"]
    assert body["overdue"]["total"] == 2
    assert titles(body["due"]) == ["Due today"]


def test_due_runs_from_the_date_to_before_date_plus_days(api: TestClient, records: Records) -> None:
    dana = records.client("Dana Doe")
    for offset in (6, 0, 7, 3):
        records.commitment(dana, f"In {offset} days", due_date=days_from(offset))
    records.commitment(dana, "Done in 2 days", due_date=days_from(2), status="done")

    assert titles(week(api)["due"]) == ["In 0 days", "In 3 days", "In 6 days"]
    assert titles(week(api, days=1)["due"]) == ["In 0 days"]
    assert titles(week(api, days=8)["due"]) == ["In 0 days", "In 3 days", "In 6 days", "In 7 days"]
    assert week(api, days=8)["due"]["total"] == 4


def test_sessions_are_those_in_the_window_by_date(api: TestClient, records: Records) -> None:
    dana, eli = records.client("Dana Doe"), records.client("Eli Eng")
    records.session(dana, days_from(6), "Dana next Monday")
    records.session(eli, DAY, "Eli today")
    records.session(dana, days_from(-1), "Dana yesterday")
    records.session(eli, days_from(7), "Eli in a week")

    body = week(api)

    assert titles(body["sessions"]) == ["Eli today", "Dana next Monday"]
    assert body["sessions"]["items"][0]["client"] == {"id": str(eli.id), "name": "Eli Eng"}
    assert body["sessions"]["items"][0]["session_date"] == DAY.isoformat()


def test_quiet_clients_have_no_session_in_the_30_days_before_nor_after_longest_quiet_first(
    api: TestClient, records: Records
) -> None:
    met_31_days_ago = records.client("Ann Old")
    met_30_days_ago = records.client("Bea Recent")
    meets_next_week = records.client("Cy Booked")
    records.client("Dee New")  # never met
    met_60_days_ago = records.client("Eve Older")
    records.session(met_31_days_ago, days_from(-31))
    records.session(met_30_days_ago, days_from(-30))
    records.session(meets_next_week, days_from(40))
    records.session(met_60_days_ago, days_from(-60))

    quiet = week(api)["quiet_clients"]

    assert [item["client"]["name"] for item in quiet["items"]] == [
        "Dee New",
        "Eve Older",
        "Ann Old",
    ]
    assert [item["last_session_date"] for item in quiet["items"]] == [
        None,
        days_from(-60).isoformat(),
        days_from(-31).isoformat(),
    ]
    assert quiet["total"] == 3


def test_commitments_carry_their_client_and_first_five_outcomes_with_the_count(
    api: TestClient, records: Records
) -> None:
    dana = records.client("Dana Doe")
    goal = records.goal(dana)
    outcomes = [records.target(dana, f"Outcome {n}", goals=[goal]) for n in range(7)]
    linked = records.commitment(dana, "Seven outcomes", targets=outcomes, due_date=days_from(-2))
    records.commitment(dana, "One outcome", targets=outcomes[3:4], due_date=DAY)
    records.commitment(dana, "No outcome", due_date=days_from(1))

    body = week(api)
    (overdue,) = body["overdue"]["items"]
    one, none = body["due"]["items"]

    assert overdue["id"] == str(linked.id)
    assert overdue["client"] == {"id": str(dana.id), "name": "Dana Doe"}
    assert overdue["due_date"] == days_from(-2).isoformat()
    assert [t["title"] for t in overdue["targets"]] == [f"Outcome {n}" for n in range(5)]
    assert overdue["targets_total"] == 7
    assert (one["targets"], one["targets_total"]) == (
        [{"id": str(outcomes[3].id), "title": "Outcome 3"}],
        1,
    )
    assert (none["targets"], none["targets_total"]) == ([], 0)


def test_archived_clients_are_left_out_of_every_list(
    api: TestClient, db: Session, coach: User, records: Records
) -> None:
    gone = records.client("Gone Away")
    records.commitment(gone, "Old task", due_date=days_from(-3))
    records.commitment(gone, "New task", due_date=days_from(2))
    records.session(gone, days_from(1))
    records.session(gone, days_from(-90))
    archive(db, coach, gone)
    silent = records.client("Silent Archived")
    archive(db, coach, silent)

    body = week(api)

    assert [body[name]["total"] for name in ("overdue", "due", "sessions", "quiet_clients")] == [
        0,
        0,
        0,
        0,
    ]


def test_another_coachs_records_never_appear(
    api: TestClient, other_api: TestClient, records: Records, db: Session, other_coach: User
) -> None:
    mine = records.client("Dana Doe")
    records.commitment(mine, "My overdue", due_date=days_from(-1))
    theirs = Records(db, other_coach).client("Olive's client")
    other_records = Records(db, other_coach)
    other_records.commitment(theirs, "Their overdue", due_date=days_from(-1))
    other_records.commitment(theirs, "Their due", due_date=days_from(1))
    other_records.session(theirs, DAY, "Their session")

    body, other = week(api), week(other_api)

    assert titles(body["overdue"]) == ["My overdue"]
    assert body["due"]["total"] == body["sessions"]["total"] == 0
    assert [q["client"]["name"] for q in body["quiet_clients"]["items"]] == ["Dana Doe"]
    assert titles(other["overdue"]) == ["Their overdue"]
    assert titles(other["due"]) == ["Their due"]
    assert titles(other["sessions"]) == ["Their session"]


def test_goals_at_risk_are_the_active_clients_goals_behind_with_their_client_and_figures(
    api: TestClient, db: Session, coach: User, records: Records
) -> None:
    dana, eli = records.client("Dana Doe"), records.client("Eli Eng")
    behind, finished = records.goal(dana, "Get fit"), records.goal(dana, "Sleep well")
    run = records.target(dana, "Run 10 km", goals=[behind])
    records.commitment(dana, "Book a physio", targets=[run], due_date=days_from(-1))
    records.commitment(dana, "Buy shoes", targets=[run], status="done")
    rest = records.target(dana, "Rest days", goals=[finished])
    records.commitment(dana, "Bed by ten", targets=[rest], status="done")
    archived_goal = records.goal(eli, "Archived and behind")
    late = records.target(eli, "Late outcome", goals=[archived_goal])
    records.commitment(eli, "Late task", targets=[late], due_date=days_from(-1))
    archive(db, coach, eli)

    listed = week(api)["goals_at_risk"]

    assert listed["total"] == 1
    assert listed["items"] == [
        {
            "goal": {"id": str(behind.id), "title": "Get fit"},
            "client": {"id": str(dana.id), "name": "Dana Doe"},
            "target_date": None,
            "health": "at_risk",
            "progress": {"value": 0.5, "commitments_done": 1, "commitments_total": 2},
            "outcomes_achieved": 0,
            "outcomes_total": 1,
        }
    ]


def test_an_empty_account_answers_every_list_empty(api: TestClient) -> None:
    body = week(api)

    assert body == {
        "date": DAY.isoformat(),
        "days": 7,
        "overdue": {"items": [], "total": 0},
        "due": {"items": [], "total": 0},
        "sessions": {"items": [], "total": 0},
        "goals_at_risk": {"items": [], "total": 0},
        "quiet_clients": {"items": [], "total": 0},
    }


@pytest.mark.parametrize("days", ["0", "32", "-1", "seven", "1.5"])
def test_days_outside_1_to_31_is_refused_naming_days(api: TestClient, days: str) -> None:
    response = api.get(URL, params={"days": days})

    assert response.status_code == 422
    assert [problem["loc"] for problem in response.json()["detail"]] == [["query", "days"]]


@pytest.mark.parametrize("day", ["2026-02-30", "10/03/2026", "1741564800", "today"])
def test_a_date_that_is_not_yyyy_mm_dd_is_refused_naming_date(api: TestClient, day: str) -> None:
    response = api.get(URL, params={"date": day})

    assert response.status_code == 422
    assert [problem["loc"] for problem in response.json()["detail"]] == [["query", "date"]]


@pytest.mark.parametrize("day", ["1900-01-01", "2999-12-31", "2999-12-25"])
def test_the_first_and_last_supported_days_answer(
    api: TestClient, records: Records, day: str
) -> None:
    records.session(records.client(), days_from(0))

    response = api.get(URL, params={"date": day, "days": 31})

    assert response.status_code == 200
    assert response.json()["date"] == day


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
def test_a_day_past_the_supported_ones_is_refused_naming_it(api: TestClient, day: str) -> None:
    response = api.get(URL, params={"date": day, "days": 31})

    assert response.status_code == 422
    assert [problem["loc"] for problem in response.json()["detail"]] == [["query", "date"]]


def set_time_zone(api: TestClient, zone: str) -> None:
    assert api.patch("/api/v1/me", json={"time_zone": zone}).status_code == 200


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12"])
def test_the_date_defaults_to_today_in_the_coachs_time_zone(api: TestClient, zone: str) -> None:
    """Kiritimati (UTC+14) and GMT+12 (UTC-12) are 26 hours apart: never on the same day."""
    set_time_zone(api, zone)

    answered = api.get(URL).json()["date"]

    assert answered == datetime.now(ZoneInfo(zone)).date().isoformat()


def test_the_default_date_follows_a_change_of_time_zone(api: TestClient) -> None:
    set_time_zone(api, "Pacific/Kiritimati")
    ahead = date.fromisoformat(api.get(URL).json()["date"])
    set_time_zone(api, "Etc/GMT+12")
    behind = date.fromisoformat(api.get(URL).json()["date"])

    assert ahead - behind in (timedelta(days=1), timedelta(days=2))


def test_each_list_is_capped_and_gives_its_total(
    db: Session, coach: User, records: Records
) -> None:
    dana = records.client("Dana Doe")
    for offset in range(-5, 5):
        records.commitment(dana, f"Day {offset}", due_date=days_from(offset))
        records.session(dana, days_from(offset))
    for name in ("Quiet 1", "Quiet 2", "Quiet 3"):
        records.client(name)

    week_of = dashboard.get(db, coach=coach, start=DAY, limit=2)

    assert [c.title for c in week_of.overdue.items] == ["Day -5", "Day -4"]
    assert (week_of.overdue.total, week_of.due.total) == (5, 5)
    assert [c.title for c in week_of.due.items] == ["Day 0", "Day 1"]
    assert (len(week_of.sessions.items), week_of.sessions.total) == (2, 5)
    assert (len(week_of.quiet_clients.items), week_of.quiet_clients.total) == (2, 3)


# The bearer token (1), then overdue, due, their outcomes, sessions and quiet clients (5), and
# the goals at risk: every candidate's health, then the full figures of those listed (2).
DASHBOARD_STATEMENTS = 1 + 5 + 2


def fill(records: Records, clients: int, per_client: int) -> None:
    for n in range(clients):
        client = records.client(f"Client {n}")
        goal = records.goal(client)
        outcomes = [records.target(client, f"Outcome {k}", goals=[goal]) for k in range(3)]
        for k in range(per_client):
            records.commitment(
                client, f"Task {k}", targets=outcomes[: k % 4], due_date=days_from(k * 5 % 9 - 4)
            )
            records.session(client, days_from(k * 5 % 9 - 4))
        records.client(f"Quiet {n}")


def test_the_dashboard_takes_a_fixed_number_of_statements_whatever_the_data(
    api: TestClient, engine: Engine, records: Records
) -> None:
    counts = []
    fill(records, clients=1, per_client=2)
    for more in (0, 1):
        if more:
            fill(records, clients=4, per_client=12)
        with count_statements(engine) as log:
            body = week(api)
        assert body["overdue"]["total"] and body["due"]["total"] and body["sessions"]["total"]
        assert body["goals_at_risk"]["total"] == 4 * more  # the first fill has none overdue
        counts.append(log.count)

    assert counts == [DASHBOARD_STATEMENTS, DASHBOARD_STATEMENTS]


def test_a_session_answers_its_time_zone_length_and_link_all_day_ones_first(
    db: Session, api: TestClient, records: Records
) -> None:
    client = records.client("Dana Doe")
    fields = SessionCreate(
        session_date=DAY,
        title="Review",
        start_time=time(9, 30),
        duration_minutes=45,
        time_zone="Asia/Tokyo",
        meeting_url="https://meet.example.com/r",
    )
    sessions.create(db, coach=records.coach, client_id=client.id, fields=fields)
    records.session(client, DAY, "Away day")
    db.commit()

    all_day, timed = week(api)["sessions"]["items"]

    assert {key: timed[key] for key in ("start_time", "time_zone", "duration_minutes")} == {
        "start_time": "09:30",
        "time_zone": "Asia/Tokyo",
        "duration_minutes": 45,
    }
    assert timed["meeting_url"] == "https://meet.example.com/r"
    assert (all_day["title"], all_day["start_time"], all_day["time_zone"]) == (
        "Away day",
        None,
        "UTC",
    )
