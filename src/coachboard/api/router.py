"""The JSON API: every concept's routes under /api/v1."""

from fastapi import APIRouter

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

router = APIRouter(prefix="/api/v1", responses=UNAUTHORIZED)
# Open to every signed-in account, coach or client.
router.include_router(accounts_router)
router.include_router(password_reset_router)
router.include_router(profile_router)
router.include_router(calendar_feed_router)
# The client's own routes: a coach's account gets 404 from each (api.dependencies).
router.include_router(portal_router, responses=CLIENT_ONLY)
# The coach's routes: a client's account gets 404 from each (api.dependencies.current_coach).
for coach_router in (
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
):
    router.include_router(coach_router, responses=COACH_ONLY)
