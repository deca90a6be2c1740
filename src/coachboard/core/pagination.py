"""The list envelope and the limit/offset parameters every list route shares."""

from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from coachboard.core.database import plain_rows

ItemT = TypeVar("ItemT")
RowT = TypeVar("RowT", bound=tuple[Any, ...])


class Page(BaseModel, Generic[ItemT]):
    items: list[ItemT]
    total: int


# The largest page: with tens of links on every item (a commitment linked to 40 outcomes
# carries their titles and the goals and sprints they reach, about 10 KB), 100 items stay
# well under 2 MB and a second.
MAX_LIMIT = 100

# Far beyond any real list, and within the 64-bit OFFSET both databases accept.
MAX_OFFSET = 1_000_000_000


class PageParams(BaseModel):
    limit: int = 50
    offset: int = 0


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many items at most.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many items to skip.")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]


def paged(
    session: Session,
    statement: Select[RowT],
    *,
    order_by: Sequence[ColumnElement[Any]],
    page: PageParams | None,
) -> tuple[Select[RowT], int]:
    """The statement in that order, cut to the page (whole when page is None), and how many
    rows it selects in all: one COUNT, so a list answers "page 2 of 7" without reading 7."""
    counted = select(func.count()).select_from(statement.subquery())
    total = plain_rows(session, counted).scalar() or 0
    statement = statement.order_by(*order_by)
    if page is not None:
        statement = statement.limit(page.limit).offset(page.offset)
    return statement, total
