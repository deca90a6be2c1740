"""Hypothesis strategies for client documents (transfer/schemas.py), as a file carries them:
JSON values, every id a fresh uuid, every reference naming a record of the document.

What the fields are drawn from is a `Values`: the round trip's (ROUND_TRIP) are values every
database keeps exactly as written; the import property's (WIDE) reach for each limit the
document allows (the supported days' ends, the longest texts, the deepest and largest metadata,
history of every action) and for text that has broken pages and spreadsheets elsewhere."""

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import orjson
from hypothesis import strategies as st

from coachboard.core.json_input import MAX_DEPTH
from coachboard.core.schemas import FIRST_DAY, LAST_DAY
from coachboard.reflections.schemas import TEXT_LENGTH as REFLECTION_LENGTH
from coachboard.topics.schemas import TEXT_LENGTH as TOPIC_LENGTH
from coachboard.transfer.schemas import FIRST_MOMENT, LAST_MOMENT, MAX_METADATA_BYTES

START = datetime(2025, 1, 1, tzinfo=UTC)
# Any character a person can type: no NUL or other control characters, no lone surrogates;
# in a title, no line or paragraph separator either (a title is one line).
TEXT = st.characters(blacklist_categories=("Cs", "Cc"))
LINE = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
# Any character a document can carry in free text (notes, metadata): all but NUL, which
# PostgreSQL cannot store, and lone surrogates, which JSON cannot carry.
ANY = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
OPT_OUT_KINDS = (
    "session_invitation",
    "session_reminder",
    "commitment_reminder",
    "portal_invitation",
)
ACTIONS = ("created", "updated", "deleted", "linked", "unlinked")
RECORD_KINDS = ("client", "goal", "target", "sprint", "session", "commitment")
LINKED_KINDS = ("goal", "target", "sprint", "commitment")


@dataclass(frozen=True)
class Values:
    """What each field of a generated document is drawn from."""

    counts: st.SearchStrategy[int]  # how many goals, outcomes, sprints, sessions, commitments
    titles: st.SearchStrategy[str]  # titles and names
    texts: st.SearchStrategy[str]  # notes and descriptions
    topic_texts: st.SearchStrategy[str]
    reflection_texts: st.SearchStrategy[str]
    reflections_each: st.SearchStrategy[int]  # reflections on each commitment
    positions: Callable[[int], st.SearchStrategy[list[int]]]  # of that many topics
    days: st.SearchStrategy[date]
    moments: st.SearchStrategy[datetime]  # a completion, a client's change, a history entry
    epochs: st.SearchStrategy[datetime]  # where the records' creation times start
    times: st.SearchStrategy[str]  # a session's start, as the document writes it
    time_zones: st.SearchStrategy[str]  # a session's own zone, which an export always writes
    durations: st.SearchStrategy[int]
    emails: st.SearchStrategy[str | None]
    meeting_urls: st.SearchStrategy[str | None]
    metadata: st.SearchStrategy[dict[str, Any]]  # the free-form keys of a record's metadata
    # A character to fill metadata up to its largest size with (its bytes: 1 to 4), or None.
    fillers: st.SearchStrategy[str | None]
    json_values: st.SearchStrategy[Any]  # a history entry's old and new values
    with_history: bool


def json_of(leaves: st.SearchStrategy[Any], keys: st.SearchStrategy[str], size: int) -> Any:
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
        max_leaves=size,
    )


_round_trip_titles = st.text(LINE, min_size=1, max_size=30)
_round_trip_json = json_of(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(TEXT, max_size=60),
    _round_trip_titles,
    8,
)
ROUND_TRIP = Values(
    counts=st.integers(0, 4),
    titles=_round_trip_titles,
    texts=st.text(TEXT, max_size=60),
    topic_texts=_round_trip_titles,
    reflection_texts=_round_trip_titles,
    reflections_each=st.just(1),
    positions=lambda count: st.just(list(range(count))),
    days=st.dates(date(2000, 1, 1), date(2099, 12, 31)),
    moments=st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC)),
    epochs=st.just(START),
    times=st.times().map(time.isoformat),
    time_zones=st.sampled_from(["UTC", "Europe/Berlin", "Asia/Tokyo"]),
    durations=st.integers(0, 600),
    emails=st.none() | st.emails().filter(lambda e: len(e) <= 320),
    meeting_urls=st.none() | st.just("https://meet.example.com/z%C3%BC"),
    metadata=st.dictionaries(_round_trip_titles, _round_trip_json, max_size=3),
    fillers=st.none(),
    json_values=_round_trip_json,
    with_history=False,
)

