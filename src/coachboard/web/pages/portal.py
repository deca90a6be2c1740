"""The portal's pages: joining through an invitation, the client's own page (/me) with its done
toggles, reflection forms and next-session topics, and the coach's invite and revoke buttons
and preview of the client's page."""

import uuid

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from coachboard.accounts import throttle
from coachboard.accounts.schemas import ClientAccount
from coachboard.accounts.time_zones import today_for
from coachboard.calendar_feeds import service as calendar_feeds
from coachboard.clients import service as clients
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.database import unit_of_work
from coachboard.core.dependencies import DbSession, Requester, client_address, client_info
from coachboard.core.errors import InvalidInput, NotFound
from coachboard.mail import service as mail
from coachboard.portal import access, preferences, service
from coachboard.portal.access import LinkState
from coachboard.portal.me import me_page as me_page_of
from coachboard.portal.schemas import PortalReflectionCreate, PortalTopicCreate
from coachboard.portal.service import Direction
from coachboard.portal.urls import join_url
from coachboard.web.auth import CLIENT_HOME, HOME, PageAccount, PageClient, PageCoach, sign_in
from coachboard.web.errors import error_page
from coachboard.web.forms import WHOLE_FORM, Form, FormDep, ModelT, validate
from coachboard.web.pages.accounts import in_words
from coachboard.web.pages.commitments import status_answer, status_message, wants_json
from coachboard.web.routing import page_router
from coachboard.web.templating import flash, redirect, render
from coachboard.web.workspace.record_pages import posted_text

router = page_router()

GONE_WORDS = {
    LinkState.UNKNOWN: "This invitation link is unknown. Check that you copied all of it, or "
    "ask your coach for a new one.",
    LinkState.USED: "This invitation link has been used already. Sign in with your email and "
    "password, or ask your coach for a new link.",
    LinkState.REPLACED: "This invitation link has been replaced by a newer one, or your coach "
    "has withdrawn it. Use the newest link your coach sent you.",
    LinkState.EXPIRED: "This invitation link has expired: links work for 7 days. Ask your "
    "coach for a new one.",
    LinkState.CLIENT_ARCHIVED: "This invitation link no longer works. Ask your coach for a "
    "new one.",
}


def link_gone(request: Request, state: LinkState) -> Response:
    """The page of a link that does not work: 404 for one never issued, 410 for the rest."""
    return error_page(request, 404 if state is LinkState.UNKNOWN else 410, GONE_WORDS[state])


def join_form(request: Request, link: access.JoinLink, token: str, form: Form, status: int = 200):
    context = {"link": link, "token": token, "form": form}
    return render(request, "portal/join.html", context, status_code=status)


@router.get("/join/{token}")
def join_page(request: Request, session: DbSession, token: str) -> Response:
    """The page an invitation link opens: choose a password, once, within the link's 7 days."""
    link = access.link(session, token=token)
    if link.state is not LinkState.LIVE:
        return link_gone(request, link.state)
    return join_form(request, link, token, Form(values={"time_zone": link.coach_time_zone}))


def link_apart(engine: Engine, token: str) -> access.JoinLink:
    with unit_of_work(engine, read_only=True) as session:
        return access.link(session, token=token)


@router.post("/join/{token}")
async def join_submit(request: Request, session: DbSession, posted: FormDep, token: str):
    """Set the password, create (or enable again) the client's account and sign in here; past
    the allowance of attempts (accounts.throttle, shared with sign-in), 429."""
    # Read apart from the request's transaction: the throttle must count before that one
    # takes SQLite's write lock (accounts.throttle.admit), and it needs the invited email.
    link = await run_in_threadpool(link_apart, request.app.state.engine, token)
    if link.state is not LinkState.LIVE:
        return link_gone(request, link.state)
    time_zone = str(posted.get("time_zone", "")).strip()
    form = Form(values={"time_zone": time_zone})
    # Counted under the invited email, as a sign-in is: one allowance for every door.
    attempt = throttle.Attempt(account=link.email, address=client_address(request))
    limits = throttle.Limits.from_settings(request.app.state.settings)
    if refused := await run_in_threadpool(
        throttle.admit, request.app.state.engine, attempt, limits
    ):
        form.errors[WHOLE_FORM] = (
            f"Too many attempts. Wait {in_words(refused.retry_after)} and try again."
        )
        response = join_form(request, link, token, form, status=429)
        response.headers["Retry-After"] = str(refused.retry_after)
        return response
    password = str(posted.get("password", ""))
    try:
        account = await run_in_threadpool(
            form.attempt,
            session,
            lambda: access.join(
                session,
                token=token,
                password=password,
                client=client_info(request),
                time_zone=time_zone or None,
            ),
        )
    except NotFound:
        # A concurrent request used the link between the read above and the claim.
        return link_gone(request, LinkState.USED)
    if account is None:
        return join_form(request, link, token, form, status=422)
    await run_in_threadpool(throttle.succeeded, session, attempt)
    response = await run_in_threadpool(sign_in, request, session, account, redirect(CLIENT_HOME))
    flash(request, f"Welcome, {account.name}. This is your page.", "success")
    return response


