"""Legacy links move into the junction tables, come back on downgrade, and return unchanged.

Data is written with each revision's own schema (legacy_tables, junction_tables).
"""

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from coachboard.core.migrations import downgrade, upgrade
from tests.migrations import junction_tables as junction
from tests.migrations import legacy_tables as legacy
from tests.migrations.datasets import (
    LegacyClient,
    LegacyCommitment,
    LegacySprint,
    LegacyTarget,
    new_id,
    write_legacy_client,
)
from tests.migrations.inspection import (
    ForeignKey,
    column_names,
    column_values,
    commitment_link_pairs,
    connect,
    foreign_keys,
    is_nullable,
    link_pairs,
    links_in_order,
    metadata_by_id,
    revision_of,
    schema_description,
    table_names,
    wipe,
)

# Sorts before, and after, any random id: decides a tie on created_at.
SMALLEST_ID = uuid.UUID(int=1)
LARGEST_ID = uuid.UUID(int=2**128 - 1)

OLD_FOREIGN_KEYS = {
    "targets": {
        ForeignKey("targets_goal_id_fkey", ("goal_id",), "client_goals", ("id",), None),
        ForeignKey("targets_sprint_id_fkey", ("sprint_id",), "sprints", ("id",), None),
    },
    "sprints": {
        ForeignKey("sprints_goal_id_fkey", ("goal_id",), "client_goals", ("id",), None),
    },
    "commitments": {
        ForeignKey("commitments_goal_id_fkey", ("goal_id",), "client_goals", ("id",), None),
        ForeignKey("commitments_sprint_id_fkey", ("sprint_id",), "sprints", ("id",), None),
    },
}
OLD_COLUMNS = {
    "targets": {"goal_id", "sprint_id"},
    "sprints": {"goal_id"},
    "commitments": {"goal_id", "sprint_id"},
}


def main_client() -> LegacyClient:
    """Three goals, three sprints, three outcomes, commitments with every mix of old links."""
    g1, g2, g3 = new_id(), new_id(), new_id()
    s1 = LegacySprint(new_id(), goal_id=g1, metadata={"colour": "blue"})
    s2 = LegacySprint(new_id(), goal_id=None)
    s3 = LegacySprint(new_id(), goal_id=g2, metadata={"note": "review", "weeks": [1, 2]})
    t1 = LegacyTarget(new_id(), goal_id=g1, sprint_id=s1.id, metadata={"priority": 1})
    t2 = LegacyTarget(new_id(), goal_id=g2, sprint_id=s1.id)
    t3 = LegacyTarget(new_id(), goal_id=g1, sprint_id=s2.id, metadata={"tags": ["a", "b"]})
    both = LegacyCommitment(new_id(), goal_id=g1, sprint_id=s1.id, metadata={"source": "session"})
    goal_only = LegacyCommitment(new_id(), goal_id=g3, sprint_id=None)
    sprint_only = LegacyCommitment(new_id(), goal_id=None, sprint_id=s2.id, metadata={"effort": 3})
    neither = LegacyCommitment(new_id(), goal_id=None, sprint_id=None, metadata={"keep": True})
    bare = LegacyCommitment(new_id(), goal_id=None, sprint_id=None)
    return LegacyClient(
        goal_ids=[g1, g2, g3],
        sprints=[s1, s2, s3],
        targets=[t1, t2, t3],
        commitments=[both, goal_only, sprint_only, neither, bare],
        commitment_links=[(both.id, t1.id), (both.id, t2.id), (goal_only.id, t3.id)],
    )


def other_client() -> LegacyClient:
    goal = new_id()
    sprint = LegacySprint(new_id(), goal_id=goal, metadata={"other": "client"})
    target = LegacyTarget(new_id(), goal_id=goal, sprint_id=sprint.id)
    commitment = LegacyCommitment(new_id(), goal_id=goal, sprint_id=sprint.id)
    return LegacyClient(
        goal_ids=[goal],
        sprints=[sprint],
        targets=[target],
        commitments=[commitment],
        commitment_links=[(commitment.id, target.id)],
    )


