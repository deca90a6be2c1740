"""The ORM listeners every unit of work needs, installed by the composition roots (main's
create_app, the CLI) before any work, never by importing a module: history keeps every change,
and a record shown in calendars raises its SEQUENCE when what they show changes."""

from coachboard.commitments.models import Commitment
from coachboard.core import sequence
from coachboard.history import recorder
from coachboard.sessions.models import CoachingSession


def install_listeners() -> None:
    """Install them all; installing twice installs once."""
    recorder.install()
    sequence.install(CoachingSession, Commitment)
