"""The client pages: list with counts and search, new, edit, archive, and the workspace shell."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard import samples
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.core.pagination import PageParams
from coachboard.hierarchy import legacy
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.web.workspace.shell import TABS
from tests.web.conftest import Stored, field_error, field_value, input_tag, submit


def test_the_list_shows_each_client_with_a_link_to_their_workspace(
    pages: TestClient, dana: Client
) -> None:
    response = pages.get("/clients")

    assert response.status_code == 200
    assert f'href="/clients/{dana.id}">Dana Doe</a>' in response.text
    assert 'data-count="overdue"' in response.text


def test_search_and_the_archived_filter_narrow_the_list(
    pages: TestClient, db: Session, coach: User, dana: Client
) -> None:
    clients.create(db, coach=coach, fields=ClientCreate(name="Ari Able"))
    submit(pages, f"/clients/{dana.id}/archive")

    active = pages.get("/clients").text
    archived = pages.get("/clients", params={"show": "archived"}).text
    searched = pages.get("/clients", params={"q": "DANA", "show": "all"}).text
    nothing = pages.get("/clients", params={"q": "zed"}).text

    assert 'data-client="Ari Able"' in active and 'data-client="Dana Doe"' not in active
    assert 'data-client="Dana Doe"' in archived and 'data-client="Ari Able"' not in archived
    assert 'data-client="Dana Doe"' in searched and 'data-client="Ari Able"' not in searched
    assert "No active clients match “zed”." in nothing


def test_creating_a_client_opens_their_workspace(
    pages: TestClient, db: Session, coach: User
) -> None:
    response = submit(
        pages, "/clients/new", {"name": "Eve Early", "email": "", "notes": "Met at a talk"}
    )

    (client,) = clients.get_all(db, coach=coach, page=PageParams())[0]
    assert response.url.path == f"/clients/{client.id}"
    assert "Added Eve Early." in response.text
    assert client.email is None and client.notes == "Met at a talk"


def test_an_invalid_client_form_shows_the_error_beside_the_field_and_keeps_the_values(
    pages: TestClient, db: Session, coach: User
) -> None:
    response = submit(
        pages, "/clients/new", {"name": "", "email": "eve(at)example", "notes": "Kept"}
    )

    assert response.status_code == 422
    assert field_error(response.text, "name") == "This field is required."
    assert field_error(response.text, "email") == "Enter an email address like name@example.com."
    assert field_value(response.text, "email") == "eve(at)example"
    assert field_value(response.text, "notes") == "Kept"
    name_input = input_tag(response.text, "name")
    assert 'aria-invalid="true"' in name_input and "autofocus" in name_input
    assert 'aria-describedby="f-name-error"' in name_input


def test_editing_a_client_changes_and_clears_fields(
    pages: TestClient, dana: Client, stored: Stored
) -> None:
    form = pages.get(f"/clients/{dana.id}/edit")
    assert field_value(form.text, "email") == "dana@example.com"

    response = submit(
        pages, f"/clients/{dana.id}/edit", {"name": "Dana D.", "email": "", "notes": "n"}
    )

    assert response.url.path == f"/clients/{dana.id}"
    saved = stored(dana.id)
    assert (saved.name, saved.email, saved.notes) == ("Dana D.", None, "n")


def test_a_blank_name_on_edit_is_an_error_not_keep_as_is(
    pages: TestClient, dana: Client, stored: Stored
) -> None:
    response = submit(pages, f"/clients/{dana.id}/edit", {"name": " ", "email": "dana@example.com"})

    assert response.status_code == 422
    assert field_error(response.text, "name") == "This field is required."
    assert stored(dana.id).name == "Dana Doe"


def test_archiving_and_unarchiving_a_client(
    pages: TestClient, dana: Client, stored: Stored
) -> None:
    archived = submit(pages, f"/clients/{dana.id}/archive")
    assert (
        "Archived Dana Doe" in archived.text
        and 'action="/clients/' + str(dana.id) + '/unarchive"' in archived.text
    )
    assert stored(dana.id).status == "archived"

    submit(pages, f"/clients/{dana.id}/unarchive")
    assert stored(dana.id).status == "active"


def test_the_workspace_has_a_tab_per_view_and_a_way_back(pages: TestClient, dana: Client) -> None:
    overview = pages.get(f"/clients/{dana.id}").text

    for tab in TABS:
        # an empty Review queue keeps its tab out of the bar
        shown = not tab.hidden_when_empty
        assert (f'href="/clients/{dana.id}/{tab.slug}"' in overview) is shown, tab.slug
    assert '<a href="/clients">Clients</a>' in overview


@pytest.mark.parametrize("slug", [tab.slug for tab in TABS])
def test_each_workspace_tab_has_its_own_address(pages: TestClient, dana: Client, slug: str) -> None:
    response = pages.get(f"/clients/{dana.id}/{slug}")

    assert response.status_code == 200
    assert f'href="/clients/{dana.id}/{slug}" aria-current="page"' in response.text
    assert f'<a href="/clients/{dana.id}">Dana Doe</a>' in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/clients/not-a-uuid",
        "/clients/{id}/no-such-tab",
        "/clients/7d1c0f4e-5b8a-4c3e-9f2d-1a6b8e0c4d21",
    ],
)
def test_addresses_that_name_no_client_or_view_answer_a_404_page(
    pages: TestClient, dana: Client, path: str
) -> None:
    response = pages.get(path.format(id=dana.id))

    assert response.status_code == 404
    assert "isn&#39;t yours to see" in response.text


def test_another_coach_never_sees_the_client(
    other_pages: TestClient, dana: Client, stored: Stored
) -> None:
    assert "Dana Doe" not in other_pages.get("/clients", params={"show": "all"}).text
    for path in ("", "/edit", "/tree", "/review"):
        response = other_pages.get(f"/clients/{dana.id}{path}")
        assert response.status_code == 404
        assert "Dana" not in response.text
    assert submit(other_pages, f"/clients/{dana.id}/archive").status_code == 404
    assert submit(other_pages, f"/clients/{dana.id}/edit", {"name": "Mine"}).status_code == 404
    unchanged = stored(dana.id)
    assert (unchanged.name, unchanged.status) == ("Dana Doe", "active")


def test_the_review_tab_counts_legacy_links_awaiting_review_until_none_are_left(
    pages: TestClient, db: Session, coach: User
) -> None:
    samples.add_sample_clients(db, coach=coach)
    by_name = {o.client.name: o.client.id for o in clients.overviews(db, coach=coach)}

    priya = pages.get(f"/clients/{by_name['Priya Natarajan']}/tree").text
    maya = pages.get(f"/clients/{by_name['Maya Okafor']}").text

    assert '<span class="badge">4<span class="visually-hidden"> to review</span>' in priya
    assert 'class="badge"' not in maya
    items, _ = legacy.queue(db, coach=coach, client_id=by_name["Priya Natarajan"])
    for item in items:
        legacy.dismiss(db, coach=coach, kind=item.kind, record_id=item.id)
    assert 'class="badge"' not in pages.get(f"/clients/{by_name['Priya Natarajan']}").text
