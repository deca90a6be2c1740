"""First run: an empty database offers to create the first coach, with sample clients."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.clients import service as clients
from coachboard.core.pagination import PageParams
from coachboard.models.accounts import User
from tests.web.conftest import field_error, field_value, input_tag, submit

FIRST_COACH = {"name": "Casey Coach", "email": "Casey@Example.com", "password": "long-enough-pass"}


def test_the_first_visit_to_an_empty_database_offers_to_create_the_first_coach(
    anonymous: TestClient,
) -> None:
    assert anonymous.get("/", follow_redirects=False).headers["location"] == "/welcome"
    assert anonymous.get("/sign-in").url.path == "/welcome"
    assert anonymous.get("/clients").url.path == "/welcome"
    page = anonymous.get("/welcome")
    assert "Create your coach account" in page.text
    assert 'name="samples" checked' in page.text


def test_creating_the_first_coach_with_samples_signs_in_and_shows_the_sample_clients(
    anonymous: TestClient, db: Session
) -> None:
    response = submit(anonymous, "/welcome", {**FIRST_COACH, "samples": "on"})

    assert response.url.path == "/clients"
    assert "3 sample clients are ready to explore" in response.text
    for name in ("Maya Okafor", "Daniel Reyes", "Priya Natarajan"):
        assert f'data-client="{name}"' in response.text
    coach = accounts.get_by_email(db, email="casey@example.com")
    assert coach is not None and coach.name == "Casey Coach"
    assert accounts.authenticate(db, email="casey@example.com", password="long-enough-pass")


def test_the_first_coach_may_start_without_samples(anonymous: TestClient, db: Session) -> None:
    response = submit(anonymous, "/welcome", FIRST_COACH)

    assert "No clients yet" in response.text
    assert 'action="/clients/samples"' in response.text
    coach = accounts.get_by_email(db, email=FIRST_COACH["email"])
    assert coach is not None
    assert clients.get_all(db, coach=coach, page=PageParams())[1] == 0


def test_first_run_errors_show_beside_their_fields_and_keep_what_was_typed(
    anonymous: TestClient, db: Session
) -> None:
    response = submit(
        anonymous, "/welcome", {"name": "Casey", "email": "not-an-email", "password": "short"}
    )

    assert response.status_code == 422
    assert field_error(response.text, "email") == "Enter an email address like name@example.com."
    assert field_error(response.text, "password") == "Use at least 12 characters."
    assert field_error(response.text, "name") is None
    assert field_value(response.text, "name") == "Casey"
    assert field_value(response.text, "email") == "not-an-email"
    assert "short" not in response.text  # a password is never sent back
    assert accounts.count(db) == 0


def test_first_run_asks_for_the_time_zone_from_the_list_utc_until_the_browser_says(
    anonymous: TestClient, db: Session
) -> None:
    page = anonymous.get("/welcome").text
    assert field_value(page, "time_zone") == "UTC"
    assert "data-browser-zone" in input_tag(page, "time_zone")
    assert 'list="time-zones-time_zone"' in input_tag(page, "time_zone")
    assert '<option value="Asia/Tokyo">' in page

    response = submit(anonymous, "/welcome", {**FIRST_COACH, "time_zone": "Asia/Tokyo"})

    assert response.url.path == "/clients"
    coach = accounts.get_by_email(db, email=FIRST_COACH["email"])
    assert coach is not None and coach.time_zone == "Asia/Tokyo"


def test_first_run_refuses_an_unknown_time_zone_beside_its_field(
    anonymous: TestClient, db: Session
) -> None:
    response = submit(anonymous, "/welcome", {**FIRST_COACH, "time_zone": "Nowhere/Else"})

    assert response.status_code == 422
    assert field_error(response.text, "time_zone").startswith("Not a time zone this server")
    assert field_value(response.text, "time_zone") == "Nowhere/Else"
    assert accounts.count(db) == 0


def test_once_a_coach_exists_first_run_creates_no_other_account(
    anonymous: TestClient, db: Session, coach: User
) -> None:
    response = submit(anonymous, "/welcome", {**FIRST_COACH, "email": "intruder@example.com"})

    assert response.url.path == "/sign-in"
    assert "An account exists already" in response.text
    assert accounts.count(db) == 1


def test_a_coach_without_clients_can_add_the_samples_once(
    pages: TestClient, db: Session, coach: User
) -> None:
    first = submit(pages, "/clients/samples")
    second = submit(pages, "/clients/samples")

    assert "Added 3 sample clients." in first.text
    assert "only added while your list is empty" in second.text
    assert clients.get_all(db, coach=coach, page=PageParams())[1] == 3
