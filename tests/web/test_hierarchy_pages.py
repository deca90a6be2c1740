"""The Tree, Graph and Review tabs, rendered by the server: what they show, their filters, the
review's forms, tenancy and CSRF."""

import re
import uuid
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from coachboard.core.database import session_factory
from coachboard.goals import service as goals
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from tests.commitments.records import Records
from tests.querycount import count_statements
from tests.web.conftest import submit


@dataclass
class Example:
    """Two goals sharing an outcome; an outcome, a commitment and a sprint linked to nothing."""

    client: Client
    fitness: ClientGoal
    marathon: ClientGoal
    january: Sprint
    february: Sprint
    run_10k: Target
    join_club: Target
    stretch: Target
    run_weekly: Commitment
    buy_shoes: Commitment
    read_book: Commitment


@pytest.fixture
def records(db: Session, coach: User) -> Records:
    return Records(db, coach)


@pytest.fixture
def example(records: Records) -> Example:
    client = records.client("Dana Doe")
    fitness = records.goal(client, "Get fit")
    marathon = records.goal(client, "Run a marathon")
    january = records.sprint(client, "January block")
    february = records.sprint(client, "February block")
    records.sprint(client, "Idle sprint")
    run_10k = records.target(client, "Run 10k", goals=[fitness, marathon], sprints=[january])
    join_club = records.target(client, "Join a club", goals=[marathon], sprints=[february])
    stretch = records.target(client, "Stretch daily", sprints=[january])
    return Example(
        client=client,
        fitness=fitness,
        marathon=marathon,
        january=january,
        february=february,
        run_10k=run_10k,
        join_club=join_club,
        stretch=stretch,
        run_weekly=records.commitment(client, "Run 3x a week", targets=[run_10k]),
        buy_shoes=records.commitment(
            client, "Buy shoes", targets=[run_10k, join_club], status="done"
        ),
        read_book=records.commitment(client, "Read a running book"),
    )


def shown(html: str, kind: str) -> list[str]:
    """The ids of the records of a kind the page shows, in order, as often as shown."""
    return re.findall(rf'data-kind="{kind}" data-id="([0-9a-f-]+)"', html)


def section(html: str, name: str) -> str:
    match = re.search(rf'data-section="{name}".*?</section>', html, re.S)
    return match.group(0) if match else ""


# --- Tree -----------------------------------------------------------------------------------


def test_the_tree_shows_each_goal_its_outcomes_and_their_sprints_and_commitments(
    pages: TestClient, example: Example
) -> None:
    html = pages.get(f"/clients/{example.client.id}/tree").text

    assert shown(html, "goal") == [str(example.fitness.id), str(example.marathon.id)]
    # Run 10k hangs under both its goals; Stretch daily, without a goal, under Unlinked.
    assert shown(html, "target") == [
        str(example.run_10k.id),
        str(example.run_10k.id),
        str(example.join_club.id),
        str(example.stretch.id),
    ]
    assert "Showing 2 goals, 3 outcomes and 3 commitments." in html
    unlinked = section(html, "unlinked")
    assert "Outcomes without a goal" in unlinked and "Stretch daily" in unlinked
    assert "Commitments without an outcome" in unlinked and "Read a running book" in unlinked
    assert "Sprints without an outcome" in unlinked and "Idle sprint" in unlinked
    assert '<span class="status status--done">Done</span>' in html
    assert '<span class="status status--not_started">Not started</span>' in html


def test_an_outcome_under_a_second_goal_is_a_line_pointing_to_its_first_place(
    pages: TestClient, example: Example
) -> None:
    html = pages.get(f"/clients/{example.client.id}/tree").text

    anchor = f"outcome-{example.run_10k.id}"
    assert html.count(f'id="{anchor}"') == 1
    ref = re.search(
        rf'<div class="tree__ref" data-kind="target" data-id="{example.run_10k.id}".*?</div>',
        html,
        re.S,
    )
    assert ref is not None
    assert "also under “Get fit”" in ref.group(0)
    assert f'href="#{anchor}"' in ref.group(0)


