"""FastAPI dependencies for plumbing: the settings, the request's unit of work, and where the
request comes from."""

from collections.abc import AsyncIterator
from contextlib import AbstractContextManager
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from coachboard.core.actor import ClientInfo
from coachboard.core.database import unit_of_work
from coachboard.core.settings import Settings

# Methods that change nothing: their transaction reads only, and takes no write lock.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_db(request: Request) -> AsyncIterator[Session]:
    """The request's one transaction: services join it; it commits once when the route has
    returned, before the answer is sent, or rolls back when anything raised.

    Async, so that opening it (no I/O yet) costs no trip through the thread pool. The end of a
    write, which waits on the database, runs in the pool; a read's waits on nothing (no COMMIT
    on PostgreSQL, an in-process one on SQLite), so it ends here."""
    read_only = request.method in READING_METHODS
    work = unit_of_work(request.app.state.engine, read_only=read_only)
    session = work.__enter__()
    try:
        yield session
    except BaseException as error:
        if not await ended(work, read_only, type(error), error, error.__traceback__):
            raise
    else:
        await ended(work, read_only, None, None, None)


async def ended(work: AbstractContextManager, read_only: bool, *exc_info: Any) -> bool | None:
    """The unit of work's exit: here for a read, in the thread pool for a write."""
    if read_only:
        return work.__exit__(*exc_info)
    return await run_in_threadpool(work.__exit__, *exc_info)


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
# scope="function": the commit happens before the answer leaves, so a failed commit is an
# error answer, never a 201 for something that was not kept.
DbSession = Annotated[Session, Depends(get_db, scope="function")]


def peer_address(request: Request) -> str | None:
    """The peer's address, as uvicorn reports it (it decides which proxy headers to believe)."""
    return request.client.host if request.client else None


def client_address(request: Request) -> str:
    """The peer's address as the throttle keys it ("unknown" when the server has none)."""
    return peer_address(request) or "unknown"


def client_info(request: Request) -> ClientInfo:
    """The request's address (as the server was told to believe it) and user agent."""
    return ClientInfo.of(peer_address(request), request.headers.get("user-agent"))


Requester = Annotated[ClientInfo, Depends(client_info)]
