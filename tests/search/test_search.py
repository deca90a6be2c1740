"""Search through the API, on both databases: which words find which records, in what order,
that the index follows every change in the change's own transaction, tenancy, validation and
the statement count."""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from coachboard.core.database import transaction
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalUpdate
from coachboard.models.accounts import User
from coachboard.search import service as search
from tests.querycount import count_statements

API = "/api/v1"
MARK, UNMARK = "\x02", "\x03"


def post(api: TestClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(API + path, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def client_with_everything(api: TestClient, name: str = "Ana Núñez") -> dict[str, str]:
    """One record of each kind, with words in titles and in notes/descriptions."""
    client = post(api, "/clients", {"name": name, "notes": "Prefers early mornings"})
    cid = client["id"]
    goal = post(
        api,
        f"/clients/{cid}/goals",
        {"title": "Launch the podcast", "description": "Weekly episodes on leadership"},
    )
    outcome = post(api, f"/clients/{cid}/targets", {"title": "Send the deck to investors"})
    sprint = post(
        api,
        f"/clients/{cid}/sprints",
        {
            "title": "Fundraising push",
            "description": "Six weeks of investor meetings",
            "start_date": "2026-03-02",
            "end_date": "2026-04-13",
        },
    )
    session = post(
        api,
        f"/clients/{cid}/sessions",
        {"session_date": "2026-03-02", "title": "Kick-off", "notes": "Agreed to send the deck"},
    )
    commitment = post(
        api,
        f"/clients/{cid}/commitments",
        {"title": "Call Zoë at the café", "description": "Ask about ÆON's pitch"},
    )
    return {
        "client": cid,
        "goal": goal["id"],
        "target": outcome["id"],
        "sprint": sprint["id"],
        "session": session["id"],
        "commitment": commitment["id"],
    }


def found(api: TestClient, q: str, **params: Any) -> list[tuple[str, str]]:
    response = api.get(f"{API}/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return [(item["kind"], item["title"]) for item in response.json()["items"]]


OUTCOME = ("target", "Send the deck to investors")
SESSION = ("session", "Kick-off")
COMMITMENT = ("commitment", "Call Zoë at the café")

# q -> what it finds (in order when more than one)
CASES = {
    "deck sen": [OUTCOME, SESSION],  # any order, the last word as a prefix
    "SEND DECK": [OUTCOME, SESSION],  # any case
    "investors deck the send": [OUTCOME],
    "sen deck": [],  # only the last word is a prefix
    "podcast": [("goal", "Launch the podcast")],
    "leadership": [("goal", "Launch the podcast")],  # a description
    "mornings": [("client", "Ana Núñez")],  # a client's notes
    "núñez": [("client", "Ana Núñez")],  # unicode, any case
    "NÚÑ": [("client", "Ana Núñez")],
    "fundraising": [("sprint", "Fundraising push")],
    "investor": [OUTCOME, ("sprint", "Fundraising push")],  # title before description
    "kick": [SESSION],
    "zoë": [COMMITMENT],
    "ZOË CAFÉ": [COMMITMENT],
    "æon": [COMMITMENT],
    "deck, send!": [OUTCOME, SESSION],  # punctuation separates words
    "  deck  ": [OUTCOME, SESSION],
    "bogus": [],
}


@pytest.mark.parametrize("q", CASES)
def test_words_find_records_in_any_order_and_case_the_last_as_a_prefix(
    api: TestClient, q: str
) -> None:
    client_with_everything(api)

    assert found(api, q) == CASES[q]


def test_each_hit_names_its_record_client_and_marks_the_words_in_its_snippet(
    api: TestClient,
) -> None:
    ids = client_with_everything(api)

    answer = api.get(f"{API}/search", params={"q": "deck"}).json()

    assert answer["total"] == 2
    outcome, session = answer["items"]
    assert outcome == {
        "kind": "target",
        "id": ids["target"],
        "title": "Send the deck to investors",
        "client": {"id": ids["client"], "name": "Ana Núñez"},
        "snippet": "",
    }
    assert session["id"] == ids["session"]
    assert session["snippet"] == f"Agreed to send the {MARK}deck{UNMARK}"


def test_diacritics_are_folded_by_sqlite_only(api: TestClient, backend: str) -> None:
    """SQLite's unicode61 tokenizer removes diacritics; PostgreSQL's 'simple' configuration
    keeps them (unaccent would need an extension): "cafe" finds "café" on SQLite alone."""
    client_with_everything(api)

    assert found(api, "cafe") == ([COMMITMENT] if backend == "sqlite" else [])
    assert found(api, "café") == [COMMITMENT]


def test_a_title_match_ranks_above_notes_that_repeat_the_words(api: TestClient) -> None:
    cid = post(api, "/clients", {"name": "Sam Rivera"})["id"]
    post(
        api,
        f"/clients/{cid}/goals",
        {"title": "Notes", "description": "budget budget budget budget review budget"},
    )
    post(api, f"/clients/{cid}/goals", {"title": "A long title with the budget in it"})

    assert found(api, "budget") == [
        ("goal", "A long title with the budget in it"),
        ("goal", "Notes"),
    ]


def test_limit_cuts_the_items_and_total_counts_them_all(api: TestClient) -> None:
    cid = post(api, "/clients", {"name": "Sam Rivera"})["id"]
    for n in range(7):
        post(api, f"/clients/{cid}/commitments", {"title": f"Walk {n} km"})

    answer = api.get(f"{API}/search", params={"q": "walk", "limit": 3}).json()

    assert [item["title"] for item in answer["items"]] == ["Walk 0 km", "Walk 1 km", "Walk 2 km"]
    assert answer["total"] == 7


def test_an_edit_is_found_at_once_and_the_old_words_no_longer(api: TestClient) -> None:
    ids = client_with_everything(api)

    assert api.patch(f"{API}/goals/{ids['goal']}", json={"title": "Write the book"}).is_success
    assert api.patch(
        f"{API}/sessions/{ids['session']}", json={"notes": "Talked about the book"}
    ).is_success

    assert found(api, "book") == [("goal", "Write the book"), SESSION]
    assert found(api, "podcast") == []
    assert found(api, "deck") == [OUTCOME]


def test_the_index_follows_a_change_inside_its_transaction_and_a_rollback_undoes_it(
    api: TestClient, db: Session, coach: User
) -> None:
    ids = client_with_everything(api)

    def titles(words: str) -> list[str]:
        return [hit.title for hit in search.search(db, coach=coach, text=words, limit=5).items]

    with pytest.raises(RuntimeError), transaction(db):
        goal_id = uuid.UUID(ids["goal"])
        goals.update(db, coach=coach, goal_id=goal_id, fields=GoalUpdate(title="Write a book"))
        db.flush()
        # The same transaction, not yet committed, already finds the new words.
        assert titles("book") == ["Write a book"]
        assert titles("podcast") == []
        raise RuntimeError("roll back")

    assert titles("book") == []
    assert titles("podcast") == ["Launch the podcast"]
    assert found(api, "podcast") == [("goal", "Launch the podcast")]


@pytest.mark.parametrize("kind", ["goal", "target", "sprint", "session", "commitment"])
def test_a_deleted_record_is_no_longer_found(api: TestClient, kind: str) -> None:
    ids = client_with_everything(api)
    before = found(api, "deck investors launch fundraising kick zoë")  # nothing has them all
    assert before == []
    words = {
        "goal": "podcast",
        "target": "investors",
        "sprint": "fundraising",
        "session": "kick",
        "commitment": "zoë",
    }
    assert kind in {k for k, _ in found(api, words[kind])}

    assert api.delete(f"{API}/{kind}s/{ids[kind]}").status_code == 204

    assert kind not in {k for k, _ in found(api, words[kind])}


def test_deleting_a_client_removes_everything_of_theirs_from_the_index(
    api: TestClient, engine: Engine, backend: str
) -> None:
    ids = client_with_everything(api)
    client_with_everything(api, name="Bo Other")

    # One DELETE of the client row: the database cascades to every record under it.
    assert api.delete(f"{API}/clients/{ids['client']}").status_code == 204

    assert {hit for hit in found(api, "deck")} == {OUTCOME, SESSION}
    everything = api.get(f"{API}/search", params={"q": "deck", "limit": 50}).json()
    assert {item["client"]["name"] for item in everything["items"]} == {"Bo Other"}
    if backend == "sqlite":
        # The cascade's deletes fired the triggers: no row of the index is left behind.
        with engine.connect() as connection:
            left = connection.execute(
                text("SELECT count(*) FROM search_index WHERE client_id = :id"),
                {"id": ids["client"].replace("-", "")},
            ).scalar_one()
            kept = connection.execute(text("SELECT count(*) FROM search_index")).scalar_one()
        assert left == 0
        assert kept == 6


def test_another_coachs_words_never_match(api: TestClient, other_api: TestClient) -> None:
    mine = client_with_everything(api)
    theirs = client_with_everything(other_api, name="Olga Other")
    post(other_api, f"/clients/{theirs['client']}/goals", {"title": "Only the other coach"})

    for q in ("deck", "zoë", "podcast", "mornings"):
        answer = other_api.get(f"{API}/search", params={"q": q}).json()
        assert {item["client"]["id"] for item in answer["items"]} == {theirs["client"]}, q
    assert found(api, "other coach") == []
    assert {item[0] for item in found(api, "podcast")} == {"goal"}
    assert all(
        item["client"]["id"] == mine["client"]
        for item in api.get(f"{API}/search", params={"q": "deck"}).json()["items"]
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "deck", "limit": 0}, "limit"),
        ({"q": "deck", "limit": 51}, "limit"),
        ({"q": "deck", "limit": "many"}, "limit"),
        ({"q": ""}, "q"),
        ({"q": "x" * 201}, "q"),
        ({}, "q"),
    ],
)
def test_a_limit_or_q_out_of_bounds_is_refused_naming_it(
    api: TestClient, params: dict[str, Any], field: str
) -> None:
    response = api.get(f"{API}/search", params=params)

    assert response.status_code == 422
    assert [problem["loc"] for problem in response.json()["detail"]] == [["query", field]]


