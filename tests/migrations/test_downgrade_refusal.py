"""Downgrade refuses an outcome the old schema cannot hold, names it, and changes nothing."""

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from coachboard.cli import app
from coachboard.core.migrations import downgrade, upgrade
from coachboard.core.settings import get_settings
from tests.migrations import junction_tables as junction
from tests.migrations import legacy_tables as legacy
from tests.migrations.datasets import new_id, write_coach_and_client
from tests.migrations.inspection import connect, every_row, revision_of, schema_description

UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class Outcomes:
    """Outcomes of one client at f06135d685df, by which links they have."""

    complete: list[uuid.UUID]
    without_goal: list[uuid.UUID]
    without_sprint: list[uuid.UUID]
    without_either: list[uuid.UUID]

    @property
    def unholdable(self) -> set[uuid.UUID]:
        return {*self.without_goal, *self.without_sprint, *self.without_either}


def write_outcomes(
    database_url: str,
    *,
    complete: int = 1,
    without_goal: int = 0,
    without_sprint: int = 0,
    without_either: int = 0,
) -> Outcomes:
    """A client with one goal and one sprint, and outcomes linked to both, one or neither."""
    outcomes = Outcomes(
        complete=[new_id() for _ in range(complete)],
        without_goal=[new_id() for _ in range(without_goal)],
        without_sprint=[new_id() for _ in range(without_sprint)],
        without_either=[new_id() for _ in range(without_either)],
    )
    client_id, goal_id, sprint_id = new_id(), new_id(), new_id()
    client = {"client_id": client_id}
    every_outcome = [
        *outcomes.complete,
        *outcomes.without_goal,
        *outcomes.without_sprint,
        *outcomes.without_either,
    ]
    with connect(database_url) as engine, engine.begin() as connection:
        write_coach_and_client(connection, coach_id=new_id(), client_id=client_id)
        connection.execute(
            sa.insert(junction.client_goals), [{"id": goal_id, **client, "title": "Goal"}]
        )
        connection.execute(
            sa.insert(junction.sprints),
            [
                {
                    "id": sprint_id,
                    **client,
                    "title": "Sprint",
                    "start_date": date(2025, 1, 6),
                    "end_date": date(2025, 2, 17),
                    "metadata": {"legacy_goal_id": str(goal_id)},
                }
            ],
        )
        connection.execute(
            sa.insert(junction.targets),
            [
                {"id": target_id, **client, "title": "Outcome", "metadata": {"n": n}}
                for n, target_id in enumerate(every_outcome)
            ],
        )
        connection.execute(
            sa.insert(junction.target_goal_links),
            [
                {"id": new_id(), "target_id": target_id, "goal_id": goal_id}
                for target_id in (*outcomes.complete, *outcomes.without_sprint)
            ],
        )
        connection.execute(
            sa.insert(junction.target_sprint_links),
            [
                {"id": new_id(), "target_id": target_id, "sprint_id": sprint_id}
                for target_id in (*outcomes.complete, *outcomes.without_goal)
            ],
        )
    return outcomes


@pytest.fixture
def junction_database(empty_database_url: str) -> str:
    upgrade(empty_database_url, junction.REVISION)
    return empty_database_url


def everything_in(database_url: str) -> tuple[object, ...]:
    with connect(database_url) as engine, engine.connect() as connection:
        return revision_of(database_url), schema_description(connection), every_row(connection)


def named_ids(message: str) -> set[uuid.UUID]:
    return {uuid.UUID(text) for text in UUID_PATTERN.findall(message)}


@pytest.mark.parametrize("missing", ["goal", "sprint"])
def test_downgrade_refuses_an_outcome_without_a_goal_or_sprint_and_changes_nothing(
    junction_database: str, missing: str
) -> None:
    if missing == "goal":
        outcomes = write_outcomes(junction_database, complete=2, without_goal=1)
    else:
        outcomes = write_outcomes(junction_database, complete=2, without_sprint=1)
    before = everything_in(junction_database)

    with pytest.raises(RuntimeError) as refusal:
        downgrade(junction_database, legacy.REVISION)

    message = str(refusal.value)
    assert "1 outcome(s)" in message
    assert named_ids(message) == outcomes.unholdable
    assert everything_in(junction_database) == before
    assert revision_of(junction_database) == junction.REVISION


def test_downgrade_refusal_counts_and_names_every_outcome_it_cannot_hold(
    junction_database: str,
) -> None:
    outcomes = write_outcomes(
        junction_database, complete=3, without_goal=2, without_sprint=1, without_either=1
    )

    with pytest.raises(RuntimeError) as refusal:
        downgrade(junction_database, legacy.REVISION)

    message = str(refusal.value)
    assert message.startswith("Cannot downgrade below f06135d685df: 4 outcome(s)")
    assert named_ids(message) == outcomes.unholdable
    assert not named_ids(message) & set(outcomes.complete)


def test_downgrade_refusal_names_twenty_outcomes_and_counts_the_rest(
    junction_database: str,
) -> None:
    outcomes = write_outcomes(junction_database, complete=1, without_goal=25)

    with pytest.raises(RuntimeError) as refusal:
        downgrade(junction_database, legacy.REVISION)

    message = str(refusal.value)
    assert "25 outcome(s)" in message
    assert "and 5 more" in message
    named = named_ids(message)
    assert len(named) == 20
    assert named <= outcomes.unholdable
    assert revision_of(junction_database) == junction.REVISION


def test_a_downgrade_from_head_that_is_refused_changes_nothing(junction_database: str) -> None:
    write_outcomes(junction_database, complete=1, without_sprint=1)
    upgrade(junction_database, "head")
    before = everything_in(junction_database)

    with pytest.raises(RuntimeError, match="Cannot downgrade below f06135d685df"):
        downgrade(junction_database, legacy.REVISION)

    assert everything_in(junction_database) == before


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """Settings read from the environment the CLI runs in, not from an earlier test."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("fresh_settings")
def test_cli_downgrade_prints_the_refusal_on_stderr_exits_1_and_changes_nothing(
    junction_database: str,
) -> None:
    outcomes = write_outcomes(junction_database, complete=1, without_goal=1, without_sprint=1)
    before = everything_in(junction_database)

    result = CliRunner().invoke(
        app,
        ["db", "downgrade", f"{junction.REVISION}-1"],
        env={"COACHBOARD_DATABASE_URL": junction_database},
    )

    assert result.exit_code == 1, result.output
    assert "Cannot downgrade below f06135d685df: 2 outcome(s)" in result.stderr
    assert named_ids(result.stderr) == outcomes.unholdable
    assert result.stdout == ""
    assert everything_in(junction_database) == before
