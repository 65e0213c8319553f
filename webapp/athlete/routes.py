"""The athlete's home and list of episodes."""
from collections import defaultdict
from datetime import timedelta

from flask import render_template, url_for
from flask_login import current_user

from webapp import alerts, checklists, diary
from webapp.athlete import bp
from webapp.auth.access import role_required
from webapp.times import utcnow


def _latest_entries_by_episode() -> dict:
    latest = {}
    for entry in diary.entries_of(current_user):
        latest[entry.episode_id] = entry  # time order: the last one wins
    return latest


@bp.route("/")
@role_required("athlete")
def home():
    episodes = [episode for episode in diary.episodes_of(current_user) if episode.is_active]
    today = checklists.local_today(current_user)
    plans = {
        episode.id: (checklists.plan_on(current_user, episode, today), checklists.progress_on(episode, today))
        for episode in episodes
    }
    open_alerts = alerts.alerts_of(current_user, "open")
    order = {"urgent": 0, "warning": 1, "advice": 2}
    return render_template(
        "athlete/home.html",
        episodes=episodes,
        latest=_latest_entries_by_episode(),
        open_alerts=sorted(open_alerts, key=lambda a: order[a.severity]),
        checkins=alerts.episodes_due_checkin([current_user.id]),
        activity={episode.id: episode.activity for episode in diary.episodes_of(current_user)},
        plans=plans,
        today=today,
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
    counts = defaultdict(int)
    for entry in diary.entries_of(current_user):
        counts[entry.episode_id] += 1
    return render_template(
        "athlete/episodes.html", episodes=diary.episodes_of(current_user), latest=_latest_entries_by_episode(), counts=counts
    )
