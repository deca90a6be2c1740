"""Servers for bench/load.py: coachboard and the same-work app as subprocesses on 127.0.0.1.

Each runs from the checkout this file lives in (its .venv), on a free port, with the
database URL and a fixed secret key in its environment, its output in a log file; it is
stopped, with any uvicorn workers, whatever happens.
"""

import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from coachboard.web.auth import SESSION_COOKIE
from coachboard.web.csrf import FORM_FIELD

ROOT = Path(__file__).resolve().parent.parent
COACHBOARD = ROOT / ".venv" / "bin" / "coachboard"
PYTHON = ROOT / ".venv" / "bin" / "python"
BENCH = ROOT / "bench"
HOST = "127.0.0.1"
SECRET_KEY = "coachboard-bench-load-secret-key"
START_SECONDS = 60
STOP_SECONDS = 15
CSRF_INPUT = re.compile(rf'name="{FORM_FIELD}" value="([^"]+)"')


@dataclass(frozen=True)
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log: Path
    workers: int

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def coachboard_command(workers: int) -> list[str]:
    """`coachboard serve`; --workers only when asked for more than one (older code lacks it)."""
    extra = ["--workers", str(workers)] if workers > 1 else []
    return [str(COACHBOARD), "serve", "--host", HOST, *extra]


def same_work_command(workers: int, access_log: bool) -> list[str]:
    """bench/same_work.py under uvicorn's command line: its defaults, as `coachboard serve`,
    and its access log on or off as coachboard's is (see logs_access)."""
    extra = ["--workers", str(workers)] if workers > 1 else []
    extra += [] if access_log else ["--no-access-log"]
    app = ["same_work:create_app", "--factory", "--app-dir", str(BENCH)]
    return [str(PYTHON), "-m", "uvicorn", *app, "--host", HOST, *extra]


def logs_access(server: Server) -> bool:
    """Whether the server writes uvicorn's access log: the /healthz request that found it
    healthy shows in its log. Read once, with no wait for the line to come: uvicorn logs a
    request before it sends the answer's first byte, and its handler flushes each line, so the
    line is in the file before the 200 reached us."""
    return '"GET /healthz' in server.log.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def running(
    name: str,
    command: list[str],
    database_url: str,
    log_dir: Path,
    workers: int,
    extra_environment: Mapping[str, str] | None = None,
) -> Iterator[Server]:
    """The server, answering /healthz with 200, with extra_environment added to this process's
    environment; stopped on leaving, whatever happens."""
    with launched(name, command, database_url, log_dir, workers, extra_environment) as server:
        wait_until_healthy(server)
        yield server


@contextmanager
def launched(
    name: str,
    command: list[str],
    database_url: str,
    log_dir: Path,
    workers: int,
    extra_environment: Mapping[str, str] | None = None,
) -> Iterator[Server]:
    """The server started, not yet answering (wait_until_healthy): servers launched together
    start at once; stopped on leaving, whatever happens."""
    port = free_port()
    environment = {
        **os.environ,
        **(extra_environment or {}),
        "COACHBOARD_DATABASE_URL": database_url,
        "COACHBOARD_SECRET_KEY": SECRET_KEY,
    }
    log = log_dir / f"{name}-{port}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the workers stop with it
        )
    try:
        yield Server(name, process, port, log, workers)
    finally:
        stop(process)


def wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited at start:\n{server.log_tail()}")
        try:
            if httpx.get(f"{server.url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"{server.name}: no 200 from /healthz in {START_SECONDS} s:\n{server.log_tail()}"
    )


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group, SIGKILL if it lingers."""
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            return
        try:
            process.wait(STOP_SECONDS)
            return
        except subprocess.TimeoutExpired:
            continue


def browser_cookie(server: Server, email: str, password: str) -> str:
    """A Cookie header of a browser session signed in through the sign-in form."""
    with httpx.Client(base_url=server.url, timeout=30) as browser:
        form = browser.get("/sign-in")
        csrf = CSRF_INPUT.search(form.text)
        if form.status_code != 200 or csrf is None:
            raise RuntimeError(f"sign-in form: {form.status_code}, CSRF field found: {bool(csrf)}")
        answer = browser.post(
            "/sign-in",
            data={FORM_FIELD: csrf[1], "email": email, "password": password, "next": "/clients"},
        )
        session = browser.cookies.get(SESSION_COOKIE)
        if answer.status_code != 303 or not session:
            raise RuntimeError(f"sign-in as {email} failed: {answer.status_code}")
    return f"{SESSION_COOKIE}={session}"


def status_kib(pid: int, field: str) -> int:
    """A memory figure of /proc/<pid>/status (VmRSS, VmHWM), in KiB; 0 once it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return 0
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found[1]) if found else 0


def cpu_seconds(server: Server) -> float:
    """The CPU time (user and system) the server's process and its workers have used so far."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in [server.process.pid, *workers_of(server.process.pid)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def workers_of(pid: int) -> list[int]:
    """The uvicorn workers a supervisor spawned (not multiprocessing's resource tracker)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
    return [child for child in found if b"resource_tracker" not in command_line(child)]


def command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return b""


def memory_kib(server: Server, field: str) -> int:
    """The server's figure: the uvicorn process's, or the sum of its workers' when it has some."""
    pid = server.process.pid
    pids = workers_of(pid) if server.workers > 1 else [pid]
    return sum(status_kib(each, field) for each in pids)
