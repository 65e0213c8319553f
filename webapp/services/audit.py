"""Writing the audit log of authentication events (physiotherapist reads go to the access log)."""
import uuid
from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import select

from webapp.infra.extensions import db
from webapp.models import AuditEvent, User


def record(event: str, user_id: uuid.UUID | None = None) -> None:
    """Add an event about this request to the session; the caller's commit stores it with its cause."""
    if has_request_context():
        channel = "api" if request.blueprint == "api" else "web"
        ip, user_agent = request.remote_addr, (request.user_agent.string[:200] or None)
    else:
        channel, ip, user_agent = "cli", None, None
    db.session.add(AuditEvent(event=event, user_id=user_id, channel=channel, ip=ip, user_agent=user_agent))


def recent_events(user: User, limit: int = 20) -> list[AuditEvent]:
    """Return the account's latest authentication events, newest first."""
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.user_id == user.id).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    ))


def events_since(since: datetime, event: str | None = None) -> list[AuditEvent]:
    """Return every account's events since a moment, oldest first (for an operator's investigation)."""
    query = select(AuditEvent).where(AuditEvent.at >= since)
    if event:
        query = query.where(AuditEvent.event == event)
    return list(db.session.scalars(query.order_by(AuditEvent.at, AuditEvent.id)))
