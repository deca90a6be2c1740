"""The progress and health rules, as a table of cases read back from the database (both
backends), with `today` pinned."""

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate, ClientUpdate
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentCreate
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalCreate
from coachboard.models.accounts import User
from coachboard.models.targets import Target
from coachboard.progress import service as progress
from coachboard.progress.schemas import Health, Progress
from coachboard.sprints import service as sprints
from coachboard.sprints.schemas import SprintCreate
from coachboard.targets import service as targets
from coachboard.targets.schemas import TargetCreate
from tests.querycount import count_statements

TODAY = date(2026, 3, 1)


class Builder:
    """Records of one client, each made through its service."""

    def __init__(self, db: Session, coach: User) -> None:
        self.db, self.coach = db, coach
        self.client_id = clients.create(db, coach=coach, fields=ClientCreate(name="Dana")).id
        self.ids: dict[str, Any] = {}

    def goal(self, name: str, status: str = "active", target_date: date | None = None) -> None:
        fields = GoalCreate(title=name, status=status, target_date=target_date)
        made = goals.create(self.db, coach=self.coach, client_id=self.client_id, fields=fields)
        self.ids[name] = made.id

    def sprint(self, name: str, start: date, end: date, status: str = "active") -> None:
        fields = SprintCreate(title=name, start_date=start, end_date=end, status=status)
        made = sprints.create(self.db, coach=self.coach, client_id=self.client_id, fields=fields)
        self.ids[name] = made.id

    def outcome(
        self, name: str, goals: tuple[str, ...] = (), sprints: tuple[str, ...] = (), **extra: Any
    ) -> None:
        fields = TargetCreate(
            title=name,
            goal_ids=[self.ids[g] for g in goals],
            sprint_ids=[self.ids[s] for s in sprints],
            **extra,
        )
        made = targets.create(self.db, coach=self.coach, client_id=self.client_id, fields=fields)
        self.ids[name] = made.id

    def commitment(self, status: str, *outcomes: str, due: date | None = None) -> None:
        fields = CommitmentCreate(
            title=f"{status} commitment",
            status=status,
            due_date=due,
            target_ids=[self.ids[o] for o in outcomes],
        )
        commitments.create(self.db, coach=self.coach, client_id=self.client_id, fields=fields)


@pytest.fixture
def built(db: Session, coach: User) -> Builder:
    b = Builder(db, coach)
    created = date.today()  # a goal starts on the day it is made; its end is set from there
    # An outcome under two goals counts in both.
    b.goal("shared 1")
    b.goal("shared 2", target_date=created + timedelta(days=100))
    b.outcome("o shared", goals=("shared 1", "shared 2"))
    b.commitment("done", "o shared")
    b.commitment("open", "o shared")
    b.outcome("o no commitments", goals=("shared 1",))
    # A commitment under two outcomes of one goal counts once in the goal's counts.
    b.goal("twice")
    b.sprint("twice sprint", date(2026, 2, 1), date(2026, 3, 31))
    b.outcome("o a", goals=("twice",), sprints=("twice sprint",))
    b.outcome("o b", goals=("twice",), sprints=("twice sprint",))
    b.commitment("done", "o a", "o b")
    b.commitment("open", "o a")
    # Dropped commitments and outcomes count nowhere.
    b.goal("with dropped")
    b.outcome("o live", goals=("with dropped",), sprints=("twice sprint",))
    b.commitment("done", "o live")
    b.commitment("open", "o live")
    b.commitment("dropped", "o live")
    b.outcome("o dropped", goals=("with dropped",), sprints=("twice sprint",), status="dropped")
    b.commitment("done", "o dropped")
    # No outcome: no value; an achieved goal is 1 whatever its outcomes say.
    b.goal("empty")
    b.goal("achieved", status="achieved")
    b.outcome("o behind", goals=("achieved",))
    b.commitment("open", "o behind")
    b.goal("dropped", status="dropped")
    # An achieved outcome is 1 whatever its commitments say; each outcome weighs the same.
    b.goal("mixed")
    b.outcome("o achieved", goals=("mixed",), status="achieved")
    b.commitment("open", "o achieved")
    b.commitment("open", "o achieved")
    b.outcome("o quarter", goals=("mixed",))
    b.commitment("done", "o quarter")
    for _ in range(3):
        b.commitment("open", "o quarter")
    # Sprints: none linked; completed; health against the elapsed share of the sprint (on
    # TODAY, 28 of 58 days have passed: 0.48 expected).
    b.sprint("empty sprint", date(2026, 2, 1), date(2026, 3, 31))
    b.sprint("completed sprint", date(2026, 2, 1), date(2026, 3, 31), status="completed")
    b.sprint("cancelled sprint", date(2026, 2, 1), date(2026, 3, 31), status="cancelled")
    for name, done, open_ in (("half", 1, 1), ("quarter", 1, 3), ("nothing", 0, 1)):
        b.sprint(f"{name} sprint", date(2026, 2, 1), date(2026, 3, 31))
        b.outcome(f"o {name}", sprints=(f"{name} sprint",))
        for _ in range(done):
            b.commitment("done", f"o {name}")
        for _ in range(open_):
            b.commitment("open", f"o {name}", due=TODAY)  # due today: not overdue yet
    b.sprint("overdue sprint", date(2026, 2, 1), date(2026, 3, 31))
    b.outcome("o overdue", sprints=("overdue sprint",))
    b.commitment("done", "o overdue")
    b.commitment("open", "o overdue", due=TODAY - timedelta(days=1))
    b.commitment("dropped", "o overdue", due=TODAY - timedelta(days=9))  # dropped: never late
    b.sprint("future sprint", date(2026, 4, 1), date(2026, 5, 1), status="planned")
    b.outcome("o future", sprints=("future sprint",))
    b.commitment("open", "o future")
    return b


