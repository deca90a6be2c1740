"""The tables as revision 5b7a1c2e9d40 shapes them (outcomes point at one goal and one sprint).

Migration tests write and read data through these, never through today's models: a test of a
revision must use that revision's schema. Columns the tests do not need are left out and take
their server defaults.
"""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

REVISION = "5b7a1c2e9d40"

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

users = sa.table(
    "users",
    sa.column("id", sa.Uuid()),
    sa.column("email", sa.String()),
    sa.column("name", sa.String()),
    sa.column("password_hash", sa.String()),
)
clients = sa.table(
    "clients",
    sa.column("id", sa.Uuid()),
    sa.column("coach_id", sa.Uuid()),
    sa.column("name", sa.String()),
)
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
    sa.column("goal_id", sa.Uuid()),
    sa.column("title", sa.String()),
    sa.column("start_date", sa.Date()),
    sa.column("end_date", sa.Date()),
    sa.column("metadata", JSON_DOCUMENT),
)
targets = sa.table(
    "targets",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("goal_id", sa.Uuid()),
    sa.column("sprint_id", sa.Uuid()),
    sa.column("title", sa.String()),
    sa.column("metadata", JSON_DOCUMENT),
)
commitments = sa.table(
    "commitments",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("goal_id", sa.Uuid()),
    sa.column("sprint_id", sa.Uuid()),
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
