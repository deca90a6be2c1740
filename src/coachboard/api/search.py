from typing import Annotated

from fastapi import Query

from coachboard.api.dependencies import CurrentCoach
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.search import service
from coachboard.search.schemas import SearchResults

router = api_router(tags=["search"])


@router.get("/search", response_model=SearchResults)
def search(
    session: DbSession,
    coach: CurrentCoach,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description=(
                "Words to find, in any order and any case, the last one as the start of a word. "
                "A word is a run of letters and digits; text with none finds nothing."
            ),
        ),
    ],
    limit: Annotated[
        int, Query(ge=1, le=service.MAX_LIMIT, description="How many hits at most.")
    ] = 20,
) -> SearchResults:
    """The coach's clients, goals, outcomes (`target`), sprints, sessions and commitments whose
    title (a client's name) or notes/description hold every word. Records with every word in
    the title come first, then the most relevant. Another coach's records never match."""
    return service.search(session, coach=coach, text=q, limit=limit)
