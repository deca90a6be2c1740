"""The coach's topic routes: a session's topics, and marking one discussed, deferred or dropped."""

from datetime import date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.client_writes import Topics
from tests.commitments.records import Records
from tests.querycount import count_statements


def test_a_coach_reads_a_sessions_topics_and_marks_them(
    api: TestClient, db: Session, records: Records
) -> None:
    client = records.client()
    first = records.session(client, date(2026, 3, 2))
    second = records.session(client, date(2026, 3, 9))
    agenda = Topics(db, client)
    talked = agenda.add("Sleep", datetime(2026, 3, 1), priority="high")
    later = agenda.add("Diet", datetime(2026, 3, 1))

    listed = api.get(f"/api/v1/sessions/{first.id}/topics")
    discussed = api.post(f"/api/v1/topics/{talked.id}/status", json={"status": "discussed"})
    deferred = api.post(f"/api/v1/topics/{later.id}/status", json={"status": "deferred"})

    assert listed.status_code == 200
    assert [(t["text"], t["priority"], t["to_handle"]) for t in listed.json()["items"]] == [
        ("Sleep", "high", True),
        ("Diet", "medium", True),
    ]
    assert discussed.status_code == 200
    assert discussed.json()["status"] == "discussed"
    assert discussed.json()["session_id"] == str(first.id)
    assert deferred.json()["deferred_from_session_id"] == str(first.id)
    moved = api.get(f"/api/v1/sessions/{second.id}/topics").json()["items"]
    assert [(t["text"], t["status"], t["to_handle"]) for t in moved] == [("Diet", "deferred", True)]


def test_a_bad_status_is_refused_naming_the_field(
    api: TestClient, db: Session, records: Records
) -> None:
    client = records.client()
    records.session(client, date(2026, 3, 2))
    topic = Topics(db, client).add("Sleep", datetime(2026, 3, 1))

    answers = [
        api.post(f"/api/v1/topics/{topic.id}/status", json=body)
        for body in ({"status": "withdrawn"}, {"status": "open"}, {}, {"status": 3})
    ]

    assert [a.status_code for a in answers] == [422] * 4
    assert all(a.json()["detail"][0]["loc"] == ["body", "status"] for a in answers)


def test_a_topic_on_no_session_yet_is_a_conflict(
    api: TestClient, db: Session, records: Records
) -> None:
    client = records.client()
    topic = Topics(db, client).add("Sleep", datetime(2026, 3, 1))

    answer = api.post(f"/api/v1/topics/{topic.id}/status", json={"status": "dropped"})

    assert answer.status_code == 409


def test_another_coachs_session_and_topic_are_not_found(
    api: TestClient, other_api: TestClient, db: Session, records: Records
) -> None:
    client = records.client()
    coaching_session = records.session(client, date(2026, 3, 2))
    topic = Topics(db, client).add("Sleep", datetime(2026, 3, 1))

    listed = other_api.get(f"/api/v1/sessions/{coaching_session.id}/topics")
    marked = other_api.post(f"/api/v1/topics/{topic.id}/status", json={"status": "dropped"})

    assert (listed.status_code, marked.status_code) == (404, 404)
    own = api.get(f"/api/v1/sessions/{coaching_session.id}/topics").json()
    assert own["items"][0]["status"] == "open"


def test_a_sessions_topics_take_the_same_statements_however_many(
    api: TestClient, db: Session, engine: Engine, records: Records
) -> None:
    client = records.client()
    records.session(client, date(2026, 3, 2))
    coaching_session = records.session(client, date(2026, 3, 9))
    agenda = Topics(db, client)
    counts = {}
    for size, more in ((2, 2), (30, 28)):
        for n in range(more):
            agenda.add(f"Topic {n}", datetime(2026, 3, 5))
        with count_statements(engine) as log:
            found = api.get(f"/api/v1/sessions/{coaching_session.id}/topics").json()
        assert len(found["items"]) == found["total"] == size
        counts[size] = log.count

    assert counts[2] == counts[30]
