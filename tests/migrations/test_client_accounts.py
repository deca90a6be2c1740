"""Migration e6a2c9d4b7f1 adds client accounts (users.client_id) and client_invitations:
existing accounts stay coaches; its downgrade removes client accounts with their sign-in state,
keeps coaches and clients, and leaves the schema as it was."""

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from coachboard.core.migrations import downgrade, upgrade
from tests.migrations.datasets import new_id, write_coach_and_client
from tests.migrations.inspection import connect, schema_description, table_names

BEFORE = "e2b7c4d9f1a6"
REVISION = "e6a2c9d4b7f1"

# The tables as revision e6a2c9d4b7f1 shapes them (the columns the test writes).
users = sa.table(
    "users",
    sa.column("id", sa.Uuid()),
    sa.column("email", sa.String()),
    sa.column("name", sa.String()),
    sa.column("password_hash", sa.String()),
    sa.column("client_id", sa.Uuid()),
)
clients = sa.table("clients", sa.column("id", sa.Uuid()))
user_sessions = sa.table(
    "user_sessions",
    sa.column("id", sa.Uuid()),
    sa.column("user_id", sa.Uuid()),
    sa.column("digest", sa.String()),
)
client_invitations = sa.table(
    "client_invitations",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("digest", sa.String()),
    sa.column("expires_at", sa.DateTime()),
)


def test_existing_accounts_stay_coaches(empty_database_url: str) -> None:
    upgrade(empty_database_url, BEFORE)
    coach_id, client_id = new_id(), new_id()
    with connect(empty_database_url) as engine, engine.begin() as connection:
        write_coach_and_client(connection, coach_id=coach_id, client_id=client_id)

    upgrade(empty_database_url, REVISION)

    with connect(empty_database_url) as engine, engine.connect() as connection:
        rows = connection.execute(sa.select(users.c.id, users.c.client_id)).all()
        invitations = connection.execute(sa.select(sa.func.count()).select_from(client_invitations))
        assert rows == [(coach_id, None)]
        assert invitations.scalar_one() == 0


def test_one_account_per_client(empty_database_url: str) -> None:
    upgrade(empty_database_url, REVISION)
    coach_id, client_id = new_id(), new_id()
    with connect(empty_database_url) as engine, engine.begin() as connection:
        write_coach_and_client(connection, coach_id=coach_id, client_id=client_id)
        account = {"name": "Sam", "password_hash": "x", "client_id": client_id}
        connection.execute(sa.insert(users), [{"id": new_id(), "email": "a@x.org", **account}])

    second = {"id": new_id(), "email": "b@x.org", **account}
    with (
        pytest.raises(sa.exc.IntegrityError),
        connect(empty_database_url) as engine,
        engine.begin() as connection,
    ):
        connection.execute(sa.insert(users), [second])


def test_downgrade_removes_client_accounts_and_their_sign_in_state_only(
    empty_database_url: str,
) -> None:
    upgrade(empty_database_url, BEFORE)
    with connect(empty_database_url) as engine, engine.connect() as connection:
        before = schema_description(connection)
    upgrade(empty_database_url, REVISION)
    coach_id, client_id, account_id = new_id(), new_id(), new_id()
    with connect(empty_database_url) as engine, engine.begin() as connection:
        write_coach_and_client(connection, coach_id=coach_id, client_id=client_id)
        connection.execute(
            sa.insert(users),
            [
                {
                    "id": account_id,
                    "email": "sam@example.com",
                    "name": "Sam",
                    "password_hash": "x",
                    "client_id": client_id,
                }
            ],
        )
        sessions = [
            {"id": new_id(), "user_id": user_id, "digest": f"{n}" * 64}
            for n, user_id in enumerate((coach_id, account_id))
        ]
        connection.execute(sa.insert(user_sessions), sessions)
        expires = datetime(2026, 12, 8) + timedelta(days=7)
        connection.execute(
            sa.insert(client_invitations),
            [{"id": new_id(), "client_id": client_id, "digest": "f" * 64, "expires_at": expires}],
        )

    downgrade(empty_database_url, BEFORE)

    with connect(empty_database_url) as engine, engine.connect() as connection:
        assert schema_description(connection) == before
        assert "client_invitations" not in table_names(connection)
        old_users = sa.table("users", sa.column("id", sa.Uuid()))
        assert connection.execute(sa.select(old_users.c.id)).scalars().all() == [coach_id]
        assert connection.execute(sa.select(clients.c.id)).scalars().all() == [client_id]
        left = connection.execute(sa.select(user_sessions.c.user_id)).scalars().all()
        assert left == [coach_id]
    upgrade(empty_database_url, REVISION)
