"""The athlete's home and list of episodes."""
import uuid
from collections import defaultdict
from datetime import timedelta

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.athlete import bp
from webapp.infra.page_access import role_required
from webapp.infra.times import utcnow
from webapp.models import Entry
from webapp.services import alerts, care_plans, checklist_progress, diary, history, reminder_delivery, reminder_preferences


def _latest_and_counts(entries: list[Entry]) -> tuple[dict[uuid.UUID, Entry], dict[uuid.UUID, int]]:
    latest: dict[uuid.UUID, Entry] = {}
    counts: dict[uuid.UUID, int] = defaultdict(int)
    for entry in entries:
        latest[entry.episode_id] = entry  # time order: the last one wins
        counts[entry.episode_id] += 1
    return latest, counts


@bp.route("/")
@role_required("athlete")
def home():
    all_episodes = diary.episodes_of(current_user)
    now = utcnow()
    reminders = reminder_preferences.stored_preferences(current_user)
    episodes = [episode for episode in all_episodes if episode.is_active]
    latest, _ = _latest_and_counts(diary.entries_of(current_user))
    today = checklist_progress.local_today(current_user)
    plans = {
        episode.id: (checklist_progress.plan_on(current_user, episode, today), checklist_progress.progress_on(episode, today))
        for episode in episodes
    }
    # Told once: this page shows the news, then it is seen.
    plan_news = care_plans.unseen_changes(episode.id for episode in episodes)
    care_plans.mark_seen(list(plan_news))
    return render_template(
        "athlete/home.html",
        episodes=episodes,
        latest=latest,
        open_alerts=alerts.most_severe_first(alerts.alerts_of(current_user, "open")),
        checkins=alerts.episodes_due_checkin([current_user.id]),
        activity={episode.id: episode.activity for episode in all_episodes},
        plans=plans,
        plan_news=plan_news,
        today=today,
        now=now,
        checkin_banner=reminder_delivery.checkin_on_home(
            current_user, now, reminders, episodes, {episode_id: entry.recorded_at for episode_id, entry in latest.items()},
        ),
        reminders=reminders,
        invite_to_reminders=bool(all_episodes) and not reminders.enabled and reminders.invitation_dismissed_at is None,
        offline_data=_offline_data(episodes, today),
    )


def _offline_data(episodes, today) -> list[str]:
    """The API reads the phone keeps for offline use: episodes, 30 days of entries, alerts, today's and tomorrow's plans."""
    since = (utcnow() - timedelta(days=30)).isoformat()
    urls = [url_for("api.list_episodes"), url_for("api.list_entries", since=since), url_for("api.list_alerts", status="open")]
    for episode in episodes:
        for day in (today, today + timedelta(days=1)):
            urls.append(url_for("api.get_checklist", episode_id=episode.id, on=day.isoformat()))
    return urls


@bp.route("/episodes")
@role_required("athlete")
def episodes():
    latest, counts = _latest_and_counts(diary.entries_of(current_user))
    episodes = diary.episodes_of(current_user)
    timeline, summary = history.overview(current_user, utcnow(), episodes[::-1])
    return render_template(
        "athlete/episodes.html", episodes=episodes, latest=latest, counts=counts, timeline=timeline, summary=summary,
        link_for=lambda episode_id: url_for("athlete.episode", episode_id=episode_id),
    )


@bp.post("/reminders/invitation/dismiss")
@role_required("athlete")
def dismiss_reminder_invitation():
    reminder_preferences.dismiss_invitation(current_user)
    flash(_("No reminders, then. You can turn them on any time on your account page."), "info")
    return redirect(url_for("athlete.home"))
