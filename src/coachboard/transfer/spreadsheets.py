"""The spreadsheet export: a client document as a zip of CSV files, one per kind of record and
one per link table, and the history, each reference carrying the title of what it names beside
its id.

UTF-8 with a byte-order mark: Excel reads a CSV without one in the machine's legacy code page,
which garbles every accent; LibreOffice, Numbers and Python's csv (utf-8-sig) read it either way.
A text cell starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe:
a spreadsheet would run it as a formula (a client writes topics and reflections, so the text
is not only the coach's own).
"""

import csv
import io
import json
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any

from pydantic import BaseModel

from coachboard.transfer.schemas import (
    AgendaTopicRecord,
    ChangeRecord,
    ClientDocument,
    ClientFields,
    CommitmentRecord,
    CommitmentTargetLinkRecord,
    EmailOptOutRecord,
    GoalRecord,
    ReflectionRecord,
    SessionRecord,
    SprintRecord,
    TargetGoalLinkRecord,
    TargetRecord,
    TargetSprintLinkRecord,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A value as a spreadsheet shows it safely."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date | time | uuid.UUID | int):
        return str(value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_file(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def records_file(
    model: type[BaseModel],
    records: Sequence[BaseModel],
    titles: dict[str, dict[uuid.UUID, str]],
) -> bytes:
    """One row per record with every field of the document; each reference field (named in
    titles) followed by the title of the record it names. No records: the header alone."""
    fields = list(model.model_fields)
    header: list[str] = []
    for name in fields:
        header.append(name)
        if name in titles:
            header.append(name.removesuffix("_id") + "_title")
    rows = []
    for record in records:
        row: list[Any] = []
        for name in fields:
            value = getattr(record, name)
            row.append(value)
            if name in titles:
                row.append(titles[name].get(value, "") if value is not None else "")
        rows.append(row)
    return csv_file(header, rows)


def zip_of(document: ClientDocument) -> bytes:
    """The zip of CSV files of the client document."""
    goal_titles = {goal.id: goal.title for goal in document.goals}
    target_titles = {target.id: target.title for target in document.targets}
    sprint_titles = {sprint.id: sprint.title for sprint in document.sprints}
    session_titles = {
        session.id: session.title or session.session_date.isoformat()
        for session in document.sessions
    }
    commitment_titles = {c.id: c.title for c in document.commitments}
    sessions = {"session_id": session_titles}
    files = {
        "client.csv": records_file(ClientFields, [document.client], {}),
        "goals.csv": records_file(GoalRecord, document.goals, {}),
        "outcomes.csv": records_file(TargetRecord, document.targets, {}),
        "sprints.csv": records_file(SprintRecord, document.sprints, {}),
        "sessions.csv": records_file(SessionRecord, document.sessions, {}),
        "commitments.csv": records_file(CommitmentRecord, document.commitments, sessions),
        "agenda_topics.csv": records_file(
            AgendaTopicRecord,
            document.agenda_topics,
            {**sessions, "deferred_from_session_id": session_titles},
        ),
        "reflections.csv": records_file(
            ReflectionRecord, document.reflections, {"commitment_id": commitment_titles}
        ),
        "email_opt_outs.csv": records_file(EmailOptOutRecord, document.email_opt_outs, {}),
        "outcome_goals.csv": records_file(
            TargetGoalLinkRecord,
            document.links.target_goals,
            {"target_id": target_titles, "goal_id": goal_titles},
        ),
        "outcome_sprints.csv": records_file(
            TargetSprintLinkRecord,
            document.links.target_sprints,
            {"target_id": target_titles, "sprint_id": sprint_titles},
        ),
        "commitment_outcomes.csv": records_file(
            CommitmentTargetLinkRecord,
            document.links.commitment_targets,
            {"commitment_id": commitment_titles, "target_id": target_titles},
        ),
        # Each change carries the titles of its records as they were then.
        "history.csv": records_file(ChangeRecord, document.history, {}),
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for name, content in files.items():
            zipped.writestr(name, content)
    return archive.getvalue()
