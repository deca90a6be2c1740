"""Migration c5f1e7a3d9b2 gives each session its own time zone: the zone its coach has at the
upgrade, so no session's moment changes. Its downgrade puts a session set on another clock at
the same moment on its coach's clock (which the older schema reads it on)."""

import uuid
from datetime import date, time

import sqlalchemy as sa

from coachboard.core.migrations import downgrade, upgrade
from tests.migrations.datasets import new_id, write_coach_and_client
from tests.migrations.inspection import connect

BEFORE = "b8d4f0a2c6e9"
REVISION = "c5f1e7a3d9b2"

users = sa.table("users", sa.column("id", sa.Uuid()), sa.column("time_zone", sa.String()))
sessions_before = sa.table(
    "coaching_sessions",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("session_date", sa.Date()),
    sa.column("start_time", sa.Time()),
)
sessions = sa.table(
    "coaching_sessions",
    *(sa.column(c.name, c.type) for c in sessions_before.columns),
    sa.column("time_zone", sa.String()),
)
DAY = date(2026, 3, 3)


def coach_in(connection: sa.Connection, zone: str) -> uuid.UUID:
    """A coach working in zone, and their one client (whose id is returned)."""
    coach_id, client_id = new_id(), new_id()
    write_coach_and_client(connection, coach_id=coach_id, client_id=client_id)
    connection.execute(sa.update(users).where(users.c.id == coach_id).values(time_zone=zone))
    return client_id


def stored(database_url: str) -> dict[uuid.UUID, tuple]:
    with connect(database_url) as engine, engine.connect() as connection:
        columns = [c for c in sessions.c if c.name != "client_id"]
        rows = connection.execute(sa.select(*columns)).all()
    return {row.id: tuple(row[1:]) for row in rows}


def test_upgrade_gives_each_session_its_coachs_zone(empty_database_url: str) -> None:
    upgrade(empty_database_url, BEFORE)
    berlin_session, tokyo_session = new_id(), new_id()
    with connect(empty_database_url) as engine, engine.begin() as connection:
        berlin, tokyo = coach_in(connection, "Europe/Berlin"), coach_in(connection, "Asia/Tokyo")
        connection.execute(
            sa.insert(sessions_before),
            [
                {"id": berlin_session, "client_id": berlin, "session_date": DAY,
                 "start_time": time(10)},
                {"id": tokyo_session, "client_id": tokyo, "session_date": DAY,
                 "start_time": None},
            ],
        )  # fmt: skip

    upgrade(empty_database_url, REVISION)

    assert stored(empty_database_url) == {
        berlin_session: (DAY, time(10), "Europe/Berlin"),
        tokyo_session: (DAY, None, "Asia/Tokyo"),
    }


def test_downgrade_puts_a_session_on_its_coachs_clock_at_the_same_moment(
    empty_database_url: str,
) -> None:
    upgrade(empty_database_url, REVISION)
    on_tokyo, on_own, all_day = new_id(), new_id(), new_id()
    with connect(empty_database_url) as engine, engine.begin() as connection:
        client = coach_in(connection, "Europe/Berlin")
        connection.execute(
            sa.insert(sessions),
            [
                # 07:30 in Tokyo is 22:30 UTC the day before: 23:30 in Berlin.
                {"id": on_tokyo, "client_id": client, "session_date": DAY,
                 "start_time": time(7, 30), "time_zone": "Asia/Tokyo"},
                {"id": on_own, "client_id": client, "session_date": DAY,
                 "start_time": time(10), "time_zone": "Europe/Berlin"},
                {"id": all_day, "client_id": client, "session_date": DAY,
                 "start_time": None, "time_zone": "Asia/Tokyo"},
            ],
        )  # fmt: skip

    downgrade(empty_database_url, BEFORE)
    with connect(empty_database_url) as engine, engine.connect() as connection:
        columns = [c for c in sessions_before.c if c.name != "client_id"]
        downgraded = {row.id: tuple(row[1:]) for row in connection.execute(sa.select(*columns))}
    upgrade(empty_database_url, REVISION)

    assert downgraded == {
        on_tokyo: (date(2026, 3, 2), time(23, 30)),
        on_own: (DAY, time(10)),
        all_day: (DAY, None),
    }
    # Upgraded again: on the coach's clock, the same moment as before the downgrade.
    assert stored(empty_database_url) == {
        on_tokyo: (date(2026, 3, 2), time(23, 30), "Europe/Berlin"),
        on_own: (DAY, time(10), "Europe/Berlin"),
        all_day: (DAY, None, "Europe/Berlin"),
    }
