"""iCalendar events for sessions and commitments' due dates, built with `icalendar`.

One event per record, the same in a feed and in an invitation email: UID from the record's
id, SEQUENCE from its `sequence` (raised whenever what the event shows changes), DTSTAMP from
its updated_at, so the same rows always give the same bytes (the feed's ETag rests on that).
A control character or line break is invalid raw in an iCalendar line, and icalendar writes
most of them as they are: every one in a title, a name, an address or a link becomes a space.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

from coachboard.accounts.time_zones import zone_named
from coachboard.core.models import utcnow
from coachboard.core.schemas import NOT_ONE_LINE
from coachboard.sessions.times import session_span

if TYPE_CHECKING:
    from coachboard.models.sessions import CoachingSession

PRODID = "-//coachboard//calendar//EN"
UNTITLED_SESSION = "Coaching session"


@dataclass(frozen=True)
class SessionEntry:
    """What a session's event shows."""

    id: uuid.UUID
    client_name: str
    title: str
    session_date: date
    start_time: time | None
    duration_minutes: int
    meeting_url: str | None
    sequence: int
    updated_at: datetime  # naive UTC
    zone: ZoneInfo  # the session's own: the start is a wall-clock time there (its TZID)
    # The record's page for whoever reads the calendar (absolute); None: they have no page.
    link: str | None

    @classmethod
    def of(cls, row: "CoachingSession", client_name: str, link: str | None) -> "SessionEntry":
        """A session's event, its start read in the session's own zone."""
        return cls(
            id=row.id,
            client_name=client_name,
            title=row.title,
            session_date=row.session_date,
            start_time=row.start_time,
            duration_minutes=row.duration_minutes,
            meeting_url=row.meeting_url,
            sequence=row.sequence,
            # A session not yet flushed has no updated_at of its own.
            updated_at=row.updated_at or utcnow(),
            zone=zone_named(row.time_zone),
            link=link,
        )


@dataclass(frozen=True)
class CommitmentEntry:
    """What an open commitment's due-date event shows."""

    id: uuid.UUID
    client_name: str
    title: str
    due_date: date
    sequence: int
    updated_at: datetime
    link: str


def session_uid(session_id: uuid.UUID) -> str:
    return f"session-{session_id}@coachboard"


def commitment_uid(commitment_id: uuid.UUID) -> str:
    return f"commitment-{commitment_id}@coachboard"


def session_summary(client_name: str, title: str) -> str:
    return _one_line(f"{client_name} — {title or UNTITLED_SESSION}")


def _one_line(text: str) -> str:
    return NOT_ONE_LINE.sub(" ", text)


def session_event(entry: SessionEntry) -> Event:
    """A timed event with the TZID of the session's zone, or an all-day event (VALUE=DATE)."""
    start: date | datetime = entry.session_date
    end: date | datetime = entry.session_date + timedelta(days=1)
    if entry.start_time is not None:
        span = session_span(
            entry.session_date, entry.start_time, entry.duration_minutes, entry.zone
        )
        start, end = span.start, span.end
    meeting_url = _one_line(entry.meeting_url or "")
    link = _one_line(entry.link or "")
    lines = [f"Join the meeting: {meeting_url}"] if meeting_url else []
    if link:
        lines.append(f"Open in coachboard: {link}")
    return Event.new(
        uid=session_uid(entry.id),
        sequence=entry.sequence,
        stamp=entry.updated_at,
        start=start,
        end=end,
        summary=session_summary(entry.client_name, entry.title),
        description="\n".join(lines) or None,
        # URL points back to the record; a calendar app shows LOCATION as the place to go.
        url=link or None,
        location=meeting_url or None,
    )


def commitment_event(entry: CommitmentEntry) -> Event:
    """An all-day event on the due date."""
    link = _one_line(entry.link)
    return Event.new(
        uid=commitment_uid(entry.id),
        sequence=entry.sequence,
        stamp=entry.updated_at,
        start=entry.due_date,
        end=entry.due_date + timedelta(days=1),
        summary=_one_line(f"{entry.client_name} — {entry.title}"),
        description=f"Due. Open in coachboard: {link}",
        url=link,
    )


def feed(*, owner_id: uuid.UUID, name: str, events: Iterable[Event]) -> bytes:
    """A whole feed: the events and a VTIMEZONE for each zone they use."""
    calendar = Calendar.new(
        prodid=PRODID,
        # A fixed UID: a random one would change the body, and the ETag, on every poll.
        uid=f"feed-{owner_id}@coachboard",
        name=_one_line(f"coachboard — {name}"),
    )
    calendar.add("X-PUBLISHED-TTL", timedelta(hours=1))
    for event in events:
        calendar.add_component(event)
    _add_time_zones(calendar)
    return calendar.to_ical()


def invitation(
    entry: SessionEntry,
    *,
    method: Literal["REQUEST", "CANCEL"],
    organizer: tuple[str, str],
    attendee: tuple[str, str],
) -> str:
    """The iCalendar text of an invitation email (RFC 5546): the feed's event, with METHOD,
    ORGANIZER (the coach) and ATTENDEE (the client), each (name, email)."""
    calendar = Calendar.new(prodid=PRODID, method=method, uid=f"invitation-{entry.id}@coachboard")
    event = session_event(entry)
    event.add("ORGANIZER", _address(*organizer))
    event.add("ATTENDEE", _address(*attendee, role="REQ-PARTICIPANT", rsvp=True))
    event.add("STATUS", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    calendar.add_component(event)
    _add_time_zones(calendar)
    return calendar.to_ical().decode()


def _address(name: str, email: str, *, role: str | None = None, rsvp: bool = False) -> vCalAddress:
    address = vCalAddress(_one_line(f"mailto:{email}"))
    address.params["CN"] = _one_line(name)
    if role:
        address.params["ROLE"] = role
        address.params["RSVP"] = "TRUE" if rsvp else "FALSE"
    return address


def _add_time_zones(calendar: Calendar) -> None:
    # Each VTIMEZONE covers whole years around its events: bounded (not 1970 to 2038), and
    # the same from one day to the next, so a feed's body does not change with the date.
    starts = [event.start for event in calendar.events if isinstance(event.start, datetime)]
    if starts:
        first = min(starts).year
        last = max(starts).year
        calendar.add_missing_timezones(
            first_date=date(first - 1, 1, 1), last_date=date(last + 2, 1, 1)
        )
