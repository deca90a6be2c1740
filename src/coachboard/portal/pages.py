"""The portal's pages: joining through an invitation, the client's own page (/me), and the
coach's invite and revoke buttons on the client's overview."""

import uuid
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from coachboard.accounts import throttle
from coachboard.accounts.dependencies import Requester, client_address, client_info
from coachboard.accounts.models import User
from coachboard.accounts.pages import in_words
from coachboard.clients import service as clients
from coachboard.clients.models import Client
from coachboard.core.database import transaction, unit_of_work
from coachboard.core.dependencies import DbSession
from coachboard.core.errors import NotFound
from coachboard.portal import access
from coachboard.portal.access import LinkState
from coachboard.portal.urls import join_url
from coachboard.web.auth import CLIENT_HOME, HOME, PageAccount, PageCoach, sign_in
from coachboard.web.errors import error_page
from coachboard.web.forms import WHOLE_FORM, Form, FormDep
from coachboard.web.routing import page_router
from coachboard.web.templating import flash, redirect, render

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
    return join_form(request, link, token, Form())


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
    form = Form()
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
                session, token=token, password=password, client=client_info(request)
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


@dataclass(frozen=True)
class Me:
    """The client's page, for now: who they are and who their coach is."""

    name: str
    coach_name: str


def me_of(session: Session, account: User) -> Me:
    with transaction(session):
        coach_name = session.scalar(
            select(User.name)
            .join(Client, Client.coach_id == User.id)
            .where(Client.id == account.client_id)
        )
    return Me(name=account.name, coach_name=coach_name or "")


@router.get(CLIENT_HOME)
def me_page(request: Request, session: DbSession, account: PageAccount) -> Response:
    """The client's own page; a coach has theirs at home."""
    if not account.is_client:
        return redirect(HOME)
    return render(request, "portal/me.html", {"section": "me", "me": me_of(session, account)})


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
