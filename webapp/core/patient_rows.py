"""A row of the physiotherapist's patient list: what a patient's recent diary says at a glance.

Pure: readings, episodes, ticked checklist days and open alerts in; the row's figures out.
The patient's days (the sparkline's, the episode's 'Day N', the week of adherence) are
calendar days in the athlete's zone, as the athlete counts them; "last logged" is counted
in the reader's zone, the one its date and time are shown in.
"""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from webapp.core.checklist.adherence import TickedDay
from webapp.core.rules.clock import episode_day
from webapp.core.rules.facts import EpisodeFacts
from webapp.core.rules.table import RULES
from webapp.core.wording import N_, Said

SPARKLINE_DAYS = 15  # today and the 14 days before
# The trend reads the last week: the latest logged day against up to 3 logged days before it.
TREND_DAYS = 7
TREND_EARLIER = 3
# A change of 2 points is the usual clinically meaningful change in pain (the improvement and worsening
# thresholds' default); a smaller one is day-to-day noise, so "steady".
TREND_POINTS = 2
ADHERENCE_DAYS = 7
RULE_ORDER = {rule.code: index for index, rule in enumerate(RULES)}


@dataclass(frozen=True)
class OpenAlert:
    rule: str
    severity: str
    raised_at: datetime


@dataclass(frozen=True)
class Adherence:
    """Checklist items done / due on the days the athlete ticked, and on how many of the days with a plan they did.

    Only a day the athlete opened and ticked stores what was due, so a day left untouched
    counts in days_with_plan and not in items_due.
    """

    items_done: int
    items_due: int
    days_ticked: int
    days_with_plan: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.items_done / self.items_due) if self.items_due else None


@dataclass(frozen=True)
class PatientRow:
    daily: tuple[int | None, ...]  # highest pain of each day, oldest first, today last; None: no log that day
    pain: int | None  # the highest pain of the latest day logged in the sparkline's days
    trend: str | None  # rising, falling or steady; None with fewer than two logged days in the last week
    episode_day: int | None  # the current (open) episode's day, None when none is open
    episode_activity: str | None
    days_since_log: int | None  # calendar days in the reader's zone: 0 today, 1 yesterday
    adherence: Adherence | None  # None when no day of the last week had a plan
    worst_alert: OpenAlert | None
    other_alerts: int  # open alerts besides the worst

    # What the list says of the figures, in the reader's language where shown (a sentence a row, said in English
    # at once: a list of 50 patients would look each template up 50 times in the page).
    @property
    def pain_said(self) -> Said:
        logged = ", ".join(str(pain) for pain in self.daily if pain is not None)
        if not logged:
            return Said(N_("No pain logged in the last 15 days"))
        return Said("Highest pain of each day logged in the last 15 days: %(values)s", values=logged)

    @property
    def day_said(self) -> Said | None:
        return Said("Day %(day)s", day=self.episode_day) if self.episode_day else None

    @property
    def more_alerts_said(self) -> Said | None:
        return Said.counted("and %(n)s more open", "and %(n)s more open", n=self.other_alerts) if self.other_alerts else None

    @property
    def logged_said(self) -> Said | None:
        if self.days_since_log is None:
            return None
        if self.days_since_log < 2:
            return Said(N_("yesterday")) if self.days_since_log else Said(N_("today"))
        return Said.counted("%(n)s day ago", "%(n)s days ago", n=self.days_since_log)

    @property
    def done_said(self) -> Said | None:
        a = self.adherence
        if a is None:
            return None
        if not a.items_due:
            return Said(N_("Nothing ticked"))
        return Said("%(done)s of %(due)s items done (%(percent)s%%)", done=a.items_done, due=a.items_due, percent=a.percent)

    @property
    def ticked_said(self) -> Said | None:
        a = self.adherence
        if a is None:
            return None
        if not a.days_ticked:
            return Said.counted("in %(n)s day with a plan", "in %(n)s days with a plan", n=a.days_with_plan)
        return Said.counted("ticked on %(ticked)s of %(n)s day with a plan", "ticked on %(ticked)s of %(n)s days with a plan",
                            n=a.days_with_plan, ticked=a.days_ticked)


