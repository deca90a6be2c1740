"""A record's read page: its fields, its links both ways (each a link to the linked record's own
page), Edit and Delete behind buttons; another coach's record is not found; a big client's page
is bounded and takes as many statements as a small one's."""

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.hierarchy.record_views import COMMITMENTS_SHOWN, SHOWN
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from tests.dense_client import BIG, SMALL, dense_client
from tests.querycount import count_statements
from tests.web.records import Records


@pytest.fixture
def records(db: Session, coach: User, dana: Client) -> Records:
    return Records(db, coach, dana)


def section(html: str, links: str) -> str:
    """A read page's list of linked records (data-links="goals" …) and its "more" note."""
    match = re.search(rf'<ul class="record-list[^"]*" data-links="{links}">(.*?)</ul>', html, re.S)
    assert match, f"no {links} list"
    return match.group(1)


def linked(html: str, links: str) -> list[tuple[str, str]]:
    """(href, title) of each record a read page's list links to."""
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', section(html, links))


def test_a_goals_page_shows_its_fields_and_its_outcomes_with_their_commitments(
    pages: TestClient, records: Records
) -> None:
    spanish = records.goal(
        "Speak Spanish",
        description="Hold a conversation.\n<b>Not bold</b>",
        target_date=date(2026, 6, 30),
    )
    dinner = records.outcome("Order dinner", goals=[spanish])
    records.outcome("Unrelated")
    lessons = records.commitment("Book lessons", outcomes=[dinner])
    base = records.url

    html = pages.get(f"{base}/goals/{spanish.id}").text

    assert '<h2 id="record-title">Speak Spanish' in html
    assert '<time datetime="2026-06-30">30 Jun 2026</time>' in html
    assert "Hold a conversation.\n&lt;b&gt;Not bold&lt;/b&gt;" in html  # text, not markup
    assert "Active" in html
    outcomes = section(html, "outcomes")
    assert f'<a href="{base}/targets/{dinner.id}">Order dinner</a>' in outcomes
    assert f'<a href="{base}/commitments/{lessons.id}">Book lessons</a>' in outcomes
    assert "Unrelated" not in html
    here = f"{base}/goals/{spanish.id}"
    assert f'href="{here}/edit?next={here}" data-dialog>Edit' in html
    assert f'href="{here}/delete?next={base}/goals" data-dialog>Delete' in html


def test_goal_sprint_and_outcome_pages_show_progress_and_health_under_the_title(
    pages: TestClient, records: Records
) -> None:
    fit = records.goal("Get fit")
    base_weeks = records.sprint("Base weeks")
    run = records.outcome("Run 10 km", goals=[fit], sprints=[base_weeks])
    records.outcome("Swim 1 km", goals=[fit])
    records.commitment("Buy shoes", outcomes=[run], status="done")
    records.commitment("Run 3 times", outcomes=[run])

    goal_page = pages.get(f"{records.url}/goals/{fit.id}").text
    sprint_page = pages.get(f"{records.url}/sprints/{base_weeks.id}").text
    outcome_page = pages.get(f"{records.url}/targets/{run.id}").text

    # Run 10 km is half done, Swim 1 km has nothing yet: the goal is a quarter of the way.
    goal_line = re.search(r'data-progress-of="goal">(.*?)</p>', goal_page, re.S)
    assert goal_line and "25%" in goal_line.group(1)
    assert "1 of 2 commitments done" in goal_line.group(1)
    assert "0 of 2 outcomes achieved" in goal_line.group(1)
    assert 'data-health="' in goal_line.group(1)
    assert "50%" in section(goal_page, "outcomes")  # each outcome's own share
    sprint_line = re.search(r'data-progress-of="sprint">(.*?)</p>', sprint_page, re.S)
    assert sprint_line and "1 of 2 commitments done" in sprint_line.group(1)
    outcome_line = re.search(r'data-progress-of="outcome">(.*?)</p>', outcome_page, re.S)
    assert outcome_line and "50%" in outcome_line.group(1)


