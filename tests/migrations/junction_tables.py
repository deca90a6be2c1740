"""The tables as revision f06135d685df shapes them (outcomes link to goals and sprints).

Like legacy_tables, a snapshot of that revision's schema for migration tests, so later model
changes do not change what these tests write. Columns the tests do not need are left out.
"""

import sqlalchemy as sa

from tests.migrations.legacy_tables import JSON_DOCUMENT, clients, users

REVISION = "f06135d685df"

__all__ = ["JSON_DOCUMENT", "REVISION", "clients", "users"]  # users, clients: unchanged

client_goals = sa.table(
    "client_goals",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("title", sa.String()),
)
sprints = sa.table(
    "sprints",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("title", sa.String()),
    sa.column("start_date", sa.Date()),
    sa.column("end_date", sa.Date()),
    sa.column("metadata", JSON_DOCUMENT),
)
targets = sa.table(
    "targets",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("title", sa.String()),
    sa.column("metadata", JSON_DOCUMENT),
)
commitments = sa.table(
    "commitments",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("title", sa.String()),
    sa.column("metadata", JSON_DOCUMENT),
)
commitment_target_links = sa.table(
    "commitment_target_links",
    sa.column("id", sa.Uuid()),
    sa.column("commitment_id", sa.Uuid()),
    sa.column("target_id", sa.Uuid()),
    sa.column("created_at", sa.DateTime()),
)
target_goal_links = sa.table(
    "target_goal_links",
    sa.column("id", sa.Uuid()),
    sa.column("target_id", sa.Uuid()),
    sa.column("goal_id", sa.Uuid()),
    sa.column("created_at", sa.DateTime()),
)
target_sprint_links = sa.table(
    "target_sprint_links",
    sa.column("id", sa.Uuid()),
    sa.column("target_id", sa.Uuid()),
    sa.column("sprint_id", sa.Uuid()),
    sa.column("created_at", sa.DateTime()),
)
