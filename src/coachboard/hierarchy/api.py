"""Routes of the read models that span concepts: a client's tree and graph."""

import uuid

from fastapi import APIRouter

from coachboard.accounts.dependencies import CurrentCoach
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.dependencies import DbSession
from coachboard.hierarchy import graph, tree
from coachboard.hierarchy.schemas import ClientGraph, ClientTree

NOT_FOUND = {404: {"description": "No such client (or goal, sprint filter), or not yours"}}

router = APIRouter(prefix="/clients/{client_id}", tags=["hierarchy"])


@router.get("/tree", response_model=ClientTree, responses=NOT_FOUND)
def read_tree(
    session: DbSession,
    coach: CurrentCoach,
    client_id: uuid.UUID,
    goal_id: uuid.UUID | None = None,
    sprint_id: uuid.UUID | None = None,
    commitment_status: CommitmentStatus | None = None,
) -> ClientTree:
    """Goals → outcomes → each outcome's sprints and commitments, plus what is unlinked.

    Filters keep the hierarchy above what matches: `sprint_id` keeps the outcomes in that
    sprint and their goals; `commitment_status` keeps the commitments of that status, the
    outcomes that have one and their goals. An outcome under several goals appears under each.
    """
    return tree.build(
        session,
        coach=coach,
        client_id=client_id,
        goal_id=goal_id,
        sprint_id=sprint_id,
        commitment_status=commitment_status,
    )


@router.get("/graph", response_model=ClientGraph, responses=NOT_FOUND)
def read_graph(session: DbSession, coach: CurrentCoach, client_id: uuid.UUID) -> ClientGraph:
    """Every goal, outcome, sprint and commitment as a node, and one edge per link row."""
    return graph.build(session, coach=coach, client_id=client_id)
