"""The export document, version 1: one client and everything recorded for them.

One model serves both ways: the export answers it and the import reads it, so a document one
coachboard writes is exactly what another accepts. Every field is required (no defaults), so the
published schema is the same for reading and writing.

Ids are the exporting database's: they tie the records and links of one document together and
mean nothing anywhere else (an import gives every record a fresh id). Derived figures (an
outcome's commitment counts, kept by triggers) and internal counters (the iCalendar SEQUENCE)
are left out: the importing database works them out again.
"""

import re
import uuid
from datetime import datetime, time
from typing import Annotated, Any, Literal, get_args

import orjson
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic.networks import validate_email
from pydantic_core import PydanticCustomError

from coachboard.clients.schemas import ClientStatus
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.schemas import Day, SingleLine, WithoutNul, as_utc, is_stored
from coachboard.goals.schemas import GoalStatus
from coachboard.mail.optouts import CLIENT_KINDS
from coachboard.reflections.schemas import TEXT_LENGTH as REFLECTION_LENGTH
from coachboard.sessions.schemas import MeetingUrl
from coachboard.sprints.schemas import SprintStatus
from coachboard.targets.schemas import TargetStatus
from coachboard.topics.schemas import TEXT_LENGTH as TOPIC_LENGTH
from coachboard.topics.schemas import TopicPriority, TopicStatus

CLIENT_FORMAT = "coachboard.client"
ACCOUNT_FORMAT = "coachboard.account"
VERSION = 1
# An import's limits: the request body (core.body_limit) and the records of each kind, so that
# one document cannot hold the database's write lock for long.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_RECORDS = 10_000
MAX_METADATA_BYTES = 16 * 1024


def in_utc(value: datetime) -> datetime:
    """A moment in UTC (naive means UTC): as every timestamp column stores it."""
    try:
        return as_utc(value)
    except OverflowError as error:  # "0001-01-01T00:00:00+01:00" falls before year 1 in UTC
        raise ValueError("the moment is out of range in UTC") from error


def without_nul(value: Any) -> Any:
    """Free-form JSON with no NUL in any key or text: PostgreSQL cannot store one."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str) and "\x00" in item:
            raise ValueError("must not contain NUL characters")
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return value


def at_most_metadata_bytes(value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
    """A record's metadata, small: it is read with the record on every page."""
    if not is_stored(info) and len(orjson.dumps(value)) > MAX_METADATA_BYTES:
        raise PydanticCustomError(
            "metadata_too_large",
            "metadata should be at most {limit} bytes as JSON",
            {"limit": MAX_METADATA_BYTES},
        )
    return value


def email_address(value: str, info: ValidationInfo) -> str:
    """One address, as the API's EmailStr reads it (normalised the same way)."""
    if is_stored(info):
        return value
    try:
        return validate_email(value)[1]
    except PydanticCustomError as error:
        raise PydanticCustomError("value_error", "value is not a valid email address") from error


def written_as_text(value: Any) -> Any:
    """A moment comes as ISO 8601 text: pydantic alone would read a number as
    seconds, which the published schema (a string) does not allow."""
    if isinstance(value, str | datetime):
        return value
    raise PydanticCustomError("iso_text", "Input should be ISO 8601 text")


LOCAL_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?")


def a_number(value: Any) -> Any:
    """An integer comes as a JSON number (716.0 is one), never as text or a boolean."""
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def local_time(value: Any) -> Any:
    """A time of day as the column stores it: in the coach's zone, so without an offset (JSON
    Schema's "time" format demands one, hence a pattern of its own)."""
    if isinstance(value, time) and value.tzinfo is None:
        return value
    if isinstance(value, str) and LOCAL_TIME.fullmatch(value):
        return value
    raise PydanticCustomError("time_format", "Input should be a time of day as HH:MM[:SS]")


# A session's start, in the coach's time zone.
LocalTime = Annotated[
    time,
    BeforeValidator(local_time),
    WithJsonSchema({"type": "string", "pattern": f"^{LOCAL_TIME.pattern}$"}),
]


