"""The coach's profile: GET and PATCH /api/v1/me, the form on /account, and
`coachboard users create --time-zone`."""

import re
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.accounts import time_zones
from coachboard.core.database import session_factory, transaction
from coachboard.models.accounts import AccountEvent, ApiToken, User, UserSession
from tests.accounts.test_cli import run  # noqa: F401  (the fixture)
from tests.web.conftest import csrf_token, field_error, field_value

ME = "/api/v1/me"


def stored(engine: Engine, user: User) -> User:
    with session_factory(engine)() as fresh:
        found = fresh.get(User, user.id)
        assert found is not None
        return found


def problems(response) -> list[tuple[list[str], str]]:
    return [(problem["loc"], problem["msg"]) for problem in response.json()["detail"]]


def test_me_answers_the_coach_with_kind_name_email_and_time_zone(
    api: TestClient, coach: User
) -> None:
    response = api.get(ME)

    assert response.status_code == 200
    assert response.json() == {
        "kind": "coach",
        "id": str(coach.id),
        "name": "Casey Coach",
        "email": "coach@example.com",
        "time_zone": "UTC",
        "daily_digest": True,
    }


def test_patch_changes_the_fields_given_and_leaves_the_others(
    api: TestClient, engine: Engine, coach: User
) -> None:
    response = api.patch(ME, json={"time_zone": "Europe/Berlin", "name": "  Casey C.  "})

    assert response.status_code == 200
    assert response.json()["time_zone"] == "Europe/Berlin"
    assert response.json()["name"] == "Casey C."
    assert response.json()["email"] == "coach@example.com"
    assert api.get(ME).json() == response.json()
    assert stored(engine, coach).time_zone == "Europe/Berlin"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "europe/berlin", "+02:00", "CEST", " "])
def test_an_unknown_time_zone_is_422_naming_time_zone_and_changes_nothing(
    api: TestClient, engine: Engine, coach: User, zone: str
) -> None:
    response = api.patch(ME, json={"time_zone": zone, "name": "Renamed"})

    assert response.status_code == 422
    assert [loc for loc, _ in problems(response)] == [["body", "time_zone"]]
    assert (stored(engine, coach).time_zone, stored(engine, coach).name) == ("UTC", "Casey Coach")


def test_an_email_another_account_has_is_422_saying_only_that_it_is_in_use(
    api: TestClient, engine: Engine, coach: User, other_coach: User
) -> None:
    response = api.patch(ME, json={"email": "  OTHER@example.COM "})

    assert response.status_code == 422
    assert problems(response) == [(["body", "email"], "Already in use.")]
    assert "Olive" not in response.text and str(other_coach.id) not in response.text
    assert stored(engine, coach).email == "coach@example.com"


def test_a_new_email_is_stored_normalized_and_noted_in_the_account_events(
    api: TestClient, db: Session, coach: User
) -> None:
    response = api.patch(ME, json={"email": " Casey@Example.ORG"})

    assert response.status_code == 200
    assert response.json()["email"] == "casey@example.org"
    kinds = db.scalars(select(AccountEvent.kind).where(AccountEvent.user_id == coach.id)).all()
    assert "email_changed" in kinds


def test_the_coachs_own_email_in_another_case_is_not_taken(api: TestClient, db: Session) -> None:
    response = api.patch(ME, json={"email": "COACH@example.com"})

    assert response.status_code == 200
    assert response.json()["email"] == "coach@example.com"
    assert db.scalars(select(AccountEvent.kind)).all().count("email_changed") == 0


@pytest.mark.parametrize(
    "body",
    [{"name": ""}, {"name": "x" * 201}, {"email": "not an email"}, {"role": "admin"}],
)
def test_invalid_fields_are_422_naming_the_field(api: TestClient, body: dict[str, str]) -> None:
    response = api.patch(ME, json=body)

    assert response.status_code == 422
    assert [loc for loc, _ in problems(response)] == [["body", *body]]


def test_me_refuses_anonymous_callers(client: TestClient) -> None:
    assert client.get(ME).status_code == 401
    assert client.patch(ME, json={"name": "X"}).status_code == 401


def post_profile(pages: TestClient, **fields: str):
    form = {"name": "Casey Coach", "email": "coach@example.com", "time_zone": "UTC", **fields}
    return pages.post(
        "/account/profile", data={**form, "csrf_token": csrf_token(pages, "/account")}
    )


def test_the_account_page_shows_the_profile_and_saves_a_new_time_zone(
    pages: TestClient, engine: Engine, coach: User
) -> None:
    page = pages.get("/account").text
    assert field_value(page, "name") == "Casey Coach"
    assert field_value(page, "time_zone") == "UTC"
    assert '<option value="America/Sao_Paulo">' in page

    response = post_profile(pages, time_zone="America/Sao_Paulo")

    assert response.status_code == 200
    assert "Profile saved." in response.text
    assert field_value(response.text, "time_zone") == "America/Sao_Paulo"
    assert stored(engine, coach).time_zone == "America/Sao_Paulo"


