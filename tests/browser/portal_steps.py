"""A coach with the sample clients, one of whom has joined the portal."""

from datetime import date

from playwright.sync_api import Page, expect
from sqlalchemy import Engine, select

from coachboard import samples
from coachboard.accounts import service as accounts
from coachboard.clients import service as clients
from coachboard.clients.models import Client
from coachboard.clients.schemas import ClientUpdate
from coachboard.core.database import session_factory, transaction
from tests.browser.steps import COACH, sign_in
from tests.portal.accounts import CLIENT_PASSWORD, join

CLIENT = "Daniel Reyes"
CLIENT_EMAIL = "daniel@example.com"


def joined_sample_client(engine: Engine, today: date | None = None) -> None:
    """The coach and the sample clients (added on `today`); Daniel Reyes has joined."""
    with session_factory(engine)() as session:
        coach = accounts.create(
            session, email=COACH["email"], name=COACH["name"], password=COACH["password"]
        )
        samples.add_sample_clients(session, coach=coach, today=today)
        with transaction(session):
            client_id = session.scalar(select(Client.id).where(Client.name == CLIENT))
        assert client_id is not None
        fields = ClientUpdate(email=CLIENT_EMAIL)
        clients.update(session, coach=coach, client_id=client_id, fields=fields)
        join(session, coach, client_id)


def sign_in_as_the_client(page: Page) -> None:
    page.goto("/sign-in")
    sign_in(page, CLIENT_EMAIL, CLIENT_PASSWORD)
    expect(page).to_have_url("/me")
