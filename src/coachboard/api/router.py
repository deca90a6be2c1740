"""The JSON API: every concept's routes under /api/v1."""

from fastapi import FastAPI

from coachboard.api.accounts import reset_router as password_reset_router
from coachboard.api.accounts import router as accounts_router
from coachboard.api.calendar_feeds import router as calendar_feed_router
from coachboard.api.clients import router as clients_router
from coachboard.api.commitments import router as commitments_router
from coachboard.api.dashboard import router as dashboard_router
from coachboard.api.goals import router as goals_router
from coachboard.api.hierarchy import router as hierarchy_router
from coachboard.api.history import router as history_router
from coachboard.api.legacy import router as legacy_router
from coachboard.api.mail import router as mail_router
from coachboard.api.portal import router as portal_router
from coachboard.api.portal_access import router as portal_access_router
from coachboard.api.profile import router as profile_router
from coachboard.api.reflections import router as reflections_router
from coachboard.api.search import router as search_router
from coachboard.api.sessions import router as sessions_router
from coachboard.api.sprints import router as sprints_router
from coachboard.api.targets import router as targets_router
from coachboard.api.topics import router as topics_router
from coachboard.api.transfer import router as transfer_router
from coachboard.core.responses import CLIENT_ONLY, COACH_ONLY, UNAUTHORIZED

API_PREFIX = "/api/v1"
# Open to every signed-in account, coach or client.
EVERYONE = (accounts_router, password_reset_router, profile_router, calendar_feed_router)
# The coach's routes: a client's account gets 404 from each (api.dependencies.current_coach).
COACH_ROUTERS = (
    transfer_router,  # before clients_router: /clients/import is not a client's id
    clients_router,
    portal_access_router,
    goals_router,
    targets_router,
    sprints_router,
    sessions_router,
    commitments_router,
    topics_router,
    reflections_router,
    hierarchy_router,
    legacy_router,
    search_router,
    dashboard_router,
    mail_router,
    history_router,
)


def include_api(app: FastAPI) -> None:
    """Every concept's routes under /api/v1, each router included in the app itself: a router
    nested in an /api/v1 router would be matched once more at each level, on every request."""
    for router in EVERYONE:
        app.include_router(router, prefix=API_PREFIX, responses=UNAUTHORIZED)
    # The client's own routes: a coach's account gets 404 from each (api.dependencies).
    app.include_router(portal_router, prefix=API_PREFIX, responses={**UNAUTHORIZED, **CLIENT_ONLY})
    for router in COACH_ROUTERS:
        app.include_router(router, prefix=API_PREFIX, responses={**UNAUTHORIZED, **COACH_ONLY})
