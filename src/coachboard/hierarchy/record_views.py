"""A record's own read page: its fields, from its concept's service, and its links both ways,
each list bounded (the first SHOWN, and how many in all, the rest being in the filtered tab),
in a fixed number of statements whatever the client's size.

    goal:       its outcomes, and for each of them its first commitments
    outcome:    its goals, its sprints, its commitments
    sprint:     its outcomes, and the goals reached through them
    commitment: its outcomes, the goals and sprints reached through them, its session
"""

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentRead
from coachboard.core.pagination import Page, PageParams
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalRead
from coachboard.hierarchy.record_lists import (
    NONE_LINKED,
    CommitmentItem,
    LinkedRecords,
    RecordList,
    TargetItem,
    commitment_list,
    first_linked,
    reached,
    target_list,
)
from coachboard.hierarchy.schemas import ReadModel
from coachboard.models.accounts import User
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.sessions import CoachingSession
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from coachboard.reflections import service as reflections
from coachboard.reflections.schemas import ReflectionRead
from coachboard.sprints import service as sprints
from coachboard.sprints.schemas import SprintRead
from coachboard.targets import service as targets
from coachboard.targets.schemas import TargetRead

SHOWN = 20  # linked records listed on a record's page
COMMITMENTS_SHOWN = 5  # commitments under each outcome of a goal's page

# A record's page lists finished records too (achieved, done, dropped): they are its history.
EVERY_STATUS = {"show_finished": True}


class GoalView(ReadModel):
    record: GoalRead
    outcomes: RecordList[TargetItem]
    commitments: dict[uuid.UUID, LinkedRecords]  # by outcome

    def commitments_of(self, target_id: uuid.UUID) -> LinkedRecords:
        return self.commitments.get(target_id, NONE_LINKED)


class TargetView(ReadModel):
    record: TargetRead
    goals: LinkedRecords
    sprints: LinkedRecords
    commitments: RecordList[CommitmentItem]


class SprintView(ReadModel):
    record: SprintRead
    outcomes: RecordList[TargetItem]
    goals: LinkedRecords  # reached through its outcomes


class SessionSummary(ReadModel):
    id: uuid.UUID
    session_date: date
    title: str


class CommitmentView(ReadModel):
    record: CommitmentRead
    outcomes: LinkedRecords
    goals: LinkedRecords  # reached through its outcomes
    sprints: LinkedRecords  # reached through its outcomes
    session: SessionSummary | None
    reflections: Page[ReflectionRead]  # the client's latest, newest first, and their total


def _first_page() -> PageParams:
    return PageParams(limit=SHOWN)


def goal_view(
    session: Session, *, coach: User, client_id: uuid.UUID, goal_id: uuid.UUID
) -> GoalView:
    """The goal (NotFound unless it is the coach's, of this client), its first outcomes and
    their first commitments."""
    record = goals.get(session, coach=coach, goal_id=goal_id, client_id=client_id)
    outcomes = target_list(
        session,
        coach=coach,
        client_id=client_id,
        page=_first_page(),
        goal_id=goal_id,
        **EVERY_STATUS,
    )
    target_ids = [item.id for item in outcomes.page.items]
    agreed = first_linked(
        session,
        CommitmentTargetLink,
        "target_id",
        "commitment_id",
        Commitment,
        target_ids,
        cap=COMMITMENTS_SHOWN,
    )
    return GoalView(record=record, outcomes=outcomes, commitments=agreed)


def target_view(
    session: Session, *, coach: User, client_id: uuid.UUID, target_id: uuid.UUID
) -> TargetView:
    """The outcome, its first goals and sprints (in link order) and its first commitments."""
    record = targets.get(session, coach=coach, target_id=target_id, client_id=client_id)
    owner = [record.id]
    goals_of = first_linked(
        session, TargetGoalLink, "target_id", "goal_id", ClientGoal, owner, cap=SHOWN
    )
    sprints_of = first_linked(
        session, TargetSprintLink, "target_id", "sprint_id", Sprint, owner, cap=SHOWN
    )
    agreed = commitment_list(
        session,
        coach=coach,
        client_id=client_id,
        page=_first_page(),
        target_id=record.id,
        **EVERY_STATUS,
    )
    return TargetView(
        record=record,
        goals=goals_of.get(record.id, NONE_LINKED),
        sprints=sprints_of.get(record.id, NONE_LINKED),
        commitments=agreed,
    )


def sprint_view(
    session: Session, *, coach: User, client_id: uuid.UUID, sprint_id: uuid.UUID
) -> SprintView:
    """The sprint, its first outcomes and the first goals they reach."""
    record = sprints.get(session, coach=coach, sprint_id=sprint_id, client_id=client_id)
    outcomes = target_list(
        session,
        coach=coach,
        client_id=client_id,
        page=_first_page(),
        sprint_id=record.id,
        **EVERY_STATUS,
    )
    goals_of = reached(
        session, Sprint, TargetSprintLink.sprint_id, TargetGoalLink, [record.id], cap=SHOWN
    )
    return SprintView(record=record, outcomes=outcomes, goals=goals_of.get(record.id, NONE_LINKED))


def commitment_view(
    session: Session, *, coach: User, client_id: uuid.UUID, commitment_id: uuid.UUID
) -> CommitmentView:
    """The commitment, its first outcomes, the first goals and sprints they reach, the
    session it was agreed in and the client's latest reflections on it."""
    record = commitments.get(session, coach=coach, commitment_id=commitment_id, client_id=client_id)
    owner = [record.id]
    outcomes = first_linked(
        session, CommitmentTargetLink, "commitment_id", "target_id", Target, owner, cap=SHOWN
    )
    via = CommitmentTargetLink.commitment_id
    goals_of = reached(session, Commitment, via, TargetGoalLink, owner, cap=SHOWN)
    sprints_of = reached(session, Commitment, via, TargetSprintLink, owner, cap=SHOWN)
    agreed_in = None
    if record.session_id is not None:
        row = session.execute(
            select(CoachingSession.id, CoachingSession.session_date, CoachingSession.title).where(
                CoachingSession.id == record.session_id,
                CoachingSession.client_id == client_id,
            )
        ).one_or_none()
        agreed_in = SessionSummary(**row._mapping) if row else None
    return CommitmentView(
        record=record,
        outcomes=outcomes.get(record.id, NONE_LINKED),
        goals=goals_of.get(record.id, NONE_LINKED),
        sprints=sprints_of.get(record.id, NONE_LINKED),
        session=agreed_in,
        reflections=reflections.for_commitments(session, owner)[record.id],
    )
