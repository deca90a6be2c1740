"""The Review tab: the legacy-link queue as forms, linking and dismissing in one step each."""

import re
import uuid
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coachboard.core.database import session_factory
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.links import CommitmentTargetLink, TargetSprintLink
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from tests.commitments.records import Records
from tests.web.conftest import submit


@dataclass
class Queue:
    """A client with a commitment and a sprint awaiting review, and outcomes to suggest."""

    client: Client
    career: ClientGoal
    spring: Sprint
    cv: Target  # linked to the legacy goal and sprint: the best suggestion
    network: Target  # linked to the legacy goal only
    message_pms: Commitment  # legacy goal + sprint
    old_sprint: Sprint  # legacy goal that no longer exists


@pytest.fixture
def records(db: Session, coach: User) -> Records:
    return Records(db, coach)


@pytest.fixture
def queue(records: Records) -> Queue:
    client = records.client("Priya Natarajan")
    career = records.goal(client, "Land a product role")
    spring = records.sprint(client, "Spring sprint")
    cv = records.target(client, "CV rewritten", goals=[career], sprints=[spring])
    network = records.target(client, "Ten coffee chats", goals=[career])
    message_pms = records.commitment(client, "Message five PMs")
    records.legacy_meta(
        message_pms,
        legacy_goal_id=str(career.id),
        legacy_sprint_id=str(spring.id),
        source="import",
    )
    old_sprint = records.sprint(client, "Old sprint")
    records.legacy_meta(old_sprint, legacy_goal_id=str(uuid.uuid4()))
    return Queue(client, career, spring, cv, network, message_pms, old_sprint)


def review_url(queue: Queue) -> str:
    return f"/clients/{queue.client.id}/review"


def item_html(html: str, record_id: uuid.UUID) -> str:
    match = re.search(
        rf'<li class="card review-item[^"]*" id="review-\w+-{record_id}".*?</li>\s*(?=<li class="card|</ol>)',
        html,
        re.S,
    )
    assert match, f"no review item for {record_id}"
    return match.group(0)


def stored_meta(engine: Engine, model: type, record_id: uuid.UUID) -> dict:
    with session_factory(engine)() as session:
        return session.get(model, record_id).meta


def badge(html: str) -> str | None:
    match = re.search(r'/review"[^>]*>Review <span class="badge">(\d+)', html)
    return match.group(1) if match else None


def test_the_queue_shows_each_item_with_its_old_links_and_suggested_outcomes(
    pages: TestClient, queue: Queue
) -> None:
    html = pages.get(review_url(queue)).text

    assert badge(html) == "2"
    commitment = item_html(html, queue.message_pms.id)
    assert "Message five PMs" in commitment
    assert "This commitment was linked straight to the goal “<a" in commitment
    assert "Land a product role</a>” and to the sprint “<a" in commitment
    assert "Spring sprint</a>”." in commitment
    boxes = re.findall(r'<input type="checkbox"[^>]*value="([^"]+)"([^>]*)>', commitment)
    assert boxes == [(str(queue.cv.id), " checked"), (str(queue.network.id), "")]
    assert "Linked to that goal and that sprint" in commitment
    sprint = item_html(html, queue.old_sprint.id)
    assert "This sprint was linked straight to a goal that no longer exists." in sprint
    assert 'type="checkbox"' not in sprint
    assert ">Link<" not in sprint and "Dismiss" in sprint


def test_linking_an_item_links_it_drops_its_legacy_keys_and_shrinks_the_queue(
    pages: TestClient, queue: Queue, engine: Engine
) -> None:
    url = f"{review_url(queue)}/commitment/{queue.message_pms.id}/resolve"

    response = submit(pages, url, {"target_ids": str(queue.network.id), "page": "1"})

    assert response.status_code == 200 and response.url.path == review_url(queue)
    assert "Linked “Message five PMs” to 1 outcome." in response.text
    assert badge(response.text) == "1" and str(queue.message_pms.id) not in response.text
    assert stored_meta(engine, Commitment, queue.message_pms.id) == {"source": "import"}
    with session_factory(engine)() as session:
        linked = session.scalars(
            select(CommitmentTargetLink.target_id).where(
                CommitmentTargetLink.commitment_id == queue.message_pms.id
            )
        ).all()
    assert linked == [queue.network.id]


