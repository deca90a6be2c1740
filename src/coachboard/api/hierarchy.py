"""Routes of the read models that span concepts: a client's tree and graph."""

import uuid
from typing import Annotated

from fastapi import Depends, Query

from coachboard.api.dependencies import CurrentCoach
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.pagination import MAX_OFFSET, PageParams
from coachboard.hierarchy import graph, tree
from coachboard.hierarchy.schemas import ClientGraph, ClientTree

NOT_FOUND = {404: {"description": "No such client (or goal, sprint filter), or not yours"}}
MAX_GOALS = tree.GOALS_PER_ANSWER

router = api_router(prefix="/clients/{client_id}", tags=["hierarchy"])


def goal_page(
    goal_limit: Annotated[
        int, Query(ge=1, le=MAX_GOALS, description="How many goals at most.")
    ] = MAX_GOALS,
    goal_offset: Annotated[
        int,
        Query(ge=0, le=MAX_OFFSET, description="How many goals (of the filtered tree) to skip."),
    ] = 0,
) -> PageParams:
    return PageParams(limit=goal_limit, offset=goal_offset)


@router.get("/tree", response_model=ClientTree, responses=NOT_FOUND)
def read_tree(
    session: DbSession,
    coach: CurrentCoach,
    client_id: uuid.UUID,
    page: Annotated[PageParams, Depends(goal_page)],
    goal_id: Annotated[
        uuid.UUID | None, Query(description="Only this goal (shown even without outcomes).")
    ] = None,
    sprint_id: Annotated[
        uuid.UUID | None, Query(description="Only the outcomes in this sprint, and their goals.")
    ] = None,
    commitment_status: Annotated[
        CommitmentStatus | None,
        Query(description="Only commitments of this status, their outcomes and their goals."),
    ] = None,
) -> ClientTree:
    """Goals → outcomes → each outcome's sprints and commitments, plus what is unlinked; a
    page of goals at a time (`goal_limit`, `goal_offset`; `goal_page.total` counts them all).

    Filters keep the hierarchy above what matches: `sprint_id` keeps the outcomes in that
    sprint and their goals; `commitment_status` keeps the commitments of that status, the
    outcomes that have one and their goals.

    Bounded whatever the client holds: each goal lists its first 20 outcomes (`target_count`
    counts them all; `GET /clients/{id}/targets?goal_id=` lists the rest), each outcome its
    first 10 sprints and 10 commitments (`sprint_count`, `commitment_count`; the rest through
    `GET /clients/{id}/commitments?target_id=`), and `unlinked` the first 25 of each kind.

    An outcome under several goals is shown in full once, under the first goal that shows it.
    Under its other goals it is a reference: `"ref": true`, `first_goal_id` and
    `first_goal_index` (that goal's position among the tree's goals, perhaps on another page),
    with empty `sprints` and `commitments`.
    """
    return tree.build(
        session,
        coach=coach,
        client_id=client_id,
        goal_id=goal_id,
        sprint_id=sprint_id,
        commitment_status=commitment_status,
        page=page,
    )


@router.get("/graph", response_model=ClientGraph, responses=NOT_FOUND)
def read_graph(
    session: DbSession,
    coach: CurrentCoach,
    client_id: uuid.UUID,
    goal_id: Annotated[
        uuid.UUID | None,
        Query(
            description="Only this goal's part: the goal, its outcomes, their sprints and "
            "commitments, and the links between them."
        ),
    ] = None,
) -> ClientGraph:
    """Every goal, outcome, sprint and commitment as a node, and one edge per link row; or, with
    `goal_id`, one goal's part of the graph.

    At most 200 nodes and 1,000 edges: past that, whole layers are kept from the left while they
    fit (the goals, then the outcomes), `truncated` is true, `totals` counts everything and
    `detail` says what to ask for instead (one goal's part, with `goal_id`).
    """
    return graph.build(session, coach=coach, client_id=client_id, goal_id=goal_id)
