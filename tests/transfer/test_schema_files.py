"""The JSON Schemas published in docs/schemas/ are those of the models the API uses."""

import json
from pathlib import Path

import pytest
from fastapi import FastAPI

from coachboard.transfer.schema_files import FILES, text_of, write

SCHEMAS = Path(__file__).parents[2] / "docs" / "schemas"


@pytest.mark.parametrize("name", FILES)
def test_each_published_schema_file_is_its_models_schema(name: str) -> None:
    assert (SCHEMAS / name).read_text(encoding="utf-8") == text_of(FILES[name]), (
        "run `make schemas` and commit docs/schemas/"
    )


def test_make_schemas_writes_the_files(tmp_path: Path) -> None:
    written = write(tmp_path)

    assert sorted(path.name for path in written) == sorted(FILES)
    client = json.loads((tmp_path / "coachboard.client.v1.json").read_text(encoding="utf-8"))
    assert client["properties"]["format"] == {
        "const": "coachboard.client",
        "title": "Format",
        "type": "string",
    }


def test_the_openapi_document_publishes_the_client_document(app: FastAPI) -> None:
    document = app.openapi()
    export = document["paths"]["/api/v1/clients/{client_id}/export"]["get"]
    body = document["paths"]["/api/v1/clients/import"]["post"]["requestBody"]

    assert export["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ClientDocument"
    }
    assert set(export["responses"]["200"]["content"]) == {"application/json", "application/zip"}
    assert body["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ClientDocument"
    }
    assert "20 MiB" in document["paths"]["/api/v1/clients/import"]["post"]["description"]
