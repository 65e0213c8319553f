"""The care team: invites, links between an athlete and a physiotherapist, and what the physiotherapist read."""
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.infra.extensions import Model
from webapp.infra.times import iso, utcnow
from webapp.models.types import UTCDateTime


class Invite(Model):
    """A short single-use code an athlete gives to a physiotherapist."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Stored hashed, like a password: a leaked table gives nobody access.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CareLink(Model):
    __tablename__ = "care_links"
    __table_args__ = (Index("ix_care_links_physio_active", "physio_id", "ended_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    athlete_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    physio_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    athlete = relationship("User", foreign_keys=[athlete_id])
    physio = relationship("User", foreign_keys=[physio_id])

    def to_dict(self) -> dict:
        return {
            "id": str(self.id),
            "patient": {"id": str(self.athlete.id), "name": self.athlete.name},
            "physio": {"id": str(self.physio.id), "name": self.physio.name},
            "created_at": iso(self.created_at),
            "ended_at": iso(self.ended_at),
        }


class AccessLog(Model):
    """One read of a patient's data by a physiotherapist (UTC), shown to the athlete."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_patient_at", "patient_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    physio_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    what: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    physio = relationship("User", foreign_keys=[physio_id])


class ClinicianNote(Model):
    __tablename__ = "clinician_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    physio_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    physio = relationship("User", foreign_keys=[physio_id])
