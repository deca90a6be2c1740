"""The legacy-link review (the spec's "Data cleanup").

Migration f06135d685df kept the direct goal and sprint links it removed as
`metadata.legacy_goal_id` / `metadata.legacy_sprint_id` on commitments and sprints. The coach
reviews each such record and either links it to outcomes (resolve) or lets the old link go
(dismiss); both remove the legacy keys and leave every other metadata key as it was.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, literal, or_, select, union_all
from sqlalchemy.orm import InstrumentedAttribute, Session

from coachboard.clients import service as clients
from coachboard.commitments import service as commitments
from coachboard.core.database import transaction
from coachboard.core.errors import Conflict, InvalidInput, NotFound
from coachboard.core.pagination import PageParams
from coachboard.hierarchy.legacy_schemas import (
    LegacyItem,
    LegacyKind,
    LegacyRecord,
    SuggestedTarget,
)
from coachboard.links.kinds import COMMITMENT_TARGETS, SPRINT_TARGETS
from coachboard.links.service import LinkKind, add_links, check_same_client
from coachboard.models.accounts import User
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.links import TargetGoalLink, TargetSprintLink
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from coachboard.sprints import service as sprints

GOAL_KEY = "legacy_goal_id"
SPRINT_KEY = "legacy_sprint_id"
LEGACY_KEYS = (GOAL_KEY, SPRINT_KEY)


@dataclass(frozen=True)
class _Reviewed:
    """What the review needs to know of one kind of record."""

    model: type[Commitment] | type[Sprint]
    what: str  # the record's name in a "not found"
    owned: Callable[[User], Select[Any]]  # the coach's records of this kind
    links: LinkKind  # the record → outcomes links a resolution adds


_REVIEWED = {
    LegacyKind.commitment: _Reviewed(
        Commitment, "Commitment", commitments.OWNED.entities, COMMITMENT_TARGETS
    ),
    LegacyKind.sprint: _Reviewed(Sprint, "Sprint", sprints.OWNED.entities, SPRINT_TARGETS),
}


def queue(
    session: Session, *, coach: User, client_id: uuid.UUID, page: PageParams | None = None
) -> tuple[list[LegacyItem], int]:
    """One page (all when page is None) of the client's commitments, then sprints, still holding
    a legacy key, oldest first, each with its legacy goal/sprint and suggested outcomes; and how
    many there are in all. At most seven statements, however long the queue."""
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        pending = _pending(client_id).subquery()
        total = session.scalar(select(func.count()).select_from(pending)) or 0
        statement = select(pending).order_by(pending.c.kind, pending.c.created_at, pending.c.id)
        if page is not None:
            statement = statement.limit(page.limit).offset(page.offset)
        rows = session.execute(statement).all()
        goal_ids = {i for row in rows if (i := _as_uuid(row.legacy_goal)) is not None}
        sprint_ids = {i for row in rows if (i := _as_uuid(row.legacy_sprint)) is not None}
        goal_titles = _titles(session, ClientGoal, client_id, goal_ids)
        sprint_titles = _titles(session, Sprint, client_id, sprint_ids)
        by_goal = _targets_linked(session, TargetGoalLink.goal_id, client_id, goal_titles)
        by_sprint = _targets_linked(session, TargetSprintLink.sprint_id, client_id, sprint_titles)
    items = [
        LegacyItem(
            kind=LegacyKind(row.kind),
            id=row.id,
            title=row.title,
            legacy_goal=_record(row.legacy_goal, goal_titles),
            legacy_sprint=_record(row.legacy_sprint, sprint_titles),
            suggestions=_suggestions(
                by_goal.get(_as_uuid(row.legacy_goal), []),
                by_sprint.get(_as_uuid(row.legacy_sprint), []),
            ),
        )
        for row in rows
    ]
    return items, total


def queue_count(session: Session, *, coach: User, client_id: uuid.UUID) -> int:
    """How many of the client's commitments and sprints still await review (two statements)."""
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        return session.scalar(select(func.count()).select_from(_pending(client_id).subquery())) or 0


def resolve(
    session: Session,
    *,
    coach: User,
    kind: LegacyKind,
    record_id: uuid.UUID,
    target_ids: Sequence[uuid.UUID],
) -> None:
    """Link the commitment or sprint to these outcomes of its client and drop its legacy keys.

    NotFound when the record is not the coach's; Conflict when it holds no legacy key (already
    resolved or dismissed); 422 naming target_ids when an outcome is not the client's or none is
    given.
    """
    reviewed = _REVIEWED[kind]
    if not target_ids:
        raise InvalidInput.field(
            "target_ids", "pick at least one outcome; dismiss drops the legacy link without one"
        )
    with transaction(session):
        record = _awaiting_review(session, coach, reviewed, record_id)
        wanted = check_same_client(session, reviewed.links, record.client_id, target_ids)
        add_links(session, reviewed.links, record.id, wanted)
        _drop_legacy_keys(record)


