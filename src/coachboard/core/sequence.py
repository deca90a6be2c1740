"""The iCalendar SEQUENCE of a record shown in calendars (feeds, invitations).

A calendar that already holds an event replaces it only when the new copy's SEQUENCE is
higher, so the number must rise whenever what the calendar shows changes. One flush hook per
model does it, whoever writes the row (API, pages, the portal): a service cannot forget it.
A model names what its event shows in `calendar_fields`; the composition roots install the
hook (install()), never an import. Bulk UPDATE statements bypass the ORM and must raise
`sequence` themselves.
"""

from typing import Any, ClassVar, Protocol

from sqlalchemy import event, inspect
from sqlalchemy.orm import Mapper


class ShownInCalendars(Protocol):
    calendar_fields: ClassVar[tuple[str, ...]]
    sequence: int


def install(*models: type[ShownInCalendars]) -> None:
    """Raise each model's `sequence` on every ORM UPDATE that changes one of its
    `calendar_fields`. Installing twice installs once."""
    for model in models:
        if not event.contains(model, "before_update", raise_sequence):
            event.listen(model, "before_update", raise_sequence)


def raise_sequence(_mapper: Mapper[Any], _connection: Any, target: ShownInCalendars) -> None:
    """Before an UPDATE of the row: one more when a field the calendar shows now holds a
    different value than the stored one."""
    if any(_changed(target, name) for name in target.calendar_fields):
        target.sequence = (target.sequence or 0) + 1


def _changed(target: Any, name: str) -> bool:
    history = inspect(target).attrs[name].history
    if not history.added:
        return False
    # Setting a field to the value it has (the edit form resends every field) is no change.
    return not history.deleted or history.added[0] != history.deleted[0]
