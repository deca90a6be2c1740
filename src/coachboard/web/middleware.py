"""Two small ASGI middlewares: Secure cookies and HSTS over HTTPS, and security headers."""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from coachboard.web.errors import is_api_path

# Our own CSS and JS only, no inline script or style, no framing, forms post only to us.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# A year, the figure browsers' preload lists ask for; subdomains too, since a coach's browser
# must never be talked down to plain HTTP on any name under this one.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


class SecureCookiesOnHttps:
    """Over HTTPS, mark every cookie Secure and tell the browser to use HTTPS from now on (HSTS).

    Starlette's SessionMiddleware fixes its flags when the app starts; whether a request is
    HTTPS is known only per request (uvicorn sets the scheme, from X-Forwarded-Proto behind a
    trusted proxy), so the flag is added here, on the way out. HSTS is sent only over HTTPS,
    where the browser heeds it (RFC 6797 has it ignored over plain HTTP).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("strict-transport-security", STRICT_TRANSPORT_SECURITY)
                cookies = headers.getlist("set-cookie")
                del headers["set-cookie"]
                for cookie in cookies:
                    secure = "secure" in (p.strip().lower() for p in cookie.split(";"))
                    headers.append("set-cookie", cookie if secure else f"{cookie}; secure")
            await send(message)

        await self.app(scope, receive, send_secure)


class SecurityHeaders:
    """Headers every answer carries: nosniff everywhere, no-store on all but static files, and
    on pages their CSP and framing rules (the API docs page sets its own CSP)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        page = not is_api_path(scope["path"])
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # No guessing a type: a JSON answer echoing "<script>" must never run as HTML.
                headers.setdefault("x-content-type-options", "nosniff")
                if not static:
                    # A coach's data must not come back from a cache after signing out, nor an
                    # API answer from a shared proxy's.
                    headers.setdefault("cache-control", "no-store")
                if page:
                    headers.setdefault("content-security-policy", CONTENT_SECURITY_POLICY)
                    headers.setdefault("referrer-policy", "same-origin")
                    headers.setdefault("x-frame-options", "DENY")
            await send(message)

        await self.app(scope, receive, send_with_headers)
