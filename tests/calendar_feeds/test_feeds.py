import uuid
from datetime import UTC, date, datetime, time, timedelta

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coachboard.calendar_feeds import service as feeds
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate, ClientUpdate
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentCreate, CommitmentStatus
from coachboard.models.accounts import User
from coachboard.models.calendar_feeds import CalendarFeed
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionUpdate
from tests.calendar_feeds.conftest import add_session, events_by_uid, fetch, make_feed
from tests.querycount import count_statements

TODAY = datetime.now(UTC).date()
SOON = TODAY + timedelta(days=10)


def add_commitment(
    db: Session, coach: User, client: Client, title: str, due: date | None
) -> uuid.UUID:
    made = commitments.create(
        db,
        coach=coach,
        client_id=client.id,
        fields=CommitmentCreate(title=title, due_date=due),
    )
    db.commit()
    return made.id


def test_a_coachs_feed_holds_sessions_and_open_due_dates_of_active_clients(
    db: Session, berlin: User, api: TestClient, anonymous: TestClient, sam: Client
) -> None:
    timed = add_session(
        db,
        berlin,
        sam,
        SOON,
        time(10, 0),
        "Quarterly review",
        meeting_url="https://meet.example.com/q",
    )
    all_day = add_session(db, berlin, sam, SOON + timedelta(days=1))
    due = add_commitment(db, berlin, sam, "Send the deck", SOON)

    calendar = fetch(anonymous, make_feed(api))

    assert str(calendar["X-WR-CALNAME"]) == "coachboard — Casey Coach"
    found = events_by_uid(calendar)
    assert set(found) == {
        f"session-{timed.id}@coachboard",
        f"session-{all_day.id}@coachboard",
        f"commitment-{due}@coachboard",
    }
    session_event = found[f"session-{timed.id}@coachboard"]
    assert str(session_event["SUMMARY"]) == "Sam Client — Quarterly review"
    assert session_event.start.tzinfo.key == "Europe/Berlin"
    assert session_event.start.replace(tzinfo=None) == datetime.combine(SOON, time(10))
    assert session_event.end - session_event.start == timedelta(minutes=60)
    assert session_event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    assert str(session_event["LOCATION"]) == "https://meet.example.com/q"
    assert str(session_event["URL"]).endswith(f"/clients/{sam.id}/sessions/{timed.id}")
    assert int(session_event["SEQUENCE"]) == 0
    assert session_event.DTSTAMP.replace(tzinfo=None) == timed.updated_at.replace(microsecond=0)

    untitled = found[f"session-{all_day.id}@coachboard"]
    assert str(untitled["SUMMARY"]) == "Sam Client — Coaching session"
    assert untitled.start == SOON + timedelta(days=1)  # a date: all day
    assert untitled.end == SOON + timedelta(days=2)

    due_event = found[f"commitment-{due}@coachboard"]
    assert str(due_event["SUMMARY"]) == "Sam Client — Send the deck"
    assert (due_event.start, due_event.end) == (SOON, SOON + timedelta(days=1))
    assert str(due_event["URL"]).endswith(f"/clients/{sam.id}/commitments/{due}")


def test_done_dropped_deleted_archived_and_other_coaches_records_leave_the_feed(
    db: Session,
    berlin: User,
    other_coach: User,
    api: TestClient,
    anonymous: TestClient,
    sam: Client,
) -> None:
    kept = add_commitment(db, berlin, sam, "Kept", SOON)
    done = add_commitment(db, berlin, sam, "Done", SOON)
    dropped = add_commitment(db, berlin, sam, "Dropped", SOON)
    deleted = add_commitment(db, berlin, sam, "Deleted", SOON)
    add_commitment(db, berlin, sam, "Undated", None)
    gone = add_session(db, berlin, sam, SOON)
    archived = clients.create(db, coach=berlin, fields=ClientCreate(name="Arch Ived"))
    add_session(db, berlin, archived, SOON)
    clients.update(db, coach=berlin, client_id=archived.id, fields=ClientUpdate(status="archived"))
    db.commit()
    stranger = clients.create(db, coach=other_coach, fields=ClientCreate(name="Not Yours"))
    add_session(db, other_coach, stranger, SOON)
    add_commitment(db, other_coach, stranger, "Not yours either", SOON)
    url = make_feed(api)
    assert len(fetch(anonymous, url).events) == 5  # four due dates, one session

    for commitment_id, status in ((done, "done"), (dropped, "dropped")):
        api.patch(f"/api/v1/commitments/{commitment_id}", json={"status": status})
    assert api.delete(f"/api/v1/commitments/{deleted}").status_code == 204
    assert api.delete(f"/api/v1/sessions/{gone.id}").status_code == 204

    assert set(events_by_uid(fetch(anonymous, url))) == {f"commitment-{kept}@coachboard"}


