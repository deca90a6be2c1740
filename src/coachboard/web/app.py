"""Mount the coach's pages on the app: sessions, CSRF, static files, page errors, every page."""

from fastapi import Depends, FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import Response

from coachboard.accounts.pages import router as accounts_pages
from coachboard.clients.pages import router as clients_pages
from coachboard.commitments.pages import router as commitments_pages
from coachboard.goals.pages import router as goals_pages
from coachboard.hierarchy.pages import router as hierarchy_pages
from coachboard.sessions.pages import router as sessions_pages
from coachboard.sprints.pages import router as sprints_pages
from coachboard.targets.pages import router as targets_pages
from coachboard.web import pages as shell_pages
from coachboard.web.auth import SignInRequired, sign_in_url
from coachboard.web.csrf import CsrfRejected, verify_csrf
from coachboard.web.errors import error_page, install_page_error_handlers
from coachboard.web.middleware import SecureCookiesOnHttps, SecurityHeaders
from coachboard.web.templating import STATIC_DIR, redirect
from coachboard.web.workspace import placeholder_router

SESSION_COOKIE = "coachboard_session"
SESSION_MAX_AGE = 14 * 24 * 60 * 60

# Every page router, each included behind the CSRF check. A workspace view's router goes
# before placeholder_router, whose catch-all tab route stands in for views not written yet.
PAGE_ROUTERS = [
    shell_pages.router,
    accounts_pages,
    clients_pages,
    goals_pages,
    targets_pages,
    sprints_pages,
    sessions_pages,
    commitments_pages,
    hierarchy_pages,
    placeholder_router,
]


def install_web(app: FastAPI) -> None:
    """Add the pages to an app whose API error handlers are already installed."""
    settings = app.state.settings
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in PAGE_ROUTERS:
        app.include_router(router, dependencies=[Depends(verify_csrf)])
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
        secret_key=settings.resolved_secret_key(),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=False,  # SecureCookiesOnHttps adds Secure per request, when it is HTTPS
    )
    app.add_middleware(SecureCookiesOnHttps)
    app.add_middleware(SecurityHeaders)
