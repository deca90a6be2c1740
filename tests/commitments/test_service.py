import threading
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.core.database import session_factory, transaction
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.links import CommitmentTargetLink
from coachboard.models.targets import Target
from tests.commitments.records import Records
from tests.querycount import count_statements


def test_two_concurrent_adds_of_the_same_link_both_succeed_and_leave_one_row(
    engine: Engine, db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    run = records.target(client, "Run")
    commitment = records.commitment(client)
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def add_the_link() -> None:
        with session_factory(engine)() as own_session:
            start.wait()
            try:
                linked = commitments.add_targets(
                    own_session, coach=coach, commitment_id=commitment.id, target_ids=[run.id]
                )
                outcomes.append([target.id for target in linked.targets])
            except Exception as error:  # recorded, so the test shows what went wrong
                outcomes.append(error)

    threads = [threading.Thread(target=add_the_link) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes == [[run.id], [run.id]]
    rows = db.scalar(
        select(func.count())
        .select_from(CommitmentTargetLink)
        .where(CommitmentTargetLink.commitment_id == commitment.id)
    )
    assert rows == 1


def test_adding_and_removing_outcomes_keeps_the_other_links(
    db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    run, talk, read = (records.target(client, t) for t in ("Run", "Talk", "Read"))
    commitment = records.commitment(client, targets=[run])

    added = commitments.add_targets(
        db, coach=coach, commitment_id=commitment.id, target_ids=[talk.id, run.id, read.id]
    )
    assert [t.id for t in added.targets] == [run.id, talk.id, read.id]
    removed = commitments.remove_targets(
        db, coach=coach, commitment_id=commitment.id, target_ids=[talk.id]
    )
    assert [t.id for t in removed.targets] == [run.id, read.id]


def test_deleting_a_commitment_deletes_exactly_its_link_rows(
    db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    run, talk = records.target(client, "Run"), records.target(client, "Talk")
    doomed = records.commitment(client, "Doomed", targets=[run, talk])
    kept = records.commitment(client, "Kept", targets=[run])

    commitments.delete(db, coach=coach, commitment_id=doomed.id)

    links = db.execute(select(CommitmentTargetLink.commitment_id, CommitmentTargetLink.target_id))
    assert list(links) == [(kept.id, run.id)]
    assert set(db.scalars(select(Target.id))) == {run.id, talk.id}


def fill(records: Records, client: Client, count: int) -> None:
    """count more commitments, each with an outcome that has a goal and a sprint, in a session."""
    goal, sprint = records.goal(client), records.sprint(client)
    outcome = records.target(client, goals=[goal], sprints=[sprint])
    session = records.session(client)
    with transaction(records.db):
        for n in range(count):
            records.commitment(
                client,
                f"Commitment {n}",
                targets=[outcome],
                session_id=session.id,
                due_date=date(2026, 1, 1) + timedelta(days=n % 90) if n % 3 else None,
            )


def test_listing_commitments_takes_the_same_number_of_statements_at_10_and_1000(
    engine: Engine, api: TestClient, db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    url = f"/api/v1/clients/{client.id}/commitments"
    counts = {}
    for size, more in ((10, 10), (1000, 990)):
        fill(records, client, more)
        with count_statements(engine) as everything:
            listed, total = commitments.get_all(db, coach=coach, client_id=client.id)
        with count_statements(engine) as request:
            body = api.get(url, params={"limit": 100}).json()
        with count_statements(engine) as filtered:
            api.get(url, params={"limit": 100, "status": "open", "due_from": "2026-01-01"})
        assert total == len(listed) == body["total"] == size
        counts[size] = (everything.count, request.count, filtered.count)

    assert counts[10] == counts[1000]
    print(f"statements (service, request, filtered request): {counts[10]}")
