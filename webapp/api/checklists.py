"""The recovery checklist of an episode's day, and ticking its items."""
import uuid

from flask import abort, g, request, url_for

from webapp.api import bp
from webapp.api.authentication import role_required
from webapp.api.requests import json_object, validated_form
from webapp.core.checklist.exercises import EXERCISES
from webapp.core.sources import claim_ids, without_refs
from webapp.forms.diary_forms import ChecklistQueryForm, TickForm
from webapp.infra.languages import translate
from webapp.services import checklist_progress, diary


def _item_json(item) -> dict:
    return {
        "key": item.key, "text": translate(item.text), "why": without_refs(translate(item.why)), "source": claim_ids(item.source),
        "dose": translate(item.dose) if item.dose else None,
        "origin": item.origin,
        "exercises": [{"slug": slug, "name": translate(EXERCISES[slug].name), "url": url_for("main.exercise", slug=slug)} for slug in item.exercises],
    }


def checklist_json(plan, progress, day) -> dict:
    done = set(progress.done if progress else [])
    feedback = progress.feedback if progress else {}
    items = [{**_item_json(item), "done": item.key in done, "feedback": feedback.get(item.key)} for item in plan.items]
    return {
        "phase": plan.phase, "day": plan.day, "date": day.isoformat(), "items": items,
        "current_episode_id": plan.current_episode_id,
        "adherence": {"done": sum(item["done"] for item in items), "due": len(items)},
        "paused": [{**_item_json(p.item), "reason": p.reason} for p in plan.paused],
        "held_back": [{**_item_json(h.item), "reason": translate(h.reason)} for h in plan.held_back],
        "replaced": [{**_item_json(r.item), "reason": translate(r.reason), "replaced_by": list(r.by)} for r in plan.replaced],
        "instructions": list(plan.instructions),
        "notes": list(plan.notes),
        "avoid": [{"id": a.id, "what": a.text, "until": a.until.isoformat()} for a in plan.avoid],
    }


def _own_episode(episode_id: uuid.UUID):
    try:
        return diary.own_episode(g.api_user, episode_id)
    except diary.NotFound:
        abort(404)


@bp.get("/episodes/<uuid:episode_id>/checklist")
@role_required("athlete")
def get_checklist(episode_id: uuid.UUID):
    episode = _own_episode(episode_id)
    query = validated_form(ChecklistQueryForm, request.args.to_dict())
    day = query.on.data or checklist_progress.local_today(g.api_user)
    plan = checklist_progress.plan_on(g.api_user, episode, day)
    return checklist_json(plan, checklist_progress.progress_on(episode, day), day)


@bp.put("/episodes/<uuid:episode_id>/checklist/<day>/<key>")
@role_required("athlete")
def tick_checklist_item(episode_id: uuid.UUID, day: str, key: str):
    episode = _own_episode(episode_id)
    form = validated_form(TickForm, {**json_object(), "day": day, "key": key})
    plan, progress = checklist_progress.set_done(
        g.api_user, episode, form.day.data, form.key.data, form.done.data, form.feedback(),
    )
    return checklist_json(plan, progress, form.day.data)
