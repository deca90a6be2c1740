"""The one-click status form (POST /clients/{id}/commitments/{id}/status) behind the done
toggle and the session review, and the Commitments tab's due filters and overdue marks."""

import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import today_for
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.commitments import service as commitments
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from tests.web.conftest import csrf_token, submit
from tests.web.records import Records, read, row


@pytest.fixture
def records(db: Session, coach: User, dana: Client) -> Records:
    return Records(db, coach, dana)


def stored(engine: Engine, coach: User, commitment: Commitment):
    return read(engine, lambda s: commitments.get(s, coach=coach, commitment_id=commitment.id))


def status_url(records: Records, commitment: Commitment) -> str:
    return f"{records.url}/commitments/{commitment.id}/status"


def post_status(pages: TestClient, records: Records, commitment: Commitment, **data: str):
    return submit(pages, status_url(records, commitment), data, follow_redirects=False)


def test_marking_done_stamps_completed_and_returns_to_next(
    pages: TestClient, records: Records, engine: Engine, coach: User
) -> None:
    physio = records.commitment("Book a physio")
    back = f"{records.url}/tree?goal_id=x#commitment"

    response = post_status(pages, records, physio, status="done", next=back)

    assert response.status_code == 303
    assert response.headers["location"] == back
    saved = stored(engine, coach, physio)
    assert saved.status == "done"
    assert saved.completed_at is not None
    assert "Marked “Book a physio” done." in pages.get(back).text


def test_reopening_clears_completed_and_dropping_keeps_it_clear(
    pages: TestClient, records: Records, engine: Engine, coach: User
) -> None:
    physio = records.commitment("Book a physio", status="done")

    post_status(pages, records, physio, status="open")
    reopened = stored(engine, coach, physio)
    post_status(pages, records, physio, status="dropped")
    dropped = stored(engine, coach, physio)

    assert (reopened.status, reopened.completed_at) == ("open", None)
    assert (dropped.status, dropped.completed_at) == ("dropped", None)


def test_carrying_sets_a_new_due_date_and_keeps_it_open(
    pages: TestClient, records: Records, engine: Engine, coach: User
) -> None:
    physio = records.commitment("Book a physio", due_date=date(2026, 1, 5))

    response = post_status(pages, records, physio, status="open", due_date="2026-12-24")

    assert response.status_code == 303
    saved = stored(engine, coach, physio)
    assert (saved.status, saved.due_date) == ("open", date(2026, 12, 24))
    assert "Carried “Book a physio” to 24 Dec 2026." in pages.get(response.headers["location"]).text


def test_a_script_asking_for_json_gets_what_it_redraws_the_row_from(
    pages: TestClient, records: Records, coach: User
) -> None:
    late = today_for(coach) - timedelta(days=2)
    physio = records.commitment("Book a physio", status="done", due_date=late)
    token = csrf_token(pages, records.url + "/commitments")

    response = pages.post(
        status_url(records, physio),
        data={"status": "open", "csrf_token": token},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 200
    assert response.json() == {
        "id": str(physio.id),
        "title": "Book a physio",
        "status": "open",
        "status_label": "Open",
        "done": False,
        "due_date": late.isoformat(),
        "overdue": True,
        "message": "Reopened “Book a physio”.",
    }


@pytest.mark.parametrize(
    "next_url", ["//evil.com", "https://evil.com", "/\\evil.com", "evil.com", ""]
)
def test_next_off_this_site_goes_to_the_commitments_tab(
    pages: TestClient, records: Records, next_url: str
) -> None:
    physio = records.commitment("Book a physio")

    response = post_status(pages, records, physio, status="done", next=next_url)

    assert response.status_code == 303
    assert response.headers["location"] == f"{records.url}/commitments"


def test_without_the_csrf_token_nothing_changes(
    pages: TestClient, records: Records, engine: Engine, coach: User
) -> None:
    physio = records.commitment("Book a physio")

    response = pages.post(status_url(records, physio), data={"status": "done"})

    assert response.status_code == 403
    assert stored(engine, coach, physio).status == "open"


def test_another_coachs_commitment_is_not_found(
    other_pages: TestClient,
    records: Records,
    db: Session,
    other_coach: User,
    engine: Engine,
    coach: User,
) -> None:
    physio = records.commitment("Book a physio")
    own = clients.create(db, coach=other_coach, fields=ClientCreate(name="Own"))

    through_their_client = submit(other_pages, status_url(records, physio), {"status": "done"})
    through_own_client = submit(
        other_pages, f"/clients/{own.id}/commitments/{physio.id}/status", {"status": "done"}
    )

    assert through_their_client.status_code == 404
    assert through_own_client.status_code == 404
    assert stored(engine, coach, physio).status == "open"


def test_a_status_that_does_not_exist_is_refused(
    pages: TestClient, records: Records, engine: Engine, coach: User
) -> None:
    physio = records.commitment("Book a physio")

    assert post_status(pages, records, physio, status="finished").status_code == 422
    assert post_status(pages, records, physio, status="done", due_date="soon").status_code == 422
    assert stored(engine, coach, physio).status == "open"


def test_rows_carry_a_toggle_and_overdue_ones_say_so(
    pages: TestClient, records: Records, coach: User
) -> None:
    today = today_for(coach)
    records.commitment("Late", due_date=today - timedelta(days=1))
    records.commitment("On time", due_date=today)

    html = pages.get(records.url + "/commitments").text

    late, on_time = row(html, "commitment", "Late"), row(html, "commitment", "On time")
    assert 'role="checkbox" aria-checked="false"' in late
    assert '<strong class="overdue-mark" data-overdue-mark>Overdue</strong>' in late
    assert "data-overdue-mark hidden>" in on_time


def test_the_overdue_and_this_week_filters_list_what_the_overview_counts(
    pages: TestClient, records: Records, coach: User
) -> None:
    today = today_for(coach)
    sunday = today + timedelta(days=6 - today.weekday())
    records.commitment("Late", due_date=today - timedelta(days=1))
    records.commitment("Late but done", due_date=today - timedelta(days=1), status="done")
    records.commitment("Today", due_date=today)
    records.commitment("Sunday", due_date=sunday)
    records.commitment("Next Monday", due_date=sunday + timedelta(days=1))
    records.commitment("Undated")

    overview = pages.get(records.url).text
    client_list = pages.get("/clients").text
    overdue = pages.get(records.url + "/commitments", params={"due": "overdue"}).text
    week = pages.get(records.url + "/commitments", params={"due": "week"}).text

    assert f'href="{records.url}/commitments?due=overdue">1<' in overview
    assert f'href="{records.url}/commitments?due=week">2<' in overview
    assert f'href="{records.url}/commitments?due=overdue"><span class="count' in client_list
    assert f'href="{records.url}/commitments?due=week"><span class="count' in client_list
    assert titles(overdue) == ["Late"]
    assert titles(week) == ["Today", "Sunday"]
    assert 'aria-current="page">Overdue</a>' in overdue


def titles(html: str) -> list[str]:
    """The commitments a tab lists, in order."""
    return re.findall(r'data-commitment="([^"]*)"', html)
