"""Absolute addresses of the app, for links people copy out of it (a join link, a feed)."""

from starlette.requests import Request


def absolute_url(request: Request, path: str) -> str:
    """The path on the address this request reached (behind a trusted proxy, the public
    one), so that a link handed out works from where it was asked for."""
    return f"{str(request.base_url).rstrip('/')}{path}"
