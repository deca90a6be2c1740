"""The Graph tab in the browser: an edge per link, nodes that open their records, and a deleted
goal's links gone from the graph and the tree."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from tests.browser.hierarchy_steps import (
    client_id,
    graph_node,
    link_rows,
    open_tab,
    tree_item,
)
from tests.browser.record_steps import dialog
from tests.browser.steps import create_first_coach


def test_the_graph_draws_an_edge_per_link_and_its_nodes_open_their_records(
    page: Page, live_engine: Engine
) -> None:
    create_first_coach(page)
    open_tab(page, "Maya Okafor", "Graph")
    maya = client_id(live_engine, "Maya Okafor")

    edges = page.locator("svg.graph path.edge")
    expect(edges).to_have_count(link_rows(live_engine, maya))
    expect(page.locator("svg.graph a.node")).to_have_count(3 + 5 + 3 + 6)
    expect(
        page.get_by_role("img", name=re.compile(r"^Graph of Maya Okafor: 3 goals"))
    ).to_be_visible()
    node = graph_node(page, "Two engineering managers")
    expect(node.locator("title")).to_have_text(
        "Outcome: Two engineering managers hired (in progress)"
    )

    node.click()

    expect(page).to_have_url(re.compile(rf"/clients/{maya}/targets/[0-9a-f-]{{36}}\?next="))


def test_pointing_at_a_node_lights_up_its_edges(page: Page) -> None:
    create_first_coach(page)
    open_tab(page, "Maya Okafor", "Graph")

    graph_node(page, "Keep evenings and weekends").hover()

    expect(page.locator("svg.graph path.edge.is-lit")).to_have_count(1)
    expect(page.locator("svg.graph")).to_have_class(re.compile(r"\bhas-focus\b"))


def test_deleting_a_goal_takes_its_links_out_of_the_graph_and_the_tree(
    page: Page, live_engine: Engine
) -> None:
    create_first_coach(page)
    open_tab(page, "Maya Okafor", "Graph")
    maya = client_id(live_engine, "Maya Okafor")
    before = link_rows(live_engine, maya)
    expect(page.locator("svg.graph path.edge")).to_have_count(before)
    goal = graph_node(page, "Step into the Director")
    goal_id = goal.get_attribute("data-id")
    lit = page.locator(f'svg.graph path.edge[data-linked="{goal_id}"]')
    expect(lit).to_have_count(3)  # three outcomes serve it

    open_tab(page, "Maya Okafor", "Goals")
    page.get_by_role("link", name="Delete goal Step into the Director of Engineering role").click()
    confirm = dialog(page)
    expect(confirm).to_contain_text("Its 3 links to outcomes.")
    confirm.get_by_role("button", name="Delete goal").click()
    expect(page.get_by_role("status")).to_contain_text("Deleted the goal")
    open_tab(page, "Maya Okafor", "Graph")

    assert link_rows(live_engine, maya) == before - 3
    expect(page.locator("svg.graph path.edge")).to_have_count(before - 3)
    expect(lit).to_have_count(0)
    expect(graph_node(page, "Step into the Director")).to_have_count(0)
    open_tab(page, "Maya Okafor", "Tree")
    expect(page.locator('details[data-kind="goal"]')).to_have_count(2)
    expect(page.get_by_text("Step into the Director of Engineering role")).to_have_count(0)
    # Its only-child outcomes now hang under no goal; the shared one stays under its other goal.
    unlinked = page.locator('[data-section="unlinked"]')
    expect(unlinked).to_contain_text("Platform strategy presented to the exec team")
    expect(unlinked).to_contain_text("Skip-level 1:1s with every team")
    expect(tree_item(page, "target", "Team leads run sprint planning")).to_have_count(1)


def test_picking_a_goal_draws_that_goals_part_of_the_graph(page: Page) -> None:
    create_first_coach(page)
    open_tab(page, "Maya Okafor", "Graph")
    expect(page.locator("svg.graph a.node--goal")).to_have_count(3)

    page.get_by_label("Draw", exact=True).select_option(
        label="Step into the Director of Engineering role"
    )
    page.get_by_role("button", name="Draw").click()

    expect(page).to_have_url(re.compile(r"/graph\?goal_id=[0-9a-f-]{36}$"))
    expect(page.locator("svg.graph a.node--goal")).to_have_count(1)
    expect(graph_node(page, "Step into the Director")).to_have_count(1)
    expect(page.locator("svg.graph a.node--target")).to_have_count(3)  # the outcomes serving it
    expect(page.get_by_text("“Step into the Director of Engineering role”:")).to_be_visible()
