"""The plain-SQL twin of the endpoints bench/load.py drives: the reference it compares against.

The same work as coachboard's answers, done by hand: SQLAlchemy Core on an engine of
`coachboard.core.database.create_db_engine` (same driver, same pool, same SQLite pragmas),
no ORM, no pydantic, no dependencies, `json.dumps` of the same fields. Each request looks its
bearer token up (one SELECT of api_tokens joined to users by the token's SHA-256 digest) and
reads only the coach's rows. Served by uvicorn with its defaults, as `coachboard serve` serves
coachboard (bench/servers.py starts it so):

    COACHBOARD_DATABASE_URL=... .venv/bin/python -m uvicorn same_work:create_app --factory \
        --app-dir bench --host 127.0.0.1 --port 8001 [--workers N]

(uvicorn's own command line rather than a __main__ here: with --workers, each spawned worker
re-imports the main script before it answers uvicorn's 5 s health check, and this module's
imports take longer than that on a slow machine.)

Routes: GET /healthz, /api/v1/targets/{id}, /minimal/targets/{id} (the same answer with the
least work: no transaction around its four reads, on PostgreSQL not even BEGIN and ROLLBACK),
/api/v1/clients/{id}/targets?limit=&offset=
(one page, as the real list) and /api/v1/clients/{id}/tree (the whole client's rows, flat:
bench/api.py's WHOLE_CLIENT, not the nested shape of the real tree); PATCH
/api/v1/goals/{id} with a title (bench/history.py's plain-SQL write). The outcomes' and the
goal's answers are coachboard's JSON document (the same fields, values and types), progress and
health included: bench/load.py and bench/history.py check that (bench/twins.py) before they
measure.
"""

import json
import os
import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

from api import WHOLE_CLIENT, compiled
from fastapi import FastAPI, HTTPException, Query, Request, Response
from sqlalchemy import (
    Connection,
    Engine,
    Float,
    Row,
    Select,
    and_,
    bindparam,
    case,
    cast,
    distinct,
    func,
    select,
    true,
    update,
)

from coachboard.accounts.time_zones import zone_named
from coachboard.core import database
from coachboard.core.models import utcnow
from coachboard.core.pagination import MAX_LIMIT
from coachboard.core.security import token_digest
from coachboard.models.accounts import ApiToken, User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from coachboard.progress.service import health_of

TOKENS, USERS, CLIENTS = ApiToken.__table__.c, User.__table__.c, Client.__table__.c
TARGETS, COMMITMENTS = Target.__table__.c, Commitment.__table__.c
GOAL_LINKS, COMMITMENT_LINKS = TargetGoalLink.__table__.c, CommitmentTargetLink.__table__.c
# The read-only execution option, where the checkout's engine has one (SQLite: BEGIN DEFERRED).
READ_ONLY: str | None = getattr(database, "READ_ONLY", None)

TOKEN_LOOKUP = (
    select(TOKENS.expires_at, TOKENS.revoked_at, USERS.id, USERS.is_active, USERS.time_zone)
    .join_from(ApiToken.__table__, User.__table__, USERS.id == TOKENS.user_id)
    .where(TOKENS.digest == bindparam("digest"))
)
OWNED_CLIENTS = select(CLIENTS.id).where(CLIENTS.coach_id == bindparam("coach_id"))
OUTCOME_COLUMNS = (
    TARGETS.id,
    TARGETS.client_id,
    TARGETS.title,
    TARGETS.description,
    TARGETS.status,
    TARGETS.due_date,
    TARGETS.created_at,
    TARGETS.updated_at,
    # The outcome's progress: the figures the database's triggers keep on its row (migration
    # e2b7c4d9f1a6), so the twin reads them with the row, as coachboard's grouped statement
    # reads the same columns, and needs no statement of its own.
    TARGETS.commitments_total,
    TARGETS.commitments_done,
)
OUTCOME = select(*OUTCOME_COLUMNS).where(
    TARGETS.id == bindparam("target_id"), TARGETS.client_id.in_(OWNED_CLIENTS)
)
# The client, if the coach's, with how many outcomes it has: one row, or none for a 404.
CLIENT_COUNT = select(
    select(func.count())
    .select_from(Target.__table__)
    .where(TARGETS.client_id == CLIENTS.id)
    .scalar_subquery()
).where(CLIENTS.id == bindparam("client_id"), CLIENTS.coach_id == bindparam("coach_id"))
OUTCOME_PAGE = (
    select(*OUTCOME_COLUMNS)
    .where(TARGETS.client_id == bindparam("client_id"))
    .order_by(TARGETS.created_at, TARGETS.id)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)


