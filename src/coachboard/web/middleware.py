"""Two small ASGI middlewares for the pages: Secure cookies over HTTPS, and security headers."""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from coachboard.web.errors import is_api_path

# Our own CSS and JS only, no inline script or style, no framing, forms post only to us.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class SecureCookiesOnHttps:
    """Mark every cookie Secure when the request came over HTTPS.

    Starlette's SessionMiddleware fixes its flags when the app starts; whether a request is
    HTTPS is known only per request (uvicorn sets the scheme, from X-Forwarded-Proto behind a
    trusted proxy), so the flag is added here, on the way out.
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
                cookies = headers.getlist("set-cookie")
                del headers["set-cookie"]
                for cookie in cookies:
                    secure = "secure" in (p.strip().lower() for p in cookie.split(";"))
                    headers.append("set-cookie", cookie if secure else f"{cookie}; secure")
            await send(message)

        await self.app(scope, receive, send_secure)


class SecurityHeaders:
    """Headers every page answer carries; the API and its docs page are left as they are."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("content-security-policy", CONTENT_SECURITY_POLICY)
                headers.setdefault("x-content-type-options", "nosniff")
                headers.setdefault("referrer-policy", "same-origin")
                headers.setdefault("x-frame-options", "DENY")
                if not scope["path"].startswith("/static/"):
                    # A coach's data must not come back from the cache after signing out.
                    headers.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)
