"""CSRF protection for the pages: a token per browser session, checked on every unsafe request.

A signed-in browser's token is HMAC(secret, its session cookie's value): bound to the server
session, new at every sign-in, worthless once the session ends, and nothing to store. A
signed-out browser (the sign-in and first-run forms) gets a random token kept in Starlette's
signed cookie beside its flash messages.

The JSON API needs none: it authenticates with a bearer token a browser never sends on its own.
"""

import secrets

from fastapi import Request

from coachboard.core.security import keyed_digest, same_secret

SESSION_KEY = "csrf"
FORM_FIELD = "csrf_token"
HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The cookie holding the server session's opaque id (web.auth sets and reads it).
SESSION_COOKIE = "coachboard_session"
_UNSET = object()


class CsrfRejected(Exception):
    """An unsafe request without the session's token: refused with 403 before any work is done."""


def use_session(request: Request, key: str | None) -> None:
    """From now on in this request, tokens are those of this session cookie value (sign-in)
    or of no session (sign-out): the page rendered after it carries the right one."""
    request.state.csrf_session_key = key


def session_key(request: Request) -> str | None:
    key = getattr(request.state, "csrf_session_key", _UNSET)
    return request.cookies.get(SESSION_COOKIE) if key is _UNSET else key


def token(request: Request) -> str:
    """The token every form that changes something carries, for this browser session."""
    return expected(request) or rotate(request)


def rotate(request: Request) -> str:
    """A fresh token for a signed-out browser."""
    value = secrets.token_urlsafe(32)
    request.session[SESSION_KEY] = value
    return value


def expected(request: Request) -> str | None:
    """The token this browser session's forms must carry; None for a signed-out browser that
    has been given none yet."""
    key = session_key(request)
    if key:
        return keyed_digest(request.app.state.secret_key, f"csrf:{key}")
    return request.session.get(SESSION_KEY)


async def verify_csrf(request: Request) -> None:
    """Refuse an unsafe request whose form field or X-CSRF-Token header lacks the token."""
    if request.method not in UNSAFE_METHODS:
        return
    wanted = expected(request)
    sent = request.headers.get(HEADER)
    if sent is None:
        # Starlette caches the parsed form, so the page reads the same one without a second parse.
        sent = (await request.form()).get(FORM_FIELD)
    if not wanted or not isinstance(sent, str) or not same_secret(sent, wanted):
        raise CsrfRejected
