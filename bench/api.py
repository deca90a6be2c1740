"""Time the tree, graph and list endpoints of one large client against plain SQL.

Fills a client with 20 goals, 200 outcomes, 30 sprints and 5,000 commitments (each outcome
linked to 1-3 goals and 0-2 sprints, each commitment to 0-2 outcomes), then times each
endpoint through the ASGI app (TestClient, bearer token: authentication included) and the
same data fetched with a few hand-written SELECTs returning rows, and prints the medians and
their ratio (endpoint / plain SQL).

    .venv/bin/python bench/api.py [--backend sqlite|postgresql|both] [--runs 15] [--smoke]

--smoke: a client of SMOKE_SHAPE's few records, 2 runs.

PostgreSQL runs in a temporary database of its own on the server of --postgres-url (default:
$COACHBOARD_TEST_POSTGRES_URL), dropped afterwards; SQLite in a temporary file.
"""

import argparse
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import arguments
from fastapi.testclient import TestClient
from scratch import temporary_database
from sqlalchemy import Engine, TextClause, Uuid, bindparam, insert, text
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.core.database import get_engine, unit_of_work
from coachboard.core.migrations import upgrade
from coachboard.core.models import utcnow
from coachboard.core.pagination import MAX_LIMIT
from coachboard.core.settings import Settings
from coachboard.main import create_app
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target

GOALS, TARGETS, SPRINTS, COMMITMENTS = 20, 200, 30, 5_000
PAGE = MAX_LIMIT  # the largest page a list endpoint serves

# The same rows each endpoint answers with, by hand. The tree and the graph read the whole
# client; a list reads one page of its records and the links that page's items show.
WHOLE_CLIENT = [
    "SELECT id, title, status, target_date FROM client_goals WHERE client_id = :client_id",
    "SELECT id, title, status, due_date FROM targets WHERE client_id = :client_id",
    "SELECT id, title, status, start_date, end_date FROM sprints WHERE client_id = :client_id",
    "SELECT id, title, status, due_date FROM commitments WHERE client_id = :client_id",
    "SELECT l.id, l.target_id, l.goal_id FROM target_goal_links l"
    " JOIN targets t ON t.id = l.target_id WHERE t.client_id = :client_id",
    "SELECT l.id, l.target_id, l.sprint_id FROM target_sprint_links l"
    " JOIN targets t ON t.id = l.target_id WHERE t.client_id = :client_id",
    "SELECT l.id, l.commitment_id, l.target_id FROM commitment_target_links l"
    " JOIN commitments c ON c.id = l.commitment_id WHERE c.client_id = :client_id",
]
TARGET_PAGE = (
    "SELECT id FROM targets WHERE client_id = :client_id ORDER BY created_at, id LIMIT :page"
)
OUTCOME_LIST = [
    "SELECT count(*) FROM targets WHERE client_id = :client_id",
    "SELECT * FROM targets WHERE client_id = :client_id ORDER BY created_at, id LIMIT :page",
    "SELECT l.target_id, g.id, g.title FROM target_goal_links l JOIN client_goals g"
    f" ON g.id = l.goal_id WHERE l.target_id IN ({TARGET_PAGE}) ORDER BY l.created_at, l.id",
    "SELECT l.target_id, s.id, s.title FROM target_sprint_links l JOIN sprints s"
    f" ON s.id = l.sprint_id WHERE l.target_id IN ({TARGET_PAGE}) ORDER BY l.created_at, l.id",
]
COMMITMENT_PAGE = (
    "SELECT id FROM commitments WHERE client_id = :client_id"
    " ORDER BY due_date IS NULL, due_date, created_at, id LIMIT :page"
)
PAGE_TARGETS = (
    "SELECT l.target_id FROM commitment_target_links l"
    f" WHERE l.commitment_id IN ({COMMITMENT_PAGE})"
)
COMMITMENT_LIST = [
    "SELECT count(*) FROM commitments WHERE client_id = :client_id",
    "SELECT * FROM commitments WHERE client_id = :client_id"
    " ORDER BY due_date IS NULL, due_date, created_at, id LIMIT :page",
    "SELECT l.commitment_id, t.id, t.title FROM commitment_target_links l JOIN targets t"
    f" ON t.id = l.target_id WHERE l.commitment_id IN ({COMMITMENT_PAGE})"
    " ORDER BY l.created_at, l.id",
    f"SELECT target_id, goal_id FROM target_goal_links WHERE target_id IN ({PAGE_TARGETS})",
    f"SELECT target_id, sprint_id FROM target_sprint_links WHERE target_id IN ({PAGE_TARGETS})",
]


