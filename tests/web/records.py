"""Builders and readers for the record tabs' page tests: data made through the services, read
back in sessions of their own (never the test's, whose open transaction would hold SQLite's
write lock while the app waits)."""

import html as markup
import re
import uuid
from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentCreate
from coachboard.core.database import session_factory
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalCreate
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.sessions import CoachingSession
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from coachboard.sessions import service as coaching_sessions
from coachboard.sessions.schemas import SessionCreate
from coachboard.sprints import service as sprints
from coachboard.sprints.schemas import SprintCreate
from coachboard.targets import service as targets
from coachboard.targets.schemas import TargetCreate

T = TypeVar("T")


class Records:
    """A client's records, made through the services as the coach."""

    def __init__(self, db: Session, coach: User, client: Client) -> None:
        self.db, self.coach, self.client = db, coach, client
        self.url = f"/clients/{client.id}"

    def goal(self, title: str, **fields) -> ClientGoal:
        return goals.create(
            self.db,
            coach=self.coach,
            client_id=self.client.id,
            fields=GoalCreate(title=title, **fields),
        )

    def sprint(
        self, title: str, start: date = date(2026, 1, 5), end: date = date(2026, 2, 16)
    ) -> Sprint:
        return sprints.create(
            self.db,
            coach=self.coach,
            client_id=self.client.id,
            fields=SprintCreate(title=title, start_date=start, end_date=end),
        )

    def outcome(
        self, title: str, goals: Iterable[ClientGoal] = (), sprints: Iterable[Sprint] = ()
    ) -> Target:
        fields = TargetCreate(
            title=title,
            goal_ids=[goal.id for goal in goals],
            sprint_ids=[sprint.id for sprint in sprints],
        )
        return targets.create(self.db, coach=self.coach, client_id=self.client.id, fields=fields)

    def session(self, day: date = date(2026, 1, 12), title: str = "") -> CoachingSession:
        return coaching_sessions.create(
            self.db,
            coach=self.coach,
            client_id=self.client.id,
            fields=SessionCreate(session_date=day, title=title),
        )

    def commitment(
        self,
        title: str,
        outcomes: Iterable[Target] = (),
        session: CoachingSession | None = None,
        **fields,
    ) -> Commitment:
        created = CommitmentCreate(
            title=title,
            target_ids=[target.id for target in outcomes],
            session_id=session.id if session else None,
            **fields,
        )
        return commitments.create(
            self.db, coach=self.coach, client_id=self.client.id, fields=created
        )


def read(engine: Engine, query: Callable[[Session], T]) -> T:
    """What the database holds now, read in a session of its own."""
    with session_factory(engine)() as session:
        return query(session)


def error(html: str, name: str) -> str | None:
    """The message beside a field (a checkbox group too), as a coach reads it."""
    match = re.search(rf'id="f-{name}-error">(?:<span[^>]*>Error: </span>)?([^<]*)<', html)
    return markup.unescape(match.group(1).strip()) if match else None


def checked(html: str, name: str) -> list[str]:
    """The values of a checkbox group's checked boxes, in page order."""
    boxes = re.findall(rf'<input type="checkbox"[^>]*name="{name}"[^>]*>', html)
    return [
        re.search(r'value="([^"]*)"', box).group(1)  # type: ignore[union-attr]
        for box in boxes
        if re.search(r"\schecked\b", box)
    ]


def selected(html: str, name: str) -> str | None:
    """The selected option's value of a select."""
    match = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no select {name}"
    option = re.search(r'<option value="([^"]*)" selected>', match.group(1))
    return option.group(1) if option else None


def row(html: str, kind: str, title: str) -> str:
    """The list row (or list item) of the record with that title."""
    match = re.search(
        rf'<(tr|li) id="{kind}-[^"]+" data-{kind}="{re.escape(title)}"[^>]*>(.*?)</\1>',
        html,
        re.S,
    )
    assert match, f"no {kind} row “{title}”"
    return match.group(2)


def chips(html: str, links: str) -> list[str]:
    """The titles named in a row's cell of linked records (data-links="goals" …)."""
    match = re.search(rf'data-links="{links}">(.*?)</(?:td|ul)>', html, re.S)
    assert match, f"no {links} cell"
    return re.findall(r'<li class="chip">([^<]*)</li>', match.group(1))


def ids(*records) -> list[str]:
    return [str(record.id) for record in records]


def new_id() -> str:
    return str(uuid.uuid4())
