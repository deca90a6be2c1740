"""Server-side sessions: signing out ends the session itself, not just the browser's cookie;
sessions end when idle or old; last-seen is written rarely and never by the read itself."""

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from coachboard.accounts import credentials
from coachboard.accounts import service as accounts
from coachboard.core.models import utcnow
from coachboard.core.settings import Settings
from coachboard.main import create_app
from coachboard.models.accounts import ApiToken, User, UserSession
from coachboard.models.clients import Client
from coachboard.web.auth import SESSION_COOKIE
from tests.querycount import count_statements
from tests.web.conftest import browser_for, csrf_token, sign_in, signed_in_browser, submit


def is_signed_in(browser: TestClient) -> bool:
    answer = browser.get("/clients", follow_redirects=False)
    assert answer.status_code in (200, 303), answer.text
    return answer.status_code == 200


def replaying(app: FastAPI, cookie: str) -> TestClient:
    """Another browser, holding a copy of a session cookie."""
    thief = browser_for(app)
    thief.cookies.set(SESSION_COOKIE, cookie)
    return thief


def set_session_times(db: Session, **times) -> None:
    """Move every stored session's timestamps (the clock stays where it is)."""
    with db.begin():
        db.execute(update(UserSession).values(**times))


def client_count(db: Session) -> int:
    with db.begin():
        return db.scalar(select(func.count()).select_from(Client)) or 0


def test_a_cookie_replayed_after_sign_out_gets_the_sign_in_page_and_cannot_post(
    app: FastAPI, anonymous: TestClient, coach: User, db: Session
) -> None:
    sign_in(anonymous, coach.email)
    cookie = anonymous.cookies[SESSION_COOKIE]
    token = csrf_token(anonymous, "/clients")

    signed_out = submit(anonymous, "/sign-out", follow_redirects=False)

    assert signed_out.headers["location"] == "/sign-in"
    with replaying(app, cookie) as thief:
        bounced = thief.get("/clients", follow_redirects=False)
        assert bounced.status_code == 303 and bounced.headers["location"].startswith("/sign-in")
        posted = thief.post(
            "/clients/new", data={"name": "Mallory", "csrf_token": token}, follow_redirects=False
        )
        assert posted.status_code == 303 and posted.headers["location"].startswith("/sign-in")
    assert client_count(db) == 0


def test_a_copied_cookie_works_until_sign_out_and_not_after(
    app: FastAPI, pages: TestClient
) -> None:
    with replaying(app, pages.cookies[SESSION_COOKIE]) as copy:
        assert is_signed_in(copy)

        submit(pages, "/sign-out")

        assert not is_signed_in(copy)


def test_signing_out_everywhere_ends_every_session_and_api_token_of_the_coach_only(
    app: FastAPI,
    coach: User,
    pages: TestClient,
    api: TestClient,
    other_pages: TestClient,
    other_api: TestClient,
) -> None:
    with signed_in_browser(app, coach, "laptop") as laptop:
        response = submit(pages, "/account/sign-out-everywhere", follow_redirects=False)

        assert response.headers["location"] == "/sign-in"
        assert "signed out everywhere" in pages.get("/sign-in").text
        assert not is_signed_in(pages)
        assert not is_signed_in(laptop)
    assert api.get("/api/v1/clients").status_code == 401
    assert is_signed_in(other_pages)
    assert other_api.get("/api/v1/clients").status_code == 200


def session_id_of(db: Session, user_agent: str):
    with db.begin():
        return db.scalar(select(UserSession.id).where(UserSession.user_agent == user_agent))


def test_revoking_one_session_from_the_account_page_ends_only_that_one(
    app: FastAPI, coach: User, pages: TestClient, api: TestClient, db: Session
) -> None:
    with (
        signed_in_browser(app, coach, "phone") as phone,
        signed_in_browser(app, coach, "laptop") as laptop,
    ):
        page = pages.get("/account")
        phone_id = session_id_of(db, "phone")
        assert f'data-session="{phone_id}"' in page.text

        response = submit(pages, f"/account/sessions/{phone_id}/revoke")

        assert response.url.path == "/account"
        assert "That session has ended." in response.text
        assert f'data-session="{phone_id}"' not in response.text
        assert not is_signed_in(phone)
        assert is_signed_in(laptop)
        assert is_signed_in(pages)
        assert api.get("/api/v1/clients").status_code == 200


def test_revoking_a_token_from_the_account_page_ends_only_that_token(
    app: FastAPI, coach: User, pages: TestClient, db: Session
) -> None:
    kept, revoked = (accounts.create_token(db, user=coach, name=n) for n in ("kept", "revoked"))
    with db.begin():
        token_id = db.scalar(select(ApiToken.id).where(ApiToken.name == "revoked"))

    response = submit(pages, f"/account/tokens/{token_id}/revoke")

    assert "That API token is revoked." in response.text
    bearer = {"Authorization": f"Bearer {revoked}"}
    assert pages.get("/api/v1/clients", headers=bearer).status_code == 401
    bearer = {"Authorization": f"Bearer {kept}"}
    assert pages.get("/api/v1/clients", headers=bearer).status_code == 200


