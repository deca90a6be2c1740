"""Clients: the records every other concept hangs under, owned by one coach each."""

import uuid

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.orm import Session

from coachboard.accounts.models import User
from coachboard.clients.models import Client
from coachboard.clients.schemas import ClientCreate, ClientStatus, ClientUpdate
from coachboard.core.database import transaction
from coachboard.core.errors import NotFound
from coachboard.core.pagination import PageParams


def owned_clients(coach: User) -> Select[tuple[Client]]:
    """Every read, change and delete of a client starts here: the coach's own, nobody else's."""
    return select(Client).where(Client.coach_id == coach.id)


def owned_client_ids(coach: User) -> Select[tuple[uuid.UUID]]:
    """The ids of the coach's clients, for the tenancy filter of every client-owned concept."""
    return select(Client.id).where(Client.coach_id == coach.id)


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
    statement = owned_clients(coach)
    if search:
        pattern = f"%{search.strip().lower()}%"
        statement = statement.where(
            or_(func.lower(Client.name).like(pattern), func.lower(Client.email).like(pattern))
        )
    if status:
        statement = statement.where(Client.status == status)
    with transaction(session):
        total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
        clients = session.scalars(
            statement.order_by(func.lower(Client.name), Client.id)
            .limit(page.limit)
            .offset(page.offset)
        ).all()
    return list(clients), total


def create(session: Session, *, coach: User, fields: ClientCreate) -> Client:
    """A new client of the coach."""
    with transaction(session):
        client = Client(coach_id=coach.id, **fields.model_dump())
        session.add(client)
    return client


def update(session: Session, *, coach: User, client_id: uuid.UUID, fields: ClientUpdate) -> Client:
    """Change the fields given; archiving is status="archived"."""
    with transaction(session):
        client = get(session, coach=coach, client_id=client_id)
        for name, value in fields.changes(clearable=frozenset({"email"})).items():
            setattr(client, name, value)
    return client


def delete_client(session: Session, *, coach: User, client_id: uuid.UUID) -> None:
    """Delete the client and, through the database's cascades, everything of that client."""
    with transaction(session):
        get(session, coach=coach, client_id=client_id)
        session.execute(delete(Client).where(Client.id == client_id))
