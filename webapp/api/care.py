"""The care team: invites, care links, and a physiotherapist's patients."""
import io
import json
import uuid

from flask import Response, abort, g, request, send_file

from webapp.api import bp
from webapp.api.authentication import login_required, role_required
from webapp.api.requests import json_object, validated_form
from webapp.core.codes import RULE_NAMES
from webapp.core.patient_rows import PatientRow
from webapp.core.wording import N_
from webapp.forms.care_forms import ExportForm, InviteCodeForm, NoteForm
from webapp.forms.diary_forms import AcknowledgeForm, AlertQueryForm, EntryQueryForm
from webapp.infra.database import writes_on_read
from webapp.infra.languages import translate
from webapp.infra.times import iso
from webapp.services import alerts, care, diary, exports, pdf_report
from webapp.services.invalid_input import InvalidFields
from webapp.services.rate_limits import export_limit, invite_limit

# What the access log says an export was (the athlete reads it in their language).
EXPORT_READS = {"csv": N_("export (csv)"), "fhir": N_("export (fhir)"), "pdf": N_("export (pdf)")}


def patient_or_404(patient_id: uuid.UUID, what: str):
    try:
        return care.linked_patient(g.api_user, patient_id, what)
    except care.NotFound:
        abort(404)


@bp.post("/invites")
@role_required("athlete")
def create_invite():
    code, expires_at = care.create_invite(g.api_user)
    return {"code": code, "expires_at": iso(expires_at)}, 201


@bp.post("/care-links")
@role_required("physio")
@invite_limit
def create_care_link():
    form = validated_form(InviteCodeForm, json_object())
    link = care.redeem_invite(g.api_user, form.code.data)
    return link.to_dict(), 201


@bp.get("/care-links")
@login_required
def list_care_links():
    return [link.to_dict() for link in care.links_of(g.api_user)]


@bp.delete("/care-links/<uuid:link_id>")
@login_required
def end_care_link(link_id: uuid.UUID):
    try:
        care.end_link(g.api_user, link_id)
    except care.NotFound:
        abort(404)
    return "", 204


@bp.get("/patients")
@role_required("physio")
def list_patients():
    return [
        {
            "id": str(row["patient"].id),
            "name": row["patient"].name,
            "open_alerts": row["open_alerts"],
            "last_entry_at": iso(row["last_entry_at"]),
            "days_since_last_log": row["days_since_last_log"],
            "trend": row["trend"],
            **summary_fields(row["summary"]),
        }
        for row in care.triaged_patients(g.api_user)
    ]


def summary_fields(row: PatientRow) -> dict:
    """What the patient list shows of a patient at a glance (the PatientSummary schema's additions)."""
    alert, adherence = row.worst_alert, row.adherence
    return {
        "worst_alert": {"rule": alert.rule, "name": translate(RULE_NAMES.get(alert.rule, alert.rule)), "severity": alert.severity,
                        "raised_at": iso(alert.raised_at)} if alert else None,
        "other_open_alerts": row.other_alerts,
        "pain": row.pain,
        "pain_trend": row.trend,
        "episode_day": row.episode_day,
        "episode_activity": row.episode_activity,
        "calendar_days_since_last_log": row.days_since_log,
        "checklist_last_7_days": {"items_done": adherence.items_done, "items_due": adherence.items_due,
                                  "days_ticked": adherence.days_ticked, "days_with_plan": adherence.days_with_plan} if adherence else None,
    }


@bp.get("/patients/<uuid:patient_id>/episodes")
@writes_on_read
@role_required("physio")
def patient_episodes(patient_id: uuid.UUID):
    return [episode.to_dict() for episode in diary.episodes_of(patient_or_404(patient_id, N_("episodes (API)")))]


@bp.get("/patients/<uuid:patient_id>/entries")
@writes_on_read
@role_required("physio")
def patient_entries(patient_id: uuid.UUID):
    query = validated_form(EntryQueryForm, request.args.to_dict())
    patient = patient_or_404(patient_id, N_("entries (API)"))
    return [entry.to_dict() for entry in diary.entries_of(patient, query.episode_id.data, query.since.data)]


@bp.get("/patients/<uuid:patient_id>/alerts")
@writes_on_read
@role_required("physio")
def patient_alerts(patient_id: uuid.UUID):
    query = validated_form(AlertQueryForm, request.args.to_dict())
    patient = patient_or_404(patient_id, N_("alerts (API)"))
    # "message" stays what the athlete reads; the physiotherapist's own reading of it beside it.
    return [{**alert.to_dict(), "clinical_message": alert.said(clinical=True)}
            for alert in alerts.alerts_of(patient, query.status.data, query.episode_id.data)]


