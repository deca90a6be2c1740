"""Password guessing against real servers: `coachboard serve` in subprocesses on the test
database (both backends), attacked over HTTP by threads, through the sign-in page and the API's
token endpoint. The servers run with the default allowances (Settings)."""

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from bench.servers import CSRF_INPUT, Server, coachboard_command, running
from coachboard.core.settings import Settings
from coachboard.models.accounts import SignInThrottle, User
from coachboard.web.csrf import FORM_FIELD
from tests.web.conftest import PASSWORD, sign_in

# Its servers are module fixtures: one pytest-xdist worker runs all its tests, starting them once.
pytestmark = pytest.mark.xdist_group("tests/web/test_throttle.py")

DEFAULTS = Settings()
ALLOWANCE = DEFAULTS.throttle_attempts_per_account_and_address
WINDOW_SECONDS = DEFAULTS.throttle_window_seconds
OWNER, ATTACKER = "127.0.0.1", "127.0.0.2"  # Linux routes all of 127/8 to the loopback
BURST = 30


@pytest.fixture(scope="module")
def servers_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("servers")


@pytest.fixture(scope="module")
def server(database_url: str, servers_log: Path) -> Iterator[Server]:
    with running("coachboard", coachboard_command(1), database_url, servers_log, 1) as started:
        yield started


@pytest.fixture(scope="module")
def second_server(database_url: str, servers_log: Path) -> Iterator[Server]:
    with running("coachboard-2", coachboard_command(1), database_url, servers_log, 1) as started:
        yield started


class Browser:
    """A browser at one address: its own cookies, and the sign-in form's CSRF token."""

    def __init__(self, server: Server, address: str = OWNER) -> None:
        transport = httpx.HTTPTransport(local_address=address)
        self.http = httpx.Client(base_url=server.url, transport=transport, timeout=120)
        page = self.http.get("/sign-in")
        found = CSRF_INPUT.search(page.text)
        assert found, f"no CSRF field on the sign-in page ({page.status_code})"
        self.csrf = found[1]

    def sign_in(self, email: str, password: str) -> httpx.Response:
        form = {FORM_FIELD: self.csrf, "email": email, "password": password}
        return self.http.post("/sign-in", data=form)

    def is_signed_in(self) -> bool:
        return self.http.get("/clients").status_code == 200


def token_answer(server: Server, email: str, password: str, address: str = OWNER) -> httpx.Response:
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=server.url, transport=transport, timeout=120) as http:
        return http.post("/api/v1/auth/token", data={"username": email, "password": password})


def at_once(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    """Every call on a thread of its own, all released together."""
    start = threading.Barrier(len(calls))

    def released(call: Callable[[], httpx.Response]) -> httpx.Response:
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(released, calls))


def assert_told_to_wait(answer: httpx.Response) -> None:
    assert answer.status_code == 429
    assert 1 <= int(answer.headers["retry-after"]) <= WINDOW_SECONDS


def test_of_thirty_wrong_passwords_at_once_on_the_page_only_the_allowance_is_checked(
    server: Server, coach: User
) -> None:
    browsers = [Browser(server) for _ in range(BURST)]

    answers = at_once([lambda b=b: b.sign_in(coach.email, "wrong-pass") for b in browsers])

    # 422 is the answer of a password that was checked and wrong; 429 of one never checked.
    assert Counter(a.status_code for a in answers) == {422: ALLOWANCE, 429: BURST - ALLOWANCE}
    for refused in (a for a in answers if a.status_code == 429):
        assert_told_to_wait(refused)
        assert "Too many sign-in attempts. Wait 15 minutes and try again." in refused.text


def test_of_thirty_wrong_passwords_at_once_on_the_api_only_the_allowance_is_checked(
    server: Server, coach: User
) -> None:
    answers = at_once([lambda: token_answer(server, coach.email, "wrong-pass")] * BURST)

    assert Counter(a.status_code for a in answers) == {401: ALLOWANCE, 429: BURST - ALLOWANCE}
    for refused in (a for a in answers if a.status_code == 429):
        assert_told_to_wait(refused)
        assert refused.json()["detail"].startswith("too many attempts: try again in ")


def test_the_right_password_after_a_burst_has_spent_the_allowance_does_not_sign_in(
    server: Server, coach: User
) -> None:
    attackers = [Browser(server) for _ in range(12)]
    owner = Browser(server)
    refused = threading.Event()

    def wrong(browser: Browser) -> httpx.Response:
        answer = browser.sign_in(coach.email, "wrong-pass")
        if answer.status_code == 429:
            refused.set()
        return answer

    with ThreadPoolExecutor(len(attackers)) as pool:
        burst = [pool.submit(wrong, browser) for browser in attackers]
        # The right password goes in as soon as the burst has been refused once, while the
        # rest of the burst may still be on its way.
        while not refused.wait(0.05) and not all(answer.done() for answer in burst):
            pass
        assert refused.is_set(), "every password of the burst was checked"
        answer = owner.sign_in(coach.email, PASSWORD)

    assert_told_to_wait(answer)
    assert not owner.is_signed_in()


