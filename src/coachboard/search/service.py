"""Full-text search over a coach's clients, goals, outcomes, sprints, sessions and commitments,
through each database's own index (search/index.py), in one SQL statement.

A search is the words of the text, in any order and any case; each must be found in the
record's title or its notes/description, the last one as the start of a word ("deck sen" finds
"Send the deck"). Records with every word in the title come first, then by each database's own
relevance (title words weigh more than notes), then by title. A word is a run of letters and
digits: anything else separates words and is never passed on as query syntax.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Select,
    String,
    Subquery,
    bindparam,
    func,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.orm import Session

from coachboard.clients.ownership import owned_client_ids
from coachboard.core.database import transaction
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.search.index import FTS_TABLE, SEARCHED, search_index
from coachboard.search.schemas import SearchClient, SearchHit, SearchResults

MAX_LIMIT = 50
# A snippet marks each matched word with these: control characters no coach types (the index
# leaves them out of the text it cuts snippets from), so a page can mark the words safely.
MATCH_START = "\x02"
MATCH_END = "\x03"
SNIPPET_WORDS = 16

WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> list[str]:
    """The words searched for: runs of letters and digits (composed, so that an accent typed as
    a combining mark stays with its letter)."""
    return WORD.findall(unicodedata.normalize("NFC", text))


def search(session: Session, *, coach: User, text: str, limit: int) -> SearchResults:
    """The coach's records matching the text, best first, at most `limit`, and how many match.

    Text with no word in it (only punctuation or spaces) matches nothing, without a query.
    """
    words = words_of(text)
    if not words:
        return SearchResults(items=[], total=0)
    with transaction(session):
        if session.get_bind().dialect.name == "postgresql":
            statement = postgresql_search(coach, words, limit)
        else:
            statement = sqlite_search(coach, words, limit)
        rows = session.execute(statement).all()
    items = [
        SearchHit(
            kind=row.kind,
            id=row.record_id,
            title=row.title,
            client=SearchClient(id=row.client_id, name=row.client_name),
            snippet=row.snippet or "",
        )
        for row in rows
    ]
    return SearchResults(items=items, total=rows[0].total if rows else 0)


@dataclass(frozen=True)
class Ranked:
    """The matching records of the coach, one row each (a CTE): kind, record_id, client_id,
    title, rank, in_title (every word is in the title), and what the snippet is made from."""

    hits: CTE
    best_rank_first: bool  # ts_rank grows with relevance, bm25 falls

    def order(self, columns: Any) -> tuple[ColumnElement[Any], ...]:
        rank = columns.rank.desc() if self.best_rank_first else columns.rank.asc()
        return (columns.in_title.desc(), rank, columns.title, columns.record_id)


def best_first(ranked: Ranked, limit: int, carried: ColumnElement[Any]) -> Subquery:
    """One page of the hits, best first, with their client's name, how many hit in all, and
    `carried`: what the snippet is made from outside, for the page's rows only (a snippet
    reads the whole text). The count is a subquery rather than a window, so that the order
    and limit keep only the page's rows while sorting."""
    hits = ranked.hits
    total = select(func.count()).select_from(hits).scalar_subquery()
    return (
        select(
            hits.c.kind,
            hits.c.record_id,
            hits.c.client_id,
            Client.name.label("client_name"),
            hits.c.title,
            hits.c.rank,
            hits.c.in_title,
            carried.label("carried"),
            total.label("total"),
        )
        .join(Client, Client.id == hits.c.client_id)
        .order_by(*ranked.order(hits.c))
        .limit(limit)
        .subquery("page")
    )


def with_snippets(ranked: Ranked, page: Subquery, snippet: ColumnElement[str]) -> Select[Any]:
    return select(
        page.c.kind,
        page.c.record_id,
        page.c.client_id,
        page.c.client_name,
        page.c.title,
        snippet.label("snippet"),
        page.c.total,
    ).order_by(*ranked.order(page.c))


# --- PostgreSQL: the tsvector columns -----------------------------------------------------------

