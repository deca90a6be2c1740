"""Import: a client document (transfer/schemas.py) becomes a new client of the calling coach.

Every record gets a fresh id; links keep their order, records their metadata and status
timestamps. The document is checked whole before anything is written (every reference names a
record of the document, no id twice, no link twice), so a refused import writes nothing. Then
one INSERT per table, the client's first: the database's triggers keep the search index and
each outcome's commitment figures as for any other insert.
"""

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from coachboard.core import json_input
from coachboard.core.database import transaction
from coachboard.core.errors import FieldProblem, InvalidInput
from coachboard.hierarchy.legacy import GOAL_KEY, SPRINT_KEY
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.history import HistoryEntry
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.mail import EmailOptOut
from coachboard.models.reflections import CommitmentReflection
from coachboard.models.sessions import CoachingSession
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from coachboard.models.topics import AgendaTopic
from coachboard.transfer.export import table_of
from coachboard.transfer.schemas import (
    ChangeRecord,
    ClientDocument,
    DocumentModel,
    validated_document,
)

Location = tuple[str | int, ...]
# A refused document names at most this many problems: enough to fix, bounded however bad it is.
MAX_PROBLEMS = 20

# Which list of the document each reference points into: (list, field) → the list it names.
RECORD_REFERENCES = {
    ("commitments", "session_id"): "sessions",
    ("agenda_topics", "session_id"): "sessions",
    ("agenda_topics", "deferred_from_session_id"): "sessions",
    ("reflections", "commitment_id"): "commitments",
}
LINK_ENDS = {
    "target_goals": (("target_id", "targets"), ("goal_id", "goals")),
    "target_sprints": (("target_id", "targets"), ("sprint_id", "sprints")),
    "commitment_targets": (("commitment_id", "commitments"), ("target_id", "targets")),
}
RECORD_KINDS = ("goals", "targets", "sprints", "sessions", "commitments", "agenda_topics")


def pointer(location: Location) -> str:
    """The JSON pointer (RFC 6901) of a place in the document."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in location)


def problem(location: Location, message: str, kind: str) -> FieldProblem:
    return FieldProblem(pointer(location), message, kind, location=location)


def read_document(content: bytes) -> ClientDocument:
    """The client document in a file (the upload form, the command line), read as the API
    reads a body (core.json_input): no NaN or Infinity, no lone surrogate, no nesting past its
    limit. InvalidInput when the file is no such JSON; DocumentInvalid when the document
    breaks its schema's rules."""
    try:
        document = json_input.parse(content)
    except json.JSONDecodeError as error:
        raise InvalidInput.field("", "The file is not a JSON document", "json_invalid") from error
    except json_input.UnrepresentableJson as error:
        [refused] = error.detail
        found = problem(tuple(refused["loc"][1:]), refused["msg"], "json_invalid")
        raise InvalidInput([found]) from None
    return validated_document(document)


def check(document: ClientDocument) -> None:
    """Refuse (InvalidInput, each problem at its JSON pointer) a document whose ids repeat or
    whose references name no record of the document."""
    problems = list(_problems(document))
    if problems:
        raise InvalidInput(problems[:MAX_PROBLEMS])


