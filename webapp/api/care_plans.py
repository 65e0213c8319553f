"""An episode's care plan: the athlete reads it, their linked physiotherapist changes it."""
import uuid

from flask import abort, g, request, url_for

from webapp.api import bp
from webapp.api.authentication import role_required
from webapp.api.requests import conflict_response, json_object, validated_form
from webapp.core.wording import N_
from webapp.forms.care_plan_forms import PlanItemForm
from webapp.forms.diary_forms import EntryQueryForm
from webapp.infra.database import writes_on_read
from webapp.infra.languages import translate
from webapp.models import PLAN_FIELDS
from webapp.services import care, care_plans, checklist_progress, diary


def change_json(change) -> dict:
    return {**change.to_dict(), "summary": translate(care_plans.change_summary(change))}


def plan_json(episode) -> dict:
    days = checklist_progress.adherence_of(episode.id)
    records = care_plans.items_of(episode.id, removed=True)
    unseen = care_plans.unseen_change(episode.id)
    return {
        "episode_id": str(episode.id),
        "items": [{**record.to_dict(), "summary": translate(care_plans.describe(care_plans.plan_item(record)))}
                  for record in records if record.removed_at is None],
        "history": [change_json(change) for change in care_plans.history_of(episode.id)],
        "unseen_change": change_json(unseen) if unseen else None,
        "adherence": {
            "by_day": [{"day": d.day.isoformat(), "phase": d.phase, "due": d.due, "done": d.done, "feedback": d.feedback or {}}
                       for d in days],
            "by_item": [
                {"key": row.key, "text": translate(row.text), "origin": row.origin, "dose": translate(row.dose) if row.dose else None, "days_due": row.adherence.days_due,
                 "days_done": row.adherence.days_done, "efforts": row.adherence.efforts,
                 "pain_during": [{"day": day.isoformat(), "pain": pain} for day, pain in row.adherence.pains]}
                for row in checklist_progress.adherence_by_plan_item(days, records)
            ],
        },
    }


def _patient_episode(patient_id: uuid.UUID, episode_id: uuid.UUID, what: str):
    try:
        patient = care.linked_patient(g.api_user, patient_id, what)
        return patient, diary.own_episode(patient, episode_id)
    except diary.NotFound:
        abort(404)


@bp.get("/episodes/<uuid:episode_id>/plan")
@role_required("athlete")
def get_own_plan(episode_id: uuid.UUID):
    try:
        return plan_json(diary.own_episode(g.api_user, episode_id))
    except diary.NotFound:
        abort(404)


@bp.get("/patients/<uuid:patient_id>/episodes/<uuid:episode_id>/plan")
@writes_on_read
@role_required("physio")
def get_patient_plan(patient_id: uuid.UUID, episode_id: uuid.UUID):
    _, episode = _patient_episode(patient_id, episode_id, N_("care plan (API)"))
    return plan_json(episode)


@bp.put("/patients/<uuid:patient_id>/episodes/<uuid:episode_id>/plan/items/<uuid:item_id>")
@role_required("physio")
def put_plan_item(patient_id: uuid.UUID, episode_id: uuid.UUID, item_id: uuid.UUID):
    body = json_object()
    body.pop("id", None)  # the URL names the item
    form = validated_form(PlanItemForm, body)
    patient, episode = _patient_episode(patient_id, episode_id, N_("care plan changed (API)"))
    values = {name: getattr(form, name).data for name in PLAN_FIELDS}
    try:
        record, created = care_plans.put_item(g.api_user, episode, item_id, values, form.client_updated_at.data, checklist_progress.local_today(patient))
    except diary.Conflict as exc:
        return conflict_response(exc)
    answer = {"item": record.to_dict(), "plan": plan_json(episode)}
    if created:
        return answer, 201, {"Location": url_for("api.put_plan_item", patient_id=patient_id, episode_id=episode_id, item_id=item_id)}
    return answer


@bp.delete("/patients/<uuid:patient_id>/episodes/<uuid:episode_id>/plan/items/<uuid:item_id>")
@role_required("physio")
def delete_plan_item(patient_id: uuid.UUID, episode_id: uuid.UUID, item_id: uuid.UUID):
    stamp = validated_form(EntryQueryForm, request.args.to_dict()).client_updated_at.data
    _, episode = _patient_episode(patient_id, episode_id, N_("care plan changed (API)"))
    try:
        care_plans.remove_item(g.api_user, episode, item_id, stamp)
    except diary.Conflict as exc:
        return conflict_response(exc)
    except LookupError:
        abort(404)
    return "", 204

