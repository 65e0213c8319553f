"""Which reminders an athlete is due now: pure, fed plain facts and a clock.

An athlete gets at most one check-in reminder a local day, at their reminder
time, and only when an open episode has no entry yet that day; an episode that
has gone unlogged for the check-in window (the rule's checkin_after_days) makes
it the stronger "check-in due" kind. A warning or urgent alert raised while the
athlete was not using the app (the nightly sweep, a physiotherapist's change) is
sent at once; quiet hours hold back everything but urgent alerts. The payload
names no health detail beyond the episode's own activity.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from webapp.core.rules import EpisodeFacts, Thresholds, needs_checkin, quiet_since
from webapp.core.wording import Said

DAILY_CHECKIN, CHECKIN_DUE, ALERT = "daily_checkin", "checkin_due", "alert"
NOTIFIED_SEVERITIES = frozenset({"urgent", "warning"})
# An alert older than this when it could first be sent is left to the app's own pages.
ALERT_NOTICE_WINDOW = timedelta(hours=24)
DEFAULT_DAILY_AT = time(20, 0)
DEFAULT_QUIET = (time(22, 0), time(7, 0))


@dataclass(frozen=True)
class ReminderPreferences:
    enabled: bool = False
    daily_at: time = DEFAULT_DAILY_AT
    # None: no quiet hours. start > end spans midnight (22:00-07:00).
    quiet_start: time | None = DEFAULT_QUIET[0]
    quiet_end: time | None = DEFAULT_QUIET[1]

    def quiet_at(self, wall: time) -> bool:
        """Whether this local time of day falls in the quiet hours."""
        start, end = self.quiet_start, self.quiet_end
        if start is None or end is None or start == end:
            return False
        if start < end:
            return start <= wall < end
        return wall >= start or wall < end


@dataclass(frozen=True)
class EpisodeToRemind:
    episode: EpisodeFacts
    last_entry_at: datetime | None


@dataclass(frozen=True)
class AlertToNotify:
    alert_id: str
    episode_id: str
    activity: str
    severity: str
    raised_at: datetime
    # Raised by a request of the athlete's own (they saw it on the page): never pushed.
    raised_by_athlete: bool = False


@dataclass(frozen=True)
class AthleteFacts:
    user_id: str
    timezone: str
    preferences: ReminderPreferences
    episodes: tuple[EpisodeToRemind, ...] = ()
    alerts: tuple[AlertToNotify, ...] = ()
    thresholds: Thresholds = Thresholds()


@dataclass(frozen=True)
class DueReminder:
    # One row per key is ever sent: a check-in per athlete and local day, an alert per raising.
    key: str
    kind: str
    episode_id: str
    alert_id: str | None
    title: Said  # said in the athlete's language when sent
    body: Said
    urgency: str
    expires_at: datetime


def local_moment(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The moment a local day and time of day name.

    On a spring-forward day a wall time in the gap (02:30) is the moment the clocks
    skip past it, shown as 03:30; on a fall-back day a repeated time is its first
    occurrence (fold 0, as zoneinfo reads it).
    """
    return datetime.combine(day, wall, tzinfo=zone)


def _checkin(athlete: AthleteFacts, now: datetime, zone: ZoneInfo) -> DueReminder | None:
    prefs = athlete.preferences
    local_now = now.astimezone(zone)
    today = local_now.date()
    send_from = local_moment(today, prefs.daily_at, zone)
    if now < send_from or prefs.quiet_at(local_now.time()):
        return None
    unlogged = [
        item for item in athlete.episodes
        if item.episode.resolved_at is None and item.episode.started_at < send_from
        and (item.last_entry_at is None or item.last_entry_at.astimezone(zone).date() < today)
    ]
    if not unlogged:
        return None
    overdue = [item for item in unlogged if needs_checkin(item.episode, item.last_entry_at, now, athlete.thresholds)]
    # The overdue episode if there is one, else the newest: one reminder names one episode.
    chosen = max(overdue or unlogged, key=lambda item: item.episode.started_at)
    episode = chosen.episode
    end_of_day = local_moment(today + timedelta(days=1), time(0), zone)
    quiet_from = local_moment(today, prefs.quiet_start, zone) if prefs.quiet_start is not None else end_of_day
    expires_at = min(end_of_day, quiet_from if quiet_from > now else end_of_day)
    if overdue and quiet_since(episode, chosen.last_entry_at, now, athlete.thresholds) is not None:
        title = Said("How is your back?")
        body = Said("No news about your pain after %(activity)s for %(days)s days or more. Is it gone? Log how it is now, or "
                    "close the episode: your advice depends on it.", activity=episode.activity, days=athlete.thresholds.quiet_after_days)
    elif overdue:
        title = Said("How is your back?")
        body = Said("You have not logged your pain after %(activity)s for a few days. A quick check-in keeps your recovery "
                    "advice right.", activity=episode.activity)
    else:
        title = Said("Time to log your pain")
        body = Said("How is it today after %(activity)s? Logging takes under a minute.", activity=episode.activity)
    return DueReminder(
        key=f"checkin:{athlete.user_id}:{today.isoformat()}", kind=CHECKIN_DUE if overdue else DAILY_CHECKIN,
        episode_id=episode.id, alert_id=None, title=title, body=body, urgency="normal" if overdue else "low", expires_at=expires_at,
    )


def _alert_notices(athlete: AthleteFacts, now: datetime, zone: ZoneInfo) -> list[DueReminder]:
    quiet = athlete.preferences.quiet_at(now.astimezone(zone).time())
    due = []
    for alert in athlete.alerts:
        if alert.severity not in NOTIFIED_SEVERITIES or alert.raised_by_athlete:
            continue
        if not timedelta(0) <= now - alert.raised_at <= ALERT_NOTICE_WINDOW:
            continue
        urgent = alert.severity == "urgent"
        if quiet and not urgent:
            continue
        due.append(DueReminder(
            key=f"alert:{alert.alert_id}:{alert.raised_at.isoformat()}", kind=ALERT, episode_id=alert.episode_id,
            alert_id=alert.alert_id,
            title=Said("Please read this now") if urgent else Said("New advice about your pain"),
            body=(Said("BackOnTrack has important advice about your pain after %(activity)s. Open the app to read it.", activity=alert.activity)
                  if urgent else Said("BackOnTrack has new advice about your pain after %(activity)s.", activity=alert.activity)),
            urgency="high" if urgent else "normal", expires_at=alert.raised_at + ALERT_NOTICE_WINDOW,
        ))
    return due


def due_reminders(athlete: AthleteFacts, now: datetime, already_sent: frozenset[str] = frozenset()) -> tuple[DueReminder, ...]:
    """Return the reminders this athlete should get now, none already sent."""
    if not athlete.preferences.enabled:
        return ()
    zone = ZoneInfo(athlete.timezone)
    found = _alert_notices(athlete, now, zone)
    checkin = _checkin(athlete, now, zone)
    if checkin is not None:
        found.append(checkin)
    return tuple(reminder for reminder in found if reminder.key not in already_sent)


def checkin_banner(athlete: AthleteFacts, now: datetime) -> DueReminder | None:
    """The check-in the home page shows as a banner, whether or not reminders are on or can be pushed."""
    prefs = athlete.preferences
    # The banner ignores quiet hours: it is only seen by someone who opened the app.
    shown = AthleteFacts(athlete.user_id, athlete.timezone, ReminderPreferences(True, prefs.daily_at, None, None),
                         athlete.episodes, (), athlete.thresholds)
    return _checkin(shown, now, ZoneInfo(athlete.timezone))
