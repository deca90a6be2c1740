"""HTTP load on the real server: coachboard against a plain-SQL twin, under wrk.

For each backend it builds a scratch database at schema head, fills it with bench/api.py's
fill() (a coach with a token; a client with 20 goals, 200 outcomes, 30 sprints, 5,000
commitments), starts `coachboard serve` of this checkout and bench/same_work.py (the same
work in plain SQLAlchemy Core and json.dumps, served by uvicorn alike) as subprocesses on
127.0.0.1, checks that both give the same JSON, and drives each scenario with
`wrk -t2 -c<connections> -d<seconds>s --latency`:

    outcome       GET /api/v1/targets/{id}             vs the twin's, and the minimal endpoint's
                                                       (the same answer, no transaction)
    outcome-list  GET /api/v1/clients/{id}/targets     vs the twin's (limit 50)
    tree          GET /api/v1/clients/{id}/tree        vs the whole client's rows, flat
    page          GET /clients/{id}/targets            the Outcomes tab, signed in (no twin)

and prints requests/s, p50 and p99 of each, the ratios coachboard / same-work (and / minimal),
and whether issue 25's targets hold: the outcome GET at least 0.7x the minimal endpoint's
requests/s with at most 1.5x its p99; the list and the tree at least 0.5x their twins' with at
most 2x their p99 (a measurement, not a pass/fail: only errors fail a run). The tree and
the page get at most 8 connections: with more, requests would still be queued when the run
ends, and wrk records only those that finish.

    .venv/bin/python bench/load.py [--backend sqlite|postgresql|both] [--seconds 10]
        [--connections 50] [--workers N] [--scenarios outcome,outcome-list,tree,page]
        [--before REVISION] [--smoke]
    .venv/bin/python bench/load.py --big-client [--backend ...] [--timeout 120] [--smoke]

--before REVISION then serves coachboard of that git revision (a worktree in a temporary
directory, run with this checkout's virtualenv, as bench/history.py runs its "before") on the
same data, alone, and measures each scenario again, with the bar's verdict for it too: a
before-and-after table from one run on one machine.

--big-client instead fills a client of 60 goals, 60 sprints, 150 outcomes, 300 commitments and
24,000 links and requests each of its API answers and pages once (bench/big_client.py); any
answer but 200 fails the run, after its report.
PostgreSQL uses a temporary database on --postgres-url (default $COACHBOARD_TEST_POSTGRES_URL);
SQLite a temporary file. Needs wrk (apt-get install wrk).

--smoke: bench/api.py's SMOKE_SHAPE (big client: big_client.SMOKE_BIG), 1 s wrk runs on 4
connections after 0.2 s of warm-up; the twins' answers are checked as in a full run.
"""

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import arguments
import big_client
import httpx
from api import DEFAULT_SHAPE, SMOKE_SHAPE, Shape, fill
from history import checkout_of, code_of
from same_work import READ_ONLY
from scratch import temporary_database
from servers import (
    Server,
    browser_cookie,
    coachboard_command,
    cpu_seconds,
    launched,
    logs_access,
    running,
    same_work_command,
    stop,
    wait_until_healthy,
)
from sqlalchemy import func, select
from twins import check_same_json
from wrk import Load, LoadFailed, require_wrk, run_wrk

from coachboard.core.database import create_db_engine, get_engine
from coachboard.core.migrations import upgrade
from coachboard.models.links import TargetGoalLink, TargetSprintLink
from coachboard.models.targets import Target

EMAIL, PASSWORD = "bench@example.com", "bench-password-1"  # fill()'s coach
SCENARIOS = ("outcome", "outcome-list", "tree", "page")
# The tree and the page take a second or more each under load: with 50 connections a request
# would wait longer than a run lasts, and wrk records only the requests that finish.
HEAVY_CONNECTIONS = 8


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    twin_path: str | None
    connections: int
    page: bool = False  # signed-in browser cookie rather than the bearer token
    same_json: bool = True  # the twin answers the very same JSON
    minimal_path: str | None = None  # the same answer with the least work, on the twin's server
    bar: "Bar | None" = None


