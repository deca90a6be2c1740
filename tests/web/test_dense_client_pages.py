"""Issue 8: a client with 24,000 links. Every page of its workspace stays under 2 MB and takes
as many SQL statements as the same page of a client with a handful of links."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from tests.dense_client import BIG, SMALL, DenseClient, dense_client
from tests.querycount import count_statements

MAX_BYTES = 2_000_000

# Each page, its filters naming the client's first goal, sprint or outcome.
PAGES = (
    "",
    "/tree",
    "/tree?page=2",
    "/tree?goal_id={goal}",
    "/tree?sprint_id={sprint}",
    "/tree?commitment_status=open",
    "/tree?goal_id={goal}&sprint_id={sprint}&commitment_status=done",
    "/graph",
    "/graph?goal_id={goal}",
    "/goals",
    "/targets",
    "/targets?show_done=1",
    "/targets?goal_id={goal}&sprint_id={sprint}",
    "/sprints",
    "/sessions",
    "/commitments",
    "/commitments?show_done=1",
    "/commitments?target_id={target}",
    "/commitments?status=done",
    "/review",
)


def url(client: DenseClient, page: str) -> str:
    filled = page.format(
        goal=client.goal_ids[0], sprint=client.sprint_ids[0], target=client.target_ids[0]
    )
    return f"/clients/{client.client.id}{filled}"


def measured(pages: TestClient, engine: Engine, path: str) -> tuple[int, int]:
    """(bytes, SQL statements) of the page."""
    with count_statements(engine) as log:
        response = pages.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return len(response.content), log.count


def test_every_page_of_a_client_with_24000_links_is_small_and_takes_fixed_statements(
    pages: TestClient, db: Session, coach: User, engine: Engine
) -> None:
    big = dense_client(db, coach, "Dense", BIG)
    small = dense_client(db, coach, "Sparse", SMALL)

    sizes, statements = {}, {}
    for page in PAGES:
        sizes[page], statements[page] = measured(pages, engine, url(big, page))
        statements[page] -= measured(pages, engine, url(small, page))[1]

    assert {page: size for page, size in sizes.items() if size >= MAX_BYTES} == {}
    assert {page: more for page, more in statements.items() if more} == {}
