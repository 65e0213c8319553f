"""A patient's diary as CSV, a FHIR R4 Bundle, JSON, or a printable PDF report."""
import csv
import io
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, TextIO
from xml.sax.saxutils import escape

from sqlalchemy import select, type_coerce
from sqlalchemy.types import NullType

from webapp.core import codes
from webapp.core.charts import ChartEntry, pain_chart
from webapp.core.timeline import Timeline
from webapp.infra.extensions import db
from webapp.infra.raw_values import by_raw_id, utc
from webapp.infra.times import day_bounds, iso, utcnow
from webapp.models import AccessLog, Alert, AuditEvent, ClinicianNote, Entry, Episode, User
from webapp.services import care_plan_exports, history, push_devices, reminder_preferences
from webapp.services.checklist_progress import adherence_by_episode

CSV_COLUMNS = (
    "entry_id", "episode_id", "episode_activity", "recorded_at", "pain", "regions", "side", "character", "movement",
    "red_flags", "treatments", "walk_minutes", "note", "client_updated_at", "updated_at",
)
LOINC_PAIN = {"system": "http://loinc.org", "code": "72514-3", "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}


# A text cell starting with one of these is run as a formula by spreadsheets (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: object) -> object:
    """Make a text cell inert in a spreadsheet by prefixing a quote; numbers (negative ones too) stay numbers."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


class SpreadsheetSafeWriter:
    """csv.writer for files people open in a spreadsheet: every text cell goes through spreadsheet_safe."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out)

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
    writer.writerow(CSV_COLUMNS)
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
            "code": {"coding": [LOINC_PAIN], "text": "Pain severity (0-10)"},
            "subject": {"reference": patient_ref},
            "effectiveDateTime": iso(entry.recorded_at),
            "valueInteger": entry.pain,
        }
        if entry.regions:
            observation["bodySite"] = {"text": ", ".join(codes.REGIONS[r] for r in entry.regions)}
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
        "care_plans": care_plan_exports.plans_json(episodes),
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


def pdf_report(patient: User, generated_for: str, since: date | None = None, until: date | None = None, paper: str = "a4",
               notes: Sequence[ClinicianNote] = ()) -> bytes:
    """A one-minute read: who, which period, the pain chart, episodes, alerts and checklist adherence.

    since/until: whole days; the episodes that touch them and the alerts of those episodes that are open or were
    raised in the period (the whole diary when not given). paper: "a4" or "letter". notes: the clinical notes to
    include (a physiotherapist's copy; those of the period are printed).
    """
    from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    # Whole days in the patient's own time zone.
    starts, ends = day_bounds(since, until, patient.timezone or "UTC")
    now = utcnow()
    every_episode = history.all_episodes(patient)
    episodes = history.episodes_in(every_episode, starts, ends)
    # Only what the report draws, grouped once: time and pain of each live entry.
    readings: dict[uuid.UUID, list[tuple[datetime, int]]] = {episode.id: [] for episode in episodes}
    by_key = by_raw_id(readings)
    row: Any
    for row in db.session.execute(
        select(type_coerce(Entry.episode_id, NullType()), type_coerce(Entry.recorded_at, NullType()), Entry.pain)
        .where(Entry.user_id == patient.id, Entry.deleted_at.is_(None)).order_by(Entry.recorded_at, Entry.created_at)
    ):
        if row[0] in by_key:  # an episode outside the period is not drawn
            by_key[row[0]].append((utc(row[1]), row[2]))
    styles = getSampleStyleSheet()
    story = []
    first = min((e.started_at for e in episodes), default=None)
    if since or until:
        period = f"{since:%d %b %Y} to " if since else "up to "
        period += f"{until:%d %b %Y}" if until else f"{now:%d %b %Y}"
    else:
        period = f"{first:%d %b %Y} to {now:%d %b %Y}" if first else "no entries yet"
    story += [
        Paragraph(f"BackOnTrack report: {escape(patient.name)}", styles["Title"]),
        Paragraph(f"Period: {period}. Generated {now:%d %b %Y %H:%M} UTC for {escape(generated_for)}.", styles["Normal"]),
        Paragraph("General information from the athlete's own diary, not a diagnosis.", styles["Italic"]),
        Spacer(1, 4 * mm),
    ]
    latest = episodes[-1] if episodes else None
    if latest:
        chart = pain_chart(latest.started_at, [ChartEntry(at, pain) for at, pain in readings[latest.id]])
        drawing = Drawing(chart.width, chart.height)
        for band in chart.bands:
            drawing.add(Rect(band.x, chart.height - chart.plot_bottom, band.width, chart.plot_bottom - chart.plot_top,
                             fillColor=colors.HexColor("#d5ebe3"), strokeColor=None))
        drawing.add(Line(chart.plot_left, chart.height - chart.plot_bottom, chart.plot_right, chart.height - chart.plot_bottom))
        for tick in chart.y_ticks:
            drawing.add(String(chart.plot_left - 12, chart.height - tick.at - 3, tick.label, fontSize=7))
        for tick in chart.x_ticks:
            drawing.add(String(tick.at, chart.height - chart.plot_bottom - 12, tick.label, fontSize=7))
        points = [(p.x, chart.height - p.y) for p in chart.points]
        if len(points) > 1:
            drawing.add(PolyLine([c for point in points for c in point], strokeWidth=1.5))
        for x, y in points:
            drawing.add(Rect(x - 2, y - 2, 4, 4, fillColor=colors.black))
        story += [Paragraph(f"Pain over time: {escape(latest.activity)} (latest episode; shaded: normal soreness window)", styles["Heading3"]), drawing]
    if latest:
        comparison = history.compared_with_earlier(latest, now)[1]
        if comparison:
            story.append(Paragraph(escape(comparison), styles["BodyText"]))
    timeline, summary = history.overview(patient, now, every_episode)
    story += _timeline_drawing(timeline, styles, Drawing, Rect, Line, String, Paragraph, colors)
    if summary.episodes:
        story.append(Paragraph("What came before, and how it went (counts from the diary, not a diagnosis)", styles["Heading3"]))
        story += [Paragraph(escape("• " + line), styles["BodyText"]) for line in summary.observations]
        if summary.durations:
            story.append(_table([["Quarter begun", "Median days to the end", "Episodes"]]
                                + [[d.quarter, f"{d.median_days:g}", d.episodes] for d in summary.durations], Table, TableStyle, colors))
    rows: list[list] = [["Started", "Activity", "Onset", "Entries", "Pain first / peak / last", "Status"]]
    for episode in episodes:
        pains = [pain for _, pain in readings[episode.id]]
        rows.append([
            f"{episode.started_at:%d %b %Y}", episode.activity[:40], codes.ONSETS[episode.onset], len(pains),
            f"{pains[0]} / {max(pains)} / {pains[-1]}" if pains else "-",
            "closed" if episode.resolved_at else "open",
        ])
    story += [Paragraph("Episodes", styles["Heading3"]), _table(rows, Table, TableStyle, colors)]
    alert_rows = [["Raised", "Severity", "Rule", "Status", "Evidence"]]
    shown = {episode.id for episode in episodes}
    for alert in db.session.scalars(select(Alert).where(Alert.user_id == patient.id).order_by(Alert.raised_at)):
        if alert.episode_id not in shown or (starts is not None and alert.status != "open" and alert.raised_at < starts):
            continue
        # Wrapped by line, not as a Paragraph: a long diary has hundreds of alerts.
        evidence = simpleSplit("; ".join(e["text"] for e in alert.evidence_said()), "Helvetica", 8, 95 * mm)
        alert_rows.append([f"{alert.raised_at:%d %b}", alert.severity, alert.rule.replace("_", " "), alert.status, "\n".join(evidence)])
    story += [Paragraph("Alerts", styles["Heading3"]), _table(alert_rows, Table, TableStyle, colors)]
    adherence_rows = [["Day", "Episode", "Phase", "Done / due"]]
    days_of = adherence_by_episode([episode.id for episode in episodes])
    for episode in episodes:
        for progress in days_of[episode.id]:
            due = set(progress.due or [])
            adherence_rows.append([progress.day.isoformat(), episode.activity[:30], progress.phase.replace("_", " "),
                                   f"{len(due & set(progress.done or []))} / {len(due)}"])
    story += [Paragraph("Checklist adherence", styles["Heading3"]), _table(adherence_rows, Table, TableStyle, colors)]
    plan_rows = care_plan_exports.pdf_rows(episodes)
    if plan_rows:
        story += [Paragraph("Care plan from the physiotherapist: done on days due, pain during", styles["Heading3"]),
                  _table([["Episode", "Change", "Done / due", "Pain during"], *plan_rows], Table, TableStyle, colors)]
    in_period = [n for n in notes if (starts is None or n.created_at >= starts) and (ends is None or n.created_at < ends)]
    if in_period:
        story.append(Paragraph("Clinical notes", styles["Heading3"]))
        story += [Paragraph(f"<b>{n.created_at:%d %b %Y}</b>{' · ' + escape(n.physio.name) if n.physio else ''}: {escape(n.text)}",
                            styles["BodyText"]) for n in in_period]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER if paper == "letter" else A4, title=f"BackOnTrack report: {patient.name}", author="BackOnTrack",
                      leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm).build(story)
    return buffer.getvalue()