@dataclass(frozen=True)
class Bar:
    """Issue 25's bar: at least `rate` of the reference's requests/s, at most `p99` of its p99."""

    against: str  # "minimal" or "twin"
    rate: float
    p99: float


OUTCOME_BAR = Bar("minimal", rate=0.7, p99=1.5)
TWIN_BAR = Bar("twin", rate=0.5, p99=2.0)


@dataclass(frozen=True)
class Row:
    scenario: Scenario
    coachboard: "Measured"
    twin: "Measured | None"
    minimal: "Measured | None" = None
    before: "Measured | None" = None  # coachboard of --before's revision


@dataclass(frozen=True)
class Filled:
    url: str
    shape: Shape
    client_id: uuid.UUID
    token: str


def filled(database_url: str, shape: Shape) -> Filled:
    """The database at schema head, filled with the shape."""
    upgrade(database_url, "head")
    client_id, token = fill(database_url, shape=shape)
    get_engine(database_url).dispose()
    return Filled(database_url, shape, client_id, token)


def richest_outcome(data: Filled) -> tuple[uuid.UUID, int, int]:
    """The client's outcome with the most goal and sprint links: (id, goals, sprints)."""
    goals = select(func.count()).where(TargetGoalLink.target_id == Target.id).scalar_subquery()
    sprints = select(func.count()).where(TargetSprintLink.target_id == Target.id).scalar_subquery()
    engine = create_db_engine(data.url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                select(Target.id, goals, sprints)
                .where(Target.client_id == data.client_id)
                .order_by((goals + sprints).desc(), (goals * sprints).desc(), Target.id)
                .limit(1)
            ).one()
    finally:
        engine.dispose()
    return row[0], row[1], row[2]


def scenarios(
    data: Filled, target_id: uuid.UUID, chosen: list[str], connections: int
) -> list[Scenario]:
    client = f"/api/v1/clients/{data.client_id}"
    every = {
        "outcome": Scenario(
            "outcome GET",
            f"/api/v1/targets/{target_id}",
            f"/api/v1/targets/{target_id}",
            connections,
            minimal_path=f"/minimal/targets/{target_id}",
            bar=OUTCOME_BAR,
        ),
        "outcome-list": Scenario(
            "outcome list",
            f"{client}/targets?limit=50",
            f"{client}/targets?limit=50",
            connections,
            bar=TWIN_BAR,
        ),
        "tree": Scenario(
            "tree API",
            f"{client}/tree",
            f"{client}/tree",
            min(HEAVY_CONNECTIONS, connections),
            same_json=False,
            bar=TWIN_BAR,
        ),
        "page": Scenario(
            "Outcomes tab",
            f"/clients/{data.client_id}/targets",
            None,
            min(HEAVY_CONNECTIONS, connections),
            page=True,
        ),
    }
    return [every[name] for name in chosen]


def answer(server: Server, path: str, headers: dict[str, str]) -> httpx.Response:
    """One GET that must answer 200 (wrk would count a redirect to sign-in as a success)."""
    response = httpx.get(server.url + path, headers=headers, timeout=120)
    if response.status_code != 200:
        raise LoadFailed(f"{server.name} {path}: {response.status_code}\n{response.text[:500]}")
    return response


def checked_twins(servers: tuple[Server, Server], scenario: Scenario, headers: dict) -> str:
    """Both answer 200, with the same JSON where the twin does the same work; a note of sizes."""
    real = answer(servers[0], scenario.path, headers)
    if scenario.twin_path is None:
        return f"{len(real.content):,} B"
    twin = answer(servers[1], scenario.twin_path, headers)
    if scenario.same_json:
        check_same_json(scenario.name, real.json(), twin.json())
    if scenario.minimal_path:
        minimal = answer(servers[1], scenario.minimal_path, headers)
        check_same_json(f"{scenario.name} (minimal)", real.json(), minimal.json())
    same = "identical JSON" if scenario.same_json else "flat rows, not the tree's shape"
    return f"{len(real.content):,} B; same-work {len(twin.content):,} B ({same})"


