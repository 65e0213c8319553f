"""Turn database rows into the plain facts the rules and the checklist schedule read."""
from typing import Any

from webapp.core.rules import EntryFacts, EpisodeFacts
from webapp.models import Episode


def episode_facts(episode: Episode, zone: str = "UTC") -> EpisodeFacts:
    """zone: the athlete's time zone, where the episode's days are counted (day 1 is the training's day there)."""
    return EpisodeFacts(
        id=str(episode.id), started_at=episode.started_at, onset=episode.onset, activity=episode.activity,
        regions=tuple(episode.regions or ()), side=episode.side, character=episode.character, resolved_at=episode.resolved_at,
        cleared_at=episode.cleared_at, clinician_checked_at=episode.clinician_checked_at, zone=zone,
    )


def entry_facts(entry: Any) -> EntryFacts:
    """From an Entry, or a row with the same columns."""
    return EntryFacts(
        id=str(entry.id), recorded_at=entry.recorded_at, pain=entry.pain, regions=tuple(entry.regions or ()),
        side=entry.side, character=entry.character, movement=entry.movement,
        red_flags=tuple(entry.red_flags or ()), treatments=tuple(entry.treatments or ()), swelling=bool(entry.swelling),
        logged_at=entry.updated_at,
    )
