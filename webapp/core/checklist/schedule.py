"""The recovery plan for a day of an episode: pure, fed plain data and a moment.

Phases: acute (first 48 h of the pain), subacute (after 48 h, still sore),
recovering (pain has eased), return_to_training (pain gone or episode closed),
see_clinician (a red flag that no clinician has reviewed yet: self-care steps back).

A red flag is left behind only by a clinician's review: a linked physiotherapist's
clearance, or the athlete's record that a clinician checked them (A&E, a GP...).
After a check the plan resumes at the phase today's pain allows, but never straight
to loading: core work, strengthening and the return to training wait until pain
logged after the check has eased (EASED_PAIN_MAX). The check says the sign was not
an emergency; it does not say the back is ready for load.
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from webapp.core.checklist.items import ITEMS, ChecklistItem, ItemWithReason
from webapp.core.codes import TIERS, red_flag_urgency, red_flags_on_both_sides
from webapp.core.rules.case import Case
from webapp.core.rules.checks import injury_pattern
from webapp.core.rules.clock import closed_at, pain_began_at, reading_order
from webapp.core.rules.facts import EntryFacts, EpisodeFacts
from webapp.core.rules.thresholds import Thresholds
from webapp.core.wording import N_

ACUTE_HOURS = 48  # cold, no heat, for the first 48 h of the pain (003:10)
EASED_PAIN_MAX = 2  # "once pain eases": NRS 2 or less, mild and fading
DEFAULTS = Thresholds()  # for a patient whose physiotherapist changed none


@dataclass(frozen=True)
class ChecklistDay:
    phase: str
    day: int
    items: tuple[ChecklistItem, ...]
    # The physiotherapist's changes for the day (prescribed_day); empty on the sourced plan.
    paused: tuple[ItemWithReason, ...] = ()
    held_back: tuple[ItemWithReason, ...] = ()
    # Sourced items a prescribed item of the same kind stands in for today (replacements.take_places).
    replaced: tuple[ItemWithReason, ...] = ()
    instructions: tuple[str, ...] = ()
    # Instructions the heat rail cannot place while heat waits: shown as the physiotherapist's note, not as the plan.
    notes: tuple[str, ...] = ()
    avoid: tuple = ()  # the plan's avoid items still in force (PlanItem)
    # Still in the pain's first 48 h (in_first_48h): a plan that does not say otherwise holds heat back.
    heat_waits: bool = True
    # Set when this episode was over and the athlete is in a later one: the day's plan is that episode's.
    current_episode_id: str | None = None
    # The latest pain logged up to the moment (None: none yet), for the rails of prescribed items.
    pain: int | None = None
    # After the athlete's record of a clinician's check, until pain logged since has eased (loading_waits).
    loading_waits: bool = False


PHASE_NAMES = {
    "acute": N_("First 48 hours"), "subacute": N_("After 48 hours"), "recovering": N_("Pain easing"),
    "return_to_training": N_("Back to training"), "see_clinician": N_("See a clinician"),
}
PHASE_ITEMS = {
    "acute": ("cold", "no_heat", "avoid_trigger", "relative_rest", "gentle_walk"),
    "subacute": ("heat", "walk", "stretches", "mobility", "foam_roller"),
    "recovering": ("core", "strengthen", "walk", "stretches", "massage"),
    "return_to_training": ("warm_up", "technique", "gradual_load", "cool_down", "rest_days"),
}
# The alert's own words decide the plan: an emergency is not a doctor's visit (red_flag_urgency, codes.TIERS).
SEE_CLINICIAN_ITEMS = {
    "emergency": ("emergency_care", "stop_training"),
    "now": ("contact_clinician", "stop_training", "avoid_trigger"),
}
# An injury-like start keeps the protective items after the first 48 h (003:4, 004:33).
INJURY_EXTRA = ("avoid_trigger", "no_sharp_training")
# What loads the back; held back while a warning asks for a clinician's visit.
LOADING_ITEMS = frozenset({"core", "strengthen", "warm_up", "technique", "gradual_load", "cool_down", "rest_days"})
WARNING_EXTRA = ("book_visit", "no_sharp_training")


@dataclass(frozen=True)
class OpenAlerts:
    """What the episode's alerts ask of the plan now (the service decides which alerts still count)."""

    urgent: bool = False
    warning: bool = False
    # The tier the open urgent alert asked for (codes.TIERS): it holds when the entry that reported the flag is gone.
    urgency: str | None = None


def uncleared_flags(episode: EpisodeFacts, known: Sequence[EntryFacts]) -> set[str]:
    """Return the red flags that no clinician's review covers (those on the server after it)."""
    return {flag for e in _unreviewed(episode, known) for flag in e.red_flags}


