"""An export as a file the browser saves: what the JSON API's export routes and the export
links on the pages both answer."""

import re
import unicodedata

from starlette.responses import Response

from coachboard.core.models import utcnow
from coachboard.transfer import spreadsheets
from coachboard.transfer.schemas import ClientDocument

ZIP = "application/zip"


def zip_response(document: ClientDocument) -> Response:
    """The client's document as a zip of CSV files."""
    return attachment(spreadsheets.zip_of(document), ZIP, file_name(document.client.name, "zip"))


def attachment(content: bytes | str, media_type: str, name: str) -> Response:
    """A file the browser saves as `name` rather than shows."""
    disposition = f'attachment; filename="{name}"'
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


def file_name(name: str, extension: str) -> str:
    """coachboard-<name in plain letters>-<day>.<extension>: safe in any header."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.decode().lower()).strip("-")[:40] or "client"
    return f"coachboard-{slug}-{utcnow().date().isoformat()}.{extension}"
