"""Hostile bodies against a real server: does /healthz stay fast while strangers post 1 MiB
bodies without a token and a coach imports a 19 MiB client document?

    .venv/bin/python bench/hostile.py [--backend sqlite|postgresql|both] [--senders 4]
        [--import-mib 19] [--smoke]

`coachboard serve` of this checkout (one process, as deployed by default, bench/servers.py) on a
scratch database with one coach. First /healthz alone (quiet), then the same probe while
--senders threads each post 1 MiB bodies (`[0,0,…]`) to POST /api/v1/clients without a token,
back to back, and one coach imports a client document of --import-mib MiB (10,000 goals and
their outcomes, linked). The probe asks every 10 ms, one request at a time, and each answer's
time is what a load balancer's health check would see. The import must answer 201 and every
sender's request 401. A full run fails (exit 1) when the probe's p99 under attack passes
100 ms; a smoke run (a 1 MiB import, one sender) only checks that everything answers.
"""

import argparse
import gc
import socket
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import arguments
import httpx
import orjson
from scratch import temporary_database
from servers import coachboard_command, running

from coachboard.accounts import service as accounts
from coachboard.core.database import get_engine, unit_of_work
from coachboard.core.migrations import upgrade

P99_LIMIT_MS = 100.0
PROBE_EVERY = 0.01
QUIET_SAMPLES = 200
JUNK = b"[" + b"0," * (512 * 1024 - 1) + b"0]"  # 1 MiB, the default body limit
NOW = "2026-01-05T09:00:00Z"


def client_document(mib: float) -> bytes:
    """A valid client document of about `mib` MiB: goals with long descriptions, an outcome
    under each, linked."""
    goals = max(1, int(mib * 1024 * 1024 / 2_400))
    description = "Notes from the first sessions. " * 60
    stamp = {"created_at": NOW, "updated_at": NOW}
    goal_ids = [str(uuid.uuid4()) for _ in range(goals)]
    target_ids = [str(uuid.uuid4()) for _ in range(goals)]
    document = {
        "format": "coachboard.client",
        "version": 1,
        "exported_at": NOW,
        "client": {
            "id": str(uuid.uuid4()),
            "name": "Imported",
            "email": None,
            "notes": "",
            "status": "active",
            **stamp,
        },
        "goals": [
            {
                "id": goal_id,
                "title": f"Goal {n}",
                "description": description,
                "status": "active",
                "target_date": "2026-12-31",
                **stamp,
            }
            for n, goal_id in enumerate(goal_ids)
        ],
        "targets": [
            {
                "id": target_id,
                "title": f"Outcome {n}",
                "description": "",
                "status": "in_progress",
                "due_date": None,
                "metadata": {},
                **stamp,
            }
            for n, target_id in enumerate(target_ids)
        ],
        "sprints": [],
        "sessions": [],
        "commitments": [],
        "links": {
            "target_goals": [
                {"target_id": t, "goal_id": g, "created_at": NOW}
                for t, g in zip(target_ids, goal_ids, strict=True)
            ],
            "target_sprints": [],
            "commitment_targets": [],
        },
        "agenda_topics": [],
        "reflections": [],
        "email_opt_outs": [],
        "history": [],
    }
    return orjson.dumps(document)


def probe(url: str, until: Callable[[], bool], samples: list[float], count: int = 0) -> None:
    """GET /healthz every PROBE_EVERY, one at a time, until `until()` (or `count` samples)."""
    with httpx.Client(timeout=60) as http:
        while not until() and (count == 0 or len(samples) < count):
            started = time.perf_counter()
            http.get(f"{url}/healthz").raise_for_status()
            samples.append((time.perf_counter() - started) * 1000)
            time.sleep(PROBE_EVERY)


