"""The audit of sign-ins: pages and the API token endpoint record successes and failures,
with the address and user agent, under the account they concern."""

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.models.accounts import AccountEvent, User
from tests.web.conftest import PASSWORD, sign_in


def events(db: Session) -> list[tuple]:
    with db.begin():
        rows = db.execute(
            select(
                AccountEvent.kind, AccountEvent.user_id, AccountEvent.email, AccountEvent.ip,
                AccountEvent.user_agent,
            ).order_by(AccountEvent.at)
        )  # fmt: skip
        return [tuple(row) for row in rows]


def test_the_token_endpoint_records_a_failure_under_the_account_and_an_issued_token(
    client: TestClient, coach: User, db: Session
) -> None:
    headers = {"User-Agent": "script/1.0"}
    wrong = {"username": coach.email, "password": "wrong-password-1"}
    right = {"username": coach.email, "password": PASSWORD}

    assert client.post("/api/v1/auth/token", data=wrong, headers=headers).status_code == 401
    assert client.post("/api/v1/auth/token", data=right, headers=headers).status_code == 200

    assert events(db) == [
        ("sign_in_failed", coach.id, None, "testclient", "script/1.0"),
        ("token_issued", coach.id, None, "testclient", "script/1.0"),
    ]


def test_a_failed_sign_in_for_an_unknown_email_keeps_the_email_and_no_account(
    client: TestClient, anonymous: TestClient, coach: User, db: Session
) -> None:
    unknown = {"username": "Nobody@Example.com", "password": "wrong-password-1"}
    assert client.post("/api/v1/auth/token", data=unknown).status_code == 401
    assert sign_in(anonymous, "nobody@example.com", "wrong-password-1").status_code == 422

    assert [(kind, user, email) for kind, user, email, *_ in events(db)] == [
        ("sign_in_failed", None, "nobody@example.com"),
        ("sign_in_failed", None, "nobody@example.com"),
    ]


def test_the_sign_in_page_records_a_failure_then_a_sign_in(
    anonymous: TestClient, coach: User, db: Session
) -> None:
    sign_in(anonymous, coach.email, "wrong-password-1")
    sign_in(anonymous, coach.email)

    assert [(kind, user) for kind, user, *_ in events(db)] == [
        ("sign_in_failed", coach.id),
        ("sign_in", coach.id),
    ]
