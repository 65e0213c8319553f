"""What came before the episodes, and how they went: observations with their counts, never a diagnosis.

Pure: plain facts of each episode in, sentences a person can check against the
diary out ("4 of your 5 episodes began after a load increase of 10% or more").
"""
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from webapp.core.codes import TREATMENT_WORDS
from webapp.core.wording import N_, Said

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
    observations: tuple[Said, ...]
    durations: tuple[QuarterDuration, ...]
    activities: tuple[tuple[str, int], ...]


def _of(count: int, total: int, what: Said) -> Said:
    return Said.counted("%(count)s of your %(n)s episode %(what)s.", "%(count)s of your %(n)s episodes %(what)s.", count=count, n=total, what=what)


def _quarter(moment: datetime) -> str:
    return f"{moment.year} Q{(moment.month - 1) // 3 + 1}"


def summarise_history(episodes: list[EpisodeContext]) -> HistorySummary:
    """Count what preceded the episodes and how long they lasted, quarter by quarter."""
    total = len(episodes)
    observations = []
    if any(e.load_increase_percent is not None for e in episodes):
        jumps = sum(1 for e in episodes if (e.load_increase_percent or 0) >= LOAD_JUMP_PERCENT)
        observations.append(_of(jumps, total, Said("began after a load increase of %(percent)s%% or more", percent=LOAD_JUMP_PERCENT)))
    if any(e.rpe is not None for e in episodes):
        hard = sum(1 for e in episodes if (e.rpe or 0) >= HARD_SESSION_RPE)
        observations.append(_of(hard, total, Said("began after a session you rated %(rpe)s or more out of 10 for effort", rpe=HARD_SESSION_RPE)))
    if any(e.new_exercise is not None for e in episodes):
        new = sum(1 for e in episodes if e.new_exercise)
        observations.append(_of(new, total, Said("began after an exercise that was new to you")))
    used = Counter(t for e in episodes for t in set(e.treatments))
    if used:
        listed = Said.joined([Said("%(treatment)s in %(count)s", treatment=Said(TREATMENT_WORDS.get(code, code)), count=count)
                              for code, count in used.most_common(4)])
        observations.append(Said.counted("What you logged doing for it: %(listed)s of %(n)s episode.", "What you logged doing for it: %(listed)s of %(n)s episodes.",
                                 listed=listed, n=total))
    due = sum(e.items_due for e in episodes)
    if due:
        done = sum(e.items_done for e in episodes)
        observations.append(Said.counted("Recovery checklist: %(done)s of %(n)s item due was ticked (%(percent)s%%).",
                                 "Recovery checklist: %(done)s of %(n)s items due were ticked (%(percent)s%%).",
                                 done=done, n=due, percent=round(100 * done / due)))
    by_quarter: dict[str, list[float]] = {}
    for e in episodes:
        if e.resolved_at is not None:
            by_quarter.setdefault(_quarter(e.started_at), []).append((e.resolved_at - e.started_at).total_seconds() / 86400)
    durations = tuple(
        QuarterDuration(quarter, round(statistics.median(days), 1), len(days)) for quarter, days in sorted(by_quarter.items())
    )
    activities = Counter(e.activity.strip().lower() for e in episodes if e.activity.strip())
    return HistorySummary(total, tuple(observations), durations, tuple(activities.most_common(5)))


def _days(lasted: list[float]) -> Said:
    shown = [f"{round(d):g}" for d in lasted]
    if len(shown) == 1:
        return Said("%(days)s", days=shown[0])
    return Said("%(first)s and %(last)s", first=", ".join(shown[:-1]), last=shown[-1])


def compare_with_earlier(started_at: datetime, resolved_at: datetime | None, now: datetime,
                         earlier: list[tuple[datetime, datetime | None]]) -> Said | None:
    """Say how this episode's length compares with earlier, closed ones of the same region (their start and end)."""
    lasted = [(end - start).total_seconds() / 86400 for start, end in earlier if end is not None]
    if not lasted:
        return None
    days = ((resolved_at or now) - started_at).total_seconds() / 86400
    so_far = round(days)
    if resolved_at is None:
        this = Said.counted("This one has lasted %(n)s day so far", "This one has lasted %(n)s days so far", n=so_far)
    else:
        this = Said.counted("This one lasted %(n)s day", "This one lasted %(n)s days", n=so_far)
    one_day = [round(d) for d in lasted] == [1]
    if len(lasted) == 1:
        before = (Said("your last episode of the same region lasted %(days)s day", days=_days(lasted)) if one_day
                  else Said("your last episode of the same region lasted %(days)s days", days=_days(lasted)))
    else:
        before = Said("your last %(count)s episodes of the same region lasted %(days)s days", count=len(lasted), days=_days(lasted))
    if all(days > each for each in lasted):
        longer = {(True, True): N_("this one is lasting longer than it"), (True, False): N_("this one is lasting longer than each of them"),
                  (False, True): N_("this one lasted longer than it"), (False, False): N_("this one lasted longer than each of them")}
        return Said("%(this)s; %(before)s: %(longer)s.", this=this, before=before, longer=Said(longer[(resolved_at is None, len(lasted) == 1)]))
    return Said("%(this)s; %(before)s.", this=this, before=before)
