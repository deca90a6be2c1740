"""The round trip, as a property: a client document imported, exported, imported again and
exported again gives the same document each time, apart from ids and the moment of export;
with many-to-many links, legacy metadata and text in any script."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from coachboard.transfer import export
from coachboard.transfer.import_ import import_client
from coachboard.transfer.schemas import ClientDocument

START = datetime(2025, 1, 1, tzinfo=UTC)
# Any character a person can type: no NUL or other control characters, no lone surrogates.
TEXT = st.characters(blacklist_categories=("Cs", "Cc"))
titles = st.text(TEXT, min_size=1, max_size=30)
texts = st.text(TEXT, max_size=60)
days = st.dates(date(2000, 1, 1), date(2099, 12, 31))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(titles, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def moments(draw: Any, count: int) -> list[tuple[str, str]]:
    """(created_at, updated_at) for count records, created in the order listed."""
    offsets = sorted(draw(st.sets(st.integers(0, 10**12), min_size=count, max_size=count)))
    return [
        (
            (START + timedelta(microseconds=offset)).isoformat(),
            (START + timedelta(microseconds=offset + draw(st.integers(0, 10**9)))).isoformat(),
        )
        for offset in offsets
    ]


def ids(count: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(count)]


@st.composite
def metadata(draw: Any, goal_ids: list[str], sprint_ids: list[str]) -> dict[str, Any]:
    meta = draw(st.dictionaries(titles, json_values, max_size=3))
    # A legacy key naming a record of the document, or one deleted before the export.
    for key, named in (("legacy_goal_id", goal_ids), ("legacy_sprint_id", sprint_ids)):
        choice = draw(st.sampled_from(["none", "gone", *(["here"] if named else [])]))
        if choice == "here":
            meta[key] = draw(st.sampled_from(named))
        elif choice == "gone":
            meta[key] = str(uuid.uuid4())
    return meta


@st.composite
def links(
    draw: Any, owners: list[str], linked: list[str], keys: tuple[str, str]
) -> list[dict[str, Any]]:
    if not owners or not linked:
        return []
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(owners), st.sampled_from(linked)), unique=True, max_size=8
        )
    )
    times = draw(moments(len(pairs)))
    return [
        {keys[0]: owner, keys[1]: other, "created_at": created}
        for (owner, other), (created, _updated) in zip(pairs, times, strict=True)
    ]


@st.composite
def documents(draw: Any) -> dict[str, Any]:
    counts = {
        kind: draw(st.integers(0, 4))
        for kind in ("goals", "targets", "sprints", "sessions", "commitments")
    }
    goal_ids, target_ids, sprint_ids = (
        ids(counts["goals"]),
        ids(counts["targets"]),
        ids(counts["sprints"]),
    )
    session_ids, commitment_ids = ids(counts["sessions"]), ids(counts["commitments"])
    maybe_session = st.none() | (st.sampled_from(session_ids) if session_ids else st.none())
    maybe_moment = st.none() | st.datetimes(
        datetime(2020, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC)
    ).map(datetime.isoformat)

    def stamped(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {**record, "created_at": created, "updated_at": updated}
            for record, (created, updated) in zip(records, draw(moments(len(records))), strict=True)
        ]

    sprint_starts = [draw(days) for _ in sprint_ids]
    return {
        "format": "coachboard.client",
        "version": 1,
        "exported_at": START.isoformat(),
        "client": {
            "id": str(uuid.uuid4()),
            "name": draw(titles),
            "email": draw(st.none() | st.emails().filter(lambda e: len(e) <= 320)),
            "notes": draw(texts),
            "status": draw(st.sampled_from(["active", "archived"])),
            "created_at": START.isoformat(),
            "updated_at": START.isoformat(),
        },
        "goals": stamped(
            [
                {
                    "id": i,
                    "title": draw(titles),
                    "description": draw(texts),
                    "status": draw(st.sampled_from(["active", "achieved", "paused", "dropped"])),
                    "target_date": draw(st.none() | days.map(date.isoformat)),
                }
                for i in goal_ids
            ]
        ),
        "targets": stamped(
            [
                {
                    "id": i,
                    "title": draw(titles),
                    "description": draw(texts),
                    "status": draw(
                        st.sampled_from(["not_started", "in_progress", "achieved", "dropped"])
                    ),
                    "due_date": draw(st.none() | days.map(date.isoformat)),
                    "metadata": draw(st.dictionaries(titles, json_values, max_size=3)),
                }
                for i in target_ids
            ]
        ),
        "sprints": stamped(
            [
                {
                    "id": i,
                    "title": draw(titles),
                    "description": draw(texts),
                    "status": draw(st.sampled_from(["planned", "active", "completed"])),
                    "start_date": start.isoformat(),
                    "end_date": (start + timedelta(weeks=6)).isoformat(),
                    "metadata": draw(metadata(goal_ids, [])),
                }
                for i, start in zip(sprint_ids, sprint_starts, strict=True)
            ]
        ),
        "sessions": stamped(
            [
                {
                    "id": i,
                    "session_date": draw(days).isoformat(),
                    "title": draw(st.just("") | titles),
                    "notes": draw(texts),
                    "shared_notes": draw(texts),
                    "start_time": draw(st.none() | st.times().map(time.isoformat)),
                    "duration_minutes": draw(st.integers(0, 600)),
                    "meeting_url": draw(st.none() | st.just("https://meet.example.com/z%C3%BC")),
                }
                for i in session_ids
            ]
        ),
        "commitments": stamped(
            [
                {
                    "id": i,
                    "session_id": draw(maybe_session),
                    "title": draw(titles),
                    "description": draw(texts),
                    "status": draw(st.sampled_from(["open", "done", "dropped"])),
                    "due_date": draw(st.none() | days.map(date.isoformat)),
                    "completed_at": draw(maybe_moment),
                    "status_changed_by_client_at": draw(maybe_moment),
                    "metadata": draw(metadata(goal_ids, sprint_ids)),
                }
                for i in commitment_ids
            ]
        ),
        "links": {
            "target_goals": draw(links(target_ids, goal_ids, ("target_id", "goal_id"))),
            "target_sprints": draw(links(target_ids, sprint_ids, ("target_id", "sprint_id"))),
            "commitment_targets": draw(
                links(commitment_ids, target_ids, ("commitment_id", "target_id"))
            ),
        },
        "agenda_topics": stamped(
            [
                {
                    "id": str(uuid.uuid4()),
                    "text": draw(titles),
                    "priority": draw(st.sampled_from(["low", "medium", "high"])),
                    "position": position,
                    "status": draw(
                        st.sampled_from(["open", "discussed", "deferred", "dropped", "withdrawn"])
                    ),
                    "session_id": draw(maybe_session),
                    "deferred_from_session_id": draw(maybe_session),
                }
                for position in range(draw(st.integers(0, 3)))
            ]
        ),
        "reflections": [
            {
                "id": str(uuid.uuid4()),
                "commitment_id": commitment,
                "text": draw(titles),
                "created_at": created,
            }
            for commitment, (created, _) in zip(
                commitment_ids, draw(moments(len(commitment_ids))), strict=True
            )
        ],
        "email_opt_outs": [
            {"kind": kind, "created_at": START.isoformat()}
            for kind in sorted(
                draw(
                    st.sets(
                        st.sampled_from(
                            [
                                "session_invitation",
                                "session_reminder",
                                "commitment_reminder",
                                "portal_invitation",
                            ]
                        )
                    )
                )
            )
        ],
        "history": [],
    }


def without_ids(document: dict[str, Any]) -> Any:
    """The document with each id replaced by the order it first appears in (dict keys sorted,
    so the labels do not depend on how a database orders JSON keys), exported_at left out."""
    labels: dict[str, str] = {}

    def label(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: label(value[key]) for key in sorted(value) if key != "exported_at"}
        if isinstance(value, list):
            return [label(item) for item in value]
        if isinstance(value, str):
            try:
                uuid.UUID(value)
            except ValueError:
                return value
            return labels.setdefault(value, f"id#{len(labels)}")
        return value

    return label(document)


def round_trip(db: Session, coach: User, document: ClientDocument) -> ClientDocument:
    client = import_client(db, coach=coach, document=document)
    exported = export.client_document(db, coach=coach, client_id=client.id)
    # Through JSON text, as a file carries it.
    return ClientDocument.model_validate_json(exported.model_dump_json())


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(generated=documents())
def test_export_import_export_gives_the_same_document_apart_from_ids(
    db: Session, coach: User, generated: dict[str, Any]
) -> None:
    document = ClientDocument.model_validate(generated)

    first = round_trip(db, coach, document)
    second = round_trip(db, coach, first)

    as_json = {"mode": "json"}
    assert without_ids(first.model_dump(**as_json)) == without_ids(document.model_dump(**as_json))
    assert without_ids(second.model_dump(**as_json)) == without_ids(first.model_dump(**as_json))
    assert first.client.id != second.client.id


def test_history_travels_with_the_client_and_comes_back_the_same(api: TestClient) -> None:
    """Changes of every kind, a deleted record among them: exported, imported, exported again,
    the history reads the same, and the imported client's pages tell it."""
    base = "/api/v1"
    client_id = api.post(f"{base}/clients", json={"name": "Sam Rivera"}).json()["id"]
    goal = api.post(f"{base}/clients/{client_id}/goals", json={"title": "Get fit"}).json()
    gone = api.post(f"{base}/clients/{client_id}/goals", json={"title": "Old goal"}).json()
    outcome = api.post(
        f"{base}/clients/{client_id}/targets",
        json={"title": "Run 10 km", "goal_ids": [goal["id"], gone["id"]]},
    ).json()
    session = api.post(
        f"{base}/clients/{client_id}/sessions", json={"session_date": "2026-03-02"}
    ).json()
    commitment = api.post(
        f"{base}/clients/{client_id}/commitments",
        json={"title": "Send the deck", "target_ids": [outcome["id"]]},
    ).json()
    api.patch(f"{base}/commitments/{commitment['id']}", json={"session_id": session["id"]})
    api.patch(f"{base}/clients/{client_id}", json={"name": "Sam R."})
    # Text that only looks like an id stays as it was written.
    api.patch(f"{base}/goals/{goal['id']}", json={"title": "12345678123456781234567812345678"})
    assert api.delete(f"{base}/goals/{gone['id']}").status_code == 204

    first = api.get(f"{base}/clients/{client_id}/export").json()
    imported = api.post(f"{base}/clients/import", json=first)
    assert imported.status_code == 201, imported.text
    second = api.get(f"{base}/clients/{imported.json()['id']}/export").json()

    assert len(first["history"]) == 14
    assert without_ids(second) == without_ids(first)
    history = api.get(f"{base}/clients/{imported.json()['id']}/activity").json()
    assert [item["sentence"] for item in history["items"][:2]] == [
        "Casey Coach deleted goal 'Old goal'",
        "Casey Coach unlinked 'Run 10 km' from 'Old goal'",
    ]
    assert history["items"][0]["actor"]["id"] is None  # accounts do not travel
    renamed = next(
        e for e in second["history"] if e["changes"].get("title", [None])[0] == "Get fit"
    )
    assert renamed["changes"]["title"][1] == "12345678123456781234567812345678"
