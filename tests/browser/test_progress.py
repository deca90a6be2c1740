"""Progress and health in the browser: the Goals tab's rows and a tree node show the bar with
its counts in words and the health as a labelled colour."""

from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from coachboard.accounts.time_zones import today_for
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentCreate
from coachboard.core.database import session_factory
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalCreate
from coachboard.targets import service as targets
from coachboard.targets.schemas import TargetCreate
from tests.browser.conftest import LiveApp
from tests.browser.hierarchy_steps import open_tab, the_coach, tree_item
from tests.browser.steps import create_coach


def a_client_a_third_of_the_way(engine: Engine) -> None:
    """Sam's goal "Run a half marathon": one outcome, one of its three commitments done."""
    with session_factory(engine)() as session:
        coach = the_coach(session)
        client = clients.create(session, coach=coach, fields=ClientCreate(name="Sam Rivera"))
        end = today_for(coach) + timedelta(days=120)
        fields = GoalCreate(title="Run a half marathon", target_date=end)
        goal = goals.create(session, coach=coach, client_id=client.id, fields=fields)
        outcome = targets.create(
            session,
            coach=coach,
            client_id=client.id,
            fields=TargetCreate(title="Run 10 km without stopping", goal_ids=[goal.id]),
        )
        for title, status in (("Buy shoes", "done"), ("Run twice", "open"), ("Rest", "open")):
            body = CommitmentCreate(title=title, status=status, target_ids=[outcome.id])
            commitments.create(session, coach=coach, client_id=client.id, fields=body)
        session.commit()


def test_goal_rows_and_tree_nodes_show_progress_with_counts_and_health_in_words(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    create_coach(page, live_app, samples=False)
    a_client_a_third_of_the_way(live_engine)

    open_tab(page, "Sam Rivera", "Goals")
    row = page.locator('tr[data-goal="Run a half marathon"]')
    progress = row.locator('[data-label="Progress"]')
    expect(progress.locator("meter")).to_have_attribute("value", "0.3333333333333333")
    expect(progress).to_contain_text("33% · 1 of 3 commitments done")
    expect(row.locator('[data-label="Health"]')).to_have_text("On track")

    open_tab(page, "Sam Rivera", "Tree")
    outcome = tree_item(page, "target", "Run 10 km without stopping")
    expect(outcome.locator("summary")).to_contain_text("33% · 1 of 3 commitments done")
    goal = tree_item(page, "goal", "Run a half marathon")
    summary = goal.locator("summary").first
    summary.click(position={"x": 5, "y": 5})  # fold it: the summary still tells how far it is
    expect(outcome).to_be_hidden()
    expect(summary.locator("meter")).to_be_visible()
    expect(summary).to_contain_text("33% · 1 of 3 commitments done")
    expect(summary).to_contain_text("On track")
    expect(summary).to_contain_text("0 of 1 outcome achieved")
