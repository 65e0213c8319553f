"""The history timeline's geometry: the axis, bars from start to end, lanes, shades, alert marks and recurrence links."""
from datetime import UTC, datetime, timedelta

from webapp.core.timeline import LEFT, MIN_BAR, RIGHT, WIDTH, HistoryEpisode, history_timeline

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


def test_the_axis_spans_the_last_twelve_months_ending_now():
    timeline = history_timeline([episode("a", 10, 3)], NOW)
    assert timeline.ends == NOW and 364 <= (timeline.ends - timeline.starts).days <= 366
    assert timeline.plot_left == LEFT and timeline.plot_right == WIDTH - RIGHT
    assert len(timeline.ticks) in (12, 13) and all(LEFT <= t.x <= WIDTH - RIGHT for t in timeline.ticks)
    assert [t.x for t in timeline.ticks] == sorted(t.x for t in timeline.ticks)


def test_a_bar_runs_from_start_to_resolution_or_to_now():
    timeline = history_timeline([episode("closed", 100, 10), episode("open", 20)], NOW)
    closed, ongoing = bar(timeline, "closed"), bar(timeline, "open")
    span = (timeline.ends - timeline.starts).total_seconds()
    assert abs(closed.width - PLOT * 10 * 86400 / span) < 0.2 and not closed.ongoing
    assert ongoing.ongoing and abs(ongoing.x + ongoing.width - (WIDTH - RIGHT)) < 0.2
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


def test_alerts_are_marked_where_they_were_raised():
    raised = (days_ago(38), days_ago(33))
    timeline = history_timeline([episode("a", 40, 10, alert_times=raised)], NOW)
    marks = bar(timeline, "a").alert_xs
    assert len(marks) == 2 and bar(timeline, "a").x < marks[0] < marks[1] < bar(timeline, "a").x + bar(timeline, "a").width


def test_a_recurrence_is_drawn_from_the_earlier_bar_to_the_later():
    timeline = history_timeline([episode("first", 80, 6), episode("back", 40, 8, recurrence_of=("first", "gone"))], NOW)
    [link] = timeline.links
    first, back = bar(timeline, "first"), bar(timeline, "back")
    assert (link.earlier_id, link.later_id) == ("first", "back")
    assert link.x1 == round(first.x + first.width, 1) and link.x2 == back.x


def test_episodes_older_than_the_window_are_left_out_and_long_open_ones_are_clamped():
    timeline = history_timeline([episode("old", 500, 10), episode("long", 400)], NOW)
    assert [b.episode.id for b in timeline.bars] == ["long"]
    assert bar(timeline, "long").x == LEFT and bar(timeline, "long").ongoing
