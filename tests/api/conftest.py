"""A coach's estate of real records for the cross-cutting API tests, and whole-database images.

The estate is built through the services (tests/commitments/records.py), like a coach's own
data. An image is every row of every table: the tenancy matrix compares two images to prove
that nothing changed, and the schemathesis run restores one to hand each generated request the
same estate.
"""

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import Engine, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session
from starlette.routing import Mount

from coachboard.accounts import service as accounts
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientUpdate
from coachboard.models import Base
from coachboard.models.accounts import User
from coachboard.portal import access
from tests.client_writes import Topics
from tests.commitments.records import Records

API = "/api/v1"

# Bookkeeping the token check itself writes on every authenticated request.
TOUCHED_BY_EVERY_REQUEST = {("api_tokens", "last_used_at")}
# Written by a refused request on purpose: the audit records a refused sign-in, and a
# password attempt counts whatever its answer.
WRITTEN_WHATEVER_THE_ANSWER = {"account_events", "sign_in_throttles"}


def app_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route of the app, JSON and pages alike, however its routers are
    nested; mounts (static files) are not routes of their own."""
    return sorted(
        (method, route.path)
        for route in iter_route_contexts(app.routes)
        if not isinstance(route.original_route, Mount)
        for method in route.methods or ()
        if method != "HEAD"
    )


def api_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every JSON API route, however its routers are nested; a path
    parameter's converter left out ("{client_id:uuid}" is "{client_id}"), as OpenAPI names it."""
    return sorted(
        (method, re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path))
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute) and route.path.startswith(f"{API}/")
        for method in route.methods or ()
    )


@dataclass(frozen=True)
class Estate:
    """One coach's client with records of every kind, linked to each other."""

    coach: User
    token: str
    client_id: uuid.UUID
    goal_ids: tuple[uuid.UUID, ...]
    target_ids: tuple[uuid.UUID, ...]
    sprint_ids: tuple[uuid.UUID, ...]
    session_ids: tuple[uuid.UUID, ...]
    commitment_ids: tuple[uuid.UUID, ...]
    topic_ids: tuple[uuid.UUID, ...]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def ids_by_parameter(self) -> dict[str, tuple[uuid.UUID, ...]]:
        """The estate's ids under the name a path or query parameter gives them."""
        return {
            "client_id": (self.client_id,),
            "goal_id": self.goal_ids,
            "target_id": self.target_ids,
            "sprint_id": self.sprint_ids,
            "session_id": self.session_ids,
            "commitment_id": self.commitment_ids,
            "topic_id": self.topic_ids,
        }

    @property
    def route_ids(self) -> dict[str, uuid.UUID]:
        """One id per path parameter, each a record every route can act on: this commitment
        and this sprint hold legacy links, so their review routes can resolve them."""
        return {
            "client_id": self.client_id,
            "goal_id": self.goal_ids[0],
            "target_id": self.target_ids[0],
            "sprint_id": self.sprint_ids[1],
            "session_id": self.session_ids[0],
            "commitment_id": self.commitment_ids[1],
            "topic_id": self.topic_ids[0],
        }

    @property
    def ids_by_link_field(self) -> dict[str, tuple[uuid.UUID, ...]]:
        """The estate's ids under the name of the body field that links to them."""
        return {
            "goal_ids": self.goal_ids,
            "target_ids": self.target_ids,
            "sprint_ids": self.sprint_ids,
            "session_id": self.session_ids,
        }


