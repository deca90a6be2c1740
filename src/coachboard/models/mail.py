import uuid
from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, IdMixin, utcnow


class OutboxMessage(IdMixin, Base):
    """An email to send, rendered when it was queued, and where its delivery stands.

    State: queued (waiting, or retrying after a failed attempt), sent, failed (gave up after
    24 h of attempts) or cancelled (what it was about changed or went away). A worker claims a
    row by setting claimed_by and claimed_until; a claim left by a killed worker expires.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        # A message is queued once, whatever the number of workers or planning passes.
        UniqueConstraint("recipient", "kind", "record_id", "due_at"),
        # One digest per coach per local date, whatever their zone does that day.
        Index(
            "ix_outbox_messages_kind_record_id_local_date",
            "kind",
            "record_id",
            "local_date",
            unique=True,
        ),
        Index("ix_outbox_messages_state_next_attempt_at", "state", "next_attempt_at"),
        Index("ix_outbox_messages_coach_id_created_at", "coach_id", "created_at"),
    )

    # Whose practice the message belongs to: the coach sees it and its failures.
    coach_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True, default=None
    )
    recipient: Mapped[str] = mapped_column(String(320))
    kind: Mapped[str] = mapped_column(String(40))
    # What it is about (a session, a commitment, the coach for a digest, a link).
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    due_at: Mapped[datetime] = mapped_column(DateTime)
    # The recipient's local date the message is about (a digest's day); None for the others.
    local_date: Mapped[date | None] = mapped_column(Date, default=None)
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # An iCalendar invitation (METHOD REQUEST or CANCEL), attached as invite.ics.
    calendar: Mapped[str | None] = mapped_column(Text, default=None)
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500), default=None)
    state: Mapped[str] = mapped_column(String(20), default="queued", server_default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    claimed_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.now()
    )


class EmailOptOut(Base):
    """A kind of message a client unsubscribed from (one click, RFC 8058)."""

    __tablename__ = "email_opt_outs"

    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.now()
    )
