"""Migration e2b7c4d9f1a6 gives each outcome its commitment figures: rows written before it get
them from their links, the database keeps them after it, and its downgrade leaves the schema as
it was."""

import uuid
from datetime import date

import sqlalchemy as sa

from coachboard.core.migrations import downgrade, upgrade
from tests.migrations.datasets import new_id
from tests.migrations.inspection import connect, schema_description

BEFORE = "d5b1e8c4a2f6"
REVISION = "e2b7c4d9f1a6"

# The tables as revision d5b1e8c4a2f6 shapes them (columns the test writes).
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
targets = sa.table(
    "targets",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("title", sa.String()),
    sa.column("status", sa.String()),
)
commitments = sa.table(
    "commitments",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("title", sa.String()),
    sa.column("status", sa.String()),
    sa.column("due_date", sa.Date()),
)
links = sa.table(
    "commitment_target_links",
    sa.column("id", sa.Uuid()),
    sa.column("commitment_id", sa.Uuid()),
    sa.column("target_id", sa.Uuid()),
)

# Each commitment: (status, due date, the outcomes it serves).
COMMITMENTS = [
    ("done", None, ("busy", "shared")),
    ("open", date(2026, 3, 4), ("busy",)),
    ("open", date(2026, 2, 1), ("busy", "shared")),
    ("open", None, ("shared",)),
    ("dropped", date(2026, 1, 1), ("busy", "dropped only")),
]
# Each outcome: (commitments_total, commitments_done, first_open_due).
EXPECTED = {
    "busy": (3, 1, date(2026, 2, 1)),
    "shared": (3, 1, date(2026, 2, 1)),
    "dropped only": (0, 0, None),
    "none": (0, 0, None),
}


def write_client(connection: sa.Connection) -> dict[str, uuid.UUID]:
    coach_id, client_id = new_id(), new_id()
    connection.execute(
        sa.insert(users),
        [{"id": coach_id, "email": "dana@example.com", "name": "Dana", "password_hash": "x"}],
    )
    connection.execute(sa.insert(clients), [{"id": client_id, "coach_id": coach_id, "name": "S"}])
    outcome_ids = {name: new_id() for name in EXPECTED}
    connection.execute(
        sa.insert(targets),
        [
            {"id": i, "client_id": client_id, "title": name, "status": "in_progress"}
            for name, i in outcome_ids.items()
        ],
    )
    for n, (status, due, served) in enumerate(COMMITMENTS):
        commitment = {"id": new_id(), "client_id": client_id, "title": f"c{n}"}
        connection.execute(
            sa.insert(commitments), [commitment | {"status": status, "due_date": due}]
        )
        connection.execute(
            sa.insert(links),
            [
                {"id": new_id(), "commitment_id": commitment["id"], "target_id": outcome_ids[o]}
                for o in served
            ],
        )
    return outcome_ids


def figures(database_url: str, outcome_ids: dict[str, uuid.UUID]) -> dict[str, tuple]:
    with connect(database_url) as engine, engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT id, commitments_total, commitments_done, first_open_due FROM targets"
            ).columns(id=sa.Uuid(), first_open_due=sa.Date())
        )
        by_id = {row.id: tuple(row[1:]) for row in rows}
    return {name: by_id[i] for name, i in outcome_ids.items()}


def test_outcomes_written_before_the_migration_get_their_figures(
    empty_database_url: str,
) -> None:
    upgrade(empty_database_url, BEFORE)
    with connect(empty_database_url) as engine, engine.begin() as connection:
        outcome_ids = write_client(connection)

    upgrade(empty_database_url, REVISION)

    assert figures(empty_database_url, outcome_ids) == EXPECTED


def test_the_database_keeps_them_after_the_migration(empty_database_url: str) -> None:
    upgrade(empty_database_url, REVISION)
    with connect(empty_database_url) as engine, engine.begin() as connection:
        outcome_ids = write_client(connection)
        connection.execute(
            sa.update(commitments)
            .where(commitments.c.due_date == date(2026, 2, 1))
            .values(status="done")
        )

    assert figures(empty_database_url, outcome_ids) == EXPECTED | {
        "busy": (3, 2, date(2026, 3, 4)),
        "shared": (3, 2, None),
    }


def test_downgrade_leaves_the_schema_as_it_was(empty_database_url: str) -> None:
    upgrade(empty_database_url, BEFORE)
    with connect(empty_database_url) as engine, engine.connect() as connection:
        before = schema_description(connection)
    with connect(empty_database_url) as engine, engine.begin() as connection:
        write_client(connection)

    upgrade(empty_database_url, REVISION)
    downgrade(empty_database_url, BEFORE)

    with connect(empty_database_url) as engine, engine.connect() as connection:
        assert schema_description(connection) == before
        functions = (
            connection.exec_driver_sql(
                "SELECT count(*) FROM pg_proc WHERE starts_with(proname, 'target_figures')"
            ).scalar_one()
            if connection.dialect.name == "postgresql"
            else 0
        )
    assert functions == 0


def test_the_triggers_are_there_at_head(empty_database_url: str) -> None:
    """A later migration that rebuilds one of the tables in SQLite's batch mode drops its
    triggers with it, and must create them again: this fails until it does."""
    upgrade(empty_database_url, "head")
    with connect(empty_database_url) as engine, engine.connect() as connection:
        names = connection.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
            if connection.dialect.name == "postgresql"
            else "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).scalars()
        found = {name for name in names if name.startswith("target_figures_")}
    assert found == {
        f"target_figures_{name}"
        for name in ("links_insert", "links_delete", "links_update", "commitments_update")
    }
