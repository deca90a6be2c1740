"""The client's side of the JSON API, under /api/v1/portal: their own records to read, their
commitments to mark done or open again, reflections on them, and their agenda topics. A coach's account gets 404 from every route."""

import uuid
from collections.abc import Callable

from fastapi import Response
from sqlalchemy.orm import Session

from coachboard.accounts.schemas import ClientAccount
from coachboard.api.dependencies import CurrentClient
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.dependencies import DbSession, Requester
from coachboard.core.json_input import api_router
from coachboard.core.pagination import Page, PageDep, PageParams
from coachboard.core.responses import UNREADABLE_BODY
from coachboard.portal import preferences, service
from coachboard.portal.schemas import (
    PortalCommitment,
    PortalEmailChoice,
    PortalGoal,
    PortalPreferences,
    PortalPreferencesUpdate,
    PortalReflection,
    PortalReflectionCreate,
    PortalSession,
    PortalSprint,
    PortalTarget,
    PortalTopic,
    PortalTopicCreate,
    PortalTopicOrder,
)

router = api_router(prefix="/portal", tags=["portal"])

NOT_YOURS = {404: {"description": "No such commitment, or not yours"}}

Lister = Callable[..., tuple[list, int]]


def listing(session: Session, client: ClientAccount, page: PageParams, lister: Lister) -> Page:
    """One page of what `lister` reads within the client's scope, as the list envelope."""
    items, total = lister(session, scope=service.scope_of(session, client), page=page)
    return Page(items=items, total=total)


@router.get("/goals", response_model=Page[PortalGoal])
def list_goals(session: DbSession, client: CurrentClient, page: PageDep) -> Page[PortalGoal]:
    """Your goals, oldest first, with their progress and health."""
    return listing(session, client, page, service.get_goals)


@router.get("/targets", response_model=Page[PortalTarget])
def list_targets(session: DbSession, client: CurrentClient, page: PageDep) -> Page[PortalTarget]:
    """Your outcomes, oldest first, with their progress and the goals and sprints they serve."""
    return listing(session, client, page, service.get_targets)


@router.get("/sprints", response_model=Page[PortalSprint])
def list_sprints(session: DbSession, client: CurrentClient, page: PageDep) -> Page[PortalSprint]:
    """Your sprints, by start date, with their progress and health."""
    return listing(session, client, page, service.get_sprints)


@router.get("/commitments", response_model=Page[PortalCommitment])
def list_commitments(
    session: DbSession, client: CurrentClient, page: PageDep
) -> Page[PortalCommitment]:
    """Your commitments, due date first (undated last), each marked overdue or not."""
    return listing(session, client, page, service.get_commitments)


@router.get("/sessions", response_model=Page[PortalSession])
def list_sessions(session: DbSession, client: CurrentClient, page: PageDep) -> Page[PortalSession]:
    """Your coaching sessions, newest first."""
    return listing(session, client, page, service.get_sessions)


CONFLICT = {409: {"description": "Your coach has dropped this commitment"}}


@router.post(
    "/commitments/{commitment_id}/done",
    response_model=PortalCommitment,
    responses={**NOT_YOURS, **CONFLICT},
)
def mark_done(
    session: DbSession, client: CurrentClient, commitment_id: uuid.UUID, requester: Requester
) -> PortalCommitment:
    """Mark your commitment done (done already: unchanged)."""
    return service.set_commitment_status(
        session,
        client=client,
        commitment_id=commitment_id,
        status=CommitmentStatus.done,
        requester=requester,
    )


@router.post(
    "/commitments/{commitment_id}/reopen",
    response_model=PortalCommitment,
    responses={**NOT_YOURS, **CONFLICT},
)
def reopen(
    session: DbSession, client: CurrentClient, commitment_id: uuid.UUID, requester: Requester
) -> PortalCommitment:
    """Mark your commitment open again (open already: unchanged)."""
    return service.set_commitment_status(
        session,
        client=client,
        commitment_id=commitment_id,
        status=CommitmentStatus.open,
        requester=requester,
    )


