"""The emails a client gets when their coach schedules, moves or cancels a session.

Each answers a sessions event (the composition roots subscribe these functions) and is
queued in the outbox in the transaction of the change (nothing is sent from a
request), rendered now in the client's time zone, with the session's event attached as an
iCalendar invitation: METHOD REQUEST to add or update it, CANCEL to remove it; the same UID
and SEQUENCE as in the calendar feeds, so a calendar holding the event replaces it.

Only sessions still ahead get one: a timed session whose start is to come, an all-day one
whose day has not ended (in the session's zone). A moved or deleted session's queued
reminders are cancelled whatever its date; the planner plans the new one.
"""

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import zone_named
from coachboard.calendar_feeds import events
from coachboard.core.models import utcnow
from coachboard.mail import consent, optouts, outbox
from coachboard.mail.render import link, render
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.sessions import CoachingSession
from coachboard.sessions.events import SessionCancelled, SessionMoved, SessionScheduled, When
from coachboard.sessions.times import describe_session, session_span

KIND = "session_invitation"
REMINDER = "session_reminder"
Change = Literal["scheduled", "moved", "cancelled"]


def scheduled(session: Session, event: SessionScheduled) -> None:
    """A new session: the client is invited when it is still ahead."""
    if _ahead(When.of(event.row)):
        _queue(session, event.coach, event.client, event.row, change="scheduled")


def moved(session: Session, event: SessionMoved) -> None:
    """A session's date, time, zone, duration or meeting link changed: its queued reminders
    are cancelled and, if it was or is now ahead, the client gets the new one."""
    outbox.cancel(session, record_id=event.row.id, kinds=[REMINDER])
    if _ahead(event.before) or _ahead(When.of(event.row)):
        _queue(session, event.coach, event.client, event.row, "moved", before=event.before)


def cancelled(session: Session, event: SessionCancelled) -> None:
    """A session deleted: its reminders are cancelled, and the client told if it was ahead."""
    outbox.cancel(session, record_id=event.row.id, kinds=[REMINDER])
    if _ahead(When.of(event.row)):
        _queue(session, event.coach, event.client, event.row, change="cancelled")


def _ahead(when: When) -> bool:
    zone = zone_named(when.time_zone)
    if when.start_time is None:
        day_ends = datetime.combine(when.session_date + timedelta(days=1), time(), tzinfo=zone)
        return day_ends > datetime.now(UTC)
    start = session_span(when.session_date, when.start_time, when.duration_minutes, zone).start
    return start > datetime.now(UTC)


def _queue(
    session: Session,
    coach: User,
    client: Client,
    row: CoachingSession,
    change: Change,
    before: When | None = None,
) -> None:
    agreed = consent.consent(session, client=client, kind=KIND)
    if not agreed.will_email or agreed.address is None:
        return
    address = agreed.address
    account_zone = session.scalar(
        select(User.time_zone).where(User.client_id == client.id, User.is_active)
    )
    # The client reads times on their own clock when they have an account, else on the
    # session's (the coach's when it was made, or the one they chose for the client).
    shown_in = zone_named(account_zone or row.time_zone)
    when = describe_session(row, shown_in)
    # "It was": only when the client would read another time (not for a new meeting link).
    was = describe_session(before, shown_in) if before is not None else None
    if was == when:
        was = None
    # A client without an account has no page to go back to.
    entry = events.SessionEntry.of(
        row, client.name, link(f"/me#session-{row.id}") if account_zone else None
    )
    if change == "cancelled":
        # A cancellation outranks the last invitation sent, which carried row.sequence.
        entry = replace(entry, sequence=row.sequence + 1)
    calendar = events.invitation(
        entry,
        method="CANCEL" if change == "cancelled" else "REQUEST",
        organizer=(coach.name, coach.email),
        attendee=(client.name, address),
    )
    unsubscribe = optouts.unsubscribe_url(client.id, KIND)
    rendered = render(
        KIND,
        {
            "change": change,
            "client_name": client.name,
            "coach_name": coach.name,
            "title": row.title or events.UNTITLED_SESSION,
            "when": when,
            "was": was,
            "meeting_url": row.meeting_url,
            "portal_url": link("/me") if account_zone else None,
            "unsubscribe_url": unsubscribe,
        },
    )
    email = outbox.Email(
        recipient=address,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        calendar=calendar,
        unsubscribe_url=unsubscribe,
    )
    outbox.queue(
        session,
        [
            outbox.Queued(
                email=email,
                kind=KIND,
                record_id=row.id,
                coach_id=coach.id,
                client_id=client.id,
                due_at=utcnow(),
            )
        ],
    )
