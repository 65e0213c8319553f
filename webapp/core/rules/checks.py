"""One check per alert rule: each reads a Case and returns (message, evidence) or None.

State checks describe the present and look at the latest readings; event checks
describe something that happened and look at the whole diary.
"""
import math
from collections.abc import Callable
from datetime import datetime, timedelta

from webapp.core.codes import CODE_WORDS, RED_FLAG_ADVICE, RED_FLAGS, red_flag_urgency, red_flags_on_both_sides
from webapp.core.rules.baselines import worsening_baselines
from webapp.core.rules.case import Case
from webapp.core.rules.clock import (
    IMMEDIATE_ONSETS,
    INJURY_CHARACTERS,
    MILD_PAIN_MAX,
    ONE_SIDED,
    PEAK_END_HOURS,
    SHARP_CHARACTERS,
    episode_day,
)
from webapp.core.rules.facts import EntryFacts, Evidence, PriorEpisode
from webapp.core.rules.thresholds import Thresholds
from webapp.core.wording import Said

Result = tuple[Said, tuple[Evidence, ...]] | None


def _at(case: Case, entry: EntryFacts, what: Said | None = None, ref: str | None = None) -> Evidence:
    value = what if what is not None else Said("pain %(pain)s", pain=entry.pain)
    # To the minute, rounded up: a reading 72.5 h after the training is not "at 72 h" beside "more than 72 h".
    minutes = max(0, math.ceil((entry.recorded_at - case.episode.started_at).total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    if minutes:
        return Evidence(Said("%(what)s at %(hours)s h %(minutes)s min after the training", what=value, hours=hours, minutes=minutes),
                        entry_id=entry.id, ref=ref)
    return Evidence(Said("%(what)s at %(hours)s h after the training", what=value, hours=hours), entry_id=entry.id, ref=ref)


def _words(code: str) -> Said:  # "dull_ache" as the evidence says it: "dull ache"
    return Said(CODE_WORDS.get(code, code.replace("_", " ")))


def _day(case: Case, entry: EntryFacts) -> int:  # the episode's day 1, 2, ... as the checklist counts them
    return episode_day(case.episode, entry.recorded_at)


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
    cleared = case.episode.flags_reviewed_at
    first_seen: dict[str, tuple[str, EntryFacts]] = {}
    for entry in case.entries:
        for flag in entry.red_flags:
            # A flag reported after a clearance or a clinician's check is new, even if it was reported before.
            key = f"{flag}@{cleared:%Y-%m-%dT%H:%M}" if cleared and entry.seen_at > cleared else flag
            first_seen.setdefault(key, (flag, entry))
    if not first_seen:
        return None
    flags = {flag for flag, _ in first_seen.values()}
    evidence = tuple(
        _at(case, entry, Said("reported '%(question)s'", question=Said(RED_FLAGS[flag].question)), ref=key)
        for key, (flag, entry) in first_seen.items()
    )
    # Nerve signs on both sides are an emergency (codes.BOTH_SIDES_EMERGENCY): the entry's side "both", or its episode's.
    urgency = red_flag_urgency(flags, both_sides=red_flags_on_both_sides(case.entries, case.episode.side))
    return Said(RED_FLAG_ADVICE[urgency or "now"]), evidence


def injury_pattern(case: Case) -> Result:
    episode = case.episode
    signs: dict[str, Evidence] = {}
    if episode.onset in IMMEDIATE_ONSETS:
        signs["onset"] = Evidence(Said("episode: pain began %(onset)s training", onset=_words(episode.onset)), episode_id=episode.id, ref="onset")
    if episode.character in INJURY_CHARACTERS:
        signs["character"] = Evidence(Said("episode: %(character)s pain", character=_words(episode.character)), episode_id=episode.id, ref="character")
    if episode.side in ONE_SIDED:
        signs["side"] = Evidence(Said("episode: %(side)s side only", side=_words(episode.side)), episode_id=episode.id, ref="side")
    for entry in case.entries:
        if entry.character in INJURY_CHARACTERS:
            signs.setdefault("character", _at(case, entry, Said("%(character)s, pain %(pain)s", character=_words(entry.character), pain=entry.pain), ref="character"))
        if entry.movement == "worsens":
            signs.setdefault("movement", _at(case, entry, Said("worse on movement, pain %(pain)s", pain=entry.pain), ref="movement"))
        if entry.side in ONE_SIDED:
            signs.setdefault("side", _at(case, entry, Said("%(side)s side only, pain %(pain)s", side=_words(entry.side), pain=entry.pain), ref="side"))
        if entry.swelling:
            signs.setdefault("swelling", _at(case, entry, Said("swelling or bruising"), ref="swelling"))
    sharp = episode.character in SHARP_CHARACTERS or any(e.character in SHARP_CHARACTERS for e in case.entries)
    if not sharp and len(signs) < 2:
        return None
    if sharp:
        message = Said("Sharp pain is a stop signal, not normal soreness: stop training the movement that hurts and have a "
                       "physiotherapist or doctor check it before you load it again.")
    else:
        message = Said("This looks more like a strain than normal soreness: stop the movement that hurts and do not train "
                       "through it. If it stays or gets worse, see a physiotherapist.")
    return message, tuple(signs.values())


def severe_pain(case: Case) -> Result:
    t = case.thresholds
    severe = [e for e in case.entries if e.pain >= t.severe_alert_min]
    if not severe:
        return None
    worst = max(e.pain for e in severe)
    return Said("Pain of %(worst)s/10 is severe. Soreness after training is mild to moderate; severe pain is not: stop "
                "training and have a physiotherapist or doctor check it soon.", worst=worst), (_at(case, severe[0]),)


def doms_window_exceeded(case: Case) -> Result:
    t = case.thresholds
    hours_at, window, least = case.hours_at, t.doms_window_hours, t.doms_pain_min
    run = current_run(case.entries, lambda i, e: hours_at[i] > window and e.pain >= least)
    if not run:
        return None
    return Said("Pain is still there more than %(hours)s h after training (%(pain)s/10 on day %(day)s), longer than normal "
                "soreness usually lasts. Keep logging; if it is not clearly easing within a few days, see a physiotherapist.",
                hours=t.doms_window_hours, pain=run[-1].pain, day=_day(case, run[-1])), (_at(case, run[0]),)


def persisting_beyond_week(case: Case) -> Result:
    t = case.thresholds
    hours_at, after, least = case.hours_at, 24 * t.persisting_days, t.persisting_pain_min
    run = current_run(case.entries, lambda i, e: hours_at[i] > after and e.pain >= least)
    if not run:
        return None
    return Said("Pain has lasted more than %(days)s days (%(pain)s/10 on day %(day)s). Soreness from training is gone by "
                "then, so this is more likely an injury: book a visit with a physiotherapist or doctor.",
                days=t.persisting_days, pain=run[-1].pain, day=_day(case, run[-1])), (_at(case, run[0]),)


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
    hours_at, after, least = case.hours_at, 24 * t.no_improvement_days, t.severe_pain_min
    run = current_run(case.entries, lambda i, e: hours_at[i] > after and e.pain >= least)
    return Said("Pain is still %(pain)s/10 on day %(day)s and has not clearly improved on %(baseline)s/10 on day "
                "%(baseline_day)s. Pain that does not improve after a week or more of rest and self-care should be checked "
                "by a clinician.", pain=latest.pain, day=_day(case, latest), baseline=baseline.pain,
                baseline_day=_day(case, baseline)), (_at(case, baseline), _at(case, run[0]))


def worsening_trend(case: Case) -> Result:
    t = case.thresholds
    baselines = worsening_baselines(case)

    pain_hours_at = case.pain_hours_at

    def worse(index: int, entry: EntryFacts) -> bool:
        if pain_hours_at[index] <= PEAK_END_HOURS or entry.pain <= MILD_PAIN_MAX:
            return False
        baseline = baselines[index]
        return baseline is not None and entry.pain >= baseline.pain + t.worsening_points

    run = current_run(case.entries, worse)
    if not run:
        return None
    baseline = baselines[-1]  # the latest reading's own: its figure is the one cited (a same-minute 0 may move it)
    assert baseline is not None
    return Said("Pain is getting worse instead of easing: %(pain)s/10 now, from %(baseline)s/10 on day %(baseline_day)s. "
                "Soreness peaks at 24-48 h and then fades; pain that grows is a sign of injury: stop training it and see a "
                "physiotherapist.", pain=run[-1].pain, baseline=baseline.pain, baseline_day=_day(case, baseline)), (
        _at(case, baseline), _at(case, run[0]))


def _ended_before(prior: PriorEpisode, moment: datetime, quiet_days: int) -> bool:
    """Tell whether an earlier episode was over before a moment: closed, down to 0 and not back, or quiet.

    Quiet: nothing logged for quiet_days before the moment. Athletes stop logging when the pain
    fades far more often than they log 0; an episode still being logged when this one began
    overlaps it, and two overlapping bouts are one problem, not a recurrence.
    """
    course = prior.course
    if course.hurt_after(moment):
        return False
    if prior.resolved_at is not None and prior.resolved_at <= moment:
        return True
    if course.calm_by(moment):
        return True
    last_log = course.latest_at_least[0] or prior.started_at
    return moment - last_log >= timedelta(days=quiet_days)


def recurrent_pain(case: Case) -> Result:
    t = case.thresholds
    # This episode must outlast soreness itself: more than mild after 3 days, pain that counts past the soreness
    # window a day after that (past the mild tail soreness may leave into day 4), or any real pain after a week.
    first = next((
        e for e in case.entries
        if (case.hours(e) > 24 * t.recurrence_days and e.pain > MILD_PAIN_MAX)
        or (case.hours(e) > 24 * (t.recurrence_days + 1) and e.pain >= t.doms_pain_min)
        or (case.hours(e) > 24 * t.persisting_days and e.pain >= t.persisting_pain_min)
    ), None)
    if first is None:
        return None
    window_start = case.episode.started_at - timedelta(days=t.recurrence_lookback_days)
    earlier = [
        p for p in case.prior
        if window_start <= p.started_at < case.episode.started_at
        and _ended_before(p, case.episode.started_at, t.quiet_after_days)
        and (not case.episode.regions or not p.regions or set(p.regions) & set(case.episode.regions))
        and p.course.lasted_beyond(p.started_at, t.recurrence_days, t.persisting_pain_min)
    ]
    if not earlier:
        return None
    evidence = tuple(
        Evidence(Said("earlier episode '%(activity)s' of %(started)s lasted more than %(days)s days and ended",
                      activity=p.activity, started=p.started_at.date(), days=t.recurrence_days), episode_id=p.id)
        if p.resolved_at is not None or p.course.calm_by(case.episode.started_at) else
        Evidence(Said("earlier episode '%(activity)s' of %(started)s lasted more than %(days)s days; nothing was logged "
                      "for %(quiet)s days or more before this one began", activity=p.activity, started=p.started_at.date(),
                      days=t.recurrence_days, quiet=t.quiet_after_days), episode_id=p.id)
        for p in sorted(earlier, key=lambda p: p.started_at)
    ) + (_at(case, first),)
    return Said("This pain has come back after an earlier episode ended, and again lasts more than %(days)s days. Pain "
                "that returns like this should be checked by a doctor or physiotherapist, and so should the exercise that "
                "brings it on.", days=t.recurrence_days), evidence


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
        # With moderate pain there is no need for bed rest at all (004:448): said on the first day, not the fourth.
        moderate = next((e for e in in_bed if e.pain < t.severe_alert_min), None)
        if moderate is None:
            return None
        return Said("Bed rest with pain of %(pain)s/10. Moderate pain does not need bed rest, and lying still can make "
                    "back pain last longer: stay up and walk gently, as far as the pain allows. Only intense pain may "
                    "need 1-3 days in bed at the most.", pain=moderate.pain), (
            _at(case, moderate, Said("bed rest, pain %(pain)s", pain=moderate.pain)),)
    return Said("Bed rest on about %(days)s days. More than %(limit)s days in bed can turn short-term back pain into "
                "long-term pain: get up and walk gently, as far as the pain allows.", days=days, limit=t.bed_rest_days), (
        _at(case, in_bed[0], Said("bed rest")), _at(case, in_bed[-1], Said("bed rest")))


def heat_in_first_48h(case: Case) -> Result:
    t = case.thresholds
    early_heat = [e for e in case.entries if "heat" in e.treatments and case.pain_hours(e) < t.heat_avoid_hours]
    if not early_heat:
        return None
    return Said("Heat was used in the first %(hours)s h of the pain. Use cold (ice or a cold pack) for now; heat helps "
                "stiffness later, but early on it can make swelling and pain worse.", hours=t.heat_avoid_hours), (
        _at(case, early_heat[0], Said("heat")),)