def test_linking_a_sprint_links_the_outcomes_to_it(
    pages: TestClient, records: Records, queue: Queue, engine: Engine
) -> None:
    records.legacy_meta(queue.spring, legacy_goal_id=str(queue.career.id))
    url = f"{review_url(queue)}/sprint/{queue.spring.id}/resolve"

    response = submit(pages, url, {"target_ids": str(queue.network.id)})

    assert "Linked “Spring sprint” to 1 outcome." in response.text
    with session_factory(engine)() as session:
        linked = session.scalars(
            select(TargetSprintLink.target_id).where(TargetSprintLink.sprint_id == queue.spring.id)
        ).all()
    assert set(linked) == {queue.cv.id, queue.network.id}
    assert stored_meta(engine, Sprint, queue.spring.id) == {}


def test_dismissing_an_item_drops_its_legacy_keys_without_linking(
    pages: TestClient, queue: Queue, engine: Engine
) -> None:
    url = f"{review_url(queue)}/sprint/{queue.old_sprint.id}/dismiss"

    response = submit(pages, url, {"page": "1"})

    assert "Dismissed the old link of “Old sprint”" in response.text
    assert badge(response.text) == "1"
    assert stored_meta(engine, Sprint, queue.old_sprint.id) == {}


def test_linking_with_nothing_ticked_shows_the_refusal_beside_the_item(
    pages: TestClient, queue: Queue, engine: Engine
) -> None:
    url = f"{review_url(queue)}/commitment/{queue.message_pms.id}/resolve"

    response = submit(pages, url, {"page": "1"})

    assert response.status_code == 422
    item = item_html(response.text, queue.message_pms.id)
    assert "review-item--error" in item
    assert "Pick at least one outcome, or dismiss the old link instead." in item
    assert " checked" not in item and "autofocus" in item
    assert "Pick at least one" not in item_html(response.text, queue.old_sprint.id)
    assert stored_meta(engine, Commitment, queue.message_pms.id)["legacy_goal_id"]


def test_linking_to_an_outcome_of_another_client_is_refused_beside_the_item(
    pages: TestClient, records: Records, queue: Queue, engine: Engine
) -> None:
    elsewhere = records.target(records.client("Eve Else"), "Not Priya's")
    url = f"{review_url(queue)}/commitment/{queue.message_pms.id}/resolve"

    for picked in (str(elsewhere.id), "not-an-id"):
        response = submit(pages, url, {"target_ids": [str(queue.cv.id), picked]})

        assert response.status_code == 422
        item = item_html(response.text, queue.message_pms.id)
        assert "An outcome you picked is no longer this client&#39;s." in item
        assert re.search(rf'value="{queue.cv.id}" checked', item)
    assert stored_meta(engine, Commitment, queue.message_pms.id)["legacy_goal_id"]


def test_an_item_reviewed_meanwhile_gets_a_notice_instead_of_an_error_page(
    pages: TestClient, queue: Queue
) -> None:
    url = f"{review_url(queue)}/sprint/{queue.old_sprint.id}/dismiss"
    submit(pages, url)

    again = submit(pages, url)
    link = submit(
        pages,
        f"{review_url(queue)}/sprint/{queue.old_sprint.id}/resolve",
        {"target_ids": str(queue.cv.id)},
    )

    for response in (again, link):
        assert response.status_code == 200 and response.url.path == review_url(queue)
        assert "“Old sprint” was already reviewed." in response.text


