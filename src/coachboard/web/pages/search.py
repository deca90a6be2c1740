"""The search results page, which the header's search box leads to: each hit with its kind,
its title linking to the record's page, its client and its snippet."""

import re
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response

from coachboard.core.dependencies import DbSession
from coachboard.hierarchy.schemas import NodeKind
from coachboard.search import service
from coachboard.search.schemas import SearchHit, SearchKind
from coachboard.web.auth import PageCoach
from coachboard.web.routing import page_router
from coachboard.web.templating import render
from coachboard.web.workspace.views import RECORD_TABS, RecordLinks

router = page_router()

MAX_TEXT = 200
KIND_WORDS = {
    SearchKind.client: "Client",
    SearchKind.goal: "Goal",
    SearchKind.target: "Outcome",
    SearchKind.sprint: "Sprint",
    SearchKind.session: "Session",
    SearchKind.commitment: "Commitment",
}
MARKED = re.compile(f"{service.MATCH_START}(.*?){service.MATCH_END}", re.DOTALL)


@dataclass(frozen=True)
class Fragment:
    """A piece of a snippet; the template marks it when it is a matched word."""

    text: str
    marked: bool


@dataclass(frozen=True)
class ResultRow:
    kind: str
    title: str
    url: str
    client_name: str
    client_url: str
    snippet: list[Fragment]


def fragments(snippet: str) -> list[Fragment]:
    """The snippet as plain and marked pieces; a stray marker is dropped. The template escapes
    every piece: the text is the coach's, never markup."""
    pieces: list[Fragment] = []
    position = 0
    for match in MARKED.finditer(snippet):
        pieces.append(Fragment(snippet[position : match.start()], False))
        pieces.append(Fragment(match.group(1), True))
        position = match.end()
    pieces.append(Fragment(snippet[position:], False))
    strays = str.maketrans("", "", service.MATCH_START + service.MATCH_END)
    return [Fragment(piece.text.translate(strays), piece.marked) for piece in pieces if piece.text]


def record_url(hit: SearchHit) -> str:
    """The page of the record that exists today: a client's overview, a sprint's or session's
    own page, else the record's form in its workspace tab (which returns to that tab)."""
    client = f"/clients/{hit.client.id}"
    if hit.kind is SearchKind.client:
        return client
    if hit.kind in (SearchKind.sprint, SearchKind.session):
        return f"{client}/{hit.kind.value}s/{hit.id}"
    kind = NodeKind(hit.kind.value)
    return RecordLinks(hit.client.id, back=f"{client}/{RECORD_TABS[kind]}").url(kind, hit.id)


def row(hit: SearchHit) -> ResultRow:
    untitled = hit.kind is SearchKind.session and not hit.title
    return ResultRow(
        kind=KIND_WORDS[hit.kind],
        title="Session" if untitled else hit.title,
        url=record_url(hit),
        client_name=hit.client.name,
        client_url=f"/clients/{hit.client.id}",
        snippet=fragments(hit.snippet),
    )


@router.get("/search")
def search_page(request: Request, session: DbSession, coach: PageCoach, q: str = "") -> Response:
    """The coach's records matching q, best first, at most a page of them."""
    text = q[:MAX_TEXT]
    results = service.search(session, coach=coach, text=text, limit=service.MAX_LIMIT)
    context = {
        "q": text,
        "searched": bool(service.words_of(text)),
        "rows": [row(hit) for hit in results.items],
        "total": results.total,
        "search_q": text,
    }
    return render(request, "search/results.html", context)