def shown_moments(page: str, table: str) -> list[str]:
    part = page.split(f'data-list="{table}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<time datetime=\"[^\"]+Z\">([^<]+)</time>", part)


def test_the_account_page_shows_each_moment_on_the_coachs_clock_with_its_name(
    pages: TestClient, db: Session, coach: User
) -> None:
    moment = datetime(2026, 12, 7, 12, 52)
    accounts.create_token(db, user=coach, name="Script")
    with transaction(db):
        db.add(AccountEvent(user_id=coach.id, kind="sign_in", at=moment))
        db.execute(update(ApiToken).values(created_at=moment))
        db.execute(update(UserSession).values(created_at=moment))

    post_profile(pages, time_zone="Europe/Berlin")
    page = pages.get("/account").text

    berlin = "7 Dec 2026, 13:52 (Europe/Berlin)"
    assert berlin in shown_moments(page, "events")
    assert shown_moments(page, "tokens")[0] == berlin
    assert shown_moments(page, "sessions")[0] == berlin
    assert " UTC</time>" not in page


def test_the_profile_form_shows_each_problem_beside_its_field_and_keeps_what_was_typed(
    pages: TestClient, engine: Engine, coach: User, other_coach: User
) -> None:
    response = post_profile(pages, time_zone="Atlantis/Capital", email="other@example.com")

    assert response.status_code == 422
    assert field_error(response.text, "time_zone").startswith("Not a time zone this server")
    assert field_value(response.text, "time_zone") == "Atlantis/Capital"
    assert stored(engine, coach).time_zone == "UTC"

    response = post_profile(pages, email="other@example.com")
    assert response.status_code == 422
    assert field_error(response.text, "email") == "Already in use."

    response = post_profile(pages, name="   ")
    assert response.status_code == 422
    assert field_error(response.text, "name") == "This field is required."
    assert stored(engine, coach).name == "Casey Coach"


def test_the_profile_form_needs_the_csrf_token(pages: TestClient, engine: Engine, coach: User):
    response = pages.post(
        "/account/profile",
        data={"name": "Mallory", "email": "coach@example.com", "time_zone": "UTC"},
    )

    assert response.status_code == 403
    assert stored(engine, coach).name == "Casey Coach"


def test_users_create_takes_a_time_zone(run, db: Session) -> None:  # noqa: F811
    created = run(
        "users", "create", "--email", "tz@example.com", "--name", "Tee Zed",
        "--password", "a-long-enough-secret-9", "--time-zone", "Asia/Kolkata",
    )  # fmt: skip
    refused = run(
        "users", "create", "--email", "nz@example.com", "--name", "No Zone",
        "--password", "a-long-enough-secret-9", "--time-zone", "Middle/Earth",
    )  # fmt: skip

    assert created.exit_code == 0, created.stderr
    assert db.scalar(select(User.time_zone).where(User.email == "tz@example.com")) == (
        "Asia/Kolkata"
    )
    assert refused.exit_code == 2
    assert "Invalid value for '--time-zone'" in refused.stderr
    assert db.scalar(select(User.id).where(User.email == "nz@example.com")) is None


def create_coach(run, *options: str):  # noqa: F811
    return run(
        "users", "create", "--email", "tz@example.com", "--name", "Tee Zed",
        "--password", "a-long-enough-secret-9", *options,
    )  # fmt: skip


def test_users_create_refuses_an_unknown_zone_naming_the_option_and_close_names(
    run,  # noqa: F811
    db: Session,
) -> None:
    nowhere = create_coach(run, "--time-zone", "Nowhere/Else")
    misspelt = create_coach(run, "--time-zone", "europe/berlim")

    assert (nowhere.exit_code, misspelt.exit_code) == (2, 2)
    assert "Invalid value for '--time-zone': 'Nowhere/Else' is not a time zone" in " ".join(
        re.findall(r"[\w'/:-]+", nowhere.stderr)
    )
    assert "Europe/Berlin" in misspelt.stderr
    assert accounts.count(db) == 0


def test_users_create_takes_this_machines_zone_when_it_names_one(
    run,  # noqa: F811
    db: Session,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    made = create_coach(run)
    assert made.exit_code == 0, made.stderr
    assert made.stdout.strip().endswith("time zone Asia/Kolkata")

    # Without TZ, the zone file /etc/localtime links to; a copied file names no zone: UTC.
    monkeypatch.delenv("TZ")
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/America/Sao_Paulo")
    monkeypatch.setattr(time_zones, "LOCALTIME", link)
    assert time_zones.machine_time_zone() == "America/Sao_Paulo"
    copied = tmp_path / "copied"
    copied.write_bytes(b"TZif")
    monkeypatch.setattr(time_zones, "LOCALTIME", copied)
    assert time_zones.machine_time_zone() == "UTC"
    monkeypatch.setenv("TZ", "CET-1")
    assert time_zones.machine_time_zone() == "UTC"
