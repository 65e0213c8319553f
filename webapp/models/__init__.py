"""Database models, one module per concern."""
from webapp.models.accounts import ROLES, ApiToken, BrowserSession, User
from webapp.models.audit import AUDIT_EVENTS, AuditEvent
from webapp.models.alerts import SEVERITIES, STATUSES, Alert, AlertSettings
from webapp.models.care import AccessLog, CareLink, ClinicianNote, Invite
from webapp.models.checklists import ChecklistProgress
from webapp.models.diary import NOTE_MAX, Entry, Episode

__all__ = [
    "AUDIT_EVENTS", "AccessLog", "AuditEvent", "CareLink", "ClinicianNote", "Invite", "NOTE_MAX", "ROLES", "SEVERITIES", "STATUSES", "Alert", "AlertSettings", "ApiToken", "BrowserSession", "ChecklistProgress", "Entry",
    "Episode", "User",
]
