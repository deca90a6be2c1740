"""The join link, as the API answers it and the invite button shows it."""

from starlette.requests import Request

from coachboard.core.urls import absolute_url


def join_url(request: Request, token: str) -> str:
    """The link a client opens to make their portal account."""
    return absolute_url(request, f"/join/{token}")