def test_two_server_processes_share_one_count(
    server: Server, second_server: Server, coach: User
) -> None:
    on_the_first = Browser(server)
    for _ in range(ALLOWANCE):
        assert on_the_first.sign_in(coach.email, "wrong-pass").status_code == 422

    on_the_second = Browser(second_server)
    assert_told_to_wait(on_the_second.sign_in(coach.email, PASSWORD))
    assert not on_the_second.is_signed_in()
    assert_told_to_wait(token_answer(second_server, coach.email, PASSWORD))


def test_the_owner_signs_in_from_a_clean_address_while_another_address_attacks(
    server: Server, coach: User
) -> None:
    attackers = [Browser(server, ATTACKER) for _ in range(12)]
    answers = at_once([lambda b=b: b.sign_in(coach.email, "wrong-pass") for b in attackers])
    assert Counter(a.status_code for a in answers)[429] == 12 - ALLOWANCE

    owner = Browser(server, OWNER)
    assert owner.sign_in(coach.email, PASSWORD).status_code == 303
    assert owner.is_signed_in()
    assert token_answer(server, coach.email, PASSWORD, OWNER).status_code == 200
    # The attacking address stays refused, even with the right password.
    assert_told_to_wait(attackers[0].sign_in(coach.email, PASSWORD))
    assert_told_to_wait(token_answer(server, coach.email, PASSWORD, ATTACKER))


def test_api_failures_count_on_the_page_and_page_failures_on_the_api(
    server: Server, coach: User, other_coach: User
) -> None:
    for _ in range(ALLOWANCE):
        assert token_answer(server, coach.email, "wrong-pass").status_code == 401
    page = Browser(server)
    assert_told_to_wait(page.sign_in(coach.email, PASSWORD))
    assert not page.is_signed_in()

    for _ in range(ALLOWANCE):
        assert page.sign_in(other_coach.email, "wrong-pass").status_code == 422
    assert_told_to_wait(token_answer(server, other_coach.email, PASSWORD))


def age_every_window(engine: Engine, by: timedelta) -> None:
    """Move every stored window's start back in time (instead of moving the clock on)."""
    with engine.begin() as connection:
        rows = connection.execute(select(SignInThrottle.key, SignInThrottle.window_started_at))
        for key, window_started_at in rows.all():
            connection.execute(
                update(SignInThrottle)
                .where(SignInThrottle.key == key)
                .values(window_started_at=window_started_at - by)
            )


def test_past_the_allowance_the_page_answers_429_until_the_window_ends(
    anonymous: TestClient, engine: Engine, coach: User
) -> None:
    for _ in range(ALLOWANCE):
        assert sign_in(anonymous, coach.email, "wrong-pass").status_code == 422

    refused = sign_in(anonymous, coach.email)
    assert refused.status_code == 429
    assert WINDOW_SECONDS - 10 <= int(refused.headers["retry-after"]) <= WINDOW_SECONDS
    assert "Too many sign-in attempts. Wait 15 minutes and try again." in refused.text
    assert f'value="{coach.email}"' in refused.text

    age_every_window(engine, timedelta(seconds=WINDOW_SECONDS - 30))
    still = sign_in(anonymous, coach.email)
    assert still.status_code == 429
    wait = int(still.headers["retry-after"])
    assert 20 <= wait <= 30
    assert f"Too many sign-in attempts. Wait {wait} seconds and try again." in still.text

    age_every_window(engine, timedelta(seconds=30))
    assert sign_in(anonymous, coach.email).headers["location"] == "/"


def test_past_the_allowance_the_api_answers_429_until_the_window_ends(
    client: TestClient, engine: Engine, coach: User
) -> None:
    def ask(password: str) -> httpx.Response:
        form = {"username": coach.email, "password": password}
        return client.post("/api/v1/auth/token", data=form)

    for _ in range(ALLOWANCE):
        assert ask("wrong-pass").status_code == 401
    refused = ask(PASSWORD)
    assert refused.status_code == 429
    assert WINDOW_SECONDS - 10 <= int(refused.headers["retry-after"]) <= WINDOW_SECONDS

    age_every_window(engine, timedelta(seconds=WINDOW_SECONDS))
    assert ask(PASSWORD).status_code == 200
