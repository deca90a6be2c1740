"""A client with records of every kind and every field an export carries, built through the
services as a coach's and a client's requests would, for the export and import tests."""

import uuid
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentStatus, CommitmentUpdate
from coachboard.core.database import transaction
from coachboard.models.accounts import User
from coachboard.models.mail import EmailOptOut
from coachboard.models.sessions import CoachingSession
from tests.client_writes import Topics, marked_by_client, reflected
from tests.commitments.records import Records


@dataclass(frozen=True)
class Built:
    client_id: uuid.UUID
    goal_ids: tuple[uuid.UUID, ...]
    target_ids: tuple[uuid.UUID, ...]
    sprint_ids: tuple[uuid.UUID, ...]
    session_id: uuid.UUID
    commitment_ids: tuple[uuid.UUID, ...]


def rich_client(db: Session, coach: User, name: str = "Zoë Ångström") -> Built:
    """Two goals, two sprints, three outcomes linked many-to-many and not in creation order,
    a timed online session, a commitment done by the coach, one the client ticked, one with
    legacy metadata, a topic, a reflection and an opt-out; titles in several scripts."""
    records = Records(db, coach)
    client = records.client(name)
    health = records.goal(client, "Santé ❤ и здоровье")
    career = records.goal(client, "Career 仕事")
    base = records.sprint(client, "Base weeks")
    peak = records.sprint(client, "Peak weeks")
    # Linked in the order given, the later goal first: link order is not creation order.
    run = records.target(client, "Run 10 km", goals=[career, health], sprints=[peak, base])
    sleep = records.target(client, "Sleep 8 h", goals=[health])
    talk = records.target(client, "=Give the talk", goals=[career], sprints=[peak])
    weekly = records.session(client, title="Weekly check-in")
    with transaction(db):
        stored = db.get_one(CoachingSession, weekly.id)
        stored.start_time = time(9, 30)
        stored.duration_minutes = 45
        stored.meeting_url = "https://meet.example.com/zo%C3%AB?room=1"
        stored.shared_notes = "Shared ✓"
        stored.notes = "Private"
    laps = records.commitment(client, "Laps", targets=[run, sleep], session_id=weekly.id)
    slides = records.commitment(client, "Slides", targets=[talk, run])
    old = records.commitment(client, "From the old system", targets=[sleep])
    commitments.update(
        db,
        coach=coach,
        commitment_id=laps.id,
        fields=CommitmentUpdate(status=CommitmentStatus.done),
    )
    marked_by_client(db, client, slides, "done", at=datetime(2026, 3, 4, 18, 5, 7, 123456))
    records.legacy_meta(old, legacy_goal_id=str(health.id), source="import", n=[1, {"a": None}])
    records.legacy_meta(peak, legacy_goal_id=str(uuid.uuid4()), note="ünïcode")
    Topics(db, client).add("Sore knees", datetime(2026, 2, 1, 9), priority="high")
    reflected(db, slides, "Went well 👍", at=datetime(2026, 3, 5, 8))
    with transaction(db):
        # No service writes an opt-out yet (the one-click link will): the row it will write.
        db.add(EmailOptOut(client_id=client.id, kind="session_reminder"))
    return Built(
        client_id=client.id,
        goal_ids=(health.id, career.id),
        target_ids=(run.id, sleep.id, talk.id),
        sprint_ids=(base.id, peak.id),
        session_id=weekly.id,
        commitment_ids=(laps.id, slides.id, old.id),
    )
