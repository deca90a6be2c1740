"""The coach's messages in the JSON API."""

from coachboard.api.dependencies import CurrentCoach
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.pagination import Page, PageDep
from coachboard.mail import service
from coachboard.mail.schemas import MessageRead

router = api_router(tags=["mail"])


@router.get("/mail", response_model=Page[MessageRead])
def list_messages(session: DbSession, coach: CurrentCoach, page: PageDep) -> Page[MessageRead]:
    """The coach's messages (to them and to their clients), failed ones first, then the
    newest: recipient, kind, subject, state, attempts, the last error, when due and sent."""
    found, total = service.messages_of(session, coach=coach, page=page)
    return Page(items=[MessageRead.model_validate(message) for message in found], total=total)
