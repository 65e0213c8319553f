"""Start, edit, review and close an episode."""
import uuid

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.athlete import bp
from webapp.core.charts import ChartEntry, pain_chart
from webapp.forms.diary_forms import ClinicianCheckForm, EpisodeForm
from webapp.infra.page_access import role_required
from webapp.infra.times import trained_at, utcnow
from webapp.services import alerts, care_plans, clinician_checks, diary, history
from webapp.services.invalid_input import InvalidFields


def own_episode_or_404(episode_id: uuid.UUID):
    """Return the logged-in athlete's episode, or answer 404."""
    try:
        return diary.own_episode(current_user, episode_id)
    except diary.NotFound:
        abort(404)


def save_with_form_errors(form, save):
    """Run a diary save for a page's form; put any refusal on the form. Return what it saved, or None."""
    try:
        return save()
    except InvalidFields as exc:
        for name, messages in exc.errors.items():
            form[name].errors = [*form[name].errors, *messages]
    except diary.Conflict:
        flash(_("This changed on another device in the meantime. Check it and save again."), "error")
    except diary.NotFound:
        abort(404)
    return None


def _episode_form(episode=None) -> EpisodeForm:
    return EpisodeForm(obj=episode, local_timezone=current_user.timezone, client_clock=False)


def _apply_trained_when(form: EpisodeForm) -> None:
    """Turn the one-tap answer into the training time; only 'Another time' reads the time field."""
    choice = form.trained_when.data
    if not choice:
        form.trained_when.errors = [*form.trained_when.errors, "Say when you trained: tap one, or 'Another time' and give it."]
    elif choice != "exact":
        form.started_at.data = trained_at(choice, utcnow(), current_user.timezone)
        form.started_at.errors = []


@bp.route("/episodes/new", methods=["GET", "POST"])
@role_required("athlete")
def new_episode():
    form = _episode_form()
    if not form.is_submitted():
        form.started_at.data = utcnow()
    if form.is_submitted():
        form.validate()
        _apply_trained_when(form)
        if not any(field.errors for field in form):
            episode_id = uuid.UUID(form.id.data)
            if save_with_form_errors(form, lambda: diary.save_episode(current_user, episode_id, form.data, utcnow())):
                return redirect(url_for("athlete.log_entry", episode_id=episode_id))
    return render_template("athlete/episode_form.html", form=form, episode=None), 422 if form.errors else 200


@bp.route("/episodes/<uuid:episode_id>/edit", methods=["GET", "POST"])
@role_required("athlete")
def edit_episode(episode_id: uuid.UUID):
    episode = own_episode_or_404(episode_id)
    form = _episode_form(episode)
    if not form.is_submitted():
        form.id.data = str(episode.id)
    if form.validate_on_submit():
        if save_with_form_errors(form, lambda: diary.save_episode(current_user, episode.id, form.data, utcnow())):
            flash(_("Episode saved."), "success")
            return redirect(url_for("athlete.episode", episode_id=episode.id))
    return render_template("athlete/episode_form.html", form=form, episode=episode), 422 if form.errors else 200


@bp.route("/episodes/<uuid:episode_id>")
@role_required("athlete")
def episode(episode_id: uuid.UUID):
    episode = own_episode_or_404(episode_id)
    entries = diary.entries_of(current_user, episode.id)
    earlier, comparison = history.compared_with_earlier(episode, utcnow())
    chart = pain_chart(
        episode.started_at, [ChartEntry(e.recorded_at, e.pain, tuple(e.red_flags), tuple(e.treatments)) for e in entries], earlier,
    )
    return render_template(
        "athlete/episode.html", episode=episode, entries=entries, chart=chart,
        alerts=alerts.alerts_of(current_user, episode_id=episode.id), comparison=comparison,
        plan_history=care_plans.history_of(episode.id), checks=clinician_checks.checks_of(episode),
        no_news=alerts.no_news_since(current_user.id, [episode], {episode.id: entries[-1].recorded_at} if entries else {}),
    )


@bp.route("/episodes/<uuid:episode_id>/clinician-check", methods=["GET", "POST"])
@role_required("athlete")
def clinician_check(episode_id: uuid.UUID):
    """The athlete records that a clinician checked them after a warning sign: the way out of the emergency plan."""
    episode = own_episode_or_404(episode_id)
    form = ClinicianCheckForm(local_timezone=current_user.timezone)
    if not form.is_submitted():
        form.checked_at.data = utcnow()
    elif form.validate() and save_with_form_errors(form, lambda: clinician_checks.record_check(
        current_user, episode, str(form.checked_by.data), form.clinician.data, form.checked_at.data or utcnow(), form.note.data,
    )):
        flash(_("Saved: a clinician checked you. Your plan goes on from today's pain."), "success")
        return redirect(url_for("athlete.episode", episode_id=episode.id))
    return render_template("athlete/clinician_check.html", form=form, episode=episode), 422 if form.errors else 200


@bp.post("/episodes/<uuid:episode_id>/resolve")
@role_required("athlete")
def resolve_episode(episode_id: uuid.UUID):
    episode = own_episode_or_404(episode_id)
    values = {name: getattr(episode, name) for name in diary.EPISODE_FIELDS}
    diary.save_episode(current_user, episode.id, {**values, "resolved_at": utcnow()}, utcnow())
    flash(_("Glad it's better. '%(activity)s' is closed; you can still see it under All episodes.", activity=episode.activity), "success")
    return redirect(url_for("athlete.home"))
