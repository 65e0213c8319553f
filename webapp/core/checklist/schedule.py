"""The recovery plan for a day of an episode: pure, fed plain data and a moment.

Phases: acute (first 48 h of the pain), subacute (after 48 h, still sore),
recovering (pain has eased), return_to_training (pain gone or episode closed),
see_clinician (a red flag not yet cleared by a physiotherapist: self-care steps back).
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from webapp.core.checklist.items import ITEMS, ChecklistItem, ItemWithReason
from webapp.core.codes import red_flag_urgency, red_flags_on_both_sides
from webapp.core.rules.checks import Case, injury_pattern
from webapp.core.rules.clock import closed_at, pain_began_at, reading_order
from webapp.core.rules.facts import EntryFacts, EpisodeFacts
from webapp.core.rules.thresholds import Thresholds
from webapp.core.wording import N_

ACUTE_HOURS = 48  # cold, no heat, for the first 48 h of the pain (003:10)
EASED_PAIN_MAX = 2  # "once pain eases": NRS 2 or less, mild and fading


@dataclass(frozen=True)
class ChecklistDay:
    phase: str
    day: int
    items: tuple[ChecklistItem, ...]
    # The physiotherapist's changes for the day (prescribed_day); empty on the sourced plan.
    paused: tuple[ItemWithReason, ...] = ()
    held_back: tuple[ItemWithReason, ...] = ()
    instructions: tuple[str, ...] = ()
    avoid: tuple = ()  # the plan's avoid items still in force (PlanItem)
    # Still in the pain's first 48 h (in_first_48h): a plan that does not say otherwise holds heat back.
    heat_waits: bool = True
    # Set when this episode was over and the athlete is in a later one: the day's plan is that episode's.
    current_episode_id: str | None = None


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


def uncleared_flags(episode: EpisodeFacts, known: Sequence[EntryFacts]) -> set[str]:
    """Return the red flags that no physiotherapist's clearance covers (those on the server after it)."""
    cleared = episode.cleared_at
    return {flag for e in known if cleared is None or e.seen_at > cleared for flag in e.red_flags}


def _known(entries: Sequence[EntryFacts], at: datetime) -> list[EntryFacts]:
    return sorted((e for e in entries if e.recorded_at <= at), key=reading_order)


def in_first_48h(episode: EpisodeFacts, known: Sequence[EntryFacts], at: datetime) -> bool:
    """Whether a moment is in the pain's first 48 h, when cold is used and heat never is (003:10, 004:493-495).

    The pain's clock, not the calendar's: a pain that came days after training runs its 48 h from
    its first log, and until that log they have not begun. known: the entries made up to the moment.
    """
    if episode.onset == "later" and not known:
        return True
    return (at - pain_began_at(episode, known)).total_seconds() < ACUTE_HOURS * 3600


def phase_at(episode: EpisodeFacts, entries: Sequence[EntryFacts], at: datetime, alerts: OpenAlerts = OpenAlerts()) -> str:
    """Return the recovery phase at a moment, from the entries made up to it."""
    known = _known(entries, at)
    if alerts.urgent or uncleared_flags(episode, known):
        return "see_clinician"
    ended = closed_at(episode, known)
    if ended is not None and ended <= at:
        return "recovering" if alerts.warning else "return_to_training"
    if in_first_48h(episode, known, at):
        return "acute"
    if not known or known[-1].pain > EASED_PAIN_MAX:
        return "subacute"
    if known[-1].pain == 0 and not alerts.warning:
        return "return_to_training"
    return "recovering"


def plan_for(
    episode: EpisodeFacts, entries: Sequence[EntryFacts], at: datetime, day: int, alerts: OpenAlerts = OpenAlerts(),
) -> ChecklistDay:
    """Return the day's phase and items at a moment of the episode."""
    phase = phase_at(episode, entries, at, alerts)
    known = _known(entries, at)
    # The heat rail keeps the pain's clock whatever the phase: a red flag or a close within the 48 h does not end them.
    heat_waits = in_first_48h(episode, known, at)
    if phase == "see_clinician":
        uncleared = [e for e in known if episode.cleared_at is None or e.seen_at > episode.cleared_at]
        urgency = red_flag_urgency(uncleared_flags(episode, known), red_flags_on_both_sides(uncleared, episode.side))
        keys = list(SEE_CLINICIAN_ITEMS[urgency or "now"])
        return ChecklistDay(phase=phase, day=day, items=tuple(ITEMS[key] for key in keys), heat_waits=heat_waits)
    keys = list(PHASE_ITEMS[phase])
    if phase in ("subacute", "recovering") and injury_pattern(Case(episode, tuple(known), (), Thresholds())) is not None:
        keys = [*INJURY_EXTRA, *keys]
        if episode.cleared_at is None:
            # Heat after 48 h "only after consulting a doctor" (004:485): for some injuries warming is dangerous (004:33).
            keys = ["heat_after_check" if key == "heat" else key for key in keys]
    if alerts.warning:
        keys = [*WARNING_EXTRA, *(key for key in keys if key not in LOADING_ITEMS)]
    return ChecklistDay(phase=phase, day=day, items=tuple(ITEMS[key] for key in dict.fromkeys(keys)), heat_waits=heat_waits)
