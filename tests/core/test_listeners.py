"""ORM listeners and domain-event subscribers are installed by the composition roots
(create_app, the CLI), never by importing a module: checked in a fresh interpreter, since this
one's tests installed them."""

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

LISTENERS_AFTER = """
import importlib
import pkgutil

import coachboard
from sqlalchemy.event import registry
from sqlalchemy.orm import MapperEvents

from coachboard.core import events as domain_events
from coachboard.models import Base


def installed() -> list[str]:
    # Every function of ours listening to a SQLAlchemy event, by the module that defines it,
    # and every mapper event of a model that has a listener (SQLAlchemy wraps those).
    listeners = (ref() for by_listener in registry._collection_to_key.values()
                 for ref in by_listener)
    functions = {f"{fn.__module__}.{fn.__name__}" for fn in listeners
                 if fn is not None and fn.__module__.startswith("coachboard.")}
    events = [name for name in dir(MapperEvents) if name.startswith(("before_", "after_"))]
    model_events = {f"{mapper.class_.__name__}.{name}" for mapper in Base.registry.mappers
                    for name in events if list(getattr(mapper.dispatch, name))}
    subscribers = {f"{event.__name__} -> {fn.__module__}.{fn.__name__}"
                   for event, fns in domain_events._subscribers.items() for fn in fns}
    return sorted(functions | model_events | subscribers)


for module in pkgutil.walk_packages(coachboard.__path__, "coachboard."):
    importlib.import_module(module.name)
print(installed())
{root}
print(installed())
"""
# The engine's own listeners (core.database: SQLite's pragmas, BEGIN) come with an engine.
INSTALLED = {
    "CoachingSession.before_update",
    "Commitment.before_update",
    "coachboard.history.recorder.record_flush",
    "SessionScheduled -> coachboard.mail.session_emails.scheduled",
    "SessionMoved -> coachboard.mail.session_emails.moved",
    "SessionCancelled -> coachboard.mail.session_emails.cancelled",
}


def listeners_before_and_after(root: str) -> tuple[list[str], list[str]]:
    script = LISTENERS_AFTER.replace("{root}", textwrap.dedent(root))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    before, after = result.stdout.splitlines()
    return ast.literal_eval(before), ast.literal_eval(after)


def test_importing_every_module_installs_no_listener_and_create_app_installs_them(
    tmp_path: Path,
) -> None:
    before, after = listeners_before_and_after(
        f"""
        from coachboard.core.settings import Settings
        from coachboard.main import create_app
        create_app(Settings(database_url="sqlite:///{tmp_path / "app.db"}", secret_key="x"))
        """
    )
    assert before == []
    assert set(after) >= INSTALLED


@pytest.mark.parametrize("command", [["db", "current"], ["db", "upgrade"]])
def test_every_cli_command_installs_them_first(tmp_path: Path, command: list[str]) -> None:
    before, after = listeners_before_and_after(
        f"""
        import os
        from typer.testing import CliRunner
        from coachboard.cli import app
        os.environ["COACHBOARD_DATABASE_URL"] = "sqlite:///{tmp_path / "cli.db"}"
        CliRunner().invoke(app, {command!r}, catch_exceptions=False)
        """
    )
    assert before == []
    assert set(after) >= INSTALLED
