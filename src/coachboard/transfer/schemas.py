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
from datetime import UTC, datetime, time
from typing import Annotated, Any, Literal, get_args, get_origin

import orjson
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic.networks import validate_email
from pydantic_core import PydanticCustomError

from coachboard.accounts.schemas import TimeZoneName
from coachboard.clients.schemas import ClientStatus
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.schemas import (
    FIRST_DAY,
    LAST_DAY,
    Day,
    SingleLine,
    WithoutNul,
    as_utc,
    is_stored,
)
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
FIRST_MOMENT = datetime.combine(FIRST_DAY, time.min, UTC)
LAST_MOMENT = datetime.combine(LAST_DAY, time.max, UTC)


def in_utc(value: datetime) -> datetime:
    """A moment in UTC (naive means UTC): as every timestamp column stores it."""
    try:
        return as_utc(value)
    except OverflowError as error:  # "0001-01-01T00:00:00+01:00" falls before year 1 in UTC
        raise ValueError("the moment is out of range in UTC") from error


def in_supported_days(value: datetime, info: ValidationInfo) -> datetime:
    """A moment on the days a person may enter (core.schemas): one in year 1 or 9999 fell off
    the calendar when a page showed it in the coach's time zone."""
    if not is_stored(info) and not FIRST_MOMENT <= value <= LAST_MOMENT:
        raise PydanticCustomError(
            "date_out_of_range",
            "Moment should be from {first} to {last}",
            {"first": f"{FIRST_DAY}T00:00:00Z", "last": f"{LAST_DAY}T23:59:59.999999Z"},
        )
    return value


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
    """A time of day as the column stores it: on the clock of the session's zone, so without an
    offset (JSON Schema's "time" format demands one, hence a pattern of its own)."""
    if isinstance(value, time) and value.tzinfo is None:
        return value
    if isinstance(value, str) and LOCAL_TIME.fullmatch(value):
        return value
    raise PydanticCustomError("time_format", "Input should be a time of day as HH:MM[:SS]")


# A session's start, on the clock of its time_zone.
LocalTime = Annotated[
    time,
    BeforeValidator(local_time),
    WithJsonSchema({"type": "string", "pattern": f"^{LOCAL_TIME.pattern}$"}),
]


# A moment of the document: answered with its offset ("...Z"), read in any offset.
Moment = Annotated[
    datetime,
    BeforeValidator(written_as_text),
    AfterValidator(in_utc),
    AfterValidator(in_supported_days),
]
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
    may_email: bool = Field(
        default=False,
        description='"Email this client": automated email (reminders, session invitations) '
        "goes to the client. Absent (an export made before it existed): off.",
    )
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
    start_time: LocalTime | None = Field(description="On the clock of time_zone; null: all day.")
    time_zone: TimeZoneName | None = Field(
        default=None,
        description="The IANA time zone of session_date and start_time. Absent or null (an "
        "export made before sessions kept their own zone): the importing coach's zone.",
    )
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


class DocumentInvalid(ValueError):
    """A client document's problems, as pydantic's ValidationError.errors() lists them."""

    def __init__(self, problems: list[Any]) -> None:
        super().__init__(f"{len(problems)} problems in the document")
        self.problems = problems

    def errors(self) -> list[Any]:
        return self.problems


def _list_parts(model: type[DocumentModel]) -> dict[str, tuple[TypeAdapter[Any], int]]:
    """Each list field of the model: an adapter for one of its items, and its most items."""
    return {
        name: (TypeAdapter(get_args(field.annotation)[0]), _max_items(field))
        for name, field in model.model_fields.items()
        if get_origin(field.annotation) is list
    }


def _max_items(field: FieldInfo) -> int:
    return next(rule.max_length for rule in field.metadata if hasattr(rule, "max_length"))


RECORD_PARTS = _list_parts(ClientDocument)
LINK_PARTS = _list_parts(Links)


def validated_document(document: Any) -> ClientDocument:
    """ClientDocument.model_validate(document), but a record at a time: validating a whole
    20 MiB document is one native call that holds the interpreter's lock for a quarter of a
    second, and every other request of the process waits; one record is a few microseconds.
    DocumentInvalid lists every problem, each at its place in the document."""
    if not isinstance(document, dict) or not isinstance(document.get("links"), dict):
        return _whole(document)
    records = {name: document.get(name) for name in RECORD_PARTS}
    links = {name: document["links"].get(name) for name in LINK_PARTS}
    shell = {
        **document,
        **{name: [] for name, items in records.items() if isinstance(items, list)},
        "links": {
            **document["links"],
            **{name: [] for name, items in links.items() if isinstance(items, list)},
        },
    }
    envelope = _whole(shell)
    problems: list[Any] = []
    checked = _checked_parts(records, RECORD_PARTS, (), problems)
    checked_links = _checked_parts(links, LINK_PARTS, ("links",), problems)
    if problems:
        raise DocumentInvalid(problems)
    return envelope.model_copy(
        update={**checked, "links": envelope.links.model_copy(update=checked_links)}
    )


def _whole(document: Any) -> ClientDocument:
    try:
        return ClientDocument.model_validate(document)
    except ValidationError as error:
        raise DocumentInvalid(error.errors()) from None


def _checked_parts(
    parts: dict[str, Any],
    adapters: dict[str, tuple[TypeAdapter[Any], int]],
    at: tuple[str, ...],
    problems: list[Any],
) -> dict[str, list[Any]]:
    checked: dict[str, list[Any]] = {}
    for name, items in parts.items():
        if not isinstance(items, list):
            continue  # the envelope refused it already
        adapter, most = adapters[name]
        if len(items) > most:
            problems.append(_too_many((*at, name), most))
            continue
        checked[name] = []
        for index, item in enumerate(items):
            try:
                checked[name].append(adapter.validate_python(item))
            except ValidationError as error:
                problems.extend(
                    {**found, "loc": (*at, name, index, *found["loc"])} for found in error.errors()
                )
    return checked


def _too_many(location: tuple[str, ...], most: int) -> dict[str, Any]:
    return {
        "type": "too_long",
        "loc": location,
        "msg": f"List should have at most {most} items",
        "input": None,
        "ctx": {"field_type": "List", "max_length": most},
    }
