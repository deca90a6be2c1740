"""clients.service.overviews: the client list's counts, in one SQL statement for any number."""

from datetime import date, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate, ClientStatus, ClientUpdate
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentCreate, CommitmentStatus
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalCreate, GoalStatus
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.targets import service as targets
from coachboard.targets.schemas import TargetCreate, TargetStatus
from tests.querycount import count_statements

WEDNESDAY = date(2026, 3, 11)
SUNDAY = date(2026, 3, 15)


def add_client(db: Session, coach: User, name: str) -> Client:
    return clients.create(db, coach=coach, fields=ClientCreate(name=name))


def add_goal(db: Session, coach: User, client: Client, status: GoalStatus) -> None:
    fields = GoalCreate(title=f"{status} goal", status=status)
    goals.create(db, coach=coach, client_id=client.id, fields=fields)


def add_outcome(db: Session, coach: User, client: Client, status: TargetStatus) -> None:
    fields = TargetCreate(title=f"{status} outcome", status=status)
    targets.create(db, coach=coach, client_id=client.id, fields=fields)


def add_commitment(
    db: Session, coach: User, client: Client, due: date | None, status=CommitmentStatus.open
) -> None:
    fields = CommitmentCreate(title=f"due {due}", due_date=due, status=status)
    commitments.create(db, coach=coach, client_id=client.id, fields=fields)


def test_counts_active_goals_open_targets_and_open_commitments_due_this_week_or_overdue(
    db: Session, coach: User
) -> None:
    dana = add_client(db, coach, "Dana")
    for status in GoalStatus:
        add_goal(db, coach, dana, status)
    add_goal(db, coach, dana, GoalStatus.active)
    for status in TargetStatus:
        add_outcome(db, coach, dana, status)
    add_commitment(db, coach, dana, WEDNESDAY)  # today: due this week
    add_commitment(db, coach, dana, SUNDAY)  # the week's last day
    add_commitment(db, coach, dana, SUNDAY + timedelta(days=1))  # next week
    add_commitment(db, coach, dana, WEDNESDAY - timedelta(days=1))  # overdue
    add_commitment(db, coach, dana, WEDNESDAY - timedelta(days=30))  # overdue
    add_commitment(db, coach, dana, None)  # no due date
    add_commitment(db, coach, dana, WEDNESDAY, CommitmentStatus.done)
    add_commitment(db, coach, dana, WEDNESDAY - timedelta(days=2), CommitmentStatus.dropped)

    (overview,) = clients.overviews(db, coach=coach, today=WEDNESDAY)

    assert overview.client.id == dana.id
    assert (overview.active_goals, overview.open_targets) == (2, 2)
    assert (overview.due_this_week, overview.overdue) == (2, 2)


def test_on_sunday_this_week_is_only_today(db: Session, coach: User) -> None:
    dana = add_client(db, coach, "Dana")
    add_commitment(db, coach, dana, SUNDAY)
    add_commitment(db, coach, dana, SUNDAY + timedelta(days=1))

    (overview,) = clients.overviews(db, coach=coach, today=SUNDAY)

    assert (overview.due_this_week, overview.overdue) == (1, 0)


def test_a_client_with_nothing_yet_counts_zeros(db: Session, coach: User) -> None:
    add_client(db, coach, "Dana")

    (overview,) = clients.overviews(db, coach=coach, today=WEDNESDAY)

    assert (overview.active_goals, overview.open_targets) == (0, 0)
    assert (overview.due_this_week, overview.overdue) == (0, 0)


def test_only_the_coachs_own_clients_by_name_filtered_by_search_and_status(
    db: Session, coach: User, other_coach: User
) -> None:
    add_client(db, coach, "bea Brown")
    ari = add_client(db, coach, "Ari Able")
    add_client(db, other_coach, "Olga Other")
    clients.update(
        db, coach=coach, client_id=ari.id, fields=ClientUpdate(status=ClientStatus.archived)
    )

    names = [o.client.name for o in clients.overviews(db, coach=coach)]
    active = [o.client.name for o in clients.overviews(db, coach=coach, status=ClientStatus.active)]
    found = [o.client.name for o in clients.overviews(db, coach=coach, search=" ABLE ")]

    assert names == ["Ari Able", "bea Brown"]
    assert active == ["bea Brown"]
    assert found == ["Ari Able"]
    assert [o.client.name for o in clients.overviews(db, coach=other_coach)] == ["Olga Other"]


def test_one_sql_statement_for_the_whole_list_whatever_its_size(
    db: Session, engine: Engine, coach: User
) -> None:
    def statements_for_list() -> int:
        with count_statements(engine) as log:
            clients.overviews(db, coach=coach, today=WEDNESDAY)
        return log.count

    for name in ("A", "B"):
        client = add_client(db, coach, name)
        add_goal(db, coach, client, GoalStatus.active)
        add_commitment(db, coach, client, WEDNESDAY)
    few = statements_for_list()
    for number in range(20):
        client = add_client(db, coach, f"Client {number}")
        add_goal(db, coach, client, GoalStatus.active)
        add_outcome(db, coach, client, TargetStatus.in_progress)
        add_commitment(db, coach, client, WEDNESDAY - timedelta(days=1))

    assert len(clients.overviews(db, coach=coach)) == 22
    assert few == statements_for_list() == 1
