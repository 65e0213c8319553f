"""A row of the physiotherapist's patient list, from plain facts: trend, day, last logged, adherence, worst alert."""
from datetime import UTC, date, datetime, timedelta

import pytest

from webapp.core.charts import sparkline
from webapp.core.checklist.adherence import TickedDay
from webapp.core.patient_rows import OpenAlert, days_so_far, pain_trend, patient_row, recent_adherence, worst_alert
from webapp.core.rules.facts import EpisodeFacts

SEVERITIES = ("urgent", "warning", "advice")
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize(("daily", "trend"), [
    ([], None),
    ([None, None, 6], None),  # one logged day: nothing to compare
    ([3, None, 5], "rising"),  # 2 points up: the clinically meaningful change
    ([4, 5], "steady"),  # 1 point: day-to-day noise
    ([7, 7, 7, 3], "falling"),
    ([3, 4, 5, 6], "rising"),  # 6 against the mean of 3, 4, 5
    ([6, 5, 4, 3], "falling"),
    ([2, 8, 2, 8, 2], "falling"),  # 2 against the mean of the 3 days before it (6)
    ([4, 6, 4, 6, 5], "steady"),
    ([9] + [None] * 6 + [3, 3], "steady"),  # the 9 is more than a week before the latest day: not read
    ([5] * 14 + [None], "steady"),  # today not logged yet: the latest logged day counts
])
def test_the_trend_reads_the_latest_logged_day_against_the_days_before(daily, trend):
    assert pain_trend(daily) == trend


def episode(started: datetime, resolved: datetime | None = None, zone: str = "UTC", activity: str = "Deadlifts") -> EpisodeFacts:
    return EpisodeFacts(id="e", started_at=started, onset="next_day", activity=activity, resolved_at=resolved, zone=zone)


@pytest.mark.parametrize(("started", "resolved", "zone", "days"), [
    (NOW - timedelta(hours=2), None, "UTC", 1),
    (datetime(2026, 11, 30, 23, 30, tzinfo=UTC), None, "UTC", 3),  # Mon late, now Wed: day 3
    (datetime(2026, 11, 30, 23, 30, tzinfo=UTC), None, "Europe/Madrid", 2),  # already Tue 00:30 in Madrid
    (datetime(2026, 11, 20, 9, tzinfo=UTC), datetime(2026, 11, 24, 9, tzinfo=UTC), "UTC", 5),  # closed on its day 5
])
def test_days_with_a_plan_are_the_episodes_days_up_to_today_or_its_close(started, resolved, zone, days):
    assert days_so_far(episode(started, resolved, zone), NOW) == days


def ticked(day: date, due: tuple[str, ...], done: tuple[str, ...]) -> TickedDay:
    return TickedDay(day, due, done, {})


def test_adherence_counts_items_done_of_due_over_the_week_and_the_days_with_a_plan():
    today = NOW.date()
    days = [
        ticked(today, ("walk", "ice", "stretches"), ("walk",)),
        ticked(today - timedelta(days=1), ("walk", "ice"), ("walk", "ice", "foam_roller")),  # an item not due is not counted
        ticked(today - timedelta(days=2), ("walk",), ()),  # opened, nothing ticked
        ticked(today - timedelta(days=9), ("walk",), ("walk",)),  # before the week
    ]
    week = recent_adherence(days, [episode(NOW - timedelta(days=20))], today)
    assert (week.items_done, week.items_due, week.days_ticked, week.days_with_plan, week.percent) == (3, 6, 2, 7, 50)
    # An episode of 3 days so far has 3 days with a plan; none ticked is not none due.
    short = recent_adherence([], [episode(NOW - timedelta(days=2))], today)
    assert (short.items_due, short.days_ticked, short.days_with_plan, short.percent) == (0, 0, 3, None)
    # Two episodes overlapping count each day once; an episode closed before the week gives none.
    both = recent_adherence([], [episode(NOW - timedelta(days=4), NOW - timedelta(days=1)), episode(NOW - timedelta(days=2))], today)
    assert both.days_with_plan == 5
    assert recent_adherence([], [episode(NOW - timedelta(days=30), NOW - timedelta(days=10))], today) is None


def alert(rule: str, severity: str, hours_ago: float) -> OpenAlert:
    return OpenAlert(rule, severity, NOW - timedelta(hours=hours_ago))


