"""The care team: an athlete invites a physiotherapist, who may then read (and only then) that athlete's diary.

A physiotherapist never learns that an unlinked patient exists: every miss is NotFound.
"""
import hashlib
import secrets
import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any, TypedDict

from sqlalchemy import func, or_, select, type_coerce
from sqlalchemy.types import NullType

from webapp.core.checklist.adherence import TickedDay
from webapp.core.patient_rows import ADHERENCE_DAYS, SPARKLINE_DAYS, OpenAlert, PatientRow, patient_row
from webapp.core.rules import threshold_problems
from webapp.core.rules.facts import EpisodeFacts
from webapp.core.wording import N_
from webapp.infra.extensions import db
from webapp.infra.raw_values import by_raw_id, day_of, string_tuple, utc
from webapp.infra.times import utcnow
from webapp.models import SEVERITIES, AccessLog, Alert, AlertSettings, CareLink, ChecklistProgress, ClinicianNote, Entry, Episode, Invite, User
from webapp.models.alert_records import RESOLVED_BY
from webapp.services import alerts
from webapp.services.diary import NotFound
from webapp.services.invalid_input import InvalidFields

INVITE_DAYS = 7
# No 0/O, 1/I/L: codes are read aloud and typed from a screen.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _digest(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def create_invite(athlete: User) -> tuple[str, datetime]:
    """Make a single-use code for the athlete; return it (shown once) and its expiry."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    expires_at = utcnow() + timedelta(days=INVITE_DAYS)
    db.session.add(Invite(athlete_id=athlete.id, code_hash=_digest(raw), expires_at=expires_at))
    db.session.commit()
    return f"{raw[:4]}-{raw[4:]}", expires_at


def redeem_invite(physio: User, code: str) -> CareLink:
    """Link the physiotherapist to the athlete whose unexpired, unused code this is."""
    invite = db.session.scalar(select(Invite).where(Invite.code_hash == _digest(code)))
    now = utcnow()
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        raise InvalidFields({"code": [N_("This code is not valid: it may be mistyped, used already, or expired. Ask for a new one.")]})
    invite.used_at = now
    link = db.session.scalar(
        select(CareLink).where(CareLink.athlete_id == invite.athlete_id, CareLink.physio_id == physio.id, CareLink.ended_at.is_(None))
    )
    if link is None:
        link = CareLink(athlete_id=invite.athlete_id, physio_id=physio.id)
        db.session.add(link)
    db.session.commit()
    return link


def links_of(user: User) -> list[CareLink]:
    """Return the user's active care links, newest first."""
    side = CareLink.physio_id if user.is_physio else CareLink.athlete_id
    return list(db.session.scalars(select(CareLink).where(side == user.id, CareLink.ended_at.is_(None)).order_by(CareLink.created_at.desc())))


def end_link(user: User, link_id: uuid.UUID) -> None:
    """End a link from either side; access stops at once."""
    link = db.session.get(CareLink, link_id)
    if link is None or user.id not in (link.athlete_id, link.physio_id) or link.ended_at is not None:
        raise NotFound
    link.ended_at, link.ended_by_id = utcnow(), user.id
    db.session.commit()


def linked_patient(physio: User, patient_id: uuid.UUID, what: str | None = None) -> User:
    """Return the patient if linked to this physiotherapist now, writing the read to the access log."""
    link = db.session.scalar(
        select(CareLink).where(CareLink.physio_id == physio.id, CareLink.athlete_id == patient_id, CareLink.ended_at.is_(None))
    )
    if link is None:
        raise NotFound
    if what:
        db.session.add(AccessLog(patient_id=patient_id, physio_id=physio.id, what=what))
        db.session.commit()
    return link.athlete


def may_see_patient(user: User, patient_id: uuid.UUID) -> bool:
    """Tell whether the user is the patient or their linked physiotherapist."""
    if user.id == patient_id:
        return True
    return user.is_physio and db.session.scalar(
        select(CareLink.id).where(CareLink.physio_id == user.id, CareLink.athlete_id == patient_id, CareLink.ended_at.is_(None))
    ) is not None


