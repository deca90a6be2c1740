"""Mount the coach's pages on the app: browser state, CSRF, static files, page errors."""

from collections.abc import Sequence

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import Response

from coachboard.web.auth import SignInRequired, sign_in_url
from coachboard.web.csrf import CsrfRejected, verify_csrf
from coachboard.web.errors import error_page, install_page_error_handlers
from coachboard.web.middleware import SecureCookiesOnHttps, SecurityHeaders
from coachboard.web.templating import STATIC_DIR, redirect

# Starlette's signed cookie: flash messages and a signed-out browser's CSRF token, nothing
# that signs anyone in (that is the server session's cookie, web.auth.SESSION_COOKIE). It
# lasts as long as the browser does.
BROWSER_STATE_COOKIE = "coachboard_state"


def install_web(
    app: FastAPI, page_routers: Sequence[APIRouter], link_routers: Sequence[APIRouter] = ()
) -> None:
    """Add the pages to an app whose API error handlers are already installed; every page
    router is included behind the CSRF check, except link_routers: pages whose URL carries a
    signed secret of its own, posted to by mail clients without cookies (RFC 8058)."""
    settings = app.state.settings
    # Read once: without a configured secret, resolving it reads a file.
    app.state.secret_key = settings.resolved_secret_key()
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in page_routers:
        app.include_router(router, dependencies=[Depends(verify_csrf)])
    for router in link_routers:
        app.include_router(router)
    install_page_error_handlers(app)

    @app.exception_handler(CsrfRejected)
    def csrf_rejected(request: Request, _error: CsrfRejected) -> Response:
        return error_page(
            request,
            403,
            "This form was missing its security token, or it has expired. Go back, reload the "
            "page and try again.",
        )

    @app.exception_handler(SignInRequired)
    def sign_in_required(_request: Request, error: SignInRequired) -> Response:
        return redirect(sign_in_url(error.next_url))

    # The last added runs first: the headers and the Secure flag see the session's cookie.
    app.add_middleware(
        SessionMiddleware,
        secret_key=app.state.secret_key,
        session_cookie=BROWSER_STATE_COOKIE,
        max_age=None,
        same_site="lax",
        https_only=False,  # SecureCookiesOnHttps adds Secure per request, when it is HTTPS
    )
    app.add_middleware(SecureCookiesOnHttps)
    app.add_middleware(SecurityHeaders)
