"""The dashboard of a big coach over real HTTP, beside the same SQL on a plain connection.

Builds, on a temporary PostgreSQL database at schema head, a coach with 50 active clients,
each with 20 goals, 200 outcomes (each under one or two goals), 5,000 commitments (each
linked to one or two outcomes; half open, due dates spread over 60 days either side of
today, one in ten undated) and 20 weekly sessions (every tenth client's all older than 30
days, so some clients are quiet), all with set-based INSERT ... SELECT. Then it starts
`coachboard serve` of this checkout (bench/servers.py) and times, after a warm-up,

    dashboard   GET /api/v1/dashboard (today, 7 days), bearer token, over HTTP
    plain SQL   the dashboard service's own five SELECTs and the goals at risk's two (and the
                token lookup it replaces), on a plain connection of the same machine, no
                HTTP, no pydantic
    healthz     GET /healthz over HTTP: the floor of one request

alternating, --requests times each, and prints the median and p95 of each in milliseconds.
The target is a dashboard median under 300 ms.

    .venv/bin/python bench/dashboard.py [--postgres-url URL] [--requests 30] [--clients 50]
        [--smoke]

--postgres-url defaults to $COACHBOARD_TEST_POSTGRES_URL; the database is dropped afterwards.
--smoke: 2 clients (one quiet) of SMOKE_CLIENT's few records, 3 requests each.
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import arguments
import httpx
from scratch import temporary_database
from servers import coachboard_command, running
from sqlalchemy import Engine, text

from coachboard.accounts import service as accounts
from coachboard.core.database import get_engine, unit_of_work
from coachboard.core.migrations import upgrade
from coachboard.core.security import token_digest
from coachboard.dashboard import service as dashboard
from coachboard.models.accounts import User
from coachboard.progress import service as progress


@dataclass(frozen=True)
class ClientSize:
    """How many records of each kind every client gets."""

    goals: int
    targets: int
    commitments: int
    sessions: int


CLIENT = ClientSize(goals=20, targets=200, commitments=5_000, sessions=20)
# --smoke's: a few of each, and sessions enough to reach into the dashboard's window.
SMOKE_CLIENT = ClientSize(goals=4, targets=12, commitments=60, sessions=20)

# Ordinals (client n, record n) beside the ids, so the links can be made by joining them.
BUILD = [
    """CREATE TEMP TABLE bench_clients AS
       SELECT gen_random_uuid() AS id, n FROM generate_series(0, :clients - 1) AS n""",
    """INSERT INTO clients (id, coach_id, name, status)
       SELECT id, :coach_id, 'Client ' || n, 'active' FROM bench_clients""",
    """CREATE TEMP TABLE bench_goals AS
       SELECT gen_random_uuid() AS id, c.id AS client_id, s.n
       FROM bench_clients c, generate_series(0, :goals - 1) AS s(n)""",
    """INSERT INTO client_goals (id, client_id, title, status)
       SELECT id, client_id, 'Goal ' || n, 'active' FROM bench_goals""",
    """CREATE TEMP TABLE bench_targets AS
       SELECT gen_random_uuid() AS id, c.id AS client_id, s.n
       FROM bench_clients c, generate_series(0, :targets - 1) AS s(n)""",
    """INSERT INTO targets (id, client_id, title, status)
       SELECT id, client_id, 'Outcome ' || n,
              (ARRAY['not_started', 'in_progress', 'achieved'])[n % 3 + 1]
       FROM bench_targets""",
    # Every outcome under goal n % 20; every fourth under the next one too.
    """INSERT INTO target_goal_links (id, target_id, goal_id)
       SELECT gen_random_uuid(), t.id, g.id
       FROM bench_targets t JOIN bench_goals g
         ON g.client_id = t.client_id
        AND (g.n = t.n % :goals OR (t.n % 4 = 0 AND g.n = (t.n + 1) % :goals))""",
    """CREATE TEMP TABLE bench_commitments AS
       SELECT gen_random_uuid() AS id, c.id AS client_id, s.n
       FROM bench_clients c, generate_series(0, :commitments - 1) AS s(n)""",
    """INSERT INTO commitments (id, client_id, title, status, due_date)
       SELECT id, client_id, 'Commitment ' || n,
              (ARRAY['open', 'open', 'done', 'dropped'])[n % 4 + 1],
              CASE WHEN n % 10 = 9 THEN NULL ELSE CAST(:today AS date) + (n * 37 % 121 - 60) END
       FROM bench_commitments""",
    # Every commitment under outcome n % 200; every third under a second one.
    """INSERT INTO commitment_target_links (id, commitment_id, target_id)
       SELECT gen_random_uuid(), m.id, t.id
       FROM bench_commitments m JOIN bench_targets t
         ON t.client_id = m.client_id
        AND (t.n = m.n % :targets OR (m.n % 3 = 0 AND t.n = (m.n * 7 + 1) % :targets))""",
    # Weekly sessions from 100 days ago; every tenth client's all before the quiet window. On
    # the coach's clock, as the service makes them; every other one at 09:00, the rest all day.
    """INSERT INTO coaching_sessions (id, client_id, session_date, title, start_time, time_zone)
       SELECT gen_random_uuid(), c.id,
              CAST(:today AS date) + (k * 7 - 100 - CASE WHEN c.n % 10 = 0 THEN 200 ELSE 0 END),
              'Session ' || k,
              CASE WHEN k % 2 = 0 THEN TIME '09:00' END,
              (SELECT time_zone FROM users WHERE id = :coach_id)
       FROM bench_clients c, generate_series(0, :sessions - 1) AS s(k)""",
    "VACUUM ANALYZE",  # as autovacuum leaves a live database: index-only scans see all-visible pages
]


def build(engine: Engine, clients: int, size: ClientSize) -> tuple[User, str]:
    """The coach, their records, and an API token."""
    with unit_of_work(engine) as session:
        coach = accounts.create(
            session, email="bench@example.com", name="Bench", password="bench-password-1"
        )
        token = accounts.create_token(session, user=coach, name="bench")
    params = {"coach_id": coach.id, "clients": clients, "today": date.today(), **asdict(size)}
    started = time.perf_counter()
    with engine.begin() as connection:
        for statement in BUILD[:-1]:
            connection.execute(text(statement), params)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(BUILD[-1])
    print(f"built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return coach, token


def milliseconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"{name:<12} median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms"


def plain_sql(engine: Engine, coach: User, token: str) -> Callable[[], object]:
    """The dashboard's reads by hand: the token lookup, then the service's five statements
    compiled once and the goals at risk's two (every candidate's health figures, then the full
    figures of the first 100), run on a plain connection, rows only."""
    window = dashboard.Window(date.today(), dashboard.DEFAULT_DAYS)
    params = {
        "coach_id": coach.id,
        "limit": 100,
        "start": window.start,
        "end": window.end,
        "quiet_since": window.quiet_since,
    }
    lookup = text("SELECT user_id FROM api_tokens WHERE digest = :digest")
    candidates_statement = progress.at_risk_candidates(coach, window.start)

    def run() -> object:
        with engine.connect() as connection:
            connection.execute(lookup, {"digest": token_digest(token)}).all()
            overdue = connection.execute(dashboard._OVERDUE, params).all()
            due = connection.execute(dashboard._DUE, params).all()
            ids = [row.id for row in (*overdue, *due)]
            first_targets = dashboard._first_targets_statement(connection.dialect.name)
            connection.execute(first_targets, {"commitment_ids": ids}).all()
            connection.execute(dashboard._SESSIONS_IN, params).all()
            connection.execute(dashboard._QUIET_CLIENTS, params).all()
            candidates = connection.execute(candidates_statement).all()
            listed = [row.id for row in candidates[:100]]
            goals = progress._goals_statement(listed, window.start, connection.dialect.name)
            return connection.execute(goals).all()

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_backend_options(parser, backends=("postgresql",))
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--clients", type=int, default=50)
    options = arguments.parse(parser, argv, smoke={"requests": 3, "clients": 2})
    arguments.chosen_backends(parser, options)  # PostgreSQL, or the error saying it needs one
    size = SMOKE_CLIENT if options.smoke else CLIENT
    with (
        temporary_database("postgresql", options.postgres_url) as url,
        tempfile.TemporaryDirectory(prefix="coachboard-bench-") as logs,
    ):
        upgrade(url, "head")
        engine = get_engine(url)
        coach, token = build(engine, options.clients, size)
        with running("coachboard", coachboard_command(1), url, Path(logs), 1) as server:
            api = httpx.Client(
                base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=60
            )
            first = api.get("/api/v1/dashboard")
            first.raise_for_status()
            body = first.json()
            sizes = {
                name: body[name]["total"]
                for name in ("overdue", "due", "sessions", "goals_at_risk", "quiet_clients")
            }
            print(f"answer: {len(first.content):,} bytes; totals {sizes}")
            reference = plain_sql(engine, coach, token)
            runs: dict[str, list[float]] = {"dashboard": [], "plain SQL": [], "healthz": []}
            actions = {
                "dashboard": lambda: api.get("/api/v1/dashboard").raise_for_status(),
                "plain SQL": reference,
                "healthz": lambda: api.get("/healthz").raise_for_status(),
            }
            for _ in range(3):  # warm-up
                for action in actions.values():
                    action()
            for _ in range(options.requests):
                for name, action in actions.items():
                    runs[name].append(milliseconds(action))
            api.close()
        engine.dispose()
    print(
        f"{options.clients} clients x {size.goals} goals, {size.targets} outcomes,"
        f" {size.commitments:,} commitments, {size.sessions} sessions;"
        f" {options.requests} requests each (PostgreSQL)"
    )
    for name, samples in runs.items():
        print(summary(name, samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