# name: (value, done, total)
OUTCOMES = {
    "o shared": (0.5, 1, 2),
    "o no commitments": (0.0, 0, 0),
    "o a": (0.5, 1, 2),
    "o b": (1.0, 1, 1),
    "o live": (0.5, 1, 2),
    "o dropped": (1.0, 1, 1),
    "o achieved": (1.0, 0, 2),
    "o quarter": (0.25, 1, 4),
}

# name: (value, done, total, outcomes achieved, outcomes in all, health); shared 2's target is
# 100 days after its creation and TODAY is pinned 50 days in: 0.5 expected.
GOALS = {
    "shared 1": (0.25, 1, 2, 0, 2, Health.on_track),  # no target date: nothing expected yet
    "shared 2": (0.5, 1, 2, 0, 1, Health.on_track),
    "twice": (0.75, 1, 2, 0, 2, Health.on_track),
    "with dropped": (0.5, 1, 2, 0, 1, Health.on_track),
    "empty": (None, 0, 0, 0, 0, Health.no_data),
    "achieved": (1.0, 0, 1, 0, 1, Health.done),
    "dropped": (None, 0, 0, 0, 0, Health.no_data),
    "mixed": (0.625, 1, 6, 1, 2, Health.on_track),
}

SPRINTS = {
    "twice sprint": (0.5, 2, 4, 0, 3, Health.on_track),  # a, b and live; the dropped one not
    "empty sprint": (None, 0, 0, 0, 0, Health.no_data),
    "completed sprint": (None, 0, 0, 0, 0, Health.done),
    "cancelled sprint": (None, 0, 0, 0, 0, Health.no_data),
    "half sprint": (0.5, 1, 2, 0, 1, Health.on_track),
    "quarter sprint": (0.25, 1, 4, 0, 1, Health.at_risk),
    "nothing sprint": (0.0, 0, 1, 0, 1, Health.off_track),
    "overdue sprint": (0.5, 1, 2, 0, 1, Health.at_risk),  # on track, but one is overdue
    "future sprint": (0.0, 0, 1, 0, 1, Health.on_track),  # not started: nothing expected
}


@pytest.mark.parametrize("name", OUTCOMES)
def test_outcome_progress(built: Builder, db: Session, name: str) -> None:
    target_id = built.ids[name]
    read_together = progress.all_of(db, target_ids=[target_id], today=TODAY).targets[target_id]
    row = db.execute(
        select(Target.status, *progress.OUTCOME_FIGURES).where(Target.id == target_id)
    ).one()
    read_with_its_row = progress.outcome_progress(row)
    for found in (read_together, read_with_its_row):
        assert (found.value, found.commitments_done, found.commitments_total) == OUTCOMES[name]


def test_goal_progress_and_health_table(built: Builder, db: Session) -> None:
    today = date.today() + timedelta(days=50)
    found = progress.goals(db, [built.ids[name] for name in GOALS], today=today)
    table = {
        name: (
            found[built.ids[name]].progress.value,
            found[built.ids[name]].progress.commitments_done,
            found[built.ids[name]].progress.commitments_total,
            found[built.ids[name]].outcomes_achieved,
            found[built.ids[name]].outcomes_total,
            found[built.ids[name]].health,
        )
        for name in GOALS
    }
    assert table == GOALS


def test_sprint_progress_and_health_table(built: Builder, db: Session) -> None:
    found = progress.sprints(db, [built.ids[name] for name in SPRINTS], today=TODAY)
    table = {
        name: (
            found[built.ids[name]].progress.value,
            found[built.ids[name]].progress.commitments_done,
            found[built.ids[name]].progress.commitments_total,
            found[built.ids[name]].outcomes_achieved,
            found[built.ids[name]].outcomes_total,
            found[built.ids[name]].health,
        )
        for name in SPRINTS
    }
    assert table == SPRINTS


