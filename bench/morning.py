"""A coach's morning (issue 25): many coaches at once against `coachboard serve`, over HTTP.

Each coach (an account and an API token of their own) has clients of bench/api.py's shape
with 2,000 commitments (20 goals, 200 outcomes, 30 sprints), each client a portal account and
token of their own; all written set-based by api.py's fill_clients(). Every coach then loops,
one client after another, over these steps, each timed on its own:

    week       GET /api/v1/dashboard
    overview   GET /api/v1/clients/{id}, its active goals (limit 10) and its activity
               (limit 10): the overview page's three reads, one after another
    tree       GET /api/v1/clients/{id}/tree
    outcomes   GET /api/v1/clients/{id}/targets?limit=50
    tick       PATCH /api/v1/commitments/{id}: one open commitment done, reopened on the
               client's next turn (the data keeps its size)
    rename     PATCH /api/v1/targets/{id} with a new title
    reflect    POST /api/v1/portal/commitments/{id}/reflections with the client's own token

pausing --think seconds on average between steps, exponentially distributed (a coach reads
each answer: 1 s by default; 0 sends the next step at once). The coaches arrive one by one over
the warm-up, and the load runs on into the measurement without a break. It prints each step's
count, p50, p95 and p99, its errors (any answer but 2xx, any exception, with the first
example), and each server worker's VmRSS and VmHWM. Any error exits 1. A full run also says
whether the issue's target is met (every step's p95 at most 500 ms, each worker under 300 MiB),
without failing when it is not: it is a measurement.

    .venv/bin/python bench/morning.py [--coaches 50] [--clients-per-coach 10] [--seconds 30]
        [--warmup 5] [--think 1] [--workers 1|1,2] [--backend postgresql|sqlite|both] [--smoke]

The load comes from this one process: asyncio, one task and one httpx.AsyncClient (a
keep-alive connection) per coach, each waiting for its answer before its next request. The
report gives the driver's CPU; it warns when it nears a core, as its figures would then hold
its own queueing.

--smoke: 2 coaches of 2 clients of api.py's SMOKE_SHAPE, 3 s after 0.5 s of warm-up: checks
that every step answers 2xx.
"""

import argparse
import asyncio
import itertools
import math
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from unittest import mock

import arguments
import httpx
from api import SMOKE_SHAPE, Shape, fill_clients
from scratch import temporary_database
from servers import Server, coachboard_command, running, status_kib, workers_of
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.core import security
from coachboard.core.actor import ClientInfo
from coachboard.core.database import get_engine, unit_of_work
from coachboard.core.migrations import upgrade
from coachboard.models.accounts import User
from coachboard.models.commitments import Commitment
from coachboard.models.links import CommitmentTargetLink
from coachboard.portal import access

MORNING_SHAPE = Shape(commitments=2_000)
COACH_PASSWORD, CLIENT_PASSWORD = "bench-password-1", "portal-pass-9731"
REQUEST_TIMEOUT = 120  # seconds: a request slower than this is an error
OVERVIEW_LIMIT = 10  # the overview page shows 10 active goals and the 10 latest changes
TARGET_P95_MS = 500
TARGET_RSS_MIB = 300
BUSY_DRIVER = 0.8  # of one core: past it the driver's own queueing shows in the figures
PROGRESS_EVERY = 10  # coaches
# A coach reads an answer before the next click: a second on average, far quicker than a person
# reads a week or a tree, so the load stays harsher than a real morning. --think 0 sends each
# step the moment the last one answers (a stress test, not a morning).
DEFAULT_THINK_SECONDS = 1.0


@dataclass
class Client:
    """One of a coach's clients, as the loop uses it."""

    id: uuid.UUID
    token: str  # the client's own portal token
    commitment_id: uuid.UUID  # open at the start, serving target_id: ticked, then reopened
    target_id: uuid.UUID  # renamed
    ticked: bool = False  # whether the commitment is done now


@dataclass(frozen=True)
class Coach:
    token: str
    clients: tuple[Client, ...]


# --- the fill ---