def test_every_item_of_the_tree_links_to_its_records_page_and_back_to_the_tree(
    pages: TestClient, example: Example
) -> None:
    base = f"/clients/{example.client.id}"
    html = pages.get(f"{base}/tree", params={"commitment_status": "done"}).text
    back = "?next=" + quote(f"{base}/tree?commitment_status=done", safe="")

    assert f'href="{base}/goals/{example.fitness.id}{back}">Get fit</a>' in html
    assert f'href="{base}/targets/{example.run_10k.id}{back}">Run 10k</a>' in html
    assert f'href="{base}/sprints/{example.january.id}{back}">January block</a>' in html
    assert f'href="{base}/commitments/{example.buy_shoes.id}{back}">Buy shoes</a>' in html


def test_the_tree_folds_without_javascript(pages: TestClient, example: Example) -> None:
    html = pages.get(f"/clients/{example.client.id}/tree").text

    # Two goals, three outcomes in full (Run 10k under its second goal is a line pointing to
    # its first) and the Unlinked section.
    assert html.count("<details") == html.count("<summary") == 2 + 3 + 1
    assert "/static/hierarchy.css?v=" in html and "/static/hierarchy.js?v=" in html


def test_filtering_by_sprint_keeps_its_outcomes_under_their_goals(
    pages: TestClient, example: Example
) -> None:
    response = pages.get(
        f"/clients/{example.client.id}/tree", params={"sprint_id": str(example.january.id)}
    )

    html = response.text
    assert shown(html, "goal") == [str(example.fitness.id), str(example.marathon.id)]
    assert str(example.join_club.id) not in shown(html, "target")
    assert set(shown(html, "target")) == {str(example.run_10k.id), str(example.stretch.id)}
    assert set(shown(html, "sprint")) == {str(example.january.id)}
    assert str(example.read_book.id) not in shown(html, "commitment")
    assert '<span class="filter-chip">Sprint: January block</span>' in html
    assert f'<option value="{example.january.id}" selected>' in html
    assert "Clear filters" in html


def test_filtering_by_goal_keeps_that_goal_only(pages: TestClient, example: Example) -> None:
    html = pages.get(
        f"/clients/{example.client.id}/tree", params={"goal_id": str(example.fitness.id)}
    ).text

    assert shown(html, "goal") == [str(example.fitness.id)]
    assert shown(html, "target") == [str(example.run_10k.id)]
    assert 'data-section="unlinked"' not in html


def test_filtering_by_commitment_status_keeps_the_outcomes_with_such_a_commitment(
    pages: TestClient, example: Example
) -> None:
    html = pages.get(
        f"/clients/{example.client.id}/tree", params={"commitment_status": "done"}
    ).text

    # Under Run 10k, then under Join a club; Run 10k's second place points to its first.
    assert shown(html, "commitment") == [str(example.buy_shoes.id)] * 2
    assert set(shown(html, "target")) == {str(example.run_10k.id), str(example.join_club.id)}
    assert '<span class="filter-chip">Commitments: Done</span>' in html


def test_the_empty_filter_fields_of_the_form_mean_no_filter(
    pages: TestClient, example: Example
) -> None:
    html = pages.get(
        f"/clients/{example.client.id}/tree",
        params={"goal_id": "", "sprint_id": "", "commitment_status": ""},
    ).text

    assert len(shown(html, "goal")) == 2 and "Clear filters" not in html


def test_a_filter_naming_nothing_of_the_client_is_dropped_with_a_notice(
    pages: TestClient, records: Records, example: Example
) -> None:
    elsewhere = records.goal(records.client("Eve Else"), "Not Dana's")

    response = pages.get(
        f"/clients/{example.client.id}/tree",
        params={"goal_id": str(elsewhere.id), "sprint_id": "nonsense", "commitment_status": "x"},
    )

    assert response.status_code == 200
    assert "That goal no longer exists: showing every goal." in response.text
    assert "That sprint no longer exists: showing every sprint." in response.text
    assert "There is no such commitment status: showing all." in response.text
    assert "Not Dana&#39;s" not in response.text and len(shown(response.text, "goal")) == 2


