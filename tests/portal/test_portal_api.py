"""The client's JSON API under /api/v1/portal: their own records, in the coach's shapes less
every private field, paged; their commitments marked done or open again."""

import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.accounts.events import EventKind
from coachboard.accounts.time_zones import today_for
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentUpdate
from coachboard.models.accounts import AccountEvent, User
from tests.api.conftest import API, Estate

PORTAL = f"{API}/portal"
KINDS = ("goals", "targets", "sprints", "commitments", "sessions")


def ids_of(answer: dict) -> set[str]:
    return {item["id"] for item in answer["items"]}


@pytest.mark.parametrize("kind", KINDS)
def test_each_list_holds_the_clients_own_records_only(
    own_api: TestClient, own: Estate, neighbour: Estate, kind: str
) -> None:
    answer = own_api.get(f"{PORTAL}/{kind}")

    assert answer.status_code == 200
    body = answer.json()
    own_ids = {str(i) for i in getattr(own, f"{kind[:-1]}_ids")}
    assert ids_of(body) == own_ids
    assert body["total"] == len(own_ids)


@pytest.mark.parametrize("kind", KINDS)
def test_each_list_is_paged_like_the_coachs(own_api: TestClient, kind: str) -> None:
    first = own_api.get(f"{PORTAL}/{kind}", params={"limit": 1}).json()
    rest = own_api.get(f"{PORTAL}/{kind}", params={"limit": 1, "offset": 1}).json()

    assert len(first["items"]) == 1
    assert ids_of(first).isdisjoint(ids_of(rest))
    assert first["total"] == rest["total"]
    assert own_api.get(f"{PORTAL}/{kind}", params={"limit": 101}).status_code == 422


def test_the_shapes_are_the_coachs_less_the_private_fields(
    own_api: TestClient, api: TestClient, own: Estate
) -> None:
    mine = own_api.get(f"{PORTAL}/sessions").json()["items"][0]
    coachs = api.get(f"{API}/clients/{own.client_id}/sessions").json()["items"][0]

    assert "notes" in coachs and "notes" not in mine
    assert {k: v for k, v in coachs.items() if k in mine} == mine
    goal = own_api.get(f"{PORTAL}/goals").json()["items"][0]
    assert {"progress", "health", "outcomes_total"} <= goal.keys()
    for kind in KINDS:
        for item in own_api.get(f"{PORTAL}/{kind}").json()["items"]:
            assert not {"meta", "metadata", "notes"} & item.keys()


def test_overdue_is_marked_on_the_clients_today(
    db: Session, own_api: TestClient, own: Estate, own_account: User
) -> None:
    yesterday = today_for(own_account) - timedelta(days=1)
    commitments.update(
        db,
        coach=own.coach,
        commitment_id=own.commitment_ids[0],
        fields=CommitmentUpdate(due_date=yesterday),
    )

    items = own_api.get(f"{PORTAL}/commitments").json()["items"]

    overdue = {item["id"]: item["overdue"] for item in items}
    assert overdue == {str(own.commitment_ids[0]): True, str(own.commitment_ids[1]): False}


def test_a_client_marks_their_commitment_done_and_open_again_as_its_author(
    db: Session, own_api: TestClient, own: Estate, own_account: User
) -> None:
    commitment_id = own.commitment_ids[0]

    done = own_api.post(f"{PORTAL}/commitments/{commitment_id}/done")
    again = own_api.post(f"{PORTAL}/commitments/{commitment_id}/done")

    assert done.status_code == 200 and done.json()["status"] == "done"
    assert done.json()["completed_at"] is not None
    assert again.json()["status"] == "done"
    coachs = commitments.get(db, coach=own.coach, commitment_id=commitment_id)
    assert coachs.status == "done"
    reopened = own_api.post(f"{PORTAL}/commitments/{commitment_id}/reopen")
    assert reopened.json()["status"] == "open" and reopened.json()["completed_at"] is None
    kinds = db.scalars(
        select(AccountEvent.kind)
        .where(AccountEvent.user_id == own_account.id, AccountEvent.kind.like("commitment_%"))
        .order_by(AccountEvent.at)
    ).all()
    # The second "done" changed nothing, so recorded nothing.
    assert sorted(kinds) == sorted([EventKind.COMMITMENT_DONE, EventKind.COMMITMENT_REOPENED])


