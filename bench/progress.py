"""Time progress and health across a coach's clients: goals_at_risk (the dashboard's list) and
one page of goals, for a coach with 50 clients x (20 goals, 200 outcomes, 30 sprints, 5,000
commitments), linked as bench/api.py links one client (1-3 goals and 0-2 sprints per outcome,
0-2 outcomes per commitment).

    .venv/bin/python bench/progress.py [--backend sqlite|postgresql|both] [--clients 50] [--runs 9]
        [--smoke]

Prints the median of each, in milliseconds, with the number of SQL statements each takes.
--smoke: 2 clients of bench/api.py's SMOKE_SHAPE, 2 runs.
"""

import argparse
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta

import arguments
from api import DEFAULT_SHAPE, SMOKE_SHAPE, Shape
from scratch import temporary_database
from sqlalchemy import event, insert, select, text

from coachboard.accounts import service as accounts
from coachboard.core.database import get_engine, session_factory, unit_of_work
from coachboard.core.migrations import upgrade
from coachboard.core.models import utcnow
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from coachboard.progress import service as progress

TODAY = date(2026, 3, 2)


def fill(database_url: str, clients: int, shape: Shape, seed: int = 14) -> uuid.UUID:
    """A coach with `clients` clients of the shape, written set-based; the coach's id."""
    rng = random.Random(seed)
    engine = get_engine(database_url)
    with unit_of_work(engine) as session:
        coach = accounts.create(session, email="bench@example.com", name="Bench", password="x" * 16)
        session.flush()
        coach_id = coach.id
    now = utcnow()
    for number in range(clients):
        client_id = uuid.uuid4()

        def records(count: int, statuses: tuple[str, ...], **fields) -> list[dict]:
            return [
                {
                    "id": uuid.uuid4(),
                    "client_id": client_id,  # noqa: B023 - used at once, in this iteration
                    "title": f"Record {i}",
                    "status": rng.choice(statuses),
                    "created_at": now - timedelta(days=rng.randrange(200)),
                    "updated_at": now,
                    **{name: make(i) for name, make in fields.items()},
                }
                for i in range(count)
            ]

        goals = records(
            shape.goals,
            ("active", "active", "achieved", "paused", "dropped"),
            target_date=lambda i: rng.choice(
                [None, TODAY + timedelta(days=rng.randrange(-30, 300))]
            ),
        )
        sprints = records(
            shape.sprints,
            ("planned", "active", "completed"),
            start_date=lambda i: TODAY + timedelta(weeks=i - 15),
            end_date=lambda i: TODAY + timedelta(weeks=i - 9),
        )
        targets = records(shape.targets, ("not_started", "in_progress", "achieved", "dropped"))
        commitments = records(
            shape.commitments,
            ("open", "open", "done", "done", "dropped"),
            due_date=lambda i: rng.choice([None, TODAY + timedelta(days=rng.randrange(-60, 120))]),
        )

        def links(owners, linked, counts, names):
            owner_key, linked_key = names
            return [
                {"id": uuid.uuid4(), owner_key: owner["id"], linked_key: other["id"]}
                for owner in owners
                for other in rng.sample(linked, rng.randint(*counts))
            ]

        with unit_of_work(engine) as session:
            session.execute(
                insert(Client),
                [{"id": client_id, "coach_id": coach_id, "name": f"Client {number}"}],
            )
            for model, rows in (
                (ClientGoal, goals),
                (Sprint, sprints),
                (Target, targets),
                (Commitment, commitments),
                (
                    TargetGoalLink,
                    links(targets, goals, shape.goals_per_target, ("target_id", "goal_id")),
                ),
                (
                    TargetSprintLink,
                    links(targets, sprints, shape.sprints_per_target, ("target_id", "sprint_id")),
                ),
                (
                    CommitmentTargetLink,
                    links(
                        commitments,
                        targets,
                        shape.targets_per_commitment,
                        ("commitment_id", "target_id"),
                    ),
                ),
            ):
                session.execute(insert(model), rows)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return coach_id


def timed(engine, work: Callable[[], object], runs: int) -> tuple[float, int]:
    """The median milliseconds of work over runs, and how many statements one run takes."""
    statements: list[str] = []

    def count(*args) -> None:
        statements.append(args[2])

    work()  # warm up
    event.listen(engine, "before_cursor_execute", count)
    work()
    event.remove(engine, "before_cursor_execute", count)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(statements)


def run(database_url: str, clients: int, shape: Shape, runs: int) -> list[str]:
    coach_id = fill(database_url, clients, shape)
    engine = get_engine(database_url)
    lines = []
    with session_factory(engine)() as session:
        coach = session.get(User, coach_id)
        at_risk, total = progress.goals_at_risk(session, coach=coach, today=TODAY)
        lines.append(f"goals at risk or off track: {total} (first {len(at_risk)} listed)")
        page = session.scalars(select(ClientGoal.id).limit(100)).all()
        cases = {
            "goals_at_risk (every client)": lambda: progress.goals_at_risk(
                session, coach=coach, today=TODAY
            ),
            "progress of a page of 100 goals": lambda: progress.goals(session, page, today=TODAY),
        }
        for name, work in cases.items():
            median, statements = timed(engine, work, runs)
            lines.append(f"{name}: {median:.1f} ms median, {statements} statement(s)")
            session.rollback()
    engine.dispose()
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_backend_options(parser)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--runs", type=int, default=9)
    args = arguments.parse(parser, argv, smoke={"clients": 2, "runs": 2})
    shape = SMOKE_SHAPE if args.smoke else DEFAULT_SHAPE
    for backend in arguments.chosen_backends(parser, args):
        with temporary_database(backend, args.postgres_url) as database_url:
            upgrade(database_url, "head")
            print(
                f"{backend}, {args.clients} clients of {shape.goals} goals, {shape.targets}"
                f" outcomes, {shape.sprints} sprints, {shape.commitments:,} commitments:"
            )
            for line in run(database_url, args.clients, shape, args.runs):
                print(f"  {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