@dataclass(frozen=True)
class Shape:
    """How many records fill() writes, and how many links each owner gets: (least, most)."""

    goals: int = GOALS
    targets: int = TARGETS
    sprints: int = SPRINTS
    commitments: int = COMMITMENTS
    goals_per_target: tuple[int, int] = (1, 3)
    sprints_per_target: tuple[int, int] = (0, 2)
    targets_per_commitment: tuple[int, int] = (0, 2)


DEFAULT_SHAPE = Shape()
# --smoke's client: every kind of record and link, a few of each.
SMOKE_SHAPE = Shape(goals=4, targets=12, sprints=3, commitments=40)


@dataclass(frozen=True)
class Timing:
    name: str
    endpoint_ms: float
    sql_ms: float

    @property
    def ratio(self) -> float:
        return self.endpoint_ms / self.sql_ms


def fill(database_url: str, seed: int = 14, shape: Shape = DEFAULT_SHAPE) -> tuple[uuid.UUID, str]:
    """A coach (bench@example.com, password "bench-password-1") and a client with the shape's records, written
    set-based; (client id, the coach's API token)."""
    rng = random.Random(seed)
    engine = get_engine(database_url)
    with unit_of_work(engine) as session:
        coach = accounts.create(
            session, email="bench@example.com", name="Bench", password="bench-password-1"
        )
        session.flush()
        token = accounts.create_token(session, user=coach, name="bench")
        client_id = clients.create(session, coach=coach, fields=ClientCreate(name="Bench")).id
    with unit_of_work(engine) as session:
        fill_clients(session, [client_id], rng, shape)
    return client_id, token


def fill_clients(
    session: Session, client_ids: list[uuid.UUID], rng: random.Random, shape: Shape
) -> None:
    """The shape's records and links for each client, in the session's transaction: one
    batched INSERT per table for all the clients at once."""
    now = utcnow()
    created = iter(now + timedelta(microseconds=i) for i in range(10**9))
    rows: dict[type, list[dict]] = {model: [] for model in FILL_ORDER}
    for client_id in client_ids:
        for model, records in client_rows(client_id, rng, shape, now, created).items():
            rows[model] += records
    for model in FILL_ORDER:
        table = model.__table__
        statement = insert(table).returning(table.c.id) if model in BATCHED else insert(table)
        session.execute(statement, rows[model])


# Parents before children, as the foreign keys need.
FILL_ORDER = (
    ClientGoal,
    Sprint,
    Target,
    Commitment,
    TargetGoalLink,
    TargetSprintLink,
    CommitmentTargetLink,
)
# Tables with statement-level triggers on PostgreSQL (commitment_target_links' keep the
# outcomes' figures). RETURNING makes SQLAlchemy send their rows as multi-row INSERTs of 1,000
# ("insertmanyvalues"), so the triggers run once a batch: as the driver's executemany, a
# statement a row, 20,000 links took 188 s instead of 1.5 s. The other tables keep the
# executemany, faster without RETURNING (20,000 commitments: 1.3 s instead of 3 s). Core's
# insert, not the ORM's bulk insert, which split the commitments into a statement per two rows.
BATCHED = frozenset({CommitmentTargetLink})


def client_rows(
    client_id: uuid.UUID,
    rng: random.Random,
    shape: Shape,
    now: datetime,
    created: Iterator[datetime],
) -> dict[type, list[dict]]:
    """One client's records and links, as rows of each model (in FILL_ORDER)."""

    def records(count: int, title: str, statuses: tuple[str, ...], **fields) -> list[dict]:
        return [
            {
                "id": uuid.uuid4(),
                "client_id": client_id,
                "title": f"{title} {i + 1}: " + " ".join(rng.sample(WORDS, rng.randint(1, 6))),
                "status": rng.choice(statuses),
                "created_at": next(created),
                "updated_at": now,
                **{name: make(i) for name, make in fields.items()},
            }
            for i in range(count)
        ]

    start = date(2026, 1, 5)
    goals = records(shape.goals, "Goal", ("active", "active", "achieved", "paused"))
    sprints = records(
        shape.sprints,
        "Sprint",
        ("planned", "active", "completed"),
        start_date=lambda i: start + timedelta(weeks=6 * i),
        end_date=lambda i: start + timedelta(weeks=6 * i + 6),
    )
    targets = records(shape.targets, "Outcome", ("not_started", "in_progress", "achieved"))
    commitments = records(
        shape.commitments,
        "Commitment",
        ("open", "open", "done", "dropped"),
        due_date=lambda i: rng.choice([None, start + timedelta(days=rng.randrange(400))]),
    )

    def links(owners: list[dict], linked: list[dict], counts: tuple[int, int], names: tuple):
        owner_key, linked_key = names
        return [
            {
                "id": uuid.uuid4(),
                owner_key: owner["id"],
                linked_key: other["id"],
                "created_at": next(created),
            }
            for owner in owners
            for other in rng.sample(linked, rng.randint(*counts))
        ]

    return {
        ClientGoal: goals,
        Sprint: sprints,
        Target: targets,
        Commitment: commitments,
        TargetGoalLink: links(targets, goals, shape.goals_per_target, ("target_id", "goal_id")),
        TargetSprintLink: links(
            targets, sprints, shape.sprints_per_target, ("target_id", "sprint_id")
        ),
        CommitmentTargetLink: links(
            commitments, targets, shape.targets_per_commitment, ("commitment_id", "target_id")
        ),
    }


