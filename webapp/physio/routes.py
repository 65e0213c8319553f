"""The physiotherapist's pages: the triaged patient list and a patient's history."""
import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.core.charts import ChartEntry, pain_chart
from webapp.core.checklist.prescription import FIRST_DAY_AFTER_ACUTE, PAUSABLE, PRESCRIBABLE
from webapp.core.rules import LIMITS
from webapp.core.rules.thresholds import NAMES as THRESHOLD_NAMES
from webapp.core.rules.thresholds import Thresholds
from webapp.core.wording import N_
from webapp.forms.care_forms import InviteCodeForm, NoteForm
from webapp.forms.care_plan_forms import PlanItemForm
from webapp.forms.diary_forms import AcknowledgeForm
from webapp.infra.database import writes_on_read
from webapp.infra.languages import translate
from webapp.infra.page_access import role_required
from webapp.infra.times import utcnow
from webapp.models import Alert, Episode, User
from webapp.physio import bp
from webapp.services import alerts, care, care_plans, checklist_progress, clinician_checks, diary, history
from webapp.services.checklist_progress import adherence_of
from webapp.services.invalid_input import InvalidFields
from webapp.services.rate_limits import invite_limit


@bp.route("/")
@role_required("physio")
def home():
    return render_template("physio/home.html", rows=care.triaged_patients(current_user), form=InviteCodeForm(formdata=None))


@bp.route("/link", methods=["GET", "POST"])
@role_required("physio")
@invite_limit
def link_patient():
    form = InviteCodeForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"]
    if form.validate_on_submit():
        try:
            link = care.redeem_invite(current_user, form.code.data)
        except InvalidFields as exc:
            form.code.errors = [*form.code.errors, *exc.errors["code"]]
        else:
            flash(_("%(name)s is now your patient.", name=link.athlete.name), "success")
            return redirect(url_for("physio.patient", patient_id=link.athlete_id))
    return render_template("physio/link.html", form=form), 422 if form.errors else 200


def _linked(patient_id: uuid.UUID, what: str | None = None):
    try:
        return care.linked_patient(current_user, patient_id, what)
    except care.NotFound:
        abort(404)


@bp.route("/patients/<uuid:patient_id>")
@writes_on_read
@role_required("physio")
def patient(patient_id: uuid.UUID):
    return patient_page(_linked(patient_id, N_("patient page")), request.args.get("episode"))


def patient_page(patient: User, episode_id: str | None, plan_form: PlanItemForm | None = None) -> str:
    """The patient page at an episode (None or unknown: the one opened first); plan_form: a refused change to its plan,
    drawn open and filled as it was sent, with the reasons at the fields."""
    episodes = diary.episodes_of(patient)
    unresolved = alerts.unresolved_of(patient)
    held = {alert.episode_id for alert in unresolved}
    chosen = next((e for e in episodes if str(e.id) == episode_id), None) or _opened_first(episodes, unresolved)
    entries = diary.entries_of(patient, chosen.id) if chosen else []
    patient_alerts = alerts.alerts_of(patient, episode_id=chosen.id) if chosen else []
    cited: dict[str | None, list[str]] = {}
    for alert in patient_alerts:
        for item in alert.evidence:
            cited.setdefault(item.get("entry_id"), []).append(alert.rule)
    now = utcnow()
    earlier, comparison = history.compared_with_earlier(chosen, now) if chosen else ([], None)
    chart = pain_chart(chosen.started_at, [
        ChartEntry(e.recorded_at, e.pain, tuple(e.red_flags), tuple(e.treatments), tuple(cited.get(str(e.id), ())))
        for e in entries
    ], earlier) if chosen else None
    timeline, summary = history.overview(patient, now, episodes[::-1])
    settings = alerts.thresholds_for([patient.id])[patient.id]
    plan_phase = checklist_progress.plan_on(patient, chosen, checklist_progress.local_today(patient)).phase if chosen else None
    days = adherence_of(chosen.id) if chosen else []
    records = care_plans.items_of(chosen.id, removed=True) if chosen else []
    return render_template(
        "physio/patient.html", patient=patient, episodes=episodes, episode=chosen, entries=entries, chart=chart,
        alerts=patient_alerts, unresolved=unresolved, by_id={e.id: e for e in episodes}, adherence=days, notes=care.notes_of(patient),
        note_form=NoteForm(formdata=None), limits=LIMITS, thresholds=settings, plan_phase=plan_phase,
        link=next((each for each in care.links_of(current_user) if each.athlete_id == patient.id), None),
        timeline=timeline, summary=summary, comparison=comparison, zoom=history.day_by_day(patient, chosen, now) if chosen else None,
        link_for=lambda episode_id: url_for("physio.patient", patient_id=patient.id, episode=episode_id),
        plan_items=[(record, care_plans.describe(care_plans.plan_item(record))) for record in records if record.removed_at is None],
        plan_history=care_plans.history_of(chosen.id) if chosen else [],
        checks=clinician_checks.checks_of(chosen) if chosen else [],
        item_adherence=checklist_progress.adherence_by_plan_item(days, records),
        new_id=lambda: str(uuid.uuid4()), plan_form=plan_form,
        prescribable=PRESCRIBABLE, pausable=PAUSABLE, first_day_after_acute=FIRST_DAY_AFTER_ACUTE,
        no_news=alerts.no_news_since(patient.id, [e for e in episodes if e.id in held or e == chosen], diary.last_entry_times(patient), now),
    )


