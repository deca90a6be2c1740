"""Two requests claiming one email at the same moment: both find it free, and the database's
unique index decides. The later one gets the answer the check gives (422 naming `email`, or
409 for a new account), never a 500, and nothing of it is written.

The interleaving is forced, not hoped for: the first request writes the email and holds its
transaction open until the second has read the email as free and is waiting on the first's
write (PostgreSQL) or write lock (SQLite); then the first commits."""

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.accounts.schemas import CoachUpdate
from coachboard.core.actor import ClientInfo
from coachboard.core.database import unit_of_work
from coachboard.core.errors import Conflict, InvalidInput
from coachboard.models.accounts import User

CLAIMED = "claimed@example.com"
PASSWORD = "s3cret-pass-42"


def second_is_waiting(engine: Engine) -> bool:
    """Whether another connection waits on a lock (PostgreSQL); SQLite's writer waits in
    BEGIN IMMEDIATE, which shows nowhere, so a moment's pause stands in for it."""
    if engine.dialect.name != "postgresql":
        time.sleep(0.3)
        return True
    with engine.connect() as connection:
        waiting = connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
        ).scalar_one()
    return waiting > 0


def race(engine: Engine, first: Callable[[Session], object], second: Callable[[Session], object]):
    """Run `first` in a transaction held open until `second` (on its own thread) waits on it;
    answer what `second` raised, or None."""
    raised: list[BaseException | None] = []

    def run_second() -> None:
        try:
            with unit_of_work(engine) as session:
                second(session)
            raised.append(None)
        except Exception as error:  # the test inspects it
            raised.append(error)

    with unit_of_work(engine) as session:
        first(session)
        thread = threading.Thread(target=run_second)
        thread.start()
        deadline = time.monotonic() + 10
        while not second_is_waiting(engine):
            assert time.monotonic() < deadline, "the second request never waited"
            time.sleep(0.02)
    thread.join(timeout=30)
    return raised[0]


@pytest.fixture
def two_coaches(db: Session) -> tuple[User, User]:
    return tuple(  # type: ignore[return-value]
        accounts.create(db, email=f"{name}@example.com", name=name, password=PASSWORD)
        for name in ("ana", "ben")
    )


def claim(user: User) -> Callable[[Session], object]:
    def change(session: Session) -> object:
        mine = session.get(User, user.id)
        assert mine is not None
        return accounts.update_profile(
            session, user=mine, fields=CoachUpdate(email=CLAIMED), client=ClientInfo()
        )

    return change


def emails(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return sorted(connection.execute(text("SELECT email FROM users")).scalars())


def test_two_coaches_taking_one_email_at_once_the_later_gets_422_naming_email(
    engine: Engine, two_coaches: tuple[User, User]
) -> None:
    ana, ben = two_coaches

    refused = race(engine, claim(ana), claim(ben))

    assert isinstance(refused, InvalidInput)
    assert [problem.field for problem in refused.problems] == ["email"]
    assert emails(engine) == ["ben@example.com", CLAIMED]


def test_two_accounts_made_with_one_email_at_once_the_later_gets_409(engine: Engine) -> None:
    def create(name: str) -> Callable[[Session], object]:
        return lambda session: accounts.create(session, email=CLAIMED, name=name, password=PASSWORD)

    refused = race(engine, create("Ana"), create("Ben"))

    assert isinstance(refused, Conflict)
    assert emails(engine) == [CLAIMED]
