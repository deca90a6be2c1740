"""The signed-in account's own profile: GET and PATCH /api/v1/me."""

from coachboard.accounts import service
from coachboard.accounts.dependencies import CurrentCoach, Requester
from coachboard.accounts.schemas import CoachRead, CoachUpdate
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.responses import UNREADABLE_BODY

router = api_router(tags=["profile"])


@router.get("/me", response_model=CoachRead)
def read_me(coach: CurrentCoach) -> CoachRead:
    """Who the token signs in: for a coach, `kind` "coach" with name, email and time zone."""
    return CoachRead.model_validate(coach)


@router.patch("/me", response_model=CoachRead, responses=UNREADABLE_BODY)
def update_me(
    session: DbSession, coach: CurrentCoach, body: CoachUpdate, client: Requester
) -> CoachRead:
    """Change the name, email or time zone given. An IANA zone the server does not know is
    422 naming `time_zone`; an email another account has is 422 naming `email`, whose message
    says no more than that it is already in use."""
    return CoachRead.model_validate(
        service.update_profile(session, user=coach, fields=body, client=client)
    )
