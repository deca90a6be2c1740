"""The sample clients: realistic, complete, dated around today, made through the services."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.core.pagination import PageParams
from coachboard.models.accounts import User
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.sprints import Sprint
from coachboard.samples import add_sample_clients
from coachboard.targets import service as targets

TODAY = date(2026, 3, 11)  # a Wednesday


@pytest.fixture
def sample_coach(db: Session, coach: User) -> User:
    add_sample_clients(db, coach=coach, today=TODAY)
    return coach


def test_three_sample_clients_each_with_work_this_week_and_overdue(
    db: Session, sample_coach: User
) -> None:
    overviews = clients.overviews(db, coach=sample_coach, today=TODAY)

    assert [o.client.name for o in overviews] == ["Daniel Reyes", "Maya Okafor", "Priya Natarajan"]
    for overview in overviews:
        assert overview.active_goals >= 2
        assert overview.open_targets >= 2
        assert overview.due_this_week >= 1
        assert overview.overdue >= 1


def test_sample_outcomes_link_to_several_goals_and_sprints(db: Session, sample_coach: User) -> None:
    (maya,) = [
        c
        for c in clients.get_all(db, coach=sample_coach, page=PageParams())[0]
        if c.name == "Maya Okafor"
    ]
    outcomes, _ = targets.get_all(db, coach=sample_coach, client_id=maya.id, page=PageParams())

    assert any(len(outcome.goals) >= 2 for outcome in outcomes)
    assert any(len(outcome.sprints) >= 2 for outcome in outcomes)


def test_sample_sprints_lie_behind_around_and_ahead_of_today(
    db: Session, sample_coach: User
) -> None:
    sprints = db.scalars(select(Sprint)).all()

    assert any(s.end_date < TODAY for s in sprints)
    assert any(s.start_date <= TODAY <= s.end_date for s in sprints)
    assert any(s.start_date > TODAY for s in sprints)
    assert all(
        timedelta(weeks=6) <= s.end_date - s.start_date <= timedelta(weeks=8) for s in sprints
    )


def test_one_sample_client_carries_legacy_links_for_the_review_queue(
    db: Session, sample_coach: User
) -> None:
    legacy_commitments = [
        c
        for c in db.scalars(select(Commitment)).all()
        if {"legacy_goal_id", "legacy_sprint_id"} & c.meta.keys()
    ]
    legacy_sprints = [s for s in db.scalars(select(Sprint)).all() if "legacy_goal_id" in s.meta]

    assert len(legacy_commitments) >= 2 and len(legacy_sprints) >= 1
    owners = {c.client_id for c in legacy_commitments} | {s.client_id for s in legacy_sprints}
    assert len(owners) == 1
    goal_ids = {str(goal_id) for goal_id in db.scalars(select(ClientGoal.id))}
    sprint_ids = {str(sprint_id) for sprint_id in db.scalars(select(Sprint.id))}
    for record in [*legacy_commitments, *legacy_sprints]:
        assert record.meta.get("legacy_goal_id", next(iter(goal_ids))) in goal_ids
        assert record.meta.get("legacy_sprint_id", next(iter(sprint_ids))) in sprint_ids


def test_done_sample_commitments_are_stamped_completed(db: Session, sample_coach: User) -> None:
    done = [c for c in db.scalars(select(Commitment)).all() if c.status == "done"]

    assert done and all(c.completed_at is not None for c in done)


def test_samples_belong_to_the_coach_only(
    db: Session, sample_coach: User, other_coach: User
) -> None:
    assert clients.overviews(db, coach=other_coach) == []
    assert len(clients.overviews(db, coach=sample_coach)) == 3
