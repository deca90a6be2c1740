"""The iCalendar SEQUENCE of a record shown in calendars (feeds, invitations).

A calendar that already holds an event replaces it only when the new copy's SEQUENCE is
higher, so the number must rise whenever what the calendar shows changes. One flush hook per
model does it, whoever writes the row (API, pages, the portal): a service cannot forget it.
Bulk UPDATE statements bypass the ORM and must raise `sequence` themselves.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Mapper


def raise_sequence_on_change(model: type[Any], shown: Iterable[str]) -> None:
    """Before each ORM UPDATE of a model row, raise its `sequence` by one when one of the
    `shown` attributes now holds a different value than the stored one."""
    names = tuple(shown)

    def before_update(mapper: Mapper[Any], connection: Any, target: Any) -> None:
        if any(_changed(target, name) for name in names):
            target.sequence = (target.sequence or 0) + 1

    event.listen(model, "before_update", before_update)


def _changed(target: Any, name: str) -> bool:
    history = inspect(target).attrs[name].history
    if not history.added:
        return False
    # Setting a field to the value it has (the edit form resends every field) is no change.
    return not history.deleted or history.added[0] != history.deleted[0]
