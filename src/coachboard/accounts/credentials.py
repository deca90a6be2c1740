"""What an API token and a browser session share: a secret whose digest finds its account, and
a last-use stamp that a read writes at most once per RESOLUTION, after the answer, apart from
the request's own transaction (record_use)."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, bindparam, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from coachboard.core.database import transaction, unit_of_work
from coachboard.core.models import utcnow
from coachboard.core.security import token_digest
from coachboard.models.accounts import User

# How stale a last-use stamp may grow: a read does not write it on every request.
RESOLUTION = timedelta(minutes=5)


@dataclass(frozen=True)
class Holder:
    """The active account a live credential belongs to, and whether its last use is due a write."""

    user: User
    credential_id: uuid.UUID
    use_stale: bool


@dataclass(frozen=True)
class Credential:
    """One kind of credential: its table, its last-use column, and its by-digest read (the
    account, the credential's id, its last use, then the columns its `alive` rule reads),
    built once since every signed-in request runs it."""

    model: Any
    last_used: InstrumentedAttribute[Any]
    by_digest: Any

    @classmethod
    def of(
        cls,
        model: Any,
        last_used: InstrumentedAttribute[Any],
        *alive_columns: InstrumentedAttribute[Any],
        where: ColumnElement[bool] | None = None,
    ) -> "Credential":
        by_digest = (
            select(User, model.id, last_used, *alive_columns)
            .join(model, User.id == model.user_id)
            .where(model.digest == bindparam("digest"))
        )
        if where is not None:
            by_digest = by_digest.where(where)
        return cls(model=model, last_used=last_used, by_digest=by_digest)

    def holder(self, session: Session, secret: str, alive: Callable[..., bool]) -> Holder | None:
        """The active account of the credential whose secret this is, when `alive(now, last
        use, *the alive columns)` holds; else None. Writes nothing (record_use does, apart)."""
        now = utcnow()
        with transaction(session):
            row = session.execute(self.by_digest, {"digest": token_digest(secret)}).first()
        if row is None:
            return None
        user, credential_id, last_used, *alive_values = row
        if not user.is_active or not alive(now, last_used, *alive_values):
            return None
        stale = last_used is None or last_used <= now - RESOLUTION
        return Holder(user=user, credential_id=credential_id, use_stale=stale)

    def record_use(self, engine: Engine, *, credential_id: uuid.UUID) -> None:
        """Stamp the credential's last use, in a transaction of its own, unless a concurrent
        request just did: at most one write per credential every RESOLUTION."""
        now = utcnow()
        with unit_of_work(engine) as session:
            session.execute(
                update(self.model)
                .where(
                    self.model.id == credential_id,
                    or_(self.last_used.is_(None), self.last_used <= now - RESOLUTION),
                )
                .values({self.last_used.key: now})
            )
