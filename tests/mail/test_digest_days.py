"""The coach's digest comes once per local date, in the morning: across zone changes, on a
worker that was down, on an account's first day; run through `coachboard worker --once --now`
against a real SMTP server, as an operator runs it."""

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.accounts.schemas import CoachUpdate
from coachboard.core.actor import ClientInfo
from coachboard.core.database import transaction
from coachboard.mail import outbox as mail_outbox
from coachboard.mail.planner import DIGEST, plan
from coachboard.models.accounts import User
from coachboard.models.mail import OutboxMessage
from tests.mail.conftest import SmtpServer
from tests.mail.test_worker_processes import one_pass
from tests.mail.week import MADE_AT, berlin_coach, client, commitment, outbox, session_at, utc

WEDNESDAY, THURSDAY, FRIDAY = (
    "Your day, Wednesday 2 December 2026",
    "Your day, Thursday 3 December 2026",
    "Your day, Friday 4 December 2026",
)


def busy_coach(db: Session, time_zone: str, made_at: datetime = MADE_AT) -> User:
    """A coach with an overdue commitment, so that every day's digest has something in it."""
    coach = accounts.create(
        db, email="casey@example.com", name="Casey Coach", password="s3cret-pass-42",
        time_zone=time_zone,
    )  # fmt: skip
    with transaction(db):
        coach.created_at = made_at
    commitment(db, coach, client(db, coach, "Sam Rivera", None), "Old task", date(2026, 11, 30))
    db.commit()
    return coach


def move_to(db: Session, coach: User, time_zone: str) -> None:
    fields = CoachUpdate(time_zone=time_zone)
    accounts.update_profile(db, user=coach, fields=fields, client=ClientInfo())
    db.commit()


def run(database_url: str, smtp_server: SmtpServer, *moments: str) -> list[str]:
    """Worker passes at these moments (UTC); the subjects the coach received, in order."""
    for moment in moments:
        one_pass(database_url, smtp_server.url, datetime.fromisoformat(moment))
    return [str(message["Subject"]) for message in smtp_server.inbox.messages]


def test_one_digest_per_local_date_across_zone_changes(
    database_url: str, db: Session, smtp_server: SmtpServer
) -> None:
    coach = busy_coach(db, "UTC")

    assert run(database_url, smtp_server, "2026-12-02T07:00") == [WEDNESDAY]
    move_to(db, coach, "America/Los_Angeles")
    # 07:00 in Los Angeles, still Wednesday there: that day's digest came already.
    assert run(database_url, smtp_server, "2026-12-02T15:00", "2026-12-02T16:30") == [WEDNESDAY]
    assert run(database_url, smtp_server, "2026-12-03T15:00") == [WEDNESDAY, THURSDAY]
    move_to(db, coach, "Pacific/Auckland")
    # 07:00 in Auckland is already Friday's morning there: a new local date, its own digest.
    assert run(database_url, smtp_server, "2026-12-03T18:00", "2026-12-03T19:00") == [
        WEDNESDAY,
        THURSDAY,
        FRIDAY,
    ]
    move_to(db, coach, "UTC")
    # Friday 07:00 UTC: Friday's digest came at 07:00 in Auckland.
    assert run(database_url, smtp_server, "2026-12-04T07:00") == [WEDNESDAY, THURSDAY, FRIDAY]

    db.expire_all()
    days = db.scalars(select(OutboxMessage.local_date).where(OutboxMessage.kind == DIGEST))
    assert sorted(days) == [date(2026, 12, 2), date(2026, 12, 3), date(2026, 12, 4)]


def test_a_new_account_gets_its_first_digest_the_next_morning(
    database_url: str, db: Session, smtp_server: SmtpServer
) -> None:
    busy_coach(db, "Europe/Berlin", made_at=datetime(2026, 12, 2, 11, 41))  # 12:41 in Berlin

    assert run(database_url, smtp_server, "2026-12-02T11:45", "2026-12-02T17:00") == []
    assert run(database_url, smtp_server, "2026-12-03T06:00") == [THURSDAY]
    text = smtp_server.inbox.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert text.startswith("Good morning Casey Coach,")


def test_an_account_made_before_seven_gets_that_mornings_digest(
    database_url: str, db: Session, smtp_server: SmtpServer
) -> None:
    busy_coach(db, "Europe/Berlin", made_at=datetime(2026, 12, 2, 5, 30))  # 06:30 in Berlin

    assert run(database_url, smtp_server, "2026-12-02T06:00") == [WEDNESDAY]


def test_no_digest_later_than_nine_on_the_coachs_clock(
    database_url: str, db: Session, smtp_server: SmtpServer
) -> None:
    busy_coach(db, "Europe/Berlin")

    # The worker was down from 06:00 to 10:00 Berlin time: no digest that day.
    assert run(database_url, smtp_server, "2026-12-02T05:00", "2026-12-02T09:00") == []
    # 09:00 the next day is still the morning.
    assert run(database_url, smtp_server, "2026-12-03T08:00") == [THURSDAY]


def test_a_second_worker_queueing_the_same_days_digest_adds_nothing(
    db: Session, coach: User
) -> None:
    """Two workers that both found no digest for the day, at moments on either side of a zone
    change: the second insert meets the unique key on (kind, coach, local date), and is
    dropped, not an error."""

    def digest(recipient: str, due_at: datetime) -> mail_outbox.Queued:
        email = mail_outbox.Email(recipient=recipient, subject=WEDNESDAY, text="", html="")
        return mail_outbox.Queued(
            email=email,
            kind=DIGEST,
            record_id=coach.id,
            coach_id=coach.id,
            client_id=None,
            due_at=due_at,
            local_date=date(2026, 12, 2),
        )

    with transaction(db):
        mail_outbox.queue(db, [digest(coach.email, datetime(2026, 12, 2, 7))])
    with transaction(db):
        mail_outbox.queue(db, [digest("new@example.com", datetime(2026, 12, 2, 15))])

    rows = db.execute(select(OutboxMessage.recipient, OutboxMessage.due_at)).all()
    assert [tuple(row) for row in rows] == [(coach.email, datetime(2026, 12, 2, 7))]


def test_a_session_in_another_zone_is_listed_at_its_time_on_the_coachs_clock(
    db: Session,
) -> None:
    coach = berlin_coach(db)
    sam = client(db, coach, "Sam Rivera", None)
    in_new_york = session_at(db, coach, sam, date(2026, 12, 3), time(10, 0), "Quarterly review")
    with transaction(db):
        in_new_york.time_zone = "America/New_York"

    plan(db, utc("2026-12-03T06:00"))

    (digest,) = outbox(db, DIGEST)
    assert "- 16:00 (60 min) Sam Rivera — Quarterly review" in digest.body_text
    assert "16:00 (60 min)" in digest.body_html


def test_a_digest_the_mail_server_held_up_past_nine_is_given_up_not_sent(
    database_url: str, db: Session, smtp_server: SmtpServer
) -> None:
    busy_coach(db, "Europe/Berlin")
    # 07:00 Berlin: queued, but the mail server does not answer.
    one_pass(database_url, "smtp://127.0.0.1:9", datetime(2026, 12, 2, 6))

    # 09:30 Berlin: the server is back, and the morning is over.
    assert run(database_url, smtp_server, "2026-12-02T08:30") == []

    [digest] = outbox(db, DIGEST)
    assert digest.state == "failed"
    assert "out of date" in digest.last_error