def test_a_commitment_the_coach_dropped_stays_dropped(
    db: Session, own_api: TestClient, own: Estate
) -> None:
    commitment_id = own.commitment_ids[0]
    commitments.update(
        db, coach=own.coach, commitment_id=commitment_id, fields=CommitmentUpdate(status="dropped")
    )

    answer = own_api.post(f"{PORTAL}/commitments/{commitment_id}/done")

    assert answer.status_code == 409
    assert commitments.get(db, coach=own.coach, commitment_id=commitment_id).status == "dropped"


@pytest.mark.parametrize("action", ["done", "reopen"])
def test_another_clients_commitment_is_not_found_and_unchanged(
    db: Session, own_api: TestClient, neighbour: Estate, other_estate: Estate, action: str
) -> None:
    for commitment_id in (
        neighbour.commitment_ids[0],
        other_estate.commitment_ids[0],
        uuid.uuid4(),
    ):
        answer = own_api.post(f"{PORTAL}/commitments/{commitment_id}/{action}")
        assert answer.status_code == 404
    assert (
        commitments.get(db, coach=neighbour.coach, commitment_id=neighbour.commitment_ids[0]).status
        == "open"
    )


def test_two_clients_of_one_coach_see_nothing_of_each_other(
    own_api: TestClient, neighbour_api: TestClient, own: Estate, neighbour: Estate
) -> None:
    for kind in KINDS:
        mine = ids_of(own_api.get(f"{PORTAL}/{kind}").json())
        theirs = ids_of(neighbour_api.get(f"{PORTAL}/{kind}").json())
        assert mine and theirs and mine.isdisjoint(theirs)
    neighbours = neighbour_api.get(f"{PORTAL}/commitments").text
    assert str(own.client_id) not in neighbours and "Dana" not in neighbours


@pytest.mark.parametrize("kind", KINDS)
def test_a_coach_calling_a_portal_route_gets_404(api: TestClient, kind: str) -> None:
    assert api.get(f"{PORTAL}/{kind}").status_code == 404


def test_a_coach_cannot_mark_through_the_portal(api: TestClient, own: Estate) -> None:
    answer = api.post(f"{PORTAL}/commitments/{own.commitment_ids[0]}/done")

    assert answer.status_code == 404


def test_the_coach_sees_what_the_client_marked_in_the_changed_by_client_filter(
    api: TestClient, own_api: TestClient, own: Estate
) -> None:
    changed = {"changed_by_client": "since_last_session"}
    coachs_list = f"{API}/clients/{own.client_id}/commitments"
    assert api.get(coachs_list, params=changed).json()["total"] == 0

    own_api.post(f"{PORTAL}/commitments/{own.commitment_ids[0]}/done").raise_for_status()

    seen = api.get(coachs_list, params=changed).json()
    assert [item["id"] for item in seen["items"]] == [str(own.commitment_ids[0])]


def test_a_client_reads_the_shared_notes_of_their_sessions_and_never_the_private_ones(
    api: TestClient, own_api: TestClient, own: Estate
) -> None:
    session_id = own.session_ids[0]
    api.patch(
        f"{API}/sessions/{session_id}",
        json={"notes": "private: only the coach", "shared_notes": "Shared: read chapter 3"},
    ).raise_for_status()

    (mine,) = [
        item
        for item in own_api.get(f"{PORTAL}/sessions").json()["items"]
        if item["id"] == str(session_id)
    ]

    assert mine["shared_notes"] == "Shared: read chapter 3"
    assert "only the coach" not in str(mine)
