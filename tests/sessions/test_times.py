"""A session's start time, duration and meeting link: in the API, on the coach's clock,
across daylight-saving changes, and the SEQUENCE its calendar event carries."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.models.commitments import Commitment
from coachboard.models.sessions import CoachingSession
from coachboard.sessions.times import describe, session_span
from tests.commitments.records import Records

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_session_keeps_its_start_time_duration_and_meeting_link(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    created = api.post(
        f"/api/v1/clients/{client.id}/sessions",
        json={
            "session_date": "2026-03-03",
            "start_time": "10:00",
            "duration_minutes": 90,
            "meeting_url": "https://meet.example.com/abc",
        },
    )
    assert created.status_code == 201, created.text
    assert {k: created.json()[k] for k in ("start_time", "duration_minutes", "meeting_url")} == {
        "start_time": "10:00",
        "duration_minutes": 90,
        "meeting_url": "https://meet.example.com/abc",
    }
    session_id = created.json()["id"]

    api.patch(f"/api/v1/sessions/{session_id}", json={"title": "Unrelated"})
    kept = api.get(f"/api/v1/sessions/{session_id}").json()
    cleared = api.patch(
        f"/api/v1/sessions/{session_id}", json={"start_time": None, "meeting_url": None}
    ).json()

    assert (kept["start_time"], kept["meeting_url"]) == ("10:00", "https://meet.example.com/abc")
    assert (cleared["start_time"], cleared["meeting_url"]) == (None, None)
    assert cleared["duration_minutes"] == 90


def test_a_session_without_a_time_is_all_day_and_lasts_an_hour_by_default(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    body = api.post(
        f"/api/v1/clients/{client.id}/sessions", json={"session_date": "2026-03-03"}
    ).json()

    assert (body["start_time"], body["duration_minutes"], body["meeting_url"]) == (None, 60, None)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("start_time", "25:00"),
        ("start_time", "10:00:30"),
        ("start_time", 36000),
        ("duration_minutes", 4),
        ("duration_minutes", 1441),
        ("duration_minutes", "long"),
        ("meeting_url", "javascript:alert(1)"),
        ("meeting_url", "ftp://files.example.com"),
        ("meeting_url", "meet.example.com/abc"),
        ("meeting_url", "https://example.com/" + "a" * 481),
        ("time_zone", "Mars/Olympus_Mons"),
        ("time_zone", "Europe/Berlin/"),
        ("time_zone", ""),
    ],
)
def test_a_bad_time_duration_or_link_is_422_naming_the_field(
    api: TestClient, records: Records, field: str, value: object
) -> None:
    client = records.client()
    session = records.session(client)

    created = api.post(
        f"/api/v1/clients/{client.id}/sessions", json={"session_date": "2026-03-03", field: value}
    )
    changed = api.patch(f"/api/v1/sessions/{session.id}", json={field: value})

    for response in (created, changed):
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", field]


def test_a_start_time_is_on_the_coachs_clock_across_the_spring_change() -> None:
    before = session_span(date(2026, 3, 28), time(10), 60, BERLIN)
    after = session_span(date(2026, 3, 29), time(10), 60, BERLIN)

    assert before.start.astimezone(UTC) == datetime(2026, 3, 28, 9, tzinfo=UTC)
    assert after.start.astimezone(UTC) == datetime(2026, 3, 29, 8, tzinfo=UTC)


def test_a_session_across_the_jump_lasts_its_duration_in_real_time() -> None:
    span = session_span(date(2026, 3, 29), time(1, 30), 60, BERLIN)

    assert (span.end.hour, span.end.minute) == (3, 30)
    assert span.end.astimezone(UTC) - span.start.astimezone(UTC) == timedelta(minutes=60)


def test_a_time_the_clock_skips_is_read_as_the_moment_after_the_jump() -> None:
    # 02:30 does not exist in Berlin on 2026-03-29; zoneinfo's fold=0 reads it with the
    # winter offset, which is 03:30 summer time.
    span = session_span(date(2026, 3, 29), time(2, 30), 60, BERLIN)

    assert (span.start.hour, span.start.minute) == (3, 30)
    assert span.start.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_a_time_the_clock_repeats_is_the_first_of_the_two() -> None:
    span = session_span(date(2026, 10, 25), time(2, 30), 60, BERLIN)

    assert span.start.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_a_session_reads_as_day_time_and_zone() -> None:
    assert describe(date(2026, 3, 3), time(10), 60, BERLIN) == (
        "Tue 3 Mar 2026, 10:00\u201311:00 (Europe/Berlin)"
    )
    assert describe(date(2026, 3, 3), None, 60, BERLIN) == "Tue 3 Mar 2026 (all day)"
    assert describe(date(2026, 3, 3), time(10), 60, BERLIN, ZoneInfo("America/New_York")) == (
        "Tue 3 Mar 2026, 04:00\u201305:00 (America/New_York)"
    )


@pytest.mark.parametrize(
    ("change", "raises"),
    [
        ({"session_date": "2026-03-04"}, True),
        ({"start_time": "11:00"}, True),
        ({"duration_minutes": 45}, True),
        ({"title": "Renamed"}, True),
        ({"meeting_url": "https://meet.example.com/new"}, True),
        ({"notes": "Private"}, False),
        ({"shared_notes": "Shared"}, False),
        ({"title": "Kick-off", "start_time": "10:00"}, False),  # the values it has
    ],
)
def test_the_sequence_rises_when_what_a_calendar_shows_changes(
    db: Session, api: TestClient, records: Records, change: dict, raises: bool
) -> None:
    client = records.client()
    session_id = api.post(
        f"/api/v1/clients/{client.id}/sessions",
        json={"session_date": "2026-03-03", "title": "Kick-off", "start_time": "10:00"},
    ).json()["id"]

    api.patch(f"/api/v1/sessions/{session_id}", json=change)
    api.patch(f"/api/v1/sessions/{session_id}", json=change)  # the same again: no change

    stored = db.get(CoachingSession, uuid.UUID(session_id))
    assert stored is not None
    db.refresh(stored)
    assert stored.sequence == (1 if raises else 0)


@pytest.mark.parametrize(
    ("change", "raises"),
    [
        ({"title": "Renamed"}, True),
        ({"due_date": "2026-05-02"}, True),
        ({"due_date": None}, True),
        ({"status": "done"}, True),
        ({"description": "More words"}, False),
    ],
)
def test_a_commitments_sequence_rises_with_its_title_due_date_or_status(
    db: Session, api: TestClient, records: Records, change: dict, raises: bool
) -> None:
    client = records.client()
    commitment = records.commitment(client, "Send the deck", due_date=date(2026, 5, 1))

    api.patch(f"/api/v1/commitments/{commitment.id}", json=change)

    stored = db.get(Commitment, commitment.id)
    assert stored is not None
    db.refresh(stored)
    assert stored.sequence == (1 if raises else 0)


def test_a_day_too_far_ahead_for_a_calendar_is_422_naming_the_field(
    api: TestClient, records: Records
) -> None:
    response = api.post(
        f"/api/v1/clients/{records.client().id}/sessions",
        json={"session_date": "9999-12-31", "start_time": "23:30"},
    )

    assert response.status_code == 422
    assert [problem["loc"][-1] for problem in response.json()["detail"]] == ["session_date"]
