"""An episode's care plan as a physiotherapist changed it: the changes, their history, what the athlete has seen."""
import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.infra.extensions import Model
from webapp.infra.times import iso, utcnow
from webapp.models.types import UTCDateTime

# The fields of a plan item that a physiotherapist sets (the PlanItem of webapp.core.checklist.prescription).
PLAN_FIELDS = ("kind", "activity", "sets", "reps", "hold_seconds", "minutes", "times_a_day", "from_day", "until_day", "text", "until")


class CarePlanItem(Model):
    """One change to an episode's sourced plan: an exercise prescribed, an item paused, an instruction, an avoid.

    Owned by the athlete (it stays when the care link ends); written only by a linked
    physiotherapist. Removing leaves a tombstone, so that a queued older edit cannot bring it back.
    """

    __tablename__ = "care_plan_items"
    __table_args__ = (Index("ix_care_plan_items_episode", "episode_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    episode_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    activity: Mapped[str | None] = mapped_column(String(40))
    sets: Mapped[int | None] = mapped_column(Integer)
    reps: Mapped[int | None] = mapped_column(Integer)
    hold_seconds: Mapped[int | None] = mapped_column(Integer)
    minutes: Mapped[int | None] = mapped_column(Integer)
    times_a_day: Mapped[int | None] = mapped_column(Integer)
    from_day: Mapped[int | None] = mapped_column(Integer)
    until_day: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    until: Mapped[date | None] = mapped_column(Date)
    client_updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    updated_by = relationship("User", foreign_keys=[updated_by_id])

    def to_dict(self) -> dict:
        return {
            "id": str(self.id), "episode_id": str(self.episode_id),
            **{name: getattr(self, name) for name in PLAN_FIELDS if name != "until"},
            "until": self.until.isoformat() if self.until else None,
            "client_updated_at": iso(self.client_updated_at), "updated_at": iso(self.updated_at),
            "updated_by": self.updated_by.name if self.updated_by else None,
            "removed_at": iso(self.removed_at),
        }


class CarePlanChange(Model):
    """Who changed what in a plan, and when: the history both the athlete and the physiotherapist read.

    What it did is worded from before and after when shown (webapp.services.care_plans.change_summary).
    """

    __tablename__ = "care_plan_changes"
    __table_args__ = (Index("ix_care_plan_changes_episode_at", "episode_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"))
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("care_plan_items.id", ondelete="CASCADE"))
    by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(16))  # added, changed, removed, restored
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    by = relationship("User", foreign_keys=[by_id])

    def to_dict(self) -> dict:
        return {"item_id": str(self.item_id), "at": iso(self.at), "by": self.by.name if self.by else None,
                "action": self.action, "before": self.before, "after": self.after}


class CarePlanState(Model):
    """Per episode: how many changes its plan has had, and how many of them the athlete has seen."""

    __tablename__ = "care_plan_states"

    episode_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    seen_version: Mapped[int] = mapped_column(Integer, default=0)
