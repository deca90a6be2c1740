"""Backups of a running server's database.

SQLite: the online backup API copies the database as it was at one moment while the server goes
on writing (in WAL mode a reader holds a snapshot and blocks no writer); the copy is written
beside the target, checked (PRAGMA integrity_check) and only then moved into place, so a failed
backup never leaves a broken file under the target's name.

PostgreSQL: pg_dump does the same from outside; this module only builds its command line (the
password goes through the environment, never the arguments, which `ps` shows to every user).
"""

import os
import shlex
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from coachboard.core.files import sqlite_file


class BackupFailed(Exception):
    """The backup could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class PgDump:
    """A pg_dump run: its arguments and the environment variables it needs beyond ours."""

    arguments: list[str]
    environment: dict[str, str]

    def shown(self) -> str:
        """The command as a person would type it, the password left for them to give."""
        variables = " ".join(
            f"{name}={'…' if name == 'PGPASSWORD' else shlex.quote(value)}"
            for name, value in self.environment.items()
        )
        return (variables + " " if variables else "") + shlex.join(self.arguments)


def backup(database_url: str, target: Path) -> str:
    """Back the database up into target; a line saying what was written. BackupFailed when it
    could not be (for PostgreSQL without pg_dump: with the command to run instead)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        database = sqlite_file(url.database)
        if database is None:
            raise BackupFailed("an in-memory database has nothing to back up")
        pages = backup_sqlite(database, target)
        return f"backed up {database} to {target} ({pages} pages, integrity ok)"
    command = pg_dump_command(url, target)
    if shutil.which("pg_dump") is None:
        raise BackupFailed(
            "pg_dump is not on the PATH (Debian and Ubuntu: apt install postgresql-client, of "
            "the server's major version or later). Run, with the password in PGPASSWORD:\n"
            f"  {command.shown()}"
        )
    done = subprocess.run(
        command.arguments,
        env={**os.environ, **command.environment},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupFailed(f"pg_dump failed ({done.returncode}): {done.stderr.strip()}")
    return f"backed up {url.database} to {target} (pg_dump custom format; pg_restore reads it)"


def backup_sqlite(database: Path, target: Path) -> int:
    """Copy the SQLite database at one moment into target, checked; its number of pages."""
    if not database.is_file():
        raise BackupFailed(f"no database at {database}")
    if target.exists() and target.resolve() == database.resolve():
        raise BackupFailed("the backup must not overwrite the database itself")
    descriptor, temporary_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(descriptor)  # mkstemp made it owner-only: the copy holds everything
    temporary = Path(temporary_name)
    try:
        source = sqlite3.connect(database, timeout=30)
        copy = sqlite3.connect(temporary)
        try:
            # One step (pages=-1): the whole copy comes from one read snapshot, while writers
            # carry on in the WAL.
            source.backup(copy)
            # The copy stands alone: no -wal file beside it to lose when it is moved.
            copy.execute("PRAGMA journal_mode=DELETE")
            (verdict,) = copy.execute("PRAGMA integrity_check").fetchone()
            (pages,) = copy.execute("PRAGMA page_count").fetchone()
        finally:
            copy.close()
            source.close()
        if verdict != "ok":
            raise BackupFailed(f"the copy failed its integrity check: {verdict}")
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)
    return int(pages)


def pg_dump_command(url: URL, target: Path) -> PgDump:
    """pg_dump in its custom format (compressed, pg_restore picks what to restore), without
    ownership (the restoring role owns what it restores), for the URL's database."""
    arguments = ["pg_dump", "--format=custom", "--no-owner", "--file", str(target)]
    for option, value in (
        ("--host", url.host),
        ("--port", url.port),
        ("--username", url.username),
    ):
        if value is not None:
            arguments += [option, str(value)]
    arguments += ["--dbname", url.database or "postgres"]
    environment = {}
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    sslmode = url.query.get("sslmode")
    if isinstance(sslmode, str):
        environment["PGSSLMODE"] = sslmode
    return PgDump(arguments, environment)
