"""The join link, as the API answers it and the invite button shows it."""

from starlette.requests import Request


def join_url(request: Request, token: str) -> str:
    """The link a client opens, on the address this request reached (behind a trusted proxy,
    the public one)."""
    return f"{str(request.base_url).rstrip('/')}/join/{token}"
