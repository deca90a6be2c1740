"""The client's reflections and agenda topics through /api/v1/portal: written as the client,
read by the coach, scoped to the client's own records (another client's: 404), each problem
a 422 naming its field."""

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from coachboard.models.reflections import CommitmentReflection
from coachboard.models.topics import AgendaTopic
from tests.api.conftest import API, Estate

PORTAL = f"{API}/portal"


def problem_fields(answer) -> set[str]:
    return {str(problem["loc"][-1]) for problem in answer.json()["detail"]}


def texts(answer) -> list[str]:
    return [item["text"] for item in answer.json()["items"]]


def test_a_client_writes_a_reflection_the_coach_reads(
    db: Session, own_api: TestClient, api: TestClient, own: Estate, own_account: User
) -> None:
    commitment_id = own.commitment_ids[0]

    written = own_api.post(
        f"{PORTAL}/commitments/{commitment_id}/reflections",
        json={"text": "  Harder than I thought "},
    )

    assert written.status_code == 201
    assert set(written.json()) == {"id", "commitment_id", "text", "created_at"}
    assert written.json()["text"] == "Harder than I thought"
    mine = own_api.get(f"{PORTAL}/commitments/{commitment_id}/reflections").json()
    assert (texts_of := [i["text"] for i in mine["items"]]) == ["Harder than I thought"]
    assert mine["total"] == 1
    coachs = api.get(f"{API}/commitments/{commitment_id}/reflections").json()
    assert [i["text"] for i in coachs["items"]] == texts_of
    author = db.scalar(select(CommitmentReflection.author_user_id))
    assert author == own_account.id


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_a_blank_or_long_reflection_is_422_naming_text(
    own_api: TestClient, own: Estate, text: str
) -> None:
    answer = own_api.post(
        f"{PORTAL}/commitments/{own.commitment_ids[0]}/reflections", json={"text": text}
    )

    assert answer.status_code == 422 and "text" in problem_fields(answer)


def test_another_clients_commitment_has_no_reflections_for_you(
    db: Session, own_api: TestClient, neighbour: Estate, other_estate: Estate
) -> None:
    for commitment_id in (
        neighbour.commitment_ids[0],
        other_estate.commitment_ids[0],
        uuid.uuid4(),
    ):
        url = f"{PORTAL}/commitments/{commitment_id}/reflections"
        assert own_api.get(url).status_code == 404
        assert own_api.post(url, json={"text": "Mine now"}).status_code == 404
    assert db.scalar(select(CommitmentReflection.id)) is None


def test_a_client_adds_topics_in_order_with_their_priority(
    db: Session, own_api: TestClient, own: Estate, own_account: User
) -> None:
    added = own_api.post(f"{PORTAL}/topics", json={"text": "Delegating", "priority": "high"})
    default = own_api.post(f"{PORTAL}/topics", json={"text": "Sleep"})

    assert added.status_code == 201
    assert set(added.json()) == {"id", "text", "priority", "created_at"}
    assert (added.json()["priority"], default.json()["priority"]) == ("high", "medium")
    assert texts(own_api.get(f"{PORTAL}/topics")) == ["Sore knees", "Delegating", "Sleep"]
    topic = db.get_one(AgendaTopic, uuid.UUID(added.json()["id"]))
    assert (topic.client_id, topic.author_user_id) == (own.client_id, own_account.id)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "x" * 501}, "text"),
        ({"text": "A", "priority": "urgent"}, "priority"),
    ],
)
def test_a_bad_topic_is_422_naming_its_field(own_api: TestClient, body: dict, field: str) -> None:
    answer = own_api.post(f"{PORTAL}/topics", json=body)

    assert answer.status_code == 422 and field in problem_fields(answer)


def test_a_client_reorders_their_waiting_topics(own_api: TestClient, own: Estate) -> None:
    second = own_api.post(f"{PORTAL}/topics", json={"text": "Delegating"}).json()["id"]

    answer = own_api.put(f"{PORTAL}/topics", json={"ids": [second, str(own.topic_ids[0])]})

    assert answer.status_code == 200 and texts(answer) == ["Delegating", "Sore knees"]
    assert texts(own_api.get(f"{PORTAL}/topics")) == ["Delegating", "Sore knees"]


def test_an_order_that_is_not_exactly_your_waiting_topics_is_422_naming_ids(
    own_api: TestClient, own: Estate, neighbour: Estate
) -> None:
    mine, theirs = str(own.topic_ids[0]), str(neighbour.topic_ids[0])

    for ids in ([], [mine, mine], [mine, theirs], [theirs]):
        answer = own_api.put(f"{PORTAL}/topics", json={"ids": ids})
        assert answer.status_code == 422 and "ids" in problem_fields(answer), ids


def test_a_client_withdraws_a_topic_once_and_again_without_error(
    own_api: TestClient, own: Estate
) -> None:
    url = f"{PORTAL}/topics/{own.topic_ids[0]}"

    assert own_api.delete(url).status_code == 204
    assert own_api.delete(url).status_code == 204
    assert texts(own_api.get(f"{PORTAL}/topics")) == []


def test_another_clients_topic_cannot_be_withdrawn(
    db: Session, own_api: TestClient, neighbour: Estate, other_estate: Estate
) -> None:
    for topic_id in (neighbour.topic_ids[0], other_estate.topic_ids[0], uuid.uuid4()):
        assert own_api.delete(f"{PORTAL}/topics/{topic_id}").status_code == 404
    assert db.get_one(AgendaTopic, neighbour.topic_ids[0]).status == "open"


def test_two_clients_of_one_coach_see_only_their_own_topics(
    own_api: TestClient, neighbour_api: TestClient
) -> None:
    own_api.post(f"{PORTAL}/topics", json={"text": "Mine only"})

    assert "Mine only" not in texts(neighbour_api.get(f"{PORTAL}/topics"))


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/topics"), ("POST", "/topics"), ("PUT", "/topics")],
)
def test_a_coach_gets_404_from_the_topic_routes(api: TestClient, method: str, path: str) -> None:
    assert api.request(method, f"{PORTAL}{path}", json={"text": "x", "ids": []}).status_code == 404
