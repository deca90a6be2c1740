"""GET /api/v1/clients/{id}/export and GET /api/v1/export: every record and link of a client,
in link order, with metadata and status timestamps; a fixed number of statements."""

import csv
import io
import zipfile

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from tests.querycount import count_statements
from tests.transfer.records import rich_client

API = "/api/v1"


def test_the_export_holds_every_record_link_and_status_timestamp(
    db: Session, coach: User, api: TestClient
) -> None:
    built = rich_client(db, coach)

    response = api.get(f"{API}/clients/{built.client_id}/export")

    assert response.status_code == 200
    document = response.json()
    assert (document["format"], document["version"]) == ("coachboard.client", 1)
    assert document["client"]["name"] == "Zoë Ångström"
    titles = {
        item["id"]: item.get("title")
        for kind in ("goals", "targets", "sprints", "commitments")
        for item in document[kind]
    }
    run = next(t for t in document["targets"] if t["title"] == "Run 10 km")
    # The outcome's goals and sprints in the order they were linked, not created.
    assert [
        titles[link["goal_id"]]
        for link in document["links"]["target_goals"]
        if link["target_id"] == run["id"]
    ] == ["Career 仕事", "Santé ❤ и здоровье"]
    assert [
        titles[link["sprint_id"]]
        for link in document["links"]["target_sprints"]
        if link["target_id"] == run["id"]
    ] == ["Peak weeks", "Base weeks"]
    slides = next(c for c in document["commitments"] if c["title"] == "Slides")
    assert [
        titles[link["target_id"]]
        for link in document["links"]["commitment_targets"]
        if link["commitment_id"] == slides["id"]
    ] == ["=Give the talk", "Run 10 km"]
    assert slides["status"] == "done"
    assert slides["status_changed_by_client_at"] == "2026-03-04T18:05:07.123456Z"
    laps = next(c for c in document["commitments"] if c["title"] == "Laps")
    assert laps["completed_at"] is not None and laps["session_id"] == str(built.session_id)
    old = next(c for c in document["commitments"] if c["title"] == "From the old system")
    assert old["metadata"] == {
        "legacy_goal_id": str(built.goal_ids[0]),
        "source": "import",
        "n": [1, {"a": None}],
    }
    [session] = document["sessions"]
    assert (session["start_time"], session["duration_minutes"], session["meeting_url"]) == (
        "09:30:00",
        45,
        "https://meet.example.com/zo%C3%AB?room=1",
    )
    assert (session["notes"], session["shared_notes"]) == ("Private", "Shared ✓")
    assert [t["text"] for t in document["agenda_topics"]] == ["Sore knees"]
    assert [r["text"] for r in document["reflections"]] == ["Went well 👍"]
    assert [o["kind"] for o in document["email_opt_outs"]] == ["session_reminder"]
    # Internal and derived columns stay home.
    assert "sequence" not in session and "commitments_total" not in run


def test_another_coachs_client_and_an_unknown_one_are_not_found(
    db: Session, coach: User, other_api: TestClient
) -> None:
    built = rich_client(db, coach)

    assert other_api.get(f"{API}/clients/{built.client_id}/export").status_code == 404
    assert other_api.get(f"{API}/clients/{built.client_id}/export?format=csv").status_code == 404
    assert [c["client"]["name"] for c in other_api.get(f"{API}/export").json()["clients"]] == []


def test_an_export_takes_the_same_statements_whatever_the_client_holds(
    db: Session, coach: User, api: TestClient, engine: Engine
) -> None:
    small = api.post(f"{API}/clients", json={"name": "Empty"}).json()
    big = rich_client(db, coach)

    with count_statements(engine) as for_small:
        api.get(f"{API}/clients/{small['id']}/export")
    with count_statements(engine) as for_big:
        api.get(f"{API}/clients/{big.client_id}/export")

    assert for_big.count == for_small.count <= 14


def test_the_account_export_takes_the_same_statements_whatever_the_number_of_clients(
    db: Session, coach: User, api: TestClient, engine: Engine
) -> None:
    rich_client(db, coach, name="Ann")
    with count_statements(engine) as for_one:
        one = api.get(f"{API}/export").json()
    rich_client(db, coach, name="Bea")
    rich_client(db, coach, name="Cy")
    with count_statements(engine) as for_three:
        three = api.get(f"{API}/export").json()

    assert for_one.count == for_three.count <= 14
    assert (three["format"], three["version"]) == ("coachboard.account", 1)
    assert three["coach"] == {"name": coach.name, "email": coach.email, "time_zone": "UTC"}
    assert [c["client"]["name"] for c in three["clients"]] == ["Ann", "Bea", "Cy"]
    assert three["clients"][0]["goals"] == one["clients"][0]["goals"]


def read_zip(content: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
            for name in archive.namelist()
        }


def test_the_spreadsheet_export_is_a_zip_of_csv_files_with_ids_and_titles(
    db: Session, coach: User, api: TestClient
) -> None:
    built = rich_client(db, coach)

    response = api.get(f"{API}/clients/{built.client_id}/export", params={"format": "csv"})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="coachboard-zoe-angstrom-')
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        # A byte-order mark, so that Excel reads the file as UTF-8.
        assert archive.read("goals.csv").startswith("\ufeff".encode())
    files = read_zip(response.content)
    assert set(files) == {
        "client.csv",
        "goals.csv",
        "outcomes.csv",
        "sprints.csv",
        "sessions.csv",
        "commitments.csv",
        "agenda_topics.csv",
        "reflections.csv",
        "email_opt_outs.csv",
        "outcome_goals.csv",
        "outcome_sprints.csv",
        "commitment_outcomes.csv",
        "history.csv",
    }
    assert [(r["target_title"], r["goal_title"]) for r in files["outcome_goals.csv"]][:2] == [
        ("Run 10 km", "Career 仕事"),
        ("Run 10 km", "Santé ❤ и здоровье"),
    ]
    assert {r["target_id"] for r in files["outcome_goals.csv"]} == {
        str(i) for i in built.target_ids
    }
    # A title a spreadsheet would take for a formula is shown as text.
    assert "'=Give the talk" in {r["title"] for r in files["outcomes.csv"]}
    assert {r["commitment_title"] for r in files["commitment_outcomes.csv"]} == {
        "Laps",
        "Slides",
        "From the old system",
    }
    laps = next(r for r in files["commitments.csv"] if r["title"] == "Laps")
    assert laps["session_title"] == "Weekly check-in"
    assert files["client.csv"][0]["name"] == "Zoë Ångström"
    made = {
        (r["record_kind"], r["record_title"])
        for r in files["history.csv"]
        if r["action"] == "created"
    }
    assert {("client", "Zoë Ångström"), ("target", "'=Give the talk")} <= made
    linked = next(r for r in files["history.csv"] if r["action"] == "linked")
    assert linked["record_title"] and linked["other_title"]


def test_an_empty_client_exports_every_file_with_its_header(api: TestClient) -> None:
    client = api.post(f"{API}/clients", json={"name": "Empty"}).json()

    response = api.get(f"{API}/clients/{client['id']}/export?format=csv")

    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        header = archive.read("outcome_goals.csv").decode("utf-8-sig").splitlines()
    assert header == ["target_id,target_title,goal_id,goal_title,created_at"]
