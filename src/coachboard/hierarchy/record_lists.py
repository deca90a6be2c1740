"""One page of a record tab: outcomes, sprints or commitments, each with the first few records
it links to and how many in all, in a fixed number of bounded statements.

A row shows LINKS_SHOWN linked records at most (an outcome linked to 40 goals shows five and
"35 more"), so a page of 50 rows stays small however densely a client links. Outcomes and
commitments that are finished (achieved or dropped, done or dropped) are left out unless
asked for, and counted, so a tab can offer to show them.
"""

import uuid
from collections import defaultdict
from datetime import date
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, case, exists, func, literal, select
from sqlalchemy.orm import Session, aliased

from coachboard.accounts.time_zones import today_for
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import ClientChanges, CommitmentStatus
from coachboard.core.errors import NotFound
from coachboard.core.pagination import Page, PageParams
from coachboard.hierarchy.records import GOAL_ORDER, SPRINT_ORDER, first_of_each, numbered
from coachboard.hierarchy.schemas import ReadModel
from coachboard.models.accounts import User
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.sessions import CoachingSession
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from coachboard.progress import due
from coachboard.progress import service as progress
from coachboard.progress.schemas import HealthField, OutcomesAchieved, OutcomesTotal, Progress
from coachboard.sprints import service as sprints
from coachboard.targets import service as targets
from coachboard.targets.schemas import TargetStatus

LINKS_SHOWN = 5
FINISHED_TARGET = (TargetStatus.achieved.value, TargetStatus.dropped.value)
FINISHED_COMMITMENT = (CommitmentStatus.done.value, CommitmentStatus.dropped.value)

ItemT = TypeVar("ItemT")


class Linked(ReadModel):
    id: uuid.UUID
    title: str
    status: str


class LinkedRecords(ReadModel):
    """The first linked records, in link order, and how many there are in all."""

    first: list[Linked]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.first)


NONE_LINKED = LinkedRecords(first=[], total=0)


class TargetItem(ReadModel):
    id: uuid.UUID
    title: str
    status: str
    due_date: date | None
    progress: Progress
    goals: LinkedRecords
    sprints: LinkedRecords


class SprintItem(ReadModel):
    id: uuid.UUID
    title: str
    status: str
    start_date: date
    end_date: date
    progress: Progress
    outcomes_achieved: OutcomesAchieved
    outcomes_total: OutcomesTotal
    health: HealthField
    targets: LinkedRecords
    goals: LinkedRecords  # reached through its outcomes, in goal order


class CommitmentItem(ReadModel):
    id: uuid.UUID
    title: str
    status: str
    due_date: date | None
    overdue: bool  # open and due before today (progress.due)
    session_id: uuid.UUID | None
    session_date: date | None
    targets: LinkedRecords


class DueWindow(StrEnum):
    """The commitments tab's date filters (?due=…), as the client overview counts them."""

    overdue = "overdue"  # open, due before today
    this_week = "week"  # open, due from today through Sunday


class RecordList(ReadModel, Generic[ItemT]):
    """A page of a tab, `hidden` finished records left out of it, and whether the client has
    any record of the kind at all (filtered or hidden ones too)."""

    page: Page[ItemT]
    hidden: int
    has_any: bool


