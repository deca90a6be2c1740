"""Progress costs one statement per answer, whatever the client holds: the goal, outcome and
sprint answers take the same statements for a client with 24,000 links as for a sparse one."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from tests.dense_client import BIG, SMALL, DenseClient, dense_client
from tests.querycount import count_statements

# The bearer token and what each answer reads: the client (lists), the count and the page (or
# the record), its links (outcomes, sprints: two for a sprint's goals), and its progress (an
# outcome's is read with its row).
ANSWERS = {
    "/api/v1/clients/{client}/goals?limit=100": 1 + 1 + 2 + 1,
    "/api/v1/goals/{goal}": 1 + 1 + 1,
    "/api/v1/clients/{client}/targets?limit=100": 1 + 1 + 2 + 1,
    "/api/v1/targets/{target}": 1 + 1 + 1,
    "/api/v1/clients/{client}/sprints?limit=100": 1 + 1 + 2 + 2 + 1,
    "/api/v1/sprints/{sprint}": 1 + 1 + 2 + 1,
}


def url(client: DenseClient, answer: str) -> str:
    return answer.format(
        client=client.client.id,
        goal=client.goal_ids[0],
        target=client.target_ids[0],
        sprint=client.sprint_ids[0],
    )


def statements(api: TestClient, engine: Engine, path: str) -> int:
    with count_statements(engine) as log:
        response = api.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return log.count


def test_answers_with_progress_take_fixed_statements_for_a_dense_client(
    api: TestClient, db: Session, coach: User, engine: Engine
) -> None:
    big = dense_client(db, coach, "Dense", BIG)
    small = dense_client(db, coach, "Sparse", SMALL)

    counted = {
        answer: (
            statements(api, engine, url(big, answer)),
            statements(api, engine, url(small, answer)),
        )
        for answer in ANSWERS
    }

    assert counted == {answer: (count, count) for answer, count in ANSWERS.items()}
