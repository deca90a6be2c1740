"""The legacy-link review's service: the queue's statement count, its count, racing resolutions."""

import threading
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from coachboard.core.database import session_factory, transaction
from coachboard.core.errors import Conflict
from coachboard.hierarchy import legacy
from coachboard.hierarchy.legacy_schemas import LegacyKind
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.links import CommitmentTargetLink
from tests.commitments.records import Records
from tests.querycount import count_statements


@pytest.fixture
def records(db: Session, coach: User) -> Records:
    return Records(db, coach)


def fill_queue(records: Records, client: Client, count: int) -> None:
    """count more records awaiting review: mostly commitments, some sprints; legacy goals and
    sprints that exist, that are gone, and that are not ids at all."""
    goals = [records.goal(client, f"Goal {n}") for n in range(3)]
    sprints = [records.sprint(client, f"Sprint {n}") for n in range(2)]
    for n in range(4):
        records.target(client, f"Outcome {n}", goals=goals[: n % 3 + 1], sprints=sprints[: n % 2])
    legacy_goals = [str(goal.id) for goal in goals] + [str(uuid.uuid4()), "garbage"]
    with transaction(records.db):
        for n in range(count):
            if n % 10 == 0:
                record = records.sprint(client, f"Legacy sprint {n}")
                records.legacy_meta(record, legacy_goal_id=legacy_goals[n % 5])
            else:
                record = records.commitment(client, f"Legacy commitment {n}")
                records.legacy_meta(
                    record,
                    legacy_goal_id=legacy_goals[n % 5],
                    legacy_sprint_id=str(sprints[n % 2].id),
                    other="kept",
                )


def test_the_queue_takes_the_same_number_of_statements_at_10_and_1000_items(
    engine: Engine, api: TestClient, db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    url = f"/api/v1/clients/{client.id}/legacy-links"
    counts = {}
    for size, more in ((10, 10), (1000, 990)):
        fill_queue(records, client, more)
        with count_statements(engine) as everything:
            items, total = legacy.queue(db, coach=coach, client_id=client.id)
        with count_statements(engine) as request:
            body = api.get(url, params={"limit": 100}).json()
        with count_statements(engine) as counting:
            assert legacy.queue_count(db, coach=coach, client_id=client.id) == size
        assert total == len(items) == body["total"] == size
        assert all(item.suggestions for item in items if not item.legacy_goal.gone)
        counts[size] = (everything.count, request.count, counting.count)

    assert counts[10] == counts[1000]
    assert counts[10][0] <= 7
    print(f"statements (service, request, count): {counts[10]}")


def test_the_queue_count_follows_resolutions_and_dismissals(
    db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    run = records.target(client)
    first, second = records.commitment(client), records.sprint(client)
    for record in (first, second):
        records.legacy_meta(record, legacy_goal_id=str(uuid.uuid4()))
    assert legacy.queue_count(db, coach=coach, client_id=client.id) == 2

    legacy.resolve(
        db, coach=coach, kind=LegacyKind.commitment, record_id=first.id, target_ids=[run.id]
    )
    assert legacy.queue_count(db, coach=coach, client_id=client.id) == 1
    legacy.dismiss(db, coach=coach, kind=LegacyKind.sprint, record_id=second.id)
    assert legacy.queue_count(db, coach=coach, client_id=client.id) == 0


def test_of_two_resolutions_at_once_one_links_and_the_other_finds_it_decided(
    engine: Engine, db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    run = records.target(client)
    commitment = records.commitment(client)
    records.legacy_meta(commitment, legacy_goal_id=str(uuid.uuid4()))
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def resolve() -> None:
        with session_factory(engine)() as own_session:
            start.wait()
            try:
                legacy.resolve(
                    own_session,
                    coach=coach,
                    kind=LegacyKind.commitment,
                    record_id=commitment.id,
                    target_ids=[run.id],
                )
                outcomes.append("resolved")
            except Exception as error:  # recorded, so the test shows what went wrong
                outcomes.append(error)

    threads = [threading.Thread(target=resolve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes.count("resolved") == 1
    assert [type(o) for o in outcomes if o != "resolved"] == [Conflict]
    with transaction(db):
        rows = db.scalar(select(func.count()).select_from(CommitmentTargetLink))
    assert rows == 1
