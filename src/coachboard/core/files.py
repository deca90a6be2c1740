"""Files only their owner may read, created that way: no moment when another user could."""

import os
import tempfile
from pathlib import Path

PRIVATE = 0o600


def sqlite_file(database: str | None) -> Path | None:
    """The file a SQLite URL's database names; None for an in-memory database or a URI."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def create_private(path: Path) -> bool:
    """Create an empty file readable by its owner alone; False if it already exists.

    os.open sets the mode as it creates the file, so the umask cannot widen it (it only ever
    narrows) and no chmod afterwards leaves a window in between.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))
    except FileExistsError:
        return False
    return True


def publish_private(path: Path, text: str) -> str:
    """Write text to a new owner-only file at path, or return what is there already.

    The text goes to a temporary file first (mkstemp creates it 0600) that is then linked into
    place: the link fails if another process got there first, so two processes starting at once
    agree on one text, and a reader never sees a half-written file.
    """
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return path.read_text().strip()
        return text
    finally:
        os.unlink(temporary)
