"""What the Tree, Graph and Review tabs show, prepared from the read models, so that their
templates only display: filter choices, links to each record, the SVG's shapes, the queue's
forms."""

import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from coachboard.commitments.schemas import CommitmentStatus
from coachboard.hierarchy.layout import LAYER_GAP, MARGIN, NODE_WIDTH, GraphLayout
from coachboard.hierarchy.legacy_schemas import LegacyItem, LegacyRecord, SuggestedOutcome
from coachboard.hierarchy.records import ClientRecords
from coachboard.hierarchy.schemas import ClientGraph, ClientTree, EdgeKind, NodeKind

# The workspace tab of each kind of record; a record's own page is its edit form there
# (web.record_pages: /clients/{client_id}/<tab>/{record_id}/edit, a dialog on its tab).
RECORD_TABS = {
    NodeKind.goal: "goals",
    NodeKind.target: "targets",
    NodeKind.sprint: "sprints",
    NodeKind.commitment: "commitments",
}
KIND_WORDS = {
    NodeKind.goal: ("goal", "goals"),
    NodeKind.target: ("outcome", "outcomes"),
    NodeKind.sprint: ("sprint", "sprints"),
    NodeKind.commitment: ("commitment", "commitments"),
}
# Statuses after which a record needs no more attention: drawn faded in the graph.
SETTLED = frozenset({"achieved", "dropped", "done", "completed", "cancelled"})
HEADER = 32.0  # room above the drawing for the column headings
TEXT_INSET = (10.0, 19.5)  # a label's baseline from its box's top-left corner, at 12 px


@dataclass(frozen=True)
class RecordLinks:
    """URLs of a client's records, each bringing the coach back to `back` once done."""

    client_id: uuid.UUID
    back: str

    def url(self, kind: str, record_id: uuid.UUID) -> str:
        tab = RECORD_TABS[NodeKind(kind)]
        return f"/clients/{self.client_id}/{tab}/{record_id}/edit?{urlencode({'next': self.back})}"

    def tab(self, slug: str) -> str:
        return f"/clients/{self.client_id}/{slug}"


def plural(count: int, kind: NodeKind | str) -> str:
    one, many = KIND_WORDS[NodeKind(kind)]
    return f"{count} {one if count == 1 else many}"


def day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def status_words(status: str) -> str:
    return status.replace("_", " ").capitalize()


# --- Tree -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class TreeView:
    tree: ClientTree
    links: RecordLinks
    goal_choices: list[Choice]
    sprint_choices: list[Choice]
    status_choices: list[Choice]
    active_filters: list[tuple[str, str]]  # (what, which), e.g. ("Sprint", "Delegation")
    shown: str  # "3 goals, 5 outcomes and 8 commitments"
    unlinked_count: int

    @property
    def filtered(self) -> bool:
        return bool(self.active_filters)

    @property
    def empty(self) -> bool:
        return not self.tree.goals and not self.unlinked_count


def tree_view(tree: ClientTree, records: ClientRecords, *, links: RecordLinks) -> TreeView:
    """The tree with its filter form's choices (every goal and sprint of the client)."""
    filters = tree.filters
    goal_titles = {row.id: row.title for row in records.goals}
    sprint_titles = {row.id: row.title for row in records.sprints}
    active = []
    if filters.goal_id is not None:
        active.append(("Goal", goal_titles[filters.goal_id]))
    if filters.sprint_id is not None:
        active.append(("Sprint", sprint_titles[filters.sprint_id]))
    if filters.commitment_status is not None:
        active.append(("Commitments", status_words(filters.commitment_status)))
    unlinked = tree.unlinked
    targets = {t.id for goal in tree.goals for t in goal.targets} | {t.id for t in unlinked.targets}
    commitments = (
        {c.id for goal in tree.goals for t in goal.targets for c in t.commitments}
        | {c.id for t in unlinked.targets for c in t.commitments}
        | {c.id for c in unlinked.commitments}
    )
    shown = [
        plural(len(tree.goals), NodeKind.goal),
        plural(len(targets), NodeKind.target),
        plural(len(commitments), NodeKind.commitment),
    ]
    return TreeView(
        tree=tree,
        links=links,
        goal_choices=_choices(goal_titles.items(), filters.goal_id),
        sprint_choices=[
            Choice(str(row.id), f"{row.title} ({day(row.start_date)})", row.id == filters.sprint_id)
            for row in records.sprints
        ],
        status_choices=_choices(
            ((status.value, status_words(status)) for status in CommitmentStatus),
            filters.commitment_status,
        ),
        active_filters=active,
        shown=f"{shown[0]}, {shown[1]} and {shown[2]}",
        unlinked_count=len(unlinked.targets) + len(unlinked.commitments) + len(unlinked.sprints),
    )


