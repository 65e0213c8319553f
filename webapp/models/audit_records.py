"""The audit log of authentication events."""
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.core.wording import N_
from webapp.infra.extensions import Model
from webapp.infra.times import iso, utcnow
from webapp.models.types import UTCDateTime

AUDIT_EVENTS = {
    "account_created": N_("Account created"),
    "login": N_("Logged in"),
    "login_failed": N_("Failed log-in attempt"),
    "logout": N_("Logged out"),
    "logout_everywhere": N_("Logged out everywhere"),
    "session_ended": N_("A session ended from the account page"),
    "password_changed": N_("Password changed"),
    "password_change_failed": N_("Password change refused (wrong current password)"),
    "account_delete_failed": N_("Account deletion refused (wrong password)"),
    "account_deleted": N_("Account deleted"),
}


class AuditEvent(Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Null for attempts on unknown emails and for the record of a deleted account.
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(32))
    # "web" for the pages, "api" for the JSON API (a bearer token is an API log-in).
    channel: Mapped[str] = mapped_column(String(8))
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(200))

    @property
    def description(self) -> str:
        return AUDIT_EVENTS.get(self.event, self.event)

    def to_dict(self) -> dict:
        return {"at": iso(self.at), "event": self.event, "channel": self.channel, "ip": self.ip, "user_agent": self.user_agent}