def warmed(server: Server, path: str, headers: dict[str, str], seconds: float) -> None:
    """Requests one after another for the seconds given: nothing left in flight afterwards."""
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=server.url, headers=headers, timeout=120) as browser:
        while time.monotonic() < deadline:
            browser.get(path).raise_for_status()


@dataclass(frozen=True)
class Measured:
    load: Load
    cpu_ms: float  # the server's CPU time per request answered, its workers' included


def measured(
    server: Server, path: str, scenario: Scenario, headers: dict, args: argparse.Namespace
) -> "Measured":
    """A sequential warm-up, then the wrk run with the server's CPU time per request; the
    server's log tail on failure."""
    warmed(server, path, headers, args.warmup)
    cpu_before = cpu_seconds(server)
    try:
        load = run_wrk(server.url + path, headers, args.seconds, scenario.connections)
    except LoadFailed as failure:
        raise LoadFailed(f"{failure}\n--- {server.name} log:\n{server.log_tail()}") from failure
    return Measured(load, (cpu_seconds(server) - cpu_before) * 1000 / max(load.requests, 1))


def ratio(top: float, bottom: float | None) -> str:
    return f"{top / bottom:.2f}x" if bottom else "-"


def cells(run: "Measured | None", width: int) -> str:
    """A run's requests/s, p50, p99 and server CPU per request; dashes without a run."""
    if run is None:
        return f"{'-':>{width}} {'-':>8} {'-':>8} {'-':>6}"
    load = run.load
    return (
        f"{load.per_second:>{width}.1f} {load.p50_ms:>8.2f} {load.p99_ms:>8.2f} {run.cpu_ms:>6.2f}"
    )


def table(rows: list[Row]) -> list[str]:
    lines = [
        f"  {'scenario':<14} {'conns':>5} | {'coachboard req/s':>16} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'CPU ms':>6} | {'same-work req/s':>15} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms':>6}"
        f" | {'req/s ratio':>11} {'p99 ratio':>9}"
    ]
    for row in rows:
        real = row.coachboard.load
        references = [("", row.twin)] + ([("  minimal", row.minimal)] if row.minimal else [])
        for label, reference in references:
            first = label == ""
            mine = cells(row.coachboard, 16) if first else f"{'':>16} {'':>8} {'':>8} {'':>6}"
            other = reference.load if reference else None
            lines.append(
                f"  {label or row.scenario.name:<14} {row.scenario.connections:>5} | {mine} |"
                f" {cells(reference, 15)} |"
                f" {ratio(real.per_second, other and other.per_second):>11}"
                f" {ratio(real.p99_ms, other and other.p99_ms):>9}"
            )
        if row.before:
            other = row.twin.load if row.twin else None
            earlier = row.before.load
            lines.append(
                f"  {'  before':<14} {row.scenario.connections:>5} | {cells(row.before, 16)} |"
                f" {'':>15} {'':>8} {'':>8} {'':>6} |"
                f" {ratio(earlier.per_second, other and other.per_second):>11}"
                f" {ratio(earlier.p99_ms, other and other.p99_ms):>9}"
            )
    notes = [note for row in rows for note in truncation_notes(row)]
    verdicts = [verdict(row, row.coachboard, "") for row in rows if row.scenario.bar]
    verdicts += [
        verdict(row, row.before, " (before)") for row in rows if row.scenario.bar and row.before
    ]
    return lines + notes + verdicts


def verdict(row: Row, run: "Measured", whose: str) -> str:
    """Whether the run (coachboard's, or the --before revision's) meets issue 25's bar."""
    bar = row.scenario.bar
    assert bar is not None
    reference = row.minimal if bar.against == "minimal" else row.twin
    assert reference is not None
    mine, theirs = run.load, reference.load
    rate, p99 = mine.per_second / theirs.per_second, mine.p99_ms / theirs.p99_ms
    met = rate >= bar.rate and p99 <= bar.p99
    return (
        f"  target{whose}, {row.scenario.name}: at least {bar.rate}x the {bar.against}'s req/s"
        f" ({rate:.2f}x) with at most {bar.p99}x its p99 ({p99:.2f}x): {'met' if met else 'NOT met'}"
    )