def _choices(options: Iterable[tuple[object, str]], selected: object) -> list[Choice]:
    return [Choice(str(value), label, value == selected) for value, label in options]


# --- Graph ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrawnNode:
    kind: str
    href: str
    label: str  # cut to the box
    tooltip: str  # the full label, its kind and status
    settled: bool
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    id: uuid.UUID


@dataclass(frozen=True)
class DrawnEdge:
    kind: str
    path: str
    source: uuid.UUID
    target: uuid.UUID


@dataclass(frozen=True)
class LinkLine:
    """One link as text, from its record in the left column to the one in the right."""

    left: tuple[str, str]  # (label, href)
    right: tuple[str, str]


@dataclass(frozen=True)
class LinkGroup:
    title: str
    lines: list[LinkLine]


@dataclass(frozen=True)
class LegendEntry:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class GraphDrawing:
    width: float
    height: float
    view_box: str
    columns: list[tuple[float, str]]  # (x, heading)
    nodes: list[DrawnNode]
    edges: list[DrawnEdge]
    summary: str
    legend: list[LegendEntry]
    link_groups: list[LinkGroup]

    @property
    def empty(self) -> bool:
        return not self.nodes


EDGE_GROUPS = {
    EdgeKind.target_goal: "Goal → outcome",
    EdgeKind.target_sprint: "Outcome → sprint",
    EdgeKind.commitment_target: "Outcome → commitment",
}


def draw_graph(graph: ClientGraph, drawing: GraphLayout, *, links: RecordLinks) -> GraphDrawing:
    """The layout as SVG shapes that link to their records, and the links as text."""
    nodes = [
        DrawnNode(
            kind=node.kind.value,
            href=links.url(node.kind, node.id),
            label=node.label,
            tooltip=f"{KIND_WORDS[node.kind][0].capitalize()}: {node.full_label} "
            f"({status_words(node.status).lower()})",
            settled=node.status in SETTLED,
            x=node.x,
            y=node.y,
            width=node.width,
            height=node.height,
            text_x=node.x + TEXT_INSET[0],
            text_y=node.y + TEXT_INSET[1],
            id=node.id,
        )
        for node in drawing.nodes
    ]
    edges = [
        DrawnEdge(kind=edge.kind.value, path=edge.path, source=edge.source, target=edge.target)
        for edge in drawing.edges
    ]
    counts = Counter(node.kind for node in graph.nodes)
    legend = [
        LegendEntry(kind.value, KIND_WORDS[kind][1].capitalize(), counts[kind]) for kind in NodeKind
    ]
    described = [plural(counts[kind], kind) for kind in NodeKind]
    link_count = len(graph.edges)
    summary = (
        f"{', '.join(described[:-1])} and {described[-1]}, "
        f"joined by {link_count} {'link' if link_count == 1 else 'links'}"
    )
    return GraphDrawing(
        width=drawing.width,
        height=drawing.height + HEADER,
        view_box=f"0 {-HEADER:g} {drawing.width:g} {drawing.height + HEADER:g}",
        columns=[
            (MARGIN + layer * (NODE_WIDTH + LAYER_GAP), heading)
            for layer, heading in enumerate(("Goals", "Outcomes", "Sprints and commitments"))
        ],
        nodes=nodes,
        edges=edges,
        summary=summary,
        legend=legend,
        link_groups=_link_groups(graph, links),
    )


