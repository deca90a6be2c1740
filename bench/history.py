"""What writing history costs a write, over real HTTP, beside the code before history and a
plain-SQL endpoint, in the same run.

Three servers, one uvicorn worker each, on databases of their own code's schema:

    history     `coachboard serve` of this checkout
    before      `coachboard serve` of the commit before history was added (a temporary git
                worktree of it, run with this checkout's virtualenv)
    plain SQL   bench/same_work.py's PATCH /api/v1/goals/{id}: the token lookup and one
                UPDATE … RETURNING in one transaction, no ORM, no history

Two writes are timed, alternating between the servers, --requests times each after a warm-up:

    rename      PATCH /api/v1/goals/{id} {"title": …} (one history entry)
    relink      PATCH /api/v1/targets/{id} {"goal_ids": […]}, moving an outcome from one goal to
                another (an unlink and a link: two entries, and the titles read for them)

    .venv/bin/python bench/history.py [--backend sqlite|postgresql|both] [--requests 200]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
from api import POSTGRES_URL_VARIABLE
from scratch import temporary_database
from servers import COACHBOARD, ROOT, Server, coachboard_command, running, same_work_command

HISTORY_MIGRATION = "migrations/versions/b8d4f0a2c6e9_history.py"
EMAIL, PASSWORD = "bench@example.com", "bench-password-1"


def before_history() -> str:
    """The commit just before the one that added history."""
    added = subprocess.run(
        ["git", "log", "-1", "--format=%H", "--diff-filter=A", "--", HISTORY_MIGRATION],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{added}^"


@contextmanager
def checkout_of(revision: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="coachboard-before-") as directory:
        path = Path(directory) / "tree"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(path), revision],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            yield path
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, check=False
            )


@contextmanager
def python_path(source: Path | None) -> Iterator[None]:
    """Run coachboard's code from `source` (its src/) with this checkout's virtualenv."""
    previous = os.environ.get("PYTHONPATH")
    if source is not None:
        os.environ["PYTHONPATH"] = str(source / "src")
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = previous


def command(database_url: str, *arguments: str, stdin: str = "") -> str:
    """`coachboard …` on a database, with whatever code PYTHONPATH names."""
    environment = {**os.environ, "COACHBOARD_DATABASE_URL": database_url}
    done = subprocess.run(
        [str(COACHBOARD), *arguments],
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def prepared(database_url: str) -> str:
    """The schema at head of the code in use, a coach, and a token of theirs."""
    command(database_url, "db", "upgrade")
    command(
        database_url, "users", "create", "--email", EMAIL, "--name", "Bench", "--password", PASSWORD
    )
    return command(database_url, "tokens", "create", "--email", EMAIL)


def api(server: Server, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=f"{server.url}/api/v1", headers={"Authorization": f"Bearer {token}"}
    )


class Writes:
    """A server's writes, to a client with two goals and an outcome under the first."""

    def __init__(self, http: httpx.Client, goals: list[str], outcome: str) -> None:
        self.http, self.goals, self.outcome = http, goals, outcome
        self.count = 0

    @classmethod
    def seeded(cls, http: httpx.Client) -> "Writes":
        def made(path: str, body: dict) -> str:
            response = http.post(path, json=body)
            response.raise_for_status()
            return response.json()["id"]

        client = made("/clients", {"name": "Sam Rivera"})
        goals = [made(f"/clients/{client}/goals", {"title": f"Goal {n}"}) for n in (1, 2)]
        outcome = made(f"/clients/{client}/targets", {"title": "Run 10 km", "goal_ids": goals[:1]})
        return cls(http, goals, outcome)

    def timed(self, path: str, body: dict) -> float:
        started = time.perf_counter()
        response = self.http.patch(path, json=body)
        elapsed = time.perf_counter() - started
        response.raise_for_status()
        return elapsed * 1000

    def rename(self) -> float:
        self.count += 1
        return self.timed(f"/goals/{self.goals[0]}", {"title": f"Goal {self.count}"})

    def relink(self) -> float:
        self.count += 1
        goal = self.goals[self.count % 2]
        return self.timed(f"/targets/{self.outcome}", {"goal_ids": [goal]})


def measure(writes: dict[str, Writes], operation: str, requests: int) -> dict[str, list[float]]:
    """Each server's timings of the operation, the servers taking turns."""
    times: dict[str, list[float]] = {name: [] for name in writes}
    for number in range(requests + requests // 10):
        for name, target in writes.items():
            elapsed = getattr(target, operation)()
            if number >= requests // 10:  # the first tenth warms up
                times[name].append(elapsed)
    return times


def report(backend: str, operation: str, times: dict[str, list[float]]) -> None:
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        p95 = statistics.quantiles(values, n=20)[-1]
        print(
            f"{backend:<10} {operation:<7} {name:<10} median {medians[name]:7.2f} ms  p95 {p95:7.2f} ms"
        )
    overhead = medians["history"] / medians["before"] - 1
    line = f"{backend:<10} {operation:<7} history adds {overhead:+.1%} to the write"
    if "plain SQL" in medians:
        ratios = [
            f"{name} {medians[name] / medians['plain SQL']:.2f}x" for name in ("history", "before")
        ]
        line += f"; against plain SQL: {', '.join(ratios)}"
    print(line, flush=True)


def bench(backend: str, postgres_url: str | None, requests: int, before: Path) -> None:
    with (
        temporary_database(backend, postgres_url) as head_url,
        temporary_database(backend, postgres_url) as before_url,
        tempfile.TemporaryDirectory(prefix="coachboard-bench-logs-") as logs,
        ExitStack() as servers,
    ):
        log_dir = Path(logs)
        head_token = prepared(head_url)
        head = servers.enter_context(
            running("history", [*coachboard_command(1), "--no-worker"], head_url, log_dir, 1)
        )
        with python_path(before):  # the process keeps the environment it started with
            before_token = prepared(before_url)
            earlier = servers.enter_context(
                running("before", [*coachboard_command(1), "--no-worker"], before_url, log_dir, 1)
            )
        plain = servers.enter_context(
            running("plain", same_work_command(1, access_log=False), head_url, log_dir, 1)
        )
        writes = {
            "history": Writes.seeded(api(head, head_token)),
            "before": Writes.seeded(api(earlier, before_token)),
        }
        history = writes["history"]
        plain_sql = Writes(api(plain, head_token), history.goals, history.outcome)
        report(backend, "rename", measure({**writes, "plain SQL": plain_sql}, "rename", requests))
        report(backend, "relink", measure(writes, "relink", requests))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--requests", type=int, default=200)
    arguments = parser.parse_args()
    postgres_url = os.environ.get(POSTGRES_URL_VARIABLE)
    backends = ["sqlite", "postgresql"] if arguments.backend == "both" else [arguments.backend]
    if "postgresql" in backends and not postgres_url:
        if arguments.backend == "postgresql":
            sys.exit(f"set {POSTGRES_URL_VARIABLE} for the PostgreSQL half")
        backends.remove("postgresql")
    with checkout_of(before_history()) as before:
        for backend in backends:
            bench(backend, postgres_url, arguments.requests, before)


if __name__ == "__main__":
    main()
