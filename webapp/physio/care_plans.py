"""The physiotherapist changes a patient's plan from the patient page (forms posted, messages shown there)."""
import uuid

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.core.wording import N_
from webapp.forms.care_plan_forms import PlanItemForm
from webapp.infra.page_access import role_required
from webapp.infra.times import utcnow
from webapp.models import PLAN_FIELDS
from webapp.physio import bp
from webapp.physio.routes import patient_page
from webapp.services import care, care_plans, checklist_progress, diary
from webapp.services.invalid_input import InvalidFields


def _patient_episode(patient_id: uuid.UUID, episode_id: uuid.UUID):
    try:
        patient = care.linked_patient(current_user, patient_id, N_("care plan changed"))
        return patient, diary.own_episode(patient, episode_id)
    except diary.NotFound:
        abort(404)


def _back(patient_id: uuid.UUID, episode_id: uuid.UUID):
    return redirect(url_for("physio.patient", patient_id=patient_id, episode=episode_id, _anchor="care-plan"))


def _refused(patient, episode_id: uuid.UUID, form: PlanItemForm, errors: dict | None = None):
    """The patient page again, the refused form open and filled as sent, each reason at its field (the rails' too).

    Drawn in answer to the post rather than redirected to: a redirect would lose what was typed.
    """
    for name, messages in (errors or {}).items():
        if name in form:
            form[name].errors = [*form[name].errors, *messages]
        else:
            form.form_errors.extend(messages)
    return patient_page(patient, str(episode_id), plan_form=form), 422


@bp.post("/patients/<uuid:patient_id>/episodes/<uuid:episode_id>/plan")
@role_required("physio")
def add_plan_item(patient_id: uuid.UUID, episode_id: uuid.UUID):
    patient, episode = _patient_episode(patient_id, episode_id)
    form = PlanItemForm(client_clock=False)
    if not form.validate_on_submit():
        return _refused(patient, episode_id, form)
    values = {name: getattr(form, name).data for name in PLAN_FIELDS}
    try:
        care_plans.put_item(current_user, episode, uuid.UUID(form.id.data), values, utcnow(), checklist_progress.local_today(patient))
    except InvalidFields as exc:
        return _refused(patient, episode_id, form, exc.errors)
    except diary.Conflict:
        flash(_("This change was saved already."), "info")
    else:
        flash(_("Plan updated: the athlete sees it on today's checklist."), "success")
    return _back(patient_id, episode_id)


@bp.post("/patients/<uuid:patient_id>/episodes/<uuid:episode_id>/plan/<uuid:item_id>/remove")
@role_required("physio")
def remove_plan_item(patient_id: uuid.UUID, episode_id: uuid.UUID, item_id: uuid.UUID):
    episode = _patient_episode(patient_id, episode_id)[1]
    try:
        care_plans.remove_item(current_user, episode, item_id)
    except LookupError:
        abort(404)
    flash(_("Removed: the sourced plan takes its place again."), "success")
    return _back(patient_id, episode_id)