@router.get(CLIENT_HOME)
def me_page(request: Request, session: DbSession, account: PageAccount) -> Response:
    """The client's own page; a coach has theirs at home."""
    if not account.is_client:
        return redirect(HOME)
    return render_me(request, session, ClientAccount.of(account))


def render_me(
    request: Request,
    session: Session,
    client: ClientAccount,
    *,
    zone_form: Form | None = None,
    status_code: int = 200,
) -> Response:
    """The client's page; with the time zone form as posted when it was refused."""
    scope = service.scope_of(session, client)
    context = {
        "section": "me",
        "me": me_page_of(session, scope=scope),
        "preview": False,
        "feed_made_at": calendar_feeds.made_at(session, account=client.account),
        "emails": preferences.email_preferences(session, client=client),
        "zone_form": zone_form or Form(values={"time_zone": client.account.time_zone}),
    }
    return render(request, "portal/me.html", context, status_code=status_code)


@router.post(f"{CLIENT_HOME}/emails")
def me_emails(
    request: Request, session: DbSession, client: PageClient, posted: FormDep
) -> Response:
    """The email form: each kind ticked is on, each left unticked off; 303 back to it."""
    wanted = [kind for kind in posted.getlist("kinds") if isinstance(kind, str)]
    on = preferences.choose_emails(session, client=client, wanted=wanted)
    names = [mail.KIND_NAMES[kind] for kind in on]
    flash(
        request,
        f"Saved: you get {', '.join(names)} by email." if names else "Saved: no email for you.",
        "success",
    )
    return redirect(f"{CLIENT_HOME}#email")


@router.post(f"{CLIENT_HOME}/time-zone")
def me_time_zone(
    request: Request, session: DbSession, client: PageClient, posted: FormDep
) -> Response:
    """The time zone form: your page and your email read times on this clock; 303 back to
    the page, or the page again (422) with the problem beside the field."""
    time_zone = (posted_text(posted, "time_zone") or "").strip()
    form = Form(values={"time_zone": time_zone})
    if not time_zone:
        form.errors["time_zone"] = "This field is required."
    else:
        form.attempt(
            session,
            lambda: preferences.set_time_zone(session, client=client, time_zone=time_zone),
        )
    if not form.ok:
        return render_me(request, session, client, zone_form=form, status_code=422)
    flash(
        request, f"Your time zone is {time_zone}: times on your page are on its clock.", "success"
    )
    return redirect(f"{CLIENT_HOME}#time-zone")


@router.post(f"{CLIENT_HOME}/commitments/{{commitment_id:uuid}}/status")
def me_commitment_status(
    request: Request,
    session: DbSession,
    client: PageClient,
    commitment_id: uuid.UUID,
    posted: FormDep,
    who: Requester,
) -> Response:
    """The done toggle on the client's page: done, or open again. Answers JSON when asked
    (the toggle's script), else 303 back to the page; 422 naming `status` for another value."""
    wanted = posted_text(posted, "status")
    if wanted not in CLIENT_STATUSES:
        raise InvalidInput.field("status", "must be done or open", kind="status_invalid")
    saved = service.set_commitment_status(
        session,
        client=client,
        commitment_id=commitment_id,
        status=CommitmentStatus(wanted),
        requester=who,
    )
    today = today_for(client.account)
    if wants_json(request):
        return JSONResponse(status_answer(saved, today, carried=False))
    flash(request, status_message(saved, carried=False), "success")
    return redirect(CLIENT_HOME)


# What a client may set a commitment to, from their page.
CLIENT_STATUSES = {CommitmentStatus.done.value, CommitmentStatus.open.value}