# Text that has broken pages, templates, spreadsheets and SQL elsewhere.
AWKWARD = (
    "<script>alert(1)</script>",
    "</textarea><b>bold</b>",
    "=cmd|' /C calc'!A0",
    "+1",
    "-1",
    "@SUM(A1)",
    "\"double\" 'single' `back`",
    "{{ 7*7 }} {% raw %} ${x}",
    "&amp; &lt;b&gt;",
    "%s %(name)s {0}",
    "Robert'); DROP TABLE clients;--",
    "\\ \\\\ \\n",
    "\u202eright to left\u202c",
    "zero\u200bwidth\ufeff",
    "e\u0301\u0301\u0301",
    "👩‍👩‍👧‍👦 🇳🇿",
    " leading and trailing ",
    "\u00a0",
    "12345678-1234-5678-1234-567812345678",
)
_longest_titles = st.sampled_from(["W" * 200, "😀" * 200, "👩‍👩‍👧‍👦" * 28])
_wide_titles = st.one_of(
    st.sampled_from(AWKWARD), st.text(LINE, min_size=1, max_size=200), _longest_titles
)
# Free text may hold line breaks, tabs and any control character but NUL.
_wide_texts = st.one_of(
    st.text(ANY, max_size=80),
    st.sampled_from(AWKWARD),
    st.sampled_from(
        ["line\nbreak\r\nand\ttab", "\x1b[31mred\x1b[0m \x7f \x85", "<b>ünïcode 😀</b>\n" * 2000]
    ),
)
_keys = st.text(ANY, max_size=20)
_numbers = st.one_of(
    st.integers(-(2**63), 2**64 - 1),
    # 2**64 and past: read as a double by the API (orjson).
    st.sampled_from([-(2**63), 2**63 - 1, 2**64 - 1, 2**64, 10**30, -(10**30)]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, 0.1]),
)
_wide_leaves = (
    st.none() | st.booleans() | _numbers | st.text(ANY, max_size=30) | st.sampled_from(AWKWARD)
)
_wide_json = json_of(_wide_leaves, _keys, 12)
_offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))


@st.composite
def deepest(draw: st.DrawFn) -> dict[str, Any]:
    """Metadata nested as deep as the API reads a document: the record holding it is three
    levels down (the document, its list, the record)."""
    value: Any = draw(_wide_leaves)
    for level in range(draw(st.integers(1, MAX_DEPTH - 3)) - 1):
        value = [value] if level % 2 else {"d": value}
    return {"deep": value}


