"""The SQLite database, its WAL and shared-memory files and the generated secret are readable
by their owner alone, from the moment they exist, whatever the umask."""

import os
import stat
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bench.servers import COACHBOARD, HOST, Server, running
from coachboard.core.files import publish_private

# What a shell of a typical account runs with: new files group- and world-readable.
PERMISSIVE_UMASK = "022"


def under_permissive_umask(*command: str) -> list[str]:
    """The command run by a shell that first sets the umask (the extra arguments it is given
    later, such as a port, are passed on)."""
    return ["sh", "-c", f'umask {PERMISSIVE_UMASK} && exec "$0" "$@"', *command]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def new_database(tmp_path: Path) -> Path:
    return tmp_path / "new" / "coachboard.db"


def db_upgrade(database: Path) -> None:
    environment = {**os.environ, "COACHBOARD_DATABASE_URL": f"sqlite:///{database}"}
    environment.pop("COACHBOARD_SECRET_KEY", None)
    subprocess.run(
        under_permissive_umask(str(COACHBOARD), "db", "upgrade"),
        env=environment,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def served(new_database: Path, tmp_path: Path) -> Iterator[Server]:
    """`coachboard serve` on the database `coachboard db upgrade` made, under the same umask."""
    new_database.parent.mkdir()
    db_upgrade(new_database)
    command = under_permissive_umask(str(COACHBOARD), "serve", "--host", HOST)
    with running("coachboard", command, f"sqlite:///{new_database}", tmp_path, 1) as server:
        yield server


def test_db_upgrade_makes_the_database_and_its_secret_owner_only(new_database: Path) -> None:
    new_database.parent.mkdir()

    db_upgrade(new_database)

    secret = new_database.with_name("coachboard.db.secret")
    assert oct(mode(new_database)) == oct(0o600)
    assert oct(mode(secret)) == oct(0o600)
    assert len(secret.read_text()) >= 32


def test_the_wal_and_shm_files_of_a_serving_database_are_owner_only(
    served: Server, new_database: Path
) -> None:
    assert httpx.get(f"{served.url}/readyz", timeout=10).status_code == 200  # opens the WAL

    wal = new_database.with_name("coachboard.db-wal")
    shm = new_database.with_name("coachboard.db-shm")
    assert {path.name: oct(mode(path)) for path in (new_database, wal, shm)} == {
        path.name: oct(0o600) for path in (new_database, wal, shm)
    }


def test_processes_starting_at_once_agree_on_one_secret(tmp_path: Path) -> None:
    secret = tmp_path / "coachboard.db.secret"

    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda n: publish_private(secret, f"key-{n}"), range(64)))

    assert keys == {secret.read_text()}
    assert oct(mode(secret)) == oct(0o600)
    assert [path.name for path in tmp_path.iterdir()] == [secret.name]  # no temporary left
