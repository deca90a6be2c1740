"""Time migration f06135d685df (outcome links into junction tables) up and down at scale.

Builds a database at revision 5b7a1c2e9d40 holding N outcomes (targets) and, in proportion,
clients, goals, sprints, commitments and commitment links, with set-based SQL. Then it times
the upgrade to f06135d685df, gives a quarter of the outcomes a second goal and a second sprint
(untimed, so the downgrade has links to park in metadata), and times the downgrade back.

    .venv/bin/python bench/migration.py --targets 100000 --backend both [--profile 8] [--smoke]

--smoke: 200 outcomes (10 clients), the 3 slowest statements of each direction.

PostgreSQL runs in a temporary database of its own on the server of --postgres-url (default:
$COACHBOARD_TEST_POSTGRES_URL), dropped afterwards; SQLite in a temporary file.
"""

import argparse
import math
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import arguments
import sqlalchemy as sa
from scratch import temporary_database
from sqlalchemy import Connection, Engine, event

from coachboard.core.database import create_db_engine
from coachboard.core.migrations import downgrade, upgrade

LEGACY = "5b7a1c2e9d40"
JUNCTION = "f06135d685df"

# A practice at scale: per client, 3 goals, 4 sprints, 20 outcomes, 30 commitments; 25 clients
# a coach. Every second sprint and two commitments in three name a goal; every second
# commitment names a sprint; commitments link to one or two outcomes (1.5 on average).
CLIENTS_PER_COACH = 25
GOALS_PER_CLIENT = 3
SPRINTS_PER_CLIENT = 4
TARGETS_PER_CLIENT = 20
COMMITMENTS_PER_CLIENT = 30


@dataclass(frozen=True)
class Dialect:
    postgres: bool

    @property
    def uuid_type(self) -> str:
        return "uuid" if self.postgres else "CHAR(32)"

    @property
    def random_uuid(self) -> str:
        # SQLAlchemy's Uuid type keeps 32 hex digits on SQLite.
        return "gen_random_uuid()" if self.postgres else "lower(hex(randomblob(16)))"

    def json(self, document: str) -> str:
        return f"CAST('{document}' AS jsonb)" if self.postgres else f"'{document}'"


def execute(connection: Connection, sql: str, **params: Any) -> None:
    connection.execute(sa.text(sql), params)


def build_legacy_database(database_url: str, targets: int) -> dict[str, int]:
    """A database at 5b7a1c2e9d40 with `targets` outcomes; returns the row count per table."""
    upgrade(database_url, LEGACY)
    clients = math.ceil(targets / TARGETS_PER_CLIENT)
    counts = {
        "coaches": math.ceil(clients / CLIENTS_PER_COACH),
        "clients": clients,
        "goals": clients * GOALS_PER_CLIENT,
        "sprints": clients * SPRINTS_PER_CLIENT,
        "targets": targets,
        "commitments": clients * COMMITMENTS_PER_CLIENT,
    }
    engine = create_db_engine(database_url)
    sql = Dialect(engine.dialect.name == "postgresql")
    try:
        with engine.begin() as connection:
            # Numbered ids: bench_<kind>(n, id) maps record n of each kind to a random UUID,
            # so records can point at each other by arithmetic on n. The bench_ tables stay
            # for add_second_links; the migration does not touch them.
            execute(connection, "CREATE TABLE bench_numbers (n INTEGER PRIMARY KEY)")
            execute(
                connection,
                "INSERT INTO bench_numbers (n) "
                + (
                    "SELECT n FROM generate_series(1, :count) AS seq(n)"
                    if sql.postgres
                    else "SELECT value FROM (WITH RECURSIVE seq(value) AS (SELECT 1 UNION ALL "
                    "SELECT value + 1 FROM seq WHERE value < :count) SELECT value FROM seq)"
                ),
                count=max(counts.values()),
            )
            for kind, count in counts.items():
                execute(
                    connection,
                    f"CREATE TABLE bench_{kind} (n INTEGER PRIMARY KEY, id {sql.uuid_type})",
                )
                execute(
                    connection,
                    f"INSERT INTO bench_{kind} (n, id) SELECT n, {sql.random_uuid} "
                    "FROM bench_numbers WHERE n <= :count",
                    count=count,
                )
            fill_legacy_tables(connection, sql)
            execute(connection, "ANALYZE")
            return {
                table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in (
                    "clients",
                    "client_goals",
                    "sprints",
                    "targets",
                    "commitments",
                    "commitment_target_links",
                )
            }
    finally:
        engine.dispose()