@router.get(
    "/commitments/{commitment_id}/reflections",
    response_model=Page[PortalReflection],
    responses=NOT_YOURS,
)
def list_reflections(
    session: DbSession, client: CurrentClient, commitment_id: uuid.UUID
) -> Page[PortalReflection]:
    """What you wrote about your commitment: the latest 50, newest first, `total` counting
    them all."""
    return service.get_reflections(session, client=client, commitment_id=commitment_id)


@router.post(
    "/commitments/{commitment_id}/reflections",
    response_model=PortalReflection,
    status_code=201,
    responses={**NOT_YOURS, **UNREADABLE_BODY},
)
def add_reflection(
    session: DbSession,
    client: CurrentClient,
    commitment_id: uuid.UUID,
    body: PortalReflectionCreate,
) -> PortalReflection:
    """Write a reflection on your commitment (your coach reads it on the commitment)."""
    return service.add_reflection(
        session, client=client, commitment_id=commitment_id, text=body.text
    )


TOPIC_NOT_YOURS = {404: {"description": "No such topic, or not yours"}}
TOO_MANY = {409: {"description": "50 topics are waiting already"}}
HANDLED = {409: {"description": "Your coach has handled this topic already"}}


@router.get("/topics", response_model=Page[PortalTopic])
def list_topics(session: DbSession, client: CurrentClient) -> Page[PortalTopic]:
    """Your agenda topics waiting for a session, in your order (at most 50 wait at once, so
    one page holds them all)."""
    items = service.get_topics(session, client_id=client.client_id)
    return Page(items=items, total=len(items))


@router.post(
    "/topics",
    response_model=PortalTopic,
    status_code=201,
    responses={**TOO_MANY, **UNREADABLE_BODY},
)
def add_topic(session: DbSession, client: CurrentClient, body: PortalTopicCreate) -> PortalTopic:
    """Put a topic on the agenda of your next session, last in your order."""
    return service.add_topic(session, client=client, text=body.text, priority=body.priority)


@router.put("/topics", response_model=Page[PortalTopic], responses=UNREADABLE_BODY)
def reorder_topics(
    session: DbSession, client: CurrentClient, body: PortalTopicOrder
) -> Page[PortalTopic]:
    """Put your waiting topics in this order: `ids` lists each of them exactly once (else
    422 naming `ids`). Answers them in their new order, as GET does.

    The order is the list's own state, so it is set on the list (idempotent), not under
    /topics/{id}, whose DELETE withdraws one topic."""
    items = service.reorder_topics(session, client=client, ids=body.ids)
    return Page(items=items, total=len(items))


@router.delete(
    "/topics/{topic_id}",
    status_code=204,
    responses={**TOPIC_NOT_YOURS, **HANDLED},
)
def withdraw_topic(session: DbSession, client: CurrentClient, topic_id: uuid.UUID) -> Response:
    """Withdraw your topic from the agenda (withdrawn already: unchanged)."""
    service.withdraw_topic(session, client=client, topic_id=topic_id)
    return Response(status_code=204)


@router.get("/preferences", response_model=PortalPreferences)
def read_preferences(session: DbSession, client: CurrentClient) -> PortalPreferences:
    """Your time zone and which automated emails you get (as /me shows them)."""
    return _preferences(client, preferences.email_preferences(session, client=client))


@router.patch("/preferences", response_model=PortalPreferences, responses=UNREADABLE_BODY)
def update_preferences(
    session: DbSession, client: CurrentClient, body: PortalPreferencesUpdate
) -> PortalPreferences:
    """Change your time zone, or which automated emails you get (`emails_on` lists the kinds
    to get; the others are turned off), or both: together or not at all."""
    chosen = preferences.update(
        session, client=client, time_zone=body.time_zone, emails_on=body.emails_on
    )
    return _preferences(client, chosen)


def _preferences(client: ClientAccount, chosen: preferences.EmailPreferences) -> PortalPreferences:
    return PortalPreferences(
        time_zone=client.account.time_zone,
        emails=[
            PortalEmailChoice(kind=choice.kind, name=choice.name, on=choice.on)
            for choice in chosen.choices
        ],
        coach_emails=chosen.coach_emails,
    )
