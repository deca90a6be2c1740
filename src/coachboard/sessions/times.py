"""When a session happens: its day and wall-clock start in the session's own time zone, made
into real moments.

A session's start is what the coach typed: a wall-clock time on session_date in the session's
zone (CoachingSession.time_zone: the coach's when it was made, unless they chose another), so
changing the coach's zone moves no session. Its duration is elapsed time, so across a
daylight-saving change the end's wall-clock time moves with it (Europe/Berlin, 2026-03-29:
01:30 + 60 minutes ends 03:30).

A wall-clock time the zone skips (02:30 that day in Berlin) is read with zoneinfo's fold=0,
the offset in force before the change: it is the moment 03:30 local. A time the zone repeats
(02:30 on 2026-10-25 in Berlin) is, with fold=0, the first of the two: summer time.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from coachboard.accounts.time_zones import zone_named


class Timed(Protocol):
    """A session's when, wherever it is read from: a row, a read model, sessions.events.When."""

    @property
    def session_date(self) -> date: ...

    @property
    def start_time(self) -> time | None: ...

    @property
    def duration_minutes(self) -> int: ...

    @property
    def time_zone(self) -> str: ...


@dataclass(frozen=True)
class Span:
    """A timed session's start and end, aware, in the session's zone."""

    start: datetime
    end: datetime


def session_span(day: date, start_time: time, duration_minutes: int, zone: ZoneInfo) -> Span:
    """The aware start and end of a session starting at start_time (wall clock in zone) on day
    and lasting duration_minutes of elapsed time."""
    local = datetime.combine(day, start_time, tzinfo=zone)
    duration = timedelta(minutes=duration_minutes)
    try:
        # Through UTC: a skipped wall-clock time becomes the real local time it stands for,
        # and the duration is added as elapsed time, not as wall-clock time.
        start = local.astimezone(UTC)
        return Span(start=start.astimezone(zone), end=(start + duration).astimezone(zone))
    except OverflowError:
        # Only a day stored before input kept to 1900-2999, at the very ends of the calendar
        # (0001-01-01 00:10 east of UTC is in year 0 in UTC): read it on the wall clock.
        return Span(start=local, end=local + duration if day < date.max else local)


def describe(
    day: date,
    start_time: time | None,
    duration_minutes: int,
    zone: ZoneInfo,
    shown_in: ZoneInfo | None = None,
) -> str:
    """The session's when, as a person reads it: "Tue 3 Mar 2026, 10:00 to 11:00" with an en
    dash and the zone's name in brackets, or "Tue 3 Mar 2026 (all day)". The start is a wall
    clock time in zone; shown_in (default: zone) is the clock the reader reads it on."""
    if start_time is None:
        return f"{_day(day)} (all day)"
    shown_in = shown_in or zone
    span = session_span(day, start_time, duration_minutes, zone)
    start, end = span.start.astimezone(shown_in), span.end.astimezone(shown_in)
    until = f"{end:%H:%M}"
    if end.date() != start.date():
        until = f"{_day(end.date())}, {until}"
    return f"{_day(start.date())}, {start:%H:%M}\u2013{until} ({shown_in.key})"


def describe_session(session: Timed, shown_in: ZoneInfo | None = None) -> str:
    """describe() of a session, its start read in its own zone; shown_in: the reader's clock
    (default: the session's zone)."""
    return describe(
        session.session_date,
        session.start_time,
        session.duration_minutes,
        zone_named(session.time_zone),
        shown_in,
    )


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"
