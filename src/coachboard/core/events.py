"""Domain events: a service says what happened ("a session was moved") by publishing an event
in its unit of work, and the subscribers that the composition roots registered (main's
create_app, the CLI) act on it at once, in the same transaction. So the mail feature queues its
outbox row exactly when the change is kept, and a service never imports what reacts to it."""

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

EventT = TypeVar("EventT")

_subscribers: dict[type, list[Callable[[Session, Any], None]]] = {}


def subscribe(event_type: type[EventT], subscriber: Callable[[Session, EventT], None]) -> None:
    """Hand every event of the type published from now on to subscriber; subscribing twice
    subscribes once."""
    subscribers = _subscribers.setdefault(event_type, [])
    if subscriber not in subscribers:
        subscribers.append(subscriber)


def publish(session: Session, event: object) -> None:
    """Call the event's subscribers in the order they subscribed, in the caller's transaction:
    what they write is kept or rolled back with the change itself."""
    for subscriber in _subscribers.get(type(event), ()):
        subscriber(session, event)