def truncation_notes(row: Row) -> list[str]:
    """A warning where Little's law puts the mean latency near the run's length: the requests
    still waiting at the end are missing from the percentiles, which then read too low."""
    notes = []
    loads = (
        ("coachboard", row.coachboard),
        ("same-work", row.twin),
        ("minimal", row.minimal),
        ("before", row.before),
    )
    for name, run in loads:
        load = run.load if run else None
        mean_seconds = row.scenario.connections / load.per_second if load else 0
        if load and mean_seconds > load.seconds / 4:
            notes.append(
                f"  ! {row.scenario.name}, {name}: about {mean_seconds:.1f} s per request with"
                f" {row.scenario.connections} connections in a {load.seconds:.0f} s run;"
                " its percentiles miss the slowest (use fewer connections or more seconds)"
            )
    return notes


@contextmanager
def servers_up(data: Filled, workers: int, twin: bool) -> Iterator[tuple[Server, ...]]:
    """coachboard (and the same-work twin, logging access as coachboard does) serving the
    database; both stopped afterwards.

    The twin starts beside coachboard, not after it (a start takes seconds), with uvicorn's
    access log off as `coachboard serve` runs it; should coachboard log access after all, a twin
    that logs it too replaces that one before anything is measured."""
    with tempfile.TemporaryDirectory(prefix="coachboard-load-") as logs, ExitStack() as stack:

        def start(name: str, command: list[str]) -> Server:
            return stack.enter_context(launched(name, command, data.url, Path(logs), workers))

        coachboard = start("coachboard", coachboard_command(workers))
        if not twin:
            wait_until_healthy(coachboard)
            yield (coachboard,)
            return
        same_work = start("same-work", same_work_command(workers, access_log=False))
        wait_until_healthy(coachboard)
        if logs_access(coachboard):
            stop(same_work.process)
            same_work = start("same-work", same_work_command(workers, access_log=True))
        wait_until_healthy(same_work)
        yield coachboard, same_work


def with_before(data: Filled, rows: list[Row], args: argparse.Namespace) -> list[Row]:
    """Each row with coachboard of --before's revision measured on the same data. It serves
    alone, once this checkout's server and the twin have stopped: three servers' connection
    pools at once would pass PostgreSQL's default max_connections."""
    bearer = {"Authorization": f"Bearer {data.token}"}
    with (
        checkout_of(args.before) as source,
        tempfile.TemporaryDirectory(prefix="coachboard-load-") as logs,
        running(
            "before",
            coachboard_command(args.workers),
            data.url,
            Path(logs),
            args.workers,
            code_of(source),
        ) as server,
    ):
        cookie = {"Cookie": browser_cookie(server, EMAIL, PASSWORD)}
        return [
            replace(
                row,
                before=measured(
                    server,
                    row.scenario.path,
                    row.scenario,
                    cookie if row.scenario.page else bearer,
                    args,
                ),
            )
            for row in rows
        ]


def run_load(backend: str, data: Filled, args: argparse.Namespace) -> str:
    target_id, goal_count, sprint_count = richest_outcome(data)
    bearer = {"Authorization": f"Bearer {data.token}"}
    transactions = "read-only, BEGIN DEFERRED" if READ_ONLY else "the engine's BEGIN IMMEDIATE"
    shape = data.shape
    lines = [
        f"{backend}: {shape.goals} goals, {shape.targets} outcomes, {shape.sprints} sprints,"
        f" {shape.commitments:,} commitments; wrk -t2, {args.seconds} s"
        f" per run after {args.warmup} s of sequential warm-up; {args.workers} worker(s) each;"
        f" {os.cpu_count()} CPUs"
        + (f"; same-work transactions: {transactions}" if backend == "sqlite" else ""),
        f"  outcome GET reads an outcome with {goal_count} goals and {sprint_count} sprints",
    ]
    rows = []
    with servers_up(data, args.workers, twin=True) as servers:
        cookie = {"Cookie": browser_cookie(servers[0], EMAIL, PASSWORD)}
        lines.append(f"  uvicorn access log: {'on' if logs_access(servers[0]) else 'off'}, both")
        for scenario in scenarios(data, target_id, args.scenarios, args.connections):
            headers = cookie if scenario.page else bearer
            lines.append(f"  {scenario.name}: {checked_twins(servers, scenario, headers)}")
            real = measured(servers[0], scenario.path, scenario, headers, args)
            twin, minimal = (
                measured(servers[1], path, scenario, headers, args) if path else None
                for path in (scenario.twin_path, scenario.minimal_path)
            )
            rows.append(Row(scenario, real, twin, minimal))
    if args.before:
        rows = with_before(data, rows, args)
        lines.append(f"  before: coachboard of {args.before}, served alone after the others")
    return "\n".join(lines + table(rows))