def posted_as(model: type[ModelT], posted: FormData, fields: tuple[str, ...]) -> ModelT:
    """The posted fields through the API's own schema; else 422 naming the first field in
    error, as the API answers (the page's forms mark their fields required, so a browser
    seldom gets here)."""
    values, form = validate(model, posted, fields=fields)
    if values is None:
        name, message = next(iter(form.errors.items()))
        raise InvalidInput.field(name, message)
    return values


@router.post(f"{CLIENT_HOME}/commitments/{{commitment_id:uuid}}/reflections")
def me_add_reflection(
    request: Request,
    session: DbSession,
    client: PageClient,
    commitment_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    """The "Add a reflection" form under a commitment; 303 back to the page."""
    body = posted_as(PortalReflectionCreate, posted, ("text",))
    service.add_reflection(session, client=client, commitment_id=commitment_id, text=body.text)
    flash(request, "Your reflection is saved. Your coach will see it.", "success")
    return redirect(CLIENT_HOME)


@router.post(f"{CLIENT_HOME}/topics")
def me_add_topic(
    request: Request, session: DbSession, client: PageClient, posted: FormDep
) -> Response:
    """The next-session box's add form; 303 back to the page."""
    body = posted_as(PortalTopicCreate, posted, ("text", "priority"))
    topic = service.add_topic(session, client=client, text=body.text, priority=body.priority)
    flash(request, f"Added “{topic.text}” for your next session.", "success")
    return redirect(CLIENT_HOME)


@router.post(f"{CLIENT_HOME}/topics/{{topic_id:uuid}}/move")
def me_move_topic(
    request: Request, session: DbSession, client: PageClient, topic_id: uuid.UUID, posted: FormDep
) -> Response:
    """A topic's up and down buttons (`direction`); 303 back to the page."""
    wanted = posted_text(posted, "direction")
    if wanted not in Direction.__members__:
        raise InvalidInput.field("direction", "must be up or down")
    service.move_topic(session, client=client, topic_id=topic_id, direction=Direction(wanted))
    return redirect(CLIENT_HOME)


@router.post(f"{CLIENT_HOME}/topics/{{topic_id:uuid}}/withdraw")
def me_withdraw_topic(
    request: Request, session: DbSession, client: PageClient, topic_id: uuid.UUID
) -> Response:
    """A topic's withdraw button; 303 back to the page."""
    topic = service.withdraw_topic(session, client=client, topic_id=topic_id)
    flash(request, f"Withdrew “{topic.text}”.", "success")
    return redirect(CLIENT_HOME)


@router.get("/clients/{client_id:uuid}/portal-preview")
def portal_preview(
    request: Request, session: DbSession, coach: PageCoach, client_id: uuid.UUID
) -> Response:
    """The client's page as the client sees it, read-only, for their coach."""
    client = clients.get(session, coach=coach, client_id=client_id)
    me = me_page_of(session, scope=service.preview_scope(coach, client))
    return render(request, "portal/me.html", {"me": me, "preview": True})


@router.post("/clients/{client_id:uuid}/invitation")
def invite_page(
    request: Request, session: DbSession, coach: PageCoach, client_id: uuid.UUID
) -> Response:
    """The invite button: a new link, shown once for the coach to copy."""
    client = clients.get(session, coach=coach, client_id=client_id)
    form = Form()
    invitation = form.attempt(
        session, lambda: access.invite(session, coach=coach, client_id=client_id)
    )
    if invitation is None:
        problem = next(iter(form.errors.values()))
        flash(request, f"{client.name} can't be invited: {problem}", "warning")
        return redirect(f"/clients/{client_id}")
    context = {
        "client": client,
        "url": join_url(request, invitation.token),
        "expires_at": invitation.expires_at,
        "email": invitation.email.on(request.app.state.settings),
        "owner": coach,  # the expiry on the coach's clock
    }
    return render(request, "portal/invitation.html", context)


@router.post("/clients/{client_id:uuid}/portal-access/revoke")
def revoke_page(
    request: Request, session: DbSession, coach: PageCoach, client_id: uuid.UUID, who: Requester
) -> Response:
    """The revoke button: the client is signed out everywhere and cannot sign in again."""
    client = clients.get(session, coach=coach, client_id=client_id)
    access.revoke(session, coach=coach, client_id=client_id, client=who)
    flash(request, f"{client.name} no longer has portal access. Their records are kept.")
    return redirect(f"/clients/{client_id}")
