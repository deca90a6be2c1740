"""A reset link is used at most once, also by two requests at the same moment."""

import threading
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.core.actor import ClientInfo
from coachboard.core.database import unit_of_work
from coachboard.core.errors import NotFound
from coachboard.models.accounts import User


def test_two_concurrent_uses_of_one_reset_link_set_the_password_once(
    engine: Engine, db: Session, coach: User
) -> None:
    token = accounts.create_reset_link(db, user=coach, lifetime=timedelta(hours=1))
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def use(password: str) -> None:
        start.wait()
        try:
            with unit_of_work(engine) as session:
                accounts.reset_password(
                    session, token=token, password=password, client=ClientInfo()
                )
            outcomes.append(password)
        except NotFound:
            outcomes.append("refused")

    threads = [
        threading.Thread(target=use, args=(password,))
        for password in ("first-new-secret-1", "second-new-secret-2")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("refused") == 1
    winner = next(outcome for outcome in outcomes if outcome != "refused")
    db.expire_all()
    assert accounts.authenticate(db, email=coach.email, password=winner)
