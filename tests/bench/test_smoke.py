"""Every bench script at its smoke size (--smoke), as a subprocess, once per backend it runs on.

Nothing else runs the benches: here a bench that no longer runs fails a test, and so does one
whose plain-SQL twin (bench/same_work.py) no longer answers what coachboard answers, since the
scripts check that at every size. Each run makes its own scratch databases (unique names), temp
directories and servers (ports from the OS), so runs in parallel (pytest-xdist) never meet.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.databases import BACKENDS, require_backend

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
MAIN_GUARD = re.compile(r"^if __name__ == ['\"]__main__['\"]:", re.MULTILINE)
# Far above a smoke run's seconds, even on a busy machine: a hang fails instead of blocking CI.
TIMEOUT_SECONDS = 300
# After the timeout's SIGTERM, how long a script gets to stop its servers and drop its scratch
# databases (bench/arguments.py makes SIGTERM run its cleanup) before SIGKILL.
STOP_SECONDS = 30


@dataclass(frozen=True)
class SmokeRun:
    """One way to run a bench script, at its smoke size, on each of its backends."""

    script: str
    options: tuple[str, ...] = ()
    backends: tuple[str, ...] = BACKENDS
    programs: tuple[str, ...] = ()  # what it runs besides Python, from PATH
    # Lines its output must have: the twin checks it reports, so they cannot quietly go.
    reports: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return " ".join((self.script, *self.options))

    def command(self, backend: str) -> list[str]:
        script = str(BENCH / self.script)
        return [sys.executable, script, *self.options, "--smoke", "--backend", backend]


SMOKE_RUNS = (
    SmokeRun("migration.py"),
    SmokeRun("api.py"),
    SmokeRun(
        "load.py",
        programs=("wrk",),
        reports=(
            r"outcome GET: .*\(identical JSON\)",
            r"outcome list: .*\(identical JSON\)",
        ),
    ),
    SmokeRun("load.py", ("--big-client",)),
    SmokeRun("dashboard.py", backends=("postgresql",)),
    SmokeRun("progress.py"),
    SmokeRun("history.py", programs=("git",)),
    SmokeRun("hostile.py", reports=(r"/healthz under attack .*\(\d+ requests\)",)),
    SmokeRun("morning.py", reports=(r"(?m)^  reflect +1 +[1-9]",)),
)


def require_program(name: str) -> None:
    """Skip when a program the bench runs is not installed; in CI, as require_backend, fail."""
    if shutil.which(name):
        return
    reason = f"{name} is not installed (Debian: apt-get install {name})"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; it is mandatory in CI")
    pytest.skip(reason)


def finished(command: list[str]) -> tuple[int, str]:
    """The command's exit status and output (stdout and stderr together), run from the
    project root; a test failure with its output so far when it outlasts TIMEOUT_SECONDS."""
    with subprocess.Popen(
        command,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        try:
            output, _ = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGTERM)
            try:
                output, _ = process.communicate(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                output, _ = process.communicate()
            pytest.fail(f"{' '.join(command)}: still running after {TIMEOUT_SECONDS} s\n{output}")
    return process.returncode, output


@pytest.mark.parametrize(
    ("smoke", "backend"),
    [
        pytest.param(smoke, backend, id=f"{smoke.name}-{backend}")
        for smoke in SMOKE_RUNS
        for backend in smoke.backends
    ],
)
def test_bench_runs_at_smoke_size(smoke: SmokeRun, backend: str) -> None:
    require_backend(backend)
    for program in smoke.programs:
        require_program(program)
    command = smoke.command(backend)
    status, output = finished(command)
    assert status == 0, f"{' '.join(command)} exited with {status}:\n{output}"
    for report in smoke.reports:
        assert re.search(report, output), f"no line matches {report!r}:\n{output}"


def runnable_scripts() -> set[str]:
    """The bench/ scripts one runs: those with a __main__ block."""
    return {path.name for path in BENCH.glob("*.py") if MAIN_GUARD.search(path.read_text())}


def test_every_runnable_bench_script_has_a_smoke_run() -> None:
    runnable, smoked = runnable_scripts(), {smoke.script for smoke in SMOKE_RUNS}
    assert runnable - smoked == set(), "bench scripts without a smoke run in SMOKE_RUNS"
    assert smoked - runnable == set(), "smoke runs of scripts that are gone or not runnable"
