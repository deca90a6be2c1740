"""Every table, imported in one place so the metadata is complete (Alembic, tests)."""

from coachboard.accounts.models import ApiToken, SignInThrottle, User
from coachboard.clients.models import Client
from coachboard.commitments.models import Commitment, CommitmentTargetLink
from coachboard.core.models import Base
from coachboard.goals.models import ClientGoal
from coachboard.sessions.models import CoachingSession
from coachboard.sprints.models import Sprint
from coachboard.targets.models import Target, TargetGoalLink, TargetSprintLink

__all__ = [
    "ApiToken",
    "Base",
    "Client",
    "ClientGoal",
    "CoachingSession",
    "Commitment",
    "CommitmentTargetLink",
    "SignInThrottle",
    "Sprint",
    "Target",
    "TargetGoalLink",
    "TargetSprintLink",
    "User",
]
