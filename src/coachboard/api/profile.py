"""The signed-in account's own profile: GET and PATCH /api/v1/me."""

from fastapi import HTTPException, status

from coachboard.accounts import service
from coachboard.accounts.schemas import AccountRead, CoachRead, CoachUpdate
from coachboard.api.dependencies import CurrentAccount
from coachboard.core.dependencies import DbSession, Requester
from coachboard.core.json_input import api_router
from coachboard.core.responses import UNREADABLE_BODY

router = api_router(tags=["profile"])

CLIENTS_MAY_NOT_CHANGE = {
    403: {"description": "A client's account: its name and email are the coach's record"}
}


@router.get("/me", response_model=AccountRead)
def read_me(account: CurrentAccount) -> AccountRead:
    """Who the token signs in: for a coach, `kind` "coach" with name, email and time zone; for
    a client, `kind` "client" with name, email and the id of their client record."""
    return AccountRead.of(account)


@router.patch(
    "/me", response_model=CoachRead, responses={**UNREADABLE_BODY, **CLIENTS_MAY_NOT_CHANGE}
)
def update_me(
    session: DbSession, account: CurrentAccount, body: CoachUpdate, client: Requester
) -> CoachRead:
    """Change the name, email, time zone or daily digest switch given. An IANA zone the server does not know is
    422 naming `time_zone`; an email another account has is 422 naming `email`, whose message
    says no more than that it is already in use. A client's account gets 403: its name and
    email are those of the coach's client record, which the coach keeps."""
    if account.is_client:
        raise HTTPException(
            status_code=status.HTTP_403_FORBIDDEN,
            detail="a client's name and email are kept by their coach",
        )
    return CoachRead.model_validate(
        service.update_profile(session, user=account, fields=body, client=client)
    )