@pytest.fixture
def clients() -> list[LegacyClient]:
    return [main_client(), other_client()]


@pytest.fixture
def legacy_database(empty_database_url: str, clients: list[LegacyClient]) -> str:
    """A database at 5b7a1c2e9d40 holding the clients' data."""
    upgrade(empty_database_url, legacy.REVISION)
    with connect(empty_database_url) as engine, engine.begin() as connection:
        for client in clients:
            write_legacy_client(connection, client)
    return empty_database_url


@pytest.fixture
def many_to_many_database(legacy_database: str, clients: list[LegacyClient]) -> str:
    """Upgraded to f06135d685df, with outcomes linked to two or three goals and sprints.

    Link order (created_at, then id) is set so that downgrade has to pick: t1 keeps its
    migrated links first; t2 gets an older goal link, and a sprint link made at the same
    moment as its migrated one that comes first on id; t3 gets a goal link made at the same
    moment as its migrated one that comes second on id.
    """
    upgrade(legacy_database, junction.REVISION)
    main = clients[0]
    g1, g2, g3 = main.goal_ids
    s1, s2, s3 = (sprint.id for sprint in main.sprints)
    t1, t2, t3 = (target.id for target in main.targets)
    goal_link = junction.target_goal_links
    sprint_link = junction.target_sprint_links
    minute = timedelta(minutes=1)
    with connect(legacy_database) as engine, engine.begin() as connection:
        migrated_at = connection.execute(
            sa.select(goal_link.c.created_at).where(goal_link.c.target_id == t3)
        ).scalar_one()
        sprint_migrated_at = connection.execute(
            sa.select(sprint_link.c.created_at).where(sprint_link.c.target_id == t2)
        ).scalar_one()
        connection.execute(
            sa.insert(goal_link),
            [
                {
                    "id": new_id(),
                    "target_id": t1,
                    "goal_id": g2,
                    "created_at": migrated_at + minute,
                },
                {
                    "id": new_id(),
                    "target_id": t1,
                    "goal_id": g3,
                    "created_at": migrated_at + 2 * minute,
                },
                {
                    "id": new_id(),
                    "target_id": t2,
                    "goal_id": g3,
                    "created_at": migrated_at - 1440 * minute,
                },
                {"id": LARGEST_ID, "target_id": t3, "goal_id": g2, "created_at": migrated_at},
            ],
        )
        connection.execute(
            sa.insert(sprint_link),
            [
                {
                    "id": new_id(),
                    "target_id": t1,
                    "sprint_id": s2,
                    "created_at": migrated_at + minute,
                },
                {
                    "id": new_id(),
                    "target_id": t1,
                    "sprint_id": s3,
                    "created_at": migrated_at + 2 * minute,
                },
                {
                    "id": SMALLEST_ID,
                    "target_id": t2,
                    "sprint_id": s3,
                    "created_at": sprint_migrated_at,
                },
            ],
        )
        goal_links = links_in_order(connection, "target_goal_links")
        sprint_links = links_in_order(connection, "target_sprint_links")
    assert {t1: [g1, g2, g3], t2: [g3, g2], t3: [g1, g2]}.items() <= goal_links.items()
    assert {t1: [s1, s2, s3], t2: [s3, s1], t3: [s2]}.items() <= sprint_links.items()
    return legacy_database


def test_upgrade_turns_each_outcome_goal_and_sprint_into_a_link(
    legacy_database: str, clients: list[LegacyClient]
) -> None:
    upgrade(legacy_database, junction.REVISION)

    targets = [target for client in clients for target in client.targets]
    with connect(legacy_database) as engine, engine.connect() as connection:
        assert link_pairs(connection, "target_goal_links") == {(t.id, t.goal_id) for t in targets}
        assert link_pairs(connection, "target_sprint_links") == {
            (t.id, t.sprint_id) for t in targets
        }
        assert commitment_link_pairs(connection) == {
            link for client in clients for link in client.commitment_links
        }
        assert metadata_by_id(connection, "targets") == {t.id: t.metadata for t in targets}
    assert revision_of(legacy_database) == junction.REVISION


