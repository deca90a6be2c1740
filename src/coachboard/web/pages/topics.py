"""The session page's agenda topic buttons: discussed, deferred, dropped, each a form that works
without JavaScript and returns to the page it came from."""

import uuid

from fastapi import Request
from fastapi.responses import Response

from coachboard.core.dependencies import DbSession
from coachboard.core.errors import InvalidInput
from coachboard.topics import service as topics
from coachboard.topics.schemas import TopicMark, TopicStatusChange
from coachboard.web.auth import local_path
from coachboard.web.forms import FormDep, validate
from coachboard.web.routing import page_router
from coachboard.web.templating import flash, redirect
from coachboard.web.workspace.record_pages import posted_text
from coachboard.web.workspace.records import NEXT_FIELD
from coachboard.web.workspace.shell import WorkspaceDep

router = page_router()

MESSAGES = {
    TopicMark.discussed: "Marked “{}” discussed.",
    TopicMark.deferred: "Deferred “{}” to the next session.",
    TopicMark.dropped: "Dropped “{}”.",
}


@router.post("/clients/{client_id:uuid}/topics/{topic_id:uuid}/status")
def mark_topic(
    request: Request,
    workspace: WorkspaceDep,
    session: DbSession,
    topic_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    """Mark the client's topic discussed, deferred or dropped, then 303 to `next`."""
    fields, form = validate(TopicStatusChange, posted, fields=("status",))
    if fields is None:
        name, message = next(iter(form.errors.items()))
        raise InvalidInput.field(name, message)
    topic = topics.mark(
        session,
        coach=workspace.coach,
        topic_id=topic_id,
        status=fields.status,
        client_id=workspace.client.id,
    )
    flash(request, MESSAGES[fields.status].format(topic.text), "success")
    default = f"/clients/{workspace.client.id}/sessions"
    return redirect(local_path(posted_text(posted, NEXT_FIELD), default))
