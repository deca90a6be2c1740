"""The feed's address, as the API answers it and the page shows it."""

from starlette.requests import Request

from coachboard.calendar_feeds.service import feed_path


def feed_url(request: Request, token: str) -> str:
    """The feed's address on the address this request reached (behind a trusted proxy, the
    public one), like the portal's join link."""
    return f"{str(request.base_url).rstrip('/')}{feed_path(token)}"