def test_an_edit_raises_the_events_sequence_and_changes_the_etag(
    db: Session, berlin: User, api: TestClient, anonymous: TestClient, sam: Client
) -> None:
    coaching_session = add_session(db, berlin, sam, SOON, time(9, 0))
    url = make_feed(api)
    first = anonymous.get(url)
    uid = f"session-{coaching_session.id}@coachboard"

    api.patch(f"/api/v1/sessions/{coaching_session.id}", json={"notes": "private, not shown"})
    unshown = events_by_uid(Calendar.from_ical(anonymous.get(url).content))[uid]
    assert int(unshown["SEQUENCE"]) == 0  # the private notes are not in the event
    api.patch(f"/api/v1/sessions/{coaching_session.id}", json={"start_time": "11:30"})

    second = anonymous.get(url)
    assert second.headers["etag"] != first.headers["etag"]
    event = events_by_uid(Calendar.from_ical(second.content))[uid]
    assert int(event["SEQUENCE"]) == 1
    assert event.start.time() == time(11, 30)


def test_if_none_match_gets_304_while_nothing_changed(
    db: Session, berlin: User, api: TestClient, anonymous: TestClient, sam: Client
) -> None:
    add_session(db, berlin, sam, SOON, time(9, 0))
    url = make_feed(api)
    first = anonymous.get(url)
    assert first.headers["cache-control"] == "private, max-age=300"

    again = anonymous.get(url, headers={"If-None-Match": first.headers["etag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert anonymous.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_a_head_request_gets_the_feeds_headers(
    db: Session, berlin: User, api: TestClient, anonymous: TestClient, sam: Client
) -> None:
    add_session(db, berlin, sam, SOON, time(9, 0))
    url = make_feed(api)
    full = anonymous.get(url)

    head = anonymous.head(url)

    assert head.status_code == 200
    assert head.headers["content-type"] == "text/calendar; charset=utf-8"
    assert head.headers["etag"] == full.headers["etag"]
    assert anonymous.head("/calendar/not-a-token.ics").status_code == 404


def test_replacing_the_address_stops_the_old_one_at_once(
    api: TestClient, anonymous: TestClient
) -> None:
    old = make_feed(api)
    new = make_feed(api)

    assert old != new
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200


def test_turning_the_feed_off_and_unknown_tokens_answer_404(
    api: TestClient, anonymous: TestClient
) -> None:
    url = make_feed(api)
    assert api.delete("/api/v1/me/calendar-feed").status_code == 204

    assert anonymous.get(url).status_code == 404
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404


def test_a_disabled_accounts_feed_answers_404(
    db: Session, coach: User, api: TestClient, anonymous: TestClient
) -> None:
    url = make_feed(api)
    coach.is_active = False
    db.commit()

    assert anonymous.get(url).status_code == 404


def test_only_a_digest_of_the_token_is_stored(db: Session, api: TestClient) -> None:
    url = make_feed(api)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")

    stored = db.scalars(select(CalendarFeed.digest)).all()

    assert len(stored) == 1
    assert token not in stored[0]


def test_a_clients_feed_holds_their_own_sessions_and_due_dates_only(
    db: Session,
    berlin: User,
    sam: Client,
    sam_api: TestClient,
    anonymous: TestClient,
) -> None:
    own = add_session(db, berlin, sam, SOON, time(10, 0), "Ours")
    due = add_commitment(db, berlin, sam, "Send the deck", SOON)
    other = clients.create(db, coach=berlin, fields=ClientCreate(name="Other Client"))
    add_session(db, berlin, other, SOON, time(12, 0))
    add_commitment(db, berlin, other, "Someone else's", SOON)

    calendar = fetch(anonymous, make_feed(sam_api))

    found = events_by_uid(calendar)
    assert set(found) == {f"session-{own.id}@coachboard", f"commitment-{due}@coachboard"}
    assert str(found[f"session-{own.id}@coachboard"]["URL"]).endswith(f"/me#session-{own.id}")
    assert str(calendar["X-WR-CALNAME"]) == "coachboard — Sam Client"


def test_the_feed_reads_in_a_fixed_number_of_statements(
    db: Session,
    engine: Engine,
    berlin: User,
    api: TestClient,
    anonymous: TestClient,
    sam: Client,
) -> None:
    url = make_feed(api)
    add_session(db, berlin, sam, SOON, time(9))
    add_commitment(db, berlin, sam, "One", SOON)
    with count_statements(engine) as small:
        assert anonymous.get(url).status_code == 200
    for offset in range(1, 15):
        add_session(db, berlin, sam, SOON + timedelta(days=offset), time(9))
        add_commitment(db, berlin, sam, f"More {offset}", SOON + timedelta(days=offset))
    with count_statements(engine) as large:
        assert len(fetch(anonymous, url).events) == 30

    assert large.count == small.count == 3


def test_the_feed_is_bounded_in_time_and_in_size(db: Session, berlin: User, sam: Client) -> None:
    today = date(2026, 6, 1)
    window = [
        today - timedelta(days=feeds.DAYS_BEFORE + 1),
        today - timedelta(days=feeds.DAYS_BEFORE),
        today + timedelta(days=feeds.DAYS_AFTER),
        today + timedelta(days=feeds.DAYS_AFTER + 1),
    ]
    for day in window:
        add_session(db, berlin, sam, day)
    # 90 days back and 400 ahead, both ends included; at most 1,000 sessions and 1,000 due dates.
    assert (feeds.DAYS_BEFORE, feeds.DAYS_AFTER) == (90, 400)
    assert (feeds.MAX_SESSIONS, feeds.MAX_DUE_DATES) == (1_000, 1_000)

    feed = feeds.render(db, account=berlin, base_url="http://test", today=today)

    assert sorted(e.start for e in Calendar.from_ical(feed.body).events) == window[1:3]


def test_sessions_across_the_berlin_dst_change_have_their_real_utc_moments(
    db: Session, berlin: User, sam: Client
) -> None:
    before = add_session(db, berlin, sam, date(2026, 3, 28), time(10, 0))
    after = add_session(db, berlin, sam, date(2026, 3, 29), time(10, 0))
    across = add_session(db, berlin, sam, date(2026, 3, 29), time(1, 30))

    feed = feeds.render(db, account=berlin, base_url="http://test", today=date(2026, 3, 1))

    found = events_by_uid(Calendar.from_ical(feed.body))

    def utc(event_id: object, end: bool = False) -> datetime:
        event = found[f"session-{event_id}@coachboard"]
        return (event.end if end else event.start).astimezone(UTC).replace(tzinfo=None)

    assert utc(before.id) == datetime(2026, 3, 28, 9, 0)
    assert utc(after.id) == datetime(2026, 3, 29, 8, 0)
    # 01:30 CET plus 60 minutes is 03:30 CEST: the clock jumped from 02:00 to 03:00.
    assert utc(across.id, end=True) == datetime(2026, 3, 29, 1, 30)
    end = found[f"session-{across.id}@coachboard"].end
    assert (end.hour, end.minute) == (3, 30)


def test_a_session_moved_through_the_service_shows_its_new_date(
    db: Session, berlin: User, api: TestClient, anonymous: TestClient, sam: Client
) -> None:
    coaching_session = add_session(db, berlin, sam, SOON)
    url = make_feed(api)
    sessions.update(
        db,
        coach=berlin,
        session_id=coaching_session.id,
        fields=SessionUpdate(session_date=SOON + timedelta(days=7)),
    )
    db.commit()

    event = events_by_uid(fetch(anonymous, url))[f"session-{coaching_session.id}@coachboard"]

    assert event.start == SOON + timedelta(days=7)
    assert int(event["SEQUENCE"]) == 1


def test_a_clients_tick_raises_the_due_dates_sequence_and_done_leaves(
    db: Session, berlin: User, sam: Client, sam_account: User
) -> None:
    due = add_commitment(db, berlin, sam, "Send the deck", SOON)

    commitments.set_status_by_client(
        db, client_id=sam.id, commitment_id=due, status=CommitmentStatus.done
    )
    db.commit()

    stored = db.get(Commitment, due)
    assert stored is not None and stored.sequence == 1
    feed = feeds.render(db, account=sam_account, base_url="http://test")
    assert Calendar.from_ical(feed.body).events == []
