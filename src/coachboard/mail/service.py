"""Opting out, and the coach's view of their practice's email: who opted out of what, and
what was sent, is waiting or failed."""

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, exists, select
from sqlalchemy.orm import Session

from coachboard.core.database import transaction, upsert
from coachboard.core.errors import NotFound
from coachboard.core.models import utcnow
from coachboard.core.pagination import PageParams, paged
from coachboard.mail.optouts import AUTOMATED_KINDS, CLIENT_KINDS, read_unsubscribe_token
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.mail import EmailOptOut, OutboxMessage

# What each kind a client can turn off is, in words a client reads.
KIND_NAMES = {
    "session_invitation": "session invitations (scheduled, moved or cancelled)",
    "session_reminder": "session reminders",
    "commitment_reminder": "reminders of commitments due",
    "portal_invitation": "portal invitations",
}
assert set(KIND_NAMES) == set(CLIENT_KINDS)

# How far back a failed message warns the coach on the dashboard.
FAILURE_WARNING = timedelta(days=7)

opt_outs = EmailOptOut.__table__


@dataclass(frozen=True)
class Unsubscribe:
    """What an unsubscribe link names: a client (and their coach's name) and one kind."""

    client_id: uuid.UUID
    client_name: str
    coach_name: str
    kind: str

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]


def unsubscribe_of(session: Session, *, token: str) -> Unsubscribe:
    """What the token names; NotFound for a token this app did not sign, or whose client is
    gone."""
    named = read_unsubscribe_token(token)
    if named is None:
        raise NotFound("unsubscribe link")
    client_id, kind = named
    row = session.execute(
        select(Client.name, User.name.label("coach_name"))
        .join(User, User.id == Client.coach_id)
        .where(Client.id == client_id)
    ).one_or_none()
    if row is None:
        raise NotFound("unsubscribe link")
    return Unsubscribe(client_id, row.name, row.coach_name, kind)


def unsubscribe(session: Session, *, token: str) -> Unsubscribe:
    """Turn off the kind the token names for its client; doing it twice changes nothing."""
    with transaction(session):
        named = unsubscribe_of(session, token=token)
        session.execute(
            upsert(session, opt_outs)
            .values(client_id=named.client_id, kind=named.kind, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=[opt_outs.c.client_id, opt_outs.c.kind])
        )
    return named


def choose_emails(session: Session, *, client_id: uuid.UUID, wanted: Collection[str]) -> None:
    """The client's own choice (from /me): each automated kind on when in `wanted`, else off;
    a kind chosen as it already is stays as it is."""
    off = [kind for kind in AUTOMATED_KINDS if kind not in wanted]
    with transaction(session):
        session.execute(
            delete(EmailOptOut).where(
                EmailOptOut.client_id == client_id,
                EmailOptOut.kind.in_(AUTOMATED_KINDS),
                EmailOptOut.kind.not_in(off),
            )
        )
        if off:
            now = utcnow()
            session.execute(
                upsert(session, opt_outs)
                .values([{"client_id": client_id, "kind": kind, "created_at": now} for kind in off])
                .on_conflict_do_nothing(index_elements=[opt_outs.c.client_id, opt_outs.c.kind])
            )


def opted_out_kinds(
    session: Session, client_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    """The kinds each client turned off, in one statement, in CLIENT_KINDS order."""
    found: dict[uuid.UUID, list[str]] = defaultdict(list)
    if not client_ids:
        return found
    rows = session.execute(
        select(EmailOptOut.client_id, EmailOptOut.kind).where(EmailOptOut.client_id.in_(client_ids))
    ).all()
    for client_id, kind in rows:
        found[client_id].append(kind)
    for kinds in found.values():
        kinds.sort(key=lambda kind: CLIENT_KINDS.index(kind) if kind in CLIENT_KINDS else 99)
    return found


# The coach's messages: failed ones first, then the newest.
MESSAGE_ORDER = (
    case((OutboxMessage.state == "failed", 0), else_=1),
    OutboxMessage.created_at.desc(),
    OutboxMessage.id,
)


def messages_of(
    session: Session, *, coach: User, page: PageParams
) -> tuple[list[OutboxMessage], int]:
    """A page of the coach's own messages (their practice's: to them and to their clients)."""
    statement = select(OutboxMessage).where(OutboxMessage.coach_id == coach.id)
    statement, total = paged(session, statement, order_by=MESSAGE_ORDER, page=page)
    return list(session.scalars(statement)), total


def failed_recently(session: Session, *, coach: User, now: datetime | None = None) -> bool:
    """Whether a message of the coach's failed (gave up) in the last FAILURE_WARNING."""
    since = (now or utcnow()) - FAILURE_WARNING
    return bool(
        session.scalar(
            select(
                exists().where(
                    OutboxMessage.coach_id == coach.id,
                    OutboxMessage.state == "failed",
                    OutboxMessage.created_at >= since,
                )
            )
        )
    )