def daily_highest(readings: Iterable[tuple[datetime, int]], today: date, zone: ZoneInfo, days: int = SPARKLINE_DAYS) -> tuple[int | None, ...]:
    """The highest pain of each of the last `days` calendar days in the zone, today last; None for a day without a log."""
    first = today - timedelta(days=days - 1)
    highest: dict[int, int] = {}
    for at, pain in readings:
        index = (at.astimezone(zone).date() - first).days
        if 0 <= index < days:
            highest[index] = max(pain, highest.get(index, pain))
    return tuple(highest.get(index) for index in range(days))


def pain_trend(daily: Sequence[int | None]) -> str | None:
    """Rising, falling or steady: the latest logged day of the last week against the mean of up to 3 logged days before it."""
    logged = [pain for pain in daily[-TREND_DAYS:] if pain is not None]
    if len(logged) < 2:
        return None
    earlier = logged[-1 - TREND_EARLIER:-1]
    change = logged[-1] - sum(earlier) / len(earlier)
    if change >= TREND_POINTS:
        return "rising"
    if change <= -TREND_POINTS:
        return "falling"
    return "steady"


def worst_alert(alerts: Iterable[OpenAlert], severities: Sequence[str]) -> OpenAlert | None:
    """The most severe; of one severity, the rule first in the rules table (a warning sign before pain), then the oldest."""
    return min(alerts, key=lambda a: (severities.index(a.severity), RULE_ORDER.get(a.rule, len(RULE_ORDER)), a.raised_at), default=None)


def plan_days(episode: EpisodeFacts, first: date, last: date) -> set[date]:
    """The days from first to last (calendar days in the episode's zone) the episode gives a plan: its first day to its close.

    Every day of an episode has a plan (the sourced one, or a prescription in its place), ticked or not.
    """
    zone = ZoneInfo(episode.zone)
    start = max(first, episode.started_at.astimezone(zone).date())
    end = min(last, episode.resolved_at.astimezone(zone).date()) if episode.resolved_at else last
    return {start + timedelta(days=n) for n in range((end - start).days + 1)}


def days_so_far(episode: EpisodeFacts, now: datetime) -> int:
    """How many days of the episode have had a plan: its first day up to today, or to the day it closed."""
    return max(1, episode_day(episode, min(episode.resolved_at or now, now)))


def recent_adherence(ticked: Iterable[TickedDay], episodes: Iterable[EpisodeFacts], today: date,
                     days: int = ADHERENCE_DAYS) -> Adherence | None:
    """Items done / due over the last `days` days up to today, of every episode's checklist."""
    first = today - timedelta(days=days - 1)
    planned: set[date] = set()
    for episode in episodes:
        planned |= plan_days(episode, first, today)
    if not planned:
        return None
    done = due = 0
    days_ticked: set[date] = set()
    for day in ticked:
        if not first <= day.day <= today:
            continue
        due += len(set(day.due))
        done += len(set(day.due) & set(day.done))
        if day.done:
            days_ticked.add(day.day)
    return Adherence(done, due, len(days_ticked), len(planned))


def patient_row(now: datetime, zone: str, reader_zone: str, readings: Iterable[tuple[datetime, int]], last_logged_at: datetime | None,
                episodes: Sequence[EpisodeFacts], ticked: Iterable[TickedDay], alerts: Sequence[OpenAlert],
                severities: Sequence[str]) -> PatientRow:
    """One patient's row. episodes: those open or closed in the last week; alerts: the open ones."""
    athlete_zone, reader = ZoneInfo(zone), ZoneInfo(reader_zone)
    today = now.astimezone(athlete_zone).date()
    daily = daily_highest(readings, today, athlete_zone)
    current = max((e for e in episodes if e.resolved_at is None), key=lambda e: e.started_at, default=None)
    worst = worst_alert(alerts, severities)
    return PatientRow(
        daily=daily,
        pain=next((pain for pain in reversed(daily) if pain is not None), None),
        trend=pain_trend(daily),
        episode_day=days_so_far(current, now) if current else None,
        episode_activity=current.activity if current else None,
        days_since_log=max(0, (now.astimezone(reader).date() - last_logged_at.astimezone(reader).date()).days) if last_logged_at else None,
        adherence=recent_adherence(ticked, episodes, today),
        worst_alert=worst,
        other_alerts=len(alerts) - 1 if worst else 0,
    )