def test_upgrade_keeps_old_commitment_and_sprint_links_in_metadata_beside_other_keys(
    legacy_database: str, clients: list[LegacyClient]
) -> None:
    upgrade(legacy_database, junction.REVISION)

    main = clients[0]
    g1, _, g3 = main.goal_ids
    s1, s2, s3 = main.sprints
    both, goal_only, sprint_only, neither, bare = main.commitments
    with connect(legacy_database) as engine, engine.connect() as connection:
        commitments = metadata_by_id(connection, "commitments")
        sprints = metadata_by_id(connection, "sprints")
    assert commitments[both.id] == {
        "source": "session",
        "legacy_goal_id": str(g1),
        "legacy_sprint_id": str(s1.id),
    }
    assert commitments[goal_only.id] == {"legacy_goal_id": str(g3)}
    assert commitments[sprint_only.id] == {"effort": 3, "legacy_sprint_id": str(s2.id)}
    assert commitments[neither.id] == {"keep": True}
    assert commitments[bare.id] == {}
    assert sprints[s1.id] == {"colour": "blue", "legacy_goal_id": str(g1)}
    assert sprints[s2.id] == {}
    assert sprints[s3.id] == {"note": "review", "weeks": [1, 2], "legacy_goal_id": str(s3.goal_id)}
    other = clients[1]
    assert commitments[other.commitments[0].id] == {
        "legacy_goal_id": str(other.goal_ids[0]),
        "legacy_sprint_id": str(other.sprints[0].id),
    }


def test_upgrade_drops_the_five_old_columns_and_their_foreign_keys(legacy_database: str) -> None:
    upgrade(legacy_database, junction.REVISION)

    with connect(legacy_database) as engine, engine.connect() as connection:
        for table, columns in OLD_COLUMNS.items():
            assert not columns & column_names(connection, table), table
            keys = foreign_keys(connection, table)
            assert not {key.name for key in keys} & {key.name for key in OLD_FOREIGN_KEYS[table]}
            assert not {key.columns for key in keys} & {("goal_id",), ("sprint_id",)}
            # A table rebuilt on SQLite keeps the foreign keys it should keep.
            client_key = f"{table}_client_id_fkey"
            assert ForeignKey(client_key, ("client_id",), "clients", ("id",), "CASCADE") in keys


def test_downgrade_puts_the_first_link_back_in_each_column_with_its_constraints(
    many_to_many_database: str, clients: list[LegacyClient]
) -> None:
    downgrade(many_to_many_database, legacy.REVISION)

    main, other = clients
    g1, g2, g3 = main.goal_ids
    s1, s2, s3 = (sprint.id for sprint in main.sprints)
    t1, t2, t3 = main.targets
    other_target = other.targets[0]
    with connect(many_to_many_database) as engine, engine.connect() as connection:
        assert column_values(connection, "targets", "goal_id", "sprint_id") == {
            t1.id: (g1, s1),
            t2.id: (g3, s3),
            t3.id: (g1, s2),
            other_target.id: (other_target.goal_id, other_target.sprint_id),
        }
        assert not is_nullable(connection, "targets", "goal_id")
        assert not is_nullable(connection, "targets", "sprint_id")
        for table, keys in OLD_FOREIGN_KEYS.items():
            assert keys <= foreign_keys(connection, table), table
        assert not {"target_goal_links", "target_sprint_links"} & table_names(connection)
        # The links the old columns cannot hold wait in the metadata, in order.
        assert metadata_by_id(connection, "targets") == {
            t1.id: {
                "priority": 1,
                "extra_goal_ids": [str(g2), str(g3)],
                "extra_sprint_ids": [str(s2), str(s3)],
            },
            t2.id: {"extra_goal_ids": [str(g2)], "extra_sprint_ids": [str(s1)]},
            t3.id: {"tags": ["a", "b"], "extra_goal_ids": [str(g2)]},
            other_target.id: {},
        }
    assert revision_of(many_to_many_database) == legacy.REVISION


