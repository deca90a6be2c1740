"""The Review tab in the browser: link one legacy item, dismiss another after confirming, watch
the count fall; the words a coach reads."""

import uuid

from playwright.sync_api import Locator, Page, expect
from sqlalchemy import Engine, select

from coachboard.core.database import session_factory
from coachboard.hierarchy.legacy import LEGACY_KEYS
from coachboard.models.commitments import Commitment
from coachboard.models.links import CommitmentTargetLink
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from tests.browser.conftest import LiveApp
from tests.browser.hierarchy_steps import open_tab, tab_badge
from tests.browser.record_steps import dialog
from tests.browser.steps import create_coach

PRIYA = "Priya Natarajan"
MESSAGE_PMS = "Message five PMs from the alumni list"
MODULE_6 = "Finish module 6 of the course"


def review_item(page: Page, title: str) -> Locator:
    return page.locator("li.review-item", has=page.get_by_role("heading", name=title))


def dismiss(page: Page, item: Locator) -> None:
    """Dismiss an item's old link, confirming in the dialog (which starts on Cancel)."""
    item.get_by_role("link", name="Dismiss").click()
    confirm = dialog(page)
    expect(confirm.get_by_role("link", name="Cancel")).to_be_focused()
    confirm.get_by_role("button", name="Dismiss the old link").click()


def stored(engine: Engine, model: type, title: str) -> tuple[uuid.UUID, dict]:
    with session_factory(engine)() as session:
        record = session.scalars(select(model).where(model.title == title)).one()
        return record.id, dict(record.meta)


def test_linking_one_item_and_dismissing_another_empties_the_queue_step_by_step(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    create_coach(page, live_app)
    open_tab(page, PRIYA, "Review")
    expect(tab_badge(page, PRIYA, "Review")).to_contain_text("4")
    item = review_item(page, MESSAGE_PMS)
    expect(item.get_by_label("Coffee chats with ten product managers")).to_be_checked()
    expect(item).to_contain_text(
        "This commitment was linked straight to the goal “Land a product manager role”"
    )
    expect(item).to_contain_text("so it counts toward")

    item.get_by_label("Two case studies written").check()
    item.get_by_role("button", name=f"Link “{MESSAGE_PMS}”", exact=True).click()

    expect(page.get_by_role("status")).to_have_text(f"Linked “{MESSAGE_PMS}” to 2 outcomes.")
    expect(tab_badge(page, PRIYA, "Review")).to_contain_text("3")
    expect(review_item(page, MESSAGE_PMS)).to_have_count(0)
    commitment_id, meta = stored(live_engine, Commitment, MESSAGE_PMS)
    assert not set(meta) & set(LEGACY_KEYS)
    with session_factory(live_engine)() as session:
        linked = session.scalars(
            select(Target.title)
            .join(CommitmentTargetLink, CommitmentTargetLink.target_id == Target.id)
            .where(CommitmentTargetLink.commitment_id == commitment_id)
        ).all()
    assert sorted(linked) == ["Coffee chats with ten product managers", "Two case studies written"]

    dismiss(page, review_item(page, MODULE_6))

    expect(page.get_by_role("status")).to_contain_text(f"Dismissed the old link of “{MODULE_6}”")
    expect(tab_badge(page, PRIYA, "Review")).to_contain_text("2")
    assert not set(stored(live_engine, Commitment, MODULE_6)[1]) & set(LEGACY_KEYS)

    for _ in range(2):
        dismiss(page, page.locator("li.review-item").first)
    expect(page.get_by_role("heading", name="Nothing to review")).to_be_visible()
    tabs = page.get_by_role("navigation", name=f"Views of {PRIYA}")
    expect(tabs.get_by_role("link", name="Review")).to_be_visible()  # the open tab stays
    tabs.get_by_role("link", name="Tree").click()
    expect(tabs.get_by_role("link", name="Review")).to_have_count(0)  # then leaves the bar
    assert stored(live_engine, Sprint, "Sprint 1: Learn the craft")[1] == {}


def test_linking_with_nothing_ticked_shows_the_refusal_beside_the_item(
    page: Page, live_app: LiveApp
) -> None:
    create_coach(page, live_app)
    open_tab(page, PRIYA, "Review")
    item = review_item(page, MESSAGE_PMS)

    item.get_by_label("Coffee chats with ten product managers").uncheck()
    item.get_by_role("button", name=f"Link “{MESSAGE_PMS}”", exact=True).click()

    item = review_item(page, MESSAGE_PMS)
    expect(item.locator(".field__error")).to_have_text(
        "Error: Pick at least one outcome, or dismiss the old link instead."
    )
    expect(item.get_by_role("group")).to_have_attribute(
        "aria-describedby", f"{item.get_attribute('id')}-error"
    )
    expect(item.get_by_label("Coffee chats with ten product managers")).to_be_focused()
    expect(page.locator(".field__error")).to_have_count(1)
    expect(tab_badge(page, PRIYA, "Review")).to_contain_text("4")


def test_cancelling_a_dismiss_keeps_the_item_and_the_page_reads_plainly(
    page: Page, live_app: LiveApp
) -> None:
    create_coach(page, live_app)
    open_tab(page, PRIYA, "Review")
    expect(page.locator("main")).not_to_contain_text("legacy")
    expect(page.locator("main")).not_to_contain_text("before outcomes")

    review_item(page, MODULE_6).get_by_role("link", name="Dismiss").click()
    confirm = dialog(page)
    expect(confirm.get_by_role("heading")).to_have_text(f"Dismiss the old link of “{MODULE_6}”?")
    confirm.get_by_role("link", name="Cancel").click()

    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(review_item(page, MODULE_6)).to_have_count(1)
    expect(tab_badge(page, PRIYA, "Review")).to_contain_text("4")
