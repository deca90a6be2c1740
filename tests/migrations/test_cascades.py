"""At head, the database itself removes a record's links when the record goes, and no more.

Plain DELETE statements, no ORM, so what is tested is each link table's ON DELETE CASCADE
(on SQLite through an engine that switches foreign keys on, as the app's does).
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy import Connection

from coachboard.core.migrations import upgrade
from coachboard.models import Base
from tests.migrations.datasets import new_id, write_coach_and_client
from tests.migrations.inspection import connect

TABLES = Base.metadata.tables
# link table -> (its column naming one end, its column naming the other)
LINK_COLUMNS = {
    "target_goal_links": ("target_id", "goal_id"),
    "target_sprint_links": ("target_id", "sprint_id"),
    "commitment_target_links": ("commitment_id", "target_id"),
}


@dataclass
class Hierarchy:
    """Two goals, two sprints, two outcomes and two commitments of one client, all linked."""

    client_id: uuid.UUID = field(default_factory=new_id)
    goals: list[uuid.UUID] = field(default_factory=lambda: [new_id(), new_id()])
    sprints: list[uuid.UUID] = field(default_factory=lambda: [new_id(), new_id()])
    targets: list[uuid.UUID] = field(default_factory=lambda: [new_id(), new_id()])
    commitments: list[uuid.UUID] = field(default_factory=lambda: [new_id(), new_id()])
    # link table -> link id -> (one end, other end)
    links: dict[str, dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        (g1, g2), (s1, s2), (t1, t2), (c1, c2) = (
            self.goals,
            self.sprints,
            self.targets,
            self.commitments,
        )
        pairs = {
            "target_goal_links": [(t1, g1), (t1, g2), (t2, g1)],
            "target_sprint_links": [(t1, s1), (t1, s2), (t2, s2)],
            "commitment_target_links": [(c1, t1), (c1, t2), (c2, t1)],
        }
        self.links = {table: {new_id(): pair for pair in rows} for table, rows in pairs.items()}

    def links_of(self, record_id: uuid.UUID) -> dict[str, set[uuid.UUID]]:
        """The link rows, by table, that name the record at either end."""
        return {
            table: {link_id for link_id, pair in links.items() if record_id in pair}
            for table, links in self.links.items()
        }


def write_hierarchy(connection: Connection, hierarchy: Hierarchy) -> None:
    client = {"client_id": hierarchy.client_id}
    write_coach_and_client(connection, coach_id=new_id(), client_id=hierarchy.client_id)
    connection.execute(
        sa.insert(TABLES["client_goals"]),
        [{"id": goal_id, **client, "title": "Goal"} for goal_id in hierarchy.goals],
    )
    connection.execute(
        sa.insert(TABLES["sprints"]),
        [
            {
                "id": sprint_id,
                **client,
                "title": "Sprint",
                "start_date": date(2025, 1, 6),
                "end_date": date(2025, 2, 17),
            }
            for sprint_id in hierarchy.sprints
        ],
    )
    connection.execute(
        sa.insert(TABLES["targets"]),
        [{"id": target_id, **client, "title": "Outcome"} for target_id in hierarchy.targets],
    )
    connection.execute(
        sa.insert(TABLES["commitments"]),
        [{"id": commitment_id, **client, "title": "Do"} for commitment_id in hierarchy.commitments],
    )
    for table, links in hierarchy.links.items():
        one, other = LINK_COLUMNS[table]
        connection.execute(
            sa.insert(TABLES[table]),
            [{"id": link_id, one: a, other: b} for link_id, (a, b) in links.items()],
        )


def ids_by_table(connection: Connection) -> dict[str, set[uuid.UUID]]:
    # By primary key: a table need not have an id (sign_in_throttles is keyed by its key).
    return {
        name: set(connection.execute(sa.select(*table.primary_key.columns)).scalars())
        for name, table in TABLES.items()
    }


@pytest.fixture
def head_database_url(empty_database_url: str) -> str:
    upgrade(empty_database_url, "head")
    return empty_database_url


@pytest.fixture
def hierarchy(head_database_url: str) -> Iterator[tuple[Connection, Hierarchy]]:
    """The hierarchy, written in a transaction that is rolled back after the test."""
    with connect(head_database_url) as engine, engine.connect() as connection:
        data = Hierarchy()
        write_hierarchy(connection, data)
        yield connection, data
        connection.rollback()


def delete_and_check_only_its_links_went(
    connection: Connection, data: Hierarchy, table: str, record_id: uuid.UUID
) -> dict[str, set[uuid.UUID]]:
    """Delete one record with plain SQL; every other row of every table must remain.

    Returns the link ids, by table, that went with it.
    """
    before = ids_by_table(connection)
    its_links = data.links_of(record_id)

    connection.execute(sa.delete(TABLES[table]).where(TABLES[table].c.id == record_id))

    expected = {name: set(ids) for name, ids in before.items()}
    expected[table].remove(record_id)
    for link_table, link_ids in its_links.items():
        expected[link_table] -= link_ids
    assert ids_by_table(connection) == expected
    return {link_table: link_ids for link_table, link_ids in its_links.items() if link_ids}


def test_deleting_a_goal_removes_only_its_links(hierarchy: tuple[Connection, Hierarchy]) -> None:
    connection, data = hierarchy

    gone = delete_and_check_only_its_links_went(connection, data, "client_goals", data.goals[0])

    assert {table: len(links) for table, links in gone.items()} == {"target_goal_links": 2}


def test_deleting_a_sprint_removes_only_its_links(hierarchy: tuple[Connection, Hierarchy]) -> None:
    connection, data = hierarchy

    gone = delete_and_check_only_its_links_went(connection, data, "sprints", data.sprints[1])

    assert {table: len(links) for table, links in gone.items()} == {"target_sprint_links": 2}


def test_deleting_an_outcome_removes_its_goal_sprint_and_commitment_links_only(
    hierarchy: tuple[Connection, Hierarchy],
) -> None:
    connection, data = hierarchy

    gone = delete_and_check_only_its_links_went(connection, data, "targets", data.targets[0])

    assert {table: len(links) for table, links in gone.items()} == {
        "target_goal_links": 2,
        "target_sprint_links": 2,
        "commitment_target_links": 2,
    }


def test_deleting_a_commitment_removes_only_its_links(
    hierarchy: tuple[Connection, Hierarchy],
) -> None:
    connection, data = hierarchy

    gone = delete_and_check_only_its_links_went(
        connection, data, "commitments", data.commitments[0]
    )

    assert {table: len(links) for table, links in gone.items()} == {"commitment_target_links": 2}