def summaries(link_model: type, linked_model: type, linked_key: str) -> Select:
    """(outcome id, linked id, linked title) of the outcomes given, in link order."""
    link, linked = link_model.__table__, linked_model.__table__
    return (
        select(link.c.target_id, linked.c.id, linked.c.title)
        .join_from(link, linked, linked.c.id == link.c[linked_key])
        .where(link.c.target_id.in_(bindparam("target_ids", expanding=True)))
        .order_by(link.c.created_at, link.c.id)
    )


GOAL_SUMMARIES = summaries(TargetGoalLink, ClientGoal, "goal_id")
SPRINT_SUMMARIES = summaries(TargetSprintLink, Sprint, "sprint_id")
WHOLE_CLIENT_STATEMENTS = compiled(WHOLE_CLIENT)


goals = ClientGoal.__table__
RENAME_GOAL = (
    update(goals)
    .where(
        goals.c.id == bindparam("goal_id"),
        goals.c.client_id.in_(select(Client.id).where(Client.coach_id == bindparam("coach_id"))),
    )
    .values(title=bindparam("title"), updated_at=bindparam("now"))
    .returning(
        goals.c.id,
        goals.c.client_id,
        goals.c.title,
        goals.c.description,
        goals.c.status,
        goals.c.target_date,
        goals.c.created_at,
        goals.c.updated_at,
    )
)

# A goal's figures, as progress.service reads them for a page of goals, for one goal: over its
# live outcomes, how many, how many achieved, the sum of their values and how many have an open
# commitment due before today; and its distinct live commitments, the done ones apart (one
# serving two of its outcomes counts once). One row, whatever the goal holds.
OUTCOME_VALUE = case(
    (TARGETS.status == "achieved", 1.0),
    (TARGETS.commitments_total == 0, 0.0),
    else_=cast(TARGETS.commitments_done, Float) / TARGETS.commitments_total,
)
GOAL_OUTCOMES = (
    select(
        func.count().label("outcomes"),
        func.sum(case((TARGETS.status == "achieved", 1), else_=0)).label("achieved"),
        func.sum(OUTCOME_VALUE).label("value_sum"),
        func.sum(case((TARGETS.first_open_due < bindparam("today"), 1), else_=0)).label("overdue"),
    )
    .join_from(TargetGoalLink.__table__, Target.__table__, TARGETS.id == GOAL_LINKS.target_id)
    .where(GOAL_LINKS.goal_id == bindparam("goal_id"), TARGETS.status != "dropped")
    .subquery("outcomes")
)
GOAL_COMMITMENTS = (
    select(
        func.count(distinct(COMMITMENTS.id)).label("total"),
        func.count(distinct(case((COMMITMENTS.status == "done", COMMITMENTS.id)))).label("done"),
    )
    .select_from(TargetGoalLink.__table__)
    .join(Target.__table__, and_(TARGETS.id == GOAL_LINKS.target_id, TARGETS.status != "dropped"))
    .join(CommitmentTargetLink.__table__, COMMITMENT_LINKS.target_id == GOAL_LINKS.target_id)
    .join(
        Commitment.__table__,
        and_(COMMITMENTS.id == COMMITMENT_LINKS.commitment_id, COMMITMENTS.status != "dropped"),
    )
    .where(GOAL_LINKS.goal_id == bindparam("goal_id"))
    .subquery("commitments")
)
GOAL_FIGURES = select(GOAL_OUTCOMES, GOAL_COMMITMENTS).select_from(
    GOAL_OUTCOMES.join(GOAL_COMMITMENTS, true())
)


