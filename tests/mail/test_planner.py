"""The planner queues each scheduled message once, at its moment in the recipient's zone."""

from datetime import date, time

from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.accounts.schemas import CoachUpdate
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentStatus, CommitmentUpdate
from coachboard.core.actor import ClientInfo
from coachboard.core.database import transaction
from coachboard.mail import outbox as mail_outbox
from coachboard.mail.planner import plan
from coachboard.models.accounts import User
from coachboard.models.mail import EmailOptOut
from tests.mail.week import (
    berlin_coach,
    client,
    commitment,
    move_commitment,
    outbox,
    session_at,
    utc,
)
from tests.querycount import count_statements

WINTER_DAY = date(2026, 12, 2)  # Berlin is UTC+1
SUMMER_DAY = date(2026, 7, 1)  # Berlin is UTC+2


def test_the_digest_comes_at_seven_berlin_time_in_winter_and_summer(db: Session) -> None:
    coach = berlin_coach(db)
    sam = client(db, coach, "Sam Rivera", None)
    commitment(db, coach, sam, "Send the deck", WINTER_DAY)
    commitment(db, coach, sam, "Book the venue", date(2026, 11, 20))
    session_at(db, coach, sam, WINTER_DAY, time(14, 30), "Quarterly review")
    commitment(db, coach, sam, "Summer plan", SUMMER_DAY)

    plan(db, utc("2026-12-02T05:59:00"))
    assert outbox(db, "daily_digest") == []
    plan(db, utc("2026-12-02T06:00:00"))
    plan(db, utc("2026-07-01T05:00:00"))

    summer, winter = outbox(db, "daily_digest")
    assert (summer.due_at, winter.due_at) == (utc("2026-07-01T05:00"), utc("2026-12-02T06:00"))
    assert winter.recipient == "berlin@example.com"
    assert winter.record_id == coach.id and winter.unsubscribe_url is None
    assert winter.subject == "Your day, Wednesday 2 December 2026"
    overdue, due_today, sessions = winter.body_text.split("\n\n")[1:4]
    assert overdue.startswith("Overdue:\n- Sam Rivera — Summer plan (due Wednesday 1 July 2026)")
    assert "- Sam Rivera — Book the venue (due Friday 20 November 2026)" in overdue
    assert due_today.startswith("Due today:\n- Sam Rivera — Send the deck")
    assert sessions.startswith("Today's sessions:\n- 14:30 (60 min) Sam Rivera — Quarterly review")
    assert "Summer plan" in summer.body_text and "Send the deck" not in summer.body_text
    assert "Quarterly review" in winter.body_html


def turn_digest(db: Session, coach: User, *, on: bool) -> None:
    fields = CoachUpdate(daily_digest=on)
    accounts.update_profile(db, user=coach, fields=fields, client=ClientInfo())


def test_no_digest_on_an_empty_day_nor_when_turned_off_nor_days_late(db: Session) -> None:
    busy = berlin_coach(db)
    idle = berlin_coach(db, email="idle@example.com")
    commitment(db, busy, client(db, busy, "Sam Rivera", None), "Send the deck", WINTER_DAY)

    plan(db, utc("2026-12-02T08:01:00"))  # 09:01 in Berlin: the digest of the 2nd is stale
    assert outbox(db, "daily_digest") == []
    turn_digest(db, busy, on=False)
    plan(db, utc("2026-12-02T06:00:00"))
    assert outbox(db, "daily_digest") == []
    assert idle.daily_digest

    turn_digest(db, busy, on=True)
    plan(db, utc("2026-12-02T08:00:00"))  # 09:00 in Berlin: late, still the morning
    assert [m.recipient for m in outbox(db, "daily_digest")] == ["berlin@example.com"]


def test_a_commitment_reminder_comes_at_eight_the_day_before_once_per_due_date(
    db: Session,
) -> None:
    coach = berlin_coach(db)
    sam = client(db, coach, "Sam Rivera", "sam@example.com")
    deck = commitment(db, coach, sam, "Send the deck", WINTER_DAY)

    plan(db, utc("2026-12-01T06:59:00"))
    assert outbox(db, "commitment_reminder") == []
    plan(db, utc("2026-12-01T07:00:00"))  # 08:00 in Berlin on the 1st
    plan(db, utc("2026-12-01T07:30:00"))
    (reminder,) = outbox(db, "commitment_reminder")
    assert (reminder.recipient, reminder.record_id) == ("sam@example.com", deck)
    assert reminder.subject == "Due tomorrow: Send the deck"
    assert "Wednesday 2 December 2026" in reminder.body_text
    assert f"Unsubscribe: {reminder.unsubscribe_url}" in reminder.body_text
    assert reminder.unsubscribe_url in reminder.body_html

    move_commitment(db, coach, deck, date(2026, 12, 4))
    plan(db, utc("2026-12-03T07:00:00"))
    assert [m.due_at for m in outbox(db, "commitment_reminder")] == [
        utc("2026-12-01T07:00"),
        utc("2026-12-03T07:00"),
    ]