# A moment of the document: answered with its offset ("...Z"), read in any offset.
Moment = Annotated[datetime, BeforeValidator(written_as_text), AfterValidator(in_utc)]
Title = Annotated[SingleLine, Field(min_length=1, max_length=200)]
OptionalTitle = Annotated[SingleLine, Field(max_length=200)]
Metadata = Annotated[
    dict[str, Any],
    AfterValidator(without_nul),
    AfterValidator(at_most_metadata_bytes),
    Field(
        description="Free-form keys, legacy ones (legacy_goal_id, legacy_sprint_id) included;"
        f" at most {MAX_METADATA_BYTES // 1024} KiB as JSON."
    ),
]
OptOutKind = Literal[
    "session_invitation", "session_reminder", "commitment_reminder", "portal_invitation"
]
assert set(get_args(OptOutKind)) == set(CLIENT_KINDS), "the kinds a client may opt out of"


def records(description: str) -> Any:
    """A required list of at most MAX_RECORDS."""
    return Field(max_length=MAX_RECORDS, description=description)


class DocumentModel(WithoutNul):
    """A part of the document: unknown fields refused, text kept exactly as it was written."""

    model_config = ConfigDict(extra="forbid")


class ClientFields(DocumentModel):
    id: uuid.UUID
    name: Title
    email: Annotated[str, Field(max_length=320), AfterValidator(email_address)] | None
    notes: str
    status: ClientStatus
    created_at: Moment
    updated_at: Moment


class GoalRecord(DocumentModel):
    id: uuid.UUID
    title: Title
    description: str
    status: GoalStatus
    target_date: Day | None
    created_at: Moment
    updated_at: Moment


class TargetRecord(DocumentModel):
    """An outcome."""

    id: uuid.UUID
    title: Title
    description: str
    status: TargetStatus
    due_date: Day | None
    metadata: Metadata
    created_at: Moment
    updated_at: Moment


class SprintRecord(DocumentModel):
    id: uuid.UUID
    title: Title
    description: str
    status: SprintStatus
    start_date: Day
    end_date: Day
    metadata: Metadata
    created_at: Moment
    updated_at: Moment


class SessionRecord(DocumentModel):
    id: uuid.UUID
    session_date: Day
    title: OptionalTitle
    notes: str = Field(description="The coach's private notes.")
    shared_notes: str = Field(description="What the client's portal shows.")
    start_time: LocalTime | None = Field(description="In the coach's time zone; null: all day.")
    duration_minutes: Annotated[int, Field(ge=0, le=10_000), BeforeValidator(a_number)]
    meeting_url: MeetingUrl | None
    created_at: Moment
    updated_at: Moment


class CommitmentRecord(DocumentModel):
    id: uuid.UUID
    session_id: uuid.UUID | None = Field(description="A session of this document, or null.")
    title: Title
    description: str
    status: CommitmentStatus
    due_date: Day | None
    completed_at: Moment | None
    status_changed_by_client_at: Moment | None
    metadata: Metadata
    created_at: Moment
    updated_at: Moment


class TargetGoalLinkRecord(DocumentModel):
    target_id: uuid.UUID
    goal_id: uuid.UUID
    created_at: Moment


class TargetSprintLinkRecord(DocumentModel):
    target_id: uuid.UUID
    sprint_id: uuid.UUID
    created_at: Moment


class CommitmentTargetLinkRecord(DocumentModel):
    commitment_id: uuid.UUID
    target_id: uuid.UUID
    created_at: Moment


class Links(DocumentModel):
    """Each junction table's rows in link order: a record's links come in the order listed."""

    target_goals: list[TargetGoalLinkRecord] = records("Outcome ↔ goal links.")
    target_sprints: list[TargetSprintLinkRecord] = records("Outcome ↔ sprint links.")
    commitment_targets: list[CommitmentTargetLinkRecord] = records("Commitment ↔ outcome links.")


