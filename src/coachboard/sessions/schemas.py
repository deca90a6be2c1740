import re
import uuid
from datetime import date, time
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from coachboard.accounts.schemas import TimeZoneName
from coachboard.core.schemas import (
    ONE_LINE,
    Day,
    InputModel,
    LinkSummary,
    OutputModel,
    UtcDateTime,
    is_stored,
)
from coachboard.models.sessions import CoachingSession

PRIVATE_NOTES = "Private: only the coach sees these, never the client."
SHARED_NOTES = "Shared with the client: their portal shows these."
START_TIME = "When it starts, as HH:MM on the wall clock of its time_zone; null: all day."
TIME_ZONE = (
    "The IANA time zone of its date and start time, such as Europe/Berlin (422 naming "
    "`time_zone` when the server does not know it). Changing the coach's zone moves no session."
)
DURATION = "How long it lasts, in minutes (5 to 1440)."
MEETING_URL = "Where to join it online: an http or https address."

# The OpenAPI document states both rules as patterns, exactly as they are checked here.
HH_MM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
# A web address: http or https, a host name or IPv4 address, perhaps a port, then printable
# ASCII (a browser sends other characters percent-encoded). No user name and password: a
# link with them is usually a trick.
WEB_ADDRESS = r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:[/?#][!-~]*)?$"


def hh_mm(value: Any) -> Any:
    """A start time comes as "HH:MM": seconds or a number of seconds would be a guess."""
    if isinstance(value, time) or (isinstance(value, str) and re.match(HH_MM, value)):
        return value
    raise PydanticCustomError("time_format", "Input should be a time as HH:MM")


def web_address(value: Any, info: ValidationInfo) -> Any:
    """Only a link a browser opens as a web page: no javascript:, no mailto:, no spaces."""
    if isinstance(value, str) and (is_stored(info) or re.match(WEB_ADDRESS, value)):
        return value
    raise PydanticCustomError(
        "url_scheme", "Input should be an http or https address, like https://meet.example.com/abc"
    )


StartTime = Annotated[
    time,
    BeforeValidator(hh_mm),
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": HH_MM, "examples": ["10:00"]}),
]
MeetingUrl = Annotated[
    str,
    BeforeValidator(web_address),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": 500,
            "pattern": WEB_ADDRESS,
            "examples": ["https://meet.example.com/abc"],
        }
    ),
    Field(max_length=500),
]
Duration = Annotated[int, Field(ge=5, le=1440, description=DURATION)]


class SessionCreate(InputModel):
    session_date: Day
    title: str = Field(default="", max_length=200, pattern=ONE_LINE)
    notes: str = Field(default="", max_length=20_000, description=PRIVATE_NOTES)
    shared_notes: str = Field(default="", max_length=20_000, description=SHARED_NOTES)
    start_time: StartTime | None = Field(default=None, description=START_TIME)
    time_zone: TimeZoneName | None = Field(
        default=None, description=TIME_ZONE + " Absent or null: the coach's zone now."
    )
    duration_minutes: Duration = 60
    meeting_url: MeetingUrl | None = Field(default=None, description=MEETING_URL)


class SessionUpdate(InputModel):
    session_date: Day | None = None
    title: str | None = Field(default=None, max_length=200, pattern=ONE_LINE)
    notes: str | None = Field(default=None, max_length=20_000, description=PRIVATE_NOTES)
    shared_notes: str | None = Field(default=None, max_length=20_000, description=SHARED_NOTES)
    start_time: StartTime | None = Field(
        default=None, description=START_TIME + " Absent: unchanged; null: all day."
    )
    time_zone: TimeZoneName | None = Field(
        default=None,
        description=TIME_ZONE + " Another zone is a move: the client is told, as for a new time. "
        "Absent or null: unchanged.",
    )
    duration_minutes: Duration | None = None
    meeting_url: MeetingUrl | None = Field(
        default=None, description=MEETING_URL + " Absent: unchanged; null: none."
    )


class SessionRead(OutputModel):
    id: uuid.UUID
    client_id: uuid.UUID
    session_date: date
    title: str
    notes: str = Field(description=PRIVATE_NOTES)
    shared_notes: str = Field(description=SHARED_NOTES)
    start_time: StartTime | None = Field(description=START_TIME)
    time_zone: str = Field(description=TIME_ZONE)
    duration_minutes: int = Field(description=DURATION)
    meeting_url: str | None = Field(description=MEETING_URL)
    commitment_ids: list[uuid.UUID] = Field(
        description="Commitments agreed in this session, in the commitment list's order."
    )
    created_at: UtcDateTime
    updated_at: UtcDateTime

    @classmethod
    def of(
        cls, coaching_session: CoachingSession, commitment_ids: list[uuid.UUID]
    ) -> "SessionRead":
        """The response for a session and the ids of the commitments agreed in it."""
        fields = {
            name: getattr(coaching_session, name)
            for name in cls.model_fields
            if name != "commitment_ids"
        }
        return cls.model_validate({**fields, "commitment_ids": commitment_ids})


class SessionSummary(OutputModel):
    """A session, enough to name it."""

    id: uuid.UUID
    session_date: date
    title: str


class EarlierCommitment(OutputModel):
    """A commitment still open that was made before a session (see SessionDetail)."""

    id: uuid.UUID
    title: str
    status: str = Field(description="Always open: the review lists open commitments only.")
    due_date: date | None
    overdue: bool = Field(description="Due before today, in the coach's time zone.")
    session: SessionSummary | None = Field(
        description="The earlier session it was agreed in; null when it was made outside one."
    )
    targets: list[LinkSummary] = Field(description="Its first outcomes (at most 5), in link order.")
    target_count: int = Field(description="How many outcomes it links to in all.")


class SessionDetail(SessionRead):
    open_from_earlier: list[EarlierCommitment] = Field(
        description="The client's commitments still open that were made earlier: agreed in a "
        "session dated before this one, or made outside any session before this session's day "
        "began (in the coach's time zone). Oldest due date first, undated last, then oldest "
        "made; at most 20 (open_from_earlier_total counts them all)."
    )
    open_from_earlier_total: int
