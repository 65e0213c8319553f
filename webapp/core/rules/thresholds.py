"""Thresholds the documents leave open: defaults on the 0-10 NRS, with reasons.

A physiotherapist may override any of them for one patient; the engine uses the
override and the alert shows it. Where a source sets a safety limit, the bounds let a
physiotherapist tighten it (alert earlier, keep heat away longer) and never loosen it
past what the source says. A value stored outside the bounds (older data) is read as
the nearest bound, so never past the source.
"""
from dataclasses import dataclass, replace

from webapp.core.wording import N_, Said


@dataclass(frozen=True)
class Limit:
    default: int
    low: int
    high: int
    unit: str
    reason: str

    def clamped(self, value: int) -> int:
        return min(max(value, self.low), self.high)


# The thresholds as a physiotherapist reads their names.
NAMES = {
    "doms_window_hours": N_("Normal soreness window"), "doms_pain_min": N_("Pain that counts past the soreness window"),
    "persisting_days": N_("Days before pain counts as persisting"), "persisting_pain_min": N_("Pain that counts as persisting"),
    "no_improvement_days": N_("Days without improvement"), "severe_pain_min": N_("Pain that counts as not improving"),
    "severe_alert_min": N_("Pain that counts as severe"), "improvement_points": N_("Improvement, in points"),
    "improvement_percent": N_("Improvement, in percent"), "worsening_points": N_("Worsening, in points"),
    "recurrence_days": N_("Days a recurrence lasts"), "recurrence_lookback_days": N_("Days back to look for a recurrence"),
    "bed_rest_days": N_("Days of bed rest"), "heat_avoid_hours": N_("Hours without heat"), "checkin_after_days": N_("Days before a check-in"),
    "quiet_after_days": N_("Days without a log before an episode counts as over"),
}
LIMITS = {
    "doms_window_hours": Limit(
        72, 24, 72, N_("h"), N_("DOMS should be gone within about 72 h of the training (003:3); it can only be shortened."),
    ),
    "doms_pain_min": Limit(
        3, 1, 10, "NRS",
        N_("Pain 'still present' past 72 h means 3 or more: a fading 1-2 between 72 and 96 h is the normal tail of soreness."),
    ),
    "persisting_days": Limit(
        7, 3, 7, N_("days"), N_("Soreness lasts 3-7 days; longer suggests injury (000:80, 002:58). It can only be shortened."),
    ),
    "persisting_pain_min": Limit(2, 1, 10, N_("NRS"), N_("Past a week, anything above a trace (NRS 1) counts as pain still present.")),
    "no_improvement_days": Limit(
        7, 3, 10, N_("days"),
        N_("Severe pain not improving after 7-10 days needs evaluation (003:15); the engine checks from day 7, "
           "and never later than day 10."),
    ),
    "severe_pain_min": Limit(5, 1, 10, N_("NRS"), N_("NRS 5 or more is moderate-to-severe on the usual cut-points (5-6 moderate, 7-10 severe).")),
    "severe_alert_min": Limit(
        7, 5, 7, "NRS",
        N_("NRS 7-10 is severe on the usual cut-points; soreness after training is mild to moderate (001:14, 000:191, 004:497). "
           "It can only be lowered."),
    ),
    "improvement_points": Limit(
        2, 1, 10, N_("NRS points"), N_("A fall of 2 points (or 30%) is the usual clinically meaningful change in pain."),
    ),
    "improvement_percent": Limit(30, 5, 100, N_("%"), N_("A fall of 30% (or 2 points) is the usual clinically meaningful change in pain.")),
    "worsening_points": Limit(
        2, 1, 10, N_("NRS points"),
        N_("A rise of 2 points over the 24-48 h peak, or over the lowest reading since, is a real change, not day-to-day noise."),
    ),
    "recurrence_days": Limit(
        3, 1, 3, N_("days"), N_("Pains that come back and last more than 3 days each need a doctor (004:474); it can only be lowered."),
    ),
    "recurrence_lookback_days": Limit(90, 14, 365, N_("days"), N_("Earlier episodes within about three months count as the same problem coming back.")),
    "bed_rest_days": Limit(
        3, 1, 3, N_("days"), N_("Bed rest beyond 1-3 days may turn acute pain chronic (004:448); it can only be shortened."),
    ),
    "heat_avoid_hours": Limit(
        48, 48, 96, N_("h"), N_("Cold in the first 48 h, heat only after (003:10, 004:493-495); it can only be lengthened."),
    ),
    "checkin_after_days": Limit(3, 1, 14, N_("days"), N_("An open episode with no log for this long gets a check-in prompt, not an alert.")),
    "quiet_after_days": Limit(
        7, 3, 14, N_("days"),
        N_("Athletes stop logging when the pain fades, rarely logging 0: an open episode with no log for 7 days (as long "
           "as soreness can last, 000:80, and days after the check-in prompt) counts as over for the recurrence rule "
           "(004:474) and shows 'no news since'. Shorter finds more recurrences; longer would miss bouts two weeks apart."),
    ),
}