def target_list(
    session: Session,
    *,
    coach: User,
    client_id: uuid.UUID,
    page: PageParams,
    goal_id: uuid.UUID | None = None,
    sprint_id: uuid.UUID | None = None,
    show_finished: bool = False,
) -> RecordList[TargetItem]:
    """The client's outcomes (linked to goal_id and sprint_id, when given), oldest first; the
    achieved and dropped ones only when show_finished. NotFound for a goal or sprint that is
    not the client's."""
    owned = targets.OWNED.entities(coach).where(Target.client_id == client_id)
    matching = targets.linked_to(owned, goal_id=goal_id, sprint_id=sprint_id)
    found = (
        _exists(ClientGoal, goal_id, client_id, "Goal"),
        _exists(Sprint, sprint_id, client_id, "Sprint"),
    )
    finished = Target.status.in_(FINISHED_TARGET)
    total, hidden, has_any = _counts(session, owned, matching, finished, show_finished, found)
    shown = matching if show_finished else matching.where(~finished)
    rows = session.execute(
        shown.with_only_columns(
            Target.id, Target.title, Target.status, Target.due_date, *progress.OUTCOME_FIGURES
        )
        .order_by(Target.created_at, Target.id)
        .limit(page.limit)
        .offset(page.offset)
    ).all()
    ids = [row.id for row in rows]
    goals = first_linked(session, TargetGoalLink, "target_id", "goal_id", ClientGoal, ids)
    sprints_of = first_linked(session, TargetSprintLink, "target_id", "sprint_id", Sprint, ids)
    items = [
        TargetItem(
            **progress.without_figures(row),
            progress=progress.outcome_progress(row),
            goals=goals.get(row.id, NONE_LINKED),
            sprints=sprints_of.get(row.id, NONE_LINKED),
        )
        for row in rows
    ]
    return RecordList(page=Page(items=items, total=total), hidden=hidden, has_any=has_any)


def sprint_list(
    session: Session, *, coach: User, client_id: uuid.UUID, page: PageParams, today: date
) -> RecordList[SprintItem]:
    """The client's sprints by start date, each with its outcomes, the goals they reach, and
    its progress and health on today."""
    owned = sprints.OWNED.entities(coach).where(Sprint.client_id == client_id)
    total, hidden, has_any = _counts(session, owned, owned, literal(False), True, ())
    rows = session.execute(
        owned.with_only_columns(
            Sprint.id, Sprint.title, Sprint.status, Sprint.start_date, Sprint.end_date
        )
        .order_by(Sprint.start_date, Sprint.created_at, Sprint.id)
        .limit(page.limit)
        .offset(page.offset)
    ).all()
    ids = [row.id for row in rows]
    linked_targets = first_linked(session, TargetSprintLink, "sprint_id", "target_id", Target, ids)
    goals = _goals_reached(session, ids)
    rollups = progress.sprints(session, ids, today=today)
    items = [
        SprintItem(
            **row._mapping,
            **dict(rollups[row.id]),
            targets=linked_targets.get(row.id, NONE_LINKED),
            goals=goals.get(row.id, NONE_LINKED),
        )
        for row in rows
    ]
    return RecordList(page=Page(items=items, total=total), hidden=hidden, has_any=has_any)


def commitment_list(
    session: Session,
    *,
    coach: User,
    client_id: uuid.UUID,
    page: PageParams,
    status: CommitmentStatus | None = None,
    target_id: uuid.UUID | None = None,
    show_finished: bool = False,
    due_window: DueWindow | None = None,
    changed_by_client: ClientChanges | None = None,
    today: date | None = None,
) -> RecordList[CommitmentItem]:
    """The client's commitments of that status, outcome and due window, when given, in the
    commitments list's order, each marked overdue or not; without a status, the done and
    dropped ones only when show_finished; changed by the client since their last session, when
    asked (done ones included). Overdue and this week are reckoned from today (None:
    today in the coach's time zone). NotFound for an outcome that is not the client's."""
    today = today or today_for(coach)
    owned = commitments.OWNED.entities(coach).where(Commitment.client_id == client_id)
    matching = owned
    if status is not None:
        matching = matching.where(Commitment.status == status)
        show_finished = True  # a status asked for is shown, whichever it is
    if due_window is not None:
        window = due.overdue if due_window == DueWindow.overdue else due.due_this_week
        matching = matching.where(window(today))
    if changed_by_client is not None:
        since = commitments.last_session_began(
            session, coach=coach, client_id=client_id, today=today
        )
        matching = matching.where(commitments.changed_by_client(since))
        show_finished = True  # what the client marked done is what the coach looks for
    if target_id is not None:
        linked = select(CommitmentTargetLink.commitment_id).where(
            CommitmentTargetLink.target_id == target_id
        )
        matching = matching.where(Commitment.id.in_(linked))
    found = (_exists(Target, target_id, client_id, "Outcome"),)
    finished = Commitment.status.in_(FINISHED_COMMITMENT)
    total, hidden, has_any = _counts(session, owned, matching, finished, show_finished, found)
    shown = matching if show_finished else matching.where(~finished)
    rows = session.execute(
        shown.with_only_columns(
            Commitment.id,
            Commitment.title,
            Commitment.status,
            Commitment.due_date,
            Commitment.session_id,
            CoachingSession.session_date,
        )
        .outerjoin(CoachingSession, CoachingSession.id == Commitment.session_id)
        .order_by(*commitments.ORDER)
        .limit(page.limit)
        .offset(page.offset)
    ).all()
    targets_of = linked_targets(session, [row.id for row in rows])
    items = [
        CommitmentItem(
            **row._mapping,
            overdue=due.is_overdue(row.status, row.due_date, today),
            targets=targets_of.get(row.id, NONE_LINKED),
        )
        for row in rows
    ]
    return RecordList(page=Page(items=items, total=total), hidden=hidden, has_any=has_any)


