"""A coach's time zone: what "today" is for them, wherever the server runs."""

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from coachboard.accounts.models import User


def is_time_zone(name: str) -> bool:
    """Whether name is an IANA time zone this server knows ("Europe/Berlin", "UTC")."""
    return name in available_timezones() or name == "UTC"


def today_for(coach: User) -> date:
    """Today's date in the coach's time zone (UTC when the stored name is unknown)."""
    try:
        zone = ZoneInfo(coach.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return datetime.now(zone).date()
