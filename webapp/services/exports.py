"""A patient's diary as CSV, a FHIR R4 Bundle, JSON, or a printable PDF report."""
import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from typing import TextIO

from sqlalchemy import select

from webapp.core import codes
from webapp.core.wording import N_
from webapp.infra.extensions import db
from webapp.infra.languages import translate
from webapp.infra.times import iso, utcnow
from webapp.models import AccessLog, Alert, AuditEvent, Entry, Episode, User
from webapp.services import care_plan_exports, push_devices, reminder_preferences
from webapp.services.checklist_progress import adherence_by_episode

CSV_COLUMNS = (
    N_("entry_id"), N_("episode_id"), N_("episode_activity"), N_("recorded_at"), N_("pain"), N_("regions"), N_("side"), N_("character"), N_("movement"),
    N_("red_flags"), N_("treatments"), N_("walk_minutes"), N_("note"), N_("client_updated_at"), N_("updated_at"),
)
LOINC_PAIN = {"system": "http://loinc.org", "code": "72514-3", "display": N_("Pain severity - 0-10 verbal numeric rating [Score] - Reported")}


# A text cell starting with one of these is run as a formula by spreadsheets (OWASP, "CSV Injection"); so is a
# look-alike (fullwidth ＝, small ﹢) that a spreadsheet folds to it, as NFKC does.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet whose list separator is not the comma (Spanish, German, French locales: ";") splits a cell at its
# separator, quoted or not, so every piece after a separator starts a cell too. Spaces before a trigger do not
# help: an import that trims them leaves the formula.
PIECE_STARTS = re.compile(r"(?:^|(?<=[,;\t|\r\n]))[^\S\t\r\n]*(.)", re.DOTALL)


def _inert_piece(piece: re.Match[str]) -> str:
    return "'" + piece[0] if unicodedata.normalize("NFKC", piece[1]) in FORMULA_TRIGGERS else piece[0]


def spreadsheet_safe(cell: object) -> object:
    """Make a cell inert in a spreadsheet: a quote before each piece that would start a formula, however the
    spreadsheet splits the cell. Numbers (negative ones too) stay numbers; anything else (ids, None) becomes text."""
    if isinstance(cell, int | float):
        return cell
    return PIECE_STARTS.sub(_inert_piece, "" if cell is None else str(cell))


class SpreadsheetSafeWriter:
    """csv.writer for files people open in a spreadsheet: every text cell quoted and through spreadsheet_safe,
    numbers bare so that they stay numbers."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in row])


def _diary(patient: User) -> tuple[list[Episode], list[Entry]]:
    episodes = list(db.session.scalars(select(Episode).where(Episode.user_id == patient.id).order_by(Episode.started_at)))
    entries = list(db.session.scalars(
        select(Entry).where(Entry.user_id == patient.id, Entry.deleted_at.is_(None)).order_by(Entry.recorded_at, Entry.created_at)
    ))
    return episodes, entries


def checklist_csv(patient: User) -> str:
    """One row per checklist item due or done on each stored day (see care_plan_exports)."""
    return care_plan_exports.checklist_csv(patient, SpreadsheetSafeWriter)


def entries_csv(patient: User) -> str:
    """One row per entry, every field, ISO times; lists joined with ';'."""
    episodes, entries = _diary(patient)
    activity = {e.id: e.activity for e in episodes}
    out = io.StringIO()
    writer = SpreadsheetSafeWriter(out)
    # The headers in the reader's language; the values (codes, ISO times) are the same for every reader.
    writer.writerow([translate(column) for column in CSV_COLUMNS])
    for entry in entries:
        writer.writerow([
            entry.id, entry.episode_id, activity.get(entry.episode_id, ""), iso(entry.recorded_at), entry.pain,
            ";".join(entry.regions or []), entry.side or "", entry.character or "", entry.movement or "",
            ";".join(entry.red_flags or []), ";".join(entry.treatments or []),
            "" if entry.walk_minutes is None else entry.walk_minutes, entry.note or "",
            iso(entry.client_updated_at), iso(entry.updated_at),
        ])
    return out.getvalue()


def fhir_bundle(patient: User) -> dict:
    """An R4 Bundle (collection): the Patient, one pain-severity Observation (LOINC 72514-3) per entry, and the care plans."""
    _, entries = _diary(patient)
    patient_ref = f"urn:uuid:{patient.id}"
    resources = [{
        "fullUrl": patient_ref,
        "resource": {"resourceType": "Patient", "id": str(patient.id), "name": [{"text": patient.name}]},
    }]
    for entry in entries:
        observation: dict[str, object] = {
            "resourceType": "Observation",
            "id": str(entry.id),
            "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey"}]}],
            "code": {"coding": [{**LOINC_PAIN, "display": translate(LOINC_PAIN["display"])}], "text": translate(N_("Pain severity (0-10)"))},
            "subject": {"reference": patient_ref},
            "effectiveDateTime": iso(entry.recorded_at),
            "valueInteger": entry.pain,
        }
        if entry.regions:
            observation["bodySite"] = {"text": ", ".join(translate(codes.REGIONS[r]) for r in entry.regions)}
        if entry.note:
            observation["note"] = [{"text": entry.note}]
        resources.append({"fullUrl": f"urn:uuid:{entry.id}", "resource": observation})
    resources += care_plan_exports.fhir_care_plan_resources(patient, patient_ref)
    return {"resourceType": "Bundle", "type": "collection", "timestamp": iso(utcnow()), "entry": resources}


def diary_json(patient: User) -> dict:
    """Everything the athlete has stored, as the API shows it."""
    episodes, entries = _diary(patient)
    alert_rows = db.session.scalars(select(Alert).where(Alert.user_id == patient.id).order_by(Alert.raised_at))
    return {
        "account": patient.to_dict(),
        "episodes": [e.to_dict() for e in episodes],
        "entries": [e.to_dict() for e in entries],
        "alerts": [a.to_dict() for a in alert_rows],
        "checklists": [
            {"episode_id": str(p.episode_id), "day": p.day.isoformat(), "phase": p.phase, "due": p.due, "done": p.done,
             "feedback": p.feedback or {}}
            for days in adherence_by_episode([episode.id for episode in episodes]).values() for p in days
        ],
        "care_plans": care_plan_exports.plans_json(patient, episodes),
        "access_log": [
            {"at": iso(row.at), "physio": row.physio.name if row.physio else None, "what": row.what}
            for row in db.session.scalars(select(AccessLog).where(AccessLog.patient_id == patient.id).order_by(AccessLog.at))
        ],
        "security_events": [
            event.to_dict()
            for event in db.session.scalars(select(AuditEvent).where(AuditEvent.user_id == patient.id).order_by(AuditEvent.at))
        ],
        "reminders": reminder_preferences.as_dict(reminder_preferences.stored_preferences(patient)),
        "reminder_devices": [push_devices.as_dict(device) for device in push_devices.devices_of(patient)],
        "exported_at": iso(utcnow()),
    }


def filename(patient: User, extension: str) -> str:
    """The download's name, the patient's name in its own script (the response header encodes it, RFC 6266)."""
    safe = "".join(ch if ch.isalnum() else "-" for ch in patient.name.lower()).strip("-") or "patient"
    return f"backontrack-{safe}-{datetime.now():%Y%m%d}.{extension}"
