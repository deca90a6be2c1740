"""For any legacy data and any many-to-many link sets, upgrade -> downgrade -> upgrade is lossless.

One database per backend serves every example: it is wiped and brought to 5b7a1c2e9d40
before each (a fresh database costs about a second on PostgreSQL).
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection

from coachboard.core.migrations import downgrade, upgrade
from tests.migrations import junction_tables as junction
from tests.migrations import legacy_tables as legacy
from tests.migrations.datasets import (
    JSONObject,
    LegacyClient,
    LegacyCommitment,
    LegacySprint,
    LegacyTarget,
    write_legacy_client,
)
from tests.migrations.inspection import (
    LinksInOrder,
    column_values,
    commitment_link_pairs,
    connect,
    links_in_order,
    metadata_by_id,
    wipe,
)

# The keys the migration itself writes; any other key must pass through untouched.
MIGRATION_KEYS = {"legacy_goal_id", "legacy_sprint_id", "extra_goal_ids", "extra_sprint_ids"}

# PostgreSQL's jsonb holds no NUL character; anything else in text must survive.
json_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=6
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | json_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(json_text, children, max_size=3)
    ),
    max_leaves=6,
)
metadata_documents = st.dictionaries(
    json_text.filter(lambda key: key not in MIGRATION_KEYS), json_values, max_size=3
)

# (linked id, seconds after the migrated links), in the order they were made; equal seconds
# leave the order to the link ids.
LinkPlan = list[tuple[uuid.UUID, int]]


@dataclass
class Scenario:
    legacy: LegacyClient
    # target id -> the links that replace the ones the upgrade made; absent: keep those
    goal_links: dict[uuid.UUID, LinkPlan]
    sprint_links: dict[uuid.UUID, LinkPlan]


def link_plans(ids: list[uuid.UUID]) -> st.SearchStrategy[LinkPlan]:
    return st.lists(
        st.tuples(st.sampled_from(ids), st.integers(-2, 2)),
        min_size=1,
        max_size=len(ids),
        unique_by=lambda link: link[0],
    )


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    counts = {
        "goals": draw(st.integers(1, 4)),
        "sprints": draw(st.integers(1, 3)),
        "targets": draw(st.integers(1, 4)),
        "commitments": draw(st.integers(0, 3)),
    }
    ids = iter(
        draw(
            st.lists(
                st.uuids(),
                min_size=sum(counts.values()),
                max_size=sum(counts.values()),
                unique=True,
            )
        )
    )
    goal_ids = [next(ids) for _ in range(counts["goals"])]
    sprint_ids = [next(ids) for _ in range(counts["sprints"])]
    maybe_goal = st.none() | st.sampled_from(goal_ids)
    maybe_sprint = st.none() | st.sampled_from(sprint_ids)
    sprints = [
        LegacySprint(sprint_id, draw(maybe_goal), draw(metadata_documents))
        for sprint_id in sprint_ids
    ]
    targets = [
        LegacyTarget(
            next(ids),
            draw(st.sampled_from(goal_ids)),
            draw(st.sampled_from(sprint_ids)),
            draw(metadata_documents),
        )
        for _ in range(counts["targets"])
    ]
    commitments = [
        LegacyCommitment(next(ids), draw(maybe_goal), draw(maybe_sprint), draw(metadata_documents))
        for _ in range(counts["commitments"])
    ]
    target_ids = [target.id for target in targets]
    commitment_links = [
        (commitment.id, target_id)
        for commitment in commitments
        for target_id in draw(st.lists(st.sampled_from(target_ids), unique=True, max_size=3))
    ]
    return Scenario(
        legacy=LegacyClient(
            goal_ids=goal_ids,
            sprints=sprints,
            targets=targets,
            commitments=commitments,
            commitment_links=commitment_links,
        ),
        goal_links=draw(st.dictionaries(st.sampled_from(target_ids), link_plans(goal_ids))),
        sprint_links=draw(st.dictionaries(st.sampled_from(target_ids), link_plans(sprint_ids))),
    )


def replace_links(
    connection: Connection, table: sa.TableClause, column: str, plans: dict[uuid.UUID, LinkPlan]
) -> None:
    if not plans:
        return
    migrated_at: datetime = connection.execute(
        sa.select(sa.func.max(table.c.created_at))
    ).scalar_one()
    connection.execute(sa.delete(table).where(table.c.target_id.in_(list(plans))))
    connection.execute(
        sa.insert(table),
        [
            {
                "id": uuid.uuid4(),
                "target_id": target_id,
                column: linked_id,
                "created_at": migrated_at + timedelta(seconds=seconds),
            }
            for target_id, plan in plans.items()
            for linked_id, seconds in plan
        ],
    )


def state_at_junction(connection: Connection) -> dict[str, Any]:
    return {
        "goal links": links_in_order(connection, "target_goal_links"),
        "sprint links": links_in_order(connection, "target_sprint_links"),
        "commitment links": commitment_link_pairs(connection),
        "targets": metadata_by_id(connection, "targets"),
        "sprints": metadata_by_id(connection, "sprints"),
        "commitments": metadata_by_id(connection, "commitments"),
    }


def with_legacy_ids(
    metadata: JSONObject, goal_id: uuid.UUID | None, sprint_id: uuid.UUID | None
) -> JSONObject:
    document = dict(metadata)
    if goal_id is not None:
        document["legacy_goal_id"] = str(goal_id)
    if sprint_id is not None:
        document["legacy_sprint_id"] = str(sprint_id)
    return document


def first_links(links: LinksInOrder) -> dict[uuid.UUID, uuid.UUID]:
    return {target_id: linked[0] for target_id, linked in links.items()}


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenario=scenarios())
def test_upgrade_downgrade_upgrade_preserves_links_first_links_legacy_ids_and_metadata(
    scratch_database_url: str, scenario: Scenario
) -> None:
    url = scratch_database_url
    data = scenario.legacy
    wipe(url)
    upgrade(url, legacy.REVISION)
    with connect(url) as engine, engine.begin() as connection:
        write_legacy_client(connection, data)

    upgrade(url, junction.REVISION)

    with connect(url) as engine, engine.begin() as connection:
        assert links_in_order(connection, "target_goal_links") == {
            t.id: [t.goal_id] for t in data.targets
        }
        assert links_in_order(connection, "target_sprint_links") == {
            t.id: [t.sprint_id] for t in data.targets
        }
        assert metadata_by_id(connection, "targets") == {t.id: t.metadata for t in data.targets}
        assert metadata_by_id(connection, "commitments") == {
            c.id: with_legacy_ids(c.metadata, c.goal_id, c.sprint_id) for c in data.commitments
        }
        assert metadata_by_id(connection, "sprints") == {
            s.id: with_legacy_ids(s.metadata, s.goal_id, None) for s in data.sprints
        }
        replace_links(connection, junction.target_goal_links, "goal_id", scenario.goal_links)
        replace_links(connection, junction.target_sprint_links, "sprint_id", scenario.sprint_links)
        before = state_at_junction(connection)

    downgrade(url, legacy.REVISION)

    first_goals = first_links(before["goal links"])
    first_sprints = first_links(before["sprint links"])
    with connect(url) as engine, engine.connect() as connection:
        assert column_values(connection, "targets", "goal_id", "sprint_id") == {
            t.id: (first_goals[t.id], first_sprints[t.id]) for t in data.targets
        }
        assert column_values(connection, "commitments", "goal_id", "sprint_id") == {
            c.id: (c.goal_id, c.sprint_id) for c in data.commitments
        }
        assert column_values(connection, "sprints", "goal_id") == {
            s.id: (s.goal_id,) for s in data.sprints
        }
        assert metadata_by_id(connection, "commitments") == {
            c.id: c.metadata for c in data.commitments
        }
        assert metadata_by_id(connection, "sprints") == {s.id: s.metadata for s in data.sprints}

    upgrade(url, junction.REVISION)

    with connect(url) as engine, engine.connect() as connection:
        assert state_at_junction(connection) == before
