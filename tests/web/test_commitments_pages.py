"""The Commitments tab: a list filterable by status and outcome, and a form that links a
commitment to outcomes only and to the session it was agreed in."""

import re
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentStatus, CommitmentUpdate
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from tests.web.conftest import field_value, submit
from tests.web.records import Records, checked, chips, error, ids, read, row, selected


@pytest.fixture
def records(db: Session, coach: User, dana: Client) -> Records:
    return Records(db, coach, dana)


def all_commitments(engine: Engine, coach: User, records: Records):
    return read(
        engine, lambda s: commitments.get_all(s, coach=coach, client_id=records.client.id)[0]
    )


def test_the_list_shows_each_commitments_outcomes_and_session(
    pages: TestClient, records: Records
) -> None:
    kickoff = records.session(date(2026, 1, 5), "Kickoff")
    trip, words = records.outcome("Trip to Madrid"), records.outcome("Learn 500 words")
    records.commitment("Book flights", outcomes=[trip, words], session=kickoff)
    records.commitment("Floating")

    html = pages.get(records.url + "/commitments").text

    flights = row(html, "commitment", "Book flights")
    assert chips(flights, "outcomes") == ["Trip to Madrid", "Learn 500 words"]
    assert f'href="{records.url}/sessions/{kickoff.id}"' in flights
    assert "No outcome" in row(html, "commitment", "Floating")


def test_the_list_filters_by_status_and_by_outcome(
    pages: TestClient, records: Records, db: Session, coach: User
) -> None:
    trip = records.outcome("Trip to Madrid")
    records.commitment("Book flights", outcomes=[trip])
    packed = records.commitment("Pack", outcomes=[trip])
    records.commitment("Learn words")
    commitments.update(
        db, coach=coach, commitment_id=packed.id, fields=CommitmentUpdate(status="done")
    )

    done = pages.get(records.url + "/commitments", params={"status": "done"}).text
    for_trip = pages.get(records.url + "/commitments", params={"target_id": str(trip.id)}).text
    both = pages.get(
        records.url + "/commitments", params={"status": "open", "target_id": str(trip.id)}
    ).text
    nothing = pages.get(records.url + "/commitments", params={"status": "dropped"}).text
    unknown_status = pages.get(records.url + "/commitments", params={"status": "later"}).text

    assert 'data-commitment="Pack"' in done and 'data-commitment="Book flights"' not in done
    assert 'data-commitment="Learn words"' not in for_trip
    assert 'data-commitment="Book flights"' in for_trip
    assert 'data-commitment="Book flights"' in both and 'data-commitment="Pack"' not in both
    assert selected(both, "status") == "open" and selected(both, "target_id") == str(trip.id)
    assert "No commitment matches these filters." in nothing
    # No status asked for: the done one waits behind "Show done", as on an unfiltered list.
    assert unknown_status.count("data-commitment=") == 2
    assert 'data-commitment="Pack"' not in for_trip
    assert "1 done or dropped commitment not shown." in for_trip


def test_the_form_links_outcomes_only_and_offers_the_clients_sessions(
    pages: TestClient, records: Records
) -> None:
    records.goal("Speak Spanish")
    records.sprint("January")
    trip = records.outcome("Trip to Madrid")
    kickoff = records.session(date(2026, 1, 5), "Kickoff")

    html = pages.get(records.url + "/commitments/new").text

    assert f'name="target_ids" value="{trip.id}"' in html
    assert 'name="goal_ids"' not in html and 'name="sprint_ids"' not in html
    assert f'<option value="{kickoff.id}">5 Jan 2026 · Kickoff</option>' in html
    assert selected(html, "session_id") == "" and selected(html, "status") == "open"


