"""The password rule: at least 12 characters, not a common password (whatever its case, or
with digits tacked on), not the account's email or name; the same rule everywhere."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.accounts import passwords
from coachboard.accounts import service as accounts
from coachboard.core.errors import InvalidInput
from tests.web.conftest import field_error, submit

EMAIL, NAME = "casey@example.com", "Casey Coachwright"


@pytest.mark.parametrize(
    "password",
    [
        "short-pass",  # 10 characters
        "password1234",
        "PassWord1234",
        "QWERTYUIOP123",
        "monkey1234567890",  # a common word with digits tacked on
        "sunshine!!!!2024",
        "casey@example.com",
        "Casey@Example.com",
        "casey coachwright",
    ],
)
def test_weak_passwords_are_refused(password: str) -> None:
    assert passwords.problem(password, email=EMAIL, name=NAME) is not None


@pytest.mark.parametrize(
    "password", ["correct horse battery", "s3cret-pass-42", "tea-kettle-marmalade-9"]
)
def test_long_uncommon_passwords_are_accepted(password: str) -> None:
    assert passwords.problem(password, email=EMAIL, name=NAME) is None


def test_the_shipped_list_is_loaded_and_lower_cased() -> None:
    common = passwords.common_passwords()

    assert len(common) > 19_000
    assert "password" in common and "qwertyuiop123" in common
    assert all(word == word.lower() for word in common)


def test_creating_an_account_with_a_common_password_is_refused_naming_the_field(
    db: Session,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        accounts.create(db, email=EMAIL, name=NAME, password="Password12345")

    assert [problem.field for problem in refused.value.problems] == ["password"]
    assert accounts.count(db) == 0


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("elevenchars", "Use at least 12 characters."),
        ("qwerty123456", "This password is too common: choose one that is harder to guess."),
    ],
)
def test_the_first_run_page_refuses_a_short_or_common_password_with_a_422_on_the_field(
    anonymous: TestClient, db: Session, password: str, message: str
) -> None:
    response = submit(
        anonymous, "/welcome", {"name": "Casey", "email": EMAIL, "password": password}
    )

    assert response.status_code == 422
    assert field_error(response.text, "password") == message
    assert accounts.count(db) == 0
