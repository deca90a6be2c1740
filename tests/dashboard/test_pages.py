"""The home page: the coach's week, grouped by client, after sign-in and at the front door."""

import re
from datetime import date, time, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientUpdate
from coachboard.models.accounts import User
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionCreate
from tests.commitments.records import Records
from tests.querycount import count_statements

DAY = date(2026, 3, 10)


def days_from(offset: int) -> date:
    return DAY + timedelta(days=offset)


@pytest.fixture
def records(db: Session, coach: User) -> Records:
    return Records(db, coach)


def week_page(pages: TestClient, **params: str) -> str:
    response = pages.get("/", params={"date": DAY.isoformat(), **params})
    assert response.status_code == 200, response.text
    return response.text


def section(html: str, name: str) -> str:
    match = re.search(rf'<section[^>]*data-list="{name}">(.*?)</section>', html, re.S)
    assert match, f"no section {name}"
    return match.group(1)


def client_headings(html: str) -> list[str]:
    return re.findall(r'<h3 class="week-group__client"><a href="[^"]+">([^<]+)</a></h3>', html)


def row_titles(html: str) -> list[str]:
    return re.findall(r'data-commitment="([^"]+)"', html)


def test_each_list_is_grouped_by_client_in_the_order_of_its_first_item(
    pages: TestClient, records: Records
) -> None:
    dana, eli = records.client("Dana Doe"), records.client("Eli Eng")
    records.commitment(dana, "Dana late", due_date=days_from(-2))
    records.commitment(eli, "Eli later", due_date=days_from(-5))
    records.commitment(dana, "Dana later", due_date=days_from(-4))
    records.commitment(dana, "Dana due", due_date=days_from(1))
    records.session(eli, days_from(2), "Eli check-in")

    html = week_page(pages)
    overdue = section(html, "overdue")

    assert client_headings(overdue) == ["Eli Eng", "Dana Doe"]
    assert row_titles(overdue) == ["Eli later", "Dana later", "Dana late"]
    assert overdue.count("data-overdue-mark>Overdue</strong>") == 3
    assert f'href="/clients/{dana.id}"' in overdue
    assert client_headings(section(html, "due")) == ["Dana Doe"]
    assert "data-overdue-mark>Overdue</strong>" not in section(html, "due")
    assert "Eli check-in" in section(html, "sessions")


def test_a_commitment_row_shows_its_due_date_and_outcomes(
    pages: TestClient, records: Records
) -> None:
    dana = records.client("Dana Doe")
    goal = records.goal(dana)
    outcomes = [records.target(dana, f"Outcome {n}", goals=[goal]) for n in range(7)]
    records.commitment(dana, "Busy task", targets=outcomes, due_date=days_from(3))

    due = section(week_page(pages), "due")

    assert '<time datetime="2026-03-13">13 Mar 2026</time>' in due
    assert "Outcome 0" in due and "Outcome 4" in due and "Outcome 5" not in due
    assert "and 2 more" in due


def test_empty_lists_say_so_in_plain_words(pages: TestClient) -> None:
    html = week_page(pages)

    assert "Nothing overdue." in section(html, "overdue")
    assert "Nothing due this week." in section(html, "due")
    assert "No sessions this week." in section(html, "sessions")
    assert "No goal at risk." in section(html, "goals_at_risk")
    assert "Every active client has a recent or upcoming session." in section(html, "quiet_clients")


def test_previous_and_next_week_links_and_the_date_picker_keep_the_window(
    pages: TestClient,
) -> None:
    html = week_page(pages)

    assert 'href="/?date=2026-03-03" rel="prev">Previous week' in html
    assert 'href="/?date=2026-03-17" rel="next">Next week' in html
    assert 'name="date" value="2026-03-10"' in html
    assert '<a class="button button--quiet" href="/">This week</a>' in html

    longer = week_page(pages, days="14")
    assert 'href="/?date=2026-02-24&amp;days=14" rel="prev">Previous 14 days' in longer
    assert '<input type="hidden" name="days" value="14">' in longer


def test_quiet_clients_and_archived_ones(
    pages: TestClient, records: Records, db: Session, coach: User
) -> None:
    records.session(records.client("Old Friend"), days_from(-45))
    gone = records.client("Gone Away")
    clients.update(db, coach=coach, client_id=gone.id, fields=ClientUpdate(status="archived"))

    quiet = section(week_page(pages), "quiet_clients")

    assert "Old Friend" in quiet and "Last session" in quiet
    assert "Gone Away" not in quiet


def test_the_header_links_to_the_week(pages: TestClient) -> None:
    html = pages.get("/clients").text

    assert '<a href="/">This week</a>' in html
    assert '<a href="/" aria-current="page">This week</a>' in week_page(pages)


def test_a_bad_date_or_length_is_a_400_page_not_a_crash(pages: TestClient) -> None:
    assert pages.get("/", params={"date": "2026-02-30"}).status_code == 400
    assert pages.get("/", params={"days": "99"}).status_code == 400
    assert pages.get("/", params={"date": "2999-12-31", "days": "31"}).status_code == 200
    assert pages.get("/", params={"date": "1900-01-01"}).status_code == 200
    assert pages.get("/", params={"date": "9999-12-31"}).status_code == 400
    assert pages.get("/", params={"date": "0001-01-01"}).status_code == 400


def test_other_coachs_records_never_show(other_pages: TestClient, records: Records) -> None:
    records.commitment(records.client("Dana Doe"), "Secret task", due_date=days_from(-1))

    html = week_page(other_pages)

    assert "Dana Doe" not in html and "Secret task" not in html


# The browser session (1), then the dashboard's seven statements (five lists, the goals at risk
# in two), and whether an email failed this week (1).
PAGE_STATEMENTS = 1 + 7 + 1


def test_the_page_takes_a_fixed_number_of_statements(
    pages: TestClient, records: Records, engine: Engine
) -> None:
    counts = []
    for size in (1, 15):
        for n in range(size):
            client = records.client(f"Client {size}-{n}")
            outcome = records.target(client, "Outcome", goals=[records.goal(client)])
            records.commitment(client, "Late", targets=[outcome], due_date=days_from(-1 - n))
            records.commitment(client, "Soon", targets=[outcome], due_date=days_from(n % 7))
            records.session(client, days_from(n % 7))
        with count_statements(engine) as log:
            week_page(pages)
        counts.append(log.count)

    assert counts == [PAGE_STATEMENTS, PAGE_STATEMENTS]


def test_a_session_shows_its_time_on_the_coachs_clock_its_length_and_its_link(
    db: Session, coach: User, pages: TestClient, records: Records
) -> None:
    coach.time_zone = "Europe/Berlin"
    db.commit()
    client = records.client("Dana Doe")
    fields = SessionCreate(
        session_date=days_from(2),
        title="Portfolio review",
        start_time=time(18),
        duration_minutes=45,
        time_zone="Asia/Tokyo",  # on the client's clock
        meeting_url="https://meet.example.com/p",
    )
    sessions.create(db, coach=coach, client_id=client.id, fields=fields)
    records.session(client, days_from(3), "Away day")
    db.commit()

    shown = section(week_page(pages), "sessions")

    assert "Thu 12 Mar 2026, 10:00\u201310:45 (Europe/Berlin) · 45 minutes" in shown
    assert 'href="https://meet.example.com/p"' in shown
    assert "Fri 13 Mar 2026 (all day)" in shown
