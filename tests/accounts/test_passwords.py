"""The password rule: at least 12 characters, not a common password (whatever its case, or
with digits tacked on), not the account's email or name (nor those with digits or punctuation
added); the same rule everywhere."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.accounts import passwords
from coachboard.accounts import service as accounts
from coachboard.core.actor import ClientInfo
from coachboard.core.errors import InvalidInput
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.portal import access
from tests.portal.accounts import CLIENT_PASSWORD, invite
from tests.portal.conftest import sam
from tests.web.conftest import PASSWORD, field_error, submit

__all__ = ["sam"]

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
    before = accounts.count(db)
    with pytest.raises(InvalidInput) as refused:
        accounts.create(db, email=EMAIL, name=NAME, password="Password12345")

    assert [problem.field for problem in refused.value.problems] == ["password"]
    assert accounts.count(db) == before
    assert accounts.get_by_email(db, email=EMAIL) is None


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


CASEY = {"email": "casey@example.com", "name": "Casey Coach"}
PERSONAL = "Don&#39;t use your email or your name as your password"


@pytest.mark.parametrize(
    "password",
    [
        "Casey Coach!",
        "caseycoach2024",
        "CASEY COACH 1!",
        "casey@example.com1",
        "casey1234!",
        "Coach-Casey-2024",
        "c.a.s.e.y 2 0 2 4 !!",
        "example.com 2024!",
    ],
)
def test_the_name_or_email_with_digits_or_punctuation_added_is_personal_and_refused(
    password: str,
) -> None:
    assert passwords.is_personal(password, **CASEY)
    assert passwords.problem(password, **CASEY) is not None


@pytest.mark.parametrize(
    "password",
    ["casey plants tall tomatoes", "Casey and the coachwhip snake 7", "caseycoachx2024"],
)
def test_the_name_with_other_real_words_may_be_a_password(password: str) -> None:
    assert not passwords.is_personal(password, **CASEY)
    assert passwords.problem(password, **CASEY) is None


def test_accents_and_case_do_not_hide_the_name() -> None:
    person = {"email": "zoe@example.org", "name": "Zoë Müller"}

    assert passwords.is_personal("ZOE-MULLER-2024", **person)
    assert passwords.is_personal("Zoë Müller 1987!", **person)
    assert not passwords.is_personal("zoe muller likes jazz", **person)


def test_a_password_of_digits_and_punctuation_alone_is_not_personal() -> None:
    assert not passwords.is_personal("4815162342!!", **CASEY)


def test_the_services_refuse_a_personal_password_naming_the_field(
    db: Session, coach: User, sam: Client
) -> None:
    refusals = [
        lambda: accounts.create(db, password="Casey Coach 2024!", **CASEY),
        lambda: accounts.set_password(db, email=coach.email, password="Casey-Coach-1987"),
        lambda: access.join(
            db, token=invite(db, coach, sam.id), password="Sam Client 2024!", client=ClientInfo()
        ),
    ]
    for refused in refusals:
        with pytest.raises(InvalidInput) as raised:
            refused()
        assert [problem.field for problem in raised.value.problems] == ["password"]
    db.expire_all()
    assert accounts.authenticate(db, email=coach.email, password=PASSWORD) is not None
    assert accounts.count(db) == 1
    assert accounts.client_account(db, client_id=sam.id) is None


def test_the_first_run_page_refuses_the_name_with_digits_added(
    anonymous: TestClient, db: Session
) -> None:
    response = submit(anonymous, "/welcome", {**CASEY, "password": "Casey Coach 2024!"})

    assert response.status_code == 422
    assert PERSONAL in field_error(response.text, "password")
    assert accounts.count(db) == 0


def test_the_password_change_form_refuses_the_name_with_digits_added(
    pages: TestClient, db: Session, coach: User
) -> None:
    response = submit(
        pages,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "casey.coach.2024"},
    )

    assert response.status_code == 422
    assert PERSONAL in field_error(response.text, "new_password")
    db.expire_all()
    assert accounts.authenticate(db, email=coach.email, password=PASSWORD) is not None


def test_the_reset_form_refuses_the_email_with_digits_added_and_stays_usable(
    anonymous: TestClient, db: Session, coach: User
) -> None:
    link = "/reset-password/" + accounts.create_reset_link(
        db, user=coach, lifetime=timedelta(hours=1)
    )

    refused = submit(anonymous, link, {"password": "Coach@Example.com2024"})

    assert refused.status_code == 422
    assert PERSONAL in field_error(refused.text, "password")
    assert submit(anonymous, link, {"password": "a-much-longer-secret-7"}).url.path == "/"


def test_the_join_form_refuses_the_clients_name_with_digits_added_and_stays_usable(
    anonymous: TestClient, db: Session, coach: User, sam: Client
) -> None:
    link = f"/join/{invite(db, coach, sam.id)}"

    refused = submit(anonymous, link, {"password": "SAM CLIENT 2024!"}, follow_redirects=False)

    assert refused.status_code == 422
    assert PERSONAL in field_error(refused.text, "password")
    joined = submit(anonymous, link, {"password": CLIENT_PASSWORD}, follow_redirects=False)
    assert joined.status_code == 303