def test_creating_and_completing_a_commitment(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    trip, kickoff = records.outcome("Trip to Madrid"), records.session(date(2026, 1, 5))

    submit(
        pages,
        records.url + "/commitments/new",
        {
            "title": "Book flights",
            "target_ids": ids(trip),
            "status": "open",
            "due_date": "2026-02-01",
            "session_id": str(kickoff.id),
        },
    )
    (made,) = all_commitments(engine, coach, records)
    form = pages.get(f"{records.url}/commitments/{made.id}/edit").text
    response = submit(
        pages,
        f"{records.url}/commitments/{made.id}/edit",
        {"title": "Book flights", "target_ids": [], "status": "done", "session_id": ""},
    )

    assert checked(form, "target_ids") == ids(trip)
    assert selected(form, "session_id") == str(kickoff.id)
    assert field_value(form, "due_date") == "2026-02-01"
    assert "Saved the commitment “Book flights”." in response.text
    (saved,) = all_commitments(engine, coach, records)
    assert (saved.status, saved.session_id, saved.due_date, saved.targets) == (
        CommitmentStatus.done,
        None,
        None,
        [],
    )
    assert saved.completed_at is not None


def test_another_clients_session_in_a_tampered_form_is_refused_beside_the_field(
    pages: TestClient, records: Records, db: Session, coach: User, engine: Engine
) -> None:
    other = clients.create(db, coach=coach, fields=ClientCreate(name="Ari Able"))
    foreign = Records(db, coach, other).session(date(2026, 1, 5), "Ari's kickoff")
    trip = records.outcome("Trip to Madrid")

    response = submit(
        pages,
        records.url + "/commitments/new",
        {"title": "Book flights", "target_ids": ids(trip), "session_id": str(foreign.id)},
    )

    assert response.status_code == 422
    assert error(response.text, "session_id") == "Choose a session from this list."
    assert checked(response.text, "target_ids") == ids(trip)
    assert field_value(response.text, "title") == "Book flights"
    assert all_commitments(engine, coach, records) == []


def test_another_coachs_outcome_in_a_tampered_form_is_refused_beside_the_field(
    pages: TestClient, records: Records, db: Session, other_coach: User, coach: User, engine: Engine
) -> None:
    theirs = clients.create(db, coach=other_coach, fields=ClientCreate(name="Olive's client"))
    foreign = Records(db, other_coach, theirs).outcome("Not yours")
    flights = records.commitment("Book flights")

    response = submit(
        pages,
        f"{records.url}/commitments/{flights.id}/edit",
        {"title": "Book flights", "target_ids": ids(foreign), "status": "open"},
    )

    assert response.status_code == 422
    assert error(response.text, "target_ids") == (
        "Choose outcomes from this list: one of those sent isn't this client's."
    )
    assert "Not yours" not in response.text


def test_deleting_a_commitment_says_its_outcome_links_go_and_keeps_the_outcomes(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    trip, kickoff = records.outcome("Trip to Madrid"), records.session(date(2026, 1, 5))
    flights = records.commitment("Book flights", outcomes=[trip], session=kickoff)

    confirm = pages.get(f"{records.url}/commitments/{flights.id}/delete").text
    response = submit(pages, f"{records.url}/commitments/{flights.id}/delete")

    assert "Its 1 link to outcomes." in confirm
    assert "The outcomes themselves." in confirm and "The session it was agreed in." in confirm
    assert "Deleted the commitment “Book flights”." in response.text
    assert all_commitments(engine, coach, records) == []
    assert 'data-target="Trip to Madrid"' in pages.get(records.url + "/targets").text


def test_done_on_is_the_day_on_the_coachs_clock(
    pages: TestClient, db: Session, coach: User, records: Records
) -> None:
    done = records.commitment("Book flights")
    # 23:30 UTC on the 5th is already the 6th in Berlin.
    db.execute(
        update(Commitment)
        .where(Commitment.id == done.id)
        .values(status="done", completed_at=datetime(2026, 3, 5, 23, 30))
    )
    coach.time_zone = "Europe/Berlin"
    db.commit()

    html = pages.get(f"{records.url}/commitments/{done.id}").text

    assert re.search(r"<dt>Done on</dt><dd><time[^>]*>6 Mar 2026</time>", html)
