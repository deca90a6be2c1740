"""A stored moment as a coach reads it: on their clock, named; one at the calendar's very ends
(kept before input was bounded) in UTC, never an error page."""

from datetime import datetime

from coachboard.models.accounts import User
from coachboard.web.templating import coach_time


def test_a_moment_is_shown_on_the_coachs_clock_with_its_zone() -> None:
    coach = User(time_zone="Asia/Tokyo")
    assert coach_time(datetime(2026, 12, 7, 3, 52), coach) == "7 Dec 2026, 12:52 (Asia/Tokyo)"


def test_a_moment_no_clock_west_of_utc_can_hold_is_shown_in_utc() -> None:
    coach = User(time_zone="America/Los_Angeles")
    assert coach_time(datetime(1, 1, 1, 0, 10), coach) == "1 Jan 1, 00:10 (UTC)"
