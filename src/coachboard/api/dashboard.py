from typing import Annotated

from fastapi import Query

from coachboard.accounts.time_zones import today_for
from coachboard.api.dependencies import CurrentCoach
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.schemas import Day
from coachboard.dashboard import service
from coachboard.dashboard.schemas import Dashboard

router = api_router(tags=["dashboard"])


@router.get("/dashboard", response_model=Dashboard)
def read_dashboard(
    session: DbSession,
    coach: CurrentCoach,
    start: Annotated[
        Day | None,
        Query(
            alias="date",
            description="The window's first day, YYYY-MM-DD; by default today in the coach's "
            "time zone.",
        ),
    ] = None,
    days: Annotated[
        int,
        Query(ge=1, le=service.MAX_DAYS, description="The window's length in days."),
    ] = service.DEFAULT_DAYS,
) -> Dashboard:
    """The coach's week over their active (not archived) clients: overdue and due open
    commitments with their first outcomes, sessions in the window, goals at risk and clients
    gone quiet. Each list holds at most 100 items and gives its total."""
    return service.get(session, coach=coach, start=start or today_for(coach), days=days)
