from datetime import datetime

from pydantic import Field

from coachboard.core.schemas import OutputModel


class InvitationRead(OutputModel):
    """A new invitation: the link to hand to the client (shown once: only its digest is kept)."""

    url: str = Field(description="The one-time join link: /join/<token> on this server.")
    expires_at: datetime = Field(description="When the link stops working (UTC), 7 days on.")
