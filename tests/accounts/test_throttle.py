"""The password throttle as a service, on both databases: what each key allows, when a window
ends, what a success gives back, and that concurrent attempts never exceed the allowance."""

import threading
from datetime import timedelta

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from coachboard.accounts import throttle
from coachboard.accounts.throttle import Attempt, Limits, Refused
from coachboard.models.accounts import SignInThrottle

WINDOW = timedelta(minutes=15)
LIMITS = Limits(window=WINDOW, per_account_and_address=3, per_address=6, per_account=8)
EMAIL = "coach@example.com"


def tries(engine: Engine, attempt: Attempt, times: int, limits: Limits = LIMITS) -> list:
    return [throttle.admit(engine, attempt, limits) for _ in range(times)]


def admitted(verdicts: list) -> int:
    return sum(verdict is None for verdict in verdicts)


def age_every_window(engine: Engine, by: timedelta) -> None:
    """Move every stored window's start back in time (instead of moving the clock on)."""
    with engine.begin() as connection:
        # Computed here: SQLite stores timestamps as text, and cannot subtract from them.
        started = connection.execute(select(SignInThrottle.key, SignInThrottle.window_started_at))
        for key, window_started_at in started.all():
            connection.execute(
                update(SignInThrottle)
                .where(SignInThrottle.key == key)
                .values(window_started_at=window_started_at - by)
            )


def stored_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(SignInThrottle)) or 0


def test_one_address_gets_the_account_allowance_then_429_until_the_window_ends(
    engine: Engine, db: Session
) -> None:
    verdicts = tries(engine, Attempt(EMAIL, "10.0.0.1"), 5)

    assert verdicts[:3] == [None, None, None]
    assert all(isinstance(verdict, Refused) for verdict in verdicts[3:])
    assert WINDOW.total_seconds() - 5 <= verdicts[-1].retry_after <= WINDOW.total_seconds()


def test_the_email_is_counted_whatever_its_case_and_spaces(engine: Engine, db: Session) -> None:
    for email in ("coach@example.com", "COACH@example.com", " Coach@Example.com "):
        assert throttle.admit(engine, Attempt(email, "10.0.0.1"), LIMITS) is None

    assert isinstance(throttle.admit(engine, Attempt(EMAIL, "10.0.0.1"), LIMITS), Refused)


def test_the_owner_gets_in_from_another_address_while_the_attacker_is_refused(
    engine: Engine, db: Session
) -> None:
    tries(engine, Attempt(EMAIL, "203.0.113.9"), 10)

    assert throttle.admit(engine, Attempt(EMAIL, "10.0.0.1"), LIMITS) is None
    assert isinstance(throttle.admit(engine, Attempt(EMAIL, "203.0.113.9"), LIMITS), Refused)


def test_an_address_trying_many_accounts_is_refused_past_its_allowance(
    engine: Engine, db: Session
) -> None:
    verdicts = [
        throttle.admit(engine, Attempt(f"coach{n}@example.com", "203.0.113.9"), LIMITS)
        for n in range(8)
    ]

    assert admitted(verdicts) == LIMITS.per_address
    assert isinstance(throttle.admit(engine, Attempt(EMAIL, "203.0.113.9"), LIMITS), Refused)
    assert throttle.admit(engine, Attempt(EMAIL, "10.0.0.1"), LIMITS) is None


def test_past_the_account_allowance_each_address_gets_one_try_and_a_new_one_still_gets_in(
    engine: Engine, db: Session
) -> None:
    # Guessing spread over many addresses: the account's allowance (8) is spent by four
    # addresses, two tries each.
    for n in range(4):
        assert tries(engine, Attempt(EMAIL, f"203.0.113.{n}"), 2) == [None, None]

    assert throttle.admit(engine, Attempt(EMAIL, "203.0.113.77"), LIMITS) is None
    assert isinstance(throttle.admit(engine, Attempt(EMAIL, "203.0.113.77"), LIMITS), Refused)
    assert isinstance(throttle.admit(engine, Attempt(EMAIL, "203.0.113.0"), LIMITS), Refused)
    assert throttle.admit(engine, Attempt(EMAIL, "10.0.0.1"), LIMITS) is None


def test_a_success_forgets_the_failures_from_its_address_so_signing_in_often_is_never_refused(
    engine: Engine, db: Session
) -> None:
    attempt = Attempt(EMAIL, "10.0.0.1")
    tries(engine, attempt, 2)

    for _ in range(LIMITS.per_address + LIMITS.per_account):
        assert throttle.admit(engine, attempt, LIMITS) is None
        throttle.succeeded(db, attempt)

    assert tries(engine, attempt, 4)[:3] == [None, None, None]


def test_a_success_still_rolls_back_with_the_sign_in_it_belongs_to(
    engine: Engine, db: Session
) -> None:
    attempt = Attempt(EMAIL, "10.0.0.1")
    tries(engine, attempt, 3)

    db.begin()
    throttle.succeeded(db, attempt)
    db.rollback()

    assert isinstance(throttle.admit(engine, attempt, LIMITS), Refused)


def test_attempts_older_than_the_window_no_longer_count(engine: Engine, db: Session) -> None:
    attempt = Attempt(EMAIL, "10.0.0.1")
    assert isinstance(tries(engine, attempt, 4)[-1], Refused)

    age_every_window(engine, WINDOW + timedelta(seconds=1))

    verdicts = tries(engine, attempt, 4)
    assert verdicts[:3] == [None, None, None]
    assert isinstance(verdicts[3], Refused)


def test_retry_after_counts_down_to_the_end_of_the_window_whatever_the_client_does(
    engine: Engine, db: Session
) -> None:
    attempt = Attempt(EMAIL, "10.0.0.1")
    tries(engine, attempt, 4)
    age_every_window(engine, timedelta(minutes=10))

    refused = tries(engine, attempt, 20)[-1]

    assert isinstance(refused, Refused)
    assert 5 * 60 - 5 <= refused.retry_after <= 5 * 60


def test_neither_the_email_nor_the_address_is_stored_and_any_length_is_counted(
    engine: Engine, db: Session
) -> None:
    long_email = "x" * 10_000 + "@example.com"

    assert throttle.admit(engine, Attempt(long_email, "2001:db8::1"), LIMITS) is None

    keys = db.scalars(select(SignInThrottle.key)).all()
    assert len(keys) == 3
    assert all(len(key) <= 80 and "example" not in key and "2001" not in key for key in keys)


def test_stale_rows_are_deleted_a_bounded_batch_per_attempt(engine: Engine, db: Session) -> None:
    for n in range(throttle.PRUNE_BATCH + 20):
        throttle.admit(engine, Attempt(f"c{n}@example.com", "10.0.0.1"), LIMITS)
    before = stored_rows(engine)  # three keys per account, one address key shared
    age_every_window(engine, WINDOW + timedelta(seconds=1))

    throttle.admit(engine, Attempt(EMAIL, "10.0.0.2"), LIMITS)

    assert stored_rows(engine) == before - throttle.PRUNE_BATCH + 3


def test_concurrent_attempts_never_exceed_the_allowance(engine: Engine, db: Session) -> None:
    workers = 30
    start = threading.Barrier(workers)
    verdicts: list = []

    def attempt() -> None:
        start.wait()
        verdicts.append(throttle.admit(engine, Attempt(EMAIL, "10.0.0.1"), LIMITS))

    threads = [threading.Thread(target=attempt) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert admitted(verdicts) == LIMITS.per_account_and_address
    assert len(verdicts) == workers
