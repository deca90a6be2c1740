"""What writing history costs a write, over real HTTP, beside the code before history and a
plain-SQL endpoint, in the same run.

Three servers, one uvicorn worker each, on databases of their own code's schema:

    history     `coachboard serve` of this checkout
    before      `coachboard serve` of the commit before history was added (a git worktree of
                it in a temporary directory, removed afterwards, run with this checkout's
                virtualenv; the checkout needs git's history, not a shallow clone)
    plain SQL   bench/same_work.py's PATCH /api/v1/goals/{id}: the token lookup, one
                UPDATE … RETURNING and one SELECT of the goal's progress figures in one
                transaction, no ORM, no history; its answer is checked to be coachboard's

Two writes are timed, alternating between the servers, --requests times each after a warm-up:

    rename      PATCH /api/v1/goals/{id} {"title": …} (one history entry)
    relink      PATCH /api/v1/targets/{id} {"goal_ids": […]}, moving an outcome from one goal to
                another (an unlink and a link: two entries, and the titles read for them)

    .venv/bin/python bench/history.py [--backend sqlite|postgresql|both] [--requests 200] [--smoke]

--smoke: 10 requests of each write (the first warms up).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import arguments
import httpx
from scratch import temporary_database
from servers import (
    PYTHON,
    ROOT,
    SECRET_KEY,
    Server,
    coachboard_command,
    launched,
    same_work_command,
    wait_until_healthy,
)
from twins import check_same_json

HISTORY_MIGRATION = "migrations/versions/b8d4f0a2c6e9_history.py"
EMAIL, PASSWORD = "bench@example.com", "bench-password-1"


def git(*options: str) -> str:
    """git's output in this checkout; RuntimeError with what git said when it fails."""
    done = subprocess.run(["git", *options], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(options)}: {done.stderr.strip()}")
    return done.stdout.strip()


def before_history() -> str:
    """The commit just before the one that added history."""
    if git("rev-parse", "--is-shallow-repository") == "true":
        raise RuntimeError(
            "bench/history.py runs the commit before history, which a shallow clone lacks:"
            " clone with full history (actions/checkout: fetch-depth: 0) or git fetch --unshallow"
        )
    added = git("log", "-1", "--format=%H", "--diff-filter=A", "--", HISTORY_MIGRATION)
    if not added:
        raise RuntimeError(f"no commit of this checkout adds {HISTORY_MIGRATION}")
    return f"{added}^"


@contextmanager
def checkout_of(revision: str) -> Iterator[Path]:
    """A worktree of the revision in a temporary directory, removed (and unregistered) whatever
    happens. Its name in .git/worktrees is its directory's, unique as the temporary directory's
    is, so that runs at once (two pytest-xdist workers) never meet. A run killed outright
    leaves a registration behind that `git worktree prune` removes."""
    with tempfile.TemporaryDirectory(prefix="coachboard-before-history-") as directory:
        path = Path(directory) / Path(directory).name
        git("worktree", "add", "--detach", str(path), revision)
        try:
            yield path
        finally:
            git("worktree", "remove", "--force", str(path))


def code_of(source: Path | None) -> dict[str, str]:
    """The environment that runs coachboard's code from `source` (its src/, ahead of the
    virtualenv's own) with this checkout's virtualenv; this checkout's code when None."""
    return {} if source is None else {"PYTHONPATH": str(source / "src")}


# `coachboard db upgrade`, `users create` and `tokens create` in one process, through the
# command's own Typer app (an interface the code before history shares): each process start
# imports all of coachboard, seconds on a busy machine. The token is the last line printed.
PREPARE = """
import json, sys
from coachboard.cli import app
for words in json.loads(sys.argv[1]):
    code = app(words, standalone_mode=False, prog_name="coachboard")
    if code:
        sys.exit(f"coachboard {' '.join(words)}: exit status {code}")
"""


def prepared(database_url: str, code: Path | None) -> str:
    """The schema at head of the code, a coach, and a token of theirs."""
    commands = [
        ["db", "upgrade"],
        ["users", "create", "--email", EMAIL, "--name", "Bench", "--password", PASSWORD],
        ["tokens", "create", "--email", EMAIL],
    ]
    environment = {
        **os.environ,
        **code_of(code),
        "COACHBOARD_DATABASE_URL": database_url,
        # Else `db upgrade` writes a secret key file: beside a SQLite database, but for
        # PostgreSQL into the working directory, this checkout.
        "COACHBOARD_SECRET_KEY": SECRET_KEY,
    }
    done = subprocess.run(
        [str(PYTHON), "-c", PREPARE, json.dumps(commands)],
        env=environment,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"preparing {database_url} failed:\n{done.stdout}{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


def api(server: Server, token: str) -> httpx.Client:
    # httpx's default 5 s would fail a write on a machine busy with other tests, not time it.
    return httpx.Client(
        base_url=f"{server.url}/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=60
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

    def renamed(self, title: str) -> dict:
        """The first goal renamed to the title: the server's answer."""
        response = self.http.patch(f"/goals/{self.goals[0]}", json={"title": title})
        response.raise_for_status()
        return response.json()

    def rename(self) -> float:
        self.count += 1
        return self.timed(f"/goals/{self.goals[0]}", {"title": f"Goal {self.count}"})

    def relink(self) -> float:
        self.count += 1
        goal = self.goals[self.count % 2]
        return self.timed(f"/targets/{self.outcome}", {"goal_ids": [goal]})


def check_rename_twin(history: Writes, plain_sql: Writes) -> None:
    """The plain-SQL rename answers what coachboard's does: the same goal, renamed alike by
    each, gives the same JSON, but for when (updated_at)."""
    real, twin = history.renamed("Twin check"), plain_sql.renamed("Twin check")
    del real["updated_at"], twin["updated_at"]
    check_same_json("rename", real, twin)


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
        ThreadPoolExecutor(2) as preparing,  # each its own processes: they share nothing
    ):
        log_dir = Path(logs)
        head_prepared = preparing.submit(prepared, head_url, None)
        before_token = prepared(before_url, before)
        head_token = head_prepared.result()
        serve = [*coachboard_command(1), "--no-worker"]
        head = servers.enter_context(launched("history", serve, head_url, log_dir, 1))
        earlier = servers.enter_context(
            launched("before", serve, before_url, log_dir, 1, code_of(before))
        )
        plain = servers.enter_context(
            launched("plain", same_work_command(1, access_log=False), head_url, log_dir, 1)
        )
        for server in (head, earlier, plain):
            wait_until_healthy(server)
        writes = {
            "history": Writes.seeded(api(head, head_token)),
            "before": Writes.seeded(api(earlier, before_token)),
        }
        history = writes["history"]
        plain_sql = Writes(api(plain, head_token), history.goals, history.outcome)
        check_rename_twin(history, plain_sql)
        report(backend, "rename", measure({**writes, "plain SQL": plain_sql}, "rename", requests))
        report(backend, "relink", measure(writes, "relink", requests))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_backend_options(parser)
    parser.add_argument("--requests", type=int, default=200)
    args = arguments.parse(parser, argv, smoke={"requests": 10})
    backends = arguments.chosen_backends(parser, args)
    with checkout_of(before_history()) as before:
        for backend in backends:
            bench(backend, args.postgres_url, args.requests, before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
