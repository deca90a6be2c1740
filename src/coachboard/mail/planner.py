"""The scheduled messages, queued when their moment comes: the coach's daily digest, a client's
reminder the day before a commitment is due, and a client's reminder 24 h before a session.

The worker calls plan() at each pass. A pass runs a fixed number of statements whatever the
number of coaches: one per kind to find what is due, two for the digest's contents, one for what
is planned already (and one for the digests of those local dates), and at most two writes.
Messages are rendered here, in the recipient's time zone, and queued in one statement; the
outbox's unique keys (recipient, kind, record, due moment; kind, record, local date) make a
second pass, or a second worker, plan nothing twice.

Decisions the issue left open:
- A message is planned only once its due moment has come, and only while that moment is less
  than STALE_AFTER ago: a worker that was down for a day does not send yesterday's digest or a
  reminder for a session that is over.
- A coach's digest is planned from 07:00 to 09:00 on their clock (DIGEST_LATE_AFTER), once per
  local date: a zone changed that day gives no second one (the unique key on kind, coach and
  local date), and a worker down all morning sends none that day. A new account's first digest
  is on the first morning whose 07:00 comes after it was made.
- An all-day session's reminder is at 08:00, recipient time, the day before (as a commitment's).
- A reminder cancelled because its session moved is planned again, rendered afresh, when the
  session is back at that time: the cancelled row is replaced, since the unique key would
  otherwise keep the session's reminder from ever being sent.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row, Select, and_, case, delete, exists, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from coachboard.accounts.time_zones import zone_named
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.database import transaction
from coachboard.mail import outbox
from coachboard.mail.optouts import unsubscribe_url
from coachboard.mail.render import link, render
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.mail import EmailOptOut, OutboxMessage
from coachboard.models.sessions import CoachingSession
from coachboard.progress.due import overdue

STALE_AFTER = timedelta(hours=12)
DIGEST_AT = time(7)
# A digest is the morning's summary: past 09:00 local it is not sent at all that day.
DIGEST_LATE_AFTER = timedelta(hours=2)
REMINDER_AT = time(8)
SESSION_NOTICE = timedelta(hours=24)
# Items a digest lists per section; past that it says how many more there are.
DIGEST_ITEMS = 20

DIGEST, COMMITMENT_REMINDER, SESSION_REMINDER = (
    "daily_digest",
    "commitment_reminder",
    "session_reminder",
)
PLANNED_KINDS = (DIGEST, COMMITMENT_REMINDER, SESSION_REMINDER)

Key = tuple[str, str, uuid.UUID, datetime]


@dataclass(frozen=True)
class Window:
    """The due moments a pass plans: after `start` (older is stale), up to `now`."""

    start: datetime
    now: datetime

    def holds(self, due_at: datetime) -> bool:
        return self.start < due_at <= self.now


@dataclass(frozen=True)
class Candidate:
    """A message whose moment has come, rendered only if it is not planned already."""

    recipient: str
    kind: str
    record_id: uuid.UUID
    coach_id: uuid.UUID
    client_id: uuid.UUID | None
    due_at: datetime
    email: Callable[[], outbox.Email]
    local_date: date | None = None

    @property
    def key(self) -> Key:
        return (self.recipient, self.kind, self.record_id, self.due_at)

    def queued(self) -> outbox.Queued:
        return outbox.Queued(
            email=self.email(),
            kind=self.kind,
            record_id=self.record_id,
            coach_id=self.coach_id,
            client_id=self.client_id,
            due_at=self.due_at,
            local_date=self.local_date,
        )


def plan(session: Session, now: datetime) -> None:
    """Queue every scheduled message due by `now` (naive UTC) and not stale, once."""
    window = Window(start=now - STALE_AFTER, now=now)
    with transaction(session):
        planned = _planned(session, window)
        candidates = [
            candidate
            for candidate in [
                *_commitment_reminders(session, window),
                *_session_reminders(session, window),
            ]
            if planned.wanted(candidate.key)
        ]
        candidates += _digests(session, window, planned)
        revived = [planned.cancelled[c.key] for c in candidates if c.key in planned.cancelled]
        if revived:
            session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(revived)))
        outbox.queue(session, [candidate.queued() for candidate in candidates])


@dataclass(frozen=True)
class Planned:
    """What the window holds already: every key, and the row of each cancelled one."""

    keys: set[Key]
    cancelled: dict[Key, uuid.UUID]

    def wanted(self, key: Key) -> bool:
        """Not planned yet, or planned and cancelled since (its record is back as it was)."""
        return key not in self.keys or key in self.cancelled


def _planned(session: Session, window: Window) -> Planned:
    rows = session.execute(
        select(
            OutboxMessage.id,
            OutboxMessage.recipient,
            OutboxMessage.kind,
            OutboxMessage.record_id,
            OutboxMessage.due_at,
            OutboxMessage.state,
        ).where(
            OutboxMessage.kind.in_(PLANNED_KINDS),
            OutboxMessage.due_at > window.start,
            OutboxMessage.due_at <= window.now,
        )
    ).all()
    keys = {(row.recipient, row.kind, row.record_id, row.due_at) for row in rows}
    cancelled = {
        (row.recipient, row.kind, row.record_id, row.due_at): row.id
        for row in rows
        if row.state == "cancelled"
    }
    return Planned(keys=keys, cancelled=cancelled)


def as_utc(moment: datetime) -> datetime:
    """An aware moment as the naive UTC the outbox stores."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def local_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """`at` on `day` in `zone`, as naive UTC: the offset of that day, so DST is right."""
    return as_utc(datetime.combine(day, at, tzinfo=zone))


def local_days(window: Window, zone: ZoneInfo) -> list[date]:
    """The dates, in `zone`, the window touches."""
    first = window.start.replace(tzinfo=UTC).astimezone(zone).date()
    last = window.now.replace(tzinfo=UTC).astimezone(zone).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def date_range(window: Window) -> tuple[date, date]:
    """Dates wide enough to hold, in any time zone (UTC-12 to UTC+14), a day the window touches,
    plus the day after it: a coarse filter for SQL, refined in Python."""
    return window.start.date() - timedelta(days=1), window.now.date() + timedelta(days=2)


def when(moment: datetime, zone: ZoneInfo) -> str:
    """A moment as the recipient reads it: "Tuesday 1 December 2026, 14:00 (Europe/Berlin)"."""
    local = moment.replace(tzinfo=UTC).astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M} ({zone.key})"


def short_when(moment: datetime, zone: ZoneInfo) -> str:
    """A moment without its year and zone, for a subject: "Tuesday 1 December, 14:00"."""
    local = moment.replace(tzinfo=UTC).astimezone(zone)
    return f"{local:%A} {local.day} {local:%B, %H:%M}"


def day_in_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _to_clients(record: Any, kind: str, *columns: Any) -> Select[Any]:
    """The record's `columns` for every client who gets `kind`: an active client of an active
    coach, with an address (as mail.optouts.client_address says, in SQL), "Email this client"
    on, not opted out (mail.consent's rules); with the client, their coach, the zone each reads
    times in, where the email goes and whether the client has a portal account to link to."""
    coach = aliased(User, name="coach")
    account = aliased(User, name="account")
    recipient = func.coalesce(account.email, func.nullif(Client.email, ""))
    return (
        select(
            *columns,
            Client.id.label("client_id"),
            Client.name.label("client_name"),
            Client.coach_id,
            coach.name.label("coach_name"),
            coach.time_zone.label("coach_time_zone"),
            func.coalesce(account.time_zone, coach.time_zone).label("time_zone"),
            recipient.label("recipient"),
            account.id.is_not(None).label("has_account"),
        )
        .join(Client, Client.id == record.client_id)
        .join(coach, coach.id == Client.coach_id)
        .outerjoin(account, and_(account.client_id == Client.id, account.is_active))
        .where(
            Client.status == "active",
            coach.is_active,
            Client.may_email,
            recipient.is_not(None),
            ~exists().where(EmailOptOut.client_id == Client.id, EmailOptOut.kind == kind),
        )
    )


# Commitment reminders


def _commitment_reminders(session: Session, window: Window) -> Iterable[Candidate]:
    first, last = date_range(window)
    rows = session.execute(
        _to_clients(
            Commitment,
            COMMITMENT_REMINDER,
            Commitment.id,
            Commitment.title,
            Commitment.description,
            Commitment.due_date,
        ).where(
            Commitment.status == CommitmentStatus.open,
            Commitment.due_date.between(first + timedelta(days=1), last),
        )
    ).all()
    for row in rows:
        zone = zone_named(row.time_zone)
        due_at = local_moment(row.due_date - timedelta(days=1), REMINDER_AT, zone)
        if window.holds(due_at):
            yield Candidate(
                recipient=row.recipient,
                kind=COMMITMENT_REMINDER,
                record_id=row.id,
                coach_id=row.coach_id,
                client_id=row.client_id,
                due_at=due_at,
                email=lambda row=row: _commitment_email(row),
            )


def _commitment_email(row: Row[Any]) -> outbox.Email:
    url = unsubscribe_url(row.client_id, COMMITMENT_REMINDER)
    rendered = render(
        COMMITMENT_REMINDER,
        {
            "client_name": row.client_name,
            "coach_name": row.coach_name,
            "title": row.title,
            "description": row.description,
            "due": day_in_words(row.due_date),
            "portal_url": _portal_url(row),
            "unsubscribe_url": url,
        },
    )
    return _email(row.recipient, rendered, unsubscribe=url)


# Session reminders


def _session_reminders(session: Session, window: Window) -> Iterable[Candidate]:
    first, last = date_range(window)
    rows = session.execute(
        _to_clients(
            CoachingSession,
            SESSION_REMINDER,
            CoachingSession.id,
            CoachingSession.title,
            CoachingSession.session_date,
            CoachingSession.start_time,
            CoachingSession.duration_minutes,
            CoachingSession.meeting_url,
            CoachingSession.time_zone.label("session_time_zone"),
        ).where(CoachingSession.session_date.between(first, last))
    ).all()
    for row in rows:
        # The client reads it on their own clock, or without an account on the session's (as
        # the invitation did: mail.session_emails).
        zone = zone_named(row.time_zone if row.has_account else row.session_time_zone)
        if row.start_time is None:
            starts_at = None
            due_at = local_moment(row.session_date - timedelta(days=1), REMINDER_AT, zone)
        else:
            # The start is a wall-clock time on the session's own clock, never the coach's.
            starts_at = local_moment(
                row.session_date, row.start_time, zone_named(row.session_time_zone)
            )
            due_at = starts_at - SESSION_NOTICE
        if window.holds(due_at):
            yield Candidate(
                recipient=row.recipient,
                kind=SESSION_REMINDER,
                record_id=row.id,
                coach_id=row.coach_id,
                client_id=row.client_id,
                due_at=due_at,
                email=lambda row=row, starts_at=starts_at, zone=zone: _session_email(
                    row, starts_at, zone
                ),
            )


def _session_email(row: Row[Any], starts_at: datetime | None, zone: ZoneInfo) -> outbox.Email:
    url = unsubscribe_url(row.client_id, SESSION_REMINDER)
    rendered = render(
        SESSION_REMINDER,
        {
            "client_name": row.client_name,
            "coach_name": row.coach_name,
            "title": row.title,
            "when": (
                when(starts_at, zone)
                if starts_at is not None
                else f"{day_in_words(row.session_date)} (all day)"
            ),
            # Short enough for one header line: a folded Subject reads back with a leading space.
            "short_when": (
                short_when(starts_at, zone)
                if starts_at is not None
                else f"{row.session_date:%A} {row.session_date.day} {row.session_date:%B} (all day)"
            ),
            "duration_minutes": row.duration_minutes if starts_at is not None else None,
            "meeting_url": row.meeting_url,
            "portal_url": _portal_url(row),
            "unsubscribe_url": url,
        },
    )
    return _email(row.recipient, rendered, unsubscribe=url)


def _portal_url(row: Row[Any]) -> str | None:
    """The client's page, for a client with an account: without one, /me would not open."""
    return link("/me") if row.has_account else None


# The coach's daily digest


@dataclass(frozen=True)
class DigestDay:
    """A coach's digest whose morning it is: the local date it is about, and its 07:00."""

    coach: Row[Any]
    day: date
    due_at: datetime
    zone: ZoneInfo

    def is_morning(self, now: datetime) -> bool:
        """07:00 has come, at most DIGEST_LATE_AFTER ago, and after the account was made (a
        new account's first digest is the next morning's)."""
        return self.coach.created_at <= self.due_at <= now <= self.due_at + DIGEST_LATE_AFTER


def _digests(session: Session, window: Window, planned: Planned) -> list[Candidate]:
    coaches = session.execute(
        select(User.id, User.name, User.email, User.time_zone, User.created_at).where(
            User.client_id.is_(None), User.is_active, User.daily_digest
        )
    ).all()
    days: dict[uuid.UUID, DigestDay] = {}
    for coach in coaches:
        zone = zone_named(coach.time_zone)
        for day in local_days(window, zone):
            digest = DigestDay(
                coach=coach, day=day, due_at=local_moment(day, DIGEST_AT, zone), zone=zone
            )
            key = (coach.email, DIGEST, coach.id, digest.due_at)
            if digest.is_morning(window.now) and planned.wanted(key):
                days[coach.id] = digest
    if days:
        planned_days = _digest_days_planned(session, {digest.day for digest in days.values()})
        days = {
            coach_id: digest
            for coach_id, digest in days.items()
            if (coach_id, digest.day) not in planned_days
        }
    if not days:
        return []
    commitments = _digest_commitments(session, days)
    sessions = _digest_sessions(session, days)
    return [
        Candidate(
            recipient=digest.coach.email,
            kind=DIGEST,
            record_id=coach_id,
            coach_id=coach_id,
            client_id=None,
            due_at=digest.due_at,
            local_date=digest.day,
            email=lambda digest=digest, coach_id=coach_id: _digest_email(
                digest, commitments[coach_id], sessions[coach_id]
            ),
        )
        for coach_id, digest in days.items()
        if commitments[coach_id] or sessions[coach_id]
    ]


def _digest_days_planned(session: Session, days: set[date]) -> set[tuple[uuid.UUID, date]]:
    """(coach, local date) of every digest planned for one of `days`, whatever its due moment:
    the coach's zone may have changed since."""
    rows = session.execute(
        select(OutboxMessage.record_id, OutboxMessage.local_date).where(
            OutboxMessage.kind == DIGEST, OutboxMessage.local_date.in_(days)
        )
    ).all()
    return {(row.record_id, row.local_date) for row in rows}


def _coaches_by_day(days: dict[uuid.UUID, DigestDay]) -> dict[date, list[uuid.UUID]]:
    """Coaches grouped by the day their digest is about: a handful of days, whatever the number
    of coaches, so a statement holds one condition per day."""
    grouped: dict[date, list[uuid.UUID]] = defaultdict(list)
    for coach_id, digest in days.items():
        grouped[digest.day].append(coach_id)
    return grouped


def _digest_commitments(
    session: Session, days: dict[uuid.UUID, DigestDay]
) -> dict[uuid.UUID, list[Row[Any]]]:
    """Each coach's overdue and due-today commitments, at most DIGEST_ITEMS of each, with the
    count of each (for "and 3 more"), by due date, then client and title."""
    grouped = _coaches_by_day(days)
    due_today = or_(
        false(),
        *[
            and_(Client.coach_id.in_(ids), Commitment.due_date == day)
            for day, ids in grouped.items()
        ],
    )
    today_flag = case((due_today, 1), else_=0)
    partition = (Client.coach_id, today_flag)
    numbered = (
        select(
            Commitment.id,
            Commitment.title,
            Commitment.due_date,
            Client.id.label("client_id"),
            Client.name.label("client_name"),
            Client.coach_id,
            today_flag.label("today"),
            func.row_number()
            .over(
                partition_by=partition,
                order_by=(Commitment.due_date, Client.name, Commitment.title, Commitment.id),
            )
            .label("position"),
            func.count().over(partition_by=partition).label("total"),
        )
        .join(Client, Client.id == Commitment.client_id)
        .where(
            Client.status == "active",
            or_(
                false(),
                *[
                    and_(
                        Client.coach_id.in_(ids),
                        or_(
                            overdue(day),
                            and_(
                                Commitment.status == CommitmentStatus.open,
                                Commitment.due_date == day,
                            ),
                        ),
                    )
                    for day, ids in grouped.items()
                ],
            ),
        )
        .subquery()
    )
    rows = session.execute(
        select(numbered)
        .where(numbered.c.position <= DIGEST_ITEMS)
        .order_by(numbered.c.coach_id, numbered.c.position)
    ).all()
    found: dict[uuid.UUID, list[Row[Any]]] = defaultdict(list)
    for row in rows:
        found[row.coach_id].append(row)
    return found


def _digest_sessions(
    session: Session, days: dict[uuid.UUID, DigestDay]
) -> dict[uuid.UUID, list[Row[Any]]]:
    """Each coach's sessions of the day, all-day ones first, then by time."""
    grouped = _coaches_by_day(days)
    order = (case((CoachingSession.start_time.is_(None), 0), else_=1), CoachingSession.start_time)
    numbered = (
        select(
            CoachingSession.id,
            CoachingSession.title,
            CoachingSession.session_date,
            CoachingSession.start_time,
            CoachingSession.time_zone,
            CoachingSession.duration_minutes,
            CoachingSession.meeting_url,
            Client.id.label("client_id"),
            Client.name.label("client_name"),
            Client.coach_id,
            func.row_number()
            .over(partition_by=Client.coach_id, order_by=(*order, Client.name, CoachingSession.id))
            .label("position"),
            func.count().over(partition_by=Client.coach_id).label("total"),
        )
        .join(Client, Client.id == CoachingSession.client_id)
        .where(
            Client.status == "active",
            or_(
                false(),
                *[
                    and_(Client.coach_id.in_(ids), CoachingSession.session_date == day)
                    for day, ids in grouped.items()
                ],
            ),
        )
        .subquery()
    )
    rows = session.execute(
        select(numbered)
        .where(numbered.c.position <= DIGEST_ITEMS)
        .order_by(numbered.c.coach_id, numbered.c.position)
    ).all()
    found: dict[uuid.UUID, list[Row[Any]]] = defaultdict(list)
    for row in rows:
        found[row.coach_id].append(row)
    return found


def _section(rows: list[Row[Any]]) -> dict[str, Any]:
    return {"items": rows, "more": (rows[0].total - len(rows)) if rows else 0}


def _digest_email(
    digest: DigestDay, commitments: list[Row[Any]], sessions: list[Row[Any]]
) -> outbox.Email:
    overdue_rows = [row for row in commitments if not row.today]
    today_rows = [row for row in commitments if row.today]
    rendered = render(
        DIGEST,
        {
            "coach_name": digest.coach.name,
            "day": day_in_words(digest.day),
            "overdue": _section(overdue_rows),
            "due_today": _section(today_rows),
            "sessions": _section(sessions),
            "day_in_words": day_in_words,
            "starts": lambda row: _start_on_clock(row, digest.zone),
        },
    )
    # The coach's own summary, which they turn off in their profile: no list unsubscribe.
    return _email(digest.coach.email, rendered, unsubscribe=None)


def _start_on_clock(row: Row[Any], zone: ZoneInfo) -> str:
    """A timed session's start on the coach's clock: the session keeps its own zone (perhaps
    its client's), so its wall-clock start is not the coach's."""
    start = local_moment(row.session_date, row.start_time, zone_named(row.time_zone))
    return f"{start.replace(tzinfo=UTC).astimezone(zone):%H:%M}"


def _email(recipient: str, rendered: Any, *, unsubscribe: str | None) -> outbox.Email:
    return outbox.Email(
        recipient=recipient,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        unsubscribe_url=unsubscribe,
    )
