"""One transaction per request: reads write nothing and, on SQLite, take no write lock; a
refused or failed write leaves nothing behind."""

import threading
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from psycopg.pq import TransactionStatus
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from coachboard.accounts import credentials
from coachboard.accounts import service as accounts
from coachboard.core.database import WriteInRead, unit_of_work
from coachboard.core.models import utcnow
from coachboard.models.accounts import ApiToken, User
from coachboard.models.clients import Client
from tests.querycount import count_statements


def writes(statements: list[str]) -> list[str]:
    return [
        sql for sql in statements if sql.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]


def test_twenty_authenticated_reads_write_once_for_the_token_then_never(
    app, db: Session, engine: Engine, coach: User
) -> None:
    token = accounts.create_token(db, user=coach, name="fresh")
    browser = TestClient(app, headers={"Authorization": f"Bearer {token}"})

    per_request = []
    for _ in range(20):
        with count_statements(engine) as log:
            assert browser.get("/api/v1/clients").status_code == 200
        per_request.append(writes(log.statements))

    assert len(per_request[0]) == 1 and "api_tokens" in per_request[0][0]
    assert per_request[1:] == [[]] * 19
    assert db.scalar(select(ApiToken.last_used_at).where(ApiToken.user_id == coach.id))


def test_a_token_last_used_long_ago_is_stamped_again(
    app, db: Session, engine: Engine, coach: User
) -> None:
    token = accounts.create_token(db, user=coach, name="old")
    long_ago = utcnow() - credentials.RESOLUTION - timedelta(seconds=1)
    with db.begin():
        db.execute(update(ApiToken).values(last_used_at=long_ago))
    browser = TestClient(app, headers={"Authorization": f"Bearer {token}"})

    assert browser.get("/api/v1/clients").status_code == 200

    db.expire_all()
    assert db.scalar(select(ApiToken.last_used_at)) > long_ago


def test_a_read_answers_while_another_connection_holds_the_sqlite_write_lock(
    api: TestClient, backend: str, engine: Engine
) -> None:
    if backend != "sqlite":
        pytest.skip("the write lock is SQLite's")
    answers: list[int] = []
    with engine.connect() as writer:
        writer.exec_driver_sql("SELECT 1")  # begins as a write request does: BEGIN IMMEDIATE
        reader = threading.Thread(
            target=lambda: answers.append(api.get("/api/v1/clients").status_code)
        )
        reader.start()
        # A read that asked for the write lock would wait out the 30 s busy timeout.
        reader.join(timeout=5)
        alive = reader.is_alive()
        writer.rollback()
    reader.join()
    assert not alive, "the read waited for the write lock"
    assert answers == [200]


def test_a_failed_request_writes_nothing(api: TestClient, db: Session) -> None:
    client_id = api.post("/api/v1/clients", json={"name": "Sam"}).json()["id"]

    response = api.post(
        f"/api/v1/clients/{client_id}/targets",
        json={"title": "Run 10 km", "goal_ids": ["00000000-0000-0000-0000-000000000000"]},
    )

    assert response.status_code == 422
    assert api.get(f"/api/v1/clients/{client_id}/targets").json()["total"] == 0
    assert db.scalar(select(Client.name)) == "Sam"


def test_a_read_that_would_write_raises_and_writes_nothing(
    engine: Engine, db: Session, coach: User
) -> None:
    # On PostgreSQL a read runs without a transaction: a write there would be kept at once.
    with pytest.raises(WriteInRead), unit_of_work(engine, read_only=True) as session:
        session.execute(select(User.id)).all()
        session.execute(update(User).where(User.id == coach.id).values(name="Changed"))

    db.expire_all()
    assert db.scalar(select(User.name).where(User.id == coach.id)) == coach.name
    assert coach.name != "Changed"


def test_a_read_opens_a_transaction_only_where_it_keeps_a_snapshot(
    engine: Engine, backend: str
) -> None:
    def in_transaction_after_a_select(read_only: bool) -> bool:
        with unit_of_work(engine, read_only=read_only) as session:
            session.execute(select(User.id)).all()
            driver = session.connection().connection.dbapi_connection
            if backend == "postgresql":
                return driver.info.transaction_status == TransactionStatus.INTRANS
            return driver.in_transaction

    # On PostgreSQL no BEGIN was sent, so no COMMIT will be (two round trips fewer): under READ
    # COMMITTED each statement reads its own snapshot anyway. SQLite's deferred transaction
    # keeps one snapshot for all of a read's statements, in-process.
    assert in_transaction_after_a_select(read_only=True) == (backend == "sqlite")
    assert in_transaction_after_a_select(read_only=False)
