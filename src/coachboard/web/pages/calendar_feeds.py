"""The feed itself (/calendar/<token>.ics, no sign-in: the token is the secret), and the
buttons of the "Calendar feed" card on the coach's account page and the client's /me."""

from fastapi import Request
from fastapi.responses import Response

from coachboard.calendar_feeds import service
from coachboard.calendar_feeds.urls import feed_url
from coachboard.core.dependencies import DbSession
from coachboard.web.auth import CLIENT_HOME, PageAccount
from coachboard.web.errors import error_page
from coachboard.web.routing import page_router
from coachboard.web.templating import flash, redirect, render

router = page_router()

ACCOUNT_PAGE = "/account"
CALENDAR_TYPE = "text/calendar; charset=utf-8"
# Calendar apps poll every few minutes to hours; the address is secret, so no shared cache.
CACHE_CONTROL = "private, max-age=300"


# HEAD too: some calendar apps check an address with it before they subscribe (the server
# sends the headers of the GET without its body).
@router.api_route("/calendar/{token}.ics", methods=["GET", "HEAD"])
def calendar_feed(request: Request, session: DbSession, token: str) -> Response:
    """The account's calendar as iCalendar; 304 when the app's copy (If-None-Match) is current,
    404 for a token that is unknown, replaced or turned off, or an account no longer active."""
    account = service.owner(session, token=token)
    if account is None:
        return error_page(request, 404, "This calendar address is unknown or was replaced.")
    feed = service.render(session, account=account, base_url=str(request.base_url))
    headers = {"ETag": feed.etag, "Cache-Control": CACHE_CONTROL}
    if _matches(request.headers.get("if-none-match"), feed.etag):
        return Response(status_code=304, headers=headers)
    return Response(content=feed.body, media_type=CALENDAR_TYPE, headers=headers)


@router.post("/calendar-feed")
def make_feed(request: Request, session: DbSession, account: PageAccount) -> Response:
    """Make or replace the account's feed address, and show it once, to copy."""
    replaced = service.made_at(session, account=account) is not None
    token = service.replace(session, account=account)
    context = {
        "url": feed_url(request, token),
        "replaced": replaced,
        "back": _home(account.is_client),
        "section": "me" if account.is_client else "account",
    }
    return render(request, "calendar_feeds/made.html", context)


@router.post("/calendar-feed/off")
def turn_off_feed(request: Request, session: DbSession, account: PageAccount) -> Response:
    service.turn_off(session, account=account)
    flash(request, "Your calendar feed is off: its address no longer works.", "success")
    return redirect(_home(account.is_client) + "#calendar-feed")


def _home(is_client: bool) -> str:
    return CLIENT_HOME if is_client else ACCOUNT_PAGE


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    # Weak comparison (RFC 9110 13.1.2): a proxy may have marked the tag weak.
    return etag in {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
