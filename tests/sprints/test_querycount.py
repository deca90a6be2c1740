from datetime import date, timedelta

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


def client_with_sprints(db: Session, coach: User, count: int) -> str:
    """A client with count sprints, each linked to one of two outcomes that serve two goals."""
    with transaction(db):
        client = clients.create(db, coach=coach, fields=ClientCreate(name=f"{count} sprints"))
        db.flush()  # clients.create leaves the id to the commit
        goal_ids = [
            goals.create(db, coach=coach, client_id=client.id, fields=GoalCreate(title=t)).id
            for t in ("Health", "Career")
        ]
        start = date(2026, 1, 5)
        sprint_ids = [
            sprints.create(
                db,
                coach=coach,
                client_id=client.id,
                fields=SprintCreate(
                    title=f"Sprint {n}",
                    start_date=start + timedelta(weeks=n),
                    end_date=start + timedelta(weeks=n + 6),
                ),
            ).id
            for n in range(count)
        ]
        half = count // 2
        for title, linked in (("First half", sprint_ids[:half]), ("Second", sprint_ids[half:])):
            fields = TargetCreate(title=title, goal_ids=goal_ids, sprint_ids=linked)
            targets.create(db, coach=coach, client_id=client.id, fields=fields)
    return str(client.id)


def test_listing_sprints_takes_the_same_statements_for_10_or_1000(
    api: TestClient, db: Session, engine: Engine, coach: User
) -> None:
    counts = {}
    for size in (10, 1000):
        client_id = client_with_sprints(db, coach, size)
        with count_statements(engine) as log:
            response = api.get(f"/api/v1/clients/{client_id}/sprints", params={"limit": 100})
        assert response.status_code == 200
        assert response.json()["total"] == size
        assert all(len(s["goal_ids"]) == 2 for s in response.json()["items"])
        counts[size] = log.count

    assert counts[10] == counts[1000]
    # The bearer token, the client, the count, the page, its outcome links, their goal
    # links, the sprints' progress and health.
    assert counts[10] == 7, counts