def test_a_filter_that_matches_nothing_says_so(
    pages: TestClient, records: Records, example: Example
) -> None:
    html = pages.get(
        f"/clients/{example.client.id}/tree",
        params={"sprint_id": str(example.february.id), "goal_id": str(example.fitness.id)},
    ).text

    assert "Nothing matches these filters" in html and shown(html, "target") == []


def test_a_client_without_records_gets_a_start_here_tree(
    pages: TestClient, records: Records
) -> None:
    client = records.client("Nova New")

    html = pages.get(f"/clients/{client.id}/tree").text

    assert "Nothing here yet" in html and f'href="/clients/{client.id}/goals"' in html


@pytest.mark.parametrize("tab", ["tree", "graph", "review"])
def test_each_tab_takes_as_many_statements_for_many_records_as_for_few(
    pages: TestClient, engine: Engine, records: Records, example: Example, tab: str
) -> None:
    def statements() -> int:
        with count_statements(engine) as log:
            assert pages.get(f"/clients/{example.client.id}/{tab}").status_code == 200
        return log.count

    def add(count: int) -> None:
        for number in range(count):
            outcome = records.target(example.client, f"More {number}", goals=[example.fitness])
            task = records.commitment(example.client, f"Task {number}", targets=[outcome])
            records.legacy_meta(task, legacy_goal_id=str(example.marathon.id))

    add(2)
    few = statements()
    add(30)

    assert statements() == few


# --- Graph ----------------------------------------------------------------------------------


def link_rows(engine: Engine, client: Client) -> int:
    with session_factory(engine)() as session:
        return sum(
            session.scalar(
                select(func.count())
                .select_from(link)
                .join(owner)
                .where(owner.client_id == client.id)
            )
            or 0
            for link, owner in (
                (TargetGoalLink, Target),
                (TargetSprintLink, Target),
                (CommitmentTargetLink, Commitment),
            )
        )


def test_the_graph_draws_a_node_per_record_and_an_edge_per_link(
    pages: TestClient, engine: Engine, example: Example
) -> None:
    html = pages.get(f"/clients/{example.client.id}/graph").text

    assert html.count('<path class="edge') == link_rows(engine, example.client) == 9
    assert html.count('<a class="node') == 2 + 3 + 3 + 3
    assert (
        'role="region" aria-label="Graph of Dana Doe: 2 goals, 3 outcomes, 3 sprints and '
        '3 commitments, joined by 9 links."' in html
    )


def test_each_graph_node_links_to_its_record_with_its_full_title_as_tooltip(
    pages: TestClient, records: Records, example: Example
) -> None:
    long_title = "Run a sub-four-hour marathon in Berlin next September with the club"
    outcome = records.target(example.client, long_title, goals=[example.marathon])

    html = pages.get(f"/clients/{example.client.id}/graph").text

    node = re.search(rf'<a class="node node--target"[^>]*data-id="{outcome.id}".*?</a>', html, re.S)
    assert node is not None
    page = f"/clients/{example.client.id}/targets/{outcome.id}"
    assert f'href="{page}?next=%2Fclients%2F{example.client.id}%2Fgraph"' in node.group(0)
    assert f'title="Outcome: {long_title} (not started)"' in node.group(0)
    # The whole title is the link's text (its accessible name); the page shows two lines.
    assert f'<span class="node__title">{long_title}</span>' in node.group(0)


def test_graph_boxes_share_the_width_in_three_columns_that_a_phone_switches_between(
    pages: TestClient, example: Example
) -> None:
    html = pages.get(f"/clients/{example.client.id}/graph").text

    boxes = re.findall(
        r'<foreignObject class="graph__box" x="([\d.]+)%" y="[\d.]+" width="([\d.]+)%"', html
    )
    assert len(boxes) == 2 + 3 + 3 + 3
    assert len({x for x, _ in boxes}) == 3 and len({width for _, width in boxes}) == 1
    assert 3 * float(boxes[0][1]) < 100
    assert re.findall(r'<a class="graph-switch__column" href="#([\w-]+)"', html) == [
        "graph-goals",
        "graph-outcomes",
        "graph-sprints",
    ]
    assert 'Goals <span class="graph-switch__count">2</span>' in html