def _opened_first(episodes: list[Episode], unresolved: list[Alert]) -> Episode | None:
    """The newest episode, unless another holds an urgent alert not resolved yet: the most serious problem first."""
    if not episodes:
        return None
    urgent = [alert.episode_id for alert in unresolved if alert.severity == "urgent"]
    if not urgent or episodes[0].id in urgent:
        return episodes[0]
    return next(e for e in episodes if e.id == urgent[0])


@bp.post("/alerts/<uuid:alert_id>/<action>")
@role_required("physio")
def act_on_alert(alert_id: uuid.UUID, action: str):
    try:
        alert = care.visible_alert(current_user, alert_id)
    except care.NotFound:
        abort(404)
    form = AcknowledgeForm()
    if action not in ("acknowledge", "close") or not form.validate_on_submit():
        flash(" ".join(translate(message) for message in form.note.errors) or _("Could not do that."), "error")
    elif action == "acknowledge":
        try:
            alerts.acknowledge(alert, current_user, form.note.data)
        except alerts.AlreadyResolved:
            flash(_("That alert was already resolved."), "info")
    else:
        care.close_alert(current_user, alert, form.note.data)
    return redirect(url_for("physio.patient", patient_id=alert.user_id, episode=alert.episode_id, _anchor="open-alerts"))


@bp.post("/patients/<uuid:patient_id>/episodes/<uuid:episode_id>/clearance")
@role_required("physio")
def clear_episode(patient_id: uuid.UUID, episode_id: uuid.UUID):
    patient = _linked(patient_id, N_("episode cleared"))
    form = AcknowledgeForm()
    try:
        episode = diary.own_episode(patient, episode_id)
    except diary.NotFound:
        abort(404)
    if form.validate_on_submit():
        care.clear_episode(current_user, episode, form.note.data)
        flash(_("Cleared: the athlete's plan moves on to graded recovery. A new red flag brings the clinician step back."), "success")
    else:
        flash(" ".join(translate(message) for message in form.note.errors) or _("Could not do that."), "error")
    return redirect(url_for("physio.patient", patient_id=patient.id, episode=episode.id, _anchor="alerts"))


@bp.post("/patients/<uuid:patient_id>/notes")
@role_required("physio")
def add_note(patient_id: uuid.UUID):
    patient = _linked(patient_id, N_("clinician note added"))
    form = NoteForm()
    if form.validate_on_submit():
        care.add_note(current_user, patient, form.text.data)
        flash(_("Note saved."), "success")
    else:
        flash(" ".join(translate(message) for message in form.text.errors), "error")
    return redirect(url_for("physio.patient", patient_id=patient.id, _anchor="notes"))


def _whole_number_or_text(raw: str) -> int | str:
    # Text (or a number too long for int()) is passed on as text, for set_thresholds to refuse by name.
    try:
        return int(raw)
    except ValueError:
        return raw


@bp.post("/patients/<uuid:patient_id>/thresholds")
@role_required("physio")
def save_thresholds(patient_id: uuid.UUID):
    patient = _linked(patient_id, N_("alert thresholds changed"))
    defaults = Thresholds()
    overrides: dict[str, int | str | None] = {}
    for name in LIMITS:
        raw = request.form.get(name, "").strip()
        if raw == "" or raw == str(getattr(defaults, name)):
            overrides[name] = None
        else:
            overrides[name] = _whole_number_or_text(raw)
    try:
        care.set_thresholds(current_user, patient, overrides)
        flash(_("Thresholds saved; the patient's open episodes were re-checked."), "success")
    except InvalidFields as exc:
        flash(" ".join(f"{translate(THRESHOLD_NAMES[name]) if name in THRESHOLD_NAMES else name}: {' '.join(translate(message) for message in m)}" for name, m in exc.errors.items()), "error")
    return redirect(url_for("physio.patient", patient_id=patient.id, _anchor="thresholds"))


@bp.post("/links/<uuid:link_id>/end")
@role_required("physio")
def end_link(link_id: uuid.UUID):
    try:
        care.end_link(current_user, link_id)
    except care.NotFound:
        abort(404)
    flash(_("The link is ended."), "info")
    return redirect(url_for("physio.home"))
