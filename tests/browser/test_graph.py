"""The Graph tab in the browser: an edge per link, nodes that open their records, a deleted
goal's links gone from the graph and the tree; titles wrapped to two lines in boxes that share
the width on a wide screen, and one column at a time on a phone."""

import re

from playwright.sync_api import Locator, Page, expect
from sqlalchemy import Engine

from tests.browser.conftest import PHONE, LiveApp
from tests.browser.hierarchy_steps import (
    client_id,
    graph_node,
    link_rows,
    open_tab,
    tree_item,
)
from tests.browser.record_steps import add_outcome, dialog
from tests.browser.steps import create_coach


def test_the_graph_draws_an_edge_per_link_and_its_nodes_open_their_records(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    create_coach(page, live_app)
    open_tab(page, "Maya Okafor", "Graph")
    maya = client_id(live_engine, "Maya Okafor")

    edges = page.locator(".graph path.edge")
    expect(edges).to_have_count(link_rows(live_engine, maya))
    expect(page.locator(".graph a.node")).to_have_count(3 + 5 + 3 + 6)
    expect(
        page.get_by_role("region", name=re.compile(r"^Graph of Maya Okafor: 3 goals"))
    ).to_be_visible()
    node = graph_node(page, "Two engineering managers")
    expect(node).to_have_attribute("title", "Outcome: Two engineering managers hired (in progress)")

    node.click()

    expect(page).to_have_url(re.compile(rf"/clients/{maya}/targets/[0-9a-f-]{{36}}\?next="))


def test_pointing_at_a_node_lights_up_its_edges(page: Page, live_app: LiveApp) -> None:
    create_coach(page, live_app)
    open_tab(page, "Maya Okafor", "Graph")

    graph_node(page, "Keep evenings and weekends").hover()

    expect(page.locator(".graph path.edge.is-lit")).to_have_count(1)
    expect(page.locator(".graph")).to_have_class(re.compile(r"\bhas-focus\b"))


def test_deleting_a_goal_takes_its_links_out_of_the_graph_and_the_tree(
    page: Page, live_app: LiveApp, live_engine: Engine
) -> None:
    create_coach(page, live_app)
    open_tab(page, "Maya Okafor", "Graph")
    maya = client_id(live_engine, "Maya Okafor")
    before = link_rows(live_engine, maya)
    expect(page.locator(".graph path.edge")).to_have_count(before)
    goal = graph_node(page, "Step into the Director")
    goal_id = goal.get_attribute("data-id")
    lit = page.locator(f'.graph path.edge[data-linked="{goal_id}"]')
    expect(lit).to_have_count(3)  # three outcomes serve it

    open_tab(page, "Maya Okafor", "Goals")
    page.get_by_role("link", name="Delete goal Step into the Director of Engineering role").click()
    confirm = dialog(page)
    expect(confirm).to_contain_text("Its 3 links to outcomes.")
    confirm.get_by_role("button", name="Delete goal").click()
    expect(page.get_by_role("status")).to_contain_text("Deleted the goal")
    open_tab(page, "Maya Okafor", "Graph")

    assert link_rows(live_engine, maya) == before - 3
    expect(page.locator(".graph path.edge")).to_have_count(before - 3)
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


def test_picking_a_goal_draws_that_goals_part_of_the_graph(page: Page, live_app: LiveApp) -> None:
    create_coach(page, live_app)
    open_tab(page, "Maya Okafor", "Graph")
    expect(page.locator(".graph a.node--goal")).to_have_count(3)

    page.get_by_label("Draw", exact=True).select_option(
        label="Step into the Director of Engineering role"
    )
    page.get_by_role("button", name="Draw").click()

    expect(page).to_have_url(re.compile(r"/graph\?goal_id=[0-9a-f-]{36}$"))
    expect(page.locator(".graph a.node--goal")).to_have_count(1)
    expect(graph_node(page, "Step into the Director")).to_have_count(1)
    expect(page.locator(".graph a.node--target")).to_have_count(3)  # the outcomes serving it
    expect(page.get_by_text("“Step into the Director of Engineering role”:")).to_be_visible()


WIDE = {"width": 1440, "height": 900}
TWO_LINES = "Step into the Director of Engineering role"  # a sample goal: 42 characters
LONGER = (
    "Write and present a three-year platform strategy covering hiring, architecture, budgets,"
    " vendors and the move off the old billing system"
)
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmützenherstellung"
UNICODE = (
    "Ревизия процесса найма — «быстрее и честнее», всей командой 🚀",
    "目標は三か月以内にチーム全員と一対一の面談を行い、文化を根付かせる",
)
SHORT = "Sprint 2: Delegation"  # a sample sprint

# Every box, measured: its title as text and as tooltip, how many lines it shows, whether it
# is cut ("…" past the last line), and the rectangles of the box and of its title.
MEASURE_BOXES = """() => [...document.querySelectorAll('.graph a.node')].map((node) => {
  const title = node.querySelector('.node__title');
  const line = parseFloat(getComputedStyle(title).lineHeight);
  const box = node.getBoundingClientRect(), text = title.getBoundingClientRect();
  return {
    text: title.textContent, tooltip: node.title,
    lines: Math.round(text.height / line), cut: title.scrollHeight > title.clientHeight + 1,
    overflowsSideways: title.scrollWidth > title.clientWidth,
    box: [box.left, box.top, box.right, box.bottom],
    title: [text.left, text.top, text.right, text.bottom],
  };
})"""
# The columns the graph shows on screen, in part or whole, by the boxes seen in its region.
COLUMNS_ON_SCREEN = """() => {
  const view = document.querySelector('.graph-scroll').getBoundingClientRect();
  const names = ['Goals', 'Outcomes', 'Sprints and commitments'];
  const seen = new Set([...document.querySelectorAll('.graph__box')].filter((box) => {
    const drawn = box.getBoundingClientRect();
    return drawn.right > view.left + 1 && drawn.left < view.right - 1;
  }).map((box) => names[Number(box.dataset.layer)]));
  return names.filter((name) => seen.has(name));
}"""


def maya_with_long_titles(page: Page, live: LiveApp) -> dict[str, dict]:
    """The sample coach's Maya Okafor with outcomes of hard titles under her first goal, her
    Graph tab open; every box measured, by its title."""
    create_coach(page, live)
    workspace = f"/clients/{client_id(live.engine, 'Maya Okafor')}"
    for title in (LONGER, LONG_WORD, *UNICODE):
        add_outcome(live.engine, workspace, title, goal_titles=(TWO_LINES,))
    page.goto(f"{workspace}/graph")
    return {box["text"]: box for box in page.evaluate(MEASURE_BOXES)}


def inside(inner: list[float], outer: list[float]) -> bool:
    left, top, right, bottom = inner
    return (
        left >= outer[0] - 0.5
        and top >= outer[1] - 0.5
        and right <= outer[2] + 0.5
        and bottom <= outer[3] + 0.5
    )


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_titles_wrap_to_two_lines_inside_boxes_that_never_overlap_at_1440px(
    new_page, live_app: LiveApp
) -> None:
    page = new_page(viewport=WIDE)
    boxes = maya_with_long_titles(page, live_app)

    assert len(boxes) == 3 + 5 + 3 + 6 + 4
    for text, box in boxes.items():
        # The whole title, never cut after 25 characters: the tooltip says the same.
        assert re.fullmatch(rf"\w+: {re.escape(text)} \([a-z ,]+\)", box["tooltip"]), box
        assert 1 <= box["lines"] <= 2 and not box["overflowsSideways"], box
        assert inside(box["title"], box["box"]), box
    assert boxes[SHORT]["lines"] == 1
    assert boxes[TWO_LINES]["lines"] == 2 and not boxes[TWO_LINES]["cut"]
    assert boxes[LONGER]["lines"] == 2 and boxes[LONGER]["cut"]  # ends with "…"
    assert boxes[LONG_WORD]["lines"] == 2  # broken, not spilling out of its box
    assert all(boxes[title]["lines"] == 2 for title in UNICODE)
    placed = [box["box"] for box in boxes.values()]
    assert not [(a, b) for i, a in enumerate(placed) for b in placed[i + 1 :] if overlap(a, b)]
    # The whole title is the box's accessible name, even when two lines show only part of it.
    expect(graph_node(page, LONGER)).to_be_visible()


def test_the_columns_share_the_width_and_the_edges_still_meet_the_boxes(
    new_page, live_app: LiveApp
) -> None:
    page = new_page(viewport=WIDE)
    create_coach(page, live_app)
    open_tab(page, "Maya Okafor", "Graph")
    graph = page.locator(".graph").bounding_box()
    goal = graph_node(page, "Keep evenings and weekends").bounding_box()
    outcome = graph_node(page, "No work email after 7 pm").bounding_box()
    goal_id = graph_node(page, "Keep evenings and weekends").get_attribute("data-id")
    edge = rect(page.locator(f'.graph path.edge[data-linked="{goal_id}"]'))
    assert graph and goal and outcome and edge

    # Three columns of boxes of a width across a drawing as wide as the page's content.
    assert graph["width"] > 1000 and 0.24 < goal["width"] / graph["width"] < 0.28
    assert goal["width"] == outcome["width"]
    assert abs(edge["x"] - (goal["x"] + goal["width"])) < 1, (edge, goal)
    assert abs(edge["x"] + edge["width"] - outcome["x"]) < 1, (edge, outcome)

    page.set_viewport_size({"width": 900, "height": 900})

    narrower = graph_node(page, "Keep evenings and weekends").bounding_box()
    edge = rect(page.locator(f'.graph path.edge[data-linked="{goal_id}"]'))
    assert narrower and edge and narrower["width"] < goal["width"]
    assert abs(edge["x"] - (narrower["x"] + narrower["width"])) < 1, (edge, narrower)


def rect(locator: Locator) -> dict[str, float]:
    """Where an SVG shape is, its stroke left out (bounding_box counts it)."""
    return locator.evaluate("(shape) => shape.getBoundingClientRect().toJSON()")


def across_the_screen(locator: Locator) -> bool:
    """Whether the element is within the phone's width (on screen, once scrolled down to)
    within two seconds: a smooth scroll may still be moving it on a loaded machine."""
    for _ in range(40):
        seen = rect(locator)
        if seen["left"] >= 0 and seen["right"] <= PHONE["width"]:
            return True
        locator.page.wait_for_timeout(50)
    return False


def columns_on_screen(page: Page, *expected: str) -> None:
    page.wait_for_function(
        f"(expected) => ({COLUMNS_ON_SCREEN})().join('|') === expected", arg="|".join(expected)
    )


def test_a_phone_shows_one_column_at_a_time_and_the_switcher_the_others(
    new_page, live_app: LiveApp
) -> None:
    page = new_page(viewport=PHONE)
    boxes = maya_with_long_titles(page, live_app)
    switcher = page.get_by_role("navigation", name="Columns of the graph")

    columns_on_screen(page, "Goals")
    expect(switcher.get_by_role("link")).to_have_text(
        [
            re.compile(r"^Goals 3"),
            re.compile(r"^Outcomes 9"),
            re.compile(r"^Sprints and commitments 9"),
        ]
    )
    expect(switcher.get_by_role("link", name=re.compile("^Goals"))).to_have_attribute(
        "aria-current", "true"
    )
    # Each title still wraps to two lines in its box, whole boxes on the screen.
    for box in boxes.values():
        assert 1 <= box["lines"] <= 2 and inside(box["title"], box["box"]), box
    assert boxes[TWO_LINES]["lines"] == 2 and boxes[LONGER]["cut"]
    on_screen = [box["box"] for box in boxes.values() if box["box"][0] < PHONE["width"]]
    assert len(on_screen) == 3 and all(
        left >= 0 and right <= PHONE["width"] for left, _, right, _ in on_screen
    )

    switcher.get_by_role("link", name=re.compile("^Outcomes")).click()

    columns_on_screen(page, "Outcomes")
    expect(switcher.get_by_role("link", name=re.compile("^Outcomes"))).to_have_attribute(
        "aria-current", "true"
    )
    assert across_the_screen(graph_node(page, LONG_WORD))

    # Selecting a box lights its links, whose ends in the next columns are marked too.
    graph_node(page, "Two engineering managers hired").focus()

    # Its goal, its two sprints and its commitment.
    expect(page.locator(".graph path.edge.is-lit")).to_have_count(1 + 2 + 1)
    expect(page.locator(".graph a.node.is-linked")).to_have_count(1 + 2 + 1)
    expect(graph_node(page, "Build a leadership bench")).to_have_class(re.compile(r"\bis-linked\b"))

    switcher.get_by_role("link", name=re.compile("^Sprints and commitments")).click()

    columns_on_screen(page, "Sprints and commitments")
    # The box stays selected while the switcher is used: its sprint there is marked.
    strategy = graph_node(page, "Sprint 3: Strategy")
    assert across_the_screen(strategy)
    expect(strategy).to_have_class(re.compile(r"\bis-linked\b"))


def on_screen_soon(page: Page, expected: list[str]) -> list[str]:
    """The columns on screen once a scroll without JavaScript has ended (a second at most)."""
    for _ in range(20):
        shown = page.evaluate(COLUMNS_ON_SCREEN)
        if shown == expected:
            break
        page.wait_for_timeout(50)
    return shown


def test_without_javascript_a_phone_still_switches_columns(new_page, live_app: LiveApp) -> None:
    page = new_page(viewport=PHONE, java_script=False)
    create_coach(page, live_app)
    open_tab(page, "Maya Okafor", "Graph")
    # Snapped to the first column once the layout settles (a CI run read it a moment before).
    assert on_screen_soon(page, ["Goals"]) == ["Goals"]

    page.get_by_role("link", name=re.compile("^Sprints and commitments")).click()

    assert on_screen_soon(page, ["Sprints and commitments"]) == ["Sprints and commitments"]
    assert across_the_screen(graph_node(page, "Sprint 2: Delegation"))
