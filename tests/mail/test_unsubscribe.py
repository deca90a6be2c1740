"""A client's one-click opt-out: no sign-in, only its own client and kind, and the coach sees it."""

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coachboard.core.database import session_factory
from coachboard.mail.optouts import unsubscribe_token, unsubscribe_url
from coachboard.mail.planner import plan
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.mail import EmailOptOut
from tests.mail.fixtures import fresh_browser, mail_client, noor, pages, sam
from tests.mail.week import commitment, outbox, utc

__all__ = ["fresh_browser", "mail_client", "noor", "pages", "sam"]


def opt_outs(engine: Engine) -> set[tuple[str, str]]:
    with session_factory(engine)() as session:
        rows = session.execute(
            select(Client.name, EmailOptOut.kind).join(Client, Client.id == EmailOptOut.client_id)
        ).all()
    return {(name, kind) for name, kind in rows}


def path_of(client: Client, kind: str) -> str:
    return f"/unsubscribe/{unsubscribe_token(client.id, kind)}"


def test_the_link_shows_what_stops_and_changes_nothing_until_posted(
    fresh_browser: TestClient, engine: Engine, sam: Client
) -> None:
    page = fresh_browser.get(path_of(sam, "session_reminder"))
    assert page.status_code == 200
    assert "this stops the session reminders Casey Coach" in page.text
    assert opt_outs(engine) == set()

    done = fresh_browser.post(path_of(sam, "session_reminder"))
    assert done.status_code == 200
    assert "You won't get session reminders from Casey Coach any more" in done.text
    assert opt_outs(engine) == {("Sam Rivera", "session_reminder")}
    assert fresh_browser.post(path_of(sam, "session_reminder")).status_code == 200
    assert opt_outs(engine) == {("Sam Rivera", "session_reminder")}


def test_a_mail_clients_one_click_post_works_without_cookies_or_token(
    mail_client: TestClient, engine: Engine, sam: Client
) -> None:
    answer = mail_client.post(
        path_of(sam, "commitment_reminder"),
        content="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 200
    assert opt_outs(engine) == {("Sam Rivera", "commitment_reminder")}


def test_a_token_turns_off_only_its_own_client_and_kind(
    mail_client: TestClient, engine: Engine, sam: Client, noor: Client
) -> None:
    mail_client.post(path_of(sam, "session_reminder"))
    assert opt_outs(engine) == {("Sam Rivera", "session_reminder")}


def test_a_forged_or_altered_token_is_not_found(
    mail_client: TestClient, engine: Engine, sam: Client
) -> None:
    token = unsubscribe_token(sam.id, "session_reminder")
    for forged in (
        "not-a-token",
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        unsubscribe_token(sam.id, "daily_digest"),  # a kind a client cannot turn off
    ):
        assert mail_client.get(f"/unsubscribe/{forged}").status_code == 404
        assert mail_client.post(f"/unsubscribe/{forged}").status_code == 404
    assert opt_outs(engine) == set()


def test_the_next_plan_skips_what_was_turned_off_and_the_coach_sees_it(
    db: Session,
    coach: User,
    sam: Client,
    mail_client: TestClient,
    api: TestClient,
    pages: TestClient,
) -> None:
    commitment(db, coach, sam, "Send the deck", date(2026, 12, 2))
    db.commit()
    mail_client.post(path_of(sam, "commitment_reminder"))
    plan(db, utc("2026-12-01T08:00:00"))
    assert outbox(db, "commitment_reminder") == []
    db.commit()

    assert api.get(f"/api/v1/clients/{sam.id}").json()["email_opt_outs"] == ["commitment_reminder"]
    assert "Email: reminders of commitments due turned off" in pages.get(f"/clients/{sam.id}").text


def test_every_message_to_a_client_links_its_own_opt_out(
    db: Session, coach: User, sam: Client
) -> None:
    commitment(db, coach, sam, "Send the deck", date(2026, 12, 2))
    plan(db, utc("2026-12-01T08:00:00"))
    (reminder,) = outbox(db, "commitment_reminder")
    assert reminder.unsubscribe_url == unsubscribe_url(sam.id, "commitment_reminder")
