"""The client's page (/me): their goals → outcomes → commitments with progress, overdue marked
in words, sprints, sessions and the next-session box; the done toggle with and without the
script; and the coach's read-only preview of it."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import today_for
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentUpdate
from coachboard.models.accounts import User
from tests.api.conftest import Estate
from tests.web.conftest import csrf_token


def test_the_page_shows_goals_outcomes_commitments_sprints_and_sessions(
    own_pages: TestClient,
) -> None:
    page = own_pages.get("/me")

    assert page.status_code == 200
    for mark in (
        'data-goal="Get fit"',
        'data-goal="Run a marathon"',
        'data-outcome="Run 10 km"',
        'data-commitment="Run 3x a week"',
        'data-sprint="Base weeks"',
        'data-session="Weekly check-in"',
        "data-next-session",
        "progress-meter",
        "data-done-toggle",
    ):
        assert mark in page.text, mark
    # No way into the coach's pages or editing.
    assert "/clients/" not in page.text


def test_overdue_commitments_are_marked_in_words(
    db: Session, own_pages: TestClient, own: Estate, own_account: User
) -> None:
    yesterday = today_for(own_account) - timedelta(days=1)
    commitments.update(
        db,
        coach=own.coach,
        commitment_id=own.commitment_ids[0],
        fields=CommitmentUpdate(due_date=yesterday),
    )

    page = own_pages.get("/me").text

    assert "1 commitment is overdue." in page
    assert '<strong class="overdue-mark" data-overdue-mark>Overdue</strong>' in page


def test_the_toggle_without_script_marks_done_and_comes_back(
    db: Session, own_pages: TestClient, own: Estate
) -> None:
    commitment_id = own.commitment_ids[0]

    answer = own_pages.post(
        f"/me/commitments/{commitment_id}/status",
        data={"status": "done", "next": "/me"},
        follow_redirects=False,
    )

    assert (answer.status_code, answer.headers["location"]) == (303, "/me")
    assert commitments.get(db, coach=own.coach, commitment_id=commitment_id).status == "done"
    assert "Marked “Run 3x a week” done." in own_pages.get("/me").text


def test_the_toggle_with_script_gets_the_row_to_redraw(own_pages: TestClient, own: Estate) -> None:
    answer = own_pages.post(
        f"/me/commitments/{own.commitment_ids[0]}/status",
        data={"status": "done"},
        headers={"Accept": "application/json"},
    )

    assert answer.status_code == 200
    assert answer.json() | {"message": ""} == answer.json() | {
        "status": "done",
        "done": True,
        "overdue": False,
        "message": "",
    }


def test_the_toggle_refuses_any_other_status(
    db: Session, own_pages: TestClient, own: Estate
) -> None:
    answer = own_pages.post(
        f"/me/commitments/{own.commitment_ids[0]}/status",
        data={"status": "dropped"},
        headers={"Accept": "application/json"},
    )

    assert answer.status_code == 422
    assert (
        commitments.get(db, coach=own.coach, commitment_id=own.commitment_ids[0]).status == "open"
    )


def test_the_toggle_on_another_clients_commitment_is_not_found(
    db: Session, own_pages: TestClient, neighbour: Estate
) -> None:
    commitment_id = neighbour.commitment_ids[0]

    answer = own_pages.post(f"/me/commitments/{commitment_id}/status", data={"status": "done"})

    assert answer.status_code == 404
    assert commitments.get(db, coach=neighbour.coach, commitment_id=commitment_id).status == "open"


def test_the_toggle_needs_the_csrf_token(own_pages: TestClient, own: Estate) -> None:
    del own_pages.headers["X-CSRF-Token"]

    answer = own_pages.post(
        f"/me/commitments/{own.commitment_ids[0]}/status", data={"status": "done"}
    )

    assert answer.status_code == 403


def test_a_coachs_browser_gets_404_from_the_clients_toggle(pages: TestClient, own: Estate) -> None:
    answer = pages.post(
        f"/me/commitments/{own.commitment_ids[0]}/status",
        data={"status": "done"},
        headers={"X-CSRF-Token": csrf_token(pages, "/clients")},
    )

    assert answer.status_code == 404


def test_the_coach_previews_the_page_read_only(pages: TestClient, own: Estate) -> None:
    page = pages.get(f"/clients/{own.client_id}/portal-preview")

    assert page.status_code == 200
    assert "Preview: this is what Dana Doe sees" in page.text
    assert 'data-commitment="Run 3x a week"' in page.text
    assert "<form" not in page.text.split("</header>", 1)[1]


def test_a_coach_cannot_preview_another_coachs_client(
    pages: TestClient, other_estate: Estate
) -> None:
    assert pages.get(f"/clients/{other_estate.client_id}/portal-preview").status_code == 404


def test_a_client_cannot_open_the_preview(own_pages: TestClient, own: Estate) -> None:
    assert own_pages.get(f"/clients/{own.client_id}/portal-preview").status_code == 404


def test_the_clients_overview_links_to_the_preview(pages: TestClient, own: Estate) -> None:
    overview = pages.get(f"/clients/{own.client_id}")

    assert f'href="/clients/{own.client_id}/portal-preview"' in overview.text
