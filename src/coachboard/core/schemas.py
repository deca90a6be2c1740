"""Base classes for request and response bodies."""

import re
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_day(value: Any) -> Any:
    """A day comes as text "YYYY-MM-DD": pydantic alone would read a number as Unix time."""
    if isinstance(value, date) or (isinstance(value, str) and ISO_DAY.fullmatch(value)):
        return value
    raise PydanticCustomError("date_format", "Input should be a date as YYYY-MM-DD")


# What a caller may send through every way in (the API, the forms, an imported document);
# values already stored are read whatever they hold (validated with context STORED: exports).
STORED = {"stored": True}
# Every date a person enters: wider ones broke date arithmetic at the calendar's ends (a session
# at 0001-01-01 00:10 east of UTC) and sat in every digest as overdue for ever.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
# Control characters and line breaks of every kind: an email header refuses them, a calendar
# line cannot hold them, and no title, name or address needs one.
CONTROL_CHARACTERS = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
NOT_ONE_LINE = re.compile(f"[{CONTROL_CHARACTERS}]")
# The same rule as a pattern, for request bodies: pydantic checks it inside the string's own
# schema (so a nullable field keeps its length errors), and the OpenAPI document states it.
ONE_LINE = f"^[^{CONTROL_CHARACTERS}]*$"


def is_stored(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("stored"))


def in_supported_range(value: date, info: ValidationInfo) -> date:
    """A day from FIRST_DAY to LAST_DAY."""
    if not is_stored(info) and not FIRST_DAY <= value <= LAST_DAY:
        raise PydanticCustomError(
            "date_out_of_range",
            "Date should be from {first} to {last}",
            {"first": str(FIRST_DAY), "last": str(LAST_DAY)},
        )
    return value


def one_line(value: str, info: ValidationInfo) -> str:
    """Text without control characters or line breaks (titles, names, addresses)."""
    if not is_stored(info) and NOT_ONE_LINE.search(value):
        raise PydanticCustomError(
            "single_line", "Text should be one line, without control characters"
        )
    return value


# A day in a request (body or query), or in an imported document.
Day = Annotated[date, BeforeValidator(iso_day), AfterValidator(in_supported_range)]
# A title, a name or an address: one line of text.
SingleLine = Annotated[str, AfterValidator(one_line)]


def as_utc(value: datetime) -> datetime:
    """The timestamp with its zone: the database holds naive UTC (core.models.utcnow)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# A timestamp in a response: RFC 3339 with its offset ("...Z"), as OpenAPI's date-time demands.
UtcDateTime = Annotated[datetime, AfterValidator(as_utc)]


class WithoutNul(BaseModel):
    """A model none of whose text fields holds NUL: PostgreSQL text cannot hold one, so every
    backend refuses it alike (request bodies, imported documents)."""

    @field_validator("*", mode="after")
    @classmethod
    def no_nul_characters(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class InputModel(WithoutNul):
    """A request body: unknown fields are refused rather than silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def no_longer_than_allowed_before_trimming(cls, value: Any, info: ValidationInfo) -> Any:
        # Trimming comes before pydantic's own length check, so without this a text one
        # character past maxLength with a space at an end would be accepted: more than the
        # OpenAPI document allows.
        if isinstance(value, str) and info.field_name in cls.model_fields:
            for rule in cls.model_fields[info.field_name].metadata:
                limit = getattr(rule, "max_length", None)
                if limit is not None and len(value) > limit:
                    raise PydanticCustomError(
                        "string_too_long",
                        "String should have at most {max_length} characters",
                        {"max_length": limit},
                    )
        return value

    def changes(self, *, clearable: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The fields the caller sent; null means "unchanged" unless the field is clearable."""
        return {
            name: value
            for name, value in self.model_dump(exclude_unset=True).items()
            if value is not None or name in clearable
        }


class OutputModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class LinkSummary(OutputModel):
    """A linked record (goal, outcome or sprint), enough to name it."""

    id: uuid.UUID
    title: str
