"""Episodes and entries (athlete)."""
import uuid

from flask import abort, g, request, url_for

from webapp import diary
from webapp.api import bp
from webapp.api.authentication import role_required
from webapp.api.requests import json_object, validated_form
from webapp.athlete.forms import EntryForm, EntryQueryForm, EpisodeForm


def _conflict(exc: diary.Conflict):
    body = {"error": {"status": 409, "message": "The stored copy is newer; nothing was changed."}, "current": exc.current}
    return body, 409


@bp.put("/episodes/<uuid:episode_id>")
@role_required("athlete")
def put_episode(episode_id: uuid.UUID):
    form = validated_form(EpisodeForm, json_object())
    try:
        episode, created = diary.save_episode(g.api_user, episode_id, form.data, form.client_updated_at.data)
    except diary.Conflict as exc:
        return _conflict(exc)
    except diary.NotFound:
        abort(404)
    body = {"episode": episode.to_dict(), "alerts": []}
    if created:
        return body, 201, {"Location": url_for("api.put_episode", episode_id=episode.id)}
    return body


@bp.get("/episodes")
@role_required("athlete")
def list_episodes():
    return [episode.to_dict() for episode in diary.episodes_of(g.api_user)]


@bp.put("/entries/<uuid:entry_id>")
@role_required("athlete")
def put_entry(entry_id: uuid.UUID):
    form = validated_form(EntryForm, json_object())
    try:
        entry, created = diary.save_entry(g.api_user, entry_id, form.data, form.client_updated_at.data)
    except diary.Conflict as exc:
        return _conflict(exc)
    except diary.NotFound:
        abort(404, "No such episode.")
    body = {"entry": entry.to_dict(), "alerts": []}
    if created:
        return body, 201, {"Location": url_for("api.put_entry", entry_id=entry.id)}
    return body


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
        return _conflict(exc)
    except diary.NotFound:
        abort(404)
    return "", 204
