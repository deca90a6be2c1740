"""The Sessions tab: list with commitment counts, a page per session showing the commitments
made in it, and adding a commitment from there (the session preset)."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentFilters
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.sessions import service as coaching_sessions
from tests.web.conftest import field_value, submit
from tests.web.records import Records, checked, error, ids, read, row, selected


@pytest.fixture
def records(db: Session, coach: User, dana: Client) -> Records:
    return Records(db, coach, dana)


def test_the_list_shows_each_session_newest_first_with_its_commitment_count(
    pages: TestClient, records: Records
) -> None:
    kickoff = records.session(date(2026, 1, 5), "Kickoff")
    records.session(date(2026, 1, 19), "Check-in")
    records.commitment("Book flights", session=kickoff)
    records.commitment("Learn 50 words", session=kickoff)

    html = pages.get(records.url + "/sessions").text

    assert html.index('data-session="Check-in"') < html.index('data-session="Kickoff"')
    assert 'data-count="commitments">2<' in row(html, "session", "Kickoff")
    assert 'data-count="commitments">0<' in row(html, "session", "Check-in")


def test_adding_a_session_opens_its_page(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    response = submit(
        pages,
        records.url + "/sessions/new",
        {"session_date": "2026-01-05", "title": "Kickoff", "notes": "Talked about Madrid."},
    )

    (saved,) = read(
        engine, lambda s: coaching_sessions.get_all(s, coach=coach, client_id=records.client.id)[0]
    )
    assert response.url.path == f"{records.url}/sessions/{saved.id}"
    assert "Added the session “Kickoff”." in response.text
    assert "Talked about Madrid." in response.text


def test_a_session_without_a_date_is_refused_beside_the_field(
    pages: TestClient, records: Records
) -> None:
    response = submit(
        pages, records.url + "/sessions/new", {"session_date": "", "title": "Kickoff"}
    )

    assert response.status_code == 422
    assert error(response.text, "session_date") == "This field is required."
    assert field_value(response.text, "title") == "Kickoff"


def test_a_session_page_shows_the_commitments_made_in_it_only(
    pages: TestClient, records: Records
) -> None:
    kickoff, later = records.session(date(2026, 1, 5), "Kickoff"), records.session()
    trip = records.outcome("Trip to Madrid")
    records.commitment("Book flights", outcomes=[trip], session=kickoff, due_date=date(2026, 2, 1))
    records.commitment("Pack", session=later)

    html = pages.get(f"{records.url}/sessions/{kickoff.id}").text

    flights = row(html, "commitment", "Book flights")
    assert "1 Feb 2026" in flights and "Trip to Madrid" in flights
    assert 'data-commitment="Pack"' not in html
    assert f'href="{records.url}/sessions">← All sessions' in html


def test_a_commitment_added_on_a_session_page_belongs_to_that_session(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    kickoff = records.session(date(2026, 1, 5), "Kickoff")
    trip, words = records.outcome("Trip to Madrid"), records.outcome("Learn 500 words")
    here = f"{records.url}/sessions/{kickoff.id}"
    page = pages.get(here).text
    assert f'name="session_id" value="{kickoff.id}"' in page
    assert f'action="{records.url}/commitments/new"' in page

    response = submit(
        pages,
        records.url + "/commitments/new",
        {
            "title": "Book flights",
            "target_ids": ids(trip, words),
            "due_date": "2026-02-01",
            "session_id": str(kickoff.id),
            "next": here,
        },
    )

    assert response.url.path == here
    assert "Added the commitment “Book flights”." in response.text
    assert 'data-commitment="Book flights"' in response.text
    (made,) = read(
        engine,
        lambda s: commitments.get_all(
            s,
            coach=coach,
            client_id=records.client.id,
            filters=CommitmentFilters(session_id=kickoff.id),
        )[0],
    )
    assert [t.title for t in made.targets] == ["Trip to Madrid", "Learn 500 words"]
    assert (made.status, made.due_date) == ("open", date(2026, 2, 1))


def test_an_invalid_commitment_from_a_session_page_comes_back_filled_in_with_the_way_back(
    pages: TestClient, records: Records
) -> None:
    kickoff = records.session(date(2026, 1, 5), "Kickoff")
    trip = records.outcome("Trip to Madrid")
    here = f"{records.url}/sessions/{kickoff.id}"

    response = submit(
        pages,
        records.url + "/commitments/new",
        {"title": "", "target_ids": ids(trip), "session_id": str(kickoff.id), "next": here},
    )

    assert response.status_code == 422
    assert error(response.text, "title") == "This field is required."
    assert checked(response.text, "target_ids") == ids(trip)
    assert selected(response.text, "session_id") == str(kickoff.id)
    assert f'name="next" value="{here}"' in response.text
    assert f'href="{here}" data-dialog-close>Cancel' in response.text


def test_deleting_a_session_keeps_its_commitments_without_a_session(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    kickoff = records.session(date(2026, 1, 5), "Kickoff")
    flights = records.commitment("Book flights", session=kickoff)

    confirm = pages.get(f"{records.url}/sessions/{kickoff.id}/delete").text
    response = submit(pages, f"{records.url}/sessions/{kickoff.id}/delete")

    assert "The session “Kickoff” and its notes." in confirm
    assert "Its 1 commitment, no longer tied to a session." in confirm
    assert response.url.path == records.url + "/sessions"
    kept = read(engine, lambda s: commitments.get(s, coach=coach, commitment_id=flights.id))
    assert kept.session_id is None


def test_editing_a_session(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    kickoff = records.session(date(2026, 1, 5), "Kickoff")

    form = pages.get(f"{records.url}/sessions/{kickoff.id}/edit").text
    response = submit(
        pages,
        f"{records.url}/sessions/{kickoff.id}/edit",
        {"session_date": "2026-01-06", "title": "", "notes": "Moved a day"},
    )

    assert field_value(form, "session_date") == "2026-01-05"
    assert "Saved the session “6 Jan 2026”." in response.text
    saved = read(engine, lambda s: coaching_sessions.get(s, coach=coach, session_id=kickoff.id))
    assert (saved.session_date, saved.title, saved.notes) == (date(2026, 1, 6), "", "Moved a day")
