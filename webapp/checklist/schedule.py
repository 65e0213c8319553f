"""The recovery plan for a day of an episode: pure, fed plain data and a moment.

Phases: acute (first 48 h), subacute (after 48 h, still sore), recovering (pain
has eased), return_to_training (pain gone or episode closed), see_clinician (a
red flag or an urgent alert: self-care steps back).
"""
from dataclasses import dataclass
from datetime import datetime

from webapp.checklist.items import ITEMS, ChecklistItem
from webapp.rules.facts import EntryFacts, EpisodeFacts
from webapp.rules.table import IMMEDIATE_ONSETS, INJURY_CHARACTERS

ACUTE_HOURS = 48  # cold, no heat, for the first 48 h (003:10)
EASED_PAIN_MAX = 2  # "once pain eases": NRS 2 or less, mild and fading


@dataclass(frozen=True)
class ChecklistDay:
    phase: str
    day: int
    items: tuple[ChecklistItem, ...]


PHASE_ITEMS = {
    "see_clinician": ("contact_clinician", "stop_training", "avoid_trigger"),
    "acute": ("cold", "no_heat", "avoid_trigger", "relative_rest", "gentle_walk"),
    "subacute": ("heat", "walk", "stretches", "mobility", "foam_roller"),
    "recovering": ("core", "strengthen", "walk", "stretches", "massage"),
    "return_to_training": ("warm_up", "technique", "gradual_load", "cool_down", "rest_days"),
}
# An injury-like start keeps the protective items after the first 48 h (003:4, 004:33).
INJURY_EXTRA = ("avoid_trigger", "no_sharp_training")


def started_like_injury(episode: EpisodeFacts, entries: list[EntryFacts]) -> bool:
    """Tell whether the pain began during or right after training and was sharp or worse on movement."""
    if episode.onset not in IMMEDIATE_ONSETS:
        return False
    return episode.character in INJURY_CHARACTERS or any(
        e.character in INJURY_CHARACTERS or e.movement == "worsens" for e in entries
    )


def phase_at(episode: EpisodeFacts, entries: list[EntryFacts], at: datetime, urgent_alert: bool = False) -> str:
    """Return the recovery phase at a moment, from the entries made up to it."""
    known = sorted((e for e in entries if e.recorded_at <= at), key=lambda e: (e.recorded_at, e.id))
    if urgent_alert or any(e.red_flags for e in known):
        return "see_clinician"
    if episode.resolved_at is not None and episode.resolved_at <= at:
        return "return_to_training"
    if (at - episode.started_at).total_seconds() < ACUTE_HOURS * 3600:
        return "acute"
    if not known or known[-1].pain > EASED_PAIN_MAX:
        return "subacute"
    return "return_to_training" if known[-1].pain == 0 else "recovering"


def plan_for(episode: EpisodeFacts, entries: list[EntryFacts], at: datetime, day: int, urgent_alert: bool = False) -> ChecklistDay:
    """Return the day's phase and items at a moment of the episode."""
    phase = phase_at(episode, entries, at, urgent_alert)
    keys = list(PHASE_ITEMS[phase])
    if phase in ("subacute", "recovering") and started_like_injury(episode, [e for e in entries if e.recorded_at <= at]):
        keys = [*INJURY_EXTRA, *keys]
    return ChecklistDay(phase=phase, day=day, items=tuple(ITEMS[key] for key in dict.fromkeys(keys)))
