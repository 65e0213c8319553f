"""The athlete's home and list of episodes."""
from collections import defaultdict

from flask import render_template
from flask_login import current_user

from webapp import alerts, checklists, diary
from webapp.athlete import bp
from webapp.auth.access import role_required


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
    )


@bp.route("/episodes")
@role_required("athlete")
def episodes():
    counts = defaultdict(int)
    for entry in diary.entries_of(current_user):
        counts[entry.episode_id] += 1
    return render_template(
        "athlete/episodes.html", episodes=diary.episodes_of(current_user), latest=_latest_entries_by_episode(), counts=counts
    )