def signed_in(connection: Connection, request: Request) -> Row:
    """The active coach (id, time_zone) of the request's live bearer token, else 401."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    row = None
    if scheme.lower() == "bearer" and token:
        row = connection.execute(TOKEN_LOOKUP, {"digest": token_digest(token)}).first()
    if row is None or row.revoked_at is not None or not row.is_active:
        raise HTTPException(401, "missing, expired or revoked bearer token")
    if row.expires_at is not None and row.expires_at <= utcnow():
        raise HTTPException(401, "missing, expired or revoked bearer token")
    return row


def linked(connection: Connection, target_ids: list[uuid.UUID]) -> tuple[dict, dict]:
    """Each outcome's goal and sprint summaries ({id, title}), in link order."""
    found: tuple[dict, dict] = (defaultdict(list), defaultdict(list))
    for statement, by_target in zip((GOAL_SUMMARIES, SPRINT_SUMMARIES), found, strict=True):
        for target_id, linked_id, title in connection.execute(
            statement, {"target_ids": target_ids}
        ):
            by_target[target_id].append({"id": str(linked_id), "title": title})
    return found


def stamp(value: datetime) -> str:
    """A stored naive-UTC timestamp as the API writes it: RFC 3339 with "Z"."""
    return value.isoformat() + "Z"


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def progress(row: Row) -> dict[str, Any]:
    """An outcome's Progress (progress.service.target_progress): 1 when achieved, else the
    share of its live commitments done, 0 with none. Done never passes total (the triggers
    count the done among the live), so the share needs no clamping."""
    total, done = row.commitments_total, row.commitments_done
    value = 1.0 if row.status == "achieved" else (done / total if total else 0.0)
    return {"value": value, "commitments_done": done, "commitments_total": total}


def outcome(row: Row, goals: list[dict], sprints: list[dict]) -> dict[str, Any]:
    """The fields of TargetRead, in its order."""
    return {
        "id": str(row.id),
        "client_id": str(row.client_id),
        "title": row.title,
        "description": row.description,
        "status": row.status,
        "due_date": day(row.due_date),
        "goals": goals,
        "sprints": sprints,
        "created_at": stamp(row.created_at),
        "updated_at": stamp(row.updated_at),
        "progress": progress(row),
        "goal_ids": [goal["id"] for goal in goals],
        "sprint_ids": [sprint["id"] for sprint in sprints],
        "goal_id": goals[0]["id"] if goals else None,
        "sprint_id": sprints[0]["id"] if sprints else None,
    }


def goal(row: Row, figures: Row, today: date) -> dict[str, Any]:
    """The fields of GoalRead, in its order: the goal's row, its rollup from its figures
    (progress.service.goal_rollup's rules, health_of's the very rule) on the coach's today."""
    outcomes = figures.outcomes
    if row.status == "achieved":
        value: float | None = 1.0
    else:
        # Clamped as coachboard clamps: a sum of shares can land a hair past 1.
        value = min(max(figures.value_sum / outcomes, 0.0), 1.0) if outcomes else None
    health = health_of(
        value=value,
        finished=row.status == "achieved",
        abandoned=row.status == "dropped",
        start=row.created_at.date(),
        end=row.target_date,
        overdue=(figures.overdue or 0) > 0,
        today=today,
    )
    return {
        "id": str(row.id),
        "client_id": str(row.client_id),
        "title": row.title,
        "description": row.description,
        "status": row.status,
        "target_date": day(row.target_date),
        "created_at": stamp(row.created_at),
        "updated_at": stamp(row.updated_at),
        "progress": {
            "value": value,
            "commitments_done": figures.done,
            "commitments_total": figures.total,
        },
        "outcomes_achieved": figures.achieved or 0,
        "outcomes_total": outcomes,
        "health": health.value,
    }


