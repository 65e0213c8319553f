"""An athlete's reminder settings: on or off, the daily time and quiet hours, in their own time zone."""
from datetime import datetime, time

from webapp.core.reminder_schedule import DEFAULT_DAILY_AT, DEFAULT_QUIET, ReminderPreferences
from webapp.infra.extensions import db
from webapp.infra.times import utcnow
from webapp.models import ReminderPreference, User
from webapp.services import push_devices


def _wall(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


def _text(wall: time) -> str:
    return wall.strftime("%H:%M")


def stored_preferences(user: User) -> ReminderPreference:
    """The athlete's settings row, or the defaults (not stored) if they never changed them."""
    return db.session.get(ReminderPreference, user.id) or ReminderPreference(
        user_id=user.id, enabled=False, daily_at=_text(DEFAULT_DAILY_AT), quiet_start=_text(DEFAULT_QUIET[0]), quiet_end=_text(DEFAULT_QUIET[1]),
    )


def schedule_preferences(row: ReminderPreference) -> ReminderPreferences:
    """The settings as the reminder schedule reads them."""
    return ReminderPreferences(
        enabled=bool(row.enabled), daily_at=_wall(row.daily_at) or DEFAULT_DAILY_AT,
        quiet_start=_wall(row.quiet_start), quiet_end=_wall(row.quiet_end),
    )


def save_preferences(user: User, enabled: bool, daily_at: time, quiet_start: time | None, quiet_end: time | None) -> ReminderPreference:
    """Store the settings; turning reminders off removes the athlete's devices on the server too."""
    row = stored_preferences(user)
    row.enabled, row.daily_at = enabled, _text(daily_at)
    # Quiet hours need both ends; one alone means none.
    row.quiet_start, row.quiet_end = (_text(quiet_start), _text(quiet_end)) if quiet_start is not None and quiet_end is not None else (None, None)
    db.session.add(row)
    if not enabled:
        push_devices.remove_all(user)
    db.session.commit()
    return row


def dismiss_invitation(user: User, now: datetime | None = None) -> None:
    """Remember "Not now" on the home page's invitation to turn reminders on."""
    row = stored_preferences(user)
    row.invitation_dismissed_at = now or utcnow()
    db.session.add(row)
    db.session.commit()


def as_dict(row: ReminderPreference) -> dict:
    """The settings as the API gives them."""
    return {"enabled": bool(row.enabled), "daily_at": row.daily_at, "quiet_start": row.quiet_start, "quiet_end": row.quiet_end}
