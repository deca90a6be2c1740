"""Every table, imported in one place so the metadata is complete (Alembic, tests)."""

from coachboard.accounts.models import (
    AccountEvent,
    ApiToken,
    PasswordReset,
    SignInThrottle,
    User,
    UserSession,
)
from coachboard.calendar_feeds.models import CalendarFeed
from coachboard.clients.models import Client
from coachboard.commitments.models import Commitment
from coachboard.core.models import Base
from coachboard.goals.models import ClientGoal
from coachboard.history.models import HistoryEntry
from coachboard.links.models import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.mail.models import EmailOptOut, OutboxMessage
from coachboard.portal.models import ClientInvitation
from coachboard.reflections.models import CommitmentReflection
from coachboard.sessions.models import CoachingSession
from coachboard.sprints.models import Sprint
from coachboard.targets.models import Target
from coachboard.topics.models import AgendaTopic

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
