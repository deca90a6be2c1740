"""The search page and the header's search box, as a browser without JavaScript sees them."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionUpdate
from coachboard.web.pages.search import Fragment, fragments
from tests.commitments.records import Records


def results(html: str) -> list[tuple[str, str, str]]:
    """(kind, title, link) of each result listed."""
    return re.findall(
        r'<span class="tag">([^<]*)</span>\s*<a class="search-result__title" href="([^"]*)">'
        r"([^<]*)</a>",
        html,
    )


def test_the_header_has_a_search_box_for_a_signed_in_coach_only(
    pages: TestClient, anonymous: TestClient
) -> None:
    assert 'action="/search" role="search" aria-label="All records"' in pages.get("/clients").text
    assert 'id="masthead-search"' in pages.get("/clients").text
    assert 'id="masthead-search"' not in anonymous.get("/sign-in").text


def test_results_show_kind_title_link_client_and_marked_snippet(
    pages: TestClient, db: Session, coach: User
) -> None:
    records = Records(db, coach)
    client = records.client("Ana Núñez")
    outcome = records.target(client, "Send the deck")
    session = records.session(client, title="")
    commitment = records.commitment(client, "Polish slides", description="the deck & plan < budget")
    records.sprint(client, "Deck sprint")
    sessions.update(
        db, coach=coach, session_id=session.id, fields=SessionUpdate(notes="Review the deck")
    )

    html = pages.get("/search", params={"q": "deck"}).text

    found = {(kind, title): link for kind, link, title in results(html)}
    assert set(found) == {
        ("Outcome", "Send the deck"),
        ("Sprint", "Deck sprint"),
        ("Session", "Session"),
        ("Commitment", "Polish slides"),
    }
    assert found["Outcome", "Send the deck"] == (
        f"/clients/{client.id}/targets/{outcome.id}?next=%2Fclients%2F{client.id}%2Ftargets"
    )
    assert found["Session", "Session"] == f"/clients/{client.id}/sessions/{session.id}"
    assert (
        f"/clients/{client.id}/commitments/{commitment.id}?" in found["Commitment", "Polish slides"]
    )
    assert f'<a href="/clients/{client.id}">Ana Núñez</a>' in html
    # The coach's text is escaped; only the matched word is marked.
    assert "the <mark>deck</mark> &amp; plan &lt; budget" in html
    assert "4 records match “deck”." in html


@pytest.mark.parametrize(
    ("q", "words"),
    [
        ("nothing-like-it", "Nothing matches “nothing-like-it”."),
        ("!!!", "Search for words made of letters or digits."),
        ("", "Type words to find clients, goals, outcomes, sprints, sessions and commitments."),
    ],
)
def test_an_empty_result_says_so_in_plain_words(
    pages: TestClient, dana: object, q: str, words: str
) -> None:
    html = pages.get("/search", params={"q": q}).text

    assert words in html
    assert results(html) == []


def test_another_coachs_records_never_show(
    pages: TestClient, other_pages: TestClient, db: Session, coach: User, other_coach: User
) -> None:
    Records(db, coach).client("Shared Name")
    Records(db, other_coach).client("Shared Name")

    mine = results(pages.get("/search", params={"q": "shared"}).text)
    theirs = results(other_pages.get("/search", params={"q": "shared"}).text)

    assert len(mine) == len(theirs) == 1
    assert mine != theirs


def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(anonymous: TestClient) -> None:
    response = anonymous.get("/search?q=deck", follow_redirects=False)

    assert response.status_code in (302, 303)
    assert response.headers["location"] == "/sign-in?next=%2Fsearch%3Fq%3Ddeck"


def test_a_very_long_text_is_cut_rather_than_refused(pages: TestClient) -> None:
    assert pages.get("/search", params={"q": "deck " * 100}).status_code == 200


@pytest.mark.parametrize(
    ("snippet", "pieces"),
    [
        ("", []),
        ("plain", [Fragment("plain", False)]),
        ("a \x02b\x03 c", [Fragment("a ", False), Fragment("b", True), Fragment(" c", False)]),
        ("\x02b\x03\x02c\x03", [Fragment("b", True), Fragment("c", True)]),
        ("stray \x02 only", [Fragment("stray  only", False)]),
        ("<i>\x02x\x03", [Fragment("<i>", False), Fragment("x", True)]),
    ],
)
def test_a_snippet_becomes_plain_and_marked_pieces(snippet: str, pieces: list[Fragment]) -> None:
    assert fragments(snippet) == pieces
