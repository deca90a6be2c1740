"""What every unit of work needs wired before any work, by the composition roots (main's
create_app, the CLI), never by importing a module: the ORM listeners (history keeps every
change; a record shown in calendars raises its SEQUENCE when what they show changes) and the
subscribers of domain events (a session scheduled, moved or cancelled emails the client)."""

from coachboard.core import events, sequence
from coachboard.history import recorder
from coachboard.mail import session_emails
from coachboard.models.commitments import Commitment
from coachboard.models.sessions import CoachingSession
from coachboard.sessions.events import SessionCancelled, SessionMoved, SessionScheduled


def install_listeners() -> None:
    """Install and subscribe them all; doing it twice does it once."""
    recorder.install()
    sequence.install(CoachingSession, Commitment)
    events.subscribe(SessionScheduled, session_emails.scheduled)
    events.subscribe(SessionMoved, session_emails.moved)
    events.subscribe(SessionCancelled, session_emails.cancelled)
