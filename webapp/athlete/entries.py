"""Log, edit and delete pain entries."""
import uuid

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.athlete import bp
from webapp.athlete.episodes import own_episode_or_404, save_with_form_errors
from webapp.core.codes import pain_word
from webapp.forms.diary_forms import EntryForm
from webapp.infra.page_access import role_required
from webapp.infra.times import utcnow
from webapp.services import diary

# A repeat log keeps where, how and what was done; pain, red flags and the note are asked afresh.
CARRIED_OVER = ("regions", "side", "character", "movement", "treatments")


def _entry_form(entry=None) -> EntryForm:
    return EntryForm(obj=entry, local_timezone=current_user.timezone, client_clock=False)


def _render(form, episode, entry=None):
    return render_template("athlete/entry_form.html", form=form, episode=episode, entry=entry), 422 if form.errors else 200


def _save(form, entry_id: uuid.UUID) -> bool:
    """Save the form's entry; say so, and say when its episode was reopened or a new one started."""
    saved = save_with_form_errors(form, lambda: diary.save_entry(current_user, entry_id, form.data, utcnow()))
    if saved is None:
        return False
    if saved.change:
        flash(_(diary.CHANGE_MESSAGES[saved.change]), "warning")
    return True


@bp.route("/episodes/<uuid:episode_id>/log", methods=["GET", "POST"])
@role_required("athlete")
def log_entry(episode_id: uuid.UUID):
    episode = own_episode_or_404(episode_id)
    form = _entry_form()
    if not form.is_submitted():
        previous = diary.entries_of(current_user, episode.id)
        source = previous[-1] if previous else episode
        for name in CARRIED_OVER:
            if hasattr(source, name):
                form[name].data = getattr(source, name)
        form.recorded_at.data = utcnow()
    form.episode_id.data = str(episode.id)
    if form.validate_on_submit() and _save(form, uuid.UUID(form.id.data)):
        flash(_("Saved: pain %(pain)s (%(word)s).", pain=form.pain.data, word=_(pain_word(form.pain.data))), "success")
        return redirect(url_for("athlete.home"))
    return _render(form, episode)


@bp.route("/entries/<uuid:entry_id>/edit", methods=["GET", "POST"])
@role_required("athlete")
def edit_entry(entry_id: uuid.UUID):
    try:
        entry = diary.own_entry(current_user, entry_id)
    except diary.NotFound:
        abort(404)
    form = _entry_form(entry)
    form.id.data = str(entry.id)
    form.episode_id.data = str(entry.episode_id)
    if form.validate_on_submit() and _save(form, entry.id):
        flash(_("Entry saved."), "success")
        return redirect(url_for("athlete.episode", episode_id=entry.episode_id))
    return _render(form, entry.episode, entry)


@bp.post("/entries/<uuid:entry_id>/delete")
@role_required("athlete")
def delete_entry(entry_id: uuid.UUID):
    try:
        entry = diary.own_entry(current_user, entry_id)
        episode_id = entry.episode_id
        diary.delete_entry(current_user, entry.id)
    except (diary.NotFound, diary.Conflict):
        abort(404)
    flash(_("Entry deleted."), "info")
    return redirect(url_for("athlete.episode", episode_id=episode_id))
