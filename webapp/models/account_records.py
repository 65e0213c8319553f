"""Accounts, their browser sessions and API tokens."""
import uuid
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.infra.extensions import Model
from webapp.infra.times import utcnow
from webapp.models.types import UTCDateTime

ROLES = ("athlete", "physio")


class User(UserMixin, Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('athlete', 'physio')", name="role"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # Stored lower-cased, so the unique constraint holds regardless of case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # The language pages, alerts and exports are shown in (webapp.infra.languages); None: the browser's.
    language: Mapped[str | None] = mapped_column(String(8))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Moved on by any change to what the rules judge of this athlete (see webapp.infra.database.begin_writing).
    diary_version: Mapped[int] = mapped_column(default=0, server_default="0")

    tokens: Mapped[list["ApiToken"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_athlete(self) -> bool:
        return self.role == "athlete"

    @property
    def is_physio(self) -> bool:
        return self.role == "physio"

    def to_dict(self) -> dict:
        return {
            "id": str(self.id),
            "email": self.email,
            "role": self.role,
            "name": self.name,
            "timezone": self.timezone,
            "language": self.language,
        }


class ApiToken(Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # SHA-256 of the token: tokens are 256 random bits, so a fast hash is enough
    # and a leaked table gives nobody a usable token.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")


class BrowserSession(Model):
    """One logged-in browser. Its cookie carries a random token; this row is what makes the cookie worth anything,
    so deleting it ends the session wherever the cookie was copied."""

    __tablename__ = "browser_sessions"

    # Shown on the account page to end a session by; never accepted as a credential.
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the cookie's token, as for API tokens: a leaked table opens no session.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    device_label: Mapped[str] = mapped_column(String(100))

    user: Mapped[User] = relationship()
