"""Legacy data, as revision 5b7a1c2e9d40 held it, and the writer that puts it in a database."""

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, insert

from tests.migrations import legacy_tables as legacy

JSONObject = dict[str, Any]


def new_id() -> uuid.UUID:
    return uuid.uuid4()


@dataclass(frozen=True)
class LegacySprint:
    id: uuid.UUID
    goal_id: uuid.UUID | None
    metadata: JSONObject = field(default_factory=dict)


@dataclass(frozen=True)
class LegacyTarget:
    id: uuid.UUID
    goal_id: uuid.UUID
    sprint_id: uuid.UUID
    metadata: JSONObject = field(default_factory=dict)


@dataclass(frozen=True)
class LegacyCommitment:
    id: uuid.UUID
    goal_id: uuid.UUID | None
    sprint_id: uuid.UUID | None
    metadata: JSONObject = field(default_factory=dict)


@dataclass
class LegacyClient:
    """One coach's client and everything under it, in the old schema's shape."""

    coach_id: uuid.UUID = field(default_factory=new_id)
    client_id: uuid.UUID = field(default_factory=new_id)
    goal_ids: list[uuid.UUID] = field(default_factory=list)
    sprints: list[LegacySprint] = field(default_factory=list)
    targets: list[LegacyTarget] = field(default_factory=list)
    commitments: list[LegacyCommitment] = field(default_factory=list)
    # (commitment id, target id)
    commitment_links: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)


def write_coach_and_client(
    connection: Connection, *, coach_id: uuid.UUID, client_id: uuid.UUID
) -> None:
    """A coach and one client: tables both revisions shape alike."""
    connection.execute(
        insert(legacy.users),
        [
            {
                "id": coach_id,
                "email": f"coach-{coach_id.hex}@example.com",
                "name": "Coach",
                "password_hash": "not-a-real-hash",
            }
        ],
    )
    connection.execute(
        insert(legacy.clients), [{"id": client_id, "coach_id": coach_id, "name": "Client"}]
    )


def write_legacy_client(connection: Connection, data: LegacyClient) -> None:
    """Insert the client's records with revision 5b7a1c2e9d40's schema."""
    write_coach_and_client(connection, coach_id=data.coach_id, client_id=data.client_id)
    client = {"client_id": data.client_id}
    if data.goal_ids:
        connection.execute(
            insert(legacy.client_goals),
            [{"id": goal_id, **client, "title": "Goal"} for goal_id in data.goal_ids],
        )
    if data.sprints:
        connection.execute(
            insert(legacy.sprints),
            [
                {
                    "id": sprint.id,
                    **client,
                    "goal_id": sprint.goal_id,
                    "title": "Sprint",
                    "start_date": date(2025, 1, 6),
                    "end_date": date(2025, 2, 17),
                    "metadata": sprint.metadata,
                }
                for sprint in data.sprints
            ],
        )
    if data.targets:
        connection.execute(
            insert(legacy.targets),
            [
                {
                    "id": target.id,
                    **client,
                    "goal_id": target.goal_id,
                    "sprint_id": target.sprint_id,
                    "title": "Outcome",
                    "metadata": target.metadata,
                }
                for target in data.targets
            ],
        )
    if data.commitments:
        connection.execute(
            insert(legacy.commitments),
            [
                {
                    "id": commitment.id,
                    **client,
                    "goal_id": commitment.goal_id,
                    "sprint_id": commitment.sprint_id,
                    "title": "Commitment",
                    "metadata": commitment.metadata,
                }
                for commitment in data.commitments
            ],
        )
    if data.commitment_links:
        connection.execute(
            insert(legacy.commitment_target_links),
            [
                {"id": new_id(), "commitment_id": commitment_id, "target_id": target_id}
                for commitment_id, target_id in data.commitment_links
            ],
        )