def outcomes(connection: Connection, rows: Sequence[Row]) -> list[dict[str, Any]]:
    goals, sprints = linked(connection, [row.id for row in rows]) if rows else ({}, {})
    return [outcome(row, goals.get(row.id, []), sprints.get(row.id, [])) for row in rows]


def as_json(body: object) -> Response:
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str)
    return Response(text, media_type="application/json")


def client_total(connection: Connection, coach: uuid.UUID, client_id: uuid.UUID) -> int:
    """How many outcomes the coach's client has; 404 when it is not the coach's."""
    total = connection.execute(CLIENT_COUNT, {"client_id": client_id, "coach_id": coach}).first()
    if total is None:
        raise HTTPException(404, "Client not found")
    return total[0]


def outcome_answer(bind: Engine, request: Request, target_id: uuid.UUID) -> Response:
    """The coach's outcome with its goal and sprint summaries: four statements."""
    with bind.connect() as connection:
        coach = signed_in(connection, request).id
        row = connection.execute(OUTCOME, {"target_id": target_id, "coach_id": coach}).first()
        if row is None:
            raise HTTPException(404, "Outcome not found")
        return as_json(outcomes(connection, [row])[0])


def create_app() -> FastAPI:
    engine = database.create_db_engine(os.environ["COACHBOARD_DATABASE_URL"])
    reader = engine.execution_options(**{READ_ONLY: True}) if READ_ONLY else engine
    # Each statement on its own: four round trips on PostgreSQL, where a transaction adds two.
    # (SQLite's autocommit is the driver's; the engine's begin listener still opens a deferred
    # read, which costs no round trip in-process.)
    least = reader.execution_options(isolation_level="AUTOCOMMIT")
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.patch("/api/v1/goals/{goal_id}")
    async def rename_goal(request: Request, goal_id: uuid.UUID) -> Response:
        """A goal's title changed, as coachboard's PATCH does it: the token, one UPDATE …
        RETURNING scoped to the coach, the goal's figures for its answer, one transaction; no
        history."""
        title = str((await request.json())["title"])
        with engine.begin() as connection:
            coach = signed_in(connection, request)
            row = connection.execute(
                RENAME_GOAL,
                {"goal_id": goal_id, "coach_id": coach.id, "title": title, "now": utcnow()},
            ).first()
            if row is None:
                raise HTTPException(404, "Goal not found")
            today = datetime.now(zone_named(coach.time_zone)).date()
            figures = connection.execute(GOAL_FIGURES, {"goal_id": goal_id, "today": today}).one()
            return as_json(goal(row, figures, today))

    @app.get("/api/v1/targets/{target_id}")
    def read_target(request: Request, target_id: uuid.UUID) -> Response:
        return outcome_answer(reader, request, target_id)

    @app.get("/minimal/targets/{target_id}")
    def read_target_minimal(request: Request, target_id: uuid.UUID) -> Response:
        """The floor an outcome's GET is measured against (issue 25): token, outcome, links."""
        return outcome_answer(least, request, target_id)

    @app.get("/api/v1/clients/{client_id}/targets")
    def list_targets(
        request: Request,
        client_id: uuid.UUID,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Response:
        with reader.connect() as connection:
            total = client_total(connection, signed_in(connection, request).id, client_id)
            page = {"client_id": client_id, "limit": limit, "offset": offset}
            rows = connection.execute(OUTCOME_PAGE, page).all()
            return as_json({"items": outcomes(connection, rows), "total": total})

    @app.get("/api/v1/clients/{client_id}/tree")
    def whole_client(request: Request, client_id: uuid.UUID) -> Response:
        with reader.connect() as connection:
            client_total(connection, signed_in(connection, request).id, client_id)
            tables = [
                [row._asdict() for row in connection.execute(s, {"client_id": client_id})]
                for s in WHOLE_CLIENT_STATEMENTS
            ]
            return as_json(tables)

    return app
