"""Episodes and entries (athlete)."""
import uuid

from flask import abort, g, request, url_for

from webapp.api import bp
from webapp.api.authentication import role_required
from webapp.api.requests import conflict_response, json_object, validated_form
from webapp.forms.diary_forms import EntryForm, EntryQueryForm, EpisodeForm
from webapp.infra.database import keeps_reader_open, set_write_intent
from webapp.infra.languages import translate
from webapp.models import Entry, Episode
from webapp.services import alerts, diary


def _put(form_class, save, object_id: uuid.UUID, key: str, endpoint: str, id_arg: str):
    """Validate the body, store it, and answer the object with its episode's open alerts."""
    body = json_object()
    body.pop("id", None)  # the URL names the object
    form = validated_form(form_class, body)
    try:
        saved = save(g.api_user, object_id, form.data, form.client_updated_at.data)
    except diary.Conflict as exc:
        return conflict_response(exc)
    except diary.NotFound:
        abort(404)
    # Committed: what follows only reads, so it does not queue behind other writers.
    set_write_intent(False)
    record = saved.record
    episode_id = record.id if isinstance(record, Episode) else record.episode_id
    open_alerts = saved.open_alerts if saved.open_alerts is not None else alerts.open_alerts(episode_id)
    body = {key: record.to_dict(), "alerts": [alert.to_dict() for alert in open_alerts]}
    if saved.change and isinstance(record, Entry):
        # Pain after an episode was closed: the athlete is told which episode now holds it.
        body["episode_change"] = {
            "change": saved.change, "message": translate(diary.CHANGE_MESSAGES[saved.change]), "episode": record.episode.to_dict(),
        }
    if saved.created:
        return body, 201, {"Location": url_for(endpoint, **{id_arg: record.id})}
    return body


@bp.put("/episodes/<uuid:episode_id>")
@role_required("athlete")
def put_episode(episode_id: uuid.UUID):
    return _put(EpisodeForm, diary.save_episode, episode_id, "episode", "api.put_episode", "episode_id")


@bp.get("/episodes")
@role_required("athlete")
def list_episodes():
    return [episode.to_dict() for episode in diary.episodes_of(g.api_user)]


@bp.put("/entries/<uuid:entry_id>")
@keeps_reader_open
@role_required("athlete")
def put_entry(entry_id: uuid.UUID):
    return _put(EntryForm, diary.save_entry, entry_id, "entry", "api.put_entry", "entry_id")


@bp.get("/entries")
@role_required("athlete")
def list_entries():
    query = validated_form(EntryQueryForm, request.args.to_dict())
    entries = diary.entries_of(g.api_user, query.episode_id.data, query.since.data)
    return [entry.to_dict() for entry in entries]


@bp.delete("/entries/<uuid:entry_id>")
@role_required("athlete")
def delete_entry(entry_id: uuid.UUID):
    stamp = validated_form(EntryQueryForm, request.args.to_dict()).client_updated_at.data
    try:
        diary.delete_entry(g.api_user, entry_id, stamp)
    except diary.Conflict as exc:
        return conflict_response(exc)
    except diary.NotFound:
        abort(404)
    return "", 204
