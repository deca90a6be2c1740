"""Who is acting in a unit of work: the signed-in account, set once when a request
authenticates, read by whatever records the change (history). Without one, the operator
(a command, the worker) is acting."""

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

ACTOR_KEY = "coachboard.actor"


@dataclass(frozen=True)
class Actor:
    id: uuid.UUID | None
    name: str
    kind: str  # coach, client or operator


OPERATOR = Actor(id=None, name="coachboard", kind="operator")


def act_as(session: Session, *, user_id: uuid.UUID, name: str, is_client: bool) -> None:
    session.info[ACTOR_KEY] = Actor(id=user_id, name=name, kind="client" if is_client else "coach")


def actor_of(session: Session) -> Actor:
    return session.info.get(ACTOR_KEY, OPERATOR)
