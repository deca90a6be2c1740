"""What schemathesis found, pinned: timestamps with their offset, days only as YYYY-MM-DD, an
Allow header naming every method of a path, and an undecodable body answered as documented."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import API, Estate


def test_timestamps_in_answers_carry_the_utc_offset(api: TestClient, estate: Estate) -> None:
    commitment = api.patch(
        f"{API}/commitments/{estate.commitment_ids[0]}", json={"status": "done"}
    ).json()
    client = api.get(f"{API}/clients/{estate.client_id}").json()

    for stamp in (
        commitment["completed_at"],
        commitment["created_at"],
        commitment["updated_at"],
        client["created_at"],
        client["updated_at"],
    ):
        assert stamp.endswith("Z")
        moment = datetime.fromisoformat(stamp)
        assert moment.utcoffset() == timedelta(0)
        assert abs(datetime.now(UTC) - moment) < timedelta(minutes=5)


@pytest.mark.parametrize("day", [0, 86_400, 1.5e-23, "86400", "2026-03-02T00:00:00", "2.3.2026"])
def test_a_day_that_is_not_written_yyyy_mm_dd_is_refused_naming_the_field(
    api: TestClient, estate: Estate, day: object
) -> None:
    response = api.post(
        f"{API}/clients/{estate.client_id}/goals", json={"title": "Run", "target_date": day}
    )

    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "target_date"]
    assert problem["type"] == "date_format"  # pages word every date_* problem alike


def test_a_day_filter_that_is_not_written_yyyy_mm_dd_is_refused(
    api: TestClient, estate: Estate
) -> None:
    url = f"{API}/clients/{estate.client_id}/commitments"

    assert api.get(url, params={"due_from": "86400"}).status_code == 422
    assert api.get(url, params={"due_from": "2026-03-02"}).status_code == 200


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/clients/{client_id}", "DELETE, GET, PATCH"),
        ("/clients/{client_id}/goals", "GET, POST"),
        ("/auth/token", "DELETE, POST"),
        ("/commitments/{commitment_id}/legacy-links/resolve", "POST"),
    ],
)
def test_a_method_a_path_does_not_serve_gets_405_naming_every_method_it_does(
    api: TestClient, estate: Estate, path: str, allowed: str
) -> None:
    url = API + path.format(client_id=estate.client_id, commitment_id=estate.commitment_ids[0])

    response = api.request("PUT", url)

    assert response.status_code == 405
    assert response.headers["Allow"] == allowed


def test_a_body_that_cannot_be_decoded_gets_400(api: TestClient, estate: Estate) -> None:
    response = api.post(
        f"{API}/clients/{estate.client_id}/goals",
        content=b'{"title": "\xff\xfe"}',
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 400
