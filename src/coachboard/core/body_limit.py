"""A limit on the size of every request body, refused with 413 before it is parsed.

FastAPI's own `max_body_size` answers a body whose Content-Length is too large with a plain-text
413 sent from outside every middleware and handler of ours: no JSON on the API, no page, none of
our headers. This one raises the 413 from `receive` instead, where the route reads its body, so
the app's own handlers answer it (JSON under /api/, a page elsewhere) like any other error.
"""

from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    """An HTTPException, so that FastAPI lets it through its body parsing (it turns any other
    error raised there into a 400)."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail="Content Too Large")


class BodySizeLimit:
    """Refuse a body larger than max_bytes: at once when its Content-Length says so, before a
    byte of it is read; else as soon as the bytes received (say, of a chunked body) pass it.
    A path in `larger` (an import of a whole client) has a limit of its own instead."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, larger: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = declared_length(scope)
        limit = self.larger.get(scope["path"], self.max_bytes)
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            if declared is not None and declared > limit:
                raise BodyTooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        await self.app(scope, limited_receive, send)


def declared_length(scope: Scope) -> int | None:
    """The Content-Length the client announced, if it is a number (uvicorn itself refuses a
    request whose Content-Length is not one, or whose body is longer)."""
    value = Headers(scope=scope).get("content-length")
    if value is None or not (value.isascii() and value.isdigit()):
        return None
    return int(value)
