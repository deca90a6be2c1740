"""The signed-in account's calendar feed address: POST makes or replaces it, DELETE ends it."""

from fastapi import Request, Response, status

from coachboard.api.dependencies import CurrentAccount
from coachboard.calendar_feeds import service
from coachboard.calendar_feeds.urls import feed_url
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.schemas import OutputModel

router = api_router(tags=["calendar feed"])


class CalendarFeedRead(OutputModel):
    url: str


@router.post(
    "/me/calendar-feed", response_model=CalendarFeedRead, status_code=status.HTTP_201_CREATED
)
def make_calendar_feed(
    request: Request, session: DbSession, account: CurrentAccount
) -> CalendarFeedRead:
    """A new secret address of the account's calendar feed (iCalendar), for a calendar app to
    subscribe to; any previous address stops working at once. A coach's feed holds the sessions
    and open commitments' due dates of their active clients, a client's their own. The address
    is shown only now: only a digest of it is kept."""
    token = service.replace(session, account=account)
    return CalendarFeedRead(url=feed_url(request, token))


@router.delete("/me/calendar-feed", status_code=status.HTTP_204_NO_CONTENT)
def delete_calendar_feed(session: DbSession, account: CurrentAccount) -> Response:
    """The feed's address stops working (404); nothing else changes."""
    service.turn_off(session, account=account)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
