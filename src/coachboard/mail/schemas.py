import uuid
from typing import Literal

from pydantic import Field

from coachboard.core.schemas import OutputModel, UtcDateTime


class MessageRead(OutputModel):
    """A message of the coach's practice, as the outbox holds it."""

    id: uuid.UUID
    client_id: uuid.UUID | None = Field(description="The client it is to or about, if any.")
    recipient: str
    kind: str = Field(
        description="daily_digest, commitment_reminder, session_invitation, session_reminder, "
        "portal_invitation or password_reset."
    )
    subject: str
    state: Literal["queued", "sent", "failed", "cancelled"]
    attempts: int
    last_error: str = Field(description="Why the last attempt failed; empty when none did.")
    due_at: UtcDateTime
    sent_at: UtcDateTime | None
