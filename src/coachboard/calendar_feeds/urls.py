"""The feed's address, as the API answers it and the page shows it."""

from starlette.requests import Request

from coachboard.calendar_feeds.service import feed_path
from coachboard.core.urls import absolute_url


def feed_url(request: Request, token: str) -> str:
    return absolute_url(request, feed_path(token))
