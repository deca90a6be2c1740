"""The Sprints tab: no goal selector anywhere, the goals a sprint reaches through its outcomes on
its list row, its page and its edit form, and the end-after-start rule beside End date."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import today_for
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.sprints import Sprint
from coachboard.sprints import service as sprints
from coachboard.targets import service as targets
from tests.web.conftest import field_value, submit
from tests.web.records import Records, checked, chips, error, ids, read, row, selected


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


def test_the_sprint_form_picks_its_outcomes(
    pages: TestClient, records: Records, coach: User, engine: Engine
) -> None:
    run, rest, swim = (records.outcome(title) for title in ("Run", "Rest", "Swim"))

    submit(
        pages,
        records.url + "/sprints/new",
        {
            "title": "January",
            "start_date": "2026-01-05",
            "end_date": "2026-02-15",
            "status": "planned",
            "target_ids": [str(swim.id), str(run.id)],
        },
    )
    (sprint,) = read(
        engine, lambda s: sprints.get_all(s, coach=coach, client_id=records.client.id)[0]
    )
    form = pages.get(f"{records.url}/sprints/{sprint.id}/edit").text
    submit(
        pages,
        f"{records.url}/sprints/{sprint.id}/edit",
        {
            "title": "January",
            "start_date": "2026-01-05",
            "end_date": "2026-02-15",
            "status": "planned",
            "target_ids": [str(rest.id), str(swim.id)],
        },
    )

    assert sprint.target_ids == [swim.id, run.id]
    assert checked(form, "target_ids") == ids(run, swim)  # ticked, in the list's order
    saved = read(engine, lambda s: sprints.get(s, coach=coach, sprint_id=sprint.id))
    assert saved.target_ids == [swim.id, rest.id]


def test_the_sprint_form_refuses_another_clients_outcome_beside_the_field(
    pages: TestClient, records: Records, db: Session, other_coach: User, engine: Engine
) -> None:
    theirs = clients.create(db, coach=other_coach, fields=ClientCreate(name="Olive's client"))
    foreign = Records(db, other_coach, theirs).outcome("Not yours")

    response = submit(
        pages,
        records.url + "/sprints/new",
        {
            "title": "January",
            "start_date": "2026-01-05",
            "end_date": "2026-02-15",
            "status": "planned",
            "target_ids": [str(foreign.id)],
        },
    )

    assert response.status_code == 422
    assert error(response.text, "target_ids") == (
        "Choose outcomes from this list: one of those sent isn't this client's."
    )
    assert read(engine, lambda s: s.scalars(select(Sprint)).all()) == []


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (date(2026, 12, 2), "2026-12-07", "2027-01-17"),  # a Wednesday: the coming Monday
        (date(2026, 12, 6), "2026-12-07", "2027-01-17"),  # a Sunday: tomorrow
        (date(2026, 12, 7), "2026-12-14", "2027-01-24"),  # a Monday: next week's
    ],
)
def test_a_new_sprint_runs_from_next_monday_to_the_sunday_ending_week_six(
    today: date, start: str, end: str
) -> None:
    assert sprints.default_dates(today) == (date.fromisoformat(start), date.fromisoformat(end))


def test_the_new_sprint_form_starts_next_monday_in_the_coachs_time_zone(
    pages: TestClient, records: Records, db: Session, coach: User
) -> None:
    coach.time_zone = "Pacific/Kiritimati"  # UTC+14: often a day ahead of the server
    db.commit()
    start, end = sprints.default_dates(today_for(coach))

    form = pages.get(records.url + "/sprints/new").text

    assert (field_value(form, "start_date"), field_value(form, "end_date")) == (
        start.isoformat(),
        end.isoformat(),
    )
    assert start.weekday() == 0 and (end - start).days == 41