def fill_legacy_tables(connection: Connection, sql: Dialect) -> None:
    client_of = "(({n} - 1) / {per} + 1)"
    execute(
        connection,
        """
        INSERT INTO users (id, email, name, password_hash)
        SELECT id, 'coach' || n || '@example.com', 'Coach ' || n, 'not-a-hash' FROM bench_coaches
        """,
    )
    execute(
        connection,
        f"""
        INSERT INTO clients (id, coach_id, name)
        SELECT c.id, u.id, 'Client ' || c.n
        FROM bench_clients c
        JOIN bench_coaches u ON u.n = {client_of.format(n="c.n", per=CLIENTS_PER_COACH)}
        """,
    )
    execute(
        connection,
        f"""
        INSERT INTO client_goals (id, client_id, title)
        SELECT g.id, c.id, 'Goal ' || g.n
        FROM bench_goals g
        JOIN bench_clients c ON c.n = {client_of.format(n="g.n", per=GOALS_PER_CLIENT)}
        """,
    )
    execute(
        connection,
        f"""
        INSERT INTO sprints (id, client_id, goal_id, title, start_date, end_date, metadata)
        SELECT s.id, c.id, CASE WHEN s.n % 2 = 0 THEN g.id END, 'Sprint ' || s.n,
               '2025-01-06', '2025-02-17',
               CASE WHEN s.n % 3 = 0 THEN {sql.json('{"colour": "blue"}')} ELSE {sql.json("{}")} END
        FROM bench_sprints s
        JOIN bench_clients c ON c.n = {client_of.format(n="s.n", per=SPRINTS_PER_CLIENT)}
        JOIN bench_goals g ON g.n = (c.n - 1) * {GOALS_PER_CLIENT} + s.n % {GOALS_PER_CLIENT} + 1
        """,
    )
    execute(
        connection,
        f"""
        INSERT INTO targets (id, client_id, goal_id, sprint_id, title, metadata)
        SELECT t.id, c.id, g.id, s.id, 'Outcome ' || t.n,
               CASE WHEN t.n % 5 = 0 THEN {sql.json('{"priority": 1}')} ELSE {sql.json("{}")} END
        FROM bench_targets t
        JOIN bench_clients c ON c.n = {client_of.format(n="t.n", per=TARGETS_PER_CLIENT)}
        JOIN bench_goals g ON g.n = (c.n - 1) * {GOALS_PER_CLIENT} + t.n % {GOALS_PER_CLIENT} + 1
        JOIN bench_sprints s
          ON s.n = (c.n - 1) * {SPRINTS_PER_CLIENT} + t.n % {SPRINTS_PER_CLIENT} + 1
        """,
    )
    execute(
        connection,
        f"""
        INSERT INTO commitments (id, client_id, goal_id, sprint_id, title, metadata)
        SELECT m.id, c.id, CASE WHEN m.n % 3 <> 0 THEN g.id END,
               CASE WHEN m.n % 2 = 0 THEN s.id END, 'Commitment ' || m.n,
               CASE WHEN m.n % 4 = 0 THEN {sql.json('{"source": "session"}')} ELSE {sql.json("{}")} END
        FROM bench_commitments m
        JOIN bench_clients c ON c.n = {client_of.format(n="m.n", per=COMMITMENTS_PER_CLIENT)}
        JOIN bench_goals g ON g.n = (c.n - 1) * {GOALS_PER_CLIENT} + m.n % {GOALS_PER_CLIENT} + 1
        JOIN bench_sprints s
          ON s.n = (c.n - 1) * {SPRINTS_PER_CLIENT} + m.n % {SPRINTS_PER_CLIENT} + 1
        """,
    )
    # Every commitment links to one outcome of its client, every second one to another too.
    for offset, condition in ((0, "1 = 1"), (7, "m.n % 2 = 0")):
        execute(
            connection,
            f"""
            INSERT INTO commitment_target_links (id, commitment_id, target_id)
            SELECT {sql.random_uuid}, m.id, t.id
            FROM bench_commitments m
            JOIN bench_targets t ON t.n =
                 ({client_of.format(n="m.n", per=COMMITMENTS_PER_CLIENT)} - 1) * {TARGETS_PER_CLIENT}
                 + (m.n + {offset}) % {TARGETS_PER_CLIENT} + 1
            WHERE {condition}
            """,
        )


