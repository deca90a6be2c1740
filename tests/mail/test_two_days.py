"""Two days of a Berlin coach's week, run through `coachboard worker --once --now …` against a
real SMTP server: exactly the messages a coach and their clients expect, each once."""

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.core.database import transaction
from coachboard.models.mail import EmailOptOut, OutboxMessage
from tests.mail.conftest import SmtpServer
from tests.mail.test_worker_processes import one_pass
from tests.mail.week import berlin_coach, client, commitment, session_at

# Moments (UTC) a worker passes at; Berlin is UTC+1 in December.
PASSES = [
    "2026-12-02T05:30",  # 06:30 Berlin: nothing yet (Noor's reminder of the 1st is stale)
    "2026-12-02T06:00",  # 07:00: the coach's digest
    "2026-12-02T07:00",  # 08:00: reminders of what is due on the 3rd
    "2026-12-02T09:00",  # 24 h before Sam's session
    "2026-12-02T14:00",  # 24 h before Olu's session: Olu opted out
    "2026-12-03T06:00",  # the second day's digest
    "2026-12-03T07:00",  # 08:00 the day before Noor's all-day session
    "2026-12-03T07:00",  # a second worker at the same moment adds nothing
]

SAM_SESSION = "Your session on Thursday 3 December, 10:00"
NOOR_SESSION = "Your session on Friday 4 December (all day)"
EXPECTED = {
    ("berlin@example.com", "Your day, Wednesday 2 December 2026"),
    ("sam@example.com", "Due tomorrow: Send the deck"),
    ("sam@example.com", SAM_SESSION),
    ("berlin@example.com", "Your day, Thursday 3 December 2026"),
    ("noor@example.com", NOOR_SESSION),
}


def seed(db: Session) -> None:
    coach = berlin_coach(db)
    sam = client(db, coach, "Sam Rivera", "sam@example.com")
    noor = client(db, coach, "Noor Next", "noor@example.com")
    ari = client(db, coach, "Ari Noemail", None)
    olu = client(db, coach, "Olu Opted", "olu@example.com")
    commitment(db, coach, sam, "Old task", date(2026, 11, 30))
    commitment(db, coach, sam, "Send the deck", date(2026, 12, 3))
    commitment(db, coach, noor, "Draft the plan", date(2026, 12, 2))
    commitment(db, coach, ari, "Call the venue", date(2026, 12, 3))
    session_at(db, coach, sam, date(2026, 12, 3), time(10, 0), "Quarterly review")
    session_at(db, coach, olu, date(2026, 12, 3), time(15, 0), "Check-in")
    session_at(db, coach, noor, date(2026, 12, 4), None, "Workshop")
    with transaction(db):
        db.add(EmailOptOut(client_id=olu.id, kind="session_reminder"))


def test_two_days_of_a_coachs_week(database_url: str, db: Session, smtp_server: SmtpServer) -> None:
    seed(db)
    db.commit()
    received_after: list[int] = []
    for moment in PASSES:
        one_pass(database_url, smtp_server.url, datetime.fromisoformat(moment))
        received_after.append(len(smtp_server.inbox.messages))

    received = {(str(m["To"]), str(m["Subject"])) for m in smtp_server.inbox.messages}
    assert received == EXPECTED
    assert len(smtp_server.inbox.messages) == len(EXPECTED)
    assert received_after == [0, 1, 2, 3, 3, 4, 5, 5]

    db.expire_all()
    rows = db.execute(select(OutboxMessage.kind, OutboxMessage.recipient, OutboxMessage.state))
    assert sorted(rows) == sorted(
        [
            ("commitment_reminder", "sam@example.com", "sent"),
            ("daily_digest", "berlin@example.com", "sent"),
            ("daily_digest", "berlin@example.com", "sent"),
            ("session_reminder", "noor@example.com", "sent"),
            ("session_reminder", "sam@example.com", "sent"),
        ]
    )
    db.commit()

    by_subject = {str(m["Subject"]): m for m in smtp_server.inbox.messages}
    second_digest = by_subject["Your day, Thursday 3 December 2026"]
    text = second_digest.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    assert "Overdue:\n- Sam Rivera — Old task" in text
    assert "- Noor Next — Draft the plan (due Wednesday 2 December 2026)" in text
    assert "Due today:\n- Ari Noemail — Call the venue" in text
    assert "- 10:00 (60 min) Sam Rivera — Quarterly review" in text
    assert "- 15:00 (60 min) Olu Opted — Check-in" in text
    assert "List-Unsubscribe" not in second_digest
    reminder = by_subject[SAM_SESSION]
    assert reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/unsubscribe/" in reminder["List-Unsubscribe"]
