"""The rules: one row per alert code, each with its severity, window and source.

Each check reads a Case (the episode, its entries in time order, earlier
episodes, thresholds) and returns (message, evidence) or None.
"""
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from webapp.codes import RED_FLAG_ADVICE, RED_FLAGS, red_flag_urgency
from webapp.rules.facts import EntryFacts, EpisodeFacts, Evidence, PriorEpisode
from webapp.rules.thresholds import Thresholds

IMMEDIATE_ONSETS = frozenset({"during", "right_after"})
INJURY_CHARACTERS = frozenset({"sharp", "stabbing", "burning", "throbbing", "shooting"})
# Soreness peaks at 24-48 h (003:3); 6 h more because people log when they can, not on the hour.
PEAK_END_HOURS = 54


@dataclass(frozen=True)
class Case:
    episode: EpisodeFacts
    entries: tuple[EntryFacts, ...]
    prior: tuple[PriorEpisode, ...]
    thresholds: Thresholds

    def hours(self, entry: EntryFacts) -> float:
        return (entry.recorded_at - self.episode.started_at).total_seconds() / 3600


def _at(case: Case, entry: EntryFacts, what: str = "pain", ref: str | None = None) -> Evidence:
    value = f"pain {entry.pain}" if what == "pain" else what
    return Evidence(f"{value} at {case.hours(entry):.0f} h after the training", entry_id=entry.id, ref=ref)


def red_flag(case: Case):
    first_seen: dict[str, EntryFacts] = {}
    for entry in case.entries:
        for flag in entry.red_flags:
            first_seen.setdefault(flag, entry)
    if not first_seen:
        return None
    # Keyed by the flag: a flag not reported before is new evidence, whichever entry brought it.
    evidence = tuple(_at(case, entry, f"reported '{RED_FLAGS[flag].question}'", ref=flag) for flag, entry in first_seen.items())
    return RED_FLAG_ADVICE[red_flag_urgency(first_seen)], evidence


def injury_pattern(case: Case):
    if case.episode.onset not in IMMEDIATE_ONSETS:
        return None
    signs = []
    if case.episode.character in INJURY_CHARACTERS:
        signs.append(Evidence(f"episode: {case.episode.character.replace('_', ' ')} pain that began {case.episode.onset.replace('_', ' ')} training", episode_id=case.episode.id))
    for entry in case.entries:
        if entry.character in INJURY_CHARACTERS or entry.movement == "worsens":
            what = entry.character.replace("_", " ") if entry.character in INJURY_CHARACTERS else "worse on movement"
            signs.append(_at(case, entry, f"{what}, pain {entry.pain}"))
            break
    if not signs:
        return None
    return ("This started like a strain, not like normal soreness: stop the movement that hurts and do not train "
            "through sharp pain. If it stays sharp or gets worse, see a physiotherapist."), tuple(signs)


def doms_window_exceeded(case: Case):
    t = case.thresholds
    late = [e for e in case.entries if case.hours(e) > t.doms_window_hours and e.pain >= t.doms_pain_min]
    if not late:
        return None
    return (f"Pain is still there more than {t.doms_window_hours} h after training, longer than normal soreness "
            "usually lasts. Keep logging; if it is not clearly easing within a few days, see a physiotherapist."), (_at(case, late[0]),)


def persisting_beyond_week(case: Case):
    t = case.thresholds
    late = [e for e in case.entries if case.hours(e) > 24 * t.persisting_days and e.pain >= t.persisting_pain_min]
    if not late:
        return None
    return (f"Pain has lasted more than {t.persisting_days} days. Soreness from training is gone by then, so this "
            "is more likely an injury: book a visit with a physiotherapist or doctor."), (_at(case, late[0]),)


def _improved(before: int, after: int, t: Thresholds) -> bool:
    drop = before - after
    return drop >= t.improvement_points or (before > 0 and 100 * drop / before >= t.improvement_percent)


def no_improvement_7_10_days(case: Case):
    t = case.thresholds
    if not case.entries:
        return None
    first_days = [e for e in case.entries if case.hours(e) <= PEAK_END_HOURS] or [case.entries[0]]
    reference = max(first_days, key=lambda e: (e.pain, -case.hours(e)))
    later = [e for e in case.entries if case.hours(e) > 24 * t.no_improvement_days]
    if not later:
        return None
    latest = later[-1]
    if latest.pain < t.severe_pain_min or _improved(reference.pain, latest.pain, t):
        return None
    # The first reading that showed it, not the latest: a further log is not new evidence.
    first = next(e for e in later if e.pain >= t.severe_pain_min and not _improved(reference.pain, e.pain, t))
    return (f"Pain is still {latest.pain}/10 after {t.no_improvement_days} days and has not clearly improved. "
            "Pain that does not improve after a week or more of rest and self-care should be checked by a clinician."), (
        _at(case, reference), _at(case, first))


def worsening_trend(case: Case):
    t = case.thresholds
    early = [e for e in case.entries if case.hours(e) <= PEAK_END_HOURS]
    if not early:
        return None
    peak = max(early, key=lambda e: (e.pain, -case.hours(e)))
    worse = [e for e in case.entries if case.hours(e) > PEAK_END_HOURS and e.pain >= peak.pain + t.worsening_points]
    if not worse:
        return None
    return ("Pain is getting worse instead of easing after the first two days. Soreness peaks at 24-48 h and then "
            "fades; pain that grows is a sign of injury: stop training it and see a physiotherapist."), (_at(case, peak), _at(case, worse[0]))


