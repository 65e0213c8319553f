"""Alerts raised by the rules engine, and per-patient threshold overrides."""
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.clinician_words import CLINICIAN_WORDS
from webapp.core.sources import claim_ids, without_refs
from webapp.core.wording import N_, Said, render
from webapp.infra.extensions import Model, db
from webapp.infra.languages import format_day, reworded, translate
from webapp.infra.times import iso, utcnow
from webapp.models.account_records import User
from webapp.models.types import UTCDateTime

SEVERITIES = ("urgent", "warning", "advice")
# How webapp.services.care words a physiotherapist's close, with who and their note after it.
RESOLVED_BY = (N_("closed by %(who)s"), N_("cleared for graded recovery by %(who)s"))
STATUSES = ("open", "acknowledged", "resolved")
WITHDRAWN_NOTE = N_("(the athlete has since deleted this entry or taken this out of it)")


class Alert(Model):
    __tablename__ = "alerts"
    __table_args__ = (
        # One alert per rule per episode: replays and concurrent sweeps cannot duplicate one.
        UniqueConstraint("episode_id", "rule", name="uq_alerts_episode_rule"),
        CheckConstraint("severity IN ('urgent', 'warning', 'advice')", name="severity"),
        CheckConstraint("status IN ('open', 'acknowledged', 'resolved')", name="status"),
        Index("ix_alerts_user_status", "user_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    episode_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")
    # What the alert says, as what it is: the English template (the catalogue's msgid) and its figures;
    # the sentence is made when shown, in the reader's language (webapp.core.wording).
    message: Mapped[str] = mapped_column(Text)
    message_params: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    why: Mapped[str] = mapped_column(Text)
    # Each item: {template, params} and the entry or episode it names.
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    # Every evidence key seen so far: a closed alert opens again only for a key not in here.
    evidence_keys: Mapped[list] = mapped_column(JSON, default=list)
    source: Mapped[list] = mapped_column(JSON, default=list)
    thresholds: Mapped[dict] = mapped_column(JSON, default=dict)
    overridden: Mapped[list] = mapped_column(JSON, default=list)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What raised (or reopened) it: a request of the athlete's own ("athlete", who saw it on the page), the
    # sweep or a physiotherapist's change. Only the last two are pushed to the athlete's devices.
    raised_via: Mapped[str] = mapped_column(String(16), default="athlete", server_default="athlete")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    acknowledge_note: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution: Mapped[str | None] = mapped_column(String(200))

    acknowledged_by = relationship("User", foreign_keys=[acknowledged_by_id])

    def resolution_said(self) -> str | None:
        return alert_resolution_said(self)

    def said(self, clinical: bool = False) -> str:
        return alert_said(self, clinical)

    def evidence_said(self, clinical: bool = False) -> list[dict]:
        return alert_evidence_said(self, clinical)

    def to_dict(self) -> dict:
        return alert_json(self)


@dataclass
class AlertCopy:
    """An alert's row as a write leaves it, read as columns: what the write answers with, without an Alert object."""

    id: uuid.UUID
    user_id: uuid.UUID
    episode_id: uuid.UUID
    rule: str
    severity: str
    status: str
    message: str
    message_params: dict
    why: str
    evidence: list
    evidence_keys: list
    source: list
    thresholds: dict
    overridden: list
    raised_at: datetime
    raised_via: str
    updated_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_by_id: uuid.UUID | None = None
    acknowledge_note: str | None = None
    resolved_at: datetime | None = None
    resolution: str | None = None

    @property
    def acknowledged_by(self) -> User | None:
        return db.session.get(User, self.acknowledged_by_id) if self.acknowledged_by_id is not None else None

    def to_dict(self) -> dict:
        return alert_json(self)


# The wording of an alert or an AlertCopy: anything with an alert's columns.
def alert_resolution_said(alert: Any) -> str | None:
    """Why it resolved, in the reader's language (a physiotherapist's close keeps their name and note as written)."""
    if not alert.resolution:
        return alert.resolution
    for template in RESOLVED_BY:
        prefix = template.split("%(")[0]
        if alert.resolution.startswith(prefix):
            return translate(Said(template, who=alert.resolution[len(prefix):]))
    return translate(alert.resolution)


def _words(clinical: bool) -> Callable[[str], str]:
    # A physiotherapist reads the patient's alert as a finding about the patient, in the same language.
    return reworded(CLINICIAN_WORDS) if clinical else translate


def alert_said(alert: Any, clinical: bool = False) -> str:
    """The message in the reader's language; clinical: in the words of a clinician reading about the patient."""
    return render(alert.message, alert.message_params or {}, _words(clinical), format_day)


def alert_evidence_said(alert: Any, clinical: bool = False) -> list[dict]:
    """The evidence in the reader's language: each item's text, and the entry or episode it names."""
    words = _words(clinical)
    return [
        {"text": render(item.get("template", item.get("text", "")), item.get("params") or {}, words, format_day)
         + (" " + translate(WITHDRAWN_NOTE) if item.get("withdrawn") else ""),
         **{name: item[name] for name in ("entry_id", "episode_id") if item.get(name) is not None},
         # The athlete deleted the entry, or changed it so that it no longer says this: the fact stays in the history.
         **({"withdrawn": True} if item.get("withdrawn") else {})}
        for item in alert.evidence or []
    ]


def alert_json(alert: Any) -> dict:
    acknowledged_by = alert.acknowledged_by
    return {
        "id": str(alert.id),
        "rule": alert.rule,
        "severity": alert.severity,
        "status": alert.status,
        "episode_id": str(alert.episode_id),
        "raised_at": iso(alert.raised_at),
        "message": alert_said(alert),
        "why": without_refs(translate(alert.why)),
        "evidence": alert_evidence_said(alert),
        # Readable claims (GET /api/v1/sources), not the line references the rules keep.
        "source": claim_ids(alert.source or []),
        "thresholds": dict(alert.thresholds or {}),
        "overridden": list(alert.overridden or []),
        "acknowledged_at": iso(alert.acknowledged_at),
        "acknowledged_by": (
            {"id": str(acknowledged_by.id), "name": acknowledged_by.name, "role": acknowledged_by.role} if acknowledged_by else None
        ),
        "acknowledge_note": alert.acknowledge_note,
        "resolved_at": iso(alert.resolved_at),
        "resolution": alert_resolution_said(alert),
    }


class AlertSettings(Model):
    """A patient's threshold overrides, set by their physiotherapist."""

    __tablename__ = "alert_settings"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    overrides: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