def access_log_of(athlete: User, limit: int = 100) -> list[AccessLog]:
    return list(db.session.scalars(
        select(AccessLog).where(AccessLog.patient_id == athlete.id).order_by(AccessLog.at.desc()).limit(limit)
    ))


def reads_since(since: datetime) -> list[AccessLog]:
    """Return every physiotherapist's reads of patient data since a moment, oldest first."""
    return list(db.session.scalars(select(AccessLog).where(AccessLog.at >= since).order_by(AccessLog.at, AccessLog.id)))


def _raw(column: Any) -> Any:
    return type_coerce(column, NullType())


class TriagedPatient(TypedDict):
    """One row of a physiotherapist's patient list."""

    patient: User
    open_alerts: dict[str, int]
    last_entry_at: datetime | None
    days_since_last_log: int | None
    trend: list[int | None]
    summary: PatientRow


def triaged_patients(physio: User, now: datetime | None = None) -> list[TriagedPatient]:
    """Return the linked patients, most urgent first, in six queries whatever their number."""
    now = now or utcnow()
    patients = list(db.session.scalars(
        select(User).join(CareLink, CareLink.athlete_id == User.id)
        .where(CareLink.physio_id == physio.id, CareLink.ended_at.is_(None))
    ))
    ids = [p.id for p in patients]
    # Raw column values (webapp.infra.raw_values) where rows per patient are read: converted cheaply.
    open_alerts: dict[uuid.UUID, list[OpenAlert]] = {patient_id: [] for patient_id in ids}
    alerts_of = by_raw_id(open_alerts)
    for user_id, rule, severity, raised_at in db.session.execute(
        select(_raw(Alert.user_id), Alert.rule, Alert.severity, _raw(Alert.raised_at)).where(Alert.user_id.in_(ids), Alert.status == "open")
    ):
        alerts_of[user_id].append(OpenAlert(rule, severity, utc(raised_at)))
    counts = {patient_id: {severity: sum(a.severity == severity for a in found) for severity in SEVERITIES}
              for patient_id, found in open_alerts.items()}
    last = dict(db.session.execute(
        select(Entry.user_id, func.max(Entry.recorded_at)).where(Entry.user_id.in_(ids), Entry.deleted_at.is_(None))
        .group_by(Entry.user_id)
    ).all())
    # The sparkline's days are the athlete's calendar days, today and the 14 before: 15 days back is on the day before
    # its first in any zone. Likewise 7 days back for the week of the checklist, the UTC date a day early at most.
    readings: dict[uuid.UUID, list[tuple[datetime, int]]] = {patient_id: [] for patient_id in ids}
    readings_of = by_raw_id(readings)
    for user_id, recorded_at, pain in db.session.execute(
        select(_raw(Entry.user_id), _raw(Entry.recorded_at), Entry.pain)
        .where(Entry.user_id.in_(ids), Entry.deleted_at.is_(None), Entry.recorded_at >= now - timedelta(days=SPARKLINE_DAYS))
    ):
        readings_of[user_id].append((utc(recorded_at), pain))
    week_start = now - timedelta(days=ADHERENCE_DAYS)
    zones = {p.id: p.timezone for p in patients}
    episodes: dict[uuid.UUID, list[EpisodeFacts]] = defaultdict(list)
    for episode_id, user_id, started_at, onset, activity, resolved_at in db.session.execute(
        select(Episode.id, Episode.user_id, Episode.started_at, Episode.onset, Episode.activity, Episode.resolved_at)
        .where(Episode.user_id.in_(ids), or_(Episode.resolved_at.is_(None), Episode.resolved_at >= week_start))
    ):
        episodes[user_id].append(EpisodeFacts(str(episode_id), started_at, onset, activity, resolved_at=resolved_at, zone=zones[user_id]))
    ticked: dict[uuid.UUID, list[TickedDay]] = {patient_id: [] for patient_id in ids}
    ticked_of = by_raw_id(ticked)
    for user_id, day, due, done in db.session.execute(
        select(_raw(ChecklistProgress.user_id), _raw(ChecklistProgress.day), _raw(ChecklistProgress.due), _raw(ChecklistProgress.done))
        .where(ChecklistProgress.user_id.in_(ids), ChecklistProgress.day >= week_start.date())
    ):
        ticked_of[user_id].append(TickedDay(day_of(day), string_tuple(due), string_tuple(done), {}))
    rows: list[TriagedPatient] = []
    for patient in patients:
        summary = patient_row(
            now, patient.timezone, physio.timezone, readings[patient.id], last.get(patient.id),
            episodes[patient.id], ticked[patient.id], open_alerts[patient.id], SEVERITIES,
        )
        rows.append({
            "patient": patient,
            "open_alerts": counts[patient.id],
            "last_entry_at": last.get(patient.id),
            "days_since_last_log": (now - last[patient.id]).days if last.get(patient.id) else None,
            "trend": list(summary.daily),
            "summary": summary,
        })
    epoch = datetime.min.replace(tzinfo=now.tzinfo)
    rows.sort(key=lambda r: (
        -r["open_alerts"]["urgent"], -r["open_alerts"]["warning"], -r["open_alerts"]["advice"],
        -(r["last_entry_at"] or epoch).timestamp(),
    ))
    return rows