def send_junk(url: str, until: Callable[[], bool], statuses: Counter[int], rate: float) -> None:
    """Post 1 MiB bodies without a token, `rate` a second (0: back to back), until `until()`:
    over a plain socket, a connection each, so that the senders' own CPU (on the same
    machine) stays small."""
    address = httpx.URL(url)
    head = (
        "POST /api/v1/clients HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(JUNK)}\r\n\r\n"
    ).format(host=address.host)
    request = head.encode() + JUNK
    interval = 1 / rate if rate else 0.0
    while not until():
        started = time.perf_counter()
        with socket.create_connection((address.host, address.port), timeout=60) as connection:
            try:
                connection.sendall(request)
                answer = connection.recv(64)
            except OSError:
                answer = b""  # answered and closed before the whole body was sent
        statuses[int(answer.split()[1]) if answer.startswith(b"HTTP/1.1 ") else 0] += 1
        time.sleep(max(0.0, interval - (time.perf_counter() - started)))


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * len(ordered)))]


def described(samples: list[float]) -> str:
    return (
        f"median {statistics.median(samples):6.1f} ms  p99 {percentile(samples, 0.99):6.1f} ms"
        f"  max {max(samples):7.1f} ms  ({len(samples)} requests)"
    )


def attack(url: str, token: str, document: bytes, senders: int, rate: float) -> dict[str, Any]:
    """The probe during the senders and the import; what each got."""
    done = threading.Event()
    samples: list[float] = []
    statuses: Counter[int] = Counter()
    threads = [threading.Thread(target=probe, args=(url, done.is_set, samples))]
    threads += [
        threading.Thread(target=send_junk, args=(url, done.is_set, statuses, rate))
        for _ in range(senders)
    ]
    # The probe is a thread of this process: a full collection of this process's own heap
    # (the app's modules, imported to make the coach) would count as the server's stall.
    gc.collect()
    gc.freeze()
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the senders under way before the import starts
    started = time.perf_counter()
    with httpx.Client(timeout=300) as http:
        imported = http.post(
            f"{url}/api/v1/clients/import",
            content=document,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
    seconds = time.perf_counter() - started
    time.sleep(0.5)
    done.set()
    for thread in threads:
        thread.join()
    return {"samples": samples, "statuses": statuses, "import": imported, "seconds": seconds}


def run(backend: str, options: argparse.Namespace, logs: Path) -> bool:
    """One backend's run; True when everything answered as it must (and, in a full run, the
    probe's p99 held)."""
    document = client_document(options.import_mib)
    with temporary_database(backend, options.postgres_url) as url:
        upgrade(url, "head")
        engine = get_engine(url)
        with unit_of_work(engine) as session:
            coach = accounts.create(
                session, email="bench@example.com", name="Bench", password="bench-password-1"
            )
            token = accounts.create_token(session, user=coach, name="bench")
        engine.dispose()
        with running("coachboard", coachboard_command(1), url, logs, 1) as server:
            quiet: list[float] = []
            probe(server.url, lambda: False, quiet, count=QUIET_SAMPLES)
            found = attack(server.url, token, document, options.senders, options.rate)
    under_attack = found["samples"]
    imported = found["import"]
    print(
        f"{backend}: import of {len(document) / 2**20:.1f} MiB: {imported.status_code}"
        f" in {found['seconds']:.1f} s; senders' answers {dict(found['statuses'])}"
    )
    print(f"  /healthz quiet         {described(quiet)}")
    print(f"  /healthz under attack  {described(under_attack)}")
    answered = imported.status_code == 201 and set(found["statuses"]) <= {0, 401}
    if not answered:
        print(f"  FAILED: import {imported.status_code} {imported.text[:300]}", file=sys.stderr)
    held = options.smoke or percentile(under_attack, 0.99) <= P99_LIMIT_MS
    if not held:
        print(f"  FAILED: p99 under attack past {P99_LIMIT_MS:.0f} ms", file=sys.stderr)
    return answered and held


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_backend_options(parser)
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--import-mib", type=float, default=19.0)
    parser.add_argument(
        "--rate", type=float, default=20.0, help="requests a second per sender; 0: back to back"
    )
    options = arguments.parse(parser, argv, smoke={"senders": 1, "import_mib": 1.0})
    backends = arguments.chosen_backends(parser, options)
    with tempfile.TemporaryDirectory(prefix="coachboard-bench-") as logs:
        results = [run(backend, options, Path(logs)) for backend in backends]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
