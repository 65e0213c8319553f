"""The pain chart's geometry."""
from datetime import UTC, datetime, timedelta

from webapp.core.charts import HEIGHT, ChartEntry, EarlierCourse, pain_chart

START = datetime(2026, 11, 1, 18, 0, tzinfo=UTC)


def at(hours: float, pain: int, **kw) -> ChartEntry:
    return ChartEntry(START + timedelta(hours=hours), pain, **kw)


def test_points_are_in_time_order_and_scaled():
    chart = pain_chart(START, [at(48, 5), at(20, 3), at(70, 0)])
    assert [p.pain for p in chart.points] == [3, 5, 0]
    xs = [p.x for p in chart.points]
    assert xs == sorted(xs) and chart.plot_left < xs[0] < xs[-1] < chart.plot_right
    top, bottom = chart.plot_top, chart.plot_bottom
    assert chart.points[2].y == bottom and top < chart.points[1].y < bottom
    assert chart.line.startswith("M") and chart.line.count("L") == 2


def test_the_soreness_window_is_shaded_12_to_72_hours_with_the_peak_24_to_48():
    chart = pain_chart(START, [at(30, 4)])
    soreness, peak = chart.bands
    assert soreness.x < peak.x < peak.x + peak.width < soreness.x + soreness.width
    assert soreness.x + soreness.width == chart.soreness_end_x
    # 96 h shown by default: 12 h is an eighth of the way, 72 h three quarters.
    width = chart.plot_right - chart.plot_left
    assert round((soreness.x - chart.plot_left) / width, 3) == 0.125
    assert round((chart.soreness_end_x - chart.plot_left) / width, 3) == 0.75


def test_the_axis_grows_with_the_episode_and_switches_to_weeks():
    assert [t.label for t in pain_chart(START, [at(10, 2)]).x_ticks] == ["Day 1", "Day 2", "Day 3", "Day 4"]
    assert pain_chart(START, [at(24 * 12, 2)]).x_ticks[-1].label.startswith("Week")


def test_markers_for_red_flags_and_treatments():
    chart = pain_chart(START, [at(5, 7, red_flags=("trauma",), treatments=("ice",))])
    assert chart.points[0].red_flag and chart.points[0].treatments == ("ice",)


def test_an_empty_episode_still_draws_the_window():
    chart = pain_chart(START, [])
    assert chart.points == () and chart.line == "" and len(chart.bands) == 2 and chart.height == HEIGHT


def test_entries_cited_by_alerts_are_marked():
    chart = pain_chart(START, [at(80, 5, alerts=("doms_window_exceeded",)), at(20, 3)])
    assert [p.alerts for p in chart.points] == [(), ("doms_window_exceeded",)]


def test_earlier_episodes_are_drawn_faint_on_the_same_hours_since_training():
    now_start = datetime(2026, 11, 1, 8, tzinfo=UTC)
    before = datetime(2026, 9, 1, 8, tzinfo=UTC)
    earlier = EarlierCourse(before, ((before + timedelta(hours=24), 5), (before + timedelta(hours=48), 3), (before + timedelta(days=60), 6)))
    alone = EarlierCourse(before, ((before + timedelta(hours=10), 2),))
    chart = pain_chart(now_start, [ChartEntry(now_start + timedelta(hours=30), 4)], [earlier, alone])
    [line] = chart.earlier_lines  # one reading alone draws no line; a reading past this chart's days is left out
    current = pain_chart(now_start, [ChartEntry(now_start + timedelta(hours=24), 5), ChartEntry(now_start + timedelta(hours=48), 3)])
    assert line == current.line
