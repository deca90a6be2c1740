"""What the client writes, on the coach's pages: the session's private and shared notes and its
agenda topics (marked with forms that work without JavaScript), reflections on a commitment's
read and edit pages, the overview's line of the client's changes and the list's filter."""

from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.commitments.schemas import CommitmentStatus
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.topics import AgendaTopic
from coachboard.topics import service as topics
from tests.client_writes import Topics, marked_by_client, reflected
from tests.querycount import count_statements
from tests.web.conftest import csrf_token, submit
from tests.web.records import Records, read


@pytest.fixture
def records(db: Session, coach: User, dana: Client) -> Records:
    return Records(db, coach, dana)


def test_the_session_form_says_which_notes_the_client_sees(
    pages: TestClient, records: Records
) -> None:
    html = pages.get(records.url + "/sessions/new").text

    assert "Private notes — only you see these" in html
    assert "Shared with the client" in html


def test_the_session_page_shows_both_notes_under_their_labels(
    pages: TestClient, records: Records
) -> None:
    response = submit(
        pages,
        records.url + "/sessions/new",
        {"session_date": "2026-03-02", "notes": "Seemed tired.", "shared_notes": "Plan A."},
    )

    html = response.text
    assert html.index("Private notes — only you see these") < html.index("Seemed tired.")
    assert html.index("Shared with the client") < html.index("Plan A.")


def test_the_coach_marks_a_sessions_topics_from_its_page(
    pages: TestClient, db: Session, engine: Engine, records: Records, dana: Client
) -> None:
    first = records.session(date(2026, 3, 2), "First")
    records.session(date(2026, 3, 9), "Second")
    agenda = Topics(db, dana)
    talked = agenda.add("Sleep", datetime(2026, 3, 1), priority="high")
    later = agenda.add("Diet", datetime(2026, 3, 1))
    page = f"{records.url}/sessions/{first.id}"

    html = pages.get(page).text
    token = csrf_token(pages, page)
    discussed = pages.post(
        f"{records.url}/topics/{talked.id}/status",
        data={"status": "discussed", "next": page, "csrf_token": token},
    )
    deferred = pages.post(
        f"{records.url}/topics/{later.id}/status",
        data={"status": "deferred", "next": page, "csrf_token": token},
    )

    assert 'data-topic="Sleep"' in html and "High priority" in html
    assert html.count('name="status" value="deferred"') == 2
    assert discussed.url.path == page and "Marked “Sleep” discussed." in discussed.text
    assert "Deferred “Diet” to the next session." in deferred.text
    assert "Moved to the next session" in deferred.text
    stored = read(engine, lambda s: {t.text: t.status for t in s.query(AgendaTopic)})
    assert stored == {"Sleep": "discussed", "Diet": "deferred"}


def test_a_topic_form_without_its_token_or_of_another_coach_changes_nothing(
    pages: TestClient,
    other_pages: TestClient,
    db: Session,
    engine: Engine,
    records: Records,
    dana: Client,
) -> None:
    records.session(date(2026, 3, 2))
    topic = Topics(db, dana).add("Sleep", datetime(2026, 3, 1))
    action = f"{records.url}/topics/{topic.id}/status"

    tokenless = pages.post(action, data={"status": "discussed"})
    foreign = submit(other_pages, action, {"status": "discussed"})
    bad = submit(pages, action, {"status": "withdrawn"})

    assert tokenless.status_code == 403
    assert foreign.status_code == 404
    assert bad.status_code == 422
    assert read(engine, lambda s: s.get_one(AgendaTopic, topic.id).status) == "open"


def test_reflections_show_newest_first_on_the_commitments_read_and_edit_pages(
    pages: TestClient, db: Session, records: Records, dana: Client
) -> None:
    commitment = records.commitment("Run")
    reflected(db, commitment, "It was hard.", datetime(2026, 3, 3, 8, 15))
    reflected(db, commitment, "Getting easier.", datetime(2026, 3, 5, 18, 40))
    marked_by_client(db, dana, commitment, "done", datetime(2026, 3, 6, 9, 0))
    url = f"{records.url}/commitments/{commitment.id}"

    for html in (pages.get(url).text, pages.get(url + "/edit").text):
        assert html.index("Getting easier.") < html.index("It was hard.")
        assert "5 Mar 2026, 18:40" in html
        assert "Dana Doe marked it done on <time" in html and "6 Mar 2026, 09:00" in html


def test_the_overview_says_what_the_client_changed_since_the_last_session(
    pages: TestClient, db: Session, records: Records, dana: Client
) -> None:
    records.session(date(2026, 3, 2))
    ran, swam, old = (records.commitment(t) for t in ("Run", "Swim", "Old"))
    marked_by_client(db, dana, ran, "done", datetime(2026, 3, 4, 10, 0))
    marked_by_client(db, dana, swam, "done", datetime(2026, 3, 5, 10, 0))
    marked_by_client(db, dana, old, "done", datetime(2026, 2, 1))
    reflected(db, ran, "Felt good", datetime(2026, 3, 6, 12, 30))

    html = pages.get(records.url).text

    assert "Dana Doe marked 2 commitments done · 1 reflection" in html
    assert "the latest <time" in html and "6 Mar 2026, 12:30" in html
    assert "changed_by_client=since_last_session" in html


def test_the_overview_says_nothing_when_the_client_changed_nothing(
    pages: TestClient, records: Records
) -> None:
    records.commitment("Run")

    assert 'data-section="client-changes"' not in pages.get(records.url).text


def test_the_commitments_tab_filters_to_the_clients_changes(
    pages: TestClient, db: Session, records: Records, dana: Client
) -> None:
    records.session(date(2026, 3, 2))
    changed = records.commitment("Ticked by the client")
    records.commitment("Untouched")
    marked_by_client(db, dana, changed, CommitmentStatus.done.value)

    filtered = pages.get(records.url + "/commitments?changed_by_client=since_last_session").text
    unknown = pages.get(records.url + "/commitments?changed_by_client=yesterday").text

    assert "Ticked by the client" in filtered and "Untouched" not in filtered
    assert "Changed by Dana Doe since the last session" in filtered
    assert "Untouched" in unknown


def test_topics_withdrawn_by_the_client_leave_the_session_page(
    pages: TestClient, db: Session, records: Records, dana: Client
) -> None:
    coaching_session = records.session(date(2026, 3, 2))
    topic = Topics(db, dana).add("Never mind", datetime(2026, 3, 1))
    topics.withdraw(db, client_id=dana.id, topic_id=topic.id)

    html = pages.get(f"{records.url}/sessions/{coaching_session.id}").text

    assert "Never mind" not in html
    assert "The client has put no topic on this session" in html


def test_the_overview_and_a_session_page_take_the_same_statements_however_much_was_written(
    pages: TestClient, db: Session, engine: Engine, records: Records, dana: Client
) -> None:
    coaching_session = records.session(date(2026, 3, 9))
    agenda = Topics(db, dana)
    counts = {}
    for size, more in ((1, 1), (12, 11)):
        for n in range(more):
            commitment = records.commitment(f"C{n}")
            marked_by_client(db, dana, commitment, "done")
            reflected(db, commitment, "Done")
            agenda.add(f"Topic {n}", datetime(2026, 3, 5))
        with count_statements(engine) as log:
            overview = pages.get(records.url)
            session_page = pages.get(f"{records.url}/sessions/{coaching_session.id}")
        assert f"marked {size} commitment" in overview.text
        assert session_page.text.count("data-topic=") == size
        counts[size] = log.count

    assert counts[1] == counts[12]
