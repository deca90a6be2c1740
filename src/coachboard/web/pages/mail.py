"""The unsubscribe link's page (no sign-in: the link's signature is the authority) and the
coach's Email page: their practice's messages, failed ones first."""

from fastapi import Request
from fastapi.responses import Response

from coachboard.core.dependencies import DbSession
from coachboard.mail import consent, service
from coachboard.web.auth import PageCoach
from coachboard.web.paging import PageNumber, page_urls, pager, read_page
from coachboard.web.routing import page_router
from coachboard.web.templating import render

# Opened from an email, by whoever holds the link: installed without the CSRF check, because
# the signed token in the URL is what a forged request would lack, and mail clients post the
# RFC 8058 one-click request without cookies or a form token.
link_router = page_router()
router = page_router()


@link_router.get("/unsubscribe/{token}")
def unsubscribe_page(request: Request, session: DbSession, token: str) -> Response:
    """What the link will turn off, and the button that does it; reading it changes nothing
    (mail scanners open links)."""
    named = service.unsubscribe_of(session, token=token)
    return render(request, "mail/unsubscribe.html", {"named": named, "done": False})


@link_router.post("/unsubscribe/{token}")
def unsubscribe_submit(request: Request, session: DbSession, token: str) -> Response:
    """Turn the kind off for the link's client: the page's button, or a mail client's one-click
    POST (body List-Unsubscribe=One-Click, RFC 8058). Twice is the same as once."""
    named = service.unsubscribe(session, token=token)
    return render(request, "mail/unsubscribe.html", {"named": named, "done": True})


@router.get("/mail")
def mail_page(
    request: Request, session: DbSession, coach: PageCoach, page: PageNumber = 1
) -> Response:
    """A page of the coach's messages, failed ones first, then the newest, each in the state it
    is in; above them, whether this server sends email at all."""
    (found, total), number = read_page(
        lambda params: service.messages_of(session, coach=coach, page=params),
        lambda result: result[1],
        page,
    )
    context = {
        "section": "mail",
        "owner": coach,  # times in the coach's zone
        "email_set_up": consent.email_set_up(request.app.state.settings),
        "messages_sent": found,
        "pager": pager(number, total, len(found), page_urls(request.url.path, {})),
    }
    return render(request, "mail/list.html", context)
