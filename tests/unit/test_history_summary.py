"""What came before the episodes, counted on built diaries: the sentences hold the counts, and say no more."""
from datetime import UTC, datetime, timedelta

from webapp.core.history_summary import EpisodeContext, compare_with_earlier, summarise_history


def context(started: str, days: float | None = 4, **extra) -> EpisodeContext:
    start = datetime.fromisoformat(started).replace(tzinfo=UTC)
    return EpisodeContext(activity=extra.pop("activity", "Deadlifts"), started_at=start,
                          resolved_at=start + timedelta(days=days) if days is not None else None, **extra)


def test_load_jumps_hard_sessions_and_new_exercises_are_counted():
    summary = summarise_history([
        context("2026-01-10", load_increase_percent=20, rpe=9, new_exercise=True),
        context("2026-03-10", load_increase_percent=10, rpe=7, new_exercise=False),
        context("2026-05-10", load_increase_percent=5, rpe=8),
        context("2026-07-10", load_increase_percent=15),
        context("2026-09-10"),
    ])
    assert summary.episodes == 5
    assert "3 of your 5 episodes began after a load increase of 10% or more." in summary.observations
    assert "2 of your 5 episodes began after a session you rated 8 or more out of 10 for effort." in summary.observations
    assert "1 of your 5 episodes began after an exercise that was new to you." in summary.observations


def test_nothing_is_said_of_what_was_never_logged():
    summary = summarise_history([context("2026-01-10"), context("2026-02-10")])
    assert summary.observations == ()
    assert summarise_history([]).episodes == 0


def test_median_days_to_the_end_by_the_quarter_they_began_in():
    summary = summarise_history([
        context("2026-01-05", 3), context("2026-02-05", 5), context("2026-03-30", 10),
        context("2026-07-01", 8), context("2026-08-01", None),  # still open: no duration yet
    ])
    assert [(d.quarter, d.median_days, d.episodes) for d in summary.durations] == [("2026 Q1", 5.0, 3), ("2026 Q3", 8.0, 1)]


def test_treatments_adherence_and_activities():
    summary = summarise_history([
        context("2026-01-05", activity="Deadlifts ", treatments=("ice", "walk"), items_due=10, items_done=7),
        context("2026-02-05", activity="deadlifts", treatments=("walk",), items_due=6, items_done=6),
        context("2026-03-05", activity="Running", treatments=()),
    ])
    assert "What you logged doing for it: walk in 2, ice or cold in 1 of 3 episodes." in summary.observations
    assert "Recovery checklist: 13 of 16 items due were ticked (81%)." in summary.observations
    assert summary.activities == (("deadlifts", 2), ("running", 1))
    assert not any(word in " ".join(summary.observations).lower() for word in ("injury", "diagnos", "cause"))


def test_an_episode_is_compared_with_the_earlier_ones_of_the_same_region():
    now = datetime(2026, 11, 30, tzinfo=UTC)
    earlier = [(now - timedelta(days=100), now - timedelta(days=96)), (now - timedelta(days=60), now - timedelta(days=55)),
               (now - timedelta(days=30), now - timedelta(days=27))]
    longer = compare_with_earlier(now - timedelta(days=9), None, now, earlier)
    assert longer == ("This one has lasted 9 days so far; your last 3 episodes of the same region lasted 4, 5 and 3 days: "
                      "this one is lasting longer than each of them.")
    shorter = compare_with_earlier(now - timedelta(days=6), now - timedelta(days=2), now, earlier)
    assert shorter == "This one lasted 4 days; your last 3 episodes of the same region lasted 4, 5 and 3 days."
    assert compare_with_earlier(now - timedelta(days=6), None, now, []) is None
    assert compare_with_earlier(now - timedelta(days=6), None, now, [(now - timedelta(days=20), None)]) is None


def test_one_day_is_not_one_days():
    now = datetime(2026, 11, 30, tzinfo=UTC)
    said = compare_with_earlier(now - timedelta(days=1), None, now, [(now - timedelta(days=20), now - timedelta(days=19))])
    assert said == "This one has lasted 1 day so far; your last episode of the same region lasted 1 day."
