"""Run wrk against one URL and read its figures (bench/load.py's load generator).

wrk prints them through bench/wrk_report.lua's done() hook as one JSON line: exact
percentiles rather than the rounded text of --latency, and every error count.
"""

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPORTER = Path(__file__).with_name("wrk_report.lua")
MARKER = "WRK_REPORT "
ERROR_KINDS = ("connect", "read", "write", "status", "timeout")
# A request slower than this is an error to wrk, not a latency: far above any p99 expected.
REQUEST_TIMEOUT_SECONDS = 30


class LoadFailed(RuntimeError):
    """wrk saw errors or non-2xx answers, or did not report."""


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    bytes: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def require_wrk() -> str:
    """wrk's path, or exit saying how to install it."""
    path = shutil.which("wrk")
    if path is None:
        sys.exit("bench/load.py needs wrk, the HTTP load generator: apt-get install wrk")
    return path


def run_wrk(url: str, headers: dict[str, str], seconds: int, connections: int) -> Load:
    """wrk -t2 -cN -dS --latency with the headers; LoadFailed on any error or non-2xx."""
    command = [
        require_wrk(),
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={REQUEST_TIMEOUT_SECONDS}s",
        "--latency",
        "-s",
        str(REPORTER),
        *(option for name, value in headers.items() for option in ("-H", f"{name}: {value}")),
        url,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + REQUEST_TIMEOUT_SECONDS + 30
    )
    report = next(
        (line[len(MARKER) :] for line in done.stdout.splitlines() if line.startswith(MARKER)), None
    )
    if done.returncode != 0 or report is None:
        raise LoadFailed(f"wrk failed on {url} ({done.returncode}):\n{done.stdout}{done.stderr}")
    return checked(json.loads(report), url, done.stdout)


def checked(figures: dict[str, int], url: str, output: str) -> Load:
    errors = {kind: figures[kind] for kind in ERROR_KINDS if figures[kind]}
    if errors or figures["requests"] == 0:
        raise LoadFailed(f"wrk on {url}: {figures['requests']} requests, errors {errors}\n{output}")
    return Load(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        max_ms=figures["max_us"] / 1000,
        bytes=figures["bytes"],
    )