def _link_groups(graph: ClientGraph, links: RecordLinks) -> list[LinkGroup]:
    labels = {node.id: (node.label, links.url(node.kind, node.id)) for node in graph.nodes}
    groups: dict[EdgeKind, list[LinkLine]] = {kind: [] for kind in EDGE_GROUPS}
    for edge in graph.edges:
        # Read left to right, as drawn: the goal before its outcome, the outcome before its
        # commitment; the edge names the outcome first except for commitments.
        if edge.kind is EdgeKind.target_sprint:
            left, right = edge.source, edge.target
        else:
            left, right = edge.target, edge.source
        groups[edge.kind].append(LinkLine(labels[left], labels[right]))
    return [
        LinkGroup(f"{title} ({len(groups[kind])})", groups[kind])
        for kind, title in EDGE_GROUPS.items()
        if groups[kind]
    ]


# --- Review ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """A resolution the service refused: shown beside its item, with the ticks as posted."""

    record_id: uuid.UUID
    message: str
    checked: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class OldLink:
    what: str  # "Goal" or "Sprint"
    title: str | None  # None: it no longer exists
    href: str | None


@dataclass(frozen=True)
class Suggestion:
    outcome: SuggestedOutcome
    checked: bool
    href: str
    reason: str  # why it is suggested: "linked to that goal and sprint"


@dataclass(frozen=True)
class ReviewItem:
    item: LegacyItem
    kind_word: str
    href: str
    old_links: list[OldLink]
    suggestions: list[Suggestion]
    resolve_url: str
    dismiss_url: str
    page: int
    error: str | None

    @property
    def dom_id(self) -> str:
        return f"review-{self.item.kind}-{self.item.id}"


def review_items(
    items: Sequence[LegacyItem], *, links: RecordLinks, failure: Failure | None, page: int
) -> list[ReviewItem]:
    """Each queued record with its old links, its suggestions (the best one ticked, or the
    ticks as posted when the service refused them) and its two forms' addresses."""
    reviewed = []
    for item in items:
        failed = failure if failure is not None and failure.record_id == item.id else None
        base = f"/clients/{links.client_id}/review/{item.kind}/{item.id}"
        reviewed.append(
            ReviewItem(
                item=item,
                kind_word=item.kind.value.capitalize(),
                href=links.url(item.kind, item.id),
                old_links=[
                    old
                    for old in (
                        _old_link("Goal", NodeKind.goal, item.legacy_goal, links),
                        _old_link("Sprint", NodeKind.sprint, item.legacy_sprint, links),
                    )
                    if old is not None
                ],
                suggestions=[
                    Suggestion(
                        outcome=outcome,
                        checked=str(outcome.id) in failed.checked if failed else number == 0,
                        href=links.url(NodeKind.target, outcome.id),
                        reason=_reason(outcome),
                    )
                    for number, outcome in enumerate(item.suggestions)
                ],
                resolve_url=f"{base}/resolve",
                dismiss_url=f"{base}/dismiss",
                page=page,
                error=failed.message if failed else None,
            )
        )
    return reviewed


def _old_link(
    what: str, kind: NodeKind, record: LegacyRecord | None, links: RecordLinks
) -> OldLink | None:
    if record is None:
        return None
    if record.gone:
        return OldLink(what, None, None)
    return OldLink(what, record.title, links.url(kind, uuid.UUID(record.value)))


def _reason(outcome: SuggestedOutcome) -> str:
    if outcome.matches_goal and outcome.matches_sprint:
        return "linked to that goal and that sprint"
    return "linked to that goal" if outcome.matches_goal else "in that sprint"