SIMPLE = literal("simple", REGCONFIG)
HEADLINE = (
    f"StartSel={MATCH_START}, StopSel={MATCH_END}, MaxWords={SNIPPET_WORDS}, MinWords=6, "
    "MaxFragments=1, ShortWord=0"
)


def tsquery_text(words: list[str], weights: str = "") -> str:
    """to_tsquery's text: every word (letters and digits only, so never an operator), the last
    as a prefix; `weights` "A" restricts them to the title."""
    *whole, last = words
    suffix = f":{weights}" if weights else ""
    return " & ".join([*(word + suffix for word in whole), f"{last}:*{weights}"])


def postgresql_search(coach: User, words: list[str], limit: int) -> Select[Any]:
    query = func.to_tsquery(SIMPLE, bindparam("query", tsquery_text(words), String))
    title_query = func.to_tsquery(
        SIMPLE, bindparam("title_query", tsquery_text(words, "A"), String)
    )
    parts = []
    for searched in SEARCHED:
        table, vector = searched.table, searched.vector
        client_id = searched.client_id
        parts.append(
            select(
                literal(searched.kind, String).label("kind"),
                table.c.id.label("record_id"),
                client_id.label("client_id"),
                table.c[searched.title].label("title"),
                table.c[searched.body].label("body"),
                func.ts_rank(vector, query).label("rank"),
                vector.op("@@")(title_query).label("in_title"),
            ).where(vector.op("@@")(query), client_id.in_(owned_client_ids(coach)))
        )
    ranked = Ranked(union_all(*parts).cte("hits"), best_rank_first=True)
    page = best_first(ranked, limit, ranked.hits.c.body)
    body = func.replace(func.replace(page.c.carried, MATCH_START, ""), MATCH_END, "")
    return with_snippets(ranked, page, func.ts_headline(SIMPLE, body, query, HEADLINE))


# --- SQLite: the FTS5 table ---------------------------------------------------------------------


def fts5_query(words: list[str], columns: str) -> str:
    """An FTS5 query: every word as a string (letters and digits only, so nothing in it is
    syntax), the last as a prefix, all in the columns given."""
    *whole, last = words
    strings = [*(f'"{word}"' for word in whole), f'"{last}"*']
    return f"{columns} : ({' '.join(strings)})"


def sqlite_search(coach: User, words: list[str], limit: int) -> Select[Any]:
    fts = literal_column(FTS_TABLE)
    query = bindparam("query", fts5_query(words, "{title body}"), String)
    in_titles = search_index.alias("in_titles")
    title_hits = (
        select(literal_column("in_titles.rowid"))
        .select_from(in_titles)
        .where(
            literal_column(f"in_titles.{FTS_TABLE}").op("MATCH")(
                bindparam("title_query", fts5_query(words, "title"), String)
            )
        )
    )
    rowid = literal_column(f"{FTS_TABLE}.rowid")
    # An auxiliary function (bm25, snippet) works only in the query that does the MATCH: bm25
    # in the hits, the count and order outside them, and snippet last, by a second MATCH
    # joined on rowid, for the page's rows alone.
    hits = (
        select(
            rowid.label("fts_rowid"),
            search_index.c.kind,
            search_index.c.record_id,
            search_index.c.client_id,
            search_index.c.title,
            # Columns: kind, record_id, client_id, title, body; a title word weighs ten.
            func.bm25(fts, 0.0, 0.0, 0.0, 10.0, 1.0).label("rank"),
            rowid.in_(title_hits).label("in_title"),
        )
        .where(fts.op("MATCH")(query), search_index.c.client_id.in_(owned_client_ids(coach)))
        .cte("hits")
    )
    ranked = Ranked(hits, best_rank_first=False)
    page = best_first(ranked, limit, hits.c.fts_rowid)
    snippet = func.snippet(fts, 4, MATCH_START, MATCH_END, "…", SNIPPET_WORDS)
    return (
        with_snippets(ranked, page, snippet)
        .join(search_index, rowid == page.c.carried)
        .where(fts.op("MATCH")(query))
    )
