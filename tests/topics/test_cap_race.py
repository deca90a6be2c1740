"""The cap on a client's waiting topics holds when their requests race, against a real server
(`coachboard serve` in a subprocess on the test database, two workers, both backends): of many
topics added at once past the cap, only those that fit are kept, and every other request gets
the answer a single request past the cap gets."""

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bench.servers import Server, coachboard_command, running
from coachboard.accounts import service as accounts
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.topics import AgendaTopic
from coachboard.topics import service as topics
from coachboard.topics.schemas import TopicPriority
from tests.portal.accounts import join
from tests.portal.conftest import sam
from tests.web.test_throttle import at_once

__all__ = ["sam"]

# Its server is a module fixture: one pytest-xdist worker runs all its tests, starting it once.
pytestmark = pytest.mark.xdist_group("tests/topics/test_cap_race.py")

WAITING = 45
AT_ONCE = 20
ROOM = topics.MAX_PENDING - WAITING


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    logs: Path = tmp_path_factory.mktemp("topic-cap")
    with running("coachboard", coachboard_command(2), database_url, logs, 2) as started:
        yield started


def waiting(engine: Engine, client: Client) -> int:
    with Session(engine) as session:
        pending = AgendaTopic.status.in_(topics.PENDING)
        count = select(func.count()).where(AgendaTopic.client_id == client.id, pending)
        return session.scalar(count) or 0


def test_topics_added_at_once_past_the_cap_keep_it_and_the_rest_are_told_why(
    server: Server, db: Session, engine: Engine, coach: User, sam: Client
) -> None:
    account = join(db, coach, sam.id)
    for n in range(WAITING):
        topics.add(
            db, client_id=sam.id, text=f"Topic {n}", priority=TopicPriority.medium, author=None
        )
    token = accounts.create_token(db, user=account, name="race")
    headers = {"Authorization": f"Bearer {token}"}
    browsers = [
        httpx.Client(base_url=server.url, headers=headers, timeout=120) for _ in range(AT_ONCE)
    ]

    answers = at_once(
        [
            lambda browser=browser, n=n: browser.post(
                "/api/v1/portal/topics", json={"text": f"At once {n}"}
            )
            for n, browser in enumerate(browsers)
        ]
    )

    codes = Counter(answer.status_code for answer in answers)
    assert codes == {201: ROOM, 409: AT_ONCE - ROOM}, (codes, server.log_tail())
    assert waiting(engine, sam) == topics.MAX_PENDING
    one_more = browsers[0].post("/api/v1/portal/topics", json={"text": "One more"})
    assert one_more.status_code == 409
    assert one_more.json() == {
        "detail": f"At most {topics.MAX_PENDING} topics can wait for a session"
    }
    assert all(a.json() == one_more.json() for a in answers if a.status_code == 409)
    assert waiting(engine, sam) == topics.MAX_PENDING
