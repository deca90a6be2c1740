"""The JSON API: every concept's routes under /api/v1."""

from fastapi import APIRouter

from coachboard.accounts.api import reset_router as password_reset_router
from coachboard.accounts.api import router as accounts_router
from coachboard.accounts.profile_api import router as profile_router
from coachboard.calendar_feeds.api import router as calendar_feed_router
from coachboard.clients.api import router as clients_router
from coachboard.commitments.api import router as commitments_router
from coachboard.core.responses import CLIENT_ONLY, COACH_ONLY, UNAUTHORIZED
from coachboard.dashboard.api import router as dashboard_router
from coachboard.goals.api import router as goals_router
from coachboard.hierarchy.api import router as hierarchy_router
from coachboard.hierarchy.legacy_api import router as legacy_router
from coachboard.history.api import router as history_router
from coachboard.mail.api import router as mail_router
from coachboard.portal.api import router as portal_access_router
from coachboard.portal.client_api import router as portal_router
from coachboard.reflections.api import router as reflections_router
from coachboard.search.api import router as search_router
from coachboard.sessions.api import router as sessions_router
from coachboard.sprints.api import router as sprints_router
from coachboard.targets.api import router as targets_router
from coachboard.topics.api import router as topics_router
from coachboard.transfer.api import router as transfer_router

router = APIRouter(prefix="/api/v1", responses=UNAUTHORIZED)
# Open to every signed-in account, coach or client.
router.include_router(accounts_router)
router.include_router(password_reset_router)
router.include_router(profile_router)
router.include_router(calendar_feed_router)
# The client's own routes: a coach's account gets 404 from each (accounts.dependencies).
router.include_router(portal_router, responses=CLIENT_ONLY)
# The coach's routes: a client's account gets 404 from each (accounts.dependencies.current_coach).
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