def test_the_graph_lists_its_links_as_text_for_screen_readers(
    pages: TestClient, example: Example
) -> None:
    html = pages.get(f"/clients/{example.client.id}/graph").text
    listed = re.search(r'<details class="card graph-links">.*?</details>', html, re.S)

    assert listed is not None
    assert "Goal → outcome (3)" in listed.group(0)
    assert "Outcome → sprint (3)" in listed.group(0)
    assert "Outcome → commitment (3)" in listed.group(0)
    assert listed.group(0).count("<li>") == 9


def test_the_graph_of_a_goal_that_is_gone_falls_back_to_every_goal_with_a_notice(
    pages: TestClient, example: Example
) -> None:
    html = pages.get(
        f"/clients/{example.client.id}/graph", params={"goal_id": str(uuid.uuid4())}
    ).text

    assert "That goal no longer exists: showing every goal." in html
    assert html.count('<a class="node node--goal') == 2


def test_deleting_a_goal_takes_its_edges_out_of_the_graph_and_tree(
    pages: TestClient, db: Session, coach: User, engine: Engine, example: Example
) -> None:
    goals.delete(db, coach=coach, goal_id=example.marathon.id)

    graph = pages.get(f"/clients/{example.client.id}/graph").text
    tree = pages.get(f"/clients/{example.client.id}/tree").text

    assert graph.count('<path class="edge') == link_rows(engine, example.client) == 7
    assert str(example.marathon.id) not in graph and str(example.marathon.id) not in tree
    assert "Join a club" in section(tree, "unlinked")


def test_a_client_without_records_gets_an_empty_graph_page(
    pages: TestClient, records: Records
) -> None:
    html = pages.get(f"/clients/{records.client('Nova New').id}/graph").text

    assert "Nothing to draw yet" in html and "<svg" not in html


# --- Tenancy and CSRF -----------------------------------------------------------------------


@pytest.mark.parametrize("tab", ["tree", "graph", "review"])
def test_another_coachs_client_is_not_found_on_every_tab(
    other_pages: TestClient, example: Example, tab: str
) -> None:
    response = other_pages.get(f"/clients/{example.client.id}/{tab}")

    assert response.status_code == 404
    assert "Dana Doe" not in response.text and "Get fit" not in response.text


def test_filters_naming_another_coachs_records_show_nothing_of_them(
    other_pages: TestClient, db: Session, other_coach: User, example: Example
) -> None:
    own = Records(db, other_coach).client("Olive's client")

    html = other_pages.get(
        f"/clients/{own.id}/tree", params={"goal_id": str(example.fitness.id)}
    ).text

    assert "That goal no longer exists" in html and "Get fit" not in html


def test_review_posts_are_refused_without_the_csrf_token(
    pages: TestClient, records: Records, example: Example, engine: Engine
) -> None:
    records.legacy_meta(example.read_book, legacy_goal_id=str(example.fitness.id))
    base = f"/clients/{example.client.id}/review/commitment/{example.read_book.id}"

    resolved = pages.post(f"{base}/resolve", data={"target_ids": str(example.run_10k.id)})
    dismissed = pages.post(f"{base}/dismiss", data={"csrf_token": "guessed"})

    assert resolved.status_code == dismissed.status_code == 403
    with session_factory(engine)() as session:
        assert session.get(Commitment, example.read_book.id).meta == {
            "legacy_goal_id": str(example.fitness.id)
        }


def test_another_coach_cannot_resolve_or_dismiss_through_the_review(
    other_pages: TestClient, records: Records, example: Example, engine: Engine
) -> None:
    records.legacy_meta(example.read_book, legacy_goal_id=str(example.fitness.id))
    base = f"/clients/{example.client.id}/review/commitment/{example.read_book.id}"

    resolved = submit(other_pages, f"{base}/resolve", {"target_ids": str(example.run_10k.id)})
    dismissed = submit(other_pages, f"{base}/dismiss")

    assert resolved.status_code == dismissed.status_code == 404
    with session_factory(engine)() as session:
        assert session.get(Commitment, example.read_book.id).meta != {}
