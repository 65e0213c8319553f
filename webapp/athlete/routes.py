"""The athlete's home and lists of episodes."""
import math
import uuid
from collections import defaultdict
from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.athlete import bp
from webapp.infra.page_access import role_required
from webapp.infra.times import utcnow
from webapp.models import SEVERITIES, Alert, Entry, Episode
from webapp.services import alerts, care_plans, checklist_progress, diary, history, reminder_delivery, reminder_preferences

# What the home page shows in full, so that it stays small however many episodes are open:
# the alerts most severe first, the episodes with urgent or warning alerts, and the latest episodes.
HOME_ALERT_CARDS = 10
HOME_FLAGGED_EPISODES = 5
HOME_RECENT_EPISODES = 5
OPEN_EPISODES_PER_PAGE = 50


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
    open_episodes = [episode for episode in all_episodes if episode.is_active]
    open_alerts = alerts.most_severe_first(alerts.alerts_of(current_user, "open"))
    episodes = _shown_on_home(open_episodes, open_alerts)
    latest = diary.last_entries([episode.id for episode in episodes])
    today = checklist_progress.local_today(current_user)
    plans = {
        episode.id: (checklist_progress.plan_on(current_user, episode, today), checklist_progress.progress_on(episode, today))
        for episode in episodes
    }
    # Told once: this page shows the news, then it is seen; an episode not shown here keeps its news.
    plan_news = care_plans.unseen_changes(episode.id for episode in episodes)
    care_plans.mark_seen(list(plan_news))
    last_logged = diary.last_entry_times(current_user)
    alert_cards, alerts_not_shown = open_alerts[:HOME_ALERT_CARDS], open_alerts[HOME_ALERT_CARDS:]
    urgent_not_shown = sum(alert.severity == "urgent" for alert in alerts_not_shown)
    return render_template(
        "athlete/home.html",
        episodes=episodes,
        episodes_not_shown=len(open_episodes) - len(episodes),
        latest=latest,
        open_alerts=open_alerts,
        alert_cards=alert_cards,
        urgent_alerts_not_shown=urgent_not_shown,
        other_alerts_not_shown=len(alerts_not_shown) - urgent_not_shown,
        checkins=alerts.episodes_due_checkin([current_user.id]),
        activity={episode.id: episode.activity for episode in all_episodes},
        plans=plans,
        plan_news=plan_news,
        today=today,
        now=now,
        # Every open episode, shown here or not: the banner names the one to log.
        checkin_banner=reminder_delivery.checkin_on_home(
            current_user, now, reminders, open_episodes, last_logged,
        ),
        no_news=alerts.no_news_since(current_user.id, open_episodes, last_logged, now),
        reminders=reminders,
        invite_to_reminders=bool(all_episodes) and not reminders.enabled and reminders.invitation_dismissed_at is None,
        offline_data=_offline_data(episodes, today),
    )


def _worst_open_alert(open_alerts: list[Alert]) -> dict[uuid.UUID, int]:
    """Each episode's most severe open alert, as its place in SEVERITIES (urgent is 0)."""
    worst: dict[uuid.UUID, int] = {}
    for alert in open_alerts:
        rank = SEVERITIES.index(alert.severity)
        worst[alert.episode_id] = min(rank, worst.get(alert.episode_id, rank))
    return worst


def _most_pressing_first(episodes: list[Episode], worst: dict[uuid.UUID, int]) -> list[Episode]:
    """Episodes with an urgent open alert first, then a warning, then the rest; in their given order within each."""
    return sorted(episodes, key=lambda episode: worst.get(episode.id, len(SEVERITIES)))


def _shown_on_home(open_episodes: list[Episode], open_alerts: list[Alert]) -> list[Episode]:
    """The open episodes (newest first) the home page shows in full: those with an urgent or warning alert, and the latest.

    The page stays the same size however many episodes are open; the others are counted, with a
    link to the list of them, and their open alerts are in the alerts above, or counted there.
    """
    worst = _worst_open_alert(open_alerts)
    flagged = [episode for episode in _most_pressing_first(open_episodes, worst)
               if worst.get(episode.id, len(SEVERITIES)) <= SEVERITIES.index("warning")]
    chosen = {episode.id for episode in flagged[:HOME_FLAGGED_EPISODES] + open_episodes[:HOME_RECENT_EPISODES]}
    return [episode for episode in open_episodes if episode.id in chosen]


@bp.route("/episodes/open")
@role_required("athlete")
def open_episodes():
    """Every open episode, and every episode with an open alert, most pressing first, a page at a time."""
    open_alerts = alerts.most_severe_first(alerts.alerts_of(current_user, "open"))
    with_open_alerts = {alert.episode_id for alert in open_alerts}
    listed = _most_pressing_first(
        [episode for episode in diary.episodes_of(current_user) if episode.is_active or episode.id in with_open_alerts],
        _worst_open_alert(open_alerts),
    )
    pages = max(1, math.ceil(len(listed) / OPEN_EPISODES_PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    episodes = listed[(page - 1) * OPEN_EPISODES_PER_PAGE:page * OPEN_EPISODES_PER_PAGE]
    alerts_by_episode: defaultdict[uuid.UUID, list[Alert]] = defaultdict(list)
    for alert in open_alerts:
        alerts_by_episode[alert.episode_id].append(alert)
    return render_template(
        "athlete/open_episodes.html", episodes=episodes, alerts_by_episode=alerts_by_episode,
        latest=diary.last_entries([episode.id for episode in episodes]), page=page, pages=pages, total=len(listed),
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