def _timeline_drawing(timeline: Timeline, styles: Any, Drawing: Any, Rect: Any, Line: Any, String: Any, Paragraph: Any, colors: Any) -> list:
    """The history timeline as a ReportLab drawing (the pages draw the same geometry as SVG)."""
    if not timeline.bars:
        return []
    shades = {"none": "#e4e8e6", "mild": "#a8d5aa", "moderate": "#f0b65a", "severe": "#d9534f"}
    drawing = Drawing(timeline.width, timeline.height)
    flip = timeline.height
    drawing.add(Line(timeline.plot_left, flip - timeline.axis_y, timeline.plot_right, flip - timeline.axis_y))
    for tick in timeline.ticks:
        if tick.label:
            drawing.add(String(tick.x + 2, flip - timeline.axis_y - 12, tick.label, fontSize=7))
    for bar in timeline.bars:
        drawing.add(Rect(bar.x, flip - bar.y - bar.height, bar.width, bar.height, fillColor=colors.HexColor(shades[bar.shade]),
                         strokeColor=colors.black, strokeWidth=0.5, strokeDashArray=[2, 1] if bar.ongoing else None))
        for x in bar.alert_xs:
            drawing.add(Rect(x - 1, flip - bar.y + 1, 2, 4, fillColor=colors.HexColor("#b42318"), strokeColor=None))
    for link in timeline.links:
        drawing.add(Line(link.x1, flip - link.y1, link.x2, flip - link.y2, strokeColor=colors.HexColor("#b42318"), strokeDashArray=[3, 2]))
    title = "The last 12 months: each episode from start to end, shaded by worst pain (grey none, green mild, amber moderate, red severe)"
    return [Paragraph(title, styles["Heading3"]), drawing]


def _table(rows: list[list], Table: Any, TableStyle: Any, colors: Any) -> Any:
    table = Table(rows, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3f1ec")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def filename(patient: User, extension: str) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in patient.name.lower()).strip("-") or "patient"
    return f"backontrack-{safe}-{datetime.now():%Y%m%d}.{extension}"
