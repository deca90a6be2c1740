"""bench/load.py --big-client: every answer and page of one very large client, once each.

The client has 60 goals, 60 sprints, 150 outcomes and 300 commitments, each outcome linked to
40 goals and 40 sprints and each commitment to 40 outcomes (24,000 links), written set-based
by bench/api.py's fill(). Each request is timed against the running server (a timeout bounds
it); the report names the largest and the slowest, and the server's memory. --smoke fills
SMOKE_BIG instead: every answer and page all the same, on a few records of 4 links each.
"""

import time
import uuid
from dataclasses import dataclass

import httpx
from api import Shape
from servers import Server, memory_kib
from sqlalchemy import select

from coachboard.core.database import create_db_engine
from coachboard.models.commitments import Commitment
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target

BIG = Shape(
    goals=60,
    targets=150,
    sprints=60,
    commitments=300,
    goals_per_target=(40, 40),
    sprints_per_target=(40, 40),
    targets_per_commitment=(40, 40),
)
SMOKE_BIG = Shape(
    goals=6,
    targets=5,
    sprints=6,
    commitments=8,
    goals_per_target=(4, 4),
    sprints_per_target=(4, 4),
    targets_per_commitment=(4, 4),
)
SLOW_SECONDS = 1.0
LARGE_BYTES = 2_000_000
ALL = "?limit=100"  # the largest page a list serves


@dataclass(frozen=True)
class Answer:
    name: str
    path: str
    status: str
    seconds: float
    bytes: int

    @property
    def marks(self) -> str:
        slow = ["over 1 s"] if self.seconds > SLOW_SECONDS else []
        large = ["over 2 MB"] if self.bytes > LARGE_BYTES else []
        return "  <- " + ", ".join(slow + large) if slow or large else ""


def first_ids(database_url: str, client_id: uuid.UUID) -> tuple[uuid.UUID, ...]:
    """The client's first outcome, sprint and commitment (by creation)."""
    engine = create_db_engine(database_url)
    try:
        with engine.connect() as connection:
            return tuple(
                connection.scalar(
                    select(model.id)
                    .where(model.client_id == client_id)
                    .order_by(model.created_at, model.id)
                    .limit(1)
                )
                for model in (Target, Sprint, Commitment)
            )
    finally:
        engine.dispose()


def api_paths(client_id: uuid.UUID, ids: tuple[uuid.UUID, ...]) -> list[tuple[str, str]]:
    target_id, sprint_id, commitment_id = ids
    client = f"/api/v1/clients/{client_id}"
    return [
        ("API client", client),
        ("API goals list", f"{client}/goals{ALL}"),
        ("API outcomes list", f"{client}/targets{ALL}"),
        ("API sprints list", f"{client}/sprints{ALL}"),
        ("API sessions list", f"{client}/sessions{ALL}"),
        ("API commitments list", f"{client}/commitments{ALL}"),
        ("API tree", f"{client}/tree"),
        ("API graph", f"{client}/graph"),
        ("API one outcome", f"/api/v1/targets/{target_id}"),
        ("API one sprint", f"/api/v1/sprints/{sprint_id}"),
        ("API one commitment", f"/api/v1/commitments/{commitment_id}"),
        ("API legacy review queue", f"{client}/legacy-links{ALL}"),
    ]


def page_paths(client_id: uuid.UUID) -> list[tuple[str, str]]:
    tabs = ("tree", "graph", "goals", "targets", "sprints", "sessions", "commitments", "review")
    client = f"/clients/{client_id}"
    return [("page client", client)] + [(f"page {tab}", f"{client}/{tab}") for tab in tabs]


def fetch(browser: httpx.Client, name: str, path: str, timeout: float) -> Answer:
    """The answer's status, seconds and size, read as a stream (never held whole); "timeout"
    once the request has taken longer than timeout in all, however it trickles in."""
    began = time.perf_counter()
    size = 0
    try:
        with browser.stream("GET", path) as response:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if time.perf_counter() - began > timeout:
                    return Answer(name, path, "timeout", time.perf_counter() - began, size)
    except httpx.TimeoutException:
        return Answer(name, path, "timeout", time.perf_counter() - began, size)
    return Answer(name, path, str(response.status_code), time.perf_counter() - began, size)


def fetch_all(
    server: Server, paths: list[tuple[str, str]], headers: dict[str, str], timeout: float
) -> list[Answer]:
    with httpx.Client(base_url=server.url, headers=headers, timeout=timeout) as browser:
        return [fetch(browser, name, path, timeout) for name, path in paths]


@dataclass(frozen=True)
class Measured:
    answers: list[Answer]
    memory: dict[str, int]  # VmRSS and VmHWM before and after, KiB
    workers: int

    @property
    def failed(self) -> list[Answer]:
        """The answers that are no 200: an error, a redirect to sign-in, a timeout."""
        return [answer for answer in self.answers if answer.status != "200"]

    def report(self) -> str:
        return report(self.answers, self.memory, self.workers)


def report(answers: list[Answer], memory: dict[str, int], workers: int) -> str:
    lines = [f"  {'answer':<25} {'status':>7} {'seconds':>9} {'bytes':>12}  path"]
    lines += [
        f"  {a.name:<25} {a.status:>7} {a.seconds:>9.3f} {a.bytes:>12,}  {a.path}{a.marks}"
        for a in answers
    ]
    largest = max(answers, key=lambda a: a.bytes)
    slowest = max(answers, key=lambda a: a.seconds)
    whose = "the uvicorn process" if workers <= 1 else f"the sum of {workers} workers"
    lines += [
        f"  largest: {largest.name}, {largest.bytes:,} bytes in {largest.seconds:.3f} s",
        f"  slowest: {slowest.name}, {slowest.seconds:.3f} s for {slowest.bytes:,} bytes",
        f"  server memory ({whose}), MiB: VmRSS before {memory['rss_before'] / 1024:.0f},"
        f" after {memory['rss_after'] / 1024:.0f}; peak VmHWM before the requests"
        f" {memory['hwm_before'] / 1024:.0f} (start-up and sign-in), after"
        f" {memory['hwm_after'] / 1024:.0f}",
    ]
    return "\n".join(lines)


def measure(
    server: Server, paths: tuple[list, list], headers: tuple[dict, dict], timeout: float
) -> Measured:
    """Each API answer with the token's headers, each page with the cookie's."""
    memory = {"rss_before": memory_kib(server, "VmRSS"), "hwm_before": memory_kib(server, "VmHWM")}
    answers = fetch_all(server, paths[0], headers[0], timeout)
    answers += fetch_all(server, paths[1], headers[1], timeout)
    memory |= {"rss_after": memory_kib(server, "VmRSS"), "hwm_after": memory_kib(server, "VmHWM")}
    return Measured(answers, memory, server.workers)