def run_big_client(backend: str, data: Filled, args: argparse.Namespace) -> str:
    """The big client's report; LoadFailed, with the report, when an answer is not a 200."""
    shape = data.shape
    ids = big_client.first_ids(data.url, data.client_id)
    paths = (big_client.api_paths(data.client_id, ids), big_client.page_paths(data.client_id))
    with servers_up(data, args.workers, twin=False) as (server,):
        cookie = {"Cookie": browser_cookie(server, EMAIL, PASSWORD)}
        bearer = {"Authorization": f"Bearer {data.token}"}
        measured = big_client.measure(server, paths, (bearer, cookie), args.timeout)
    links = shape.targets * (shape.goals_per_target[0] + shape.sprints_per_target[0])
    links += shape.commitments * shape.targets_per_commitment[0]
    heading = (
        f"{backend}, big client: {shape.goals} goals, {shape.sprints} sprints, {shape.targets}"
        f" outcomes, {shape.commitments} commitments, {links:,} links; each request once,"
        f" {args.timeout:g} s timeout; {args.workers} worker(s)"
    )
    report = f"{heading}\n{measured.report()}"
    if measured.failed:
        failed = ", ".join(f"{a.name} ({a.status})" for a in measured.failed)
        raise LoadFailed(f"{report}\nanswers other than 200: {failed}")
    return report


def parsed(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_backend_options(parser)
    parser.add_argument(
        "--seconds", type=int, default=10, help="each measured wrk run, whole seconds"
    )
    parser.add_argument(
        "--warmup", type=float, default=1, help="seconds of sequential requests before each run"
    )
    parser.add_argument(
        "--connections", type=int, default=50, help="wrk -c (tree and page: at most 8)"
    )
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers of each server")
    parser.add_argument(
        "--scenarios",
        type=lambda text: [name.strip() for name in text.split(",") if name.strip()],
        default=list(SCENARIOS),
        help=f"comma-separated subset of {','.join(SCENARIOS)}",
    )
    parser.add_argument(
        "--before",
        metavar="REVISION",
        help="also serve coachboard of this git revision (a worktree, with this checkout's"
        " virtualenv) on the same data, and measure it beside (the load scenarios)",
    )
    parser.add_argument("--big-client", action="store_true", help="the big-client run instead")
    parser.add_argument("--timeout", type=float, default=120, help="big client: per request")
    smoke = {"seconds": 1, "warmup": 0.2, "connections": 4, "timeout": 60}
    args = arguments.parse(parser, argv, smoke=smoke)
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown or not args.scenarios:
        parser.error(f"--scenarios: choose among {', '.join(SCENARIOS)}")
    if args.seconds < 1 or args.warmup < 0 or args.connections < 1 or args.workers < 1:
        parser.error("--seconds, --connections and --workers must be 1 or more")
    args.backends = arguments.chosen_backends(parser, args)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parsed(argv)
    if not args.big_client:
        require_wrk()
    if args.big_client:
        shape, run = (big_client.SMOKE_BIG if args.smoke else big_client.BIG), run_big_client
    else:
        shape, run = (SMOKE_SHAPE if args.smoke else DEFAULT_SHAPE), run_load
    for backend in args.backends:
        with temporary_database(backend, args.postgres_url) as database_url:
            print(run(backend, filled(database_url, shape), args), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