def _lasted_beyond(started_at, readings, days: int, pain_min: int) -> bool:
    return any(at - started_at > timedelta(days=days) and pain >= pain_min for at, pain in readings)


def recurrent_pain(case: Case):
    t = case.thresholds
    current = [e for e in case.entries if case.hours(e) > 24 * t.recurrence_days and e.pain >= t.persisting_pain_min]
    if not current:
        return None
    window_start = case.episode.started_at - timedelta(days=t.recurrence_lookback_days)
    earlier = [
        p for p in case.prior
        if window_start <= p.started_at < case.episode.started_at
        and (not case.episode.regions or not p.regions or set(p.regions) & set(case.episode.regions))
        and _lasted_beyond(p.started_at, p.readings, t.recurrence_days, t.persisting_pain_min)
    ]
    if not earlier:
        return None
    evidence = tuple(
        Evidence(f"earlier episode '{p.activity}' of {p.started_at:%d %b} also lasted more than {t.recurrence_days} days", episode_id=p.id)
        for p in sorted(earlier, key=lambda p: p.started_at)
    ) + (_at(case, current[0]),)
    return (f"This pain keeps coming back and lasting more than {t.recurrence_days} days. Pain that returns like "
            "this should be checked by a doctor or physiotherapist, and so should the exercise that brings it on."), evidence


def prolonged_bed_rest(case: Case):
    t = case.thresholds
    days = {}
    for entry in case.entries:
        if "bed_rest" in entry.treatments:
            days.setdefault(int(case.hours(entry) // 24), entry)
    if len(days) <= t.bed_rest_days:
        return None
    first, last = days[min(days)], days[max(days)]
    return (f"Bed rest on {len(days)} days. More than {t.bed_rest_days} days in bed can turn short-term back pain into "
            "long-term pain: get up and walk gently, as far as the pain allows."), (
        _at(case, first, "bed rest"), _at(case, last, "bed rest"))


def heat_in_first_48h(case: Case):
    t = case.thresholds
    early_heat = [e for e in case.entries if "heat" in e.treatments and case.hours(e) < t.heat_avoid_hours]
    if not early_heat:
        return None
    return (f"Heat was used in the first {t.heat_avoid_hours} h. Use cold (ice or a cold pack) for now; heat helps "
            "stiffness later, but early on it can make swelling and pain worse."), (_at(case, early_heat[0], "heat"),)


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    window: str
    thresholds: tuple[str, ...]
    source: tuple[str, ...]
    why: str
    check: Callable[[Case], tuple[str, tuple[Evidence, ...]] | None]


RULES: tuple[Rule, ...] = (
    Rule("red_flag", "urgent", "at once, any day of the episode", (),
         ("003:14-15", "004:470-477"),
         "These symptoms can mean a nerve, infection or other serious problem; the sources say to see a clinician at once.",
         red_flag),
    Rule("injury_pattern", "warning", "at once", (),
         ("003:3-4", "004:346-347", "004:33"),
         "Pain that starts during or right after exercise and is sharp, or worse on movement, is typical of a strain rather than soreness.",
         injury_pattern),
    Rule("doms_window_exceeded", "advice", "more than 72 h after training", ("doms_window_hours", "doms_pain_min"),
         ("003:3",),
         "Normal soreness (DOMS) peaks at 24-48 h and should be gone within about 72 h.",
         doms_window_exceeded),
    Rule("persisting_beyond_week", "warning", "more than 7 days after training", ("persisting_days", "persisting_pain_min"),
         ("000:80", "002:58"),
         "Soreness lasts 3-7 days; pain that persists longer is likely an injury.",
         persisting_beyond_week),
    Rule("no_improvement_7_10_days", "warning", "7-10 days without improvement",
         ("no_improvement_days", "severe_pain_min", "improvement_points", "improvement_percent"),
         ("003:15",),
         "Severe pain that fails to improve after 7-10 days of rest and conservative care should prompt a medical evaluation.",
         no_improvement_7_10_days),
    Rule("worsening_trend", "warning", "after the 24-48 h peak", ("worsening_points",),
         ("004:350", "004:76", "000:80"),
         "Injury pain tends to increase with time, where soreness fades after its peak.",
         worsening_trend),
    Rule("recurrent_pain", "warning", "episodes lasting more than 3 days, again",
         ("recurrence_days", "recurrence_lookback_days", "persisting_pain_min"),
         ("004:474", "000:218"),
         "Pains that are periodic and last more than 3 days should be seen by a doctor.",
         recurrent_pain),
    Rule("prolonged_bed_rest", "advice", "bed rest beyond 1-3 days", ("bed_rest_days",),
         ("004:448",),
         "Bed rest may turn acute back pain chronic; limit it to 1-3 days at most.",
         prolonged_bed_rest),
    Rule("heat_in_first_48h", "advice", "the first 48 h", ("heat_avoid_hours",),
         ("003:10", "004:493-495"),
         "Ice in the first 48 h, heat after; heat right after an acute injury aggravates it.",
         heat_in_first_48h),
)
