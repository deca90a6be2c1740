"""The commitment list's due filters: overdue (open and due before the coach's today) and the
strict due_before / due_after, beside the inclusive due_from / due_to."""

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import today_for
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentFilters
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from tests.commitments.records import Records, ids
from tests.commitments.test_filters import listed
from tests.querycount import count_statements


def refused(api: TestClient, client: Client, **params: Any) -> list[Any]:
    response = api.get(f"/api/v1/clients/{client.id}/commitments", params=params)
    assert response.status_code == 422, response.text
    return [problem["loc"] for problem in response.json()["detail"]]


def test_overdue_lists_open_commitments_due_before_today_and_false_lists_the_rest(
    api: TestClient, records: Records, coach: User
) -> None:
    today = today_for(coach)
    client = records.client()
    late = records.commitment(client, "Late", due_date=today - timedelta(days=3))
    yesterday = records.commitment(client, "Yesterday", due_date=today - timedelta(days=1))
    due_today = records.commitment(client, "Today", due_date=today)
    late_but_done = records.commitment(
        client, "Done late", due_date=today - timedelta(days=5), status="done"
    )
    late_but_dropped = records.commitment(
        client, "Dropped late", due_date=today - timedelta(days=5), status="dropped"
    )
    undated = records.commitment(client, "Undated")

    assert listed(api, client, overdue="true") == ids([late, yesterday])
    assert listed(api, client, overdue="false") == ids(
        [late_but_done, late_but_dropped, due_today, undated]
    )
    assert listed(api, client, overdue="true", due_after=str(today - timedelta(days=3))) == ids(
        [yesterday]
    )


def test_overdue_is_reckoned_from_the_day_given_to_the_service(
    db: Session, records: Records, coach: User
) -> None:
    client = records.client()
    records.commitment(client, "Due 1 March", due_date=date(2026, 3, 1))
    overdue = CommitmentFilters(overdue=True)

    def titles(today: date) -> list[str]:
        found, _ = commitments.get_all(
            db, coach=coach, client_id=client.id, filters=overdue, today=today
        )
        return [commitment.title for commitment in found]

    assert titles(date(2026, 3, 1)) == []
    assert titles(date(2026, 3, 2)) == ["Due 1 March"]


def test_due_before_and_due_after_leave_out_the_day_itself(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    march, april, may = (
        records.commitment(client, title, due_date=day)
        for title, day in [
            ("March", date(2026, 3, 31)),
            ("April", date(2026, 4, 15)),
            ("May", date(2026, 5, 1)),
        ]
    )
    records.commitment(client, "Undated")

    assert listed(api, client, due_before="2026-04-15") == ids([march])
    assert listed(api, client, due_after="2026-04-15") == ids([may])
    assert listed(api, client, due_after="2026-03-31", due_before="2026-05-01") == ids([april])
    assert listed(api, client, due_from="2026-04-15", due_before="2026-04-16") == ids([april])
    assert listed(api, client, due_after="2026-03-30", due_to="2026-03-31") == ids([march])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"due_after": "2026-04-15", "due_before": "2026-04-15"}, "due_before"),
        ({"due_after": "2026-04-15", "due_before": "2026-04-16"}, "due_before"),
        ({"due_after": "2026-04-20", "due_before": "2026-04-10"}, "due_before"),
        ({"due_from": "2026-04-15", "due_before": "2026-04-15"}, "due_before"),
        ({"due_after": "2026-04-15", "due_to": "2026-04-15"}, "due_to"),
        ({"due_from": "2026-04-16", "due_to": "2026-04-15"}, "due_to"),
    ],
)
def test_a_range_no_day_fits_is_refused_naming_its_end(
    api: TestClient, records: Records, params: dict[str, str], field: str
) -> None:
    client = records.client()

    assert refused(api, client, **params) == [["query", field]]


def test_ranges_at_the_ends_of_the_supported_days_are_answered_and_past_them_refused(
    api: TestClient, records: Records
) -> None:
    client = records.client()

    assert listed(api, client, due_after="2999-12-31") == []
    assert listed(api, client, due_from="1900-01-01", due_before="1900-01-02") == []
    assert refused(api, client, due_after="1900-01-01", due_before="1900-01-01") == [
        ["query", "due_before"]
    ]
    assert refused(api, client, due_after="9999-12-31") == [["query", "due_after"]]
    assert refused(api, client, due_from="0001-01-01") == [["query", "due_from"]]
    assert refused(api, client, overdue="perhaps") == [["query", "overdue"]]


def test_the_due_filters_never_reach_another_coachs_commitments(
    api: TestClient, other_api: TestClient, records: Records, coach: User
) -> None:
    client = records.client()
    records.commitment(client, "Late", due_date=today_for(coach) - timedelta(days=2))

    response = other_api.get(f"/api/v1/clients/{client.id}/commitments", params={"overdue": "true"})

    assert response.status_code == 404
    assert len(listed(api, client, overdue="true")) == 1


def test_the_due_filters_cost_no_statement_more_whatever_the_count(
    api: TestClient, records: Records, engine: Engine, coach: User
) -> None:
    counts = {}
    late = today_for(coach) - timedelta(days=1)
    for size in (2, 60):
        client = records.client(f"Client {size}")
        for number in range(size):
            records.commitment(client, f"Task {number}", due_date=late)
        params = {"overdue": "true", "due_after": "2000-01-01", "due_before": "2999-01-01"}
        with count_statements(engine) as log:
            assert len(listed(api, client, limit=100, **params)) == size
        counts[size] = log.count

    assert counts[2] == counts[60]
