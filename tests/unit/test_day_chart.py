"""The chosen episode day by day: the worst pain of each day, its numbers, the axis, alerts and prescriptions."""
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from webapp.core.day_chart import LEFT, PLOT_HEIGHT, RIGHT, Prescription, day_chart, day_charts, worst_by_day
from webapp.core.time_axis import NARROW, WIDE
from webapp.core.timeline import RaisedAlert

START = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)  # day 1 is 23 Nov
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # day 10


def on(day: int, hour: int = 9) -> datetime:
    """A moment of the episode's day `day` (day 1: 23 Nov)."""
    return datetime(2026, 11, 23, hour, tzinfo=UTC) + timedelta(days=day - 1)


@pytest.mark.parametrize("readings, zone, worst", [
    ([(on(1, 19), 6), (on(1, 22), 4)], UTC, {date(2026, 11, 23): 6}),  # the day's worst, not its last
    ([(on(2, 8), 3), (on(2, 20), 7), (on(1, 20), 5)], UTC, {date(2026, 11, 23): 5, date(2026, 11, 24): 7}),  # in day order
    # 23:30 UTC is already the next day in Madrid.
    ([(on(1, 23).replace(minute=30), 5)], ZoneInfo("Europe/Madrid"), {date(2026, 11, 24): 5}),
    ([], UTC, {}),
])
def test_the_worst_pain_of_each_local_day(readings, zone, worst):
    assert worst_by_day(readings, zone) == worst


def test_days_run_from_day_1_to_today_while_the_episode_is_open():
    chart = day_chart(START, [(on(1, 19), 6), (on(2), 7), (on(9), 3)], NOW, NOW)
    assert (chart.first_day, chart.last_day) == (date(2026, 11, 23), date(2026, 12, 2))
    # Ten whole days and 4% of them each side (0.4 of a day, under the half-day minimum: half a day).
    plot = NARROW - LEFT - RIGHT
    day_width = plot / 11
    assert [p.x for p in chart.points] == [round(LEFT + day_width * (0.5 + n), 1) for n in (0.5, 1.5, 8.5)]
    assert [p.episode_day for p in chart.points] == [1, 2, 9]
    assert [p.y for p in chart.points] == [round(chart.plot_top + PLOT_HEIGHT * (1 - pain / 10), 1) for pain in (6, 7, 3)]


def test_a_closed_episode_runs_to_its_last_day_and_a_short_one_to_at_least_a_week():
    chart = day_chart(START, [(on(1, 19), 4), (on(2), 2)], on(2, 20), NOW)
    assert chart.last_day == date(2026, 11, 24)
    # Two days grow to seven: the five missing days go half before and half after, none past now.
    first, last = chart.points
    assert LEFT + (NARROW - LEFT - RIGHT) * 0.3 < first.x < last.x < LEFT + (NARROW - LEFT - RIGHT) * 0.7


def test_consecutive_days_are_joined_and_a_gap_is_dashed():
    chart = day_chart(START, [(on(1, 19), 6), (on(2), 7), (on(3), 5), (on(5), 5)], NOW, NOW)
    a, b, c, d = chart.points
    assert chart.line == f"M{a.x},{a.y} L{b.x},{b.y} M{b.x},{b.y} L{c.x},{c.y}"
    assert chart.gaps == f"M{c.x},{c.y} L{d.x},{d.y}"


@pytest.mark.parametrize("pains, width, labelled", [
    # Wide: 65 units a day, every number fits.
    ([6, 7, 5, 5, 4, 3], WIDE, [6, 7, 5, 5, 4, 3]),
    # Narrow, 30 days logged daily (10 units a day): the worst day and the last first, then every other day that fits.
    ([5] * 10 + [9] + [4] * 18 + [2], NARROW, None),
])
def test_numbers_are_written_where_they_do_not_crowd(pains, width, labelled):
    chart = day_chart(START, [(on(n + 1, 20), pain) for n, pain in enumerate(pains)], on(len(pains), 21), NOW, width=width)
    shown = [p for p in chart.points if p.labelled]
    if labelled is not None:
        assert [p.pain for p in shown] == labelled
    else:
        assert chart.points[10].labelled and chart.points[-1].labelled  # the 9 and the last day
        assert all(b.x - a.x >= 18 for a, b in zip(shown, shown[1:], strict=False)) and len(shown) >= 10


def test_alerts_sit_above_their_day_in_rows_and_push_the_plot_down():
    alone = day_chart(START, [(on(2), 7)], NOW, NOW)
    alerts = [RaisedAlert(on(2, 11), "warning", "severe_pain"), RaisedAlert(on(2, 15), "urgent", "red_flag"),
              RaisedAlert(NOW, "advice", "doms_window_exceeded", evidence_at=on(5))]
    chart = day_chart(START, [(on(2), 7), (on(5), 5)], NOW, NOW, alerts=alerts)
    warning, urgent, advice = chart.alerts
    assert warning.x == urgent.x == chart.points[0].x and advice.x == chart.points[1].x  # over the day's point
    assert warning.y < urgent.y and advice.y == warning.y  # the same day: a row each
    assert chart.plot_top - alone.plot_top == 14 * 2  # two rows of marks


def test_prescriptions_are_marked_on_the_day_they_begin_below_the_plot():
    walk = Prescription(date(2026, 11, 25), "Walk: 20 min, twice a day")
    later = Prescription(date(2026, 12, 20), "After the episode")  # outside its days: not drawn
    chart = day_chart(START, [(on(1, 19), 6), (on(3), 5)], NOW, NOW, prescriptions=[walk, later])
    [mark] = chart.prescriptions
    assert mark.prescription == walk and mark.x == chart.points[1].x and mark.y > chart.plot_bottom
    assert chart.axis_y > mark.y and chart.height > chart.axis_y


def test_the_three_widths_draw_the_same_days():
    views = day_charts(START, [(on(1, 19), 6), (on(4), 4)], NOW, NOW)
    assert [c.width for c in (views.wide, views.medium, views.narrow)] == [WIDE, 560, NARROW]
    assert len({tuple(p.pain for p in c.points) for c in (views.wide, views.medium, views.narrow)}) == 1
    assert [t.episode_day for t in views.wide.ticks] == list(range(1, 11))
