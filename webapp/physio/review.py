"""Review mode: one printable page for the appointment, summarising a chosen period of a patient's diary."""
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import abort, render_template, request, url_for
from flask_login import current_user

from webapp.core.charts import ChartEntry, pain_chart
from webapp.core.patient_rows import days_so_far
from webapp.core.wording import N_
from webapp.forms.care_forms import ReviewPeriodForm
from webapp.infra.database import writes_on_read
from webapp.infra.page_access import role_required
from webapp.infra.times import day_bounds, utcnow
from webapp.models import Episode
from webapp.physio import bp
from webapp.services import alerts, care, diary, history
from webapp.services.checklist_progress import adherence_by_episode
from webapp.services.episode_facts import episode_facts

DEFAULT_DAYS = 90
MAX_DAYS = 3 * 365  # the form refuses more than three years


def _period(form: ReviewPeriodForm, zone: str, now: datetime, newest_first: list[Episode]) -> tuple[datetime, datetime]:
    """The period's first and last moments, whole local days, filled into the form for the reader to see and change.

    By default the last 90 days up to today; when no episode touches them, from the latest episode's first day (a
    review never opens empty on a patient with a diary), three years at most.
    """
    tz = ZoneInfo(zone)
    last_day = form.until.data or now.astimezone(tz).date()
    first_day = form.since.data
    if first_day is None:
        first_day = last_day - timedelta(days=DEFAULT_DAYS - 1)
        earlier = [e for e in newest_first if e.started_at.astimezone(tz).date() <= last_day]
        if earlier and not history.episodes_in(earlier, *day_bounds(first_day, last_day, zone)):
            first_day = max(earlier[0].started_at.astimezone(tz).date(), last_day - timedelta(days=MAX_DAYS - 1))
    form.since.data, form.until.data = first_day, last_day
    form.since.raw_data = form.until.raw_data = None  # the page shows the days themselves, not an empty field as sent
    starts, ends = day_bounds(first_day, last_day, zone)
    assert starts is not None and ends is not None
    return starts, ends


@bp.route("/patients/<uuid:patient_id>/review")
@writes_on_read
@role_required("physio")
def review(patient_id: uuid.UUID):
    try:
        patient = care.linked_patient(current_user, patient_id, N_("review"))
    except care.NotFound:
        abort(404)
    form = ReviewPeriodForm(request.args, meta={"csrf": False})
    if not form.validate():
        return render_template("physio/review.html", patient=patient, form=form, period=None), 422
    now = utcnow()
    newest_first = diary.episodes_of(patient)
    starts, ends = _period(form, current_user.timezone, now, newest_first)
    episodes = history.episodes_in(newest_first, starts, ends)
    current = next((e for e in episodes if e.resolved_at is None), episodes[0] if episodes else None)
    chart = comparison = None
    if current is not None:
        entries = diary.entries_of(patient, current.id)
        earlier, comparison = history.compared_with_earlier(current, now)
        chart = pain_chart(current.started_at, [ChartEntry(e.recorded_at, e.pain, tuple(e.red_flags), tuple(e.treatments)) for e in entries],
                           earlier)
    timeline, summary = history.overview(patient, now, newest_first[::-1])
    shown = {e.id for e in episodes}
    period_alerts = [a for a in alerts.alerts_of(patient) if a.episode_id in shown and (a.status == "open" or a.raised_at >= starts)]
    return render_template(
        "physio/review.html", patient=patient, form=form, period=(starts, ends - timedelta(seconds=1)), generated=now,
        timeline=timeline, summary=summary, zoom=history.day_by_day(patient, current, now) if current else None,
        episodes=episodes, current=current, chart=chart, comparison=comparison, alerts=alerts.most_severe_first(period_alerts),
        activity={e.id: e.activity for e in episodes}, adherence=adherence_by_episode([e.id for e in episodes]),
        plan_days={e.id: days_so_far(episode_facts(e, patient.timezone), now) for e in episodes},
        notes=[n for n in care.notes_of(patient) if starts <= n.created_at < ends],
        link_for=lambda episode_id: url_for("physio.patient", patient_id=patient.id, episode=episode_id),
    )
