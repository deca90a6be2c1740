"""The client's own page (/me) as one read model: goals → outcomes → commitments, the outcomes
and commitments no goal reaches, sprints, sessions, the topics waiting for the next session and
the reflections on each commitment. A bounded read: each kind's first page
(a fixed number of statements whatever the client holds), with how many more there are."""

import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from coachboard.core.database import transaction
from coachboard.core.pagination import MAX_LIMIT, PageParams
from coachboard.portal import service
from coachboard.portal.schemas import (
    PortalCommitment,
    PortalGoal,
    PortalReflection,
    PortalSession,
    PortalSprint,
    PortalTarget,
    PortalTopic,
)
from coachboard.portal.service import Scope
from coachboard.sessions.times import describe_session

# Each kind's first page on the page; past it, the page says how many it leaves out.
SHOWN = PageParams(limit=MAX_LIMIT, offset=0)
SESSIONS_SHOWN = PageParams(limit=20, offset=0)


@dataclass(frozen=True)
class OutcomeBlock:
    target: PortalTarget
    commitments: list[PortalCommitment]


@dataclass(frozen=True)
class GoalBlock:
    goal: PortalGoal
    outcomes: list[OutcomeBlock]


@dataclass(frozen=True)
class MePage:
    """What /me shows a client (or their coach's preview of it)."""

    client_name: str
    coach_name: str
    goals: list[GoalBlock]
    # Outcomes linked to no goal shown, and commitments linked to no outcome shown.
    other_outcomes: list[OutcomeBlock]
    other_commitments: list[PortalCommitment]
    sprints: list[PortalSprint]
    sessions: list[PortalSession]
    # Each shown session's day and time in words, on the reader's clock.
    session_times: dict[uuid.UUID, str]
    # The client's topics waiting for a session, in their order.
    topics: list[PortalTopic]
    # Each shown commitment's latest reflections, newest first.
    reflections: dict[uuid.UUID, list[PortalReflection]]
    # How many records of every kind are not shown (past each kind's first page).
    left_out: int

    @property
    def overdue(self) -> int:
        return sum(1 for commitment in self._commitments() if commitment.overdue)

    def _commitments(self) -> list[PortalCommitment]:
        blocks = [o for g in self.goals for o in g.outcomes] + self.other_outcomes
        seen = {c.id: c for block in blocks for c in block.commitments}
        seen.update({c.id: c for c in self.other_commitments})
        return list(seen.values())


def me_page(session: Session, *, scope: Scope) -> MePage:
    """The client's page, in a fixed number of statements."""
    with transaction(session):
        goals, goal_total = service.get_goals(session, scope=scope, page=SHOWN)
        targets, target_total = service.get_targets(session, scope=scope, page=SHOWN)
        commitments, commitment_total = service.get_commitments(session, scope=scope, page=SHOWN)
        sprints, sprint_total = service.get_sprints(session, scope=scope, page=SHOWN)
        sessions, session_total = service.get_sessions(session, scope=scope, page=SESSIONS_SHOWN)
        topics = service.get_topics(session, client_id=scope.client_id)
        reflections = service.reflections_of(session, [c.id for c in commitments])
    of_target: dict[uuid.UUID, list[PortalCommitment]] = defaultdict(list)
    for commitment in commitments:
        for target in commitment.targets:
            of_target[target.id].append(commitment)
    blocks = {target.id: OutcomeBlock(target, of_target[target.id]) for target in targets}
    of_goal: dict[uuid.UUID, list[OutcomeBlock]] = defaultdict(list)
    for target in targets:
        for goal in target.goals:
            of_goal[goal.id].append(blocks[target.id])
    goal_ids = {goal.id for goal in goals}
    shown = [len(goals), len(targets), len(commitments), len(sprints), len(sessions)]
    totals = [goal_total, target_total, commitment_total, sprint_total, session_total]
    return MePage(
        client_name=scope.client_name,
        coach_name=scope.coach.name,
        goals=[GoalBlock(goal, of_goal[goal.id]) for goal in goals],
        other_outcomes=[
            blocks[t.id] for t in targets if not any(g.id in goal_ids for g in t.goals)
        ],
        other_commitments=[c for c in commitments if not any(t.id in blocks for t in c.targets)],
        sprints=sprints,
        sessions=sessions,
        session_times={
            shown_session.id: describe_session(shown_session, scope.zone)
            for shown_session in sessions
        },
        topics=topics,
        reflections=reflections,
        left_out=sum(totals) - sum(shown),
    )