@pytest.mark.parametrize("q", ["!!!", " ", "___", '"', "*", "& | ! ( ) : * < >", "\x00", "x" * 200])
def test_text_without_a_word_or_full_of_query_syntax_finds_nothing_without_failing(
    api: TestClient, q: str
) -> None:
    client_with_everything(api)

    assert api.get(f"{API}/search", params={"q": q}).json() == {"items": [], "total": 0}


# q -> found: operators of either database's query syntax are only separators.
SYNTAX = {
    '"deck"': [OUTCOME, SESSION],
    "deck*": [OUTCOME, SESSION],
    "deck:*": [OUTCOME, SESSION],
    "(deck) & !send": [OUTCOME, SESSION],  # "!" is no NOT: both words are wanted
    "deck OR podcast": [],  # nor is OR: three words, which no record has
    "title:deck": [],
    "NEAR(deck send)": [],
    "deck\x00": [OUTCOME, SESSION],
    "investors'": [OUTCOME],
}


@pytest.mark.parametrize("q", SYNTAX)
def test_query_syntax_is_taken_as_separators(api: TestClient, q: str) -> None:
    client_with_everything(api)

    assert found(api, q) == SYNTAX[q]


def test_a_search_takes_one_statement_for_few_or_many_records(
    api: TestClient, engine: Engine
) -> None:
    counts = []
    for size in (1, 60):
        cid = post(api, "/clients", {"name": f"Client of {size}"})["id"]
        for n in range(size):
            post(api, f"/clients/{cid}/commitments", {"title": f"Plan {n}", "description": "plan"})
        with count_statements(engine) as log:
            answer = api.get(f"{API}/search", params={"q": "plan", "limit": 50}).json()
        assert len(answer["items"]) == min(answer["total"], 50)
        counts.append(log.count)

    # The token check's reads, and the search's one statement.
    assert counts[0] == counts[1]
    with count_statements(engine) as log:
        api.get(f"{API}/search", params={"q": "plan"})
    searches = [sql for sql in log.statements if "search" in sql.lower() or "@@" in sql]
    assert len(searches) == 1


@pytest.fixture
def everything(api: TestClient) -> dict[str, str]:
    """Records to search, written once for all of a property test's examples."""
    return client_with_everything(api)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(q=st.text(min_size=1, max_size=200))
def test_any_text_answers_a_page_and_never_fails(
    api: TestClient, everything: dict[str, str], q: str
) -> None:
    """Whatever the coach types (quotes, operators, symbols, any script), the answer is a page:
    nothing the text holds reaches either database as query syntax."""
    response = api.get(f"{API}/search", params={"q": q})

    assert response.status_code == 200, (q, response.text)
    answer = response.json()
    assert answer["total"] >= len(answer["items"])