def _unreviewed(episode: EpisodeFacts, known: Sequence[EntryFacts]) -> list[EntryFacts]:
    reviewed = episode.flags_reviewed_at
    return [e for e in known if reviewed is None or e.seen_at > reviewed]


def loading_waits(episode: EpisodeFacts, known: Sequence[EntryFacts]) -> bool:
    """After the athlete's record of a clinician's check (not a physiotherapist's clearance, which plans the
    recovery itself): loading waits for pain logged after the check that has eased."""
    checked = episode.clinician_checked_at
    if checked is None or (episode.cleared_at is not None and episode.cleared_at >= checked):
        return False
    return not any(e.seen_at > checked and e.pain <= EASED_PAIN_MAX for e in known)


def _known(entries: Sequence[EntryFacts], at: datetime) -> list[EntryFacts]:
    return sorted((e for e in entries if e.recorded_at <= at), key=reading_order)


def in_first_48h(episode: EpisodeFacts, known: Sequence[EntryFacts], at: datetime, hours: int = ACUTE_HOURS) -> bool:
    """Whether a moment is in the pain's first 48 h, when cold is used and heat never is (003:10, 004:493-495).

    The pain's clock, not the calendar's: a pain that came days after training runs its 48 h from
    its first log, and until that log they have not begun. known: the entries made up to the moment.
    hours: the patient's heat_avoid_hours, which a physiotherapist may lengthen (never shorten), so
    that the plan holds heat back as long as the heat alert does.
    """
    if episode.onset == "later" and not known:
        return True
    return (at - pain_began_at(episode, known)).total_seconds() < max(hours, ACUTE_HOURS) * 3600


def phase_at(
    episode: EpisodeFacts, entries: Sequence[EntryFacts], at: datetime, alerts: OpenAlerts = OpenAlerts(),
    thresholds: Thresholds = DEFAULTS,
) -> str:
    """Return the recovery phase at a moment, from the entries made up to it."""
    known = _known(entries, at)
    if alerts.urgent or uncleared_flags(episode, known):
        return "see_clinician"
    ended = closed_at(episode, known)
    if ended is not None and ended <= at:
        return "recovering" if alerts.warning or loading_waits(episode, known) else "return_to_training"
    if in_first_48h(episode, known, at, thresholds.heat_avoid_hours):
        return "acute"
    if not known or known[-1].pain > EASED_PAIN_MAX:
        return "subacute"
    if known[-1].pain == 0 and not alerts.warning and not loading_waits(episode, known):
        return "return_to_training"
    return "recovering"


def plan_for(
    episode: EpisodeFacts, entries: Sequence[EntryFacts], at: datetime, day: int, alerts: OpenAlerts = OpenAlerts(),
    thresholds: Thresholds = DEFAULTS,
) -> ChecklistDay:
    """Return the day's phase and items at a moment of the episode (thresholds: the patient's)."""
    phase = phase_at(episode, entries, at, alerts, thresholds)
    known = _known(entries, at)
    # The heat rail keeps the pain's clock whatever the phase: a red flag or a close within the 48 h does not end them.
    heat_waits = in_first_48h(episode, known, at, thresholds.heat_avoid_hours)
    if phase == "see_clinician":
        unreviewed = _unreviewed(episode, known)
        urgency = red_flag_urgency(uncleared_flags(episode, known), red_flags_on_both_sides(unreviewed, episode.side))
        # The worse of the flags still in the diary and the alert's own: deleting the entry does not calm the advice.
        tiers = [tier for tier in (urgency, alerts.urgency) if tier is not None]
        keys = list(SEE_CLINICIAN_ITEMS[min(tiers, key=TIERS.index, default="now")])
        return ChecklistDay(phase=phase, day=day, items=tuple(ITEMS[key] for key in keys), heat_waits=heat_waits)
    keys = list(PHASE_ITEMS[phase])
    if phase in ("subacute", "recovering") and injury_pattern(Case(episode, tuple(known), (), thresholds)) is not None:
        keys = [*INJURY_EXTRA, *keys]
        if episode.flags_reviewed_at is None:
            # Heat after 48 h "only after consulting a doctor" (004:485): for some injuries warming is dangerous (004:33).
            keys = ["heat_after_check" if key == "heat" else key for key in keys]
    if alerts.warning:
        keys = [*WARNING_EXTRA, *(key for key in keys if key not in LOADING_ITEMS)]
    waits = loading_waits(episode, known)
    if waits and not alerts.warning:
        keys = [key for key in keys if key not in LOADING_ITEMS]
    return ChecklistDay(phase=phase, day=day, items=tuple(ITEMS[key] for key in dict.fromkeys(keys)), heat_waits=heat_waits,
                        pain=known[-1].pain if known else None, loading_waits=waits)
