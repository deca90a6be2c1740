"""Pages for signing in: the first-run page, sign-in, sign-out and the password reset link."""

from datetime import timedelta

from fastapi import BackgroundTasks, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from coachboard import samples
from coachboard.accounts import events, throttle
from coachboard.accounts import service as accounts
from coachboard.accounts.schemas import UserCreate
from coachboard.core.dependencies import DbSession, Requester, client_address, client_info
from coachboard.mail import messages
from coachboard.web.auth import HOME, MaybeAccount, landing, safe_next, sign_in, sign_out
from coachboard.web.errors import error_page
from coachboard.web.forms import WHOLE_FORM, Form, FormDep, validate
from coachboard.web.routing import page_router
from coachboard.web.templating import flash, redirect, render

router = page_router()


@router.get("/welcome")
def welcome(request: Request, session: DbSession) -> Response:
    """First run: create the first coach account (only while there is none)."""
    if accounts.count(session) > 0:
        return redirect("/sign-in")
    # UTC until the browser says otherwise: app.js puts the browser's own zone in the field.
    form = Form(values={"samples": True, "time_zone": "UTC"})
    return render(request, "accounts/welcome.html", {"form": form})


@router.post("/welcome")
def create_first_coach(request: Request, session: DbSession, posted: FormDep) -> Response:
    if accounts.count(session) > 0:
        flash(request, "An account exists already: sign in with it.")
        return redirect("/sign-in")
    fields, form = validate(UserCreate, posted, fields=("name", "email", "password", "time_zone"))
    form.values["samples"] = posted.get("samples") == "on"
    user = (
        form.attempt(session, lambda: accounts.create(session, **fields.model_dump()))
        if fields
        else None
    )
    if user is None:
        return render(request, "accounts/welcome.html", {"form": form}, status_code=422)
    # A new account starts on its clients (the samples, or the button to add one): the week
    # is empty until there are some.
    response = sign_in(request, session, user, redirect("/clients"))
    if form.values["samples"]:
        added = samples.add_sample_clients(session, coach=user)
        flash(request, f"Welcome, {user.name}. {len(added)} sample clients are ready to explore.")
    else:
        flash(request, f"Welcome, {user.name}. Add your first client to get started.")
    return response


@router.get("/sign-in")
def sign_in_page(
    request: Request, session: DbSession, account: MaybeAccount, next: str | None = None
) -> Response:
    if account is not None:
        return redirect(landing(account, safe_next(next)))
    if accounts.count(session) == 0:
        return redirect("/welcome")
    return render(request, "accounts/sign_in.html", {"form": Form(), "next": safe_next(next)})


@router.post("/sign-in")
async def sign_in_submit(request: Request, session: DbSession, posted: FormDep) -> Response:
    """Sign in; past the allowance of attempts (accounts.throttle), 429 without a password check."""
    email, password = str(posted.get("email", "")).strip(), str(posted.get("password", ""))
    next_url = safe_next(str(posted.get("next", "")))
    form = Form(values={"email": email})
    if not email:
        form.errors["email"] = "Enter your email address."
    if not password:
        form.errors["password"] = "Enter your password."
    if not form.ok:
        return sign_in_again(request, form, next_url)

    attempt = throttle.Attempt(account=email, address=client_address(request))
    limits = throttle.Limits.from_settings(request.app.state.settings)
    if refused := await run_in_threadpool(
        throttle.admit, request.app.state.engine, attempt, limits
    ):
        return too_many_attempts(request, form, next_url, refused)

    user = await run_in_threadpool(accounts.authenticate, session, email=email, password=password)
    await run_in_threadpool(
        events.record_sign_in, session, email=email, user=user, client=client_info(request)
    )
    if user is None:
        form.errors[WHOLE_FORM] = "That email and password don't match an account."
        return sign_in_again(request, form, next_url)
    await run_in_threadpool(throttle.succeeded, session, attempt)
    return await run_in_threadpool(
        sign_in, request, session, user, redirect(landing(user, next_url))
    )


def sign_in_again(
    request: Request, form: Form, next_url: str, *, status_code: int = 422
) -> HTMLResponse:
    context = {"form": form, "next": next_url}
    return render(request, "accounts/sign_in.html", context, status_code=status_code)


