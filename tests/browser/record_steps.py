"""Steps the record tabs' browser tests share: a coach with one client whose goals and sprints
are made through the services, and the dialog the forms open in."""

import uuid
from datetime import date

from playwright.sync_api import Locator, Page, expect
from sqlalchemy import Engine

from coachboard.accounts import service as accounts
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.core.database import session_factory
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalCreate
from coachboard.sessions import service as coaching_sessions
from coachboard.sessions.schemas import SessionCreate
from coachboard.sprints import service as sprints
from coachboard.sprints.schemas import SprintCreate
from coachboard.targets import service as targets
from coachboard.targets.schemas import TargetCreate
from tests.browser.conftest import LiveApp
from tests.browser.steps import COACH, create_coach

CLIENT = "Dana Doe"
GOALS = ("Speak Spanish", "Travel more", "Change careers")
SPRINTS = ("January", "February", "March")


def client_with_goals_and_sprints(page: Page, live: LiveApp) -> str:
    """The coach, signed in on the page, with a client with three goals and three sprints;
    the client's workspace URL."""
    create_coach(page, live, samples=False)
    with session_factory(live.engine)() as session:
        coach = accounts.get_by_email(session, email=COACH["email"])
        assert coach is not None
        client = clients.create(session, coach=coach, fields=ClientCreate(name=CLIENT))
        for title in GOALS:
            goals.create(session, coach=coach, client_id=client.id, fields=GoalCreate(title=title))
        for month, title in enumerate(SPRINTS, start=1):
            fields = SprintCreate(
                title=title, start_date=date(2026, month, 1), end_date=date(2026, month, 28)
            )
            sprints.create(session, coach=coach, client_id=client.id, fields=fields)
        return f"/clients/{client.id}"


def add_outcome(
    engine: Engine, workspace: str, title: str, goal_titles=(), sprint_titles=()
) -> None:
    """An outcome linked to goals and sprints of the workspace's client, by their titles."""
    client_id = uuid.UUID(workspace.rsplit("/", 1)[-1])
    with session_factory(engine)() as session:
        coach = accounts.get_by_email(session, email=COACH["email"])
        assert coach is not None
        found_goals = goals.get_all(session, coach=coach, client_id=client_id)[0]
        found_sprints = sprints.get_all(session, coach=coach, client_id=client_id)[0]
        fields = TargetCreate(
            title=title,
            goal_ids=[goal.id for goal in found_goals if goal.title in goal_titles],
            sprint_ids=[sprint.id for sprint in found_sprints if sprint.title in sprint_titles],
        )
        targets.create(session, coach=coach, client_id=client_id, fields=fields)


def add_session(engine: Engine, workspace: str, title: str) -> None:
    client_id = uuid.UUID(workspace.rsplit("/", 1)[-1])
    with session_factory(engine)() as session:
        coach = accounts.get_by_email(session, email=COACH["email"])
        assert coach is not None
        fields = SessionCreate(session_date=date(2026, 1, 12), title=title)
        coaching_sessions.create(session, coach=coach, client_id=client_id, fields=fields)


def dialog(page: Page) -> Locator:
    """The open record dialog."""
    opened = page.get_by_role("dialog")
    expect(opened).to_be_visible()
    return opened


def choices(scope: Page | Locator, legend: str) -> Locator:
    """A checkbox group of a form, by its legend ("Goals", "Sprints", "Outcomes")."""
    return scope.get_by_role("group", name=legend)


def outcome_row(page: Page, title: str) -> Locator:
    return page.locator(f'tr[data-target="{title}"]')


def linked(row: Locator, links: str) -> Locator:
    """The names in a list row's cell of linked records ("goals", "sprints", "outcomes")."""
    return row.locator(f'[data-links="{links}"] .chip')
