"""Each outcome's commitment figures, which the database keeps (commitments_total,
commitments_done, first_open_due), agree with the figures grouped from its links after any
sequence of writes: links made, removed and moved, statuses and due dates changed, records
deleted (their links go by cascade), one row at a time or many in one statement. The writes are
plain SQL, as an import or a hand-run fix would make them, so no path around the app's services
escapes the triggers."""

import uuid
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.links import CommitmentTargetLink
from coachboard.models.targets import Target

COMMITMENTS, OUTCOMES = 6, 4
DAY = date(2026, 3, 1)
STATUSES = ("open", "done", "dropped")

commitments, targets = Commitment.__table__, Target.__table__
links = CommitmentTargetLink.__table__

commitment_index = st.integers(0, COMMITMENTS - 1)
outcome_index = st.integers(0, OUTCOMES - 1)
due_dates = st.none() | st.integers(-3, 3).map(lambda days: DAY + timedelta(days=days))
writes = st.one_of(
    st.tuples(st.just("link"), commitment_index, outcome_index),
    st.tuples(st.just("unlink"), commitment_index, outcome_index),
    st.tuples(st.just("move link"), commitment_index, outcome_index, outcome_index),
    st.tuples(st.just("status"), commitment_index, st.sampled_from(STATUSES)),
    st.tuples(st.just("due"), commitment_index, due_dates),
    st.tuples(st.just("every status"), st.sampled_from(STATUSES)),
    st.tuples(st.just("link all to"), outcome_index),
    st.tuples(st.just("delete commitment"), commitment_index),
    st.tuples(st.just("delete outcome"), outcome_index),
)


class World:
    """One client's outcomes and commitments, written with plain SQL."""

    def __init__(self, db: Session, coach: User) -> None:
        self.db = db
        client = Client(coach_id=coach.id, name="Dana")
        db.add(client)
        db.flush()
        self.client_id = client.id
        self.commitment_ids = [uuid.uuid4() for _ in range(COMMITMENTS)]
        self.outcome_ids = [uuid.uuid4() for _ in range(OUTCOMES)]
        self.deleted: set[uuid.UUID] = set()  # a link to these would break its foreign key
        common = {"client_id": client.id}
        db.execute(
            sa.insert(targets),
            [{"id": i, "title": f"o{n}", **common} for n, i in enumerate(self.outcome_ids)],
        )
        db.execute(
            sa.insert(commitments),
            [{"id": i, "title": f"c{n}", **common} for n, i in enumerate(self.commitment_ids)],
        )

    def apply(self, write: tuple[Any, ...]) -> None:
        kind, *args = write
        getattr(self, kind.replace(" ", "_"))(*args)

    def _link(self, commitment: int, outcome: int) -> Any:
        return (links.c.commitment_id == self.commitment_ids[commitment]) & (
            links.c.target_id == self.outcome_ids[outcome]
        )

    def _linkable(self, commitment: int, outcome: int) -> bool:
        ends = {self.commitment_ids[commitment], self.outcome_ids[outcome]}
        taken = sa.select(links.c.id).where(self._link(commitment, outcome))
        return not ends & self.deleted and self.db.execute(taken).first() is None

    def link(self, commitment: int, outcome: int) -> None:
        if self._linkable(commitment, outcome):
            row = {
                "id": uuid.uuid4(),
                "commitment_id": self.commitment_ids[commitment],
                "target_id": self.outcome_ids[outcome],
            }
            self.db.execute(sa.insert(links).values(row))

    def unlink(self, commitment: int, outcome: int) -> None:
        self.db.execute(sa.delete(links).where(self._link(commitment, outcome)))

    def move_link(self, commitment: int, outcome: int, to: int) -> None:
        if self._linkable(commitment, to):
            moved = sa.update(links).where(self._link(commitment, outcome))
            self.db.execute(moved.values(target_id=self.outcome_ids[to]))

    def status(self, commitment: int, status: str) -> None:
        row = commitments.c.id == self.commitment_ids[commitment]
        self.db.execute(sa.update(commitments).where(row).values(status=status))

    def due(self, commitment: int, due: date | None) -> None:
        row = commitments.c.id == self.commitment_ids[commitment]
        self.db.execute(sa.update(commitments).where(row).values(due_date=due))

    def every_status(self, status: str) -> None:
        mine = commitments.c.client_id == self.client_id
        self.db.execute(sa.update(commitments).where(mine).values(status=status))

    def link_all_to(self, outcome: int) -> None:
        """Every commitment not yet linked to the outcome, in one statement."""
        rows = [
            {"id": uuid.uuid4(), "commitment_id": c, "target_id": self.outcome_ids[outcome]}
            for n, c in enumerate(self.commitment_ids)
            if self._linkable(n, outcome)
        ]
        if rows:
            self.db.execute(sa.insert(links), rows)

    def delete_commitment(self, commitment: int) -> None:
        row = commitments.c.id == self.commitment_ids[commitment]
        self.db.execute(sa.delete(commitments).where(row))
        self.deleted.add(self.commitment_ids[commitment])

    def delete_outcome(self, outcome: int) -> None:
        self.db.execute(sa.delete(targets).where(targets.c.id == self.outcome_ids[outcome]))
        self.deleted.add(self.outcome_ids[outcome])


def stored(db: Session, client_id: uuid.UUID) -> dict[uuid.UUID, tuple[int, int, date | None]]:
    columns = (targets.c.commitments_total, targets.c.commitments_done, targets.c.first_open_due)
    found = db.execute(sa.select(targets.c.id, *columns).where(targets.c.client_id == client_id))
    return {row.id: tuple(row[1:]) for row in found}


def grouped(db: Session, client_id: uuid.UUID) -> dict[uuid.UUID, tuple[int, int, date | None]]:
    """The figures counted from the links, as the reads grouped them before the columns."""
    live = sa.and_(commitments.c.id == links.c.commitment_id, commitments.c.status != "dropped")
    joined = targets.outerjoin(links, links.c.target_id == targets.c.id).outerjoin(
        commitments, live
    )
    found = db.execute(
        sa.select(
            targets.c.id,
            sa.func.count(commitments.c.id),
            sa.func.count(sa.case((commitments.c.status == "done", 1))),
            sa.func.min(sa.case((commitments.c.status == "open", commitments.c.due_date))),
        )
        .select_from(joined)
        .where(targets.c.client_id == client_id)
        .group_by(targets.c.id)
    )
    return {row[0]: tuple(row[1:]) for row in found}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(writes, min_size=1, max_size=25))
def test_stored_figures_agree_with_the_links_after_any_writes(
    db: Session, coach: User, writes: list[tuple[Any, ...]]
) -> None:
    world = World(db, coach)
    try:
        for write in writes:
            world.apply(write)
            assert stored(db, world.client_id) == grouped(db, world.client_id), write
    finally:
        db.rollback()
