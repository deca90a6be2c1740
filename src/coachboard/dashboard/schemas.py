import datetime
import uuid
from datetime import date
from typing import Literal

from pydantic import Field

from coachboard.core.pagination import Page
from coachboard.core.schemas import LinkSummary, OutputModel
from coachboard.progress.schemas import HEALTH_RULE, OutcomesAchieved, OutcomesTotal, Progress
from coachboard.sessions.schemas import DURATION, MEETING_URL, START_TIME, TIME_ZONE, StartTime


class ClientRef(OutputModel):
    """The client an item belongs to, enough to name it and link to it."""

    id: uuid.UUID
    name: str


class DashboardCommitment(OutputModel):
    id: uuid.UUID
    title: str
    due_date: date
    client: ClientRef
    session_id: uuid.UUID | None
    targets: list[LinkSummary] = Field(
        description="The outcomes it serves, in link order: the first few only (see targets_total)."
    )
    targets_total: int = Field(description="How many outcomes it is linked to in all.")


class DashboardSession(OutputModel):
    id: uuid.UUID
    session_date: date
    title: str
    client: ClientRef
    start_time: StartTime | None = Field(description=START_TIME)
    time_zone: str = Field(description=TIME_ZONE)
    duration_minutes: int = Field(description=DURATION)
    meeting_url: str | None = Field(description=MEETING_URL)


class GoalAtRisk(OutputModel):
    goal: LinkSummary
    client: ClientRef
    target_date: date | None
    health: Literal["at_risk", "off_track"] = Field(description=HEALTH_RULE)
    progress: Progress
    outcomes_achieved: OutcomesAchieved
    outcomes_total: OutcomesTotal


class QuietClient(OutputModel):
    client: ClientRef
    last_session_date: date | None = Field(
        description="Its latest session, all before the quiet window; null when it has none."
    )


class Dashboard(OutputModel):
    """The coach's week over their active clients. Each list holds at most `limit` items,
    with `total` saying how many there are in all."""

    date: datetime.date = Field(
        description="The first day of the window (the coach's today unless given)."
    )
    days: int = Field(description="The window's length: it ends before date + days.")
    overdue: Page[DashboardCommitment] = Field(
        description="Open commitments due before date, oldest due first."
    )
    due: Page[DashboardCommitment] = Field(
        description="Open commitments due in [date, date + days), by due date."
    )
    sessions: Page[DashboardSession] = Field(
        description="Sessions in [date, date + days), by date (each on its own clock), all-day "
        "ones first, then by start time."
    )
    goals_at_risk: Page[GoalAtRisk] = Field(
        description="Goals of active clients whose health on date is at_risk or off_track, "
        "off_track first, then by target date (soonest first)."
    )
    quiet_clients: Page[QuietClient] = Field(
        description="Active clients with no session in the 30 days before date and none from "
        "date on; longest quiet first (never met first), then by name."
    )