def test_a_client_account_gets_reminders_in_its_own_zone(db: Session) -> None:
    coach = berlin_coach(db)
    sam = client(db, coach, "Sam Rivera", "sam@example.com")
    from tests.portal.accounts import join

    account = join(db, coach, sam.id)
    with transaction(db):
        account.time_zone = "America/New_York"
    commitment(db, coach, sam, "Send the deck", WINTER_DAY)

    plan(db, utc("2026-12-01T12:59:00"))
    assert outbox(db, "commitment_reminder") == []
    plan(db, utc("2026-12-01T13:00:00"))  # 08:00 in New York
    assert [m.recipient for m in outbox(db, "commitment_reminder")] == ["sam@example.com"]


def test_no_reminder_when_done_opted_out_without_email_or_archived(db: Session) -> None:
    coach = berlin_coach(db)
    done = client(db, coach, "Dana Done", "dana@example.com")
    opted = client(db, coach, "Olu Opted", "olu@example.com")
    silent = client(db, coach, "Nia Noemail", None)
    archived = client(db, coach, "Ari Archived", "ari@example.com")
    finished = commitment(db, coach, done, "Done already", WINTER_DAY)
    commitments.update(
        db,
        coach=coach,
        commitment_id=finished,
        fields=CommitmentUpdate(status=CommitmentStatus.done),
    )
    commitment(db, coach, opted, "Opted out", WINTER_DAY)
    commitment(db, coach, silent, "No email", WINTER_DAY)
    commitment(db, coach, archived, "Archived", WINTER_DAY)
    with transaction(db):
        db.add(EmailOptOut(client_id=opted.id, kind="commitment_reminder"))
        archived.status = "archived"

    plan(db, utc("2026-12-01T07:00:00"))
    assert outbox(db, "commitment_reminder") == []


def test_a_session_reminder_comes_24_hours_before(db: Session) -> None:
    coach = berlin_coach(db)
    sam = client(db, coach, "Sam Rivera", "sam@example.com")
    timed = session_at(db, coach, sam, WINTER_DAY, time(14, 30), "Quarterly review")
    all_day = session_at(db, coach, sam, date(2026, 12, 3), None, "Workshop")

    plan(db, utc("2026-12-01T13:29:00"))
    assert outbox(db, "session_reminder") == []
    plan(db, utc("2026-12-01T13:30:00"))
    (reminder,) = outbox(db, "session_reminder")
    assert reminder.record_id == timed.id
    assert reminder.subject == "Your session on Wednesday 2 December, 14:30"
    assert "Wednesday 2 December 2026, 14:30 (Europe/Berlin)" in reminder.body_text
    assert reminder.unsubscribe_url and reminder.unsubscribe_url in reminder.body_text

    plan(db, utc("2026-12-02T07:00:00"))  # 08:00 Berlin the day before the all-day one
    assert [m.record_id for m in outbox(db, "session_reminder")] == [timed.id, all_day.id]


def test_a_reminder_cancelled_by_a_move_comes_back_when_the_session_does(db: Session) -> None:
    coach = berlin_coach(db)
    sam = client(db, coach, "Sam Rivera", "sam@example.com")
    timed = session_at(db, coach, sam, WINTER_DAY, time(14, 30))
    plan(db, utc("2026-12-01T13:30:00"))
    with transaction(db):
        mail_outbox.cancel(db, record_id=timed.id, kinds=["session_reminder"])
    assert [m.state for m in outbox(db, "session_reminder")] == ["cancelled"]

    plan(db, utc("2026-12-01T13:31:00"))
    assert [m.state for m in outbox(db, "session_reminder")] == ["queued"]


def test_a_second_pass_plans_nothing_more(db: Session) -> None:
    coach = berlin_coach(db)
    sam = client(db, coach, "Sam Rivera", "sam@example.com")
    commitment(db, coach, sam, "Send the deck", date(2026, 12, 1))
    commitment(db, coach, sam, "Call the venue", WINTER_DAY)
    session_at(db, coach, sam, WINTER_DAY, time(7, 30))
    plan(db, utc("2026-12-01T07:00:00"))
    first = [(m.kind, m.id) for m in outbox(db)]
    assert sorted(kind for kind, _ in first) == [
        "commitment_reminder",
        "daily_digest",
        "session_reminder",
    ]
    plan(db, utc("2026-12-01T07:00:00"))
    assert [(m.kind, m.id) for m in outbox(db)] == first


def busy_coaches(db: Session, count: int, offset: int = 0) -> list[User]:
    made = []
    for n in range(offset, offset + count):
        coach = berlin_coach(db, email=f"coach{n}@example.com")
        sam = client(db, coach, f"Sam {n}", f"sam{n}@example.com")
        commitment(db, coach, sam, "Send the deck", WINTER_DAY)
        commitment(db, coach, sam, "Book the venue", date(2026, 12, 3))
        session_at(db, coach, sam, WINTER_DAY, time(16, 0))
        session_at(db, coach, sam, date(2026, 12, 3), time(8, 0))
        made.append(coach)
    return made


def test_a_pass_runs_the_same_statements_for_one_coach_or_many(db: Session) -> None:
    engine = db.get_bind()
    busy_coaches(db, 1)
    db.commit()
    with count_statements(engine) as one:
        plan(db, utc("2026-12-02T07:00:00"))
    busy_coaches(db, 4, offset=1)
    db.commit()
    with count_statements(engine) as five:
        plan(db, utc("2026-12-02T07:05:00"))
    for kind in ("daily_digest", "commitment_reminder", "session_reminder"):
        assert len(outbox(db, kind)) == 5
    assert five.count == one.count