def linked_targets(
    session: Session, commitment_ids: list[uuid.UUID]
) -> dict[uuid.UUID, LinkedRecords]:
    """The first LINKS_SHOWN outcomes each commitment links to, in link order, and their count:
    one statement."""
    return first_linked(
        session, CommitmentTargetLink, "commitment_id", "target_id", Target, commitment_ids
    )


def _exists(
    model: Any, record_id: uuid.UUID | None, client_id: uuid.UUID, what: str
) -> tuple[ColumnElement[bool], str]:
    """A filter's record, as a condition that it is the client's, and its name for NotFound."""
    if record_id is None:
        return literal(True), what
    return exists().where(model.id == record_id, model.client_id == client_id), what


def _counts(
    session: Session,
    owned: Select[Any],
    matching: Select[Any],
    finished: ColumnElement[bool],
    show_finished: bool,
    found: tuple[tuple[ColumnElement[bool], str], ...],
) -> tuple[int, int, bool]:
    """(how many the tab lists, how many finished ones it leaves out, whether the client has
    any at all), in one statement that also checks the filters' records."""
    # maintain_column_froms: select FROM the records' table, whatever the columns name.
    matched = matching.with_only_columns(
        case((finished, 1), else_=0).label("finished"), maintain_column_froms=True
    ).subquery()
    any_at_all = exists(owned.with_only_columns(literal(1), maintain_column_froms=True))
    row = session.execute(
        select(
            select(func.count()).select_from(matched).scalar_subquery(),
            select(func.coalesce(func.sum(matched.c.finished), 0)).scalar_subquery(),
            any_at_all,
            *(condition for condition, _ in found),
        )
    ).one()
    for (_, what), is_found in zip(found, row[3:], strict=True):
        if not is_found:
            raise NotFound(what)
    matched_count, finished_count, has_any = row[0], row[1], bool(row[2])
    if show_finished:
        return matched_count, 0, has_any
    return matched_count - finished_count, finished_count, has_any


def first_linked(
    session: Session,
    link: Any,
    owner: str,
    linked: str,
    model: Any,
    owner_ids: list[uuid.UUID],
    cap: int = LINKS_SHOWN,
) -> dict[uuid.UUID, LinkedRecords]:
    """The first cap records each owner links to, in link order, and their count."""
    owner_column = getattr(link, owner)
    ranked = (
        select(owner_column.label("owner_id"), model.id, model.title, model.status)
        .add_columns(*numbered(owner_column, (link.created_at, link.id)))
        .join(model, model.id == getattr(link, linked))
        .where(owner_column.in_(owner_ids))
        .subquery()
    )
    return _grouped(session, first_of_each(ranked, cap))


