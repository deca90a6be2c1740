"""Tenancy for the concepts whose rows belong to a client: a row is the coach's when its client
is. Each concept states it once (`ClientOwned.of(...)`), and every read, change and delete of
that concept starts from it; an id outside it is "not found", as one that does not exist."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import Column, Select, Table, bindparam, delete, select
from sqlalchemy.orm import Session

from coachboard.core.database import transaction
from coachboard.core.errors import NotFound
from coachboard.core.models import Base
from coachboard.history import recorder as history
from coachboard.links import service as links
from coachboard.links.kinds import JUNCTIONS
from coachboard.models.accounts import User
from coachboard.models.clients import Client

ModelT = TypeVar("ModelT", bound=Base)
ReadT = TypeVar("ReadT", bound=BaseModel)


def owned_client_ids(coach: User) -> Select[tuple[uuid.UUID]]:
    """The ids of the coach's clients, for the tenancy filter of every client-owned concept."""
    return select(Client.id).where(Client.coach_id == coach.id)


@dataclass(frozen=True)
class ClientOwned(Generic[ModelT]):
    """One client-owned concept: its model, the name its NotFound gives, the table columns its
    read model shows, and its by-id read (:record_id, :coach_id), built once so a read
    builds nothing."""

    model: type[ModelT]
    what: str
    columns: tuple[Column[Any], ...]
    by_id: Select[Any]

    @classmethod
    def of(cls, model: type[ModelT], read_model: type[BaseModel], what: str) -> "ClientOwned":
        table, clients = _table(model), _table(Client)
        columns = tuple(column for column in table.c if column.name in read_model.model_fields)
        coach_client_ids = select(clients.c.id).where(clients.c.coach_id == bindparam("coach_id"))
        by_id = select(*columns).where(
            table.c.id == bindparam("record_id"), table.c.client_id.in_(coach_client_ids)
        )
        return cls(model=model, what=what, columns=columns, by_id=by_id)

    def entities(self, coach: User) -> Select[tuple[ModelT]]:
        """Every record of the coach's clients, as ORM entities."""
        model: Any = self.model
        return select(model).where(model.client_id.in_(owned_client_ids(coach)))

    def rows(self, coach: User, client_id: uuid.UUID) -> Select[Any]:
        """The read model's columns of the client's records, when the client is the coach's."""
        client_column = _table(self.model).c.client_id
        return select(*self.columns).where(
            client_column == client_id, client_column.in_(owned_client_ids(coach))
        )

    def one(
        self,
        session: Session,
        load: Callable[[Session, Select[Any], dict[str, Any]], list[ReadT]],
        coach: User,
        record_id: uuid.UUID,
        client_id: uuid.UUID | None = None,
    ) -> ReadT:
        """The coach's record (of client_id, when given) as `load` reads it; else NotFound, the
        same answer whether it does not exist or is another coach's or another client's."""
        with transaction(session):
            found = load(session, self.by_id, {"record_id": record_id, "coach_id": coach.id})
        if not found or client_id not in (None, found[0].client_id):  # type: ignore[attr-defined]
            raise NotFound(self.what)
        return found[0]

    def entity(
        self,
        session: Session,
        coach: User,
        record_id: uuid.UUID,
        client_id: uuid.UUID | None = None,
    ) -> ModelT:
        """The coach's record (of client_id, when given) as an ORM entity, or NotFound."""
        model: Any = self.model
        record = session.scalar(self.entities(coach).where(model.id == record_id))
        if record is None or client_id not in (None, record.client_id):
            raise NotFound(self.what)
        return record

    def clients_own(self, session: Session, client_id: uuid.UUID, record_id: uuid.UUID) -> ModelT:
        """The client's own record as an ORM entity (the portal's writes, with the signed-in
        client's id), or NotFound: another client's record is not theirs to learn of."""
        model: Any = self.model
        record = session.scalar(
            select(model).where(model.id == record_id, model.client_id == client_id)
        )
        if record is None:
            raise NotFound(self.what)
        return record

    def delete(self, session: Session, coach: User, record_id: uuid.UUID) -> None:
        """Delete the coach's record in one statement (the database cascades to what hangs
        under it), or NotFound when the coach has no record with that id."""
        model: Any = self.model
        table = _table(model)
        owned = select(table.c.id).where(
            table.c.id == record_id, table.c.client_id.in_(owned_client_ids(coach))
        )
        links.unlink_all(session, JUNCTIONS, table, owned)
        deleted = session.scalars(
            delete(model)
            .where(model.id == record_id, model.client_id.in_(owned_client_ids(coach)))
            .returning(model),
            execution_options={"synchronize_session": False},
        ).all()
        if not deleted:
            raise NotFound(self.what)
        history.record_deleted(session, deleted)


def _table(model: type[Base]) -> Table:
    return model.__table__  # type: ignore[return-value]
