"""Every table, imported in one place so the metadata is complete (Alembic, tests)."""

from coachboard.core.models import Base
from coachboard.models.accounts import (
    AccountEvent,
    ApiToken,
    PasswordReset,
    SignInThrottle,
    User,
    UserSession,
)
from coachboard.models.calendar_feeds import CalendarFeed
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.history import HistoryEntry
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.mail import EmailOptOut, OutboxMessage
from coachboard.models.portal import ClientInvitation
from coachboard.models.reflections import CommitmentReflection
from coachboard.models.sessions import CoachingSession
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from coachboard.models.topics import AgendaTopic

__all__ = [
    "AccountEvent",
    "AgendaTopic",
    "ApiToken",
    "Base",
    "CalendarFeed",
    "Client",
    "ClientGoal",
    "ClientInvitation",
    "CoachingSession",
    "Commitment",
    "CommitmentReflection",
    "CommitmentTargetLink",
    "EmailOptOut",
    "HistoryEntry",
    "OutboxMessage",
    "PasswordReset",
    "SignInThrottle",
    "Sprint",
    "Target",
    "TargetGoalLink",
    "TargetSprintLink",
    "User",
    "UserSession",
]
