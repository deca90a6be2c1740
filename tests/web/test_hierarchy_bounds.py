"""The Tree and Graph tabs of a large client: an outcome in full once and a line pointing there
elsewhere, ten goals a page, every group cut short saying how many more and where, and a graph
too large to draw whole drawing what fits and offering one goal's part."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from tests.dense_client import Shape, dense_client
from tests.web.test_hierarchy_pages import shown


def test_the_tree_shows_ten_goals_a_page_with_links_to_the_others_keeping_the_filters(
    pages: TestClient, db: Session, coach: User
) -> None:
    dense = dense_client(db, coach, "Dana", Shape(12, 1, 1, 2, 12, 1, 1))
    base = f"/clients/{dense.client.id}/tree"

    first = pages.get(base, params={"commitment_status": "open"}).text
    second = pages.get(base, params={"commitment_status": "open", "page": "2"}).text

    assert len(shown(first, "goal")) == 10 and len(shown(second, "goal")) == 2
    assert "Goals 1\N{EN DASH}10 of 12" in first and "Goals 11\N{EN DASH}12 of 12" in second
    assert f'href="{base}?commitment_status=open&amp;page=2" rel="next"' in first
    assert f'href="{base}?commitment_status=open" rel="prev"' in second
    # The outcome is in full under Goal 1; page 2 sends the coach back to page 1 to see it.
    outcome = dense.target_ids[0]
    assert f'href="{base}?commitment_status=open#outcome-{outcome}"' in second


def test_a_page_past_the_last_shows_the_last(pages: TestClient, db: Session, coach: User) -> None:
    dense = dense_client(db, coach, "Dana", Shape(12, 1, 1, 1, 1, 1, 1))

    html = pages.get(f"/clients/{dense.client.id}/tree", params={"page": "9"}).text

    assert len(shown(html, "goal")) == 2 and "page 2 of 2" in html


def test_every_group_cut_short_says_how_many_more_and_where_they_are(
    pages: TestClient, db: Session, coach: User
) -> None:
    # One goal with 22 outcomes, each in 12 sprints and 11 commitments.
    dense = dense_client(db, coach, "Dana", Shape(1, 22, 12, 11, 1, 12, 22))
    client, goal, outcome = dense.client.id, dense.goal_ids[0], dense.target_ids[0]

    html = pages.get(f"/clients/{client}/tree").text

    more_outcomes = f'href="/clients/{client}/targets?goal_id={goal}">and 2 more outcomes'
    more_commitments = f'href="/clients/{client}/commitments?target_id={outcome}">and 1 more'
    assert f"{more_outcomes} of this goal</a>" in html
    assert f"{more_commitments} commitment in the Commitments tab</a>" in html
    assert html.count("and 2 more sprints in its form") == 20


def test_a_graph_too_large_to_draw_whole_draws_what_fits_and_offers_a_goals_part(
    pages: TestClient, db: Session, coach: User
) -> None:
    dense = dense_client(db, coach, "Dana", Shape(3, 30, 40, 40, 2, 34, 1))
    url = f"/clients/{dense.client.id}/graph"

    whole = pages.get(url).text
    one_goal = pages.get(url, params={"goal_id": str(dense.goal_ids[0])}).text

    assert "Too many to draw at once" in whole and "Pick a goal above to draw its part." in whole
    assert whole.count('<a class="node node--goal') == 3
    assert whole.count('<a class="node node--target') == 30 and "node--sprint" not in whole
    assert "3 goals, 30 outcomes, 40 sprints and 40 commitments, joined by 1,120 links" in whole
    assert "Too many to draw at once" not in one_goal
    assert one_goal.count('<a class="node node--goal') == 1
    assert f'<option value="{dense.goal_ids[0]}" selected>' in one_goal
