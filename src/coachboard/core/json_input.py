"""JSON bodies the database can store and an answer can echo: no NaN or Infinity, no lone
surrogates. Python's json module accepts both (`NaN`, `"\\ud800"`); neither can be encoded again,
so they used to pass validation and fail later with a 500."""

import json
import re
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

# JSON pairs "\ud83d\ude00" into one character as it parses: any surrogate left stands alone.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
NON_FINITE = "NaN, Infinity and -Infinity are not JSON numbers"
SURROGATE = "Text must not contain a lone UTF-16 surrogate (\\ud800 to \\udfff)"

Location = tuple[str | int, ...]


class NonFinite:
    """Stands in for NaN or ±Infinity while the document is parsed, so that its place in the
    document can be named afterwards."""

    def __init__(self, constant: str) -> None:
        self.constant = constant


class UnrepresentableJson(HTTPException):
    """422 in the shape of a validation error, naming where in the body the value is. An
    HTTPException, because FastAPI turns any other error raised while parsing into a 400."""

    def __init__(self, location: Location, message: str) -> None:
        problem = {"type": "json_invalid", "loc": ["body", *location], "msg": message}
        super().__init__(status_code=422, detail=[problem])


def walk(document: Any) -> Iterator[tuple[Location, Any]]:
    """Every value and every key in the document with its location, without recursion (a
    deeply nested body must not exhaust the stack)."""
    pending: list[tuple[Location, Any]] = [((), document)]
    while pending:
        location, value = pending.pop()
        yield location, value
        if isinstance(value, dict):
            for key, item in value.items():
                yield (*location, key), key
                pending.append(((*location, key), item))
        elif isinstance(value, list):
            pending.extend(((*location, index), item) for index, item in enumerate(value))


def first_problem(document: Any) -> tuple[Location, str] | None:
    """Where the document holds something no answer or database can encode, and what."""
    for location, value in walk(document):
        if isinstance(value, NonFinite):
            return location, NON_FINITE
        if isinstance(value, str) and LONE_SURROGATE.search(value):
            # The location may itself be the key at fault: name it in a form that encodes.
            return tuple(
                LONE_SURROGATE.sub("\ufffd", part) if isinstance(part, str) else part
                for part in location
            ), SURROGATE
    return None


class StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            document = json.loads(await self.body(), parse_constant=NonFinite)
            problem = first_problem(document)
            if problem is not None:
                raise UnrepresentableJson(*problem)
            self._json = document
        return self._json


class StrictJsonRoute(APIRoute):
    """A JSON API route whose body is parsed by StrictJsonRequest (FastAPI's documented way to
    change how a body is read: a custom Request class and the APIRoute that uses it)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict


def api_router(**options: Any) -> APIRouter:
    """A router for JSON API routes; every concept's api.py starts from it."""
    return APIRouter(route_class=StrictJsonRoute, **options)
