"""The records a form can link to, as (id, title, detail) rows for records/_ui.html's
checkbox groups and selects: a client's goals, sprints, outcomes and sessions."""

from sqlalchemy.orm import Session

from coachboard.goals import service as goals
from coachboard.sessions import service as coaching_sessions
from coachboard.sprints import service as sprints
from coachboard.targets import service as targets
from coachboard.web.workspace.shell import Workspace

Choice = tuple[str, str, str]


def words(status: str) -> str:
    return status.replace("_", " ").capitalize()


def day(value) -> str:
    return f"{value.day} {value:%b %Y}"


def goal_choices(session: Session, workspace: Workspace) -> list[Choice]:
    found, _ = goals.get_all(session, coach=workspace.coach, client_id=workspace.client.id)
    return [(str(goal.id), goal.title, words(goal.status)) for goal in found]


def sprint_choices(session: Session, workspace: Workspace) -> list[Choice]:
    found, _ = sprints.get_all(session, coach=workspace.coach, client_id=workspace.client.id)
    return [
        (str(sprint.id), sprint.title, f"{day(sprint.start_date)} \u2013 {day(sprint.end_date)}")
        for sprint in found
    ]


def target_choices(session: Session, workspace: Workspace) -> list[Choice]:
    found, _ = targets.get_all(session, coach=workspace.coach, client_id=workspace.client.id)
    return [(str(target.id), target.title, words(target.status)) for target in found]


def session_choices(session: Session, workspace: Workspace) -> list[tuple[str, str]]:
    """A select's options: no session, then the client's sessions, newest first."""
    found, _ = coaching_sessions.get_all(
        session, coach=workspace.coach, client_id=workspace.client.id
    )
    named = [
        (str(item.id), day(item.session_date) + (f" · {item.title}" if item.title else ""))
        for item in found
    ]
    return [("", "No session"), *named]
