"""Realistic sample clients, so a new coach has something to look at.

Everything is created through the services, in one transaction, with dates around today:
sprints behind, under way and ahead, commitments due this week, overdue and done. One client
(Priya) carries legacy goal/sprint links in metadata, as migration 014 left them, so the Review
queue has work in it.
"""

import uuid
from datetime import date, timedelta

from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentCreate
from coachboard.core.database import transaction
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalCreate
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.sprints import Sprint
from coachboard.samples.data import END_OF_WEEK, SAMPLE_CLIENTS, Due, SampleClient
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionCreate
from coachboard.sprints import service as sprints
from coachboard.sprints.schemas import SprintCreate
from coachboard.targets import service as targets
from coachboard.targets.schemas import TargetCreate


def add_sample_clients(session: Session, *, coach: User, today: date | None = None) -> list[Client]:
    """The sample clients, each with goals, outcomes, sprints, sessions and commitments."""
    today = today or date.today()
    with transaction(session):
        return [_add(session, coach, sample, today) for sample in SAMPLE_CLIENTS]


def _add(session: Session, coach: User, sample: SampleClient, today: date) -> Client:
    def day(due: Due) -> date | None:
        if due == END_OF_WEEK:
            return today + timedelta(days=6 - today.weekday())
        return today + timedelta(days=due) if isinstance(due, int) else None

    client = clients.create(
        session,
        coach=coach,
        fields=ClientCreate(name=sample.name, email=sample.email, notes=sample.notes),
    )
    ids: dict[str, uuid.UUID] = {}
    for goal in sample.goals:
        fields = GoalCreate(
            title=goal.title,
            status=goal.status,
            target_date=day(goal.in_days),
            description=goal.description,
        )
        ids[goal.key] = goals.create(session, coach=coach, client_id=client.id, fields=fields).id
    for number, plan in enumerate(sample.sprints, start=1):
        start = today + timedelta(days=plan.starts_in)
        fields = SprintCreate(
            title=f"Sprint {number}: {plan.title}",
            status=plan.status,
            start_date=start,
            end_date=start + timedelta(weeks=plan.weeks),
        )
        sprint = sprints.create(session, coach=coach, client_id=client.id, fields=fields)
        ids[plan.key] = sprint.id
        _leave_legacy_links(session, Sprint, sprint.id, goal=ids.get(plan.legacy_goal or ""))
    for sample_target in sample.sample_targets:
        fields = TargetCreate(
            title=sample_target.title,
            status=sample_target.status,
            due_date=day(sample_target.due),
            goal_ids=[ids[key] for key in sample_target.goals],
            sprint_ids=[ids[key] for key in sample_target.sprints],
        )
        ids[sample_target.key] = targets.create(
            session, coach=coach, client_id=client.id, fields=fields
        ).id
    for meeting in sample.meetings:
        fields = SessionCreate(
            title=meeting.title,
            notes=meeting.notes,
            session_date=today - timedelta(days=meeting.days_ago),
        )
        ids[meeting.key] = sessions.create(
            session, coach=coach, client_id=client.id, fields=fields
        ).id
    for task in sample.commitments:
        fields = CommitmentCreate(
            title=task.title,
            status=task.status,
            due_date=day(task.due),
            session_id=ids[task.session] if task.session else None,
            target_ids=[ids[key] for key in task.sample_targets],
        )
        commitment = commitments.create(session, coach=coach, client_id=client.id, fields=fields)
        _leave_legacy_links(
            session,
            Commitment,
            commitment.id,
            goal=ids.get(task.legacy_goal or ""),
            sprint=ids.get(task.legacy_sprint or ""),
        )
    return client


def _leave_legacy_links(
    session: Session,
    model: type[Commitment] | type[Sprint],
    record_id: uuid.UUID,
    *,
    goal: uuid.UUID | None = None,
    sprint: uuid.UUID | None = None,
) -> None:
    """Leave metadata as migration 014 did for a direct goal/sprint link.

    Only that migration ever wrote these keys, so no service offers to; the sample sets them
    on the record the service just created, inside the same transaction.
    """
    legacy = {"legacy_goal_id": goal, "legacy_sprint_id": sprint}
    kept = {key: str(value) for key, value in legacy.items() if value is not None}
    if kept:
        record = session.get_one(model, record_id)
        record.meta = {**record.meta, **kept}
