"""A coach downloads a client as JSON and as spreadsheets, and imports the JSON back as a new
client with all their records; a file that cannot be imported is explained on the form; the
account page downloads every client at once."""

import csv
import io
import json
import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveApp
from tests.browser.steps import client_row, create_coach


def test_a_coach_downloads_a_client_both_ways_and_imports_the_json_back(
    page: Page, live_app: LiveApp, tmp_path: Path
) -> None:
    create_coach(page, live_app)
    client_row(page, "Maya Okafor").get_by_role("link", name="Maya Okafor").click()

    with page.expect_download() as json_download:
        page.get_by_role("link", name="Download (JSON)").click()
    saved = tmp_path / json_download.value.suggested_filename
    json_download.value.save_as(saved)
    with page.expect_download() as zip_download:
        page.get_by_role("link", name="Download (spreadsheets)").click()
    zipped = tmp_path / zip_download.value.suggested_filename
    zip_download.value.save_as(zipped)

    assert saved.name.startswith("coachboard-maya-okafor-") and saved.suffix == ".json"
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert (document["format"], document["client"]["name"]) == ("coachboard.client", "Maya Okafor")
    with zipfile.ZipFile(zipped) as archive:
        goals = list(csv.DictReader(io.StringIO(archive.read("goals.csv").decode("utf-8-sig"))))
    assert "Step into the Director of Engineering role" in {goal["title"] for goal in goals}

    page.goto("/clients")
    page.get_by_text("Import a client").click()
    page.get_by_label("Client file (JSON)").set_input_files(saved)
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("status")).to_have_text("Imported Maya Okafor.")
    expect(page.get_by_role("heading", name="Maya Okafor")).to_be_visible()
    page.get_by_role("link", name="Goals").first.click()
    expect(page.get_by_text("Step into the Director of Engineering role").first).to_be_visible()
    page.goto("/clients")
    expect(client_row(page, "Maya Okafor")).to_have_count(2)


def test_a_coach_downloads_the_whole_account_from_the_account_page(
    page: Page, live_app: LiveApp, tmp_path: Path
) -> None:
    create_coach(page, live_app)
    page.goto("/account")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything (JSON)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)

    assert saved.name.startswith("coachboard-account-") and saved.suffix == ".json"
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["format"] == "coachboard.account"
    assert "Maya Okafor" in {client["client"]["name"] for client in document["clients"]}


def test_a_file_that_cannot_be_imported_is_explained_on_the_form(
    page: Page, live_app: LiveApp, tmp_path: Path
) -> None:
    create_coach(page, live_app, samples=False)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"format": "coachboard.client", "version": 2}), encoding="utf-8")

    page.get_by_text("Import a client").click()
    page.get_by_label("Client file (JSON)").set_input_files(broken)
    page.get_by_role("button", name="Import").click()

    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("nothing was added")
    expect(problems).to_contain_text("/version: Input should be 1")
    expect(page.get_by_text("No clients yet")).to_be_visible()
