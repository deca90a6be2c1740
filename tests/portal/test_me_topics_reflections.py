"""The client's page's reflection forms and next-session box, working without JavaScript (each
a CSRF form that comes back to /me), and the coach's preview showing them without forms."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.accounts.schemas import ClientAccount
from coachboard.models.accounts import User
from coachboard.portal import service
from coachboard.portal.service import Direction
from tests.api.conftest import Estate


def topic_order(page: str) -> list[str]:
    return re.findall(r'data-topic="([^"]*)"', page)


def posted(browser: TestClient, path: str, data: dict[str, str]) -> str:
    answer = browser.post(path, data=data, follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/me"), answer.text
    return browser.get("/me").text


def test_the_next_session_box_lists_topics_with_priority_in_words(own_pages: TestClient) -> None:
    page = own_pages.get("/me").text

    assert topic_order(page) == ["Sore knees"]
    assert "Medium priority" in page
    assert "will be shown here" not in page


def test_a_client_adds_moves_and_withdraws_topics_from_the_page(
    own_pages: TestClient, own: Estate
) -> None:
    page = posted(own_pages, "/me/topics", {"text": "Delegating", "priority": "high"})
    assert topic_order(page) == ["Sore knees", "Delegating"] and "High priority" in page

    page = posted(own_pages, f"/me/topics/{own.topic_ids[0]}/move", {"direction": "down"})
    assert topic_order(page) == ["Delegating", "Sore knees"]
    # At the end already: unchanged.
    page = posted(own_pages, f"/me/topics/{own.topic_ids[0]}/move", {"direction": "down"})
    assert topic_order(page) == ["Delegating", "Sore knees"]

    page = posted(own_pages, f"/me/topics/{own.topic_ids[0]}/withdraw", {})
    assert topic_order(page) == ["Delegating"]


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/me/topics", {"text": " ", "priority": "low"}),
        ("/me/topics", {"text": "Sleep", "priority": "urgent"}),
        ("/me/topics/{topic}/move", {"direction": "sideways"}),
        ("/me/commitments/{commitment}/reflections", {"text": ""}),
    ],
)
def test_a_bad_form_is_422(own_pages: TestClient, own: Estate, path: str, data: dict) -> None:
    url = path.format(topic=own.topic_ids[0], commitment=own.commitment_ids[0])

    answer = own_pages.post(url, data=data, headers={"Accept": "application/json"})

    # The page's error page says only "check what you entered": the forms mark each field
    # required and offer only valid choices, so a browser seldom gets here.
    assert answer.status_code == 422


def test_a_client_writes_a_reflection_under_a_commitment(
    own_pages: TestClient, own: Estate
) -> None:
    page = posted(
        own_pages,
        f"/me/commitments/{own.commitment_ids[0]}/reflections",
        {"text": "Two runs this week"},
    )

    assert "Add a reflection" in page
    assert "Two runs this week" in page
    assert "Your reflection is saved" in page


def test_the_page_forms_need_the_csrf_token(own_pages: TestClient, own: Estate) -> None:
    del own_pages.headers["X-CSRF-Token"]

    for path, data in (
        ("/me/topics", {"text": "Sleep"}),
        (f"/me/topics/{own.topic_ids[0]}/withdraw", {}),
        (f"/me/commitments/{own.commitment_ids[0]}/reflections", {"text": "Hi"}),
    ):
        assert own_pages.post(path, data=data).status_code == 403, path


def test_the_preview_shows_topics_and_reflections_without_forms(
    db: Session, pages: TestClient, own: Estate, own_account: User
) -> None:
    client = ClientAccount.of(own_account)
    service.add_reflection(db, client=client, commitment_id=own.commitment_ids[0], text="Tough")
    service.add_topic(db, client=client, text="Delegating", priority="high")
    service.move_topic(db, client=client, topic_id=own.topic_ids[0], direction=Direction.down)

    page = pages.get(f"/clients/{own.client_id}/portal-preview").text

    assert topic_order(page) == ["Delegating", "Sore knees"]
    assert "Tough" in page and "High priority" in page
    body = page.split("</header>", 1)[1]
    assert "<form" not in body and "Add a reflection" not in body
