"""The service functions the pages call: tree.build, graph.build, and the layout of a graph."""

import pytest
from sqlalchemy.orm import Session

from coachboard.core.errors import InvalidInput, NotFound
from coachboard.hierarchy import graph, layout, tree
from coachboard.models.accounts import User
from tests.hierarchy.conftest import Example


def test_the_tree_holds_an_outcome_in_full_under_its_first_goal_and_a_reference_elsewhere(
    db: Session, coach: User, example: Example
) -> None:
    client_tree = tree.build(db, coach=coach, client_id=example.client.id)

    fitness, marathon = client_tree.goals
    full, ref = fitness.targets[0], marathon.targets[0]
    assert full.id == ref.id == example.run_10k.id
    assert not full.ref and len(full.commitments) == 2
    assert ref.ref and ref.first_goal_id == fitness.id and ref.commitments == []


def test_a_page_may_pass_the_commitment_status_as_text(
    db: Session, coach: User, example: Example
) -> None:
    done = tree.build(db, coach=coach, client_id=example.client.id, commitment_status="done")

    assert done.filters.commitment_status == "done"
    assert [c.title for c in done.goals[0].targets[0].commitments] == ["Buy shoes"]
    with pytest.raises(InvalidInput, match="commitment_status"):
        tree.build(db, coach=coach, client_id=example.client.id, commitment_status="finished")


def test_another_coach_gets_not_found_from_the_services(
    db: Session, other_coach: User, example: Example
) -> None:
    with pytest.raises(NotFound):
        tree.build(db, coach=other_coach, client_id=example.client.id)
    with pytest.raises(NotFound):
        graph.build(db, coach=other_coach, client_id=example.client.id)


def test_the_graph_page_pipeline_draws_every_record_and_link(
    db: Session, coach: User, example: Example
) -> None:
    client_graph = graph.build(db, coach=coach, client_id=example.client.id)

    drawing = layout.layout(client_graph)

    assert {n.id for n in drawing.nodes} == {n.id for n in client_graph.nodes}
    assert {e.id for e in drawing.edges} == {e.id for e in client_graph.edges}
    assert layout.count_crossings(drawing) == 0
