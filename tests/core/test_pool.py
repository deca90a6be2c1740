"""PostgreSQL connections: a busy one is used as it is (no ping: a round trip per request
less), one that sat idle is pinged first and replaced when its server end is gone."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from coachboard.core import database
from tests.databases import require_backend


@pytest.fixture
def postgres(database_factory) -> Iterator[Engine]:
    require_backend("postgresql")
    engine = database.create_db_engine(database_factory.create("postgresql"))
    yield engine
    engine.dispose()


def backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def terminate(engine: Engine, pid: int) -> None:
    """End the server side of a pooled connection, as a restart or an idle timeout would."""
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        connection.commit()


def test_an_idle_connection_whose_server_end_is_gone_is_replaced_before_use(
    postgres: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "IDLE_BEFORE_PING_SECONDS", 0.0)
    with postgres.connect() as held, postgres.connect() as other:
        first = held.execute(text("SELECT pg_backend_pid()")).scalar_one()
        other.execute(text("SELECT 1"))
    terminate(postgres, first)

    answers = [backend_pid(postgres) for _ in range(2)]

    assert first not in answers


def test_a_connection_used_a_moment_ago_is_not_pinged(
    postgres: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend_pid(postgres)
    pinged: list[object] = []
    ping = postgres.dialect.do_ping
    monkeypatch.setattr(
        postgres.dialect,
        "do_ping",
        lambda connection: pinged.append(connection) or ping(connection),
    )

    for _ in range(3):
        backend_pid(postgres)

    assert pinged == []
    monkeypatch.setattr(database, "IDLE_BEFORE_PING_SECONDS", 0.0)
    backend_pid(postgres)
    assert len(pinged) == 1