def test_another_coachs_session_or_token_cannot_be_revoked_and_answers_404(
    pages: TestClient,
    other_pages: TestClient,
    other_api: TestClient,
    other_coach: User,
    db: Session,
) -> None:
    with db.begin():
        other_session = db.scalar(
            select(UserSession.id).where(UserSession.user_id == other_coach.id)
        )
        other_token = db.scalar(select(ApiToken.id).where(ApiToken.user_id == other_coach.id))

    for path in (
        f"/account/sessions/{other_session}/revoke",
        f"/account/tokens/{other_token}/revoke",
    ):
        assert submit(pages, path).status_code == 404
    assert is_signed_in(other_pages)
    assert other_api.get("/api/v1/clients").status_code == 200


def test_the_account_page_shows_the_coachs_own_sessions_and_events_and_no_other_coachs(
    app: FastAPI, coach: User, other_coach: User, db: Session
) -> None:
    with browser_for(app, headers={"User-Agent": "Olive's browser"}) as olive:
        sign_in(olive, other_coach.email)
    with browser_for(app, headers={"User-Agent": "Casey's phone"}) as phone:
        sign_in(phone, coach.email, "not-my-password")  # a failure, then the right one
        sign_in(phone, coach.email)
        page = phone.get("/account")

    assert page.status_code == 200
    assert "This browser" in page.text
    assert page.text.count('data-event="sign_in"') == 1
    assert page.text.count('data-event="sign_in_failed"') == 1
    assert "Casey&#39;s phone" in page.text
    assert "Olive" not in page.text
    with db.begin():
        olive_session = db.scalar(
            select(UserSession.id).where(UserSession.user_id == other_coach.id)
        )
    assert str(olive_session) not in page.text


def test_the_header_links_to_the_account_page(pages: TestClient) -> None:
    assert 'href="/account"' in pages.get("/clients").text


def test_a_session_idle_longer_than_the_idle_limit_is_signed_out(
    pages: TestClient, db: Session
) -> None:
    set_session_times(db, last_seen_at=utcnow() - timedelta(days=13, hours=23))
    assert is_signed_in(pages)  # and the read stamps it: it is alive for 14 more days

    set_session_times(db, last_seen_at=utcnow() - timedelta(days=14, minutes=1))

    assert not is_signed_in(pages)
    assert pages.get("/account", follow_redirects=False).headers["location"].startswith("/sign-in")


def test_a_session_older_than_the_absolute_limit_is_signed_out_however_busy(
    pages: TestClient, db: Session
) -> None:
    set_session_times(db, created_at=utcnow() - timedelta(days=89, hours=23))
    assert is_signed_in(pages)

    set_session_times(db, created_at=utcnow() - timedelta(days=90, minutes=1))

    assert not is_signed_in(pages)


def test_the_idle_and_absolute_limits_are_settings(
    settings: Settings, coach: User, db: Session
) -> None:
    app = create_app(
        settings.model_copy(update={"session_idle_days": 1, "session_absolute_days": 2})
    )
    with signed_in_browser(app, coach) as browser:
        set_session_times(db, last_seen_at=utcnow() - timedelta(hours=25))
        assert not is_signed_in(browser)
    with signed_in_browser(app, coach) as browser:
        set_session_times(db, created_at=utcnow() - timedelta(days=2, minutes=1))
        assert not is_signed_in(browser)


def session_writes(statements: list[str]) -> list[str]:
    return [
        sql for sql in statements if sql.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]


def test_a_read_within_five_minutes_of_the_last_writes_nothing_and_a_later_one_writes_once(
    pages: TestClient, engine: Engine, db: Session
) -> None:
    for _ in range(5):
        with count_statements(engine) as log:
            assert is_signed_in(pages)
        assert session_writes(log.statements) == []

    long_ago = utcnow() - credentials.RESOLUTION - timedelta(seconds=1)
    set_session_times(db, last_seen_at=long_ago)
    with count_statements(engine) as log:
        assert is_signed_in(pages)
    with count_statements(engine) as again:
        assert is_signed_in(pages)

    written = session_writes(log.statements)
    assert len(written) == 1 and "user_sessions" in written[0]
    assert session_writes(again.statements) == []
    with db.begin():
        assert db.scalar(select(UserSession.last_seen_at)) > long_ago


def test_the_csrf_token_of_one_session_does_not_work_for_another_of_the_same_coach(
    app: FastAPI, coach: User, pages: TestClient, db: Session
) -> None:
    with signed_in_browser(app, coach, "laptop") as laptop:
        laptops_token = csrf_token(laptop, "/clients")
        assert laptops_token != csrf_token(pages, "/clients")

        refused = pages.post("/clients/new", data={"name": "Eve", "csrf_token": laptops_token})

        assert refused.status_code == 403
        assert (
            laptop.post(
                "/clients/new", data={"name": "Eve", "csrf_token": laptops_token}
            ).status_code
            == 200
        )
    assert client_count(db) == 1
