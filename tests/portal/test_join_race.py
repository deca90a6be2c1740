"""One link, many browsers at once, against a real server (`coachboard serve` in a subprocess
on the test database, both backends): exactly one joins, every other gets a page that says the
link no longer works, and the client has one account."""

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bench.servers import CSRF_INPUT, Server, coachboard_command, running
from coachboard.core.settings import Settings
from coachboard.models.accounts import User, UserSession
from coachboard.models.clients import Client
from coachboard.web.csrf import FORM_FIELD
from tests.portal.accounts import CLIENT_PASSWORD, invite
from tests.web.test_throttle import at_once

# As many as one address may try one account in a window (the join form shares the sign-in
# throttle): every one of them reaches the claim.
# Its servers are module fixtures: one pytest-xdist worker runs all its tests, starting them once.
pytestmark = pytest.mark.xdist_group("tests/portal/test_join_race.py")

BROWSERS = Settings().throttle_attempts_per_account_and_address


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    logs: Path = tmp_path_factory.mktemp("join-race")
    with running("coachboard", coachboard_command(2), database_url, logs, 2) as started:
        yield started


class JoinForm:
    """A browser of its own with the join form open, ready to send it."""

    def __init__(self, server: Server, token: str) -> None:
        self.http = httpx.Client(base_url=server.url, timeout=120)
        self.path = f"/join/{token}"
        page = self.http.get(self.path)
        found = CSRF_INPUT.search(page.text)
        assert found, f"no CSRF field on the join page ({page.status_code})"
        self.csrf = found[1]

    def send(self) -> httpx.Response:
        return self.http.post(self.path, data={FORM_FIELD: self.csrf, "password": CLIENT_PASSWORD})


def test_of_many_browsers_sending_one_link_at_once_exactly_one_joins(
    server: Server, db: Session, engine: Engine, coach: User, sam: Client
) -> None:
    token = invite(db, coach, sam.id)
    forms = [JoinForm(server, token) for _ in range(BROWSERS)]

    answers = at_once([form.send for form in forms])

    codes = Counter(answer.status_code for answer in answers)
    assert codes[303] == 1, (codes, server.log_tail())
    assert codes[410] == BROWSERS - 1, (codes, server.log_tail())
    assert all("used already" in a.text for a in answers if a.status_code == 410)
    assert [a.headers["location"] for a in answers if a.status_code == 303] == ["/me"]
    with Session(engine) as session:
        assert session.scalar(select(func.count()).where(User.client_id == sam.id)) == 1
        sessions = select(func.count()).select_from(UserSession).join(User)
        assert session.scalar(sessions.where(User.client_id == sam.id)) == 1
