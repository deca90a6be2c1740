"""What happens to a coaching session that others may act on (the client's invitation email):
published by sessions.service, subscribed to by the composition roots (coachboard.listeners)."""

from dataclasses import dataclass
from datetime import date, time

from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.sessions import CoachingSession


@dataclass(frozen=True)
class When:
    """What decides a session's place in a calendar and in an email."""

    session_date: date
    start_time: time | None
    duration_minutes: int
    meeting_url: str | None
    time_zone: str  # of session_date and start_time: another zone is another moment

    @classmethod
    def of(cls, row: CoachingSession) -> "When":
        return cls(
            row.session_date, row.start_time, row.duration_minutes, row.meeting_url, row.time_zone
        )


@dataclass(frozen=True)
class SessionScheduled:
    coach: User
    client: Client
    row: CoachingSession


@dataclass(frozen=True)
class SessionMoved:
    """Its date, time, zone, duration or meeting link changed; `before` is what they were."""

    coach: User
    client: Client
    row: CoachingSession
    before: When


@dataclass(frozen=True)
class SessionCancelled:
    """Published before the row is deleted: `row` still holds what it was."""

    coach: User
    client: Client
    row: CoachingSession
