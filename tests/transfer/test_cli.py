"""The operator's commands: `coachboard export`, `coachboard import` and `coachboard backup`."""

import json
import sqlite3
import subprocess
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from coachboard.cli import app as cli
from coachboard.core import migrations
from coachboard.core.database import get_engine
from coachboard.core.settings import get_settings
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.goals import ClientGoal
from coachboard.models.links import TargetGoalLink
from coachboard.models.targets import Target
from coachboard.transfer.backup import pg_dump_command
from tests.transfer.records import rich_client


@pytest.fixture
def run(database_url: str) -> Iterator:
    """Run the `coachboard` command on the test database."""
    get_settings.cache_clear()

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, list(args), env={"COACHBOARD_DATABASE_URL": database_url})

    yield invoke
    get_settings.cache_clear()


def test_export_prints_the_account_and_import_reads_a_client_back(
    run, db: Session, coach: User, other_coach: User, tmp_path: Path
) -> None:
    built = rich_client(db, coach)

    account = run("export", "--email", "Coach@Example.com")
    assert account.exit_code == 0, account.output
    document = json.loads(account.stdout)
    assert [c["client"]["name"] for c in document["clients"]] == ["Zoë Ångström"]

    out = tmp_path / "zoe.json"
    one = run("export", "--email", coach.email, "--client", str(built.client_id), "--out", str(out))
    assert one.exit_code == 0, one.output
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "coachboard.client"

    imported = run("import", "--email", other_coach.email, str(out))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout.startswith("imported client Zoë Ångström (")
    again = run("export", "--email", other_coach.email)
    [copy] = json.loads(again.stdout)["clients"]
    assert len(copy["links"]["target_goals"]) == len(
        document["clients"][0]["links"]["target_goals"]
    )


def test_export_of_another_coachs_client_and_a_broken_import_say_why(
    run, db: Session, coach: User, other_coach: User, tmp_path: Path
) -> None:
    built = rich_client(db, coach)

    foreign = run("export", "--email", other_coach.email, "--client", str(built.client_id))
    assert (foreign.exit_code, foreign.stdout) == (1, "")
    assert "Client not found" in foreign.stderr

    document = json.loads(
        run("export", "--email", coach.email, "--client", str(built.client_id)).stdout
    )
    document["links"]["target_goals"][0]["goal_id"] = str(uuid.uuid4())
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    refused = run("import", "--email", other_coach.email, str(broken))
    assert refused.exit_code == 2
    assert "/links/target_goals/0/goal_id: " in refused.stderr
    assert json.loads(run("export", "--email", other_coach.email).stdout)["clients"] == []

    document["version"] = 2
    broken.write_text(json.dumps(document), encoding="utf-8")
    assert "/version: " in run("import", "--email", other_coach.email, str(broken)).stderr


class Writer(threading.Thread):
    """Writes the whole time it runs: each transaction a goal, an outcome and the link between
    them, so that any one moment holds as many of each."""

    def __init__(self, engine: Engine, client_id: uuid.UUID) -> None:
        super().__init__(daemon=True)
        self.engine, self.client_id = engine, client_id
        self.stop = threading.Event()
        self.committed = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.write()
        except BaseException as error:  # the test fails on it rather than waiting forever
            self.error = error

    def write(self) -> None:
        while not self.stop.is_set():
            goal_id, target_id = uuid.uuid4(), uuid.uuid4()
            with self.engine.begin() as connection:
                connection.execute(
                    sa.insert(ClientGoal.__table__).values(
                        id=goal_id, client_id=self.client_id, title="Goal", description="x" * 500
                    )
                )
                connection.execute(
                    sa.insert(Target.__table__).values(
                        id=target_id, client_id=self.client_id, title="Outcome"
                    )
                )
                connection.execute(
                    sa.insert(TargetGoalLink.__table__).values(
                        id=uuid.uuid4(), target_id=target_id, goal_id=goal_id
                    )
                )
            self.committed += 1


