"""The published JSON Schemas of the export documents, kept in docs/schemas/ beside the code:
`make schemas` (python -m coachboard.transfer.schema_files) writes them again after a change to
transfer/schemas.py, and a test fails while a file and its model differ."""

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from coachboard.transfer.schemas import AccountDocument, ClientDocument

FILES: dict[str, type[BaseModel]] = {
    "coachboard.client.v1.json": ClientDocument,
    "coachboard.account.v1.json": AccountDocument,
}


def text_of(model: type[BaseModel]) -> str:
    return json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write(directory: Path) -> list[Path]:
    """Write every schema file into directory; the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in FILES.items():
        path = directory / name
        path.write_text(text_of(model), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schemas")):
        print(path)
