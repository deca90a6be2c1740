"""JSON bodies the database can store and an answer can echo, read without stalling the server.

- orjson parses a body in native code and refuses what nothing can encode again: NaN and
  ±Infinity (literals, and numbers such as 1e999 that overflow a double) and lone surrogates.
  Python's json module accepted all of them, and walking every value of a 1 MiB body in Python
  to find them held the event loop for 0.6 s.
- Nesting deeper than MAX_DEPTH is refused (orjson itself stops at 1,024 levels).
- A large body is parsed in a worker thread, off the event loop.
- A route that needs a bearer token refuses a request without one before reading its body.
- Only a small refused body is parsed again, by Python's json module, to name the field at
  fault in the 422; a large one is refused naming the body.
"""

import functools
import inspect
import json
import math
import re
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, NoReturn

import orjson
from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.security.base import SecurityBase
from pydantic import ValidationError
from starlette.exceptions import HTTPException

MAX_DEPTH = 64
# Bodies up to this size are parsed on the event loop (well under a millisecond), and a refused
# one is walked in Python to name its field (a few milliseconds at most).
SMALL_BODY = 64 * 1024
# JSON pairs "\ud83d\ude00" into one character as it parses: any surrogate left stands alone.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
NON_FINITE = "NaN, Infinity and -Infinity are not JSON numbers"
SURROGATE = "Text must not contain a lone UTF-16 surrogate (\\ud800 to \\udfff)"
TOO_DEEP = f"JSON must not nest more than {MAX_DEPTH} levels deep"
NO_TOKEN = "missing, expired or revoked bearer token"


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


def parse(body: bytes) -> Any:
    """The document in the body, or UnrepresentableJson (a json.JSONDecodeError for text that
    is not JSON at all, which FastAPI answers with its own 422)."""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as refused:
        if len(body) > SMALL_BODY:
            raise UnrepresentableJson((), str(refused)) from None
        _located(body, refused)
    # Counting openings is native and instant: a body with few can nest no deeper.
    openings = body.count(b"[") + body.count(b"{")
    if openings > MAX_DEPTH and deeper_than(document, MAX_DEPTH):
        raise UnrepresentableJson((), TOO_DEEP)
    return document


def _located(body: bytes, refused: orjson.JSONDecodeError) -> NoReturn:
    """Text orjson refuses, read by Python's json to name what is wrong and where."""
    try:
        document = json.loads(body, parse_constant=NonFinite)
    except RecursionError:
        raise UnrepresentableJson((), TOO_DEEP) from None
    problem = first_problem(document)
    raise UnrepresentableJson(*(problem or ((), str(refused)))) from None


def deeper_than(document: Any, limit: int) -> bool:
    """Whether containers nest more than `limit` levels, a level at a time (a body is walked
    this way only to its last container, never value by value in Python's own frames)."""
    level = [document] if isinstance(document, dict | list) else []
    for _ in range(limit):
        level = [
            child
            for container in level
            for child in (container.values() if isinstance(container, dict) else container)
            if isinstance(child, dict | list)
        ]
        if not level:
            return False
    return bool(level)


def walk(document: Any) -> Iterator[tuple[Location, Any]]:
    """Every value and every key in the document with its location, without recursion."""
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
        if isinstance(value, NonFinite) or (isinstance(value, float) and not math.isfinite(value)):
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
            body = await self.body()
            small = len(body) <= SMALL_BODY
            self._json = parse(body) if small else await run_in_threadpool(parse, body)
        return self._json


def needs_token(dependant: Dependant) -> bool:
    """Whether the route, or any dependency of it, takes a security scheme (a bearer token)."""
    return isinstance(dependant.call, SecurityBase) or any(
        needs_token(dependency) for dependency in dependant.dependencies
    )


def has_bearer_token(request: Request) -> bool:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and bool(token.strip())


class StrictJsonRoute(APIRoute):
    """A JSON API route whose body is parsed by StrictJsonRequest (FastAPI's documented way to
    change how a body is read: a custom Request class and the APIRoute that uses it).

    A plain-def endpoint is handed to FastAPI as a coroutine that runs it in the thread pool:
    FastAPI would otherwise make a second trip through the pool, after the endpoint, to check
    its answer against the response model."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        super().__init__(path, in_thread_pool(endpoint), **options)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        refuse_anonymous = self.body_field is not None and needs_token(self.dependant)

        async def strict(request: Request) -> Response:
            if refuse_anonymous and not has_bearer_token(request):
                # The answer the token check gives, before a byte of the body is read; and the
                # connection closed, so the rest of the body is not read either.
                headers = {"WWW-Authenticate": "Bearer", "Connection": "close"}
                raise HTTPException(401, NO_TOKEN, headers=headers)
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict


def in_thread_pool(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """A plain function as a coroutine function that runs it in the thread pool; FastAPI reads
    its parameters and return type through functools.wraps."""
    if inspect.iscoroutinefunction(endpoint) or inspect.isgeneratorfunction(endpoint):
        return endpoint

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return run


async def read_body(request: Request) -> Any:
    """The JSON body of a route that reads it itself, with FastAPI's own 422s: a missing body,
    text that is not JSON."""
    if not await request.body():
        problem = {"type": "missing", "loc": ("body",), "msg": "Field required", "input": None}
        raise RequestValidationError([problem])
    try:
        return await request.json()
    except json.JSONDecodeError as error:
        problem = {
            "type": "json_invalid",
            "loc": ("body", error.pos),
            "msg": "JSON decode error",
            "input": {},
            "ctx": {"error": error.msg},
        }
        raise RequestValidationError([problem]) from None


def body_errors(error: ValidationError | ValueError) -> list[dict[str, Any]]:
    """A model's validation errors as FastAPI reports a body's: each located under "body"
    (for a route that reads and validates its body itself)."""
    problems = error.errors()  # type: ignore[union-attr]
    return [{**problem, "loc": ("body", *problem["loc"])} for problem in problems]


def api_router(**options: Any) -> APIRouter:
    """A router for JSON API routes; every concept's api.py starts from it."""
    return APIRouter(route_class=StrictJsonRoute, **options)
