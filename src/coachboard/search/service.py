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

from coachboard.accounts.models import User
from coachboard.clients.models import Client
from coachboard.clients.ownership import owned_client_ids
from coachboard.core.database import transaction
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
    """The matching records of the coach, one row each: kind, record_id, client_id, title,
    the text to show a snippet of, rank, and in_title (every word is in the title)."""

    hits: Subquery
    rank_order: ColumnElement[Any]  # best first


def best_first(ranked: Ranked, limit: int, snippet: ColumnElement[str]) -> Select[Any]:
    """One page of the hits, best first, with their client's name and how many hit in all."""
    hits = ranked.hits
    order = (hits.c.in_title.desc(), ranked.rank_order, hits.c.title, hits.c.record_id)
    return (
        select(
            hits.c.kind,
            hits.c.record_id,
            hits.c.client_id,
            Client.name.label("client_name"),
            hits.c.title,
            snippet.label("snippet"),
            func.count().over().label("total"),
            func.row_number().over(order_by=order).label("ordinal"),
        )
        .join(Client, Client.id == hits.c.client_id)
        .order_by(*order)
        .limit(limit)
    )


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
    hits = union_all(*parts).subquery("hits")
    # ts_headline reads the whole text: only for the rows of the page, past the LIMIT.
    page = best_first(Ranked(hits, hits.c.rank.desc()), limit, hits.c.body).subquery("page")
    body = func.replace(func.replace(page.c.snippet, MATCH_START, ""), MATCH_END, "")
    return select(
        page.c.kind,
        page.c.record_id,
        page.c.client_id,
        page.c.client_name,
        page.c.title,
        func.ts_headline(SIMPLE, body, query, HEADLINE).label("snippet"),
        page.c.total,
    ).order_by(page.c.ordinal)


# --- SQLite: the FTS5 table ---------------------------------------------------------------------


def fts5_query(words: list[str], columns: str) -> str:
    """An FTS5 query: every word as a string (letters and digits only, so nothing in it is
    syntax), the last as a prefix, all in the columns given."""
    *whole, last = words
    strings = [*(f'"{word}"' for word in whole), f'"{last}"*']
    return f"{columns} : ({' '.join(strings)})"


def sqlite_search(coach: User, words: list[str], limit: int) -> Select[Any]:
    fts = literal_column(FTS_TABLE)
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
    # The auxiliary functions (bm25, snippet) only work in the query that does the MATCH, and
    # not beside a window function: they are computed here, the count and order outside.
    hits = (
        select(
            search_index.c.kind,
            search_index.c.record_id,
            search_index.c.client_id,
            search_index.c.title,
            func.snippet(fts, 4, MATCH_START, MATCH_END, "…", SNIPPET_WORDS).label("body"),
            # Columns: kind, record_id, client_id, title, body; a title word weighs ten.
            func.bm25(fts, 0.0, 0.0, 0.0, 10.0, 1.0).label("rank"),
            rowid.in_(title_hits).label("in_title"),
        )
        .where(
            fts.op("MATCH")(bindparam("query", fts5_query(words, "{title body}"), String)),
            search_index.c.client_id.in_(owned_client_ids(coach)),
        )
        .subquery("hits")
    )
    return best_first(Ranked(hits, hits.c.rank), limit, hits.c.body)
