"""What the Tree, Graph and Review tabs show, prepared from the read models, so that their
templates only display: here what they share (links to each record, words for kinds, dates and
statuses, a select's choices) and the Review queue's forms; the tree's view and the graph's
drawing in tree_view.py and graph_view.py."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from coachboard.hierarchy.legacy_schemas import LegacyItem, LegacyRecord, SuggestedTarget
from coachboard.hierarchy.schemas import NodeKind

# The workspace tab of each kind of record; a record's own page is its read page there
# (workspace.record_pages: /clients/{client_id}/<tab>/{record_id}), with Edit behind a button.
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


@dataclass(frozen=True)
class RecordLinks:
    """URLs of a client's records' read pages, each offering the coach a way back to `back`."""

    client_id: uuid.UUID
    back: str

    def url(self, kind: str, record_id: uuid.UUID) -> str:
        tab = RECORD_TABS[NodeKind(kind)]
        return f"/clients/{self.client_id}/{tab}/{record_id}?{urlencode({'next': self.back})}"

    def tab(self, slug: str) -> str:
        return f"/clients/{self.client_id}/{slug}"


def plural(count: int, kind: NodeKind | str) -> str:
    one, many = KIND_WORDS[NodeKind(kind)]
    return f"{count} {one if count == 1 else many}"


def day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def status_words(status: str) -> str:
    return status.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool


def choices(options: Iterable[tuple[object, str]], selected: object) -> list[Choice]:
    return [Choice(str(value), label, value == selected) for value, label in options]


# --- Review ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """A resolution the service refused: shown beside its item, with the ticks as posted."""

    record_id: uuid.UUID
    message: str
    checked: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class OldLink:
    what: str  # "goal" or "sprint"
    title: str | None  # None: it no longer exists
    href: str | None


@dataclass(frozen=True)
class Suggestion:
    target: SuggestedTarget
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

    @property
    def what_linking_does(self) -> str:
        """What linking the record to an outcome gives the coach, in plain words."""
        return what_linking_does(self.item.kind.value, [old.what for old in self.old_links])


def what_linking_does(kind: str, old: Sequence[str]) -> str:
    """Why link a commitment or sprint that was linked straight to a goal or sprint."""
    if kind == "sprint":
        return (
            "Link it to outcomes of that goal: a sprint reaches a goal through the outcomes "
            "worked on in it."
        )
    if old == ["goal", "sprint"]:
        return "Link it to an outcome of that goal and sprint so it counts toward their progress."
    if old == ["sprint"]:
        return "Link it to an outcome in that sprint so it counts toward the sprint's progress."
    return "Link it to an outcome of that goal so it counts toward the goal's progress."


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
                        _old_link("goal", NodeKind.goal, item.legacy_goal, links),
                        _old_link("sprint", NodeKind.sprint, item.legacy_sprint, links),
                    )
                    if old is not None
                ],
                suggestions=[
                    Suggestion(
                        target=suggested,
                        checked=str(suggested.id) in failed.checked if failed else number == 0,
                        href=links.url(NodeKind.target, suggested.id),
                        reason=_reason(suggested),
                    )
                    for number, suggested in enumerate(item.suggestions)
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


def _reason(suggested: SuggestedTarget) -> str:
    if suggested.matches_goal and suggested.matches_sprint:
        return "linked to that goal and that sprint"
    return "linked to that goal" if suggested.matches_goal else "in that sprint"
