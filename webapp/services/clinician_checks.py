"""The athlete's record that a clinician checked them after a red flag.

Without a linked physiotherapist, "seek care now" would otherwise stay on the episode
for good, and deleting the flag would be the only way out. The record keeps the flag
and its alert in the history (the alert is acknowledged, with what the athlete wrote),
ends the emergency-only plan, and covers the flags the server had when it was made;
a flag reported after it is new (webapp.core.checklist.schedule, core.rules.checks).
"""
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from webapp.core.wording import Said
from webapp.infra.extensions import db
from webapp.infra.times import utcnow
from webapp.models import Alert, ClinicianCheck, Entry, Episode, User
from webapp.services import alerts
from webapp.services.invalid_input import InvalidFields


def checks_of(episode: Episode) -> list[ClinicianCheck]:
    return list(db.session.scalars(
        select(ClinicianCheck).where(ClinicianCheck.episode_id == episode.id).order_by(ClinicianCheck.created_at)
    ))


def latest_flag_at(episode: Episode) -> datetime | None:
    """When the latest red flag of the episode was felt, deleted entries included: a deletion does not unsay it."""
    rows = db.session.execute(select(Entry.recorded_at, Entry.red_flags).where(Entry.episode_id == episode.id)).all()
    return max((row.recorded_at for row in rows if row.red_flags), default=None)


def record_check(
    athlete: User, episode: Episode, checked_by: str, clinician: str | None, checked_at: datetime, note: str | None,
    now: datetime | None = None,
) -> ClinicianCheck:
    """Store the check, acknowledge the red-flag alert with it, and re-judge the episode."""
    now = now or utcnow()
    flagged_at = latest_flag_at(episode)
    if flagged_at is None:
        raise InvalidFields({"checked_by": [Said("This episode has no warning sign for a clinician to check.")]})
    if checked_at < flagged_at:
        # A check before the sign cannot have covered it: the sign would leave the emergency plan unseen.
        raise InvalidFields({"checked_at": [Said(
            "The check must come after the last warning sign you logged (%(when)s).", when=flagged_at.astimezone(ZoneInfo(athlete.timezone)).strftime("%Y-%m-%d %H:%M"),
        )]})
    check = ClinicianCheck(
        user_id=athlete.id, episode_id=episode.id, checked_by=checked_by, clinician=clinician, checked_at=checked_at,
        note=note, created_at=now,
    )
    db.session.add(check)
    episode.clinician_checked_at = now
    for alert in db.session.scalars(select(Alert).where(Alert.episode_id == episode.id, Alert.rule == "red_flag")):
        if alert.status == "open":
            alert.status, alert.acknowledged_at, alert.acknowledged_by_id = "acknowledged", now, athlete.id
            alert.acknowledge_note = note[:1000] if note else None
    db.session.flush()
    alerts.refresh_alerts([episode.id], now)
    db.session.commit()
    return check
