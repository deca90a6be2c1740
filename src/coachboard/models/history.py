import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, IdMixin


class HistoryEntry(IdMixin, Base):
    """One change: a record created, updated or deleted, or a link made or removed.

    The record's title and the actor's name are kept as they were, so the entry still reads
    after a rename or a deletion. Entries belong to the client, and go only with it.
    """

    __tablename__ = "history_entries"
    __table_args__ = (
        Index("ix_history_entries_client_id_at", "client_id", "at"),
        Index("ix_history_entries_record_id_at", "record_id", "at"),
        Index("ix_history_entries_other_id_at", "other_id", "at"),
    )

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True, default=None
    )
    actor_name: Mapped[str] = mapped_column(String(200))
    actor_kind: Mapped[str] = mapped_column(String(20))  # coach, client or operator
    action: Mapped[str] = mapped_column(String(20))  # created, updated, deleted, linked, unlinked
    record_kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    record_title: Mapped[str] = mapped_column(String(200))
    # Updated: {field: [old, new]}; created: the fields it was made with; else {}.
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
    # For a link: the record at its other end.
    other_kind: Mapped[str | None] = mapped_column(String(20), default=None)
    other_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    other_title: Mapped[str | None] = mapped_column(String(200), default=None)
