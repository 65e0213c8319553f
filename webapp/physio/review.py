"""Review mode: one printable page for the appointment, summarising a chosen period of a patient's diary."""
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort, render_template, request, url_for
from flask_login import current_user

from webapp.core.charts import ChartEntry, EarlierCourse, pain_chart
from webapp.core.history_summary import compare_with_earlier, summarise_history
from webapp.core.timeline import history_timeline
from webapp.forms.care_forms import ReviewPeriodForm
from webapp.infra.database import writes_on_read
from webapp.infra.page_access import role_required
from webapp.infra.times import utcnow
from webapp.physio import bp
from webapp.services import alerts, care, diary, history
from webapp.services.checklist_progress import adherence_by_episode

DEFAULT_DAYS = 90


def _period(form: ReviewPeriodForm, zone: str, now: datetime) -> tuple[datetime, datetime]:
    """The period's first and last moments: whole local days, the last 90 by default."""
    tz = ZoneInfo(zone)
    last_day = form.until.data or now.astimezone(tz).date()
    first_day = form.since.data or last_day - timedelta(days=DEFAULT_DAYS - 1)
    return datetime.combine(first_day, time(0), tzinfo=tz), datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=tz)


@bp.route("/patients/<uuid:patient_id>/review")
@writes_on_read
@role_required("physio")
def review(patient_id: uuid.UUID):
    try:
        patient = care.linked_patient(current_user, patient_id, "review")
    except care.NotFound:
        abort(404)
    form = ReviewPeriodForm(request.args, meta={"csrf": False})
    if not form.validate():
        return render_template("physio/review.html", patient=patient, form=form, period=None), 422
    now = utcnow()
    starts, ends = _period(form, current_user.timezone, now)
    newest_first = diary.episodes_of(patient)
    every_episode = newest_first[::-1]
    episodes = [e for e in newest_first if e.started_at < ends and (e.resolved_at is None or e.resolved_at >= starts)]
    current = next((e for e in episodes if e.resolved_at is None), episodes[0] if episodes else None)
    chart = comparison = None
    if current is not None:
        entries = diary.entries_of(patient, current.id)
        earlier = history.earlier_of_same_region(current)
        chart = pain_chart(current.started_at, [ChartEntry(e.recorded_at, e.pain, tuple(e.red_flags), tuple(e.treatments)) for e in entries],
                           [EarlierCourse(e.started_at, readings) for e, readings in earlier])
        comparison = compare_with_earlier(current.started_at, current.resolved_at, now, [(e.started_at, e.resolved_at) for e, _ in earlier])
    shown = {e.id for e in episodes}
    period_alerts = [a for a in alerts.alerts_of(patient) if a.episode_id in shown and (a.status == "open" or a.raised_at >= starts)]
    return render_template(
        "physio/review.html", patient=patient, form=form, period=(starts, ends - timedelta(seconds=1)), generated=now,
        timeline=history_timeline(history.history_of(patient, now, episodes=every_episode), now),
        summary=summarise_history(history.contexts_of(patient, every_episode)),
        episodes=episodes, current=current, chart=chart, comparison=comparison, alerts=alerts.most_severe_first(period_alerts),
        activity={e.id: e.activity for e in episodes}, adherence=adherence_by_episode([e.id for e in episodes]),
        notes=[n for n in care.notes_of(patient) if starts <= n.created_at < ends],
        link_for=lambda episode_id: url_for("physio.patient", patient_id=patient.id, episode=episode_id),
    )
