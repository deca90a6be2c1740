"""Inviting a client, their joining, one sign-in for both kinds of account, and revoking."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate, ClientUpdate
from coachboard.core.actor import ClientInfo
from coachboard.core.models import utcnow
from coachboard.core.security import token_digest
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.portal import ClientInvitation
from coachboard.portal import access
from tests.portal.accounts import CLIENT_PASSWORD, invite, join

API = "/api/v1"


def token_of(url: str) -> str:
    return url.rsplit("/join/", 1)[1]


def invitation_rows(engine: Engine) -> list[ClientInvitation]:
    with Session(engine) as session:
        return list(session.scalars(select(ClientInvitation).order_by(ClientInvitation.created_at)))


def token_api(client: TestClient, email: str, password: str):
    return client.post(f"{API}/auth/token", data={"username": email, "password": password})


def test_an_invitation_is_a_one_time_link_for_seven_days_stored_as_its_digest(
    api: TestClient, engine: Engine, sam: Client
) -> None:
    before = utcnow()

    answer = api.post(f"{API}/clients/{sam.id}/invitation")

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["url"].startswith("http://testserver/join/")
    expires_at = body["expires_at"]
    assert expires_at.startswith(str((before + timedelta(days=7)).date()))
    [row] = invitation_rows(engine)
    token = token_of(body["url"])
    assert row.digest == token_digest(token)
    assert token not in repr(row.__dict__)


def test_a_new_invitation_voids_the_older_one(
    api: TestClient, anonymous: TestClient, engine: Engine, sam: Client
) -> None:
    first = token_of(api.post(f"{API}/clients/{sam.id}/invitation").json()["url"])
    second = token_of(api.post(f"{API}/clients/{sam.id}/invitation").json()["url"])

    old = anonymous.get(f"/join/{first}")
    new = anonymous.get(f"/join/{second}")

    assert old.status_code == 410
    assert "replaced by a newer one" in old.text
    assert new.status_code == 200
    assert "Welcome, Sam Client" in new.text
    assert [row.voided_at is not None for row in invitation_rows(engine)] == [True, False]


def test_a_client_without_an_email_is_refused_naming_email(
    api: TestClient, db: Session, coach: User
) -> None:
    quiet = clients.create(db, coach=coach, fields=ClientCreate(name="No Mail"))

    answer = api.post(f"{API}/clients/{quiet.id}/invitation")

    assert answer.status_code == 422
    assert [problem["loc"] for problem in answer.json()["detail"]] == [["body", "email"]]


def test_an_archived_client_is_refused_naming_status(
    api: TestClient, db: Session, coach: User, sam: Client
) -> None:
    clients.update(db, coach=coach, client_id=sam.id, fields=ClientUpdate(status="archived"))

    answer = api.post(f"{API}/clients/{sam.id}/invitation")

    assert answer.status_code == 422
    assert [problem["loc"] for problem in answer.json()["detail"]] == [["body", "status"]]


def test_another_coachs_client_is_not_found(other_api: TestClient, sam: Client) -> None:
    assert other_api.post(f"{API}/clients/{sam.id}/invitation").status_code == 404
    assert other_api.delete(f"{API}/clients/{sam.id}/portal-access").status_code == 404


@pytest.mark.parametrize("holder", ["coach", "client"])
def test_an_email_another_account_holds_is_refused_at_invitation(
    api: TestClient, db: Session, coach: User, other_coach: User, sam: Client, holder: str
) -> None:
    """An email belongs to one account: a coach's, or another client's (of any coach)."""
    if holder == "coach":
        twin = clients.create(db, coach=coach, fields=ClientCreate(name="Twin", email=coach.email))
    else:
        join(db, coach, sam.id)
        fields = ClientCreate(name="Sam Elsewhere", email="sam@example.com")
        twin = clients.create(db, coach=coach, fields=fields)

    answer = api.post(f"{API}/clients/{twin.id}/invitation")

    assert answer.status_code == 422
    [problem] = answer.json()["detail"]
    assert problem["loc"] == ["body", "email"]
    assert problem["msg"] == "Already in use."


def test_a_client_account_signs_in_for_a_token_and_is_a_client_at_me(
    client: TestClient, coach: User, sam: Client, sam_account: User
) -> None:
    token = token_api(client, "SAM@example.com", CLIENT_PASSWORD)
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}

    me = client.get(f"{API}/me", headers=headers)

    assert me.json() == {
        "kind": "client",
        "id": str(sam_account.id),
        "name": "Sam Client",
        "email": "sam@example.com",
        "client_id": str(sam.id),
    }


def test_a_coach_is_a_coach_at_me(api: TestClient, coach: User) -> None:
    assert api.get(f"{API}/me").json() == {
        "kind": "coach",
        "id": str(coach.id),
        "name": coach.name,
        "email": coach.email,
        "time_zone": "UTC",
        "daily_digest": True,
    }


def test_a_client_may_not_change_their_profile(sam_api: TestClient) -> None:
    answer = sam_api.patch(f"{API}/me", json={"name": "Someone Else"})

    assert answer.status_code == 403
    assert sam_api.get(f"{API}/me").json()["name"] == "Sam Client"


def test_a_client_signs_out_their_own_token(sam_api: TestClient) -> None:
    assert sam_api.delete(f"{API}/auth/token").status_code == 204
    assert sam_api.get(f"{API}/me").status_code == 401


def test_revoking_disables_the_account_and_ends_its_tokens_and_sessions(
    api: TestClient, client: TestClient, sam_api: TestClient, sam_pages: TestClient, sam: Client
) -> None:
    answer = api.delete(f"{API}/clients/{sam.id}/portal-access")

    assert answer.status_code == 204
    assert sam_api.get(f"{API}/me").status_code == 401
    bounced = sam_pages.get("/me", follow_redirects=False)
    assert bounced.status_code == 303
    assert bounced.headers["location"].startswith("/sign-in")
    assert token_api(client, "sam@example.com", CLIENT_PASSWORD).status_code == 401
    assert api.delete(f"{API}/clients/{sam.id}/portal-access").status_code == 404


def test_revoking_keeps_the_client_and_voids_a_pending_invitation(
    api: TestClient, anonymous: TestClient, engine: Engine, sam: Client
) -> None:
    url = api.post(f"{API}/clients/{sam.id}/invitation").json()["url"]

    assert api.delete(f"{API}/clients/{sam.id}/portal-access").status_code == 204

    assert anonymous.get(f"/join/{token_of(url)}").status_code == 410
    assert api.get(f"{API}/clients/{sam.id}").status_code == 200


def test_a_client_without_access_has_none_to_revoke(api: TestClient, sam: Client) -> None:
    answer = api.delete(f"{API}/clients/{sam.id}/portal-access")

    assert answer.status_code == 404
    assert answer.json() == {"detail": "portal access not found"}


def test_re_inviting_after_revoking_enables_the_same_account_with_the_new_password(
    api: TestClient, client: TestClient, db: Session, coach: User, sam: Client, sam_account: User
) -> None:
    assert api.delete(f"{API}/clients/{sam.id}/portal-access").status_code == 204

    again = join(db, coach, sam.id, password="a-new-portal-pass-1")

    assert again.id == sam_account.id
    assert token_api(client, "sam@example.com", CLIENT_PASSWORD).status_code == 401
    assert token_api(client, "sam@example.com", "a-new-portal-pass-1").status_code == 200


def test_a_link_moved_past_its_expiry_no_longer_works(
    anonymous: TestClient, db: Session, engine: Engine, coach: User, sam: Client
) -> None:
    token = invite(db, coach, sam.id)
    with engine.begin() as connection:
        connection.execute(
            update(ClientInvitation).values(expires_at=utcnow() - timedelta(seconds=1))
        )

    page = anonymous.get(f"/join/{token}")

    assert page.status_code == 410
    assert "expired" in page.text


def test_a_used_link_and_an_unknown_one_get_pages_that_say_so(
    anonymous: TestClient, db: Session, coach: User, sam: Client
) -> None:
    token = invite(db, coach, sam.id)
    access.join(db, token=token, password=CLIENT_PASSWORD, client=ClientInfo())

    used = anonymous.get(f"/join/{token}")
    posted_again = anonymous.post(f"/join/{token}", data={"password": "whatever-else-77"})
    unknown = anonymous.get("/join/not-a-token")

    assert used.status_code == 410 and "used already" in used.text
    # Without the form's token the CSRF check answers first, and still with a page.
    assert posted_again.status_code == 403
    assert unknown.status_code == 404 and "unknown" in unknown.text


def test_the_coachs_email_change_cannot_take_a_client_accounts_email(
    api: TestClient, sam_account: User
) -> None:
    answer = api.patch(f"{API}/me", json={"email": "sam@example.com"})

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "email"]


def test_deleting_the_client_deletes_their_account(
    api: TestClient, engine: Engine, sam: Client, sam_account: User
) -> None:
    assert api.delete(f"{API}/clients/{sam.id}").status_code == 204

    with Session(engine) as session:
        assert session.get(User, sam_account.id) is None


def test_the_first_run_page_counts_only_coaches(
    db: Session, coach: User, sam_account: User
) -> None:
    assert accounts.count(db) == 1