def add_second_links(database_url: str) -> int:
    """Give every fourth outcome a second goal and a second sprint, after its first."""
    engine = create_db_engine(database_url)
    sql = Dialect(engine.dialect.name == "postgresql")
    later = sa.bindparam(
        "later", datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=1), type_=sa.DateTime()
    )
    try:
        with engine.begin() as connection:
            added = 0
            for table, column, kind, per_client in (
                ("target_goal_links", "goal_id", "goals", GOALS_PER_CLIENT),
                ("target_sprint_links", "sprint_id", "sprints", SPRINTS_PER_CLIENT),
            ):
                statement = sa.text(
                    f"""
                    INSERT INTO {table} (id, target_id, {column}, created_at)
                    SELECT {sql.random_uuid}, t.id, other.id, :later
                    FROM bench_targets t
                    JOIN bench_{kind} other ON other.n =
                         ((t.n - 1) / {TARGETS_PER_CLIENT}) * {per_client}
                         + (t.n + 1) % {per_client} + 1
                    WHERE t.n % 4 = 0
                    """
                ).bindparams(later)
                added += connection.execute(statement).rowcount
            execute(connection, "ANALYZE")
            return added
    finally:
        engine.dispose()


@dataclass
class StatementTimes:
    """Wall time of every SQL statement run while it is active, slowest first on request."""

    times: list[tuple[float, str]] = field(default_factory=list)

    @contextmanager
    def recording(self) -> Iterator[None]:
        def before(conn: Connection, _cursor: Any, *_args: Any) -> None:
            conn.info.setdefault("bench_started", []).append(time.perf_counter())

        def after(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
            started = conn.info["bench_started"].pop()
            self.times.append((time.perf_counter() - started, " ".join(statement.split())))

        event.listen(Engine, "before_cursor_execute", before)
        event.listen(Engine, "after_cursor_execute", after)
        try:
            yield
        finally:
            event.remove(Engine, "before_cursor_execute", before)
            event.remove(Engine, "after_cursor_execute", after)

    def slowest(self, count: int) -> list[tuple[float, str]]:
        return sorted(self.times, reverse=True)[:count]


@dataclass
class Result:
    backend: str
    targets: int
    build_seconds: float
    upgrade_seconds: float
    downgrade_seconds: float
    counts: dict[str, int]
    second_links: int
    slow_statements: dict[str, list[tuple[float, str]]]


def run(backend: str, database_url: str, targets: int, profile: int) -> Result:
    started = time.perf_counter()
    counts = build_legacy_database(database_url, targets)
    build_seconds = time.perf_counter() - started

    up = StatementTimes()
    with up.recording():
        started = time.perf_counter()
        upgrade(database_url, JUNCTION)
        upgrade_seconds = time.perf_counter() - started

    second_links = add_second_links(database_url)

    down = StatementTimes()
    with down.recording():
        started = time.perf_counter()
        downgrade(database_url, LEGACY)
        downgrade_seconds = time.perf_counter() - started

    return Result(
        backend=backend,
        targets=targets,
        build_seconds=build_seconds,
        upgrade_seconds=upgrade_seconds,
        downgrade_seconds=downgrade_seconds,
        counts=counts,
        second_links=second_links,
        slow_statements={
            "upgrade": up.slowest(profile),
            "downgrade": down.slowest(profile),
        },
    )


def report(result: Result) -> str:
    def rate(seconds: float) -> str:
        return f"{seconds:7.2f} s  {result.targets / seconds:>10,.0f} outcomes/s"

    rows = ", ".join(f"{table} {count:,}" for table, count in result.counts.items())
    lines = [
        f"{result.backend}: {result.targets:,} outcomes (built in {result.build_seconds:.1f} s: {rows})",
        f"  upgrade   {rate(result.upgrade_seconds)}",
        f"  downgrade {rate(result.downgrade_seconds)}"
        f"  ({result.second_links:,} second links parked in metadata)",
    ]
    for phase, statements in result.slow_statements.items():
        if statements:
            lines.append(f"  slowest statements of the {phase}:")
            lines += [f"    {seconds:7.2f} s  {text[:150]}" for seconds, text in statements]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=100_000, help="outcomes to migrate")
    arguments.add_backend_options(parser)
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="also show the N slowest statements"
    )
    args = arguments.parse(parser, argv, smoke={"targets": 200, "profile": 3})
    for backend in arguments.chosen_backends(parser, args):
        with temporary_database(backend, args.postgres_url) as database_url:
            print(report(run(backend, database_url, args.targets, args.profile)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
