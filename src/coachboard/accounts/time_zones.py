"""A coach's time zone: what "today" is for them, wherever the server runs."""

import difflib
import os
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from coachboard.models.accounts import User


def is_time_zone(name: str) -> bool:
    """Whether name is an IANA time zone this server knows ("Europe/Berlin", "UTC")."""
    return name in _known_time_zones() or name == "UTC"


@cache
def _known_time_zones() -> frozenset[str]:
    # available_timezones() walks the zone database's files on every call: about a tenth of
    # the time of a request that sets a zone (making an account, the profile form).
    return frozenset(available_timezones())


@cache
def time_zone_names() -> list[str]:
    """Every zone is_time_zone accepts, sorted: what a zone field offers."""
    return sorted(_known_time_zones() | {"UTC"})


def similar_time_zones(name: str, count: int = 3) -> list[str]:
    """Known zones whose names are close to `name`, case aside ("europe/berlim": Europe/Berlin),
    for a refusal that helps."""
    by_folded = {zone.casefold(): zone for zone in time_zone_names()}
    close = difflib.get_close_matches(name.strip().casefold(), by_folded, n=count, cutoff=0.6)
    return [by_folded[folded] for folded in close]


LOCALTIME = Path("/etc/localtime")


def machine_time_zone() -> str:
    """This machine's own zone, where it names one: TZ ("Europe/Berlin", or ":Europe/Berlin"),
    else the zone file /etc/localtime links to. Else UTC: a copied zone file, or an offset such
    as TZ="CET-1", names no IANA zone, and a guess would put a coach on the wrong clock."""
    variable = os.environ.get("TZ", "").removeprefix(":")
    if variable:
        return variable if is_time_zone(variable) else "UTC"
    if LOCALTIME.is_symlink():
        _, found, name = str(LOCALTIME.resolve()).partition("/zoneinfo/")
        if found and is_time_zone(name):
            return name
    return "UTC"


def zone_of(coach: User) -> ZoneInfo:
    """The coach's time zone (UTC when the stored name is unknown)."""
    return zone_named(coach.time_zone)


def zone_named(name: str) -> ZoneInfo:
    """The time zone of a stored name (UTC when the name is unknown)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def today_for(coach: User) -> date:
    """Today's date in the coach's time zone (UTC when the stored name is unknown)."""
    return datetime.now(zone_of(coach)).date()


def day_start_for(coach: User, day: date) -> datetime:
    """When the day begins in the coach's time zone, as a naive UTC time like the stored ones
    (created_at): "made before that day" compares with it."""
    start = datetime.combine(day, time(), tzinfo=zone_of(coach))
    try:
        return start.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        # A day stored at the calendar's very ends (input keeps to 1900-2999) begins outside
        # it in UTC: before or after every stored moment.
        return datetime.min if day.year == 1 else datetime.max
