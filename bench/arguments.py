"""The command line every bench script shares: the databases to run on, the PostgreSQL server,
and --smoke, the same run at a tiny size (tests/bench/test_smoke.py runs every script so, in CI,
so that a bench which no longer runs, or whose twin no longer answers what coachboard answers,
fails a test instead of waiting for someone to measure again)."""

import argparse
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from types import FrameType

POSTGRES_URL_VARIABLE = "COACHBOARD_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")
SMOKE_HELP = (
    "the same run on tiny data with few requests, in seconds: checks that the bench still works"
    " (its twins' answers included); its figures mean nothing"
)


def add_backend_options(
    parser: argparse.ArgumentParser, backends: Sequence[str] = BACKENDS
) -> None:
    """--backend (one of the backends, or both of them) and --postgres-url."""
    choices = [*backends, "both"] if len(backends) > 1 else list(backends)
    parser.add_argument("--backend", choices=choices, default=choices[-1], help="database")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(POSTGRES_URL_VARIABLE),
        help=f"PostgreSQL server for a temporary database (default: ${POSTGRES_URL_VARIABLE})",
    )


def chosen_backends(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[str]:
    """The backends to run on. PostgreSQL named alone without a server is an error; as half of
    "both" it is skipped with a notice."""
    chosen = list(BACKENDS) if args.backend == "both" else [args.backend]
    if "postgresql" in chosen and not args.postgres_url:
        if args.backend == "postgresql":
            parser.error(f"PostgreSQL needs --postgres-url or ${POSTGRES_URL_VARIABLE}")
        print(
            f"PostgreSQL skipped: set --postgres-url or ${POSTGRES_URL_VARIABLE}", file=sys.stderr
        )
        chosen.remove("postgresql")
    return chosen


def parse(
    parser: argparse.ArgumentParser, argv: list[str] | None, smoke: Mapping[str, object]
) -> argparse.Namespace:
    """The command line, with --smoke added: it makes `smoke` the options' defaults (options
    given on the command line still win); sizes that are no option the script reads from
    args.smoke.

    From here on SIGTERM exits as Ctrl-C does, through every `finally`: a run stopped from
    outside (a test's timeout) still stops its servers and drops its scratch databases and
    worktrees, which Python's default SIGTERM (die at once) would leave behind."""
    parser.add_argument("--smoke", action="store_true", help=SMOKE_HELP)
    first = parser.parse_known_args(argv)[0]
    unknown = set(smoke) - set(vars(first))
    if unknown:
        raise ValueError(f"smoke sizes for options the parser lacks: {sorted(unknown)}")
    if first.smoke:
        parser.set_defaults(**smoke)
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    return parser.parse_args(argv)


def exit_on_sigterm(signal_number: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signal_number)