def filled(database_url: str, coaches: int, clients_per_coach: int, shape: Shape) -> list[Coach]:
    """The database at schema head with the coaches and their clients, analyzed."""
    upgrade(database_url, "head")
    engine = get_engine(database_url)
    rng = random.Random(25)
    built = []
    with one_hash_per_password():
        for number in range(coaches):
            built.append(filled_coach(engine, number, clients_per_coach, shape, rng))
            if (number + 1) % PROGRESS_EVERY == 0:  # a full fill takes minutes: show it moves
                print(f"  filled {number + 1} of {coaches} coaches", file=sys.stderr, flush=True)
    analyzed(engine)
    return built


@contextmanager
def one_hash_per_password() -> Iterator[None]:
    """Each password hashed once, its hash given to every account that has it: argon2 takes
    about 0.3 s a hash, minutes for 50 coaches and their 500 clients. Every hash is still a
    valid one of its password; the bench signs in by token anyway."""
    hashed = cache(security.hash_password)
    with (
        mock.patch.object(accounts, "hash_password", hashed),
        mock.patch.object(access, "hash_password", hashed),
    ):
        yield


def filled_coach(
    engine: Engine, number: int, clients_per_coach: int, shape: Shape, rng: random.Random
) -> Coach:
    """A coach with an API token and their clients, each with a portal account and token and
    the shape's records: one transaction."""
    with unit_of_work(engine) as session:
        coach = accounts.create(
            session,
            email=f"coach{number}@example.com",
            name=f"Coach {number}",
            password=COACH_PASSWORD,
        )
        session.flush()
        token = accounts.create_token(session, user=coach, name="morning")
        client_ids = [new_client(session, coach, f"{number}.{i}") for i in range(clients_per_coach)]
        portal_tokens = [portal_token(session, coach, client_id) for client_id in client_ids]
        fill_clients(session, client_ids, rng, shape)
        picks = [commitment_to_tick(session, client_id) for client_id in client_ids]
    return Coach(
        token,
        tuple(
            Client(client_id, portal, *pick)
            for client_id, portal, pick in zip(client_ids, portal_tokens, picks, strict=True)
        ),
    )


def new_client(session: Session, coach: User, name: str) -> uuid.UUID:
    fields = ClientCreate(name=f"Client {name}", email=f"client{name}@example.com")
    return clients.create(session, coach=coach, fields=fields).id


def portal_token(session: Session, coach: User, client_id: uuid.UUID) -> str:
    """The client's account, made as a client gets one (the coach invites, the client joins),
    and an API token of it."""
    invitation = access.invite(session, coach=coach, client_id=client_id)
    account = access.join(
        session, token=invitation.token, password=CLIENT_PASSWORD, client=ClientInfo()
    )
    return accounts.create_token(session, user=account, name="portal")


