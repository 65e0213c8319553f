"""Tick checklist items from the athlete's pages."""
import uuid

from flask import flash, redirect, request, url_for
from flask_login import current_user

from webapp.athlete import bp
from webapp.athlete.episodes import own_episode_or_404
from webapp.forms.diary_forms import TickForm
from webapp.infra.languages import translate
from webapp.infra.page_access import role_required
from webapp.services import checklist_progress
from webapp.services.invalid_input import InvalidFields


@bp.post("/episodes/<uuid:episode_id>/checklist/<day>/<key>")
@role_required("athlete")
def tick(episode_id: uuid.UUID, day: str, key: str):
    episode = own_episode_or_404(episode_id)
    formdata = request.form.copy()
    formdata.update({"day": day, "key": key})
    form = TickForm(formdata=formdata)
    try:
        if not form.validate():
            raise InvalidFields(form.errors)
        checklist_progress.set_done(current_user, episode, form.day.data, str(form.key.data), form.done.data, form.feedback())
    except InvalidFields as exc:
        flash(" ".join(translate(message) for messages in exc.errors.values() for message in messages), "error")
    return redirect(url_for("athlete.home", _anchor=f"checklist-{episode.id}"))