def test_a_goal_late_on_its_schedule_is_at_risk_then_off_track(built: Builder, db: Session) -> None:
    goal_id = built.ids["shared 2"]  # 0.5 done, 100 days long
    start = date.today()
    by_day = {
        days: progress.goals(db, [goal_id], today=start + timedelta(days=days))[goal_id].health
        for days in (0, 60, 70, 80, 100, 200)
    }
    assert by_day == {
        0: Health.on_track,
        60: Health.on_track,  # 0.6 expected, 0.1 behind
        70: Health.at_risk,
        80: Health.off_track,  # 0.8 expected, 0.3 behind
        100: Health.off_track,
        200: Health.off_track,
    }


def test_each_set_is_read_in_one_statement(built: Builder, db: Session) -> None:
    goal_ids = [built.ids[name] for name in GOALS]
    sprint_ids = [built.ids[name] for name in SPRINTS]
    target_ids = [built.ids[name] for name in OUTCOMES]
    engine = db.get_bind()
    with count_statements(engine) as log:  # type: ignore[arg-type]
        progress.goals(db, goal_ids, today=TODAY)
        progress.sprints(db, sprint_ids, today=TODAY)
        progress.all_of(db, target_ids=target_ids, today=TODAY)
    assert log.count == 3


@pytest.mark.parametrize(
    ("value", "expected_share", "overdue", "health"),
    [
        (0.5, 0.5, False, Health.on_track),
        (0.4, 0.5, False, Health.on_track),
        (0.39, 0.5, False, Health.at_risk),
        (0.25, 0.5, False, Health.at_risk),
        (0.24, 0.5, False, Health.off_track),
        (0.9, 0.5, True, Health.at_risk),
        (0.3, 0.5, True, Health.at_risk),
        (0.1, 0.5, True, Health.off_track),
        (0.0, 0.0, False, Health.on_track),
        (1.0, 0.9, True, Health.done),
    ],
)
def test_health_rule(value: float, expected_share: float, overdue: bool, health: Health) -> None:
    start = date(2026, 1, 1)
    end = start + timedelta(days=100)
    today = start + timedelta(days=round(expected_share * 100))
    found = progress.health_of(
        value=value,
        finished=False,
        abandoned=False,
        start=start,
        end=end,
        overdue=overdue,
        today=today,
    )
    assert found == health


def test_goals_outcomes_and_sprints_read_together_agree_with_each_kind_alone(
    built: Builder, db: Session
) -> None:
    goal_ids = [built.ids[name] for name in GOALS]
    sprint_ids = [built.ids[name] for name in SPRINTS]
    target_ids = [built.ids[name] for name in OUTCOMES]
    engine = db.get_bind()
    with count_statements(engine) as log:  # type: ignore[arg-type]
        together = progress.all_of(
            db, goal_ids=goal_ids, target_ids=target_ids, sprint_ids=sprint_ids, today=TODAY
        )
    assert log.count == 1
    assert together.goals == progress.goals(db, goal_ids, today=TODAY)
    assert together.sprints == progress.sprints(db, sprint_ids, today=TODAY)
    assert together.targets == progress.all_of(db, target_ids=target_ids, today=TODAY).targets


def test_goals_at_risk_lists_the_coachs_active_clients_goals_behind_worst_first(
    db: Session, coach: User, other_coach: User
) -> None:
    made = date.today()
    ours, archived, theirs = Builder(db, coach), Builder(db, coach), Builder(db, other_coach)
    for builder in (ours, archived, theirs):
        # 100 days long, 80 in on TODAY below: 0.8 expected.
        builder.goal("behind", target_date=made + timedelta(days=100))
        builder.outcome("o behind", goals=("behind",))
        builder.commitment("open", "o behind")  # 0 done: off track
    ours.goal("a little behind", target_date=made + timedelta(days=100))
    ours.outcome("o little", goals=("a little behind",))
    for status in ("done", "done", "done", "open", "open"):  # 0.6 done: at risk
        ours.commitment(status, "o little")
    ours.goal("on time", target_date=made + timedelta(days=100))
    ours.outcome("o on time", goals=("on time",), status="achieved")
    ours.goal("no outcome", target_date=made + timedelta(days=100))
    ours.goal("given up", status="dropped", target_date=made + timedelta(days=100))
    ours.outcome("o given up", goals=("given up",))
    ours.commitment("open", "o given up")
    clients.update(
        db, coach=coach, client_id=archived.client_id, fields=ClientUpdate(status="archived")
    )
    today = made + timedelta(days=80)

    engine = db.get_bind()
    with count_statements(engine) as log:  # type: ignore[arg-type]
        found, total = progress.goals_at_risk(db, coach=coach, today=today)
    assert log.count == 2
    assert total == 2
    assert [(goal.title, goal.client_id, goal.rollup.health) for goal in found] == [
        ("behind", ours.client_id, Health.off_track),
        ("a little behind", ours.client_id, Health.at_risk),
    ]
    assert found[1].rollup.progress == Progress(value=0.6, commitments_done=3, commitments_total=5)
    assert found[0].client_name == "Dana"

    first, total = progress.goals_at_risk(db, coach=coach, today=today, limit=1)
    assert ([goal.title for goal in first], total) == (["behind"], 2)
