"""A session owns its time zone: changing the coach's zone moves no session, and moving a
session to another zone is a move like any other."""

import uuid
from datetime import UTC, datetime, time, timedelta

from fastapi.testclient import TestClient
from icalendar import Event
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.mail import OutboxMessage
from coachboard.models.sessions import CoachingSession
from tests.calendar_feeds.conftest import events_by_uid, fetch, make_feed
from tests.portal.conftest import sam, sam_account, sam_pages
from tests.web.conftest import anonymous

__all__ = ["anonymous", "sam", "sam_account", "sam_pages"]

SOON = datetime.now(UTC).date() + timedelta(days=10)
DAY = f"{SOON:%a} {SOON.day} {SOON:%b %Y}"


def emailed(db: Session, client: Client) -> None:
    """The client agreed to email: whatever a session change sends reaches the outbox."""
    client.may_email = True
    db.commit()


def outbox_size(db: Session) -> int:
    size = db.scalar(select(func.count()).select_from(OutboxMessage)) or 0
    db.commit()  # SQLite: no transaction left open under the app's writes
    return size


def stored_sequence(db: Session, session_id: str) -> int:
    db.expire_all()
    sequence = db.get_one(CoachingSession, uuid.UUID(session_id)).sequence
    db.commit()
    return sequence


def feed_event(anonymous: TestClient, feed_url: str, session_id: str) -> Event:
    return events_by_uid(fetch(anonymous, feed_url))[f"session-{session_id}@coachboard"]


def schedule(api: TestClient, client: Client, **fields: object) -> dict:
    body = {"session_date": SOON.isoformat(), "start_time": "10:00", "title": "Kick-off", **fields}
    answer = api.post(f"/api/v1/clients/{client.id}/sessions", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_a_coach_on_utc_who_switches_to_berlin_moves_no_session(
    db: Session,
    coach: User,
    api: TestClient,
    anonymous: TestClient,
    sam: Client,
    sam_account: User,
    sam_pages: TestClient,
) -> None:
    assert coach.time_zone == "UTC"
    sam_account.time_zone = "Asia/Tokyo"  # the client reads it on their own clock
    emailed(db, sam)
    made = schedule(api, sam)
    feed_url = make_feed(api)
    before_event = feed_event(anonymous, feed_url, made["id"])
    queued = outbox_size(db)

    switched = api.patch("/api/v1/me", json={"time_zone": "Europe/Berlin"})

    assert switched.status_code == 200, switched.text
    answer = api.get(f"/api/v1/sessions/{made['id']}").json()
    assert (answer["start_time"], answer["time_zone"]) == ("10:00", "UTC")
    event = feed_event(anonymous, feed_url, made["id"])
    assert event.start == before_event.start == datetime.combine(SOON, time(10), tzinfo=UTC)
    assert event.end - event.start == timedelta(minutes=60)
    assert int(event["SEQUENCE"]) == int(before_event["SEQUENCE"]) == 0
    assert stored_sequence(db, made["id"]) == 0
    assert f"{DAY}, 19:00\u201320:00 (Asia/Tokyo)" in sam_pages.get("/me").text
    assert outbox_size(db) == queued  # no "Session moved": nothing moved


def test_moving_a_session_to_another_zone_raises_its_sequence_and_tells_the_client(
    db: Session, coach: User, api: TestClient, anonymous: TestClient, sam: Client
) -> None:
    emailed(db, sam)
    made = schedule(api, sam)
    feed_url = make_feed(api)

    moved = api.patch(f"/api/v1/sessions/{made['id']}", json={"time_zone": "Europe/Berlin"})

    assert moved.status_code == 200, moved.text
    assert (moved.json()["start_time"], moved.json()["time_zone"]) == ("10:00", "Europe/Berlin")
    assert stored_sequence(db, made["id"]) == 1
    event = feed_event(anonymous, feed_url, made["id"])
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.start.replace(tzinfo=None) == datetime.combine(SOON, time(10))
    assert int(event["SEQUENCE"]) == 1
    db.expire_all()
    subjects = db.scalars(
        select(OutboxMessage.subject)
        .where(OutboxMessage.kind == "session_invitation")
        .order_by(OutboxMessage.created_at)
    ).all()
    # Sam has no account: Sam reads the session on its own clock, and what it was before.
    assert [subject.split(":")[0] for subject in subjects] == [
        "Session scheduled",
        "Session moved",
    ]
    assert subjects[1].endswith(f"{DAY}, 10:00\u201311:00 (Europe/Berlin)")


def test_a_session_is_made_on_the_coachs_clock_unless_another_zone_is_given(
    db: Session, coach: User, api: TestClient, sam: Client
) -> None:
    coach.time_zone = "Europe/Berlin"
    db.commit()

    own_clock = schedule(api, sam)
    clients_clock = schedule(api, sam, time_zone="America/New_York")

    assert own_clock["time_zone"] == "Europe/Berlin"
    assert clients_clock["time_zone"] == "America/New_York"
    listed = api.get(f"/api/v1/clients/{sam.id}/sessions").json()["items"]
    assert {item["time_zone"] for item in listed} == {"Europe/Berlin", "America/New_York"}


def test_the_openapi_document_offers_a_sessions_time_zone(api: TestClient) -> None:
    schemas = api.get("/api/v1/openapi.json").json()["components"]["schemas"]

    for name in ("SessionCreate", "SessionUpdate", "SessionRead"):
        assert "time_zone" in schemas[name]["properties"], name
    assert "time_zone" in schemas["SessionRead"]["required"]