def _problems(document: ClientDocument) -> Iterator[FieldProblem]:
    ids: dict[str, set[uuid.UUID]] = {}
    for kind in (*RECORD_KINDS, "reflections"):
        seen: dict[uuid.UUID, int] = {}
        for index, record in enumerate(getattr(document, kind)):
            if record.id in seen:
                yield problem(
                    (kind, index, "id"),
                    f"the id {record.id} is also that of /{kind}/{seen[record.id]}",
                    "duplicate_id",
                )
            seen.setdefault(record.id, index)
        ids[kind] = set(seen)
    for index, sprint in enumerate(document.sprints):
        if sprint.end_date <= sprint.start_date:
            yield problem(("sprints", index, "end_date"), "must be after start_date", "date_order")
    for (kind, field), named in RECORD_REFERENCES.items():
        for index, record in enumerate(getattr(document, kind)):
            value = getattr(record, field)
            if value is not None and value not in ids[named]:
                yield _dangling((kind, index, field), value, named)
    for link_kind, ends in LINK_ENDS.items():
        pairs: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
        for index, link in enumerate(getattr(document.links, link_kind)):
            for field, named in ends:
                if getattr(link, field) not in ids[named]:
                    yield _dangling(("links", link_kind, index, field), getattr(link, field), named)
            pair = (getattr(link, ends[0][0]), getattr(link, ends[1][0]))
            if pair in pairs:
                yield problem(
                    ("links", link_kind, index),
                    f"the same link as /links/{link_kind}/{pairs[pair]}",
                    "duplicate_link",
                )
            pairs.setdefault(pair, index)
    kinds_seen: dict[str, int] = {}
    for index, opt_out in enumerate(document.email_opt_outs):
        if opt_out.kind in kinds_seen:
            yield problem(
                ("email_opt_outs", index, "kind"),
                f"the same kind as /email_opt_outs/{kinds_seen[opt_out.kind]}",
                "duplicate_id",
            )
        kinds_seen.setdefault(opt_out.kind, index)


def _dangling(location: Location, value: uuid.UUID, named: str) -> FieldProblem:
    return problem(location, f"{value} is not the id of any of /{named}", "dangling_reference")


def import_client(session: Session, *, coach: User, document: ClientDocument) -> Client:
    """A new client of the coach holding the document's records under fresh ids; InvalidInput
    (nothing written) when the document does not hold together."""
    check(document)
    new_ids = _fresh_ids(document)
    with transaction(session):
        fields = document.client.model_dump(exclude={"id"})
        client_id = uuid.uuid4()
        # A plain INSERT, as for every other table: the client's history is the document's,
        # not a new "created" entry.
        session.execute(
            insert(table_of(Client)), [{"id": client_id, "coach_id": coach.id, **_stored(fields)}]
        )
        new_ids = {**new_ids, document.client.id: client_id}
        for table, table_rows in _rows(document, client_id, new_ids, coach):
            if table_rows:
                session.execute(insert(table), table_rows)
        client = session.get_one(Client, client_id)
    return client


def _fresh_ids(document: ClientDocument) -> dict[uuid.UUID, uuid.UUID]:
    """Old id → new id for every record of the document (ids of different kinds may coincide
    only by accident: uuids; a kind's own ids are checked unique)."""
    return {
        record.id: uuid.uuid4()
        for kind in (*RECORD_KINDS, "reflections")
        for record in getattr(document, kind)
    }


def _rows(
    document: ClientDocument,
    client_id: uuid.UUID,
    new_ids: Mapping[uuid.UUID, uuid.UUID],
    coach: User,
) -> list[tuple[Table, list[dict[str, Any]]]]:
    """Each table's rows, in the order the foreign keys need them."""

    def renamed(value: uuid.UUID | None) -> uuid.UUID | None:
        return None if value is None else new_ids[value]

    def record_rows(
        records: Sequence[DocumentModel], references: Iterable[str] = ()
    ) -> list[dict[str, Any]]:
        rows = []
        for record in records:
            row = _stored(record.model_dump())
            row["id"] = new_ids[row["id"]]
            row["client_id"] = client_id
            for field in references:
                row[field] = renamed(row[field])
            if "metadata" in row:
                row["metadata"] = _legacy_keys_renamed(row["metadata"], new_ids)
            rows.append(row)
        return rows

    def link_rows(links: Sequence[DocumentModel], ends: Iterable[str]) -> list[dict[str, Any]]:
        rows = [_stored(link.model_dump()) for link in links]
        for row in rows:
            for field in ends:
                row[field] = new_ids[row[field]]
        _strictly_increasing(rows)
        return [{"id": uuid.uuid4(), **row} for row in rows]

    def session_rows() -> list[dict[str, Any]]:
        rows = record_rows(document.sessions)
        for row in rows:
            # An export made before sessions kept their own zone: its times were on a coach's
            # clock, and the importing coach's is the one this server knows.
            row["time_zone"] = row["time_zone"] or coach.time_zone
        return rows

    links = document.links
    return [
        (table_of(ClientGoal), record_rows(document.goals)),
        (table_of(Target), record_rows(document.targets)),
        (table_of(Sprint), record_rows(document.sprints)),
        (table_of(CoachingSession), session_rows()),
        (table_of(Commitment), record_rows(document.commitments, ["session_id"])),
        (table_of(TargetGoalLink), link_rows(links.target_goals, ["target_id", "goal_id"])),
        (table_of(TargetSprintLink), link_rows(links.target_sprints, ["target_id", "sprint_id"])),
        (
            table_of(CommitmentTargetLink),
            link_rows(links.commitment_targets, ["commitment_id", "target_id"]),
        ),
        (
            table_of(AgendaTopic),
            record_rows(document.agenda_topics, ["session_id", "deferred_from_session_id"]),
        ),
        (table_of(CommitmentReflection), record_rows(document.reflections, ["commitment_id"])),
        (
            table_of(EmailOptOut),
            [{"client_id": client_id, **_stored(o.model_dump())} for o in document.email_opt_outs],
        ),
        (table_of(HistoryEntry), _history_rows(document.history, client_id, new_ids)),
    ]


