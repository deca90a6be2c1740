"""Pages that list a page at a time: the ?page=N parameter, the limit and offset it stands for,
and the previous and next links a template shows (filters kept)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import Query

from coachboard.core.pagination import PageParams

PAGE_SIZE = 50
MAX_PAGE = 100_000

PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE)]
ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class Pager:
    number: int
    last: int
    total: int
    first_shown: int  # the number of the page's first item, from 1
    last_shown: int
    previous_url: str | None
    next_url: str | None

    @property
    def needed(self) -> bool:
        return self.last > 1


def page_params(number: int, size: int = PAGE_SIZE) -> PageParams:
    return PageParams(limit=size, offset=(number - 1) * size)


def last_page(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-total // size))


def read_page(
    read: Callable[[PageParams], ResultT],
    total_of: Callable[[ResultT], int],
    number: int,
    size: int = PAGE_SIZE,
) -> tuple[ResultT, int]:
    """read() of the numbered page, and its number; past the last page (its last item was
    just deleted, or the link is old), the last page instead."""
    result = read(page_params(number, size))
    last = last_page(total_of(result), size)
    if number > last:
        number = last
        result = read(page_params(number, size))
    return result, number


def pager(
    number: int, total: int, shown: int, url_of: Callable[[int], str], size: int = PAGE_SIZE
) -> Pager:
    """Where the numbered page sits among all of them, and links to its neighbours."""
    last = last_page(total, size)
    first_shown = (number - 1) * size + 1
    return Pager(
        number=number,
        last=last,
        total=total,
        first_shown=first_shown,
        last_shown=first_shown + shown - 1,
        previous_url=url_of(number - 1) if number > 1 else None,
        next_url=url_of(number + 1) if number < last else None,
    )


def page_url(path: str, params: Mapping[str, object], number: int = 1) -> str:
    """The path with the params that have a value, and the page number past the first."""
    query = {name: str(value) for name, value in params.items() if value not in (None, "")}
    if number > 1:
        query["page"] = str(number)
    return f"{path}?{urlencode(query)}" if query else path


def page_urls(path: str, params: Mapping[str, object]) -> Callable[[int], str]:
    """The URL of each page of a list at path, its filters kept."""
    return lambda number: page_url(path, params, number)


SHOWN = "1"  # ?show_done=1: a list shows its finished records too


@dataclass(frozen=True)
class FinishedToggle:
    """The link that shows a list's finished records (achieved, done, dropped) or hides them
    again, its filters kept; `hidden` counts the ones left out now."""

    shown: bool
    hidden: int
    url: str


def finished_toggle(
    path: str, params: Mapping[str, object], *, shown: bool, hidden: int
) -> FinishedToggle:
    return FinishedToggle(
        shown=shown,
        hidden=hidden,
        url=page_url(path, {**params, "show_done": "" if shown else SHOWN}),
    )
