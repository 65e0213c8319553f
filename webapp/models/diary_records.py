"""The pain diary: episodes and their entries."""
import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.rules.facts import flags_reviewed_at
from webapp.core.wording import N_
from webapp.infra.extensions import Model
from webapp.infra.times import iso, utcnow
from webapp.models.types import UTCDateTime

NOTE_MAX = 2000


class Episode(Model):
    """One bout of pain after a training session or an incident."""

    __tablename__ = "episodes"
    __table_args__ = (
        CheckConstraint("rpe IS NULL OR (rpe BETWEEN 1 AND 10)", name="rpe"),
        Index("ix_episodes_user_started", "user_id", "started_at"),
    )

    # Made by the client, so a phone can create it offline and send it again safely.
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    activity: Mapped[str] = mapped_column(String(100))
    exercises: Mapped[str | None] = mapped_column(String(200))
    rpe: Mapped[int | None] = mapped_column(Integer)
    load_increase_percent: Mapped[int | None] = mapped_column(Integer)
    new_exercise: Mapped[bool | None] = mapped_column(Boolean)
    onset: Mapped[str] = mapped_column(String(16))
    regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    side: Mapped[str | None] = mapped_column(String(16))
    character: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Pain logged after the athlete closed the episode opened it again, at this moment.
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A linked physiotherapist reviewed the red flags reported up to this moment and cleared graded recovery.
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cleared_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # When the athlete last recorded that a clinician checked them (ClinicianCheck.created_at): like a clearance,
    # it covers the red flags the server had by then.
    clinician_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the recurrence rule reads of this episode's live entries (webapp.services.pain_courses), kept
    # in each diary write's transaction so that judging a later episode reads one row, not every entry.
    # NULL: not worked out yet (rows older than the column); the readers then ask the entries.
    pain_course: Mapped[list | None] = mapped_column(JSON(none_as_null=True))
    client_updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    cleared_by = relationship("User", foreign_keys=[cleared_by_id])
    entries: Mapped[list["Entry"]] = relationship(
        back_populates="episode", order_by="(Entry.recorded_at, Entry.created_at)", passive_deletes=True
    )

    @property
    def is_active(self) -> bool:
        return self.resolved_at is None

    @property
    def flags_reviewed_at(self) -> datetime | None:
        return flags_reviewed_at(self.cleared_at, self.clinician_checked_at)

    def to_dict(self) -> dict:
        return {
            "id": str(self.id),
            "started_at": iso(self.started_at),
            "activity": self.activity,
            "exercises": self.exercises,
            "rpe": self.rpe,
            "load_increase_percent": self.load_increase_percent,
            "new_exercise": self.new_exercise,
            "onset": self.onset,
            "regions": list(self.regions or []),
            "side": self.side,
            "character": self.character,
            "note": self.note,
            "resolved_at": iso(self.resolved_at),
            "reopened_at": iso(self.reopened_at),
            "cleared_at": iso(self.cleared_at),
            "cleared_by": {"id": str(self.cleared_by.id), "name": self.cleared_by.name} if self.cleared_by else None,
            "clinician_checked_at": iso(self.clinician_checked_at),
            "client_updated_at": iso(self.client_updated_at),
            "updated_at": iso(self.updated_at),
        }


class Entry(Model):
    """A pain log at one moment; several a day are allowed."""

    __tablename__ = "entries"
    __table_args__ = (
        CheckConstraint("pain BETWEEN 0 AND 10", name="pain"),
        CheckConstraint("walk_minutes IS NULL OR walk_minutes >= 0", name="walk_minutes"),
        Index("ix_entries_episode_recorded", "episode_id", "recorded_at"),
        Index("ix_entries_user_updated", "user_id", "updated_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # The owner is kept on the entry too: every read is "my entries since ...".
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    episode_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    pain: Mapped[int] = mapped_column(Integer)
    regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    side: Mapped[str | None] = mapped_column(String(16))
    character: Mapped[str | None] = mapped_column(String(16))
    movement: Mapped[str | None] = mapped_column(String(16))
    red_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    treatments: Mapped[list[str]] = mapped_column(JSON, default=list)
    swelling: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    walk_minutes: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    # A deletion is a tombstone, so that other devices learn of it when they sync.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    client_updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    episode: Mapped[Episode] = relationship(back_populates="entries")

    def to_dict(self) -> dict:
        return {
            "id": str(self.id),
            "episode_id": str(self.episode_id),
            "recorded_at": iso(self.recorded_at),
            "pain": self.pain,
            "regions": list(self.regions or []),
            "side": self.side,
            "character": self.character,
            "movement": self.movement,
            "red_flags": list(self.red_flags or []),
            "treatments": list(self.treatments or []),
            "swelling": bool(self.swelling),
            "walk_minutes": self.walk_minutes,
            "note": self.note,
            "deleted": self.deleted_at is not None,
            "client_updated_at": iso(self.client_updated_at),
            "updated_at": iso(self.updated_at),
        }


# Who checked the athlete, as the athlete says it.
CHECKED_BY = {
    "emergency": N_("An emergency department"), "doctor": N_("A doctor (GP, urgent care or other)"),
    "physio": N_("A physiotherapist"), "other": N_("Another clinician"),
}


class ClinicianCheck(Model):
    """The athlete's record that a clinician checked them after a red flag: who, when, and what they said.

    It keeps the flag and its alert in the history and ends the emergency-only plan
    (webapp.core.checklist.schedule); a flag reported after it is new.
    """

    __tablename__ = "clinician_checks"
    __table_args__ = (
        CheckConstraint(f"checked_by IN ({', '.join(repr(code) for code in CHECKED_BY)})", name="checked_by"),
        Index("ix_clinician_checks_episode", "episode_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    episode_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"))
    checked_by: Mapped[str] = mapped_column(String(16))
    # The clinic, service or person, as the athlete names it.
    clinician: Mapped[str | None] = mapped_column(String(100))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def to_dict(self) -> dict:
        return {
            "id": str(self.id), "episode_id": str(self.episode_id), "checked_by": self.checked_by,
            "clinician": self.clinician, "checked_at": iso(self.checked_at), "note": self.note,
            "created_at": iso(self.created_at),
        }
