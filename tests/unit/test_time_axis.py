"""The fitted calendar axis, worked by hand: its bounds, where moments fall on it, which days it labels."""
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from webapp.core.time_axis import LABEL_GAP, NARROW, WIDE, TimeAxis, calendar_ticks, episode_day_ticks, fitted

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


@pytest.mark.parametrize("first, last, min_days, starts, ends", [
    # Six weeks of episodes up to now: 4% of 42 days (1.68 days) each side.
    (days_ago(42), NOW, 14, days_ago(43.68), NOW + 1.68 * DAY),
    # Ten days: the margin is never under half a day.
    (days_ago(10), NOW, 7, days_ago(10.5), NOW + 0.5 * DAY),
    # One day ending now: the two weeks shown grow backwards, none of it past now; 4% of 14 days is 0.56 of a day.
    (days_ago(1), NOW, 14, days_ago(14.56), NOW + 0.56 * DAY),
    # Three closed days a month ago: the missing 11 days go half before and half after them.
    (days_ago(33), days_ago(30), 14, days_ago(38.5 + 0.56), days_ago(24.5 - 0.56)),
    # Two days that ended yesterday: the growth after them stops at now, the rest goes before.
    (days_ago(3), days_ago(1), 14, days_ago(14 + 0.56), NOW + 0.56 * DAY),
    # Ends after now (a day chart runs to tomorrow's midnight): growth goes backwards only.
    (days_ago(2), NOW + DAY / 2, 7, NOW + DAY / 2 - 7.5 * DAY, NOW + DAY),
    # The ends given the wrong way round are the same span.
    (NOW, days_ago(42), 14, days_ago(43.68), NOW + 1.68 * DAY),
])
def test_the_axis_runs_a_little_beyond_the_data_and_never_shorter_than_the_minimum(first, last, min_days, starts, ends):
    axis = fitted(first, last, NOW, timedelta(days=min_days), 0, 100)
    assert abs((axis.starts - starts).total_seconds()) < 1 and abs((axis.ends - ends).total_seconds()) < 1


@pytest.mark.parametrize("moment, x", [
    (days_ago(20), 8.0),  # the left end
    (days_ago(10), 170.0),  # the middle
    (NOW, 332.0),  # the right end
    (days_ago(15), 89.0),
    (days_ago(400), 8.0),  # before the axis: at its left end
    (NOW + 5 * DAY, 332.0),  # after it: at its right end
])
def test_positions_are_linear_in_time_and_clamped_to_the_axis(moment, x):
    assert TimeAxis(days_ago(20), NOW, 8, 332).x(moment) == x


def test_six_weeks_of_episodes_span_most_of_the_width():
    axis = fitted(days_ago(42), NOW, NOW, timedelta(days=14), 8, NARROW - 8)
    share = (axis.x(NOW) - axis.x(days_ago(42))) / NARROW
    assert share > 0.85


@pytest.mark.parametrize("span_days, width, labels, unit", [
    # 14 days on 324 units: a day is 23 units, two days 46, a week 162: weekly, on Mondays.
    (14, NARROW, ["23 Nov", "30 Nov"], "day"),
    # 14 days on 844 units: 60 units a day, each day labelled.
    (14, WIDE, [f"{d} Nov" for d in range(19, 31)] + ["1 Dec", "2 Dec"], "day"),
    # 42 days on 324 units: 7.7 a day, a fortnight 108: every other Monday, the even weeks from Monday 1 Jan 2024
    # (26 Oct is week 147 of them, 2 Nov week 148).
    (42, NARROW, ["2 Nov", "16 Nov", "30 Nov"], "day"),
    # 42 days on 844: 20 units a day, a week 140: every Monday.
    (42, WIDE, ["26 Oct", "2 Nov", "9 Nov", "16 Nov", "23 Nov", "30 Nov"], "day"),
    # A year on 324 units: a month is 27 units, two months 54, three 81: quarters, labelled by month.
    (365, NARROW, ["Jan", "Apr", "Jul", "Oct"], "month"),
    # A year on 844: 70 units a month: every month; 1 Dec 2025 is before the axis, 1 Dec 2026 too near its end for a label.
    (365, WIDE, ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"], "month"),
])
def test_ticks_are_as_close_as_their_labels_allow(span_days, width, labels, unit):
    axis = TimeAxis(days_ago(span_days), NOW, 8, width - 8)
    ticks = calendar_ticks(axis, UTC, edge=14)
    said = [f"{t.day.day} {t.day:%b}" if t.unit == "day" else f"{t.day:%b}" for t in ticks]
    assert said == labels and {t.unit for t in ticks} == {unit}
    assert all(b.x - a.x >= LABEL_GAP - 0.2 for a, b in zip(ticks, ticks[1:], strict=False))
    assert all(8 + 14 <= t.x <= width - 8 - 14 for t in ticks)


def test_ticks_fall_on_local_midnights():
    madrid = ZoneInfo("Europe/Madrid")
    axis = TimeAxis(datetime(2026, 11, 20, tzinfo=madrid), datetime(2026, 11, 23, tzinfo=madrid), 0, 300)
    ticks = calendar_ticks(axis, madrid)
    assert [t.day for t in ticks] == [date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 22), date(2026, 11, 23)]
    assert [t.x for t in ticks] == [0.0, 100.0, 200.0, 300.0]


@pytest.mark.parametrize("days, width, numbers", [
    (10, WIDE, list(range(1, 11))),  # 84 units a day: every day
    (10, NARROW, [1, 3, 5, 7, 9]),  # 29 a day: every other
    (30, NARROW, [1, 8, 15, 22, 29]),  # 10 a day: every 7th
    (90, NARROW, [1, 29, 57, 85]),  # 3.5 a day: every 28th
])
def test_an_episodes_days_are_labelled_from_day_1(days, width, numbers):
    first = date(2026, 11, 1)
    axis = TimeAxis(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC) + days * DAY, 30, width - 12)
    ticks = episode_day_ticks(axis, first, first + (days - 1) * DAY, UTC)
    assert [t.episode_day for t in ticks] == numbers
    assert [t.day for t in ticks] == [first + (n - 1) * DAY for n in numbers]
    # In the middle of its day.
    assert ticks[0].x == axis.x(datetime(2026, 11, 1, 12, tzinfo=UTC))
