from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.commitments.records import Records
from tests.querycount import count_statements


def test_a_coach_creates_reads_updates_and_deletes_a_session(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    created = api.post(
        f"/api/v1/clients/{client.id}/sessions",
        json={"session_date": "2026-03-02", "title": "Kick-off", "notes": "Talked about running"},
    )
    assert created.status_code == 201
    session_id = created.json()["id"]

    changed = api.patch(f"/api/v1/sessions/{session_id}", json={"title": "First session"})

    assert changed.status_code == 200
    body = api.get(f"/api/v1/sessions/{session_id}").json()
    assert body["title"] == "First session"
    assert body["notes"] == "Talked about running"
    assert body["session_date"] == "2026-03-02"
    assert body["client_id"] == str(client.id)
    assert body["commitment_ids"] == []
    assert api.delete(f"/api/v1/sessions/{session_id}").status_code == 204
    assert api.get(f"/api/v1/sessions/{session_id}").status_code == 404


def test_sessions_list_newest_first_then_by_id(api: TestClient, records: Records) -> None:
    client = records.client()
    older = records.session(client, date(2026, 1, 5))
    same_day = [records.session(client, date(2026, 2, 2)) for _ in range(3)]
    newest = records.session(client, date(2026, 3, 9))

    listing = api.get(f"/api/v1/clients/{client.id}/sessions").json()

    expected = [newest.id, *sorted(s.id for s in same_day), older.id]
    assert [item["id"] for item in listing["items"]] == [str(i) for i in expected]
    assert listing["total"] == 5
    page = api.get(f"/api/v1/clients/{client.id}/sessions", params={"limit": 2, "offset": 1})
    assert [item["id"] for item in page.json()["items"]] == [str(i) for i in expected[1:3]]
    assert page.json()["total"] == 5


def test_a_session_lists_the_commitments_agreed_in_it(api: TestClient, records: Records) -> None:
    client = records.client()
    session = records.session(client)
    later = records.commitment(client, "Later", session_id=session.id, due_date=date(2026, 5, 1))
    sooner = records.commitment(client, "Sooner", session_id=session.id, due_date=date(2026, 4, 1))
    records.commitment(client, "Not from this session")

    body = api.get(f"/api/v1/sessions/{session.id}").json()
    listed = api.get(f"/api/v1/clients/{client.id}/sessions").json()["items"][0]

    assert body["commitment_ids"] == [str(sooner.id), str(later.id)]
    assert listed["commitment_ids"] == body["commitment_ids"]


def test_deleting_a_session_keeps_its_commitments_without_a_session(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    session = records.session(client)
    commitment = records.commitment(client, session_id=session.id)

    assert api.delete(f"/api/v1/sessions/{session.id}").status_code == 204

    kept = api.get(f"/api/v1/commitments/{commitment.id}")
    assert kept.status_code == 200
    assert kept.json()["session_id"] is None
    assert kept.json()["title"] == commitment.title


def test_a_session_needs_a_date_and_refuses_unknown_fields(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    url = f"/api/v1/clients/{client.id}/sessions"

    missing = api.post(url, json={"title": "No date"})
    unknown = api.post(url, json={"session_date": "2026-03-02", "status": "done"})
    bad_date = api.post(url, json={"session_date": "2026-02-30"})

    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "session_date"]
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "status"]
    assert bad_date.status_code == 422
    assert api.get(url).json()["total"] == 0


def test_a_null_in_a_session_update_leaves_the_field_as_it_was(
    api: TestClient, records: Records
) -> None:
    session = records.session(records.client(), date(2026, 2, 2), title="Kick-off")

    response = api.patch(
        f"/api/v1/sessions/{session.id}", json={"session_date": None, "title": None}
    )

    assert response.status_code == 200
    assert response.json()["session_date"] == "2026-02-02"
    assert response.json()["title"] == "Kick-off"


def test_another_coach_gets_not_found_on_every_session_route_and_changes_nothing(
    api: TestClient, other_api: TestClient, records: Records
) -> None:
    client = records.client()
    session = records.session(client, title="Kick-off")
    before = api.get(f"/api/v1/sessions/{session.id}").json()

    answers = [
        other_api.get(f"/api/v1/clients/{client.id}/sessions"),
        other_api.post(
            f"/api/v1/clients/{client.id}/sessions", json={"session_date": "2026-03-02"}
        ),
        other_api.get(f"/api/v1/sessions/{session.id}"),
        other_api.patch(f"/api/v1/sessions/{session.id}", json={"title": "Mine now"}),
        other_api.delete(f"/api/v1/sessions/{session.id}"),
    ]

    assert [answer.status_code for answer in answers] == [404] * len(answers)
    assert api.get(f"/api/v1/sessions/{session.id}").json() == before
    assert api.get(f"/api/v1/clients/{client.id}/sessions").json()["total"] == 1


def test_listing_sessions_takes_the_same_number_of_statements_at_10_and_200(
    engine: Engine, api: TestClient, records: Records
) -> None:
    client = records.client()
    counts = {}
    for size, more in ((10, 10), (200, 190)):
        for n in range(more):
            session = records.session(client, date(2026, 1, 1) + timedelta(days=n))
            records.commitment(client, session_id=session.id)
        with count_statements(engine) as log:
            body = api.get(f"/api/v1/clients/{client.id}/sessions", params={"limit": 100}).json()
        assert body["total"] == size and len(body["items"]) == min(size, 100)
        assert all(len(item["commitment_ids"]) == 1 for item in body["items"])
        counts[size] = log.count

    assert counts[10] == counts[200]


def test_shared_notes_sit_beside_the_private_notes(api: TestClient, records: Records) -> None:
    client = records.client()
    created = api.post(
        f"/api/v1/clients/{client.id}/sessions",
        json={"session_date": "2026-03-02", "notes": "Seemed tired", "shared_notes": "Plan A"},
    ).json()

    assert (created["notes"], created["shared_notes"]) == ("Seemed tired", "Plan A")
    changed = api.patch(f"/api/v1/sessions/{created['id']}", json={"shared_notes": "Plan B"})
    read = api.get(f"/api/v1/sessions/{created['id']}").json()

    assert changed.json()["shared_notes"] == "Plan B"
    assert (read["notes"], read["shared_notes"]) == ("Seemed tired", "Plan B")
    schema = api.get("/api/v1/openapi.json").json()["components"]["schemas"]["SessionRead"]
    assert "only the coach" in schema["properties"]["notes"]["description"]
    assert "Shared with the client" in schema["properties"]["shared_notes"]["description"]


def test_a_session_made_without_shared_notes_shares_nothing(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    body = api.post(
        f"/api/v1/clients/{client.id}/sessions",
        json={"session_date": "2026-03-02", "notes": "Private"},
    ).json()

    assert body["shared_notes"] == ""