def filled(meta: dict[str, Any], filler: str) -> dict[str, Any]:
    """The metadata with a "notes" key making it exactly the largest size allowed, as the
    API measures it (after reading the JSON: an integer past 64 bits comes as a double)."""
    as_read = orjson.loads(json.dumps({**meta, "notes": ""}))
    room = MAX_METADATA_BYTES - len(orjson.dumps(as_read))
    width = len(filler.encode())
    return {**meta, "notes": filler * (room // width) + "x" * (room % width)}


WIDE = Values(
    counts=st.integers(0, 2),
    titles=_wide_titles,
    texts=_wide_texts,
    topic_texts=st.one_of(
        st.sampled_from(AWKWARD), st.text(ANY, min_size=1, max_size=80), st.just("T" * TOPIC_LENGTH)
    ),
    reflection_texts=st.one_of(
        st.sampled_from(AWKWARD),
        st.text(ANY, min_size=1, max_size=80),
        st.just("R" * REFLECTION_LENGTH),
    ),
    reflections_each=st.integers(0, 2),
    positions=lambda count: st.lists(
        st.integers(-(2**31), 2**31 - 1), min_size=count, max_size=count
    ),
    days=st.one_of(
        st.sampled_from([FIRST_DAY, FIRST_DAY + timedelta(1), LAST_DAY - timedelta(1), LAST_DAY]),
        st.dates(FIRST_DAY, LAST_DAY),
    ),
    moments=st.one_of(
        st.sampled_from([FIRST_MOMENT, LAST_MOMENT]),
        st.datetimes(
            FIRST_MOMENT.replace(tzinfo=None) + timedelta(1),
            LAST_MOMENT.replace(tzinfo=None) - timedelta(1),
            timezones=st.none() | _offsets,
        ),
    ),
    # The last one leaves room for the creation times that follow it (moments()).
    epochs=st.sampled_from([START, FIRST_MOMENT, LAST_MOMENT - timedelta(days=13)]),
    times=st.one_of(
        st.sampled_from(["00:00", "23:59", "23:59:59.999999"]),
        st.builds(
            time.isoformat, st.times(), st.sampled_from(["minutes", "seconds", "microseconds"])
        ),
    ),
    # The zones furthest from UTC either way, one a quarter hour off, one with daylight saving.
    time_zones=st.sampled_from(
        ["UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kathmandu", "America/St_Johns"]
    ),
    durations=st.one_of(st.sampled_from([0, 1, 1440, 10_000]), st.integers(0, 10_000)),
    emails=st.one_of(
        st.none(),
        st.emails().filter(lambda e: len(e) <= 320),
        st.sampled_from(["o'brien+coach@example.com", "zoë@exämple.com", "Sam <sam@example.com>"]),
    ),
    meeting_urls=st.one_of(
        st.none(),
        st.sampled_from(
            [
                "https://meet.example.com/z%C3%BC",
                "HTTP://EXAMPLE.COM:65535/a?b=<script>&c='\"#x",
                'https://x.example/"onmouseover="alert(1)',
                "https://1.2.3.4",
                "https://a.example/" + "x" * 482,  # 500 characters, the longest
            ]
        ),
    ),
    metadata=st.dictionaries(_keys, _wide_json, max_size=4) | deepest(),
    fillers=st.sampled_from([None, "x", "é", "€", "😀", "<"]),
    json_values=_wide_json,
    with_history=True,
)


@st.composite
def moments(draw: st.DrawFn, count: int, epoch: datetime = START) -> list[tuple[str, str]]:
    """(created_at, updated_at) for count records, created in the order listed."""
    offsets = sorted(draw(st.sets(st.integers(0, 10**12), min_size=count, max_size=count)))
    return [
        (
            (epoch + timedelta(microseconds=offset)).isoformat(),
            (epoch + timedelta(microseconds=offset + draw(st.integers(0, 10**9)))).isoformat(),
        )
        for offset in offsets
    ]


def ids(count: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(count)]


def one_of_or_gone(named: list[str]) -> st.SearchStrategy[str]:
    """An id of the document, or of a record deleted before the export."""
    fresh = st.builds(uuid.uuid4).map(str)
    return st.sampled_from(named) | fresh if named else fresh


@st.composite
def metadata(draw: st.DrawFn, values: Values, legacy: dict[str, list[str]]) -> dict[str, Any]:
    """Free-form metadata, and each legacy key (legacy_goal_id: the goal ids) naming a record
    of the document, one deleted before the export, anything else a legacy system wrote, or
    left out."""
    meta = dict(draw(values.metadata))
    for key, named in legacy.items():
        choice = draw(st.sampled_from(["none", "gone", "other", *(["here"] if named else [])]))
        if choice == "here":
            meta[key] = draw(st.sampled_from(named))
        elif choice == "gone":
            meta[key] = str(uuid.uuid4())
        elif choice == "other":
            meta[key] = draw(values.json_values)
    filler = draw(values.fillers)
    return meta if filler is None else filled(meta, filler)


@st.composite
def links(
    draw: st.DrawFn,
    owners: list[str],
    linked: list[str],
    keys: tuple[str, str],
    epoch: datetime = START,
) -> list[dict[str, Any]]:
    if not owners or not linked:
        return []
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(owners), st.sampled_from(linked)), unique=True, max_size=8
        )
    )
    times = draw(moments(len(pairs), epoch))
    return [
        {keys[0]: owner, keys[1]: other, "created_at": created}
        for (owner, other), (created, _updated) in zip(pairs, times, strict=True)
    ]