@dataclass(frozen=True)
class Thresholds:
    doms_window_hours: int = LIMITS["doms_window_hours"].default
    doms_pain_min: int = LIMITS["doms_pain_min"].default
    persisting_days: int = LIMITS["persisting_days"].default
    persisting_pain_min: int = LIMITS["persisting_pain_min"].default
    no_improvement_days: int = LIMITS["no_improvement_days"].default
    severe_pain_min: int = LIMITS["severe_pain_min"].default
    severe_alert_min: int = LIMITS["severe_alert_min"].default
    improvement_points: int = LIMITS["improvement_points"].default
    improvement_percent: int = LIMITS["improvement_percent"].default
    worsening_points: int = LIMITS["worsening_points"].default
    recurrence_days: int = LIMITS["recurrence_days"].default
    recurrence_lookback_days: int = LIMITS["recurrence_lookback_days"].default
    bed_rest_days: int = LIMITS["bed_rest_days"].default
    heat_avoid_hours: int = LIMITS["heat_avoid_hours"].default
    checkin_after_days: int = LIMITS["checkin_after_days"].default
    quiet_after_days: int = LIMITS["quiet_after_days"].default
    overridden: tuple[str, ...] = ()

    @classmethod
    def with_overrides(cls, overrides: dict | None) -> "Thresholds":
        """Return the defaults with the overrides applied; unknown or non-numeric ones are ignored.

        One stored out of range (saved before a bound was tightened) is read as the nearest bound, not refused.
        """
        whole = {
            name: LIMITS[name].clamped(int(value))
            for name, value in (overrides or {}).items()
            if name in LIMITS and isinstance(value, int) and not isinstance(value, bool)
        }
        valid = {name: value for name, value in whole.items() if value != LIMITS[name].default}
        return replace(cls(), **valid, overridden=tuple(sorted(valid)))

    def pick(self, *names: str) -> dict:
        return {name: getattr(self, name) for name in names}


def threshold_problems(overrides: dict) -> dict[str, list[str]]:
    """Return {name: [message]} for overrides that are unknown or out of range."""
    problems: dict[str, list[str]] = {}
    for name, value in overrides.items():
        limit = LIMITS.get(name)
        if limit is None:
            problems[name] = [Said("Unknown threshold. Known: %(known)s.", known=", ".join(LIMITS))]
        elif value is not None and (not isinstance(value, int) or isinstance(value, bool) or not limit.low <= value <= limit.high):
            problems[name] = [Said("Use a whole number from %(low)s to %(high)s (%(unit)s).", low=limit.low, high=limit.high, unit=Said(limit.unit))]
            # A number past a bound: the reason says which way it may move, and why.
            if isinstance(value, int) and not isinstance(value, bool):
                problems[name].append(Said(limit.reason))
    return problems