@bp.post("/patients/<uuid:patient_id>/episodes/<uuid:episode_id>/clearance")
@role_required("physio")
def clear_patient_episode(patient_id: uuid.UUID, episode_id: uuid.UUID):
    """A linked physiotherapist has reviewed the red flags and clears the athlete for graded recovery."""
    patient = patient_or_404(patient_id, N_("episode cleared (API)"))
    form = validated_form(AcknowledgeForm, json_object() if request.content_length else {})
    try:
        episode = diary.own_episode(patient, episode_id)
    except diary.NotFound:
        abort(404)
    return {"episode": care.clear_episode(g.api_user, episode, form.note.data).to_dict()}


@bp.put("/patients/<uuid:patient_id>/alert-settings")
@role_required("physio")
def patient_alert_settings(patient_id: uuid.UUID):
    body = json_object()
    thresholds = body.get("thresholds")
    if not isinstance(thresholds, dict):
        raise InvalidFields({"thresholds": [N_("Send an object of threshold names and whole numbers (null resets one).")]})
    settings = care.set_thresholds(g.api_user, patient_or_404(patient_id, N_("alert thresholds changed")), thresholds)
    return {"thresholds": settings.overrides}


@bp.get("/patients/<uuid:patient_id>/notes")
@writes_on_read
@role_required("physio")
def patient_notes(patient_id: uuid.UUID):
    patient = patient_or_404(patient_id, N_("clinician notes (API)"))
    return [{"id": n.id, "text": n.text, "created_at": iso(n.created_at), "by": n.physio.name if n.physio else None} for n in care.notes_of(patient)]


@bp.post("/patients/<uuid:patient_id>/notes")
@role_required("physio")
def add_patient_note(patient_id: uuid.UUID):
    form = validated_form(NoteForm, json_object())
    note = care.add_note(g.api_user, patient_or_404(patient_id, N_("clinician note added")), form.text.data)
    return {"id": note.id, "text": note.text, "created_at": iso(note.created_at)}, 201


def _download(content: bytes, mimetype: str, name: str, as_attachment: bool) -> Response:
    """The export as a named file; send_file writes a name in any script as RFC 6266 asks (filename*=UTF-8'' and an
    ASCII filename=), where a raw name outside Latin-1 would fail in the server."""
    response = send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=as_attachment, download_name=name,
                         conditional=False, etag=False)
    # send_file would let the browser keep a copy (no-cache); without it webapp.headers answers private, no-store, as for all health data.
    response.cache_control.no_cache = None
    return response


def export_response(patient, form: ExportForm, default: str, requested_by: str, notes=(), clinical: bool = False):
    fmt = form.format.data or default
    if fmt == "csv":
        checklist = form.table.data == "checklist"
        table = exports.checklist_csv(patient) if checklist else exports.entries_csv(patient)
        return _download(table.encode(), "text/csv", exports.filename(patient, "checklist.csv" if checklist else "csv"), as_attachment=True)
    if fmt == "fhir":
        return Response(json.dumps(exports.fhir_bundle(patient), ensure_ascii=False), mimetype="application/fhir+json")
    if fmt == "pdf":
        report = pdf_report.pdf_report(patient, requested_by, form.since.data, form.until.data, form.paper.data or "a4", notes, clinical)
        return _download(report, "application/pdf", exports.filename(patient, "pdf"), as_attachment=False)
    return exports.diary_json(patient)


@bp.get("/patients/<uuid:patient_id>/export")
@writes_on_read
@role_required("physio")
@export_limit
def export_patient(patient_id: uuid.UUID):
    form = validated_form(ExportForm, request.args.to_dict())
    fmt = form.format.data or "csv"
    if fmt == "json":
        raise InvalidFields({"format": [N_("Use csv, fhir or pdf.")]})
    patient = patient_or_404(patient_id, EXPORT_READS[fmt])
    return export_response(patient, form, "csv", g.api_user.name, care.notes_of(patient) if fmt == "pdf" else (), clinical=True)


@bp.get("/me/export")
@login_required
@export_limit
def export_me():
    return export_response(g.api_user, validated_form(ExportForm, request.args.to_dict()), "json", "the athlete")