def commitment_to_tick(session: Session, client_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """The client's first open commitment that serves an outcome, and that outcome: ticking it
    changes the outcome's figures, as a real tick does."""
    row = session.execute(
        select(Commitment.id, CommitmentTargetLink.target_id)
        .join(CommitmentTargetLink, CommitmentTargetLink.commitment_id == Commitment.id)
        .where(Commitment.client_id == client_id, Commitment.status == "open")
        .order_by(Commitment.created_at, CommitmentTargetLink.created_at)
        .limit(1)
    ).one()
    return row[0], row[1]


def analyzed(engine: Engine) -> None:
    """Statistics (and on PostgreSQL the visibility map) as a live database has them, so that
    autovacuum does not start on the new rows during the measurement."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    engine.dispose()


# --- the steps ---

Answers = Awaitable[list[httpx.Response]]
Step = Callable[[httpx.AsyncClient, Client, int], Answers]


async def week(http: httpx.AsyncClient, _client: Client, _loop: int) -> list[httpx.Response]:
    return [await http.get("/api/v1/dashboard")]


async def overview(http: httpx.AsyncClient, client: Client, _loop: int) -> list[httpx.Response]:
    """What the client's overview page reads, through the API."""
    base = f"/api/v1/clients/{client.id}"
    goals = {"status": "active", "limit": OVERVIEW_LIMIT}
    return [
        await http.get(base),
        await http.get(f"{base}/goals", params=goals),
        await http.get(f"{base}/activity", params={"limit": OVERVIEW_LIMIT}),
    ]


async def tree(http: httpx.AsyncClient, client: Client, _loop: int) -> list[httpx.Response]:
    return [await http.get(f"/api/v1/clients/{client.id}/tree")]


async def outcomes(http: httpx.AsyncClient, client: Client, _loop: int) -> list[httpx.Response]:
    return [await http.get(f"/api/v1/clients/{client.id}/targets", params={"limit": 50})]


async def tick(http: httpx.AsyncClient, client: Client, _loop: int) -> list[httpx.Response]:
    """Done, or open again when it is done: the commitments keep their number and states."""
    status = "open" if client.ticked else "done"
    answer = await http.patch(
        f"/api/v1/commitments/{client.commitment_id}", json={"status": status}
    )
    if answer.is_success:
        client.ticked = not client.ticked
    return [answer]


async def rename(http: httpx.AsyncClient, client: Client, loop: int) -> list[httpx.Response]:
    title = f"Outcome renamed in loop {loop}"
    return [await http.patch(f"/api/v1/targets/{client.target_id}", json={"title": title})]


async def reflect(http: httpx.AsyncClient, client: Client, loop: int) -> list[httpx.Response]:
    """As the client, with their own token."""
    return [
        await http.post(
            f"/api/v1/portal/commitments/{client.commitment_id}/reflections",
            json={"text": f"What helped this time (loop {loop})."},
            headers=bearer(client.token),
        )
    ]


STEPS: tuple[tuple[str, Step], ...] = (
    ("week", week),
    ("overview", overview),
    ("tree", tree),
    ("outcomes", outcomes),
    ("tick", tick),
    ("rename", rename),
    ("reflect", reflect),
)
REQUESTS_PER_STEP = {"overview": 3}  # the others make one


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- the load ---


@dataclass
class Measurement:
    """Each step's times (ms) of its successes, and its errors with the first of each."""

    times_ms: dict[str, list[float]] = field(
        default_factory=lambda: {name: [] for name, _ in STEPS}
    )
    errors: Counter[str] = field(default_factory=Counter)
    first_errors: dict[str, str] = field(default_factory=dict)

    def failed(self, step: str, example: str) -> None:
        self.errors[step] += 1
        self.first_errors.setdefault(step, example)

    def add_errors(self, other: "Measurement") -> None:
        self.errors.update(other.errors)
        for step, example in other.first_errors.items():
            self.first_errors.setdefault(step, example)


async def timed(
    name: str, step: Step, http: httpx.AsyncClient, client: Client, loop: int, into: Measurement
) -> None:
    began = time.perf_counter()
    try:
        answers = await step(http, client, loop)
    except httpx.HTTPError as error:
        into.failed(name, f"{type(error).__name__}: {error}")
        return
    elapsed_ms = (time.perf_counter() - began) * 1000
    wrong = [answer for answer in answers if not answer.is_success]
    if wrong:
        answer = wrong[0]
        request = answer.request
        into.failed(
            name, f"{answer.status_code} {request.method} {request.url.path}: {answer.text[:300]}"
        )
    else:
        into.times_ms[name].append(elapsed_ms)


@dataclass
class Load:
    """One continuous load: the steps that start before `measured_from` go to the warm-up (its
    times dropped, its errors kept), the others to the measurement."""

    measured_from: float  # time.monotonic()
    deadline: float
    warm: Measurement = field(default_factory=Measurement)
    measured: Measurement = field(default_factory=Measurement)
    driver_cpu_from: float = 0.0  # the driver's process_time() when the measurement began

    def into(self) -> Measurement:
        return self.measured if time.monotonic() >= self.measured_from else self.warm


async def mornings(coach: Coach, url: str, think: float, run: Load) -> None:
    """The coach's loop over their clients until the deadline, reading each answer for a
    moment before the next: `think` seconds on average, drawn from an exponential distribution
    as a person's pauses are, so that the coaches' clicks do not fall into step. Each coach
    starts at a random moment of the warm-up, as coaches arrive one by one: started together,
    all fifty asked for their week in the same instant, loop after loop. A step starts only
    before the deadline, but the first measured loop runs whole, so that every step is
    measured at least once a coach."""
    pauses = random.Random(coach.token)
    await asyncio.sleep(pauses.uniform(0, max(run.measured_from - time.monotonic(), 0)))
    async with httpx.AsyncClient(
        base_url=url, headers=bearer(coach.token), timeout=REQUEST_TIMEOUT
    ) as http:
        measured_loops = 0
        for loop in itertools.count():
            client = coach.clients[loop % len(coach.clients)]
            if time.monotonic() >= run.measured_from:
                measured_loops += 1
            for name, step in STEPS:
                if measured_loops > 1 and time.monotonic() >= run.deadline:
                    return
                await timed(name, step, http, client, loop, run.into())
                if think:
                    await asyncio.sleep(pauses.expovariate(1 / think))


async def load(coaches: list[Coach], url: str, warmup: float, seconds: float, think: float) -> Load:
    """Every coach's mornings, for the warm-up and then the seconds measured."""
    began = time.monotonic()
    run = Load(measured_from=began + warmup, deadline=began + warmup + seconds)

    async def measurement_begins() -> None:
        await asyncio.sleep(warmup)
        run.driver_cpu_from = time.process_time()

    await asyncio.gather(
        measurement_begins(), *(mornings(coach, url, think, run) for coach in coaches)
    )
    return run


@dataclass(frozen=True)
class WorkerMemory:
    pid: int
    rss_kib: int  # VmRSS at the end of the run
    peak_kib: int  # VmHWM: the most it held since it started


@dataclass(frozen=True)
class Run:
    workers: int
    measured: Measurement  # the warm-up's errors included
    seconds: float
    driver_cpu: float  # the driver's CPU seconds over the measured seconds
    memory: list[WorkerMemory]
    log_tail: str


def worker_memory(server: Server) -> list[WorkerMemory]:
    """Each process that serves requests: the uvicorn process, or its workers when it has
    several (the supervisor serves none)."""
    pid = server.process.pid
    pids = workers_of(pid) if server.workers > 1 else [pid]
    return [WorkerMemory(p, status_kib(p, "VmRSS"), status_kib(p, "VmHWM")) for p in pids]


def run_workers(
    database_url: str, coaches: list[Coach], workers: int, args: argparse.Namespace
) -> Run:
    """The load, its warm-up's times dropped and errors kept, on a server of the given workers
    started for it."""
    with (
        tempfile.TemporaryDirectory(prefix="coachboard-morning-") as logs,
        running(
            "coachboard", coachboard_command(workers), database_url, Path(logs), workers
        ) as server,
    ):
        run = asyncio.run(load(coaches, server.url, args.warmup, args.seconds, args.think))
        seconds = time.monotonic() - run.measured_from
        driver_cpu = (time.process_time() - run.driver_cpu_from) / seconds
        measured = run.measured
        measured.add_errors(run.warm)
        memory = worker_memory(server)
        log_tail = server.log_tail() if measured.errors else ""
    return Run(workers, measured, seconds, driver_cpu, memory, log_tail)


# --- the report ---


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest rank: the smallest time that at least `fraction` of them do not exceed."""
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def step_rows(measured: Measurement) -> list[str]:
    lines = [
        f"  {'step':<9} {'requests':>8} {'count':>7} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}"
        f" {'errors':>7}"
    ]
    for name, _ in STEPS:
        ordered = sorted(measured.times_ms[name])
        cells = (
            [f"{percentile(ordered, q):>9,.1f}" for q in (0.5, 0.95, 0.99)]
            if ordered
            else [f"{'-':>9}"] * 3
        )
        lines.append(
            f"  {name:<9} {REQUESTS_PER_STEP.get(name, 1):>8} {len(ordered):>7,}"
            f" {' '.join(cells)} {measured.errors[name]:>7}"
        )
    return lines


def memory_line(memory: list[WorkerMemory]) -> str:
    workers = "; ".join(
        f"pid {m.pid}: VmRSS {m.rss_kib / 1024:,.1f}, VmHWM {m.peak_kib / 1024:,.1f}"
        for m in memory
    )
    return f"  server RSS per worker (MiB): {workers or 'none found'}"


def target_line(run: Run) -> str:
    """Whether the issue's target is met, and what misses it."""
    misses = [
        f"{name} p95 {percentile(sorted(times), 0.95):,.0f} ms"
        for name, times in run.measured.times_ms.items()
        if times and percentile(sorted(times), 0.95) > TARGET_P95_MS
    ]
    misses += [
        f"pid {m.pid} VmHWM {m.peak_kib / 1024:,.0f} MiB"
        for m in run.memory
        if m.peak_kib >= TARGET_RSS_MIB * 1024
    ]
    verdict = "missed: " + ", ".join(misses) if misses else "met"
    return (
        f"  target (every step's p95 <= {TARGET_P95_MS} ms, each worker under"
        f" {TARGET_RSS_MIB} MiB): {verdict}"
    )


def report(run: Run, smoke: bool) -> str:
    measured = run.measured
    steps = sum(len(times) for times in measured.times_ms.values())
    lines = [f"  {run.workers} worker(s); {run.seconds:.1f} s measured", *step_rows(measured)]
    lines.append(
        f"  {steps:,} steps ({steps / run.seconds:,.1f}/s); driver CPU"
        f" {run.driver_cpu:.0%} of one core"
    )
    if run.driver_cpu > BUSY_DRIVER:
        lines.append("  ! the driver nears a core: its own queueing is in these times")
    lines.append(memory_line(run.memory))
    if not smoke:
        lines.append(target_line(run))
    for name, count in measured.errors.items():
        lines.append(
            f"  ! {name}: {count} error(s) (warm-up included), the first:"
            f" {measured.first_errors[name]}"
        )
    if run.log_tail:
        lines.append(f"  --- server log, last lines:\n{run.log_tail}")
    return "\n".join(lines)


def heading(backend: str, args: argparse.Namespace, shape: Shape, fill_seconds: float) -> str:
    return (
        f"{backend}: {args.coaches} coaches x {args.clients_per_coach} clients ({shape.goals}"
        f" goals, {shape.targets} outcomes, {shape.sprints} sprints, {shape.commitments:,}"
        f" commitments each), filled in {fill_seconds:.1f} s; {args.seconds:g} s after"
        f" {args.warmup:g} s of warm-up; {args.think:g} s mean pause between a coach's steps"
    )


# --- the command line ---


def worker_counts(text: str) -> list[int]:
    counts = [int(part) for part in text.split(",") if part.strip()]
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("a worker count or a comma list of them, each 1 or more")
    return counts


def parsed(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_backend_options(parser)
    parser.set_defaults(backend="postgresql")  # the target is there
    parser.add_argument("--coaches", type=int, default=50, help="coaches at once")
    parser.add_argument("--clients-per-coach", type=int, default=10, help="each coach's clients")
    parser.add_argument("--seconds", type=float, default=30, help="the measured load")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of load before it")
    parser.add_argument(
        "--think",
        type=float,
        default=DEFAULT_THINK_SECONDS,
        help="a coach's mean pause between steps, seconds (0: back to back)",
    )
    parser.add_argument(
        "--workers",
        type=worker_counts,
        default=[1],
        help="uvicorn workers; a comma list (1,2) runs each in turn",
    )
    smoke = {"coaches": 2, "clients_per_coach": 2, "seconds": 3, "warmup": 0.5, "think": 0}
    args = arguments.parse(parser, argv, smoke=smoke)
    if args.coaches < 1 or args.clients_per_coach < 1 or args.seconds <= 0 or args.warmup < 0:
        parser.error("--coaches and --clients-per-coach must be 1 or more, --seconds over 0")
    if args.think < 0:
        parser.error("--think must be 0 or more")
    args.backends = arguments.chosen_backends(parser, args)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parsed(argv)
    shape = SMOKE_SHAPE if args.smoke else MORNING_SHAPE
    failed = False
    for backend in args.backends:
        with temporary_database(backend, args.postgres_url) as database_url:
            began = time.perf_counter()
            coaches = filled(database_url, args.coaches, args.clients_per_coach, shape)
            print(heading(backend, args, shape, time.perf_counter() - began), flush=True)
            for workers in args.workers:
                run = run_workers(database_url, coaches, workers, args)
                print(report(run, args.smoke), flush=True)
                failed |= bool(run.measured.errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
