from datetime import datetime

from sqlalchemy import Boolean, DateTime, String, true
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, IdMixin, TimestampMixin


class User(IdMixin, TimestampMixin, Base):
    """A coach: the owner of clients and everything under them."""

    __tablename__ = "users"

    # Stored lower-cased, so the unique constraint is case-insensitive on both databases.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