@pytest.mark.parametrize(("alerts", "worst"), [
    ([], None),
    ([alert("doms_window_exceeded", "advice", 1), alert("persisting_beyond_week", "warning", 5)], "persisting_beyond_week"),
    ([alert("worsening_trend", "warning", 1), alert("red_flag", "urgent", 1), alert("severe_pain", "warning", 9)], "red_flag"),
    # Of one severity: the rule first in the rules table, whatever came first.
    ([alert("worsening_trend", "warning", 10), alert("severe_pain", "warning", 1)], "severe_pain"),
])
def test_the_worst_open_alert_is_the_most_severe(alerts, worst):
    found = worst_alert(alerts, SEVERITIES)
    assert (found.rule if found else None) == worst


def test_a_row_for_a_patient_with_one_day_of_logs():
    row = patient_row(NOW, "UTC", "UTC", [(NOW - timedelta(hours=3), 6)], NOW - timedelta(hours=3),
                      [episode(NOW - timedelta(hours=5))], [], [alert("severe_pain", "warning", 3)], SEVERITIES)
    assert row.daily == (None,) * 14 + (6,)
    assert (row.pain, row.trend, row.episode_day, row.episode_activity, row.days_since_log) == (6, None, 1, "Deadlifts", 0)
    assert (row.worst_alert.rule, row.other_alerts) == ("severe_pain", 0)
    assert (row.pain_said, row.day_said, row.logged_said) == ("Highest pain of each day logged in the last 15 days: 6", "Day 1", "today")
    assert row.done_said == "Nothing ticked" and row.ticked_said == "in 1 day with a plan"
    # One logged day is a dot, not an empty line.
    drawn = sparkline(list(row.daily))
    assert drawn.lines == () and len(drawn.dots) == 1 and drawn.dots[0][0] == 120


def test_a_row_reads_days_in_the_athletes_zone_and_last_logged_in_the_readers():
    madrid = "Europe/Madrid"
    readings = [(datetime(2026, 11, 30, 23, 30, tzinfo=UTC), 3),  # Tue 00:30 in Madrid
                (datetime(2026, 12, 1, 8, tzinfo=UTC), 5), (datetime(2026, 12, 1, 20, tzinfo=UTC), 6)]
    current = episode(datetime(2026, 11, 29, 18, tzinfo=UTC), zone=madrid, activity="Squats")
    closed = episode(datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 11, 26, tzinfo=UTC), zone=madrid)
    row = patient_row(NOW, madrid, "America/New_York", readings, readings[-1][0], [closed, current],
                      [ticked(date(2026, 12, 1), ("walk", "ice"), ("walk",))],
                      [alert("doms_window_exceeded", "advice", 1), alert("worsening_trend", "warning", 2)], SEVERITIES)
    # Tue 1 Dec had 3, 5 and 6 in Madrid: its highest is 6; Wed 2 Dec is today, not logged.
    assert row.daily[-2:] == (6, None) and row.daily.count(None) == 14
    assert (row.pain, row.trend, row.episode_day, row.episode_activity) == (6, None, 4, "Squats")
    # Logged Tue 15:00 in New York, read Wed 05:00 there: yesterday.
    assert row.days_since_log == 1 and row.logged_said == "yesterday"
    assert (row.worst_alert.rule, row.other_alerts, row.more_alerts_said) == ("worsening_trend", 1, "and 1 more open")
    # The week, 26 Nov to 2 Dec on Madrid's calendar: the closed episode's last day, and the current one's 4; not 27 and 28.
    assert (row.adherence.days_with_plan, row.done_said, row.ticked_said) == (5, "1 of 2 items done (50%)", "ticked on 1 of 5 days with a plan")


def test_a_row_without_logs_episode_or_alerts():
    row = patient_row(NOW, "UTC", "UTC", [], None, [], [], [], SEVERITIES)
    assert (row.pain, row.trend, row.episode_day, row.days_since_log, row.adherence, row.worst_alert) == (None, None, None, None, None, None)
    assert row.pain_said == "No pain logged in the last 15 days" and row.logged_said is None and row.done_said is None
    assert sparkline(list(row.daily)).lines == () == sparkline(list(row.daily)).dots


def test_the_sparkline_is_solid_over_consecutive_days_dashed_across_gaps_with_a_dot_a_day():
    drawn = sparkline([3, None, 5, 6, None, None, 2])
    assert drawn.lines == ("40.0,15.0 60.0,12.4",)
    assert drawn.bridges == ("0.0,20.2 40.0,15.0", "60.0,12.4 120.0,22.8")
    assert [x for x, _ in drawn.dots] == [0.0, 40.0, 60.0, 120.0]
