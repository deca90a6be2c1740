"""A session's page reviews what is still open from earlier, with one-click done, drop and
carry forms that come back to it; a new session's form starts on the coach's today."""

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import today_for
from coachboard.commitments import service as commitments
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from tests.web.conftest import field_value, submit
from tests.web.records import Records, read


@pytest.fixture
def records(db: Session, coach: User, dana: Client) -> Records:
    return Records(db, coach, dana)


def earlier_titles(html: str) -> list[str]:
    """The titles the review lists, in order."""
    return re.findall(r'data-earlier="([^"]*)"', html)


def test_the_page_lists_what_is_still_open_from_earlier_above_what_was_made_in_it(
    pages: TestClient, records: Records
) -> None:
    january = records.session(date(2026, 1, 5), "January")
    february = records.session(date(2026, 2, 2), "February")
    records.commitment("Book flights", session=january, due_date=date(2026, 1, 20))
    records.commitment("Already done", session=january, status="done")
    records.commitment("Pack", session=february)

    html = pages.get(f"{records.url}/sessions/{february.id}").text

    assert earlier_titles(html) == ["Book flights"]
    assert html.index("Still open from earlier") < html.index("Commitments made in this session")
    assert 'data-commitment="Pack"' in html
    assert f'href="{records.url}/sessions/{january.id}"' in html


def test_done_drop_and_carry_from_the_review_come_back_to_the_session(
    pages: TestClient, records: Records, engine: Engine, coach: User
) -> None:
    january = records.session(date(2026, 1, 5), "January")
    february = records.session(date(2026, 2, 2), "February")
    flights = records.commitment("Book flights", session=january, due_date=date(2026, 1, 20))
    visa = records.commitment("Get a visa", session=january)
    hotel = records.commitment("Book a hotel", session=january)
    here = f"{records.url}/sessions/{february.id}"

    def post(commitment, **data: str):
        url = f"{records.url}/commitments/{commitment.id}/status"
        return submit(pages, url, {"next": here, **data})

    carried = post(flights, status="open", due_date="2026-02-16")
    post(visa, status="dropped")
    done = post(hotel, status="done")

    assert carried.url.path == here
    assert "Carried “Book flights” to 16 Feb 2026." in carried.text
    assert "Marked “Book a hotel” done." in done.text
    assert earlier_titles(done.text) == ["Book flights"]
    stored = {
        c.title: (c.status.value, c.due_date)
        for c in read(
            engine,
            lambda s: commitments.get_all(s, coach=coach, client_id=records.client.id)[0],
        )
    }
    assert stored == {
        "Book flights": ("open", date(2026, 2, 16)),
        "Get a visa": ("dropped", None),
        "Book a hotel": ("done", None),
    }


def test_a_new_sessions_date_starts_on_the_coachs_today(
    pages: TestClient, records: Records, coach: User
) -> None:
    html = pages.get(f"{records.url}/sessions/new").text

    assert field_value(html, "session_date") == today_for(coach).isoformat()
