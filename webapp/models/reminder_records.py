"""Reminders: an athlete's settings, their devices' push subscriptions, and what was sent to which device."""
import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from webapp.infra.extensions import Model
from webapp.infra.times import utcnow
from webapp.models.types import UTCDateTime

DELIVERY_STATUSES = ("pending", "sent", "gone", "failed", "expired")


class ReminderPreference(Model):
    """An athlete's reminder settings; no row means reminders are off, at the default times."""

    __tablename__ = "reminder_preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Local wall times as "HH:MM", read in the account's time zone.
    daily_at: Mapped[str] = mapped_column(String(5), default="20:00")
    quiet_start: Mapped[str | None] = mapped_column(String(5))
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    # "Not now" on the home page's invitation: it is not shown again.
    invitation_dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PushSubscription(Model):
    """One device's Web Push subscription, tied to the log-in that made it.

    Ending that session or token (log-out, "log out everywhere", a new password,
    a deleted account) deletes the subscription with it, so a shared phone never
    gets the reminders of someone who logged out.
    """

    __tablename__ = "push_subscriptions"
    __table_args__ = (
        CheckConstraint("browser_session_id IS NOT NULL OR api_token_id IS NOT NULL", name="made_by_a_login"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The push service's URL for this device; a capability, so it is never shown back in full.
    endpoint: Mapped[str] = mapped_column(String(2048), unique=True)
    p256dh: Mapped[str] = mapped_column(String(128))
    auth: Mapped[str] = mapped_column(String(64))
    device_label: Mapped[str] = mapped_column(String(100))
    browser_session_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("browser_sessions.id", ondelete="CASCADE"), index=True)
    api_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Reminder(Model):
    """A reminder claimed for sending: the unique key is what makes it go out once, whichever sender runs."""

    __tablename__ = "reminders"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    episode_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"), index=True)
    alert_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    # What the device shows: title, body, url, log_url (no pain scores, no red flags).
    payload: Mapped[dict] = mapped_column(JSON)
    urgency: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PushDelivery(Model):
    """One reminder to one device: claimed, sent, retried or given up."""

    __tablename__ = "push_deliveries"
    __table_args__ = (
        UniqueConstraint("reminder_id", "subscription_id", name="uq_push_deliveries_reminder_subscription"),
        CheckConstraint("status IN ('pending', 'sent', 'gone', 'failed', 'expired')", name="status"),
        Index("ix_push_deliveries_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reminder_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reminders.id", ondelete="CASCADE"))
    subscription_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("push_subscriptions.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(8), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A sender that claimed it and has not reported back by then is presumed gone.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
