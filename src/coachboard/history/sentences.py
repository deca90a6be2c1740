"""A change in plain words, as a coach reads it in a History section or the Activity feed."""

from typing import Any

from coachboard.models.history import HistoryEntry

NOUNS = {
    "client": "client",
    "goal": "goal",
    "target": "outcome",
    "sprint": "sprint",
    "session": "session",
    "commitment": "commitment",
}
# How a field is named in a sentence, where its column name would not do.
FIELD_NAMES = {
    "meta": "metadata",
    "due_date": "due date",
    "target_date": "target date",
    "start_date": "start date",
    "end_date": "end date",
    "session_date": "date",
    "start_time": "start time",
    "duration_minutes": "duration",
    "meeting_url": "meeting link",
    "shared_notes": "shared notes",
    "completed_at": "completion time",
    "may_email": "“Email this client”",
}
SHOWN_VALUE_LENGTH = 40  # longer values (notes, descriptions) are named, not quoted


def field_name(field: str) -> str:
    return FIELD_NAMES.get(field, field.replace("_", " "))


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _shown(value: Any) -> str:
    return (
        "nothing" if value in (None, "") else f"'{value}'" if isinstance(value, str) else str(value)
    )


def _update(changes: dict[str, Any]) -> str:
    if not changes:
        return "changed"  # an entry imported before documents were checked per action
    if len(changes) == 1:
        ((field, values),) = changes.items()
        if (
            isinstance(values, list)
            and len(values) == 2
            and all(len(str(value or "")) <= SHOWN_VALUE_LENGTH for value in values)
        ):
            old, new = values
            return f"changed the {field_name(field)} from {_shown(old)} to {_shown(new)} of"
    return f"changed the {_listed([field_name(field) for field in changes])} of"


def sentence(entry: HistoryEntry) -> str:
    """E.g. "Dana linked 'Run 10 km' to 'Get fit'", "Sam changed the status from 'open' to
    'done' of commitment 'Send the deck'"."""
    record = f"'{entry.record_title}'"
    if entry.action in ("linked", "unlinked"):
        joined = "to" if entry.action == "linked" else "from"
        return f"{entry.actor_name} {entry.action} {record} {joined} '{entry.other_title}'"
    noun = NOUNS.get(entry.record_kind, entry.record_kind)
    verb = _update(entry.changes) if entry.action == "updated" else entry.action
    return f"{entry.actor_name} {verb} {noun} {record}"
