"""The Sprints tab: no goal selector anywhere, the goals a sprint reaches through its outcomes on
its list row, its page and its edit form, and the end-after-start rule beside End date."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coachboard.accounts.models import User
from coachboard.clients.models import Client
from coachboard.sprints import service as sprints
from coachboard.sprints.models import Sprint
from coachboard.targets import service as targets
from tests.web.conftest import field_value, submit
from tests.web.records import Records, chips, error, read, row, selected


@pytest.fixture
def records(db: Session, coach: User, dana: Client) -> Records:
    return Records(db, coach, dana)


def test_the_list_shows_each_sprints_outcomes_and_the_goals_reached_through_them(
    pages: TestClient, records: Records
) -> None:
    spanish, travel = records.goal("Speak Spanish"), records.goal("Travel more")
    january = records.sprint("January")
    records.sprint("February")
    records.outcome("Order dinner", goals=[spanish], sprints=[january])
    records.outcome("Trip to Madrid", goals=[spanish, travel], sprints=[january])

    html = pages.get(records.url + "/sprints").text

    assert chips(row(html, "sprint", "January"), "outcomes") == ["Order dinner", "Trip to Madrid"]
    assert chips(row(html, "sprint", "January"), "goals") == ["Speak Spanish", "Travel more"]
    assert chips(row(html, "sprint", "February"), "goals") == []


def test_a_sprints_page_shows_its_outcomes_and_the_goals_they_reach(
    pages: TestClient, records: Records
) -> None:
    spanish = records.goal("Speak Spanish")
    records.goal("Unreached goal")
    january = records.sprint("January")
    records.outcome("Order dinner", goals=[spanish], sprints=[january])

    html = pages.get(f"{records.url}/sprints/{january.id}").text

    assert "Outcomes in this sprint" in html and "Order dinner" in html
    assert "Goals reached through its outcomes" in html and "Speak Spanish" in html
    assert "Unreached goal" not in html
    assert f'href="{records.url}/sprints">← All sprints' in html


@pytest.mark.parametrize("form", ["new", "edit"])
def test_the_sprint_form_has_no_goal_selector(
    pages: TestClient, records: Records, form: str
) -> None:
    records.goal("Speak Spanish")
    january = records.sprint("January")
    url = (
        f"{records.url}/sprints/new"
        if form == "new"
        else f"{records.url}/sprints/{january.id}/edit"
    )

    html = pages.get(url).text

    assert 'name="title"' in html and 'name="start_date"' in html
    assert 'name="goal_id"' not in html and 'name="goal_ids"' not in html
    assert "a sprint reaches goals only through its outcomes" in html.lower()


def test_the_edit_form_shows_the_goals_reached_through_the_sprints_outcomes(
    pages: TestClient, records: Records
) -> None:
    spanish = records.goal("Speak Spanish")
    january = records.sprint("January")
    records.outcome("Order dinner", goals=[spanish], sprints=[january])

    html = pages.get(f"{records.url}/sprints/{january.id}/edit").text

    assert "Goals through its outcomes" in html
    assert '<li class="chip">Speak Spanish</li>' in html


def test_a_goal_field_slipped_into_the_form_is_ignored(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    spanish = records.goal("Speak Spanish")

    submit(
        pages,
        records.url + "/sprints/new",
        {
            "title": "January",
            "start_date": "2026-01-05",
            "end_date": "2026-02-16",
            "status": "planned",
            "goal_id": str(spanish.id),
        },
    )

    (stored,) = read(engine, lambda s: s.scalars(select(Sprint)).all())
    shown = read(engine, lambda s: sprints.get(s, coach=coach, sprint_id=stored.id))
    assert shown.goal_ids == [] and "goal_id" not in stored.meta


def test_creating_and_editing_a_sprint(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    created = submit(
        pages,
        records.url + "/sprints/new",
        {
            "title": "January",
            "start_date": "2026-01-05",
            "end_date": "2026-02-16",
            "status": "planned",
        },
    )
    (sprint,) = read(
        engine, lambda s: sprints.get_all(s, coach=coach, client_id=records.client.id)[0]
    )
    form = pages.get(f"{records.url}/sprints/{sprint.id}/edit").text
    edited = submit(
        pages,
        f"{records.url}/sprints/{sprint.id}/edit",
        {
            "title": "January sprint",
            "start_date": "2026-01-05",
            "end_date": "2026-02-23",
            "status": "active",
        },
    )

    assert "Added the sprint “January”." in created.text
    assert (field_value(form, "end_date"), selected(form, "status")) == ("2026-02-16", "planned")
    assert "Saved the sprint “January sprint”." in edited.text
    saved = read(engine, lambda s: sprints.get(s, coach=coach, sprint_id=sprint.id))
    assert (saved.end_date, saved.status) == (date(2026, 2, 23), "active")


@pytest.mark.parametrize("form", ["new", "edit"])
def test_an_end_before_the_start_is_refused_beside_end_date_with_the_values_kept(
    pages: TestClient, records: Records, coach: User, engine: Engine, form: str
) -> None:
    january = records.sprint("January")
    url = (
        f"{records.url}/sprints/new"
        if form == "new"
        else f"{records.url}/sprints/{january.id}/edit"
    )

    response = submit(
        pages,
        url,
        {
            "title": "Backwards",
            "start_date": "2026-03-01",
            "end_date": "2026-02-01",
            "status": "active",
        },
    )

    assert response.status_code == 422
    assert error(response.text, "end_date") == "End the sprint after its start date."
    assert error(response.text, "start_date") is None
    assert (field_value(response.text, "title"), field_value(response.text, "end_date")) == (
        "Backwards",
        "2026-02-01",
    )
    assert selected(response.text, "status") == "active"
    titles = read(
        engine,
        lambda s: [
            x.title for x in sprints.get_all(s, coach=coach, client_id=records.client.id)[0]
        ],
    )
    assert titles == ["January"]


def test_deleting_a_sprint_says_its_outcome_links_go_and_keeps_the_outcomes(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    january = records.sprint("January")
    dinner = records.outcome("Order dinner", sprints=[january])
    sprint_page = f"{records.url}/sprints/{january.id}"

    confirm = pages.get(f"{sprint_page}/delete", params={"next": sprint_page}).text
    response = submit(pages, f"{sprint_page}/delete", {"next": sprint_page})

    assert "Its 1 link to outcomes." in confirm
    assert "The outcomes themselves: “Order dinner”." in confirm
    # The sprint's own page is gone: the delete lands on the list instead.
    assert response.url.path == records.url + "/sprints"
    assert "Deleted the sprint “January”." in response.text
    assert read(engine, lambda s: targets.get(s, coach=coach, target_id=dinner.id).sprints) == []