def test_an_outcomes_page_links_its_goals_sprints_and_commitments_both_ways(
    pages: TestClient, records: Records
) -> None:
    spanish, travel = records.goal("Speak Spanish"), records.goal("Travel more")
    january = records.sprint("January")
    dinner = records.outcome("Order dinner", goals=[travel, spanish], sprints=[january])
    lessons = records.commitment("Book lessons", outcomes=[dinner])
    base = records.url

    html = pages.get(f"{base}/targets/{dinner.id}").text

    assert linked(html, "goals") == [
        (f"{base}/goals/{travel.id}", "Travel more"),
        (f"{base}/goals/{spanish.id}", "Speak Spanish"),
    ]
    assert linked(html, "sprints") == [(f"{base}/sprints/{january.id}", "January")]
    assert linked(html, "commitments") == [(f"{base}/commitments/{lessons.id}", "Book lessons")]
    # and back: the goal's, the sprint's and the commitment's pages name the outcome
    outcome_link = (f"{base}/targets/{dinner.id}", "Order dinner")
    assert outcome_link in linked(pages.get(f"{base}/goals/{spanish.id}").text, "outcomes")
    assert linked(pages.get(f"{base}/sprints/{january.id}").text, "outcomes") == [outcome_link]
    assert linked(pages.get(f"{base}/commitments/{lessons.id}").text, "outcomes") == [outcome_link]


def test_a_sprints_page_shows_its_dates_outcomes_and_the_goals_reached_through_them(
    pages: TestClient, records: Records
) -> None:
    spanish = records.goal("Speak Spanish")
    records.goal("Unreached")
    january = records.sprint("January", date(2026, 1, 5), date(2026, 2, 15))
    dinner = records.outcome("Order dinner", goals=[spanish], sprints=[january])
    base = records.url

    html = pages.get(f"{base}/sprints/{january.id}").text

    assert "5 Jan 2026</time>" in html and "15 Feb 2026" in html
    assert linked(html, "outcomes") == [(f"{base}/targets/{dinner.id}", "Order dinner")]
    assert linked(html, "goals") == [(f"{base}/goals/{spanish.id}", "Speak Spanish")]
    assert "Unreached" not in html


def test_a_commitments_page_shows_its_outcomes_goals_sprints_and_session(
    pages: TestClient, records: Records
) -> None:
    spanish = records.goal("Speak Spanish")
    january = records.sprint("January")
    dinner = records.outcome("Order dinner", goals=[spanish], sprints=[january])
    kickoff = records.session(date(2026, 1, 12), "Kickoff")
    lessons = records.commitment(
        "Book lessons", outcomes=[dinner], session=kickoff, due_date=date(2026, 1, 20)
    )
    base = records.url

    html = pages.get(f"{base}/commitments/{lessons.id}").text

    assert '<time datetime="2026-01-20">20 Jan 2026</time>' in html
    assert linked(html, "outcomes") == [(f"{base}/targets/{dinner.id}", "Order dinner")]
    assert linked(html, "goals") == [(f"{base}/goals/{spanish.id}", "Speak Spanish")]
    assert linked(html, "sprints") == [(f"{base}/sprints/{january.id}", "January")]
    assert f'<a href="{base}/sessions/{kickoff.id}">Kickoff · <time' in html


def test_a_record_page_opened_from_the_tree_leads_back_there(
    pages: TestClient, records: Records
) -> None:
    spanish = records.goal("Speak Spanish")
    tree = f"{records.url}/tree?goal_id={spanish.id}"

    html = pages.get(f"{records.url}/goals/{spanish.id}", params={"next": tree}).text
    plain = pages.get(f"{records.url}/goals/{spanish.id}").text

    assert f'<a href="{tree.replace("&", "&amp;")}">← Back</a>' in html
    here = f"{records.url}/goals/{spanish.id}"
    assert (
        f'href="{here}/edit?next={here}%3Fnext%3D' in html
    )  # the form comes back, way back and all
    assert f'<a href="{records.url}/goals">← All goals</a>' in plain


