"""The operator's commands: `coachboard users set-password` and `coachboard users reset-link`."""

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from coachboard.accounts import service as accounts
from coachboard.cli import app as cli
from coachboard.core.models import utcnow
from coachboard.core.settings import get_settings
from coachboard.models.accounts import PasswordReset, User
from tests.web.conftest import PASSWORD, submit

NEW_PASSWORD = "a-much-longer-secret-7"


@pytest.fixture
def run(database_url: str) -> Iterator:
    """Run the `coachboard` command on the test database, input on its stdin."""
    get_settings.cache_clear()

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(
            cli, list(args), input=input, env={"COACHBOARD_DATABASE_URL": database_url}
        )

    yield invoke
    get_settings.cache_clear()


def can_sign_in(db: Session, email: str, password: str) -> bool:
    db.expire_all()
    return accounts.authenticate(db, email=email, password=password) is not None


def test_set_password_reads_stdin_and_ends_every_session_and_token(
    run, coach: User, pages: TestClient, api: TestClient, db: Session
) -> None:
    result = run("users", "set-password", "--email", "Coach@Example.com", input=NEW_PASSWORD + "\n")

    assert result.exit_code == 0, result.output
    assert NEW_PASSWORD not in result.output
    assert can_sign_in(db, coach.email, NEW_PASSWORD)
    assert not can_sign_in(db, coach.email, PASSWORD)
    assert pages.get("/clients", follow_redirects=False).status_code == 303
    assert api.get("/api/v1/clients").status_code == 401


def test_set_password_refuses_a_weak_password_and_changes_nothing(
    run, coach: User, pages: TestClient, db: Session
) -> None:
    result = run("users", "set-password", "--email", coach.email, input="password1234\n")

    assert result.exit_code == 2
    assert "password: This password is too common" in result.stderr
    assert can_sign_in(db, coach.email, PASSWORD)
    assert pages.get("/clients", follow_redirects=False).status_code == 200


def test_set_password_for_an_unknown_email_exits_1(run, db: Session) -> None:
    result = run("users", "set-password", "--email", "nobody@example.com", input=NEW_PASSWORD)

    assert result.exit_code == 1
    assert "coach not found" in result.stderr


def test_the_password_is_not_an_option_on_the_command_line(run, coach: User) -> None:
    result = run("users", "set-password", "--email", coach.email, "--password", NEW_PASSWORD)

    assert result.exit_code == 2
    assert "No such option" in result.output


def test_reset_link_prints_a_one_time_link_valid_for_an_hour(
    run, coach: User, anonymous: TestClient, db: Session
) -> None:
    result = run("users", "reset-link", "--email", coach.email, "--base-url", "http://coach.test/")

    assert result.exit_code == 0, result.output
    link = result.stdout.strip()
    assert re.fullmatch(r"http://coach\.test/reset-password/[A-Za-z0-9_-]{43}", link)
    with db.begin():
        expires_at = db.scalar(select(PasswordReset.expires_at))
    assert abs(expires_at - (utcnow() + timedelta(hours=1))) < timedelta(minutes=1)
    path = link.removeprefix("http://coach.test")
    assert submit(anonymous, path, {"password": NEW_PASSWORD}).url.path == "/"
    assert anonymous.get(path).status_code == 410
    assert can_sign_in(db, coach.email, NEW_PASSWORD)


def test_reset_link_for_an_unknown_email_exits_1_and_prints_no_link(run, db: Session) -> None:
    result = run("users", "reset-link", "--email", "nobody@example.com")

    assert result.exit_code == 1
    assert result.stdout == ""


def test_users_create_refuses_a_common_password(run, db: Session) -> None:
    result = run(
        "users", "create", "--email", "new@example.com", "--name", "New Coach",
        "--password", "Password12345",
    )  # fmt: skip

    assert result.exit_code == 2
    assert "password" in result.stderr
    assert accounts.count(db) == 0
