from pydantic import Field

from coachboard.core.schemas import OutputModel, UtcDateTime


class InvitationRead(OutputModel):
    """A new invitation: the link to hand to the client (shown once: only its digest is kept)."""

    url: str = Field(description="The one-time join link: /join/<token> on this server.")
    expires_at: UtcDateTime = Field(description="When the link stops working (UTC), 7 days on.")
