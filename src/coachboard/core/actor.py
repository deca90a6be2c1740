"""Who is acting in a unit of work: the signed-in account, set once when a request
authenticates, read by whatever records the change (history). Without one, the operator
(a command, the worker) is acting. And where a request comes from, for the audit and the
throttle."""

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

ACTOR_KEY = "coachboard.actor"
USER_AGENT_LENGTH = 300


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


@dataclass(frozen=True)
class ClientInfo:
    """Who is asking, as far as the request tells: its address and its user agent."""

    ip: str | None = None
    user_agent: str | None = None

    @classmethod
    def of(cls, ip: str | None, user_agent: str | None) -> "ClientInfo":
        # Truncated, not refused: a user agent is whatever the client says it is.
        return cls(
            ip=ip[:64] if ip else None, user_agent=(user_agent or "")[:USER_AGENT_LENGTH] or None
        )
