"""Every page of the five record tabs at once: each renders, each change needs the CSRF token,
another coach's ids are not found, and a record shown under another client is not found."""

from dataclasses import dataclass
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.sessions import CoachingSession
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from tests.querycount import count_statements
from tests.web.conftest import csrf_token
from tests.web.records import Records, read

TABS = ("goals", "targets", "sprints", "sessions", "commitments")
TABLES = (
    ClientGoal,
    Target,
    Sprint,
    CoachingSession,
    Commitment,
    TargetGoalLink,
    TargetSprintLink,
    CommitmentTargetLink,
)


@dataclass
class World:
    url: str
    items: dict[str, str]  # tab → the URL of one of its records


@pytest.fixture
def world(db: Session, coach: User, dana: Client) -> World:
    records = Records(db, coach, dana)
    goal, sprint = records.goal("Speak Spanish"), records.sprint("January")
    target = records.outcome("Trip to Madrid", goals=[goal], sprints=[sprint])
    meeting = records.session(date(2026, 1, 5), "Kickoff")
    commitment = records.commitment("Book flights", outcomes=[target], session=meeting)
    ids = {
        "goals": goal.id,
        "targets": target.id,
        "sprints": sprint.id,
        "sessions": meeting.id,
        "commitments": commitment.id,
    }
    return World(records.url, {tab: f"{records.url}/{tab}/{ids[tab]}" for tab in TABS})


def pages_of(world: World) -> list[str]:
    lists = [f"{world.url}/{tab}" for tab in TABS]
    forms = [f"{world.url}/{tab}/new" for tab in TABS]
    items = [f"{item}/{page}" for item in world.items.values() for page in ("edit", "delete")]
    own = [world.items["sprints"], world.items["sessions"]]
    return lists + forms + items + own


def posts_of(world: World) -> list[str]:
    forms = [f"{world.url}/{tab}/new" for tab in TABS]
    return forms + [
        f"{item}/{page}" for item in world.items.values() for page in ("edit", "delete")
    ]


def row_counts(engine: Engine) -> dict[str, int]:
    def count(session: Session) -> dict[str, int]:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in TABLES
        }

    return read(engine, count)


def test_every_page_of_every_record_tab_renders_with_its_tab_marked(
    pages: TestClient, world: World
) -> None:
    for url in pages_of(world):
        response = pages.get(url)
        assert response.status_code == 200, url
        tab = url.removeprefix(world.url + "/").split("/")[0]
        assert f'href="{world.url}/{tab}" aria-current="page"' in response.text, url
        assert "being built" not in response.text, url


def test_every_form_and_delete_refuses_a_post_without_the_csrf_token(
    pages: TestClient, world: World, engine: Engine
) -> None:
    before = row_counts(engine)

    for url in posts_of(world):
        response = pages.post(url, data={"title": "Forged", "session_date": "2026-01-01"})
        assert response.status_code == 403, url
        assert "security token" in response.text

    assert row_counts(engine) == before


def test_another_coach_finds_none_of_the_pages_and_changes_nothing(
    other_pages: TestClient, world: World, engine: Engine
) -> None:
    before = row_counts(engine)
    token = csrf_token(other_pages, "/clients")

    for url in pages_of(world):
        response = other_pages.get(url)
        assert response.status_code == 404, url
        assert "Speak Spanish" not in response.text and "Dana" not in response.text
    for url in posts_of(world):
        response = other_pages.post(url, data={"csrf_token": token, "title": "Taken over"})
        assert response.status_code == 404, url

    assert row_counts(engine) == before


def test_a_record_under_another_client_of_the_same_coach_is_not_found(
    pages: TestClient, world: World, db: Session, coach: User, engine: Engine
) -> None:
    other = clients.create(db, coach=coach, fields=ClientCreate(name="Ari Able"))
    before = row_counts(engine)
    token = csrf_token(pages, "/clients")

    for tab, item in world.items.items():
        moved = item.replace(world.url, f"/clients/{other.id}")
        assert pages.get(moved).status_code == 404, (tab, "read page")
        for page in ("edit", "delete"):
            assert pages.get(f"{moved}/{page}").status_code == 404, (tab, page)
            response = pages.post(f"{moved}/{page}", data={"csrf_token": token, "title": "Moved"})
            assert response.status_code == 404, (tab, page)

    assert row_counts(engine) == before


@pytest.mark.parametrize("tab", TABS)
def test_a_garbled_record_id_is_not_found(pages: TestClient, world: World, tab: str) -> None:
    response = pages.get(f"{world.url}/{tab}/not-a-uuid/edit")

    assert response.status_code == 404


def filled(db: Session, coach: User, name: str, count: int) -> tuple[Records, dict[str, str]]:
    """A client with count records of each kind, every outcome linked to every goal and sprint,
    every commitment to every outcome: the URLs of its tabs' pages."""
    records = Records(db, coach, clients.create(db, coach=coach, fields=ClientCreate(name=name)))
    goals = [records.goal(f"Goal {n}") for n in range(count)]
    sprints = [records.sprint(f"Sprint {n}") for n in range(count)]
    outcomes = [records.outcome(f"Outcome {n}", goals, sprints) for n in range(count)]
    meetings = [records.session(title=f"Session {n}") for n in range(count)]
    agreed = [
        records.commitment(f"Commitment {n}", outcomes, session=meetings[n]) for n in range(count)
    ]
    tabs = {tab: f"{records.url}/{tab}" for tab in TABS}
    return records, {
        **tabs,
        "targets/new": f"{records.url}/targets/new",
        "commitments/new": f"{records.url}/commitments/new",
        "target edit": f"{records.url}/targets/{outcomes[0].id}/edit",
        "goal delete": f"{records.url}/goals/{goals[0].id}/delete",
        "target delete": f"{records.url}/targets/{outcomes[0].id}/delete",
        "sprint page": f"{records.url}/sprints/{sprints[0].id}",
        "goal page": f"{records.url}/goals/{goals[0].id}",
        "target page": f"{records.url}/targets/{outcomes[0].id}",
        "commitment page": f"{records.url}/commitments/{agreed[0].id}",
        "sprints/new": f"{records.url}/sprints/new",
        "sprint edit": f"{records.url}/sprints/{sprints[0].id}/edit",
        "sprint delete": f"{records.url}/sprints/{sprints[0].id}/delete",
        "session page": f"{records.url}/sessions/{meetings[0].id}",
    }


def test_each_page_takes_the_same_statements_for_few_or_many_records(
    pages: TestClient, db: Session, coach: User, engine: Engine
) -> None:
    _, few = filled(db, coach, "Few", 1)
    _, many = filled(db, coach, "Many", 6)

    for page in few:
        counts = []
        for url in (few[page], many[page]):
            with count_statements(engine) as log:
                assert pages.get(url).status_code == 200
            counts.append(log.count)
        assert counts[0] == counts[1], page
