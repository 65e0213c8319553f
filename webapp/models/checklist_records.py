"""What the athlete ticked off each day of an episode's recovery checklist."""
import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.infra.extensions import Model
from webapp.infra.times import utcnow
from webapp.models.types import UTCDateTime


class ChecklistProgress(Model):
    """One day's checklist for one episode: the items due that day and those done (adherence = done / due)."""

    __tablename__ = "checklist_progress"
    __table_args__ = (UniqueConstraint("episode_id", "day", name="uq_checklist_progress_episode_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    phase: Mapped[str] = mapped_column(String(24))
    due: Mapped[list] = mapped_column(JSON, default=list)
    done: Mapped[list] = mapped_column(JSON, default=list)
    # Per item ticked: {"pain": 0-10 during the exercise, "effort": too_hard | fine | too_easy}, either may be absent.
    feedback: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def adherence(self) -> float:
        due = set(self.due or [])
        return len(due & set(self.done or [])) / len(due) if due else 0.0
