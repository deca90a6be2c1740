"""Steps and database look-ups shared by the Tree, Graph and Review browser tests."""

import uuid

from playwright.sync_api import Locator, Page, expect
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.clients import service as clients
from coachboard.core.database import session_factory
from coachboard.core.pagination import PageParams
from coachboard.models.accounts import User
from coachboard.models.commitments import Commitment
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.targets import Target
from tests.browser.steps import COACH


def open_tab(page: Page, client: str, tab: str) -> None:
    """From the client list, open the client's workspace and one of its tabs."""
    page.goto("/clients")
    page.get_by_role("link", name=client, exact=True).click()
    tabs = page.get_by_role("navigation", name=f"Views of {client}")
    tabs.get_by_role("link", name=tab).click()
    expect(tabs.locator('[aria-current="page"]')).to_contain_text(tab)


def tab_badge(page: Page, client: str, tab: str) -> Locator:
    tabs = page.get_by_role("navigation", name=f"Views of {client}")
    return tabs.get_by_role("link", name=tab).locator(".badge")


def the_coach(session: Session) -> User:
    coach = accounts.get_by_email(session, email=COACH["email"])
    assert coach is not None
    return coach


def client_id(engine: Engine, name: str) -> uuid.UUID:
    with session_factory(engine)() as session:
        rows, _ = clients.get_all(session, coach=the_coach(session), page=PageParams(limit=100))
    (found,) = [client.id for client in rows if client.name == name]
    return found


def link_rows(engine: Engine, client: uuid.UUID) -> int:
    """How many link rows the client's records have, in all three junction tables."""
    with session_factory(engine)() as session:
        return sum(
            session.scalar(
                select(func.count()).select_from(link).join(owner).where(owner.client_id == client)
            )
            or 0
            for link, owner in (
                (TargetGoalLink, Target),
                (TargetSprintLink, Target),
                (CommitmentTargetLink, Commitment),
            )
        )


def tree_item(page: Page, kind: str, title: str) -> Locator:
    """Every place the tree shows a record (an outcome under two goals shows twice)."""
    return page.locator(
        f'[data-kind="{kind}"]', has=page.get_by_role("link", name=title, exact=True)
    )


def graph_node(page: Page, title_start: str) -> Locator:
    return page.locator(".graph a.node", has_text=title_start)