def test_a_record_of_another_client_is_not_found_through_this_clients_review(
    pages: TestClient, records: Records, queue: Queue, engine: Engine
) -> None:
    other = records.client("Eve Else")
    chore = records.commitment(other, "Eve's chore")
    records.legacy_meta(chore, legacy_goal_id=str(uuid.uuid4()))

    response = submit(pages, f"{review_url(queue)}/commitment/{chore.id}/dismiss")

    assert response.status_code == 404
    assert stored_meta(engine, Commitment, chore.id) != {}


def test_an_empty_queue_says_there_is_nothing_to_review(
    pages: TestClient, records: Records
) -> None:
    client = records.client("Nova New")

    html = pages.get(f"/clients/{client.id}/review").text

    assert "Nothing to review" in html and badge(html) is None


def test_a_long_queue_comes_a_page_at_a_time(
    pages: TestClient, records: Records, queue: Queue
) -> None:
    for number in range(20):
        chore = records.commitment(queue.client, f"Chore {number:02}")
        records.legacy_meta(chore, legacy_goal_id=str(queue.career.id))

    first = pages.get(review_url(queue)).text
    second = pages.get(review_url(queue), params={"page": 2}).text
    beyond = pages.get(review_url(queue), params={"page": 9}).text

    assert "Showing 1\N{EN DASH}20 of 22." in first and "Page 1 of 2" in first
    assert "Showing 21\N{EN DASH}22 of 22." in second and "Old sprint" in second
    assert "Showing 21\N{EN DASH}22 of 22." in beyond
    assert first.count('class="card review-item') == 20
    assert second.count('class="card review-item') == 2


def test_the_queue_says_in_plain_words_what_the_old_link_was_and_what_linking_does(
    pages: TestClient, queue: Queue
) -> None:
    html = pages.get(review_url(queue)).text
    shown = re.sub(r"<[^>]+>", "", html)  # what a coach reads

    assert "legacy" not in shown.lower() and "before outcomes" not in shown.lower()
    commitment = item_html(html, queue.message_pms.id)
    assert (
        "Link it to an outcome of that goal and sprint so it counts toward their progress."
        in commitment
    )
    sprint = item_html(html, queue.old_sprint.id)
    assert "a sprint reaches a goal through the outcomes worked on in it" in sprint


def test_dismiss_asks_for_confirmation_first(
    pages: TestClient, queue: Queue, engine: Engine
) -> None:
    url = f"{review_url(queue)}/sprint/{queue.old_sprint.id}/dismiss"
    html = pages.get(review_url(queue)).text

    assert f'<a class="button button--secondary" href="{url}" data-dialog>Dismiss' in html
    confirm = pages.get(url)
    assert confirm.status_code == 200
    assert "Dismiss the old link of “Old sprint”?" in confirm.text
    assert f'<form method="post" action="{url}">' in confirm.text
    assert re.search(r'href="[^"]*/review" data-dialog-close autofocus>Cancel</a>', confirm.text)
    assert stored_meta(engine, Sprint, queue.old_sprint.id) != {}  # asking changes nothing


def test_another_coachs_item_has_no_dismiss_confirmation(
    other_pages: TestClient, queue: Queue
) -> None:
    url = f"{review_url(queue)}/sprint/{queue.old_sprint.id}/dismiss"

    response = other_pages.get(url)

    assert response.status_code == 404 and "Old sprint" not in response.text


def test_the_review_tab_is_hidden_for_a_client_with_nothing_to_review(
    pages: TestClient, queue: Queue, records: Records
) -> None:
    nova = records.client("Nova New")

    overview = pages.get(f"/clients/{nova.id}").text
    review = pages.get(f"/clients/{nova.id}/review")
    with_queue = pages.get(f"/clients/{queue.client.id}").text

    assert f'href="/clients/{nova.id}/review"' not in overview
    assert review.status_code == 200 and "Nothing to review" in review.text
    assert f'href="/clients/{nova.id}/review" aria-current="page"' in review.text
    assert f'href="/clients/{queue.client.id}/review"' in with_queue
