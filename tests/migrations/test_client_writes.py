"""Migration f3c8a1d7b2e5: sessions' notes written before it stay private (shared notes start
empty), its new tables cascade as the client's rows should, and its downgrade leaves the schema
as it was."""

import uuid
from datetime import date

import sqlalchemy as sa

from coachboard.core.migrations import downgrade, upgrade
from tests.migrations.datasets import new_id
from tests.migrations.inspection import connect, schema_description

BEFORE = "e6a2c9d4b7f1"
REVISION = "f3c8a1d7b2e5"

# The tables as revision e6a2c9d4b7f1 shapes them (columns the test writes).
users = sa.table(
    "users",
    sa.column("id", sa.Uuid()),
    sa.column("email", sa.String()),
    sa.column("name", sa.String()),
    sa.column("password_hash", sa.String()),
)
clients = sa.table(
    "clients", sa.column("id", sa.Uuid()), sa.column("coach_id", sa.Uuid()), sa.column("name")
)
sessions = sa.table(
    "coaching_sessions",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("session_date", sa.Date()),
    sa.column("notes", sa.Text()),
)
commitments = sa.table(
    "commitments",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("title", sa.String()),
)
# The tables the revision adds.
topics = sa.table(
    "agenda_topics",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("text", sa.String()),
    sa.column("session_id", sa.Uuid()),
    sa.column("author_user_id", sa.Uuid()),
)
reflections = sa.table(
    "commitment_reflections",
    sa.column("id", sa.Uuid()),
    sa.column("commitment_id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("text", sa.String()),
    sa.column("author_user_id", sa.Uuid()),
)


def write_client(connection: sa.Connection) -> dict[str, uuid.UUID]:
    """A coach, a client, two sessions (one with private notes) and a commitment."""
    ids = {name: new_id() for name in ("coach", "client", "noted", "blank", "commitment")}
    connection.execute(
        sa.insert(users),
        [{"id": ids["coach"], "email": "dana@example.com", "name": "Dana", "password_hash": "x"}],
    )
    connection.execute(
        sa.insert(clients), [{"id": ids["client"], "coach_id": ids["coach"], "name": "Sam"}]
    )
    connection.execute(
        sa.insert(sessions),
        [
            {"id": ids["noted"], "client_id": ids["client"], "session_date": date(2026, 3, 2)}
            | {"notes": "Seemed tired"},
            {"id": ids["blank"], "client_id": ids["client"], "session_date": date(2026, 3, 9)}
            | {"notes": ""},
        ],
    )
    connection.execute(
        sa.insert(commitments),
        [{"id": ids["commitment"], "client_id": ids["client"], "title": "Run"}],
    )
    return ids


def notes_by_id(connection: sa.Connection) -> dict[uuid.UUID, tuple[str, str]]:
    rows = connection.execute(
        sa.text("SELECT id, notes, shared_notes FROM coaching_sessions").columns(id=sa.Uuid())
    )
    return {row.id: (row.notes, row.shared_notes) for row in rows}


def test_notes_written_before_the_migration_stay_private(empty_database_url: str) -> None:
    upgrade(empty_database_url, BEFORE)
    with connect(empty_database_url) as engine, engine.begin() as connection:
        ids = write_client(connection)

    upgrade(empty_database_url, REVISION)

    with connect(empty_database_url) as engine, engine.connect() as connection:
        assert notes_by_id(connection) == {
            ids["noted"]: ("Seemed tired", ""),
            ids["blank"]: ("", ""),
        }
        changed_by_client = connection.execute(
            sa.text("SELECT status_changed_by_client_at FROM commitments")
        ).scalars()
        assert list(changed_by_client) == [None]


def test_the_clients_rows_go_with_the_client_and_outlive_their_session_and_author(
    empty_database_url: str,
) -> None:
    upgrade(empty_database_url, REVISION)
    with connect(empty_database_url) as engine, engine.begin() as connection:
        ids = write_client(connection)
        author = new_id()
        connection.execute(
            sa.insert(users),
            [{"id": author, "email": "sam@example.com", "name": "Sam", "password_hash": "x"}],
        )
        topic, reflection = new_id(), new_id()
        connection.execute(
            sa.insert(topics),
            [
                {"id": topic, "client_id": ids["client"], "text": "Sleep"}
                | {"session_id": ids["noted"], "author_user_id": author}
            ],
        )
        connection.execute(
            sa.insert(reflections),
            [
                {"id": reflection, "commitment_id": ids["commitment"], "text": "Hard"}
                | {"client_id": ids["client"], "author_user_id": author}
            ],
        )

    with connect(empty_database_url) as engine, engine.begin() as connection:
        connection.execute(sa.delete(sessions).where(sessions.c.id == ids["noted"]))
        connection.execute(sa.delete(users).where(users.c.id == author))
        kept_topic = connection.execute(sa.select(topics)).one()
        kept_reflection = connection.execute(sa.select(reflections)).one()
        assert (kept_topic.session_id, kept_topic.author_user_id) == (None, None)
        assert kept_reflection.author_user_id is None

        connection.execute(sa.delete(clients).where(clients.c.id == ids["client"]))
        assert connection.execute(sa.select(sa.func.count()).select_from(topics)).scalar() == 0
        assert connection.execute(sa.select(sa.func.count()).select_from(reflections)).scalar() == 0


def test_downgrade_leaves_the_schema_as_it_was(empty_database_url: str) -> None:
    upgrade(empty_database_url, BEFORE)
    with connect(empty_database_url) as engine, engine.connect() as connection:
        before = schema_description(connection)
    with connect(empty_database_url) as engine, engine.begin() as connection:
        ids = write_client(connection)

    upgrade(empty_database_url, REVISION)
    downgrade(empty_database_url, BEFORE)

    with connect(empty_database_url) as engine, engine.connect() as connection:
        assert schema_description(connection) == before
        notes = connection.execute(
            sa.select(sessions.c.id, sessions.c.notes).order_by(sessions.c.session_date)
        ).all()
    assert [tuple(row) for row in notes] == [(ids["noted"], "Seemed tired"), (ids["blank"], "")]