class AgendaTopicRecord(DocumentModel):
    id: uuid.UUID
    text: Annotated[str, Field(min_length=1, max_length=TOPIC_LENGTH)]
    priority: TopicPriority
    position: Annotated[int, Field(ge=-(2**31), le=2**31 - 1), BeforeValidator(a_number)]
    status: TopicStatus
    session_id: uuid.UUID | None
    deferred_from_session_id: uuid.UUID | None
    created_at: Moment
    updated_at: Moment


class ReflectionRecord(DocumentModel):
    id: uuid.UUID
    commitment_id: uuid.UUID
    text: Annotated[str, Field(min_length=1, max_length=REFLECTION_LENGTH)]
    created_at: Moment


class EmailOptOutRecord(DocumentModel):
    kind: OptOutKind
    created_at: Moment


RecordKind = Literal["client", "goal", "target", "sprint", "session", "commitment"]
LinkedKind = Literal["goal", "target", "sprint", "commitment"]


class ChangeRecord(DocumentModel):
    """One change (models/history.py). Who made it is kept by name and kind: accounts are not
    exported. A record or link end no longer in the document (deleted) keeps its place by id."""

    at: Moment
    actor_name: Annotated[str, Field(max_length=200)]
    actor_kind: Literal["coach", "client", "operator"]
    action: Literal["created", "updated", "deleted", "linked", "unlinked"]
    record_kind: RecordKind
    record_id: uuid.UUID
    record_title: Annotated[str, Field(max_length=200)]
    changes: Annotated[dict[str, Any], AfterValidator(without_nul)] = Field(
        description="updated: field → [old, new]; created: field → [null, value]; else {}."
    )
    other_kind: LinkedKind | None
    other_id: uuid.UUID | None
    other_title: Annotated[str, Field(max_length=200)] | None

    @model_validator(mode="after")
    def fits_its_action(self, info: ValidationInfo) -> "ChangeRecord":
        """What each action records, as the recorder writes it: a crafted entry that the
        activity feed could not put in words is refused on the way in."""
        if is_stored(info):
            return self
        linking = self.action in ("linked", "unlinked")
        if linking != (self.other_kind is not None and self.other_id is not None):
            raise _unlike_its_action(
                f"a change '{self.action}' names its other end only if linking"
            )
        pairs = all(isinstance(pair, list) and len(pair) == 2 for pair in self.changes.values())
        if self.action in ("created", "updated") and not pairs:
            raise _unlike_its_action("changes should map each field to [old, new]")
        if (self.action == "updated") != bool(self.changes) and self.action != "created":
            raise _unlike_its_action(
                f"a change '{self.action}' lists changed fields only if updated"
            )
        return self


def _unlike_its_action(message: str) -> PydanticCustomError:
    return PydanticCustomError("history_action", message)


class ClientDocument(DocumentModel):
    """One client and everything recorded for them (coachboard.client, version 1)."""

    model_config = ConfigDict(title="coachboard.client v1")

    format: Literal["coachboard.client"]
    version: Literal[1]
    exported_at: Moment
    client: ClientFields
    goals: list[GoalRecord] = records("Long-term goals.")
    targets: list[TargetRecord] = records("Outcomes.")
    sprints: list[SprintRecord] = records("Sprints.")
    sessions: list[SessionRecord] = records("Coaching sessions.")
    commitments: list[CommitmentRecord] = records("Commitments.")
    links: Links
    agenda_topics: list[AgendaTopicRecord] = records("The client's topics.")
    reflections: list[ReflectionRecord] = records("On commitments.")
    email_opt_outs: list[EmailOptOutRecord] = records(
        "Kinds of email the client unsubscribed from."
    )
    history: list[ChangeRecord] = Field(
        max_length=MAX_RECORDS * 10, description="Every recorded change, oldest first."
    )


class CoachFields(DocumentModel):
    name: str
    email: str
    time_zone: str


class AccountDocument(DocumentModel):
    """A coach's whole account: every client (coachboard.account, version 1)."""

    format: Literal["coachboard.account"]
    version: Literal[1]
    exported_at: Moment
    coach: CoachFields
    clients: list[ClientDocument]
