"""A client's graph: every goal, outcome, sprint and commitment, and one edge per link row."""

import uuid

from sqlalchemy.orm import Session

from coachboard.accounts.models import User
from coachboard.clients import service as clients
from coachboard.core.database import transaction
from coachboard.hierarchy import records as client_records
from coachboard.hierarchy.records import ClientRecords
from coachboard.hierarchy.schemas import ClientGraph, EdgeKind, GraphEdge, GraphNode, NodeKind


def build(session: Session, *, coach: User, client_id: uuid.UUID) -> ClientGraph:
    """The coach's client's whole graph; NotFound for a client that is not theirs."""
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        records = client_records.load(session, client_id=client_id)
    return assemble(records, client_id=client_id)


def assemble(records: ClientRecords, *, client_id: uuid.UUID) -> ClientGraph:
    """Nodes goals first, then outcomes, sprints, commitments (each in display order); edges
    outcome→goal, outcome→sprint, commitment→outcome, each in link order."""
    nodes = [
        GraphNode(id=row.id, kind=kind, label=row.title, status=row.status)
        for kind, rows in (
            (NodeKind.goal, records.goals),
            (NodeKind.target, records.targets),
            (NodeKind.sprint, records.sprints),
            (NodeKind.commitment, records.commitments),
        )
        for row in rows
    ]
    edges = [
        GraphEdge(id=row.id, source=row.owner_id, target=row.linked_id, kind=kind)
        for kind, rows in (
            (EdgeKind.target_goal, records.target_goal_links),
            (EdgeKind.target_sprint, records.target_sprint_links),
            (EdgeKind.commitment_target, records.commitment_target_links),
        )
        for row in rows
    ]
    return ClientGraph(client_id=client_id, nodes=nodes, edges=edges)