def too_many_attempts(
    request: Request, form: Form, next_url: str, refused: throttle.Refused
) -> HTMLResponse:
    wait = in_words(refused.retry_after)
    form.errors[WHOLE_FORM] = f"Too many sign-in attempts. Wait {wait} and try again."
    response = sign_in_again(request, form, next_url, status_code=429)
    response.headers["Retry-After"] = str(refused.retry_after)
    return response


def in_words(seconds: int) -> str:
    """A wait as a person reads it: seconds under a minute, else whole minutes, rounded up."""
    if seconds < 60:
        return f"{seconds} seconds" if seconds != 1 else "1 second"
    minutes = -(-seconds // 60)
    return f"{minutes} minutes" if minutes != 1 else "1 minute"


@router.post("/sign-out")
def sign_out_submit(request: Request, session: DbSession) -> Response:
    """End this browser's session on the server, not only its cookie."""
    response = sign_out(request, session, redirect("/sign-in"))
    flash(request, "You're signed out.")
    return response


RESET_REQUESTED = (
    "If an account has the email {email}, we've sent it a link to choose a new password. "
    "It works once, for {minutes} minutes."
)


@router.get("/forgot-password")
def forgot_password_page(request: Request) -> Response:
    """The form that asks for a reset link by email."""
    return render(request, "accounts/forgot_password.html", {"form": Form(), "sent": None})


@router.post("/forgot-password")
async def forgot_password_submit(
    request: Request, posted: FormDep, background: BackgroundTasks
) -> Response:
    """Queue a reset link to the account with that email, if there is one: the answer is the
    same either way, and as quick, so the form tells no one which emails have accounts."""
    email = str(posted.get("email", "")).strip()
    form = Form(values={"email": email})
    if "@" not in email or len(email) > 320:
        form.errors["email"] = "Enter your email address."
        context = {"form": form, "sent": None}
        return render(request, "accounts/forgot_password.html", context, status_code=422)
    settings = request.app.state.settings
    attempt = throttle.reset_attempt(email, client_address(request))
    limits = throttle.Limits.from_settings(settings)
    if refused := await run_in_threadpool(
        throttle.admit, request.app.state.engine, attempt, limits
    ):
        form.errors[WHOLE_FORM] = (
            f"Too many requests. Wait {in_words(refused.retry_after)} and try again."
        )
        context = {"form": form, "sent": None}
        response = render(request, "accounts/forgot_password.html", context, status_code=429)
        response.headers["Retry-After"] = str(refused.retry_after)
        return response
    lifetime = timedelta(minutes=settings.reset_link_minutes)
    # After the answer, in a transaction of its own: making and queueing a link takes time
    # that, before the answer, would tell which emails have an account.
    background.add_task(
        messages.queue_reset_link, request.app.state.engine, email=email, lifetime=lifetime
    )
    sent = RESET_REQUESTED.format(email=email, minutes=settings.reset_link_minutes)
    return render(request, "accounts/forgot_password.html", {"form": form, "sent": sent})


RESET_LINK_GONE = (
    "This password reset link is unknown, has been used already or has expired. Ask for a new one."
)


@router.get("/reset-password/{token}")
def reset_password_page(request: Request, session: DbSession, token: str) -> Response:
    """The form a reset link opens: a new password, once, within the link's hour."""
    user = accounts.reset_link_user(session, token=token)
    if user is None:
        return error_page(request, 410, RESET_LINK_GONE)
    context = {"form": Form(), "token": token, "email": user.email}
    return render(request, "accounts/reset_password.html", context)


@router.post("/reset-password/{token}")
def reset_password_submit(
    request: Request, session: DbSession, posted: FormDep, token: str, client: Requester
) -> Response:
    """Set the new password, end every session, token and the calendar feed of the account,
    and sign in here."""
    user = accounts.reset_link_user(session, token=token)
    if user is None:
        return error_page(request, 410, RESET_LINK_GONE)
    form = Form()
    password = str(posted.get("password", ""))
    changed = form.attempt(
        session,
        lambda: accounts.reset_password(session, token=token, password=password, client=client),
    )
    if changed is None:
        context = {"form": form, "token": token, "email": user.email}
        return render(request, "accounts/reset_password.html", context, status_code=422)
    response = sign_in(request, session, changed, redirect(landing(changed, HOME)))
    flash(
        request,
        "Your password is changed, and every other session, API token and your calendar feed's "
        "address have ended.",
    )
    return response
