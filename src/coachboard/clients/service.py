"""Clients: the records every other concept hangs under, owned by one coach each."""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.accounts.time_zones import today_for
from coachboard.clients.schemas import ClientCreate, ClientStatus, ClientUpdate
from coachboard.core.actor import ClientInfo
from coachboard.core.database import transaction
from coachboard.core.errors import NotFound
from coachboard.core.models import Base
from coachboard.core.pagination import PageParams, paged
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.targets import Target
from coachboard.progress import due

ReadT = TypeVar("ReadT")


def owned_clients(coach: User) -> Select[tuple[Client]]:
    """Every read, change and delete of a client starts here: the coach's own, nobody else's."""
    return select(Client).where(Client.coach_id == coach.id)


def get(session: Session, *, coach: User, client_id: uuid.UUID) -> Client:
    """The coach's client, or NotFound: another coach's client does not exist for this one."""
    with transaction(session):
        client = session.scalar(owned_clients(coach).where(Client.id == client_id))
    if client is None:
        raise NotFound("Client")
    return client


def get_all(
    session: Session,
    *,
    coach: User,
    page: PageParams,
    search: str | None = None,
    status: ClientStatus | None = None,
) -> tuple[list[Client], int]:
    """The coach's clients matching search and status, by name, one page, and how many in all."""
    statement = matching(owned_clients(coach), search=search, status=status)
    with transaction(session):
        order = (func.lower(Client.name), Client.id)
        statement, total = paged(session, statement, order_by=order, page=page)
        clients = session.scalars(statement).all()
    return list(clients), total


def matching(
    statement: Select[tuple[Client]], *, search: str | None, status: ClientStatus | None
) -> Select[tuple[Client]]:
    """Clients whose name or email contains search (any case), with the status, if given."""
    # NUL cannot reach PostgreSQL text; it cannot be part of a name either.
    search = (search or "").replace("\x00", "").strip()
    if search:
        # autoescape: a "%" or "_" the coach types is matched as itself, not as a wildcard.
        needle = search.lower()
        statement = statement.where(
            or_(
                func.lower(Client.name).contains(needle, autoescape=True),
                func.lower(Client.email).contains(needle, autoescape=True),
            )
        )
    if status:
        statement = statement.where(Client.status == status)
    return statement


@dataclass(frozen=True)
class ClientOverview:
    """A client with the counts the client list shows."""

    client: Client
    active_goals: int
    open_targets: int  # neither achieved nor dropped
    due_this_week: int  # open commitments due from today to Sunday
    overdue: int  # open commitments due before today


def overviews(
    session: Session,
    *,
    coach: User,
    search: str | None = None,
    status: ClientStatus | None = None,
    client_id: uuid.UUID | None = None,
    today: date | None = None,
) -> list[ClientOverview]:
    """The coach's matching clients by name with their counts, in one SQL statement in all;
    overdue and this week are reckoned from today (None: today in the coach's time zone)."""
    today = today or today_for(coach)

    def count_of(model: type[Base], *conditions: ColumnElement[bool]) -> ScalarSelect[int]:
        return (
            select(func.count())
            .select_from(model)
            .where(model.client_id == Client.id, *conditions)
            .correlate(Client)
            .scalar_subquery()
        )

    statement = matching(owned_clients(coach), search=search, status=status).add_columns(
        count_of(ClientGoal, ClientGoal.status == "active"),
        count_of(Target, Target.status.not_in(("achieved", "dropped"))),
        count_of(Commitment, due.due_this_week(today)),
        count_of(Commitment, due.overdue(today)),
    )
    if client_id is not None:
        statement = statement.where(Client.id == client_id)
    with transaction(session):
        rows = session.execute(statement.order_by(func.lower(Client.name), Client.id)).all()
    return [ClientOverview(*row) for row in rows]


def create(session: Session, *, coach: User, fields: ClientCreate) -> Client:
    """A new client of the coach."""
    with transaction(session):
        client = Client(coach_id=coach.id, **fields.model_dump())
        session.add(client)
        session.flush()  # the id exists for a caller that goes on in the same transaction
    return client


def update(
    session: Session,
    *,
    coach: User,
    client_id: uuid.UUID,
    fields: ClientUpdate,
    requester: ClientInfo = ClientInfo(),
) -> Client:
    """Change the fields given; archiving is status="archived", and suspends the client's
    account (accounts.suspend_client_account) until restoring (status="active") lifts it.
    `requester` is who asked, for the account's audit."""
    changes = fields.changes(clearable=frozenset({"email"}))
    with transaction(session):
        client = get(session, coach=coach, client_id=client_id)
        if "status" in changes:
            # The account follows the status: a join or a revocation of this client, which
            # lock this row too (portal.access), takes turns with the change.
            session.refresh(client, with_for_update=True)
        status_before = client.status
        for name, value in changes.items():
            setattr(client, name, value)
        session.flush()  # the answer shows the stored row: updated_at is set at flush
        if client.status != status_before:
            follow_status(session, client, requester)
    return client


def follow_status(session: Session, client: Client, requester: ClientInfo) -> None:
    """Suspend the client's account when they are archived; lift it when they are restored."""
    if client.status == ClientStatus.archived:
        accounts.suspend_client_account(session, client_id=client.id, client=requester)
    else:
        accounts.restore_client_account(session, client_id=client.id, client=requester)


def delete(session: Session, *, coach: User, client_id: uuid.UUID) -> None:
    """Delete the client and, through the database's cascades, everything of that client."""
    clients = Client.__table__
    with transaction(session):
        deleted = session.execute(
            clients.delete().where(clients.c.id == client_id, clients.c.coach_id == coach.id)
        )
    if deleted.rowcount == 0:
        raise NotFound("Client")
