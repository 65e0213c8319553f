"""A patient's diary as CSV, a FHIR R4 Bundle, JSON, or a printable PDF report."""
import csv
import io
import re
import unicodedata
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import TextIO

from sqlalchemy import select

from webapp.core import codes
from webapp.core.wording import N_, Said
from webapp.infra.extensions import db
from webapp.infra.languages import translate
from webapp.infra.times import iso, utcnow
from webapp.models import AccessLog, Alert, AuditEvent, Entry, Episode, User
from webapp.services import care_plan_exports, push_devices, reminder_preferences
from webapp.services.checklist_progress import adherence_by_episode
from webapp.services.export_words import label, labels, local_iso, red_flag_labels, sortable_time, zone_of

# Readable columns first (local times with their offset, each code's words beside it); the codes stay, as they were, for
# machines, and so do the UTC ISO times and the ids, last.
CSV_COLUMNS = (
    N_("episode_started_local_time"), N_("episode_activity"), N_("recorded_local_time"), N_("episode_day"), N_("pain"),
    N_("region_names"), N_("regions"), N_("side_name"), N_("side"), N_("character_name"), N_("character"),
    N_("movement_name"), N_("movement"), N_("red_flag_names"), N_("red_flags"), N_("treatment_names"), N_("treatments"),
    N_("walk_minutes"), N_("note"), N_("recorded_at"), N_("episode_started_at"), N_("client_updated_at"), N_("updated_at"),
    N_("entry_id"), N_("episode_id"),
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
    """One row per entry, every field: local times and words for a person, beside the codes and UTC ISO times; lists joined with ';'."""
    episodes, entries = _diary(patient)
    zone, tz = patient.timezone, zone_of(patient.timezone)
    by_id = {episode.id: episode for episode in episodes}
    out = io.StringIO()
    writer = SpreadsheetSafeWriter(out)
    # The headers and the words in the reader's language; the codes and the ISO times are the same for every reader.
    writer.writerow([translate(column) for column in CSV_COLUMNS])
    for entry in entries:
        episode = by_id.get(entry.episode_id)
        # Day 1 is the training's day in the patient's zone, as the checklist counts them.
        day = (entry.recorded_at.astimezone(tz).date() - episode.started_at.astimezone(tz).date()).days + 1 if episode else ""
        writer.writerow([
            sortable_time(episode.started_at, zone) if episode else "", episode.activity if episode else "",
            sortable_time(entry.recorded_at, zone), day, entry.pain,
            labels(codes.REGIONS, entry.regions), ";".join(entry.regions or []), label(codes.SIDES, entry.side), entry.side or "",
            label(codes.CHARACTERS, entry.character), entry.character or "", label(codes.MOVEMENTS, entry.movement), entry.movement or "",
            red_flag_labels(entry.red_flags), ";".join(entry.red_flags or []), labels(codes.TREATMENTS, entry.treatments),
            ";".join(entry.treatments or []), "" if entry.walk_minutes is None else entry.walk_minutes, entry.note or "",
            iso(entry.recorded_at), iso(episode.started_at) if episode else "", iso(entry.client_updated_at), iso(entry.updated_at),
            entry.id, entry.episode_id,
        ])
    return out.getvalue()


def _condition(episode: Episode, patient_ref: str, zone: str, observations: list[str]) -> dict:
    """The episode as a Condition: the pain the athlete reported after a training, not a diagnosis (unconfirmed)."""
    condition: dict[str, object] = {
        "resourceType": "Condition", "id": str(episode.id),
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                       "code": "resolved" if episode.resolved_at else "active"}]},
        "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "unconfirmed"}]},
        "code": {"text": translate(Said("Pain after training: %(activity)s", activity=episode.activity))},
        "subject": {"reference": patient_ref}, "onsetDateTime": local_iso(episode.started_at, zone),
    }
    if episode.regions:
        condition["bodySite"] = [{"text": label(codes.REGIONS, region)} for region in episode.regions]
    if episode.resolved_at:
        condition["abatementDateTime"] = local_iso(episode.resolved_at, zone)
    if observations:
        condition["evidence"] = [{"detail": [{"reference": ref} for ref in observations]}]
    if episode.note:
        condition["note"] = [{"text": episode.note}]
    return condition


def fhir_bundle(patient: User) -> dict:
    """An R4 Bundle (collection): the Patient; per episode a Condition, its pain-severity Observations (LOINC 72514-3)
    as its evidence, and its CarePlan; times in the patient's zone, with the offset."""
    episodes, entries = _diary(patient)
    zone = patient.timezone
    patient_ref = f"urn:uuid:{patient.id}"
    resources = [{
        "fullUrl": patient_ref,
        "resource": {"resourceType": "Patient", "id": str(patient.id), "name": [{"text": patient.name}]},
    }]
    observed: dict[uuid.UUID, list[str]] = {episode.id: [] for episode in episodes}
    for entry in entries:
        observation: dict[str, object] = {
            "resourceType": "Observation",
            "id": str(entry.id),
            "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey"}]}],
            "code": {"coding": [{**LOINC_PAIN, "display": translate(LOINC_PAIN["display"])}], "text": translate(N_("Pain severity (0-10)"))},
            "subject": {"reference": patient_ref},
            "effectiveDateTime": local_iso(entry.recorded_at, zone),
            "valueInteger": entry.pain,
        }
        if entry.regions:
            observation["bodySite"] = {"text": ", ".join(translate(codes.REGIONS[r]) for r in entry.regions)}
        if entry.note:
            observation["note"] = [{"text": entry.note}]
        resources.append({"fullUrl": f"urn:uuid:{entry.id}", "resource": observation})
        observed.setdefault(entry.episode_id, []).append(f"urn:uuid:{entry.id}")
    resources += [{"fullUrl": care_plan_exports.condition_ref(episode.id), "resource": _condition(episode, patient_ref, zone, observed[episode.id])}
                  for episode in episodes]
    resources += care_plan_exports.fhir_care_plan_resources(patient, patient_ref)
    return {"resourceType": "Bundle", "type": "collection", "timestamp": local_iso(utcnow(), zone), "entry": resources}


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
