from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.core.database import transaction
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalCreate
from coachboard.models.accounts import User
from coachboard.sprints import service as sprints
from coachboard.sprints.schemas import SprintCreate
from coachboard.targets import service as targets
from coachboard.targets.schemas import TargetCreate
from tests.querycount import count_statements


def client_with_outcomes(db: Session, coach: User, count: int) -> str:
    """A client with count outcomes, each linked to two goals and two sprints."""
    with transaction(db):
        client = clients.create(db, coach=coach, fields=ClientCreate(name=f"{count} outcomes"))
        db.flush()  # clients.create leaves the id to the commit
        goal_ids = [
            goals.create(db, coach=coach, client_id=client.id, fields=GoalCreate(title=t)).id
            for t in ("Health", "Career")
        ]
        sprint_ids = [
            sprints.create(
                db,
                coach=coach,
                client_id=client.id,
                fields=SprintCreate(
                    title=t, start_date=date(2026, 1, 5), end_date=date(2026, 2, 16)
                ),
            ).id
            for t in ("Q1", "Q2")
        ]
        for n in range(count):
            fields = TargetCreate(title=f"Outcome {n}", goal_ids=goal_ids, sprint_ids=sprint_ids)
            targets.create(db, coach=coach, client_id=client.id, fields=fields)
    return str(client.id)


def test_listing_outcomes_takes_the_same_statements_for_10_or_1000(
    api: TestClient, db: Session, engine: Engine, coach: User
) -> None:
    counts = {}
    for size in (10, 1000):
        client_id = client_with_outcomes(db, coach, size)
        with count_statements(engine) as log:
            response = api.get(f"/api/v1/clients/{client_id}/targets", params={"limit": 100})
        assert response.status_code == 200
        assert response.json()["total"] == size
        assert all(len(t["goal_ids"]) == 2 for t in response.json()["items"])
        counts[size] = log.count

    assert counts[10] == counts[1000]
    # The bearer token, the client, the count, the page (its progress read with each row), its
    # goal and sprint links.
    assert counts[10] == 5, counts
