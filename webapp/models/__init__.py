"""Database models, one module per concern."""
from webapp.models.account_records import ROLES, ApiToken, BrowserSession, User
from webapp.models.alert_records import SEVERITIES, STATUSES, Alert, AlertCopy, AlertSettings
from webapp.models.audit_records import AUDIT_EVENTS, AuditEvent
from webapp.models.care_plan_records import PLAN_FIELDS, CarePlanChange, CarePlanItem, CarePlanState
from webapp.models.care_records import AccessLog, CareLink, ClinicianNote, Invite
from webapp.models.checklist_records import ChecklistProgress
from webapp.models.diary_records import CHECKED_BY, NOTE_MAX, ClinicianCheck, Entry, Episode
from webapp.models.reminder_records import DELIVERY_STATUSES, PushDelivery, PushSubscription, Reminder, ReminderPreference

__all__ = [
    "AUDIT_EVENTS", "PLAN_FIELDS", "CarePlanChange", "CarePlanItem", "CarePlanState", "AccessLog", "AuditEvent", "CareLink", "ClinicianNote", "Invite", "NOTE_MAX", "ROLES", "SEVERITIES", "STATUSES", "Alert", "AlertCopy", "AlertSettings", "ApiToken", "BrowserSession", "ChecklistProgress", "CHECKED_BY", "ClinicianCheck", "Entry",
    "Episode", "User", "DELIVERY_STATUSES", "PushDelivery", "PushSubscription", "Reminder", "ReminderPreference",
]