def test_downgrade_restores_commitment_and_sprint_columns_and_removes_the_legacy_keys(
    many_to_many_database: str, clients: list[LegacyClient]
) -> None:
    downgrade(many_to_many_database, legacy.REVISION)

    commitments = [commitment for client in clients for commitment in client.commitments]
    sprints = [sprint for client in clients for sprint in client.sprints]
    with connect(many_to_many_database) as engine, engine.connect() as connection:
        assert column_values(connection, "commitments", "goal_id", "sprint_id") == {
            c.id: (c.goal_id, c.sprint_id) for c in commitments
        }
        assert column_values(connection, "sprints", "goal_id") == {
            s.id: (s.goal_id,) for s in sprints
        }
        assert metadata_by_id(connection, "commitments") == {c.id: c.metadata for c in commitments}
        assert metadata_by_id(connection, "sprints") == {s.id: s.metadata for s in sprints}


def test_downgrade_leaves_the_schema_exactly_as_the_legacy_revision_creates_it(
    many_to_many_database: str,
) -> None:
    downgrade(many_to_many_database, legacy.REVISION)

    with connect(many_to_many_database) as engine, engine.connect() as connection:
        downgraded = schema_description(connection)
    wipe(many_to_many_database)
    upgrade(many_to_many_database, legacy.REVISION)
    with connect(many_to_many_database) as engine, engine.connect() as connection:
        assert downgraded == schema_description(connection)


def test_upgrading_again_restores_identical_links_in_order_and_identical_metadata(
    many_to_many_database: str,
) -> None:
    def snapshot() -> dict[str, object]:
        with connect(many_to_many_database) as engine, engine.connect() as connection:
            return {
                "goal links": links_in_order(connection, "target_goal_links"),
                "sprint links": links_in_order(connection, "target_sprint_links"),
                "commitment links": commitment_link_pairs(connection),
                "targets": metadata_by_id(connection, "targets"),
                "sprints": metadata_by_id(connection, "sprints"),
                "commitments": metadata_by_id(connection, "commitments"),
            }

    before = snapshot()

    downgrade(many_to_many_database, legacy.REVISION)
    upgrade(many_to_many_database, junction.REVISION)

    assert snapshot() == before


def test_a_legacy_id_whose_record_was_deleted_stays_in_the_metadata(
    legacy_database: str, clients: list[LegacyClient]
) -> None:
    upgrade(legacy_database, junction.REVISION)
    goal_only = clients[0].commitments[1]
    deleted_goal = clients[0].goal_ids[2]
    assert goal_only.goal_id == deleted_goal
    with connect(legacy_database) as engine, engine.begin() as connection:
        connection.execute(
            sa.delete(junction.client_goals).where(junction.client_goals.c.id == deleted_goal)
        )

    downgrade(legacy_database, legacy.REVISION)

    with connect(legacy_database) as engine, engine.connect() as connection:
        assert column_values(connection, "commitments", "goal_id")[goal_only.id] == (None,)
        kept = metadata_by_id(connection, "commitments")[goal_only.id]
    assert kept == {"legacy_goal_id": str(deleted_goal)}

    upgrade(legacy_database, junction.REVISION)

    with connect(legacy_database) as engine, engine.connect() as connection:
        kept = metadata_by_id(connection, "commitments")[goal_only.id]
    assert kept == {"legacy_goal_id": str(deleted_goal)}


def test_a_legacy_key_that_is_no_uuid_stays_in_the_metadata_and_does_not_stop_a_downgrade(
    legacy_database: str, clients: list[LegacyClient]
) -> None:
    upgrade(legacy_database, junction.REVISION)
    goal_only = clients[0].commitments[1]
    hand_edited = {"legacy_goal_id": "see the March notes"}
    with connect(legacy_database) as engine, engine.begin() as connection:
        connection.execute(
            sa.update(junction.commitments)
            .where(junction.commitments.c.id == goal_only.id)
            .values(metadata=hand_edited)
        )

    downgrade(legacy_database, legacy.REVISION)

    assert revision_of(legacy_database) == legacy.REVISION
    with connect(legacy_database) as engine, engine.connect() as connection:
        assert column_values(connection, "commitments", "goal_id")[goal_only.id] == (None,)
        assert metadata_by_id(connection, "commitments")[goal_only.id] == hand_edited
