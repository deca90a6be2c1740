"""CSRF protection for the pages: one token per browser session, checked on every unsafe request.

The JSON API needs none: it authenticates with a bearer token a browser never sends on its own.
"""

import secrets

from fastapi import Request

from coachboard.core.security import same_secret

SESSION_KEY = "csrf"
FORM_FIELD = "csrf_token"
HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CsrfRejected(Exception):
    """An unsafe request without the session's token: refused with 403 before any work is done."""


def token(request: Request) -> str:
    """The session's token, created on first use; every form that changes something carries it."""
    value = request.session.get(SESSION_KEY)
    if not value:
        value = rotate(request)
    return value


def rotate(request: Request) -> str:
    """A fresh token (at sign-in, so a token seen before it is worth nothing after)."""
    value = secrets.token_urlsafe(32)
    request.session[SESSION_KEY] = value
    return value


async def verify_csrf(request: Request) -> None:
    """Refuse an unsafe request whose form field or X-CSRF-Token header lacks the token."""
    if request.method not in UNSAFE_METHODS:
        return
    expected = request.session.get(SESSION_KEY)
    sent = request.headers.get(HEADER)
    if sent is None:
        # Starlette caches the parsed form, so the page reads the same one without a second parse.
        sent = (await request.form()).get(FORM_FIELD)
    if not expected or not isinstance(sent, str) or not same_secret(sent, expected):
        raise CsrfRejected
