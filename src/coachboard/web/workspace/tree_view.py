"""What the Tree tab shows, prepared from a page of the tree so that its template only
displays: the filter form's choices, each goal's outcomes (in full, or as a reference to where
they are in full), and for every group cut short how many more there are and where they are."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coachboard.commitments.schemas import CommitmentStatus
from coachboard.hierarchy.records import GoalRow, SprintRow
from coachboard.hierarchy.schemas import (
    ClientTree,
    NodeKind,
    TreeCommitment,
    TreeGoal,
    TreeSprint,
    TreeTarget,
)
from coachboard.web.paging import Pager, page_url, pager
from coachboard.web.workspace.views import (
    Choice,
    RecordLinks,
    choices,
    day,
    plural,
    status_words,
)

GOALS_PER_PAGE = 10


@dataclass(frozen=True)
class More:
    """What a group leaves out ("and 35 more commitments") and where all of it is listed."""

    words: str
    href: str


@dataclass(frozen=True)
class FirstPlace:
    """Where an outcome shown again under another goal is shown in full."""

    goal_title: str
    href: str


@dataclass(frozen=True)
class TargetItem:
    target: TreeTarget
    anchor: str  # the id of its full place on the page
    first_place: FirstPlace | None  # set for a reference
    more_sprints: More | None
    more_commitments: More | None


@dataclass(frozen=True)
class GoalItem:
    goal: TreeGoal
    target_items: list[TargetItem]
    more: More | None


@dataclass(frozen=True)
class UnlinkedItems:
    targets: list[TargetItem]
    commitments: list[TreeCommitment]
    sprints: list[TreeSprint]
    more_targets: More | None
    more_commitments: More | None
    more_sprints: More | None
    count: int  # in all, listed or not


@dataclass(frozen=True)
class TreeView:
    tree: ClientTree
    links: RecordLinks
    goals: list[GoalItem]
    unlinked: UnlinkedItems
    pager: Pager
    goal_choices: list[Choice]
    sprint_choices: list[Choice]
    status_choices: list[Choice]
    active_filters: list[tuple[str, str]]  # (what, which), e.g. ("Sprint", "Delegation")
    shown: str  # "3 goals, 5 outcomes and 8 commitments"

    @property
    def filtered(self) -> bool:
        return bool(self.active_filters)

    @property
    def empty(self) -> bool:
        return not self.tree.goal_page.total and not self.unlinked.count


@dataclass(frozen=True)
class TreePage:
    """Where the tree is and which page of goals it shows: the base of every link it makes."""

    path: str
    number: int
    links: RecordLinks

    def url(self, tree: ClientTree, number: int) -> str:
        filters = tree.filters.model_dump(mode="json")
        return page_url(self.path, filters, number)


def tree_view(
    tree: ClientTree, goals: Sequence[GoalRow], sprints: Sequence[SprintRow], page: TreePage
) -> TreeView:
    """The page of the tree with its filter form's choices (every goal and sprint of the
    client) and its links to the other pages of goals."""
    filters = tree.filters
    goal_titles = {row.id: row.title for row in goals}
    active = []
    if filters.goal_id is not None:
        active.append(("Goal", goal_titles[filters.goal_id]))
    if filters.sprint_id is not None:
        active.append(("Sprint", next(row.title for row in sprints if row.id == filters.sprint_id)))
    if filters.commitment_status is not None:
        active.append(("Commitments", status_words(filters.commitment_status)))
    goal_items = [_goal_item(goal, tree, goal_titles, page) for goal in tree.goals]
    unlinked = _unlinked(tree, page)
    return TreeView(
        tree=tree,
        links=page.links,
        goals=goal_items,
        unlinked=unlinked,
        pager=pager(
            page.number,
            tree.goal_page.total,
            len(tree.goals),
            lambda number: page.url(tree, number),
            GOALS_PER_PAGE,
        ),
        goal_choices=choices(goal_titles.items(), filters.goal_id),
        sprint_choices=[
            Choice(str(row.id), f"{row.title} ({day(row.start_date)})", row.id == filters.sprint_id)
            for row in sprints
        ],
        status_choices=choices(
            ((status.value, status_words(status)) for status in CommitmentStatus),
            filters.commitment_status,
        ),
        active_filters=active,
        shown=_shown(tree, goal_items, unlinked),
    )


def _goal_item(
    goal: TreeGoal, tree: ClientTree, goal_titles: dict[uuid.UUID, str], page: TreePage
) -> GoalItem:
    links = page.links
    return GoalItem(
        goal=goal,
        target_items=[_target(target, tree, goal_titles, page) for target in goal.targets],
        more=_more(
            goal.target_count - len(goal.targets),
            NodeKind.target,
            "of this goal",
            page_url(links.tab("targets"), {"goal_id": goal.id}),
        ),
    )


def _target(
    target: TreeTarget, tree: ClientTree, goal_titles: dict[uuid.UUID, str], page: TreePage
) -> TargetItem:
    anchor = f"outcome-{target.id}"
    if target.ref and target.first_goal_id is not None and target.first_goal_index is not None:
        number = target.first_goal_index // GOALS_PER_PAGE + 1
        where = "" if number == page.number else page.url(tree, number)
        first = FirstPlace(goal_titles[target.first_goal_id], f"{where}#{anchor}")
        return TargetItem(target, anchor, first, None, None)
    links = page.links
    commitments_of = {"target_id": target.id, "status": tree.filters.commitment_status}
    return TargetItem(
        target=target,
        anchor=anchor,
        first_place=None,
        more_sprints=_more(
            target.sprint_count - len(target.sprints),
            NodeKind.sprint,
            "in its form",
            links.url(NodeKind.target, target.id),
        ),
        more_commitments=_more(
            target.commitment_count - len(target.commitments),
            NodeKind.commitment,
            "in the Commitments tab",
            page_url(links.tab("commitments"), commitments_of),
        ),
    )


def _unlinked(tree: ClientTree, page: TreePage) -> UnlinkedItems:
    unlinked, links = tree.unlinked, page.links
    return UnlinkedItems(
        targets=[_target(target, tree, {}, page) for target in unlinked.targets],
        commitments=unlinked.commitments,
        sprints=unlinked.sprints,
        more_targets=_more(
            unlinked.target_count - len(unlinked.targets),
            NodeKind.target,
            "in the Outcomes tab",
            links.tab("targets"),
        ),
        more_commitments=_more(
            unlinked.commitment_count - len(unlinked.commitments),
            NodeKind.commitment,
            "in the Commitments tab",
            links.tab("commitments"),
        ),
        more_sprints=_more(
            unlinked.sprint_count - len(unlinked.sprints),
            NodeKind.sprint,
            "in the Sprints tab",
            links.tab("sprints"),
        ),
        count=unlinked.target_count + unlinked.commitment_count + unlinked.sprint_count,
    )


def _more(count: int, kind: NodeKind, where: str, href: str) -> More | None:
    if count <= 0:
        return None
    return More(f"and {plural(count, kind).replace(' ', ' more ', 1)} {where}", href)


def _shown(tree: ClientTree, goals: Iterable[GoalItem], unlinked: UnlinkedItems) -> str:
    """'3 goals, 5 outcomes and 8 commitments': what this page lists, each once."""
    target_items = [item for goal in goals for item in goal.target_items] + unlinked.targets
    targets = {item.target.id for item in target_items}
    commitments = {c.id for item in target_items for c in item.target.commitments} | {
        c.id for c in unlinked.commitments
    }
    counts = [
        plural(len(tree.goals), NodeKind.goal),
        plural(len(targets), NodeKind.target),
        plural(len(commitments), NodeKind.commitment),
    ]
    return f"{counts[0]}, {counts[1]} and {counts[2]}"
