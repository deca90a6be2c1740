"""goals.service.target_counts: the Goals tab's counts, in one statement, for the coach only."""

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalCreate
from coachboard.models.accounts import User
from coachboard.targets import service as targets
from coachboard.targets.schemas import TargetCreate
from tests.querycount import count_statements


def test_each_goal_counts_the_outcomes_linked_to_it_zero_included(
    db: Session, coach: User, engine: Engine
) -> None:
    client = clients.create(db, coach=coach, fields=ClientCreate(name="Dana Doe"))
    spanish, travel, idle = (
        goals.create(db, coach=coach, client_id=client.id, fields=GoalCreate(title=title))
        for title in ("Speak Spanish", "Travel more", "Idle")
    )
    for title, linked in (("Order dinner", [spanish]), ("Trip", [spanish, travel])):
        fields = TargetCreate(title=title, goal_ids=[goal.id for goal in linked])
        targets.create(db, coach=coach, client_id=client.id, fields=fields)

    with count_statements(engine) as log:
        counts = goals.target_counts(db, coach=coach, client_id=client.id)

    assert counts == {spanish.id: 2, travel.id: 1, idle.id: 0}
    assert log.count == 1


def test_another_coach_counts_nothing_of_the_client(
    db: Session, coach: User, other_coach: User
) -> None:
    client = clients.create(db, coach=coach, fields=ClientCreate(name="Dana Doe"))
    goals.create(db, coach=coach, client_id=client.id, fields=GoalCreate(title="Speak Spanish"))

    assert goals.target_counts(db, coach=other_coach, client_id=client.id) == {}
