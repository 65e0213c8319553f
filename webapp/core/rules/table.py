"""The rules: one row per alert code, with its severity, kind, window, source and reasoning.

kind "state": the alert describes the present (pain still there, not improving,
getting worse) and resolves when the latest readings no longer show it.
kind "event": the alert reports something that happened (a red flag, severe
pain, heat too early, an injury pattern, days in bed, a recurrence) and stays
until someone acknowledges it.
"""
from collections.abc import Callable
from dataclasses import dataclass

from webapp.core.rules import checks
from webapp.core.rules.case import Case
from webapp.core.rules.checks import Result
from webapp.core.wording import N_

STATE, EVENT = "state", "event"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    kind: str
    window: str
    thresholds: tuple[str, ...]
    source: tuple[str, ...]
    why: str
    check: Callable[[Case], Result]


RULES: tuple[Rule, ...] = (
    Rule("red_flag", "urgent", EVENT, "at once, any day of the episode, open or closed", (),
         ("003:14-15", "004:360", "004:468", "004:470-477", "004:67", "004:69", "004:74", "004:110-112", "003:12", "004:487"),
         N_("These symptoms can mean a nerve, infection or other serious problem. Two tiers, each flag's decided from its "
         "lines (codes.RED_FLAGS): see a doctor now, where the sources say 'immediately' or 'as soon as possible' "
         "(003:14, 004:360, 004:468); emergency care for the signs on the list that 'requires emergency medical care' "
         "(004:67): pain that keeps growing at rest (004:69), limbs losing sensitivity, so numbness or weakness on both "
         "sides (004:74); and for the bladder signs of cauda equina, 'an urgent condition' (003:15). Saddle numbness, not "
         "passing urine, weakness getting worse, passing out and an injury with nerve signs are emergencies by the "
         "team's choice (Sources page). No flag waits until later in the day. A flag once reported stays: deleting "
         "the entry or taking the flag out of it marks the evidence withdrawn and keeps the alert and the emergency "
         "plan, or athletes seen in A&E would learn to delete flags. Only a clinician's review ends that plan: a linked "
         "physiotherapist's clearance, or the athlete's record that a clinician checked them (who, when, a note); after "
         "the record, loading waits for pain logged since that has eased to 2/10 or less (003:12, 004:487). A flag "
         "reported again after either is new."),
         checks.red_flag),
    Rule("severe_pain", "warning", EVENT, "at once, any reading at or above 7/10", ("severe_alert_min",),
         ("001:14", "000:191", "004:497"),
         N_("Soreness after training is mild to moderate (001:14); severe pain calls for a specialist (000:191) and for "
         "stopping exercise and consulting a doctor (004:497). Severe pain is a warning in itself, on any day."),
         checks.severe_pain),
    Rule("injury_pattern", "warning", EVENT, "at once, whatever the onset", (),
         ("003:3-4", "004:346-347", "004:352", "004:33", "004:70", "004:72", "004:491"),
         N_("Sharp pain means stop and consult (004:33), whenever it began. Otherwise two injury signs together: onset "
         "during or right after exercise (003:4, 004:346), a sharp, stabbing, burning or throbbing character (003:4, "
         "004:70), worse on movement (003:4), one side only (003:4), swelling or bruising (003:4, 004:72). Normal "
         "soreness is a dull ache on both sides that eases on movement (003:3). Pain that starts during activity is a "
         "warning, not an emergency, by the team's choice: 004:491 says to call an ambulance for it, then to lie down "
         "until it eases, but the same document asks for a doctor's visit for the same sign (004:346, 004:352) and 003:4 "
         "counts it as one injury sign among others; most such pain is a strain. It is an emergency with a red flag, "
         "such as pain that keeps growing even at rest (004:69, the red_flag rule). Sharp, burning or pulsating pain and "
         "swelling are on 004:67's emergency list too (004:70, 004:72): also warnings here, for the same reason."),
         checks.injury_pattern),
    Rule("doms_window_exceeded", "advice", STATE, "latest reading more than 72 h after training",
         ("doms_window_hours", "doms_pain_min"), ("003:3",),
         N_("Normal soreness (DOMS) peaks at 24-48 h and should be gone within about 72 h (003:3). Judged on the latest "
         "readings: once the athlete logs less than the threshold, the alert resolves."),
         checks.doms_window_exceeded),
    Rule("persisting_beyond_week", "warning", STATE, "latest reading more than 7 days after training",
         ("persisting_days", "persisting_pain_min"), ("000:80", "002:58"),
         N_("Soreness lasts 3-7 days; pain that persists longer is likely an injury (000:80, 002:58). Judged on the "
         "latest readings."),
         checks.persisting_beyond_week),
    Rule("no_improvement_7_10_days", "warning", STATE, "7-10 days without improvement on a baseline days earlier",
         ("no_improvement_days", "severe_pain_min", "improvement_points", "improvement_percent"), ("003:15",),
         N_("Severe pain that fails to improve after 7-10 days of rest and conservative care should prompt a medical "
         "evaluation (003:15). It needs a baseline: the peak of the first two days, or the first log, at least 3 days "
         "before the latest. A clear improvement on the way and then a rise is a relapse, reported as worsening."),
         checks.no_improvement_7_10_days),
    Rule("worsening_trend", "warning", STATE, "after the 24-48 h peak: a rise over the peak or the lowest reading since",
         ("worsening_points",), ("004:350", "004:76", "000:80", "003:3"),
         N_("Injury pain tends to increase with time, where soreness fades after its 24-48 h peak (004:350, 004:76, "
         "000:80). A rise in the first 54 h is soreness building: the 24-48 h peak (003:3) and 6 h more, the team's "
         "margin for when athletes log. Soreness rises from 12-24 h to a peak nobody may have logged (003:3), so a "
         "reading before 48 h is no baseline for pain that came on later: within the 72 h soreness window a rise counts "
         "only over the lowest reading from 48 h on, when soreness can only fade (2/10 at 16 h, then 4/10 at 56 h, is "
         "soreness). After 72 h, or for pain that began during or right after training, a rise of the threshold into "
         "moderate pain (4+) over the early peak or the lowest reading since is worsening, including a rebound after "
         "easing."),
         checks.worsening_trend),
    Rule("recurrent_pain", "warning", EVENT, "an earlier episode ended, then pain again lasting more than 3 days",
         ("recurrence_days", "recurrence_lookback_days", "persisting_days", "persisting_pain_min", "quiet_after_days"),
         ("004:474", "000:218"),
         N_("Pains that are periodic and last more than 3 days should be seen by a doctor (004:474); a reader's comment "
         "below an article tells of pain returning on repeating the exercise (000:218). Periodic means an earlier episode of the same region that lasted more than "
         "3 days and ended before this one began: closed, logged down to 0, or quiet (no log for quiet_after_days, 7 by "
         "default, before this one began), since most athletes stop logging as pain fades rather than log 0. Two "
         "overlapping bouts, the earlier still logged, are one problem, not a recurrence. This one must outlast "
         "soreness too (more than mild after 3 days, pain at the soreness threshold a day later, or still there after "
         "a week), so ordinary soreness episodes close together do not count: the last bout of a diary that stopped "
         "logging at 3/10 counts from day 5."),
         checks.recurrent_pain),
    Rule("prolonged_bed_rest", "advice", EVENT, "bed rest beyond 1-3 days", ("bed_rest_days",), ("004:448",),
         N_("Bed rest may turn acute back pain chronic; limit it to 1-3 days at most (004:448). Consecutive logs of bed "
         "rest count the days between them, however rarely the athlete logged. With moderate pain (below the severe "
         "threshold) no bed rest is needed at all (004:448), so bed rest logged with it is advised against from the "
         "first day."),
         checks.prolonged_bed_rest),
    Rule("heat_in_first_48h", "advice", EVENT, "the first 48 h of the pain", ("heat_avoid_hours",),
         ("003:10", "004:493-495"),
         N_("Ice in the first 48 h, heat after; heat right after an acute injury aggravates it (003:10, 004:493-495). "
         "For pain that began days after training the 48 h run from the pain's first log."),
         checks.heat_in_first_48h),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}