@st.composite
def changes(draw: st.DrawFn, values: Values, action: str, named: list[str]) -> dict[str, list[Any]]:
    """What an entry of that action records: field → [old, new] when created or updated (an
    id of the document among the values, as a moved commitment's session_id), else nothing."""
    if action not in ("created", "updated"):
        return {}
    fields = st.sampled_from(["title", "status", "due_date", "meta", "session_id"]) | _keys
    value = values.json_values | (st.sampled_from(named) if named else st.nothing())
    pair = st.lists(value, min_size=2, max_size=2)
    return draw(st.dictionaries(fields, pair, min_size=1 if action == "updated" else 0, max_size=3))


@st.composite
def history(
    draw: st.DrawFn, values: Values, ids_by_kind: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """Changes of every action to records of the document and to deleted ones."""
    entries = []
    named = [i for kind_ids in ids_by_kind.values() for i in kind_ids]
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(ACTIONS))
        kind = draw(st.sampled_from(RECORD_KINDS))
        other = draw(st.sampled_from(LINKED_KINDS)) if action in ("linked", "unlinked") else None
        entries.append(
            {
                "at": draw(values.moments).isoformat(),
                "actor_name": draw(st.just("") | values.titles),
                "actor_kind": draw(st.sampled_from(["coach", "client", "operator"])),
                "action": action,
                "record_kind": kind,
                "record_id": draw(one_of_or_gone(ids_by_kind[kind])),
                "record_title": draw(st.just("") | values.titles),
                "changes": draw(changes(values, action, named)),
                "other_kind": other,
                "other_id": None if other is None else draw(one_of_or_gone(ids_by_kind[other])),
                "other_title": None if other is None else draw(st.none() | values.titles),
            }
        )
    return entries


