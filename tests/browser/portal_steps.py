"""A coach with the sample clients, one of whom has joined the portal."""

from datetime import date

from playwright.sync_api import Page, expect
from sqlalchemy import Engine, select

from coachboard import samples
from coachboard.accounts import service as accounts
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientUpdate
from coachboard.core.database import session_factory, transaction
from coachboard.models.clients import Client
from coachboard.web.auth import CLIENT_HOME
from tests.browser.conftest import LiveApp
from tests.browser.steps import COACH, sign_in_by_session
from tests.portal.accounts import join

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


def sign_in_as_the_client(page: Page, live: LiveApp) -> None:
    """Daniel Reyes (joined_sample_client) signed in on the page, which shows his page, /me."""
    sign_in_by_session(page, live, CLIENT_EMAIL, wanted=CLIENT_HOME)
    expect(page).to_have_url(CLIENT_HOME)
