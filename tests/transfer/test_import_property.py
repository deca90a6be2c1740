"""Whatever client document the import accepts, the client it makes can be exported (as JSON,
as spreadsheets, with the whole account) and read: every JSON answer and every page of the
client, its records and their history, the coach's week, calendar feed and a search answer 200.

The documents (tests/transfer/documents.py, WIDE) reach for every limit the document allows:
the first and last supported days and moments in any offset, the longest titles and topics,
text with markup, formulas and control characters, metadata at its largest size and deepest
nesting, numbers past 64 bits, history of every action naming deleted records; and the coach
is in a time zone at either end of the clock."""

import re
import uuid
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from coachboard.core.settings import Settings
from tests.transfer.documents import WIDE, documents

API = "/api/v1"
# UTC, the first and the last zone of the day, and ones a quarter or half an hour off.
ZONES = ("UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/St_Johns", "Asia/Kathmandu")
# The export document's lists of records, each also the path of its API list and page tab.
RECORD_LISTS = ("goals", "targets", "sprints", "sessions", "commitments")
# A history entry's record kind → the path segment of its records.
COLLECTIONS = {
    "goal": "goals",
    "target": "targets",
    "sprint": "sprints",
    "session": "sessions",
    "commitment": "commitments",
}


@pytest.fixture(name="settings")
def imports_unthrottled(settings: Settings) -> Settings:
    """Every example imports a client: more imports than a coach may start in the throttle's
    window (accounts/throttle.py)."""
    return settings.model_copy(update={"imports_per_window": 10_000})


@pytest.fixture
def calendar_feed(api: TestClient) -> str:
    """The path of the coach's calendar feed (iCalendar), made once for every example."""
    made = api.post(f"{API}/me/calendar-feed")
    assert made.status_code == 201, made.text
    return urlsplit(made.json()["url"]).path


def goal_filter(document: dict[str, Any]) -> list[str]:
    """The query naming the document's first goal, for the reads a goal narrows; none without."""
    return [f"goal_id={document['goals'][0]['id']}"] if document["goals"] else []


def weeks(document: dict[str, Any]) -> list[str]:
    """The queries of the coach's week: this one, and those starting on the first and the
    last day of the client's sessions and due dates (the calendar's ends, often)."""
    days = sorted(
        {s["session_date"] for s in document["sessions"]}
        | {c["due_date"] for c in document["commitments"] if c["due_date"]}
    )
    return ["", *(f"?date={day}" for day in sorted({*days[:1], *days[-1:]}))]


def histories(document: dict[str, Any], base: str) -> list[str]:
    """The history of each record the document's history names that is no longer there."""
    kept = {record["id"] for key in RECORD_LISTS for record in document[key]}
    return [
        f"{base}/{COLLECTIONS[entry['record_kind']]}/{entry['record_id']}/history"
        for entry in document["history"]
        if entry["record_kind"] in COLLECTIONS and entry["record_id"] not in kept
    ]


def api_reads(document: dict[str, Any]) -> list[str]:
    """Every JSON read of the exported client: the client list, its record lists, tree, graph
    and legacy review, each record and its history (deleted records' too), the coach's week.
    (The pages read the filtered tree and graph and the weeks of other days through the same
    services, and show more of them.)"""
    client = f"{API}/clients/{document['client']['id']}"
    reads = [
        f"{API}/clients",
        client,
        f"{client}/history",
        f"{client}/activity",
        f"{client}/tree",
        f"{client}/graph",
        f"{client}/legacy-links",
        f"{client}/commitments?overdue=true&changed_by_client=since_last_session",
        *(f"{client}/{path}" for path in RECORD_LISTS),
    ]
    for path in RECORD_LISTS:
        for record in document[path]:
            reads += [f"{API}/{path}/{record['id']}", f"{API}/{path}/{record['id']}/history"]
    reads += [f"{API}/sessions/{s['id']}/topics" for s in document["sessions"]]
    reads += [f"{API}/commitments/{c['id']}/reflections" for c in document["commitments"]]
    return [*reads, *histories(document, API), f"{API}/dashboard"]


def page_reads(document: dict[str, Any]) -> list[str]:
    """Every page of the exported client: the client list, the overview, its edit form and
    portal preview, each tab (filtered too), each record's page, edit form and history page
    (deleted records' too), and the coach's week."""
    client = f"/clients/{document['client']['id']}"
    reads = [
        "/clients?show=all",
        client,
        f"{client}/edit",
        f"{client}/portal-preview",
        f"{client}/activity",
        f"{client}/tree",
        f"{client}/graph",
        f"{client}/review",
        f"{client}/commitments?show_done=1&changed_by_client=since_last_session",
        f"{client}/commitments?due=overdue",
        *(f"{client}/{tab}" for tab in RECORD_LISTS),
        *(
            f"{client}/{tab}?{query}"
            for tab in ("tree", "graph")
            for query in goal_filter(document)
        ),
    ]
    for tab in RECORD_LISTS:
        for record in document[tab]:
            page = f"{client}/{tab}/{record['id']}"
            reads += [page, f"{page}/edit", f"{page}/history"]
    return [*reads, *histories(document, client), *(f"/{query}" for query in weeks(document))]


def a_word_of(document: dict[str, Any]) -> str:
    """A word the search should find: the first of the client's name or of a goal's title."""
    titles = [document["client"]["name"], *(g["title"] for g in document["goals"])]
    words = [word for title in titles for word in re.findall(r"\w+", title)]
    return words[0][:200] if words else "a"


def failures(browser: TestClient, urls: list[str]) -> list[tuple[str, int, str]]:
    """Each read that did not answer 200, with the end of its answer."""
    answers = ((url, browser.get(url)) for url in urls)
    return [(url, r.status_code, r.text[-2000:]) for url, r in answers if r.status_code != 200]


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(generated=documents(WIDE), zone=st.sampled_from(ZONES))
def test_an_imported_client_exports_and_every_page_of_it_answers(
    api: TestClient, pages: TestClient, calendar_feed: str, generated: dict[str, Any], zone: str
) -> None:
    assert api.patch(f"{API}/me", json={"time_zone": zone}).status_code == 200
    imported = api.post(f"{API}/clients/import", json=generated)
    if imported.status_code == 422:
        reject()
    assert imported.status_code == 201, imported.text
    client_id = uuid.UUID(imported.json()["id"])
    try:
        exported = api.get(f"{API}/clients/{client_id}/export")
        assert exported.status_code == 200, exported.text
        document = exported.json()
        search = f"search?{urlencode({'q': a_word_of(document)})}"
        exports = [f"{API}/clients/{client_id}/export?format=csv", f"{API}/export"]
        assert failures(api, [*exports, *api_reads(document), f"{API}/{search}"]) == []
        assert failures(pages, [*page_reads(document), f"/{search}", calendar_feed]) == []
    finally:
        # The next example's week, search and account export are of its own client alone.
        api.delete(f"{API}/clients/{client_id}")
