"""The account page: the coach's profile (name, email, time zone), and their security: sessions,
API tokens and recent account events, with revoke buttons, sign out everywhere, and the password
change form."""

import uuid

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coachboard.accounts import events, sessions
from coachboard.accounts import service as accounts
from coachboard.accounts.schemas import CoachUpdate
from coachboard.calendar_feeds import service as calendar_feeds
from coachboard.core.dependencies import DbSession, Requester
from coachboard.models.accounts import User
from coachboard.web.auth import CurrentSessionId, PageCoach, forget_session, lifetime
from coachboard.web.forms import Form, FormDep, validate
from coachboard.web.routing import page_router
from coachboard.web.templating import flash, redirect, render

router = page_router()

ACCOUNT = "/account"
EVENT_WORDS = {
    events.EventKind.SIGN_IN: "Signed in",
    events.EventKind.SIGN_IN_FAILED: "Failed sign-in (wrong password)",
    events.EventKind.TOKEN_ISSUED: "API token issued",
    events.EventKind.PASSWORD_CHANGED: "Password changed",
    events.EventKind.PASSWORD_RESET: "Password reset",
    events.EventKind.SESSION_REVOKED: "Session revoked",
    events.EventKind.TOKEN_REVOKED: "API token revoked",
    events.EventKind.SIGNED_OUT_EVERYWHERE: "Signed out everywhere",
    events.EventKind.EMAIL_CHANGED: "Email changed",
    events.EventKind.JOINED: "Joined through an invitation",
    events.EventKind.ACCESS_REVOKED: "Portal access revoked",
    events.EventKind.ACCESS_SUSPENDED: "Portal access suspended (client archived)",
    events.EventKind.ACCESS_RESTORED: "Portal access restored (client unarchived)",
}


@router.get(ACCOUNT)
def account_page(
    request: Request, session: DbSession, coach: PageCoach, this_session: CurrentSessionId
) -> Response:
    """Where the coach sees what can act in their name, and ends it."""
    return render_account(request, session, coach, this_session, Form())


PROFILE_FIELDS = ("name", "email", "time_zone")


def profile_of(coach: User) -> Form:
    values = {name: getattr(coach, name) for name in PROFILE_FIELDS}
    return Form(values={**values, "daily_digest": coach.daily_digest})


def render_account(
    request: Request,
    session: Session,
    coach: User,
    this_session: uuid.UUID,
    form: Form,
    *,
    profile: Form | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "section": "account",
        # The coach's own account (the shell's `coach` is only who is signed in): its zone is
        # the clock the page's moments are shown on.
        "owner": coach,
        "profile": profile or profile_of(coach),
        "sessions": sessions.active(session, user=coach, lifetime=lifetime(request)),
        "this_session": this_session,
        "tokens": accounts.active_tokens(session, user=coach),
        "events": events.recent(session, user=coach),
        "event_words": EVENT_WORDS,
        "form": form,
        "feed_made_at": calendar_feeds.made_at(session, account=coach),
    }
    return render(request, "accounts/account.html", context, status_code=status_code)


@router.post(ACCOUNT + "/sessions/{session_id:uuid}/revoke")
def revoke_session(
    request: Request,
    session: DbSession,
    coach: PageCoach,
    session_id: uuid.UUID,
    client: Requester,
) -> Response:
    """End one browser session of the coach's (another coach's is not found)."""
    accounts.revoke_session(session, user=coach, session_id=session_id, client=client)
    flash(request, "That session has ended.", "success")
    return redirect(ACCOUNT)


@router.post(ACCOUNT + "/tokens/{token_id:uuid}/revoke")
def revoke_token(
    request: Request, session: DbSession, coach: PageCoach, token_id: uuid.UUID, client: Requester
) -> Response:
    """Revoke one API token of the coach's (another coach's is not found)."""
    accounts.revoke_token_by_id(session, user=coach, token_id=token_id, client=client)
    flash(request, "That API token is revoked.", "success")
    return redirect(ACCOUNT)


@router.post(ACCOUNT + "/sign-out-everywhere")
def sign_out_everywhere(
    request: Request, session: DbSession, coach: PageCoach, client: Requester
) -> Response:
    """End every session of the coach, this one included, and revoke every API token."""
    accounts.sign_out_everywhere(session, user=coach, client=client)
    response = forget_session(request, redirect("/sign-in"))
    flash(request, "You're signed out everywhere, and every API token is revoked.")
    return response


@router.post(ACCOUNT + "/password")
def change_password(
    request: Request,
    session: DbSession,
    coach: PageCoach,
    this_session: CurrentSessionId,
    posted: FormDep,
    client: Requester,
) -> Response:
    """Change the password; every other session, every API token and the calendar feed's
    address end, this session stays."""
    form = Form()
    changed = form.attempt(
        session,
        lambda: accounts.change_password(
            session,
            user=coach,
            current=str(posted.get("current_password", "")),
            new=str(posted.get("new_password", "")),
            keep_session=this_session,
            client=client,
        ),
    )
    if changed is None:
        return render_account(request, session, coach, this_session, form, status_code=422)
    flash(
        request,
        "Password changed. Every other session, every API token and your calendar feed's "
        "address have ended.",
        "success",
    )
    return redirect(ACCOUNT)


@router.post(ACCOUNT + "/profile")
def change_profile(
    request: Request,
    session: DbSession,
    coach: PageCoach,
    this_session: CurrentSessionId,
    posted: FormDep,
    client: Requester,
) -> Response:
    """Change the name, email, time zone and the daily digest switch (the same rules as
    PATCH /api/v1/me)."""
    fields, profile = validate(CoachUpdate, posted, fields=PROFILE_FIELDS)
    # A checkbox left unticked is not posted at all: absent means off.
    daily_digest = posted.get("daily_digest") == "on"
    profile.values["daily_digest"] = daily_digest
    if fields:
        fields = CoachUpdate.model_validate(
            {**fields.model_dump(exclude_unset=True), "daily_digest": daily_digest}
        )
    # The form shows the whole profile: a field emptied is a mistake, not "leave unchanged".
    for name in PROFILE_FIELDS:
        if not str(profile.values[name]).strip():
            profile.errors.setdefault(name, "This field is required.")
    changed = (
        profile.attempt(
            session,
            lambda: accounts.update_profile(session, user=coach, fields=fields, client=client),
        )
        if fields and profile.ok
        else None
    )
    if changed is None:
        return render_account(
            request, session, coach, this_session, Form(), profile=profile, status_code=422
        )
    flash(request, "Profile saved.", "success")
    return redirect(ACCOUNT)