def set_thresholds(physio: User, patient: User, overrides: dict) -> AlertSettings:
    """Store a patient's threshold overrides (None removes one) and re-evaluate their open episodes."""
    problems = threshold_problems(overrides)
    if problems:
        raise InvalidFields(problems)
    settings = db.session.get(AlertSettings, patient.id) or AlertSettings(user_id=patient.id, overrides={})
    merged = {**(settings.overrides or {}), **overrides}
    settings.overrides = {name: value for name, value in merged.items() if value is not None}
    settings.updated_by_id = physio.id
    db.session.add(settings)
    active = db.session.scalars(select(Episode.id).where(Episode.user_id == patient.id, Episode.resolved_at.is_(None))).all()
    alerts.refresh_alerts(active, origin="physio")
    db.session.commit()
    return settings


def add_note(physio: User, patient: User, text: str) -> ClinicianNote:
    note = ClinicianNote(patient_id=patient.id, physio_id=physio.id, text=text)
    db.session.add(note)
    db.session.commit()
    return note


def notes_of(patient: User) -> list[ClinicianNote]:
    return list(db.session.scalars(select(ClinicianNote).where(ClinicianNote.patient_id == patient.id).order_by(ClinicianNote.created_at.desc())))


def close_alert(physio: User, alert: Alert, note: str | None) -> Alert:
    """A physiotherapist closes an alert; it opens again only on new evidence.

    Closing a red-flag alert is a clearance: the physiotherapist has reviewed the
    flags, and the episode's plan moves on to graded recovery.
    """
    if alert.rule == "red_flag":
        clear_episode(physio, db.session.get_one(Episode, alert.episode_id), note)
    elif alert.status != "resolved":
        alert.status, alert.resolved_at = "resolved", utcnow()
        alert.resolution = (RESOLVED_BY[0] % {"who": physio.name} + (f": {note}" if note else ""))[:200]
        db.session.commit()
    return alert


def clear_episode(physio: User, episode: Episode, note: str | None) -> Episode:
    """Record that a linked physiotherapist reviewed the red flags reported so far and cleared graded recovery.

    The red-flag alert resolves with who and when; a flag reported after this moment
    is new and brings the see-a-clinician plan back.
    """
    linked_patient(physio, episode.user_id)
    now = utcnow()
    episode.cleared_at, episode.cleared_by_id = now, physio.id
    for alert in db.session.scalars(select(Alert).where(Alert.episode_id == episode.id, Alert.rule == "red_flag")):
        if alert.status != "resolved":
            alert.status, alert.resolved_at = "resolved", now
            alert.resolution = (RESOLVED_BY[1] % {"who": physio.name} + (f": {note}" if note else ""))[:200]
    db.session.flush()
    alerts.refresh_alerts([episode.id], now, origin="physio")
    db.session.commit()
    return episode


def visible_alert(user: User, alert_id: uuid.UUID) -> Alert:
    """Return an alert its athlete or their linked physiotherapist may act on."""
    alert = db.session.get(Alert, alert_id)
    if alert is None or not may_see_patient(user, alert.user_id):
        raise NotFound
    return alert


