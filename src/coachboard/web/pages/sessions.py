"""The workspace's Sessions tab: the list with each session's commitment count, and a page per
session showing the commitments made in it with a form to add one (posted to the commitment
form's own route, which returns here)."""

import uuid
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import today_for, zone_of
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentFilters
from coachboard.core.dependencies import DbSession
from coachboard.hierarchy import session_review
from coachboard.mail import consent, session_emails
from coachboard.models.sessions import CoachingSession
from coachboard.progress import due
from coachboard.sessions import service as coaching_sessions
from coachboard.sessions.schemas import SessionCreate, SessionUpdate
from coachboard.sessions.times import describe_session
from coachboard.topics import service as topics
from coachboard.web.forms import Form
from coachboard.web.paging import PageNumber, page_urls, pager, read_page
from coachboard.web.routing import page_router
from coachboard.web.workspace.choices import day, target_choices
from coachboard.web.workspace.record_pages import RecordPages, history_context
from coachboard.web.workspace.records import RecordForm, plural
from coachboard.web.workspace.shell import Workspace, WorkspaceDep, render_tab

router = page_router()

# Which notes the client will read must be plain wherever a coach writes or reads them.
PRIVATE_LABEL = "Private notes — only you see these"
SHARED_LABEL = "Shared with the client"


@router.get("/clients/{client_id:uuid}/sessions")
def sessions_tab(
    request: Request, workspace: WorkspaceDep, session: DbSession, page: PageNumber = 1
) -> Response:
    """A page of sessions, newest first, each with how many commitments were agreed in it."""
    coach, client_id = workspace.coach, workspace.client.id
    (found, total), number = read_page(
        lambda params: coaching_sessions.get_all(
            session, coach=coach, client_id=client_id, page=params
        ),
        lambda result: result[1],
        page,
    )
    made = coaching_sessions.commitment_ids(
        session, coach=coach, session_ids=[item.id for item in found]
    )
    context = {
        "sessions": found,
        "session_times": {item.id: describe_session(item, zone_of(coach)) for item in found},
        "commitment_counts": {session_id: len(ids) for session_id, ids in made.items()},
        "pager": pager(number, total, len(found), page_urls(request.url.path, {})),
    }
    return render_tab(request, workspace, "sessions", "sessions/tab.html", context)


@router.get("/clients/{client_id:uuid}/sessions/{session_id:uuid}")
def session_page(
    request: Request, workspace: WorkspaceDep, session: DbSession, session_id: uuid.UUID
) -> Response:
    """One session: its private and shared notes, the client's agenda topics (to mark
    discussed, deferred or dropped), the commitments still open from earlier (to mark done,
    drop or carry to a new date), the commitments made in it, and a form to add one."""
    pages = SessionPages()
    coaching_session = pages.get(session, workspace, session_id)
    today = today_for(workspace.coach)
    made, _ = commitments.get_all(
        session,
        coach=workspace.coach,
        client_id=workspace.client.id,
        filters=CommitmentFilters(session_id=session_id),
        today=today,
    )
    earlier, earlier_total = session_review.open_from_earlier(
        session, coach=workspace.coach, coaching_session=coaching_session, today=today
    )
    on_agenda, topics_total = topics.for_session(
        session, coach=workspace.coach, coaching_session=coaching_session
    )
    context = {
        "coaching_session": coaching_session,
        "notes_labels": {"notes": PRIVATE_LABEL, "shared_notes": SHARED_LABEL},
        "topics": on_agenda,
        "topics_total": topics_total,
        "commitments": made,
        "overdue_ids": {c.id for c in made if due.is_overdue(c.status, c.due_date, today)},
        "earlier": earlier,
        "earlier_total": earlier_total,
        "today": today,
        "form": Form(values={"target_ids": []}),
        "target_choices": target_choices(session, workspace),
        "crumb": pages.label(coaching_session),
        "when": describe_session(coaching_session, zone_of(workspace.coach)),
        # Set on another clock (the client's, say): its own time too, as the client reads it.
        "own_when": describe_session(coaching_session)
        if coaching_session.time_zone != workspace.coach.time_zone
        else None,
        **history_context(session, workspace, pages.history_kind, session_id),
    }
    return render_tab(request, workspace, "sessions", "sessions/session.html", context)


class SessionPages(RecordPages[CoachingSession]):
    tab = "sessions"
    noun = "session"
    template = "sessions/form.html"
    service = coaching_sessions
    id_keyword = "session_id"
    form = RecordForm(
        model=SessionCreate,
        update_model=SessionUpdate,
        labels={
            "session_date": "Date",
            "start_time": "Start time",
            "time_zone": "Time zone",
            "duration_minutes": "Duration (minutes)",
            "meeting_url": "Meeting link",
            "title": "Title",
            "notes": PRIVATE_LABEL,
            "shared_notes": SHARED_LABEL,
        },
    )

    def label(self, record: Any) -> str:
        return record.title or day(record.session_date)

    def context(
        self, session: Session, workspace: Workspace, record: CoachingSession | None
    ) -> dict[str, Any]:
        zone = workspace.coach.time_zone
        return {
            "time_hint": "On the clock of the time zone below. Leave it empty for an all-day "
            "session.",
            "zone_hint": f"Yours ({zone}) unless you choose another, such as the client's: the "
            "session keeps this clock when you change your own zone.",
        }

    def render_form(
        self,
        request: Request,
        session: Session,
        workspace: Workspace,
        form: Form,
        record: CoachingSession | None,
        back: str,
        status_code: int = 200,
        **extra: Any,
    ) -> Response:
        """The form, saying whether the client will be emailed about the session (whether
        this server sends email is a setting of the app the request reached)."""
        status = consent.client_email_status(
            session,
            client=workspace.client,
            kind=session_emails.KIND,
            settings=request.app.state.settings,
        )
        line = email_line(workspace.client.name, status)
        return super().render_form(
            request, session, workspace, form, record, back, status_code, email_line=line, **extra
        )

    def blank(self, session: Session, workspace: Workspace) -> Form:
        """A new session is today's, on the coach's clock, unless the coach says otherwise."""
        coach = workspace.coach
        return self.form.blank(session_date=today_for(coach), time_zone=coach.time_zone)

    def created_url(self, workspace: Workspace, record: CoachingSession, back: str) -> str:
        """The new session's page, where its commitments are added."""
        return f"{self.tab_url(workspace)}/{record.id}"

    def consequences(
        self, session: Session, workspace: Workspace, record: CoachingSession
    ) -> tuple[list[str], list[str]]:
        made = coaching_sessions.commitment_ids(
            session, coach=workspace.coach, session_ids=[record.id]
        )[record.id]
        removes = [f"The session “{self.label(record)}” and its notes."]
        if not made:
            return removes, []
        return removes, [f"Its {plural(len(made), 'commitment')}, no longer tied to a session."]


def email_line(name: str, status: consent.ClientEmailStatus) -> str:
    """What the session form says of the client's invitation, in words a coach reads."""
    match status.blocked_by:
        case None:
            return f"{name} will get an invitation by email for a session still to come."
        case consent.NotEmailed.NO_ADDRESS:
            return f"{name} is not emailed: their record has no email address."
        case consent.NotEmailed.NOT_AGREED:
            return f"{name} is not emailed: turn on “Email this client” on their record."
        case consent.NotEmailed.UNSUBSCRIBED:
            return f"{name} has unsubscribed from session emails."
        case consent.NotEmailed.NOT_CONFIGURED:
            return f"{consent.NOT_SET_UP}: the invitation to {name} is queued and waits, unsent."


SessionPages().register(router)
