"""What a client changes on their commitments, as the coach sees it: the status they set
(stamped, cleared by the coach's own change), their reflections, and the list's filter
changed_by_client=since_last_session."""

from datetime import date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentStatus, CommitmentUpdate
from coachboard.core.errors import InvalidInput, NotFound
from coachboard.reflections import service as reflections
from tests.client_writes import marked_by_client, reflected
from tests.commitments.records import Records, ids
from tests.querycount import count_statements

SINCE = {"changed_by_client": "since_last_session"}


def test_a_client_marking_done_is_stamped_and_a_coachs_change_clears_it(
    api: TestClient, db: Session, records: Records
) -> None:
    client = records.client()
    commitment = records.commitment(client, "Run")

    marked_by_client(db, client, commitment, "done")
    done = api.get(f"/api/v1/commitments/{commitment.id}").json()
    edited = api.patch(f"/api/v1/commitments/{commitment.id}", json={"status": "done"}).json()
    reopened = api.patch(f"/api/v1/commitments/{commitment.id}", json={"status": "open"}).json()

    assert done["status"] == "done" and done["completed_at"] is not None
    assert done["status_changed_by_client_at"] is not None
    assert edited["status_changed_by_client_at"] == done["status_changed_by_client_at"]
    assert reopened["status_changed_by_client_at"] is None


def test_a_client_only_ticks_done_or_open_on_their_own_commitments(
    db: Session, records: Records
) -> None:
    client, other = records.client(), records.client("Eli")
    commitment = records.commitment(client, "Run")

    with pytest.raises(InvalidInput) as refused:
        commitments.set_status_by_client(
            db, client_id=client.id, commitment_id=commitment.id, status=CommitmentStatus.dropped
        )
    assert refused.value.problems[0].field == "status"
    with pytest.raises(NotFound):
        commitments.set_status_by_client(
            db, client_id=other.id, commitment_id=commitment.id, status=CommitmentStatus.done
        )


def test_reflections_are_read_newest_first_in_one_statement(
    db: Session, engine: Engine, records: Records
) -> None:
    client = records.client()
    run, swim, quiet = (records.commitment(client, t) for t in ("Run", "Swim", "Quiet"))
    reflected(db, run, "Hard", datetime(2026, 3, 3))
    reflected(db, run, "Easier", datetime(2026, 3, 5))
    reflected(db, swim, "Cold", datetime(2026, 3, 4))

    with count_statements(engine) as log:
        found = reflections.for_commitments(db, [run.id, swim.id, quiet.id])
    db.rollback()

    assert {k: [r.text for r in v.items] for k, v in found.items()} == {
        run.id: ["Easier", "Hard"],
        swim.id: ["Cold"],
        quiet.id: [],
    }
    assert log.count == 1


@pytest.mark.parametrize("text", ["", "  ", "x" * 2001])
def test_a_reflection_needs_1_to_2000_characters(db: Session, records: Records, text: str) -> None:
    commitment = records.commitment(records.client(), "Run")

    with pytest.raises(InvalidInput) as refused:
        reflections.add(db, commitment=commitment, text=text, author=None)
    assert refused.value.problems[0].field == "text"


def test_the_list_filters_to_what_the_client_changed_since_their_last_session(
    api: TestClient, db: Session, records: Records
) -> None:
    client = records.client()
    records.session(client, date(2026, 3, 2))
    records.session(client, date(2026, 3, 9))
    records.session(client, date(2099, 1, 1))  # planned: not "the last session" yet
    before = records.commitment(client, "Before", due_date=date(2026, 4, 1))
    on_the_day = records.commitment(client, "On the day", due_date=date(2026, 4, 2))
    written = records.commitment(client, "Written about", due_date=date(2026, 4, 3))
    old_note = records.commitment(client, "Old note", due_date=date(2026, 4, 4))
    records.commitment(client, "Untouched", due_date=date(2026, 4, 5))
    marked_by_client(db, client, before, "done", datetime(2026, 3, 8, 23))
    marked_by_client(db, client, on_the_day, "done", datetime(2026, 3, 9, 7))
    reflected(db, written, "Went well", datetime(2026, 3, 10))
    reflected(db, old_note, "Long ago", datetime(2026, 3, 1))

    answer = api.get(f"/api/v1/clients/{client.id}/commitments", params=SINCE)

    assert answer.status_code == 200
    assert [item["id"] for item in answer.json()["items"]] == ids([on_the_day, written])


def test_with_no_session_yet_every_change_of_the_client_counts(
    api: TestClient, db: Session, records: Records
) -> None:
    client = records.client()
    changed = records.commitment(client, "Changed")
    records.commitment(client, "Untouched")
    marked_by_client(db, client, changed, "done", datetime(2020, 1, 1))

    answer = api.get(f"/api/v1/clients/{client.id}/commitments", params=SINCE)

    assert [item["id"] for item in answer.json()["items"]] == ids([changed])


def test_a_bad_filter_value_is_refused_naming_it(api: TestClient, records: Records) -> None:
    client = records.client()

    answer = api.get(
        f"/api/v1/clients/{client.id}/commitments", params={"changed_by_client": "yesterday"}
    )

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", "changed_by_client"]


def test_the_filter_takes_the_same_statements_however_many_changes(
    api: TestClient, db: Session, engine: Engine, records: Records
) -> None:
    client = records.client()
    records.session(client, date(2026, 3, 2))
    counts = {}
    for size, more in ((2, 2), (20, 18)):
        for n in range(more):
            commitment = records.commitment(client, f"C{n}")
            marked_by_client(db, client, commitment, "done")
            reflected(db, commitment, "Done it")
        with count_statements(engine) as log:
            body = api.get(f"/api/v1/clients/{client.id}/commitments", params=SINCE).json()
        assert body["total"] == size
        counts[size] = log.count

    assert counts[2] == counts[20]


def test_a_coachs_edit_that_keeps_the_status_keeps_the_clients_mark(
    db: Session, coach: Any, records: Records
) -> None:
    client = records.client()
    commitment = records.commitment(client, "Run")
    marked_by_client(db, client, commitment, "done")

    saved = commitments.update(
        db,
        coach=coach,
        commitment_id=commitment.id,
        fields=CommitmentUpdate(title="Run far", status=CommitmentStatus.done),
    )

    assert saved.status_changed_by_client_at is not None


def test_the_coach_reads_a_commitments_reflections_newest_first_with_their_total(
    api: TestClient, other_api: TestClient, db: Session, records: Records
) -> None:
    commitment = records.commitment(records.client(), "Run")
    for day in range(1, 5):
        reflected(db, commitment, f"Day {day}", datetime(2026, 3, day))

    mine = api.get(f"/api/v1/commitments/{commitment.id}/reflections")
    theirs = other_api.get(f"/api/v1/commitments/{commitment.id}/reflections")
    capped = reflections.for_commitments(db, [commitment.id], limit=2)[commitment.id]

    assert [r["text"] for r in mine.json()["items"]] == ["Day 4", "Day 3", "Day 2", "Day 1"]
    assert mine.json()["total"] == 4
    assert theirs.status_code == 404
    assert ([r.text for r in capped.items], capped.total) == (["Day 4", "Day 3"], 4)
