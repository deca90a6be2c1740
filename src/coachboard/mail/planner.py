"""Planning the scheduled messages (digest, reminders) that have come due."""

from datetime import datetime

from sqlalchemy.orm import Session


def plan(session: Session, now: datetime) -> None:
    """Queue every scheduled message whose due moment has come by `now` (naive UTC)."""
