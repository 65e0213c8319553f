"""One check per alert rule: each reads a Case and returns (message, evidence) or None.

State checks describe the present and look at the latest readings; event checks
describe something that happened and look at the whole diary.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from webapp.core.codes import RED_FLAG_ADVICE, RED_FLAGS, red_flag_urgency
from webapp.core.rules.clock import (
    IMMEDIATE_ONSETS,
    INJURY_CHARACTERS,
    MILD_PAIN_MAX,
    ONE_SIDED,
    PEAK_END_HOURS,
    SHARP_CHARACTERS,
    SORENESS_ONSET_HOURS,
    pain_began_at,
)
from webapp.core.rules.facts import EntryFacts, EpisodeFacts, Evidence, PriorEpisode
from webapp.core.rules.thresholds import Thresholds

Result = tuple[str, tuple[Evidence, ...]] | None


@dataclass(frozen=True)
class Case:
    episode: EpisodeFacts
    entries: tuple[EntryFacts, ...]
    prior: tuple[PriorEpisode, ...]
    thresholds: Thresholds

    def __post_init__(self) -> None:
        # Asked for every entry by several rules: worked out once.
        began_at, started = pain_began_at(self.episode, self.entries), self.episode.started_at
        object.__setattr__(self, "began_at", began_at)
        object.__setattr__(self, "hours_by_id", {e.id: (e.recorded_at - started).total_seconds() / 3600 for e in self.entries})
        object.__setattr__(self, "pain_hours_by_id", {e.id: (e.recorded_at - began_at).total_seconds() / 3600 for e in self.entries})

    def hours(self, entry: EntryFacts) -> float:
        """Hours since the training."""
        hours: float | None = self.hours_by_id.get(entry.id)  # type: ignore[attr-defined]
        return hours if hours is not None else (entry.recorded_at - self.episode.started_at).total_seconds() / 3600

    def pain_hours(self, entry: EntryFacts) -> float:
        """Hours since the pain began (the training, unless the pain came days later)."""
        hours: float | None = self.pain_hours_by_id.get(entry.id)  # type: ignore[attr-defined]
        return hours if hours is not None else (entry.recorded_at - self.began_at).total_seconds() / 3600  # type: ignore[attr-defined]


def _at(case: Case, entry: EntryFacts, what: str = "pain", ref: str | None = None) -> Evidence:
    value = f"pain {entry.pain}" if what == "pain" else what
    return Evidence(f"{value} at {case.hours(entry):.0f} h after the training", entry_id=entry.id, ref=ref)


def _day(case: Case, entry: EntryFacts) -> int:  # the episode's day 1, 2, ...
    return int(case.hours(entry) // 24) + 1


def current_run(entries: tuple[EntryFacts, ...], shows: Callable[[int, EntryFacts], bool]) -> tuple[EntryFacts, ...]:
    """Return the latest readings that all show a state (empty if the latest does not).

    The first of them is the evidence: a further log in the same state is not new
    evidence, while the state coming back after it had gone is.
    """
    run: list[EntryFacts] = []
    for index in range(len(entries) - 1, -1, -1):
        if not shows(index, entries[index]):
            break
        run.append(entries[index])
    return tuple(reversed(run))


def red_flag(case: Case) -> Result:
    cleared = case.episode.cleared_at
    first_seen: dict[str, tuple[str, EntryFacts]] = {}
    for entry in case.entries:
        for flag in entry.red_flags:
            # A flag reported after a physiotherapist's clearance is new, even if it was reported before.
            key = f"{flag}@{cleared:%Y-%m-%dT%H:%M}" if cleared and entry.seen_at > cleared else flag
            first_seen.setdefault(key, (flag, entry))
    if not first_seen:
        return None
    flags = {flag for flag, _ in first_seen.values()}
    evidence = tuple(
        _at(case, entry, f"reported '{RED_FLAGS[flag].question}'", ref=key) for key, (flag, entry) in first_seen.items()
    )
    return RED_FLAG_ADVICE[red_flag_urgency(flags) or "today"], evidence


def injury_pattern(case: Case) -> Result:
    episode = case.episode
    signs: dict[str, Evidence] = {}
    if episode.onset in IMMEDIATE_ONSETS:
        signs["onset"] = Evidence(f"episode: pain began {episode.onset.replace('_', ' ')} training", episode_id=episode.id, ref="onset")
    if episode.character in INJURY_CHARACTERS:
        signs["character"] = Evidence(f"episode: {episode.character.replace('_', ' ')} pain", episode_id=episode.id, ref="character")
    if episode.side in ONE_SIDED:
        signs["side"] = Evidence(f"episode: {episode.side} side only", episode_id=episode.id, ref="side")
    for entry in case.entries:
        if entry.character in INJURY_CHARACTERS:
            signs.setdefault("character", _at(case, entry, f"{entry.character.replace('_', ' ')}, pain {entry.pain}", ref="character"))
        if entry.movement == "worsens":
            signs.setdefault("movement", _at(case, entry, f"worse on movement, pain {entry.pain}", ref="movement"))
        if entry.side in ONE_SIDED:
            signs.setdefault("side", _at(case, entry, f"{entry.side} side only, pain {entry.pain}", ref="side"))
        if entry.swelling:
            signs.setdefault("swelling", _at(case, entry, "swelling or bruising", ref="swelling"))
    sharp = episode.character in SHARP_CHARACTERS or any(e.character in SHARP_CHARACTERS for e in case.entries)
    if not sharp and len(signs) < 2:
        return None
    if sharp:
        message = ("Sharp pain is a stop signal, not normal soreness: stop training the movement that hurts and have a "
                   "physiotherapist or doctor check it before you load it again.")
    else:
        message = ("This looks more like a strain than normal soreness: stop the movement that hurts and do not train "
                   "through it. If it stays or gets worse, see a physiotherapist.")
    return message, tuple(signs.values())


def severe_pain(case: Case) -> Result:
    t = case.thresholds
    severe = [e for e in case.entries if e.pain >= t.severe_alert_min]
    if not severe:
        return None
    worst = max(e.pain for e in severe)
    return (f"Pain of {worst}/10 is severe. Soreness after training is mild to moderate; severe pain is not: stop "
            "training and have a physiotherapist or doctor check it soon."), (_at(case, severe[0]),)


def doms_window_exceeded(case: Case) -> Result:
    t = case.thresholds
    run = current_run(case.entries, lambda _, e: case.hours(e) > t.doms_window_hours and e.pain >= t.doms_pain_min)
    if not run:
        return None
    return (f"Pain is still there more than {t.doms_window_hours} h after training ({run[-1].pain}/10 on day "
            f"{_day(case, run[-1])}), longer than normal soreness usually lasts. Keep logging; if it is not clearly easing "
            "within a few days, see a physiotherapist."), (_at(case, run[0]),)


def persisting_beyond_week(case: Case) -> Result:
    t = case.thresholds
    run = current_run(case.entries, lambda _, e: case.hours(e) > 24 * t.persisting_days and e.pain >= t.persisting_pain_min)
    if not run:
        return None
    return (f"Pain has lasted more than {t.persisting_days} days ({run[-1].pain}/10 on day {_day(case, run[-1])}). "
            "Soreness from training is gone by then, so this is more likely an injury: book a visit with a "
            "physiotherapist or doctor."), (_at(case, run[0]),)


def _improved(before: int, after: int, t: Thresholds) -> bool:
    drop = before - after
    return drop >= t.improvement_points or (before > 0 and 100 * drop / before >= t.improvement_percent)


BASELINE_MIN_GAP = timedelta(hours=72)  # "not improving" compares days apart, not two logs of one afternoon


def no_improvement_7_10_days(case: Case) -> Result:
    t = case.thresholds
    if len(case.entries) < 2:
        return None
    latest = case.entries[-1]
    if case.hours(latest) <= 24 * t.no_improvement_days or latest.pain < t.severe_pain_min:
        return None
    early = [e for e in case.entries if case.pain_hours(e) <= PEAK_END_HOURS] or [case.entries[0]]
    baseline = max(early, key=lambda e: (e.pain, -case.hours(e)))
    if latest.recorded_at - baseline.recorded_at < BASELINE_MIN_GAP:
        return None
    since = [e for e in case.entries if e.recorded_at > baseline.recorded_at]
    # Any clear improvement on the way is a relapse, not "has not improved" (the worsening rule speaks to that).
    if any(_improved(baseline.pain, e.pain, t) for e in since):
        return None
    run = current_run(case.entries, lambda _, e: case.hours(e) > 24 * t.no_improvement_days and e.pain >= t.severe_pain_min)
    return (f"Pain is still {latest.pain}/10 on day {_day(case, latest)} and has not clearly improved on "
            f"{baseline.pain}/10 on day {_day(case, baseline)}. Pain that does not improve after a week or more of "
            "rest and self-care should be checked by a clinician."), (_at(case, baseline), _at(case, run[0]))


def _worsening_baselines(case: Case) -> list[EntryFacts | None]:
    """For each reading, the one it is compared with: the early peak, or the lowest reading since the peak window.

    Only strictly earlier readings count (two logs of the same minute are no change
    over time), so the running peak and low take in a minute's readings after it.
    """
    floor = 0 if case.episode.onset in IMMEDIATE_ONSETS else SORENESS_ONSET_HOURS
    peak: tuple[int, float, EntryFacts] | None = None  # (pain, hours, reading)
    low: tuple[int, float, EntryFacts] | None = None
    best: EntryFacts | None = None
    baselines: list[EntryFacts | None] = []
    pending: list[EntryFacts] = []
    hours_by_id, pain_hours_by_id = case.hours_by_id, case.pain_hours_by_id  # type: ignore[attr-defined]
    for entry in case.entries:
        if pending and pending[-1].recorded_at < entry.recorded_at:
            for earlier in pending:
                hours, pain_hours = hours_by_id[earlier.id], pain_hours_by_id[earlier.id]
                if floor <= pain_hours <= PEAK_END_HOURS:
                    if peak is None or (earlier.pain, -hours) > (peak[0], -peak[1]):
                        peak = (earlier.pain, hours, earlier)
                elif pain_hours > PEAK_END_HOURS and (low is None or (earlier.pain, hours) < low[:2]):
                    low = (earlier.pain, hours, earlier)
            # The lowest since the window, unless the peak is lower; on a tie, the reading after the window.
            pick = low if low is not None and (peak is None or low[:2] <= peak[:2]) else peak
            best = pick[2] if pick is not None else best
            pending = []
        pending.append(entry)
        baselines.append(best)
    return baselines


def worsening_trend(case: Case) -> Result:
    t = case.thresholds
    baselines = _worsening_baselines(case)

    def worse(index: int, entry: EntryFacts) -> bool:
        if case.pain_hours(entry) <= PEAK_END_HOURS or entry.pain <= MILD_PAIN_MAX:
            return False
        baseline = baselines[index]
        return baseline is not None and entry.pain >= baseline.pain + t.worsening_points

    run = current_run(case.entries, worse)
    if not run:
        return None
    baseline = baselines[-1]  # the latest reading's own: its figure is the one cited (a same-minute 0 may move it)
    assert baseline is not None
    return (f"Pain is getting worse instead of easing: {run[-1].pain}/10 now, from {baseline.pain}/10 on day "
            f"{_day(case, baseline)}. Soreness peaks at 24-48 h and then fades; pain that grows is a sign of injury: "
            "stop training it and see a physiotherapist."), (_at(case, baseline), _at(case, run[0]))


def _ended_before(prior: PriorEpisode, moment: datetime) -> bool:
    """Tell whether an earlier episode was over before a moment: closed, or down to 0 and not back."""
    course = prior.course
    if course.hurt_after(moment):
        return False
    if prior.resolved_at is not None:
        return prior.resolved_at <= moment
    return course.calm_by(moment)


def recurrent_pain(case: Case) -> Result:
    t = case.thresholds
    # This episode must outlast soreness itself: more than mild after 3 days, or any real pain after a week.
    first = next((
        e for e in case.entries
        if (case.hours(e) > 24 * t.recurrence_days and e.pain > MILD_PAIN_MAX)
        or (case.hours(e) > 24 * t.persisting_days and e.pain >= t.persisting_pain_min)
    ), None)
    if first is None:
        return None
    window_start = case.episode.started_at - timedelta(days=t.recurrence_lookback_days)
    earlier = [
        p for p in case.prior
        if window_start <= p.started_at < case.episode.started_at
        and _ended_before(p, case.episode.started_at)
        and (not case.episode.regions or not p.regions or set(p.regions) & set(case.episode.regions))
        and p.course.lasted_beyond(p.started_at, t.recurrence_days, t.persisting_pain_min)
    ]
    if not earlier:
        return None
    evidence = tuple(
        Evidence(f"earlier episode '{p.activity}' of {p.started_at:%d %b} lasted more than {t.recurrence_days} days "
                 "and ended", episode_id=p.id)
        for p in sorted(earlier, key=lambda p: p.started_at)
    ) + (_at(case, first),)
    return (f"This pain has come back after an earlier episode ended, and again lasts more than {t.recurrence_days} "
            "days. Pain that returns like this should be checked by a doctor or physiotherapist, and so should the "
            "exercise that brings it on."), evidence


def prolonged_bed_rest(case: Case) -> Result:
    t = case.thresholds
    in_bed = [e for e in case.entries if "bed_rest" in e.treatments]
    if not in_bed:
        return None
    buckets = {int(case.hours(e) // 24) for e in in_bed}
    # Consecutive logs in bed mean bed rest all the time between them, however rarely it was logged.
    longest, run_start = 0.0, None
    for entry in case.entries:
        if "bed_rest" in entry.treatments:
            run_start = run_start or entry
            longest = max(longest, (entry.recorded_at - run_start.recorded_at).total_seconds() / 86400)
        else:
            run_start = None
    days = max(len(buckets), int(longest) + 1)
    if days <= t.bed_rest_days:
        return None
    return (f"Bed rest on about {days} days. More than {t.bed_rest_days} days in bed can turn short-term back pain "
            "into long-term pain: get up and walk gently, as far as the pain allows."), (
        _at(case, in_bed[0], "bed rest"), _at(case, in_bed[-1], "bed rest"))


def heat_in_first_48h(case: Case) -> Result:
    t = case.thresholds
    early_heat = [e for e in case.entries if "heat" in e.treatments and case.pain_hours(e) < t.heat_avoid_hours]
    if not early_heat:
        return None
    return (f"Heat was used in the first {t.heat_avoid_hours} h of the pain. Use cold (ice or a cold pack) for now; heat "
            "helps stiffness later, but early on it can make swelling and pain worse."), (_at(case, early_heat[0], "heat"),)