@pytest.fixture
def writer(db: Session, coach: User, engine: Engine) -> Iterator[Writer]:
    client = Client(coach_id=coach.id, name="Busy")
    db.add(client)
    db.commit()
    writer = Writer(engine, client.id)
    writer.start()
    while writer.committed < 200:  # a database big enough that a copy takes a while
        assert writer.error is None and writer.is_alive(), writer.error
        threading.Event().wait(0.01)
    yield writer
    writer.stop.set()
    writer.join()
    assert writer.error is None, writer.error


def counts(connection: sqlite3.Connection) -> tuple[int, int, int]:
    return tuple(
        connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("client_goals", "targets", "target_goal_links")
    )


def test_a_sqlite_backup_during_writes_is_a_whole_database_at_one_moment(
    backend: str, run, writer: Writer, engine: Engine, tmp_path: Path
) -> None:
    if backend != "sqlite":
        pytest.skip("SQLite's online backup; PostgreSQL's pg_dump is tested below")
    head = migrations.current_revision(engine)
    for attempt in range(5):
        before = writer.committed
        target = tmp_path / f"backup-{attempt}.db"
        result = run("backup", str(target))
        assert result.exit_code == 0, result.output
        assert writer.committed > before  # the server went on writing meanwhile
        assert not Path(f"{target}-wal").exists()  # the copy stands alone
        assert target.stat().st_mode & 0o777 == 0o600  # it holds everything: owner only

        copy = sqlite3.connect(target)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA foreign_key_check").fetchall() == []
        goals, targets, links = counts(copy)
        assert goals == targets == links >= 200
        copy.close()
        assert migrations.current_revision(get_engine(f"sqlite:///{target}")) == head


@pytest.mark.skipif(
    subprocess.run(["which", "pg_dump"], capture_output=True).returncode != 0,
    reason="pg_dump is not on the PATH (apt install postgresql-client)",
)
def test_a_postgresql_backup_runs_pg_dump_and_restores_whole(
    backend: str, run, writer: Writer, database_url: str, database_factory, tmp_path: Path
) -> None:
    if backend != "postgresql":
        pytest.skip("pg_dump backs up PostgreSQL only")
    target = tmp_path / "backup.dump"

    result = run("backup", str(target))

    assert result.exit_code == 0, result.output
    restored_url = database_factory.create("postgresql")
    restored = make_url(restored_url)
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--host",
            restored.host,
            "--port",
            str(restored.port or 5432),
            "--username",
            restored.username,
            "--dbname",
            restored.database,
            str(target),
        ],
        check=True,
        capture_output=True,
    )
    engine = sa.create_engine(restored_url)
    with engine.connect() as connection:
        goals, targets, links = (
            connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("client_goals", "targets", "target_goal_links")
        )
    engine.dispose()
    assert goals == targets == links >= 200
    assert migrations.current_revision(get_engine(restored_url)) == migrations.current_revision(
        get_engine(database_url)
    )
    get_engine(restored_url).dispose()


def test_without_pg_dump_the_backup_says_what_to_run_and_fails(
    run, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL only")
    monkeypatch.setenv("PATH", str(tmp_path))

    result = run("backup", str(tmp_path / "backup.dump"))

    assert result.exit_code == 1
    assert "pg_dump is not on the PATH" in result.stderr
    assert "pg_dump --format=custom --no-owner --file" in result.stderr


def test_the_pg_dump_command_passes_the_password_through_the_environment_only() -> None:
    url = make_url(
        "postgresql+psycopg://coach:pa%20ss@db.example.com:5433/coachboard?sslmode=require"
    )

    command = pg_dump_command(url, Path("/backups/coachboard.dump"))

    assert command.arguments == [
        "pg_dump",
        "--format=custom",
        "--no-owner",
        "--file",
        "/backups/coachboard.dump",
        "--host",
        "db.example.com",
        "--port",
        "5433",
        "--username",
        "coach",
        "--dbname",
        "coachboard",
    ]
    assert command.environment == {"PGPASSWORD": "pa ss", "PGSSLMODE": "require"}
    assert "pa ss" not in command.shown()