@pytest.mark.parametrize("tab", ["goals", "targets", "sprints", "commitments"])
def test_another_coachs_record_page_is_not_found(
    other_pages: TestClient, records: Records, tab: str
) -> None:
    goal = records.goal("Speak Spanish")
    outcome = records.outcome("Order dinner", goals=[goal])
    made = {
        "goals": goal,
        "targets": outcome,
        "sprints": records.sprint("January"),
        "commitments": records.commitment("Book lessons", outcomes=[outcome]),
    }[tab]

    response = other_pages.get(f"{records.url}/{tab}/{made.id}")

    assert response.status_code == 404
    assert made.title not in response.text


def test_a_record_of_another_client_is_not_found_under_this_client(
    pages: TestClient, records: Records, db: Session, coach: User
) -> None:
    goal = records.goal("Speak Spanish")
    eli = clients.create(db, coach=coach, fields=ClientCreate(name="Eli"))

    assert pages.get(f"/clients/{eli.id}/goals/{goal.id}").status_code == 404


def test_record_lists_link_each_title_to_its_read_page(pages: TestClient, records: Records) -> None:
    spanish = records.goal("Speak Spanish")
    dinner = records.outcome("Order dinner", goals=[spanish])
    lessons = records.commitment("Book lessons", outcomes=[dinner])
    base = records.url

    assert (
        f'<a href="{base}/goals/{spanish.id}">Speak Spanish</a>' in pages.get(f"{base}/goals").text
    )
    assert (
        f'<a href="{base}/targets/{dinner.id}">Order dinner</a>'
        in pages.get(f"{base}/targets").text
    )
    listed = pages.get(f"{base}/commitments").text
    assert f'<a href="{base}/commitments/{lessons.id}">Book lessons</a>' in listed


def test_a_big_clients_record_pages_are_bounded_and_take_as_many_statements_as_a_small_ones(
    pages: TestClient, db: Session, coach: User, engine: Engine
) -> None:
    big = dense_client(db, coach, "Dense", BIG)
    small = dense_client(db, coach, "Sparse", SMALL)

    def pages_of(client) -> dict[str, str]:
        base = f"/clients/{client.client.id}"
        return {
            "goal": f"{base}/goals/{client.goal_ids[0]}",
            "outcome": f"{base}/targets/{client.target_ids[0]}",
            "sprint": f"{base}/sprints/{client.sprint_ids[0]}",
            "commitment": f"{base}/commitments/{client.commitment_ids[0]}",
        }

    counts, htmls = {}, {}
    for kind, path in pages_of(big).items():
        with count_statements(engine) as log:
            response = pages.get(path)
        assert response.status_code == 200, path
        counts[kind], htmls[kind] = log.count, response.text
    for kind, path in pages_of(small).items():
        with count_statements(engine) as log:
            assert pages.get(path).status_code == 200, path
        counts[kind] -= log.count

    assert counts == {"goal": 0, "outcome": 0, "sprint": 0, "commitment": 0}
    goal_page = htmls["goal"]
    # SHOWN outcomes, each with its first commitments and a link to the rest
    assert goal_page.count('<li id="outcome-') == SHOWN
    first = re.search(r'<li id="outcome-.*?</ul>', goal_page, re.S)
    assert first is not None and first.group(0).count("/commitments/") == COMMITMENTS_SHOWN
    more = re.search(r'data-more="outcomes"><a href="([^"]+)">(\d+) more outcomes', goal_page)
    assert more is not None and int(more.group(2)) > 0
    assert f"targets?goal_id={big.goal_ids[0]}&amp;show_done=1" in more.group(1)
    assert len(re.findall(r'data-more="commitments"><a href="[^"]*target_id=', goal_page)) == SHOWN
    assert len(linked(htmls["outcome"], "goals")) == SHOWN  # of 40
    assert 'data-more="goals"><span class="muted">and 20 more</span>' in htmls["outcome"]
    assert len(linked(htmls["commitment"], "outcomes")) == SHOWN