WORDS = [
    "run",
    "write",
    "plan",
    "call",
    "read",
    "sleep",
    "save",
    "learn",
    "cook",
    "walk",
    "ship",
    "fix",
    "sell",
    "hire",
]


def medians_ms(first: Callable[[], object], second: Callable[[], object], runs: int):
    """Median milliseconds of each; runs alternate, so both meet the same machine load."""
    first(), second()  # warm caches and connection pools outside the measurement
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for run, timed in ((first, times[0]), (second, times[1])):
            began = time.perf_counter()
            run()
            timed.append(time.perf_counter() - began)
    return tuple(statistics.median(timed) * 1000 for timed in times)


def compiled(statements: list[str]) -> list[TextClause]:
    """The statements with :client_id bound as a UUID (and :page as PAGE), for either backend."""
    return [
        text(sql).bindparams(bindparam("client_id", type_=Uuid)).bindparams(page=PAGE)
        if ":page" in sql
        else text(sql).bindparams(bindparam("client_id", type_=Uuid))
        for sql in statements
    ]


def plain_sql(engine: Engine, statements: list[str], client_id: uuid.UUID) -> Callable[[], object]:
    prepared = compiled(statements)

    def fetch() -> list[list]:
        with engine.connect() as connection:
            return [connection.execute(s, {"client_id": client_id}).all() for s in prepared]

    return fetch


def run(database_url: str, runs: int, shape: Shape) -> list[Timing]:
    upgrade(database_url, "head")
    client_id, token = fill(database_url, shape=shape)
    engine = get_engine(database_url)
    app = create_app(Settings(database_url=database_url, secret_key="bench"))
    base = f"/api/v1/clients/{client_id}"
    cases = [
        ("tree", f"{base}/tree", WHOLE_CLIENT),
        ("graph", f"{base}/graph", WHOLE_CLIENT),
        ("outcome list", f"{base}/targets?limit={PAGE}", OUTCOME_LIST),
        ("commitment list", f"{base}/commitments?limit={PAGE}", COMMITMENT_LIST),
    ]
    timings = []
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as api:

        def endpoint(url: str) -> Callable[[], object]:
            def call() -> object:
                response = api.get(url)
                response.raise_for_status()
                return response.content

            return call

        for name, url, statements in cases:
            sql = plain_sql(engine, statements, client_id)
            timings.append(Timing(name, *medians_ms(endpoint(url), sql, runs)))
    engine.dispose()
    return timings


def report(backend: str, runs: int, shape: Shape, timings: list[Timing]) -> str:
    lines = [
        f"{backend}: {shape.goals} goals, {shape.targets} outcomes, {shape.sprints} sprints,"
        f" {shape.commitments:,} commitments; median of {runs} runs (lists: one page of {PAGE})",
        f"  {'endpoint':<16} {'endpoint ms':>12} {'plain SQL ms':>13} {'ratio':>7}",
    ]
    lines += [
        f"  {t.name:<16} {t.endpoint_ms:>12.1f} {t.sql_ms:>13.1f} {t.ratio:>6.1f}x" for t in timings
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_backend_options(parser)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per measurement")
    args = arguments.parse(parser, argv, smoke={"runs": 2})
    shape = SMOKE_SHAPE if args.smoke else DEFAULT_SHAPE
    for backend in arguments.chosen_backends(parser, args):
        with temporary_database(backend, args.postgres_url) as database_url:
            timings = run(database_url, args.runs, shape)
            print(report(backend, args.runs, shape, timings), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
