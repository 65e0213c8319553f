"""Clinician checks: the athlete records that a clinician checked them after a red flag; both sides read them."""
import uuid

from flask import abort, g

from webapp.api import bp
from webapp.api.authentication import role_required
from webapp.api.care import patient_or_404
from webapp.api.requests import json_object, validated_form
from webapp.core.wording import N_
from webapp.forms.diary_forms import ClinicianCheckForm
from webapp.infra.database import writes_on_read
from webapp.services import alerts, clinician_checks, diary


def _episode(user, episode_id: uuid.UUID):
    try:
        return diary.own_episode(user, episode_id)
    except diary.NotFound:
        abort(404)


@bp.post("/episodes/<uuid:episode_id>/clinician-checks")
@role_required("athlete")
def record_clinician_check(episode_id: uuid.UUID):
    episode = _episode(g.api_user, episode_id)
    form = validated_form(ClinicianCheckForm, json_object())
    check = clinician_checks.record_check(
        g.api_user, episode, form.checked_by.data, form.clinician.data, form.checked_at.data, form.note.data,
    )
    return {
        "clinician_check": check.to_dict(), "episode": episode.to_dict(),
        "alerts": [alert.to_dict() for alert in alerts.open_alerts(episode.id)],
    }, 201


@bp.get("/episodes/<uuid:episode_id>/clinician-checks")
@role_required("athlete")
def list_clinician_checks(episode_id: uuid.UUID):
    return [check.to_dict() for check in clinician_checks.checks_of(_episode(g.api_user, episode_id))]


@bp.get("/patients/<uuid:patient_id>/episodes/<uuid:episode_id>/clinician-checks")
@writes_on_read
@role_required("physio")
def patient_clinician_checks(patient_id: uuid.UUID, episode_id: uuid.UUID):
    patient = patient_or_404(patient_id, N_("clinician checks (API)"))
    return [check.to_dict() for check in clinician_checks.checks_of(_episode(patient, episode_id))]
