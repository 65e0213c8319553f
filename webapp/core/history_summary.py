"""What came before the episodes, and how they went: observations with their counts, never a diagnosis.

Pure: plain facts of each episode in, sentences a person can check against the
diary out ("4 of your 5 episodes began after a load increase of 10% or more").
"""
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from webapp.core.codes import TREATMENTS

LOAD_JUMP_PERCENT = 10  # a weekly jump of 10% or more is the usual "too much, too soon" line
HARD_SESSION_RPE = 8


@dataclass(frozen=True)
class EpisodeContext:
    activity: str
    started_at: datetime
    resolved_at: datetime | None
    load_increase_percent: int | None = None
    rpe: int | None = None
    new_exercise: bool | None = None
    treatments: tuple[str, ...] = ()
    # Checklist items due and done over the episode's days.
    items_due: int = 0
    items_done: int = 0


@dataclass(frozen=True)
class QuarterDuration:
    quarter: str  # "2026 Q3"
    median_days: float
    episodes: int


@dataclass(frozen=True)
class HistorySummary:
    episodes: int
    observations: tuple[str, ...]
    durations: tuple[QuarterDuration, ...]
    activities: tuple[tuple[str, int], ...]


def _of(count: int, total: int, what: str) -> str:
    return f"{count} of your {total} episode{'' if total == 1 else 's'} {what}."


def _quarter(moment: datetime) -> str:
    return f"{moment.year} Q{(moment.month - 1) // 3 + 1}"


def summarise_history(episodes: list[EpisodeContext]) -> HistorySummary:
    """Count what preceded the episodes and how long they lasted, quarter by quarter."""
    total = len(episodes)
    observations = []
    if any(e.load_increase_percent is not None for e in episodes):
        jumps = sum(1 for e in episodes if (e.load_increase_percent or 0) >= LOAD_JUMP_PERCENT)
        observations.append(_of(jumps, total, f"began after a load increase of {LOAD_JUMP_PERCENT}% or more") )
    if any(e.rpe is not None for e in episodes):
        hard = sum(1 for e in episodes if (e.rpe or 0) >= HARD_SESSION_RPE)
        observations.append(_of(hard, total, f"began after a session you rated {HARD_SESSION_RPE} or more out of 10 for effort") )
    if any(e.new_exercise is not None for e in episodes):
        new = sum(1 for e in episodes if e.new_exercise)
        observations.append(_of(new, total, "began after an exercise that was new to you") )
    used = Counter(t for e in episodes for t in set(e.treatments))
    if used:
        listed = ", ".join(f"{TREATMENTS.get(code, code).lower()} in {count}" for code, count in used.most_common(4))
        observations.append(f"What you logged doing for it: {listed} of {total} episodes.")
    due = sum(e.items_due for e in episodes)
    if due:
        done = sum(e.items_done for e in episodes)
        observations.append(f"Recovery checklist: {done} of {due} items due were ticked ({round(100 * done / due)}%).")
    by_quarter: dict[str, list[float]] = {}
    for e in episodes:
        if e.resolved_at is not None:
            by_quarter.setdefault(_quarter(e.started_at), []).append((e.resolved_at - e.started_at).total_seconds() / 86400)
    durations = tuple(
        QuarterDuration(quarter, round(statistics.median(days), 1), len(days)) for quarter, days in sorted(by_quarter.items())
    )
    activities = Counter(e.activity.strip().lower() for e in episodes if e.activity.strip())
    return HistorySummary(total, tuple(observations), durations, tuple(activities.most_common(5)))


def _days(lasted: list[float]) -> str:
    shown = [f"{round(d):g}" for d in lasted]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def compare_with_earlier(started_at: datetime, resolved_at: datetime | None, now: datetime,
                         earlier: list[tuple[datetime, datetime | None]]) -> str | None:
    """Say how this episode's length compares with earlier, closed ones of the same region (their start and end)."""
    lasted = [(end - start).total_seconds() / 86400 for start, end in earlier if end is not None]
    if not lasted:
        return None
    days = ((resolved_at or now) - started_at).total_seconds() / 86400
    which = "episode" if len(lasted) == 1 else f"{len(lasted)} episodes"
    so_far = round(days)
    said = (f"This one {'has lasted' if resolved_at is None else 'lasted'} {so_far:g} day{'' if so_far == 1 else 's'}"
            f"{' so far' if resolved_at is None else ''}; your last {which} of the same region lasted {_days(lasted)} "
            f"day{'' if [round(d) for d in lasted] == [1] else 's'}")
    if all(days > each for each in lasted):
        verb = "is lasting" if resolved_at is None else "lasted"
        return said + f": this one {verb} longer than " + ("it." if len(lasted) == 1 else "each of them.")
    return said + "."
