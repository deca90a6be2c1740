"""The portal's lists and the client's page read in a fixed number of statements, whatever the
client holds."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.commitments import service as commitments
from coachboard.reflections import service as reflections
from coachboard.topics import service as topics
from tests.api.conftest import API, Estate
from tests.commitments.records import Records
from tests.querycount import count_statements

KINDS = ("goals", "targets", "sprints", "commitments", "sessions", "topics")


def grow(db: Session, estate: Estate, by: int) -> None:
    """`by` more of every kind for the estate's client, each outcome under a goal and in a
    sprint, each commitment on an outcome and agreed in a session."""
    records = Records(db, estate.coach)
    client = clients.get(db, coach=estate.coach, client_id=estate.client_id)
    for n in range(by):
        goal = records.goal(client, f"Goal {n}")
        sprint = records.sprint(client, f"Sprint {n}")
        target = records.target(client, f"Outcome {n}", goals=[goal], sprints=[sprint])
        session = records.session(client, date(2026, 1, 1) + timedelta(days=n), f"Session {n}")
        commitment = records.commitment(
            client, f"Commitment {n}", targets=[target], session_id=session.id
        )
        # Topics and reflections the client wrote: the page's next-session box and the
        # reflections under each commitment, and the first commitment's list.
        topics.add(db, client_id=client.id, text=f"Topic {n}", priority="low", author=None)
        reflections.add(db, commitment=commitment, text=f"Thought {n}", author=None)
        first = commitments.get(db, coach=estate.coach, commitment_id=estate.commitment_ids[0])
        reflections.add(db, commitment=first, text=f"Again {n}", author=None)


def counted(engine: Engine, read: Callable[[], None]) -> int:
    # Once first: a token's or session's first use records it, apart from the read.
    read()
    with count_statements(engine) as log:
        read()
    return log.count


@pytest.mark.parametrize("kind", KINDS)
def test_each_portal_list_reads_in_a_fixed_number_of_statements(
    db: Session, engine: Engine, own: Estate, own_api: TestClient, kind: str
) -> None:
    def read() -> None:
        assert own_api.get(f"{API}/portal/{kind}", params={"limit": 100}).status_code == 200

    small = counted(engine, read)
    grow(db, own, 12)
    large = counted(engine, read)

    assert small == large
    # The token, the client's scope, the client check, the count, the page and its links.
    assert large <= 8


def test_a_commitments_reflections_read_in_a_fixed_number_of_statements(
    db: Session, engine: Engine, own: Estate, own_api: TestClient
) -> None:
    url = f"{API}/portal/commitments/{own.commitment_ids[0]}/reflections"

    def read() -> None:
        assert own_api.get(url).status_code == 200

    small = counted(engine, read)
    grow(db, own, 12)
    large = counted(engine, read)

    assert small == large


def test_the_clients_page_reads_in_a_fixed_number_of_statements(
    db: Session, engine: Engine, own: Estate, own_pages: TestClient
) -> None:
    def read() -> None:
        assert own_pages.get("/me").status_code == 200

    small = counted(engine, read)
    grow(db, own, 12)
    large = counted(engine, read)

    assert small == large


def test_the_preview_reads_in_a_fixed_number_of_statements(
    db: Session, engine: Engine, own: Estate, pages: TestClient
) -> None:
    def read() -> None:
        assert pages.get(f"/clients/{own.client_id}/portal-preview").status_code == 200

    small = counted(engine, read)
    grow(db, own, 12)
    large = counted(engine, read)

    assert small == large


def test_a_clients_done_toggle_reads_the_commitment_once(
    engine: Engine, own: Estate, own_api: TestClient
) -> None:
    url = f"{API}/portal/commitments/{own.commitment_ids[0]}"
    own_api.get(f"{API}/portal/commitments")  # the token's first use is recorded apart

    for action, status in (("done", "done"), ("done", "done"), ("reopen", "open")):
        with count_statements(engine) as log:
            answer = own_api.post(f"{url}/{action}")
        assert (answer.status_code, answer.json()["status"]) == (200, status)
        reads = [sql for sql in log.statements if sql.lstrip().upper().startswith("SELECT")]
        assert sum("FROM commitments" in sql for sql in reads) == 1, reads