def dismiss(session: Session, *, coach: User, kind: LegacyKind, record_id: uuid.UUID) -> None:
    """Drop the record's legacy keys without linking it; NotFound or Conflict as for resolve."""
    with transaction(session):
        _drop_legacy_keys(_awaiting_review(session, coach, _REVIEWED[kind], record_id))


def _legacy_value(model: type[Commitment] | type[Sprint], key: str) -> ColumnElement[Any]:
    # The key's value as text; SQL NULL when the key is absent or holds JSON null.
    return model.meta[key].as_string()


def _pending(client_id: uuid.UUID) -> Select[Any]:
    """The client's records holding a legacy key: kind, id, title, created_at and both values."""
    parts = [
        select(
            literal(kind.value).label("kind"),
            reviewed.model.id,
            reviewed.model.title,
            reviewed.model.created_at,
            _legacy_value(reviewed.model, GOAL_KEY).label("legacy_goal"),
            _legacy_value(reviewed.model, SPRINT_KEY).label("legacy_sprint"),
        ).where(
            reviewed.model.client_id == client_id,
            or_(*(_legacy_value(reviewed.model, key).is_not(None) for key in LEGACY_KEYS)),
        )
        for kind, reviewed in _REVIEWED.items()
    ]
    return union_all(*parts)


def _as_uuid(value: object) -> uuid.UUID | None:
    """The legacy value as an id, or None when absent or not an id at all (shown as gone)."""
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _titles(
    session: Session,
    model: type[ClientGoal] | type[Sprint],
    client_id: uuid.UUID,
    ids: set[uuid.UUID],
) -> dict[uuid.UUID, str]:
    """The titles of those ids that are records of the client; another client's is "gone"."""
    if not ids:
        return {}
    rows = session.execute(
        select(model.id, model.title).where(model.id.in_(ids), model.client_id == client_id)
    )
    return {record_id: title for record_id, title in rows}


def _targets_linked(
    session: Session,
    linked_column: InstrumentedAttribute[uuid.UUID],
    client_id: uuid.UUID,
    linked: dict[uuid.UUID, str],
) -> dict[uuid.UUID, list[Row[Any]]]:
    """For each goal (or sprint) id, the id, title and status of the client's outcomes linked
    to it; linked_column is TargetGoalLink.goal_id or TargetSprintLink.sprint_id."""
    if not linked:
        return {}
    link_model = linked_column.class_
    rows = session.execute(
        select(linked_column.label("linked_id"), Target.id, Target.title, Target.status)
        .join(Target, Target.id == link_model.target_id)
        .where(linked_column.in_(linked), Target.client_id == client_id)
    )
    result: dict[uuid.UUID, list[Row[Any]]] = defaultdict(list)
    for row in rows:
        result[row.linked_id].append(row)
    return result


def _record(value: object, titles: dict[uuid.UUID, str]) -> LegacyRecord | None:
    if value is None:
        return None
    record_id = _as_uuid(value)
    title = titles.get(record_id) if record_id is not None else None
    return LegacyRecord(value=str(value), title=title, gone=title is None)


def _suggestions(
    by_goal: Sequence[Row[Any]], by_sprint: Sequence[Row[Any]]
) -> list[SuggestedTarget]:
    """Outcomes linked to both the legacy goal and sprint first, then those linked to one;
    within each, by title (then id, so the order is stable)."""
    goal_ids = {target.id for target in by_goal}
    sprint_ids = {target.id for target in by_sprint}
    found_targets = {target.id: target for target in [*by_goal, *by_sprint]}.values()
    ranked = sorted(
        found_targets,
        key=lambda t: (
            -((t.id in goal_ids) + (t.id in sprint_ids)),
            t.title.casefold(),
            str(t.id),
        ),
    )
    return [
        SuggestedTarget(
            id=target.id,
            title=target.title,
            status=target.status,
            matches_goal=target.id in goal_ids,
            matches_sprint=target.id in sprint_ids,
        )
        for target in ranked
    ]


def _awaiting_review(
    session: Session, coach: User, reviewed: _Reviewed, record_id: uuid.UUID
) -> Commitment | Sprint:
    # FOR UPDATE (PostgreSQL; SQLite's writer lock serialises anyway): of two resolutions of
    # the same record at once, the second waits and then finds the keys gone (409).
    record = session.scalar(
        reviewed.owned(coach).where(reviewed.model.id == record_id).with_for_update()
    )
    if record is None:
        raise NotFound(reviewed.what)
    meta = record.meta if isinstance(record.meta, dict) else {}
    if all(meta.get(key) is None for key in LEGACY_KEYS):
        raise Conflict(f"{reviewed.what} has no legacy goal or sprint link to review")
    return record


def _drop_legacy_keys(record: Commitment | Sprint) -> None:
    # A new dict, not an in-place pop: the JSON column only notices assignment.
    record.meta = {key: value for key, value in record.meta.items() if key not in LEGACY_KEYS}
