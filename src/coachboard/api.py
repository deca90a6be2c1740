"""The JSON API: every concept's routes under /api/v1."""

from fastapi import APIRouter

from coachboard.accounts.api import router as accounts_router
from coachboard.clients.api import router as clients_router
from coachboard.hierarchy.api import router as hierarchy_router

NOT_FOUND = {404: {"description": "Not found, or not yours to see"}}

router = APIRouter(prefix="/api/v1")
router.include_router(accounts_router)
router.include_router(clients_router)
router.include_router(hierarchy_router)