def build_estate(db: Session, coach: User, *, name: str = "Dana Doe") -> Estate:
    """A client with an email and a pending invitation, two goals, two sprints, two outcomes
    (one under both goals), a session and two commitments; one commitment and one sprint still
    hold legacy links to review; the client put a topic on the session's agenda (added the day
    before it)."""
    records = Records(db, coach)
    client = records.client(name)
    # An email and a pending invitation: the portal-access routes have something to act on.
    email = f"{name.lower().replace(' ', '.')}@example.com"
    clients.update(db, coach=coach, client_id=client.id, fields=ClientUpdate(email=email))
    access.invite(db, coach=coach, client_id=client.id)
    fitness = records.goal(client, "Get fit")
    marathon = records.goal(client, "Run a marathon")
    base = records.sprint(client, "Base weeks")
    build = records.sprint(client, "Build weeks")
    run_10k = records.target(client, "Run 10 km", goals=[fitness, marathon], sprints=[base])
    stretch = records.target(client, "Stretch daily", goals=[fitness])
    weekly = records.session(client, title="Weekly check-in")
    run = records.commitment(client, "Run 3x a week", targets=[run_10k], session_id=weekly.id)
    physio = records.commitment(client, "Book a physio", targets=[stretch])
    records.legacy_meta(physio, legacy_goal_id=str(marathon.id), source="import")
    records.legacy_meta(build, legacy_goal_id=str(fitness.id))
    topic = Topics(db, client).add("Sore knees", datetime(2026, 2, 1, 9))
    return Estate(
        coach=coach,
        token=accounts.create_token(db, user=coach, name="api tests"),
        client_id=client.id,
        goal_ids=(fitness.id, marathon.id),
        target_ids=(run_10k.id, stretch.id),
        sprint_ids=(base.id, build.id),
        session_ids=(weekly.id,),
        commitment_ids=(run.id, physio.id),
        topic_ids=(topic.id,),
    )


@pytest.fixture
def estate(db: Session, coach: User) -> Estate:
    """The first coach's estate."""
    return build_estate(db, coach)


@pytest.fixture
def other_estate(db: Session, other_coach: User) -> Estate:
    """The second coach's estate, of the same shape."""
    return build_estate(db, other_coach, name="Eli Other")


Image = dict[str, list[dict[str, Any]]]


def image_of(engine: Engine) -> Image:
    """Every row of every table, in a stable order."""
    with engine.connect() as connection:
        return {
            table.name: [
                dict(row._mapping)
                for row in connection.execute(select(table).order_by(*table.primary_key))
            ]
            for table in Base.metadata.sorted_tables
        }


def restore(engine: Engine, image: Mapping[str, list[dict[str, Any]]]) -> None:
    """Make the database hold exactly the image's rows."""
    tables = Base.metadata.sorted_tables
    with engine.begin() as connection:
        for table in reversed(tables):
            connection.execute(delete(table))
        for table in tables:
            if image[table.name]:
                # A key the table order cannot satisfy (use_alter: a client's account names
                # its client, whose table comes later) is set once every row is in.
                later = {key.parent.name for key in table.foreign_keys if key.use_alter}
                rows = [{**row, **dict.fromkeys(later)} for row in image[table.name]]
                connection.execute(insert(table), rows)
        for table in tables:
            for key in (key for key in table.foreign_keys if key.use_alter):
                column = key.parent.name
                rows = [row for row in image[table.name] if row[column] is not None]
                # Columns an update stamps (updated_at) keep the image's value.
                kept = [c.name for c in table.c if c.onupdate is not None] + [column]
                if rows:
                    statement = (
                        update(table)
                        .where(table.c.id == bindparam("row_id"))
                        .values({name: bindparam(f"new_{name}") for name in kept})
                    )
                    connection.execute(
                        statement,
                        [
                            {"row_id": row["id"], **{f"new_{name}": row[name] for name in kept}}
                            for row in rows
                        ],
                    )


def without_bookkeeping(image: Image) -> Image:
    """The image without the columns any authenticated request writes, nor the audit and the
    attempts any request for a token records."""
    return {
        table: [
            {
                column: value
                for column, value in row.items()
                if (table, column) not in TOUCHED_BY_EVERY_REQUEST
            }
            for row in rows
        ]
        for table, rows in image.items()
        if table not in WRITTEN_WHATEVER_THE_ANSWER
    }
