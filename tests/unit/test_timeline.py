"""The history timeline's geometry: the axis, bars from start to end, lanes, shades, alert marks and recurrence links."""
from datetime import UTC, datetime, timedelta

import pytest

from webapp.core.time_axis import MEDIUM, NARROW, WIDE, fitted
from webapp.core.timeline import LEFT, MIN_BAR, MIN_SPAN, RIGHT, WIDTH, HistoryEpisode, RaisedAlert, history_timeline, history_timelines

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
PLOT = WIDTH - LEFT - RIGHT


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def episode(episode_id, started_days_ago, lasted_days=None, peak=5, **extra) -> HistoryEpisode:
    started = days_ago(started_days_ago)
    resolved = started + timedelta(days=lasted_days) if lasted_days is not None else None
    return HistoryEpisode(id=episode_id, activity=f"Activity {episode_id}", started_at=started, resolved_at=resolved, peak_pain=peak, **extra)


def bar(timeline, episode_id):
    return next(b for b in timeline.bars if b.episode.id == episode_id)


@pytest.mark.parametrize("episodes, first_x, last_right", [
    # Six weeks, the last still open: 4% of the 42 days each side, so the first bar starts 4/108 of the plot in,
    # and the open one ends at now, 104/108 of the way.
    ([("a", 42, 6), ("b", 24, 7), ("c", 9, None)], LEFT + (WIDTH - LEFT - RIGHT) * 1.68 / 45.36, LEFT + (WIDTH - LEFT - RIGHT) * 43.68 / 45.36),
    # The same six weeks, all closed nine days ago: the axis ends a little after the last end, not at now.
    ([("a", 51, 6), ("b", 33, 7), ("c", 18, 9)], LEFT + (WIDTH - LEFT - RIGHT) * 1.68 / 45.36, LEFT + (WIDTH - LEFT - RIGHT) * 43.68 / 45.36),
    # Twelve months ago and now: the whole year is shown, as before.
    ([("a", 360, 5), ("b", 20, None)], LEFT + (WIDTH - LEFT - RIGHT) * 14.4 / 388.8, LEFT + (WIDTH - LEFT - RIGHT) * 374.4 / 388.8),
])
def test_the_axis_is_fitted_to_the_episodes_shown(episodes, first_x, last_right):
    timeline = history_timeline([episode(i, started, lasted) for i, started, lasted in episodes], NOW)
    first, last = timeline.bars[0], timeline.bars[-1]
    assert abs(first.x - first_x) < 0.2 and abs(last.x + last.width - last_right) < 0.2
    assert timeline.plot_left == LEFT and timeline.plot_right == WIDTH - RIGHT
    assert [t.x for t in timeline.ticks] == sorted(t.x for t in timeline.ticks) and all(LEFT <= t.x <= WIDTH - RIGHT for t in timeline.ticks)


def test_six_weeks_apart_the_first_and_last_bars_span_most_of_each_width():
    views = history_timelines([episode("a", 42, 6), episode("c", 9)], NOW)
    for timeline, width in ((views.wide, WIDE), (views.medium, MEDIUM), (views.narrow, NARROW)):
        assert timeline.width == width
        first, last = timeline.bars
        assert (last.x + last.width - first.x) / width > 0.85


def test_the_data_span_is_what_the_caption_says():
    timeline = history_timeline([episode("a", 42, 6), episode("c", 9, 3)], NOW)
    assert timeline.starts == days_ago(42) and timeline.ends == days_ago(6)


def test_a_bar_runs_from_start_to_resolution_or_to_now():
    timeline = history_timeline([episode("closed", 100, 10), episode("open", 20)], NOW)
    closed, ongoing = bar(timeline, "closed"), bar(timeline, "open")
    axis = fitted(days_ago(100), NOW, NOW, MIN_SPAN, LEFT, WIDTH - RIGHT)
    assert closed.x == axis.x(days_ago(100)) and abs(closed.width - (axis.x(days_ago(90)) - axis.x(days_ago(100)))) < 0.2
    assert not closed.ongoing and ongoing.ongoing and abs(ongoing.x + ongoing.width - axis.x(NOW)) < 0.2
    assert closed.x < ongoing.x


def test_a_short_episode_is_still_visible_and_stays_inside_the_plot():
    timeline = history_timeline([episode("short", 5, 0.1), episode("today", 0.01, 0.005)], NOW)
    assert bar(timeline, "short").width == MIN_BAR
    today = bar(timeline, "today")
    assert today.width == MIN_BAR and today.x + today.width <= WIDTH - RIGHT + 0.01


def test_episodes_that_overlap_take_separate_lanes_and_later_ones_reuse_a_free_lane():
    timeline = history_timeline([episode("a", 60, 20), episode("b", 50, 5), episode("c", 30, 5)], NOW)
    assert bar(timeline, "a").y != bar(timeline, "b").y
    assert bar(timeline, "c").y == bar(timeline, "a").y  # a had ended by then
    assert timeline.height > history_timeline([episode("a", 60, 20)], NOW).height


def test_bars_are_shaded_by_peak_pain_with_the_nrs_words():
    timeline = history_timeline([episode("n", 90, 1, peak=0), episode("m", 80, 1, peak=3), episode("mo", 70, 1, peak=6),
                                 episode("s", 60, 1, peak=8), episode("u", 50, 1, peak=None)], NOW)
    assert [bar(timeline, i).shade for i in ("n", "m", "mo", "s", "u")] == ["none", "mild", "moderate", "severe", "none"]


def test_alerts_are_marked_by_severity_at_their_evidence_inside_their_episode():
    alerts = (RaisedAlert(days_ago(38), "warning", "severe_pain"),
              RaisedAlert(days_ago(1), "urgent", "red_flag", evidence_at=days_ago(39)),  # synced late: marked at the pain
              RaisedAlert(days_ago(20), "advice", "persisting_beyond_week"))  # raised by a sweep after the episode ended
    timeline = history_timeline([episode("a", 40, 10, alerts=alerts), episode("b", 5)], NOW)
    a = bar(timeline, "a")
    assert [m.alert.severity for m in a.alert_marks] == ["urgent", "warning", "advice"]
    assert a.x < a.alert_marks[0].x < a.alert_marks[1].x < a.alert_marks[2].x == round(a.x + a.width, 1)


def test_a_recurrence_is_drawn_from_the_earlier_bar_to_the_later():
    timeline = history_timeline([episode("first", 80, 6), episode("back", 40, 8, recurrence_of=("first", "gone"))], NOW)
    [link] = timeline.links
    first, back = bar(timeline, "first"), bar(timeline, "back")
    assert (link.earlier_id, link.later_id) == ("first", "back")
    assert link.x1 == round(first.x + first.width, 1) and link.x2 == back.x


def test_episodes_older_than_the_window_are_left_out_and_long_open_ones_are_clamped():
    timeline = history_timeline([episode("old", 500, 10), episode("long", 400)], NOW)
    assert [b.episode.id for b in timeline.bars] == ["long"]
    assert 364 <= (timeline.ends - timeline.starts).days <= 366
    assert bar(timeline, "long").x == LEFT and bar(timeline, "long").ongoing
