"""The portal's bodies: the invitation the coach hands out, and what a client reads of their
own records.

What a client reads is an allow-list: each kind has its own model naming every field a client
may see, built from the coach's read model by those names only. A field added to a coach's
model (or a private one such as a client's or a session's `notes`, or any record's metadata)
reaches no client until it is named here.
"""

import uuid
from datetime import date
from typing import Any, Literal, TypeVar

from pydantic import Field

from coachboard.accounts.schemas import TimeZoneName
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.schemas import InputModel, LinkSummary, OutputModel, UtcDateTime
from coachboard.goals.schemas import GoalStatus
from coachboard.progress.schemas import HealthField, OutcomesAchieved, OutcomesTotal, Progress
from coachboard.reflections.schemas import TEXT_LENGTH as REFLECTION_LENGTH
from coachboard.sessions.schemas import StartTime
from coachboard.sprints.schemas import SprintStatus
from coachboard.targets.schemas import TargetStatus
from coachboard.topics.schemas import TEXT_LENGTH as TOPIC_LENGTH
from coachboard.topics.schemas import TopicPriority
from coachboard.topics.service import MAX_PENDING

PublicT = TypeVar("PublicT", bound=OutputModel)


class InvitationRead(OutputModel):
    """A new invitation: the link to hand to the client (shown once: only its digest is kept)."""

    url: str = Field(description="The one-time join link: /join/<token> on this server.")
    expires_at: UtcDateTime = Field(description="When the link stops working (UTC), 7 days on.")
    email_status: Literal["queued", "not_configured", "unsubscribed"] = Field(
        description="What became of the email to the client carrying the link: queued (it goes "
        "out within a minute); not_configured (queued, but this server sends no email until "
        "COACHBOARD_SMTP_URL is set); unsubscribed (not queued: the client turned portal "
        "invitations off). Unless queued, hand the link over yourself."
    )


EmailKind = Literal["session_invitation", "session_reminder", "commitment_reminder"]


class PortalEmailChoice(OutputModel):
    kind: EmailKind
    name: str = Field(description="The kind in the client's words, as /me shows it.")
    on: bool


class PortalPreferences(OutputModel):
    """What the client sets for themselves: the clock they read times on, and which automated
    emails they get."""

    time_zone: str = Field(description="The IANA zone /me and the client's email show times in.")
    emails: list[PortalEmailChoice]
    coach_emails: bool = Field(
        description='Whether the coach has "Email this client" on: without it no automated '
        "email goes to the client, whatever they choose."
    )


class PortalPreferencesUpdate(InputModel):
    """The choices to change; a field left out, or null, stays as it is."""

    time_zone: TimeZoneName | None = Field(
        default=None,
        description="The clock /me and your email read times on (422 naming `time_zone` for "
        "a zone the server does not know).",
    )
    emails_on: list[EmailKind] | None = Field(
        default=None,
        max_length=3,
        description="The kinds to get; every other automated kind is turned off.",
    )


def public(model: type[PublicT], record: Any, **derived: Any) -> PublicT:
    """The client's view of a coach's read model (or row): only the fields `model` names are
    read from it; `derived` gives those computed for the client (such as overdue)."""
    named = {name: getattr(record, name) for name in model.model_fields if name not in derived}
    return model(**named, **derived)


class PortalGoal(OutputModel):
    """A goal as its client sees it."""

    id: uuid.UUID
    title: str
    description: str
    status: GoalStatus
    target_date: date | None
    progress: Progress
    outcomes_achieved: OutcomesAchieved
    outcomes_total: OutcomesTotal
    health: HealthField
    created_at: UtcDateTime
    updated_at: UtcDateTime


class PortalTarget(OutputModel):
    """An outcome as its client sees it."""

    id: uuid.UUID
    title: str
    description: str
    status: TargetStatus
    due_date: date | None
    goals: list[LinkSummary] = Field(description="Linked goals, in link order.")
    sprints: list[LinkSummary] = Field(description="Linked sprints, in link order.")
    progress: Progress
    created_at: UtcDateTime
    updated_at: UtcDateTime


class PortalSprint(OutputModel):
    """A sprint as its client sees it."""

    id: uuid.UUID
    title: str
    description: str
    status: SprintStatus
    start_date: date
    end_date: date
    targets: list[LinkSummary] = Field(description="The linked outcomes, in link order.")
    goal_ids: list[uuid.UUID] = Field(description="Goals reached through its outcomes.")
    progress: Progress
    outcomes_achieved: OutcomesAchieved
    outcomes_total: OutcomesTotal
    health: HealthField
    created_at: UtcDateTime
    updated_at: UtcDateTime


class PortalCommitment(OutputModel):
    """A commitment as its client sees it, with whether it is overdue."""

    id: uuid.UUID
    session_id: uuid.UUID | None
    title: str
    description: str
    status: CommitmentStatus
    due_date: date | None
    completed_at: UtcDateTime | None
    overdue: bool = Field(description="Open and due before today, in the client's time zone.")
    targets: list[LinkSummary] = Field(description="Linked outcomes, in link order.")
    goal_ids: list[uuid.UUID] = Field(description="Goals reached through its outcomes.")
    sprint_ids: list[uuid.UUID] = Field(description="Sprints reached through its outcomes.")
    created_at: UtcDateTime
    updated_at: UtcDateTime


class PortalSession(OutputModel):
    """A coaching session as its client sees it: its day, title and the notes the coach shares;
    never the coach's private notes."""

    id: uuid.UUID
    session_date: date
    title: str
    shared_notes: str
    start_time: StartTime | None = Field(
        description="When it starts, as HH:MM on the clock of time_zone; null: all day."
    )
    time_zone: str = Field(description="The IANA time zone of its date and start time.")
    duration_minutes: int
    meeting_url: str | None = Field(description="Where to join it online.")
    created_at: UtcDateTime
    updated_at: UtcDateTime


class PortalTopic(OutputModel):
    """One of the client's agenda topics waiting for a session: no author, no session ids
    (where a topic lands is the coach's bookkeeping)."""

    id: uuid.UUID
    text: str
    priority: TopicPriority
    created_at: UtcDateTime


class PortalTopicCreate(InputModel):
    text: str = Field(min_length=1, max_length=TOPIC_LENGTH)
    priority: TopicPriority = TopicPriority.medium


class PortalTopicOrder(InputModel):
    ids: list[uuid.UUID] = Field(
        description="Every one of your waiting topics, each once, in the order you want them.",
        max_length=MAX_PENDING,
    )


class PortalReflection(OutputModel):
    """A reflection the client wrote on one of their commitments: no author id."""

    id: uuid.UUID
    commitment_id: uuid.UUID
    text: str
    created_at: UtcDateTime


class PortalReflectionCreate(InputModel):
    text: str = Field(min_length=1, max_length=REFLECTION_LENGTH)