@st.composite
def documents(draw: st.DrawFn, values: Values = ROUND_TRIP) -> dict[str, Any]:
    counts = {
        kind: draw(values.counts)
        for kind in ("goals", "targets", "sprints", "sessions", "commitments")
    }
    goal_ids, target_ids, sprint_ids = (
        ids(counts["goals"]),
        ids(counts["targets"]),
        ids(counts["sprints"]),
    )
    session_ids, commitment_ids = ids(counts["sessions"]), ids(counts["commitments"])
    client_id = str(uuid.uuid4())
    maybe_session = st.none() | (st.sampled_from(session_ids) if session_ids else st.none())
    maybe_moment = st.none() | values.moments.map(datetime.isoformat)
    epoch = draw(values.epochs)

    def stamped(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {**record, "created_at": created, "updated_at": updated}
            for record, (created, updated) in zip(
                records, draw(moments(len(records), epoch)), strict=True
            )
        ]

    def sprint_days() -> list[date]:
        return sorted(draw(st.lists(values.days, min_size=2, max_size=2, unique=True)))

    sprint_spans = [sprint_days() for _ in sprint_ids]
    topic_count = draw(st.integers(0, 3))
    reflected = [
        commitment for commitment in commitment_ids for _ in range(draw(values.reflections_each))
    ]
    return {
        "format": "coachboard.client",
        "version": 1,
        "exported_at": START.isoformat(),
        "client": {
            "id": client_id,
            "name": draw(values.titles),
            "email": draw(values.emails),
            "notes": draw(values.texts),
            "status": draw(st.sampled_from(["active", "archived"])),
            "created_at": epoch.isoformat(),
            "updated_at": epoch.isoformat(),
        },
        "goals": stamped(
            [
                {
                    "id": i,
                    "title": draw(values.titles),
                    "description": draw(values.texts),
                    "status": draw(st.sampled_from(["active", "achieved", "paused", "dropped"])),
                    "target_date": draw(st.none() | values.days.map(date.isoformat)),
                }
                for i in goal_ids
            ]
        ),
        "targets": stamped(
            [
                {
                    "id": i,
                    "title": draw(values.titles),
                    "description": draw(values.texts),
                    "status": draw(
                        st.sampled_from(["not_started", "in_progress", "achieved", "dropped"])
                    ),
                    "due_date": draw(st.none() | values.days.map(date.isoformat)),
                    "metadata": draw(metadata(values, {})),
                }
                for i in target_ids
            ]
        ),
        "sprints": stamped(
            [
                {
                    "id": i,
                    "title": draw(values.titles),
                    "description": draw(values.texts),
                    "status": draw(st.sampled_from(["planned", "active", "completed"])),
                    "start_date": start.isoformat(),
                    "end_date": end.isoformat(),
                    "metadata": draw(
                        metadata(values, {"legacy_goal_id": goal_ids, "legacy_sprint_id": []})
                    ),
                }
                for i, (start, end) in zip(sprint_ids, sprint_spans, strict=True)
            ]
        ),
        "sessions": stamped(
            [
                {
                    "id": i,
                    "session_date": draw(values.days).isoformat(),
                    "title": draw(st.just("") | values.titles),
                    "notes": draw(values.texts),
                    "shared_notes": draw(values.texts),
                    "start_time": draw(st.none() | values.times),
                    "time_zone": draw(values.time_zones),
                    "duration_minutes": draw(values.durations),
                    "meeting_url": draw(values.meeting_urls),
                }
                for i in session_ids
            ]
        ),
        "commitments": stamped(
            [
                {
                    "id": i,
                    "session_id": draw(maybe_session),
                    "title": draw(values.titles),
                    "description": draw(values.texts),
                    "status": draw(st.sampled_from(["open", "done", "dropped"])),
                    "due_date": draw(st.none() | values.days.map(date.isoformat)),
                    "completed_at": draw(maybe_moment),
                    "status_changed_by_client_at": draw(maybe_moment),
                    "metadata": draw(
                        metadata(
                            values, {"legacy_goal_id": goal_ids, "legacy_sprint_id": sprint_ids}
                        )
                    ),
                }
                for i in commitment_ids
            ]
        ),
        "links": {
            "target_goals": draw(links(target_ids, goal_ids, ("target_id", "goal_id"), epoch)),
            "target_sprints": draw(
                links(target_ids, sprint_ids, ("target_id", "sprint_id"), epoch)
            ),
            "commitment_targets": draw(
                links(commitment_ids, target_ids, ("commitment_id", "target_id"), epoch)
            ),
        },
        "agenda_topics": stamped(
            [
                {
                    "id": str(uuid.uuid4()),
                    "text": draw(values.topic_texts),
                    "priority": draw(st.sampled_from(["low", "medium", "high"])),
                    "position": position,
                    "status": draw(
                        st.sampled_from(["open", "discussed", "deferred", "dropped", "withdrawn"])
                    ),
                    "session_id": draw(maybe_session),
                    "deferred_from_session_id": draw(maybe_session),
                }
                for position in draw(values.positions(topic_count))
            ]
        ),
        "reflections": [
            {
                "id": str(uuid.uuid4()),
                "commitment_id": commitment,
                "text": draw(values.reflection_texts),
                "created_at": created,
            }
            for commitment, (created, _) in zip(
                reflected, draw(moments(len(reflected), epoch)), strict=True
            )
        ],
        "email_opt_outs": [
            {"kind": kind, "created_at": epoch.isoformat()}
            for kind in sorted(draw(st.sets(st.sampled_from(OPT_OUT_KINDS))))
        ],
        "history": draw(
            history(
                values,
                {
                    "client": [client_id],
                    "goal": goal_ids,
                    "target": target_ids,
                    "sprint": sprint_ids,
                    "session": session_ids,
                    "commitment": commitment_ids,
                },
            )
        )
        if values.with_history
        else [],
    }
