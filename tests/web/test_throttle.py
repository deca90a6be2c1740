"""Failed sign-ins are slowed down: each failure in a row waits longer, per email and address."""

from fastapi.testclient import TestClient

from coachboard.accounts.models import User
from coachboard.core.settings import Settings
from coachboard.main import create_app
from coachboard.web.throttle import SignInThrottle
from tests.web.conftest import browser_for, submit

EMAIL, ADDRESS = "email:coach@example.com", "address:10.0.0.1"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_each_failure_in_a_row_waits_twice_as_long_up_to_sixteen_times_the_base() -> None:
    throttle = SignInThrottle(1.0, clock=Clock())

    waits = [throttle.record_failure([EMAIL]) for _ in range(7)]

    assert waits == [1, 2, 4, 8, 16, 16, 16]


def test_a_key_may_try_again_once_its_wait_is_over() -> None:
    clock = Clock()
    throttle = SignInThrottle(1.0, clock=clock)
    throttle.record_failure([EMAIL, ADDRESS])
    throttle.record_failure([EMAIL, ADDRESS])

    assert throttle.wait_remaining([EMAIL]) == 2
    clock.now += 1.5
    assert throttle.wait_remaining([ADDRESS]) == 0.5
    clock.now += 0.5
    assert throttle.wait_remaining([EMAIL, ADDRESS]) == 0


def test_the_worst_key_decides_the_wait() -> None:
    throttle = SignInThrottle(1.0, clock=Clock())
    for _ in range(3):
        throttle.record_failure([EMAIL])

    assert throttle.record_failure(["email:new@example.com", EMAIL]) == 8


def test_success_and_time_both_forget_failures() -> None:
    clock = Clock()
    throttle = SignInThrottle(1.0, clock=clock)
    throttle.record_failure([EMAIL, ADDRESS])
    throttle.record_success([EMAIL])
    clock.now += 16 * 60

    assert throttle.record_failure([EMAIL]) == 1
    assert throttle.record_failure([ADDRESS]) == 1


def test_a_zero_base_delay_never_waits() -> None:
    throttle = SignInThrottle(0.0, clock=Clock())

    assert [throttle.record_failure([EMAIL]) for _ in range(3)] == [0, 0, 0]
    assert throttle.wait_remaining([EMAIL]) == 0


def test_a_sign_in_during_the_wait_is_refused_without_checking_the_password(
    settings: Settings, coach: User
) -> None:
    app = create_app(settings.model_copy(update={"sign_in_delay_seconds": 30.0}))
    app.state.sign_in_throttle.record_failure([f"email:{coach.email}"])
    with browser_for(app) as browser:
        response = submit(browser, "/sign-in", {"email": coach.email, "password": "s3cret-pass-42"})

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text
    assert 29 <= int(response.headers["retry-after"]) <= 30


def test_a_failed_sign_in_through_the_page_is_counted(settings: Settings, coach: User) -> None:
    app = create_app(settings.model_copy(update={"sign_in_delay_seconds": 0.01}))
    with browser_for(app) as browser:
        submit(browser, "/sign-in", {"email": coach.email.upper(), "password": "wrong"})

    assert app.state.sign_in_throttle.record_failure([f"email:{coach.email}"]) == 0.02


def test_an_unthrottled_test_client_is_not_slowed(anonymous: TestClient, coach: User) -> None:
    for _ in range(5):
        submit(anonymous, "/sign-in", {"email": coach.email, "password": "wrong"})

    assert (
        submit(anonymous, "/sign-in", {"email": coach.email, "password": "s3cret-pass-42"}).url.path
        == "/clients"
    )
