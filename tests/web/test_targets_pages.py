"""The Outcomes tab: each outcome's goals and sprints in the list, a form that picks several
goals and several sprints (the spec's target-form-modal change), tampered ids refused beside
their field, and a delete that counts the links it removes."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.commitments import service as commitments
from coachboard.goals import service as goals
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.targets import Target
from coachboard.sprints import service as sprints
from coachboard.targets import service as targets
from tests.web.conftest import field_value, submit
from tests.web.records import Records, checked, chips, error, ids, new_id, read, row


@pytest.fixture
def records(db: Session, coach: User, dana: Client) -> Records:
    return Records(db, coach, dana)


def stored(engine: Engine, coach: User, target_id) -> Target:
    return read(engine, lambda s: targets.get(s, coach=coach, target_id=target_id))


def titles(records) -> list[str]:
    return [record.title for record in records]


def test_the_list_shows_each_outcomes_goals_and_sprints(
    pages: TestClient, records: Records
) -> None:
    spanish, travel = records.goal("Speak Spanish"), records.goal("Travel more")
    january = records.sprint("January")
    records.outcome("Trip to Madrid", goals=[spanish, travel], sprints=[january])
    records.outcome("Unplanned")

    html = pages.get(records.url + "/targets").text

    madrid = row(html, "target", "Trip to Madrid")
    assert chips(madrid, "goals") == ["Speak Spanish", "Travel more"]
    assert chips(madrid, "sprints") == ["January"]
    unplanned = row(html, "target", "Unplanned")
    assert "No goal" in unplanned and "No sprint" in unplanned


def test_the_list_narrows_to_a_goals_or_a_sprints_outcomes(
    pages: TestClient, records: Records
) -> None:
    spanish, january = records.goal("Speak Spanish"), records.sprint("January")
    records.outcome("Order dinner", goals=[spanish])
    records.outcome("Book flights", sprints=[january])

    by_goal = pages.get(records.url + "/targets", params={"goal_id": str(spanish.id)}).text
    by_sprint = pages.get(records.url + "/targets", params={"sprint_id": str(january.id)}).text
    garbled = pages.get(records.url + "/targets", params={"goal_id": "not-an-id"}).text

    assert 'data-target="Order dinner"' in by_goal and 'data-target="Book flights"' not in by_goal
    assert (
        'data-target="Book flights"' in by_sprint and 'data-target="Order dinner"' not in by_sprint
    )
    assert 'data-target="Order dinner"' in garbled and 'data-target="Book flights"' in garbled


def test_the_form_offers_every_goal_and_sprint_of_the_client_as_checkboxes(
    pages: TestClient, records: Records, db: Session, coach: User
) -> None:
    spanish, january = records.goal("Speak Spanish"), records.sprint("January")
    other = clients.create(db, coach=coach, fields=ClientCreate(name="Ari Able"))
    Records(db, coach, other).goal("Someone else's goal")

    html = pages.get(records.url + "/targets/new").text

    assert f'name="goal_ids" value="{spanish.id}"' in html
    assert f'name="sprint_ids" value="{january.id}"' in html
    assert "Someone else&#39;s goal" not in html and "Someone else's goal" not in html
    assert '<fieldset class="field choices" id="f-goal_ids"' in html
    assert (
        '<legend class="field__label">Goals' in html
        and '<legend class="field__label">Sprints' in html
    )


def test_creating_an_outcome_with_two_goals_and_two_sprints(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    spanish, travel = records.goal("Speak Spanish"), records.goal("Travel more")
    january, february = records.sprint("January"), records.sprint("February")

    response = submit(
        pages,
        records.url + "/targets/new",
        {
            "title": "Trip to Madrid",
            "goal_ids": ids(spanish, travel),
            "sprint_ids": ids(january, february),
            "status": "in_progress",
            "due_date": "2026-03-01",
        },
    )

    assert response.url.path == records.url + "/targets"
    assert "Added the outcome “Trip to Madrid”." in response.text
    (target,) = read(
        engine, lambda s: targets.get_all(s, coach=coach, client_id=records.client.id)[0]
    )
    assert titles(target.goals) == ["Speak Spanish", "Travel more"]
    assert titles(target.sprints) == ["January", "February"]
    assert target.status == "in_progress"


def test_editing_an_outcome_replaces_its_goals_and_sprints(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    spanish, travel, career = (records.goal(t) for t in ("Speak Spanish", "Travel more", "Career"))
    january, february = records.sprint("January"), records.sprint("February")
    trip = records.outcome("Trip to Madrid", goals=[spanish, travel], sprints=[january])
    form = pages.get(f"{records.url}/targets/{trip.id}/edit").text
    assert checked(form, "goal_ids") == ids(spanish, travel)
    assert checked(form, "sprint_ids") == ids(january)

    response = submit(
        pages,
        f"{records.url}/targets/{trip.id}/edit",
        {
            "title": "Trip to Madrid",
            "goal_ids": ids(travel, career),
            "sprint_ids": ids(january, february),
            "status": "not_started",
        },
    )

    assert "Saved the outcome “Trip to Madrid”." in response.text
    madrid = row(response.text, "target", "Trip to Madrid")
    assert chips(madrid, "goals") == ["Travel more", "Career"]
    assert chips(madrid, "sprints") == ["January", "February"]
    saved = stored(engine, coach, trip.id)
    assert titles(saved.goals) == ["Travel more", "Career"]


def test_unchecking_every_box_unlinks_the_outcome_from_all_goals_and_sprints(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    trip = records.outcome(
        "Trip", goals=[records.goal("Speak Spanish")], sprints=[records.sprint("January")]
    )

    submit(pages, f"{records.url}/targets/{trip.id}/edit", {"title": "Trip", "status": "dropped"})

    saved = stored(engine, coach, trip.id)
    assert (saved.goals, saved.sprints, saved.status) == ([], [], "dropped")


def test_another_clients_goal_in_a_tampered_form_is_refused_beside_the_field(
    pages: TestClient, records: Records, db: Session, coach: User, engine: Engine
) -> None:
    spanish, january = records.goal("Speak Spanish"), records.sprint("January")
    other = clients.create(db, coach=coach, fields=ClientCreate(name="Ari Able"))
    foreign = Records(db, coach, other).goal("Ari's goal")

    response = submit(
        pages,
        records.url + "/targets/new",
        {
            "title": "Trip to Madrid",
            "goal_ids": [*ids(spanish), str(foreign.id)],
            "sprint_ids": ids(january),
            "status": "not_started",
        },
    )

    assert response.status_code == 422
    assert error(response.text, "goal_ids") == (
        "Choose goals from this list: one of those sent isn't this client's."
    )
    assert error(response.text, "sprint_ids") is None
    assert field_value(response.text, "title") == "Trip to Madrid"
    assert checked(response.text, "goal_ids") == ids(spanish)
    assert checked(response.text, "sprint_ids") == ids(january)
    assert (
        read(engine, lambda s: targets.get_all(s, coach=coach, client_id=records.client.id)[1]) == 0
    )


@pytest.mark.parametrize("tampered", ["not-a-uuid", "unknown"])
def test_a_garbled_or_unknown_sprint_id_is_refused_beside_the_field(
    pages: TestClient, records: Records, coach: User, engine: Engine, tampered: str
) -> None:
    trip = records.outcome("Trip", sprints=[records.sprint("January")])
    sprint_id = new_id() if tampered == "unknown" else tampered

    response = submit(
        pages,
        f"{records.url}/targets/{trip.id}/edit",
        {"title": "Trip renamed", "sprint_ids": [sprint_id], "status": "not_started"},
    )

    assert response.status_code == 422
    assert error(response.text, "sprint_ids") == (
        "Choose sprints from this list: one of those sent isn't this client's."
    )
    assert field_value(response.text, "title") == "Trip renamed"
    saved = stored(engine, coach, trip.id)
    assert (saved.title, titles(saved.sprints)) == ("Trip", ["January"])


def test_the_delete_confirmation_counts_every_link_that_goes(
    pages: TestClient, records: Records
) -> None:
    trip = records.outcome(
        "Trip",
        goals=[records.goal("Speak Spanish"), records.goal("Travel more")],
        sprints=[records.sprint("January")],
    )
    records.commitment("Book flights", outcomes=[trip])

    html = pages.get(f"{records.url}/targets/{trip.id}/delete").text

    assert "Delete the outcome “Trip”?" in html
    assert "Its links to 2 goals, 1 sprint and 1 commitment." in html
    assert "Those goals, sprints and commitments themselves." in html
    assert "This commitment will then count toward no outcome: “Book flights”." in html


def test_the_delete_confirmation_names_the_commitments_left_with_no_outcome(
    pages: TestClient, records: Records
) -> None:
    trip, other = records.outcome("Trip"), records.outcome("Other")
    records.commitment("Book flights", outcomes=[trip])
    records.commitment("Pack", outcomes=[trip, other])

    html = pages.get(f"{records.url}/targets/{trip.id}/delete").text

    assert "This commitment will then count toward no outcome: “Book flights”." in html
    assert "“Pack”" not in html


def test_deleting_an_outcome_keeps_its_goals_sprints_and_commitments(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    spanish, january = records.goal("Speak Spanish"), records.sprint("January")
    trip = records.outcome("Trip", goals=[spanish], sprints=[january])
    flights = records.commitment("Book flights", outcomes=[trip])

    response = submit(pages, f"{records.url}/targets/{trip.id}/delete")

    assert response.url.path == records.url + "/targets"
    assert "Deleted the outcome “Trip”." in response.text
    assert read(engine, lambda s: goals.get(s, coach=coach, goal_id=spanish.id)).title
    assert (
        read(engine, lambda s: sprints.get(s, coach=coach, sprint_id=january.id).target_ids) == []
    )
    kept = read(engine, lambda s: commitments.get(s, coach=coach, commitment_id=flights.id))
    assert kept.targets == []