def _history_rows(
    entries: Sequence[ChangeRecord], client_id: uuid.UUID, new_ids: Mapping[uuid.UUID, uuid.UUID]
) -> list[dict[str, Any]]:
    """The document's history under the new ids; a record it names that the document no
    longer holds (deleted) gets a new id too, the same one wherever it is named."""
    named = {entry.record_id for entry in entries} | {entry.other_id for entry in entries}
    ids = {**{old: uuid.uuid4() for old in named if old is not None}, **new_ids}

    def renamed(value: uuid.UUID | None) -> uuid.UUID | None:
        return None if value is None else ids[value]

    def ids_renamed(value: Any) -> Any:
        """An id of the document among the changed values (a commitment's session_id, a
        legacy key) renamed; any other text, id-shaped or not, kept as it was."""
        if isinstance(value, dict):
            return {key: ids_renamed(item) for key, item in value.items()}
        if isinstance(value, list):
            return [ids_renamed(item) for item in value]
        if isinstance(value, str):
            try:
                known = ids.get(uuid.UUID(value))
            except ValueError:
                return value
            return value if known is None else str(known)
        return value

    return [
        {
            **_stored(entry.model_dump()),
            "id": uuid.uuid4(),
            "client_id": client_id,
            "actor_id": None,
            "record_id": renamed(entry.record_id),
            "other_id": renamed(entry.other_id),
            "changes": ids_renamed(entry.changes),
        }
        for entry in entries
    ]


def _stored(fields: dict[str, Any]) -> dict[str, Any]:
    """Fields as columns store them: every timestamp naive UTC (core.models.utcnow)."""
    return {
        name: value.astimezone(UTC).replace(tzinfo=None)
        if isinstance(value, datetime) and value.tzinfo is not None
        else value
        for name, value in fields.items()
    }


def _strictly_increasing(rows: list[dict[str, Any]]) -> None:
    """Links are ordered by creation time, then by id; ids are new, so two links created in the
    same microsecond would come back in either order. Nudge such a tie a microsecond later, so
    that the document's order stays the links' order."""
    latest: datetime | None = None
    for row in rows:
        if latest is not None and row["created_at"] <= latest:
            row["created_at"] = latest + timedelta(microseconds=1)
        latest = row["created_at"]


def _legacy_keys_renamed(
    metadata: dict[str, Any], new_ids: Mapping[uuid.UUID, uuid.UUID]
) -> dict[str, Any]:
    """The metadata with each legacy key that names a record of the document naming its new
    id, so that the legacy-link review still finds the old goal or sprint; a value naming
    nothing here (a record deleted before the export) is kept as it was."""
    renamed = dict(metadata)
    for key in (GOAL_KEY, SPRINT_KEY):
        value = renamed.get(key)
        if isinstance(value, str):
            try:
                old = uuid.UUID(value)
            except ValueError:
                continue
            if old in new_ids:
                renamed[key] = str(new_ids[old])
    return renamed