def left_alone(
    session: Session,
    link: Any,
    owner: str,
    linked: str,
    model: Any,
    owner_id: uuid.UUID,
    cap: int = LINKS_SHOWN,
) -> LinkedRecords:
    """The records linked to owner_id that link to no other record of its kind (the outcomes
    whose only goal it is): what deleting it leaves unlinked. The first cap, in link order,
    and how many."""
    owner_column, linked_column = getattr(link, owner), getattr(link, linked)
    other = aliased(link)
    elsewhere = exists().where(
        getattr(other, linked) == linked_column, getattr(other, owner) != owner_id
    )
    ranked = (
        select(owner_column.label("owner_id"), model.id, model.title, model.status)
        .add_columns(*numbered(owner_column, (link.created_at, link.id)))
        .join(model, model.id == linked_column)
        .where(owner_column == owner_id, ~elsewhere)
        .subquery()
    )
    return _grouped(session, first_of_each(ranked, cap)).get(owner_id, NONE_LINKED)


def _goals_reached(session: Session, sprint_ids: list[uuid.UUID]) -> dict[uuid.UUID, LinkedRecords]:
    """The goals each sprint reaches through its outcomes (derived, never stored): the first
    LINKS_SHOWN in goal order, and how many."""
    return reached(session, Sprint, TargetSprintLink.sprint_id, TargetGoalLink, sprint_ids)


# What an owner reaches through its outcomes: a sprint's or a commitment's goals, a
# commitment's sprints. The owner's link to outcomes, and the outcome's onward link.
_VIA: dict[Any, Any] = {Sprint: TargetSprintLink, Commitment: CommitmentTargetLink}
_ONWARD: dict[Any, tuple[Any, Any, tuple[Any, ...]]] = {
    TargetGoalLink: (TargetGoalLink.goal_id, ClientGoal, GOAL_ORDER),
    TargetSprintLink: (TargetSprintLink.sprint_id, Sprint, SPRINT_ORDER),
}


def reached(
    session: Session,
    owner_model: Any,
    owner_key: Any,
    onward: Any,
    owner_ids: list[uuid.UUID],
    cap: int = LINKS_SHOWN,
) -> dict[uuid.UUID, LinkedRecords]:
    """The records each owner reaches through its outcomes (derived, never stored): the first
    cap in their kind's display order, and how many. owner_key: the via table's owner column
    (TargetSprintLink.sprint_id); onward: the outcome's link table to the reached kind."""
    via = _VIA[owner_model]
    onward_key, model, order = _ONWARD[onward]
    # One existence test per owner and record: the owner's outcome links, each probing the
    # (outcome, record) unique index, stopping at the first hit. Listing every (outcome,
    # record) pair of an owner and removing repeats costs far more once outcomes link widely.
    through_the_target = (
        exists()
        .where(onward.target_id == via.target_id, onward_key == model.id)
        .correlate(via, model)
    )
    through_an_target = exists().where(owner_key == owner_model.id, through_the_target)
    ranked = (
        select(owner_model.id.label("owner_id"), model.id, model.title, model.status)
        .add_columns(*numbered(owner_model.id, order))
        .join(model, model.client_id == owner_model.client_id)
        .where(owner_model.id.in_(owner_ids), through_an_target)
        .subquery()
    )
    return _grouped(session, first_of_each(ranked, cap))


def _grouped(session: Session, statement: Select[Any]) -> dict[uuid.UUID, LinkedRecords]:
    first: dict[uuid.UUID, list[Linked]] = defaultdict(list)
    totals: dict[uuid.UUID, int] = {}
    for row in session.execute(statement):
        first[row.owner_id].append(Linked(id=row.id, title=row.title, status=row.status))
        totals[row.owner_id] = row.total
    return {owner: LinkedRecords(first=first[owner], total=totals[owner]) for owner in totals}
