"""GET /api/v1/{clients|goals|targets|sprints|sessions|commitments}/{id}/history and
GET /api/v1/clients/{id}/activity."""

import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import Path

from coachboard.api.dependencies import CurrentCoach
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.pagination import Page, PageDep
from coachboard.history import service
from coachboard.history.schemas import HistoryItem

router = api_router(tags=["history"])


def _history_route(kind: str) -> Callable[..., Page[HistoryItem]]:
    def record_history(
        session: DbSession,
        coach: CurrentCoach,
        record_id: Annotated[uuid.UUID, Path(alias=f"{kind}_id")],
        page: PageDep,
    ) -> Page[HistoryItem]:
        return service.of_record(session, coach=coach, kind=kind, record_id=record_id, page=page)

    record_history.__doc__ = (
        f"Who changed this {kind} or its links, and when: newest first, deleted or not "
        "(until its client is deleted)."
    )
    return record_history


for kind, collection in service.COLLECTIONS.items():
    router.add_api_route(
        f"/{collection}/{{{kind}_id}}/history",
        _history_route(kind),
        methods=["GET"],
        response_model=Page[HistoryItem],
        responses={404: {"description": f"No such {kind}, or not yours"}},
        name=f"{kind}_history",
    )


@router.get(
    "/clients/{client_id}/activity",
    response_model=Page[HistoryItem],
    responses={404: {"description": "No such client, or not yours"}},
)
def client_activity(
    session: DbSession, coach: CurrentCoach, client_id: uuid.UUID, page: PageDep
) -> Page[HistoryItem]:
    """Every change to the client's records and links, deleted records included, newest first."""
    return service.of_client(session, coach=coach, client_id=client_id, page=page)
