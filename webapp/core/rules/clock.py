"""When an episode's pain began and whether it is really over: shared by the rules and the checklist."""
from collections.abc import Sequence
from datetime import datetime

from webapp.core.rules.facts import EntryFacts, EpisodeFacts

IMMEDIATE_ONSETS = frozenset({"during", "right_after"})
# Sharp-type pain is a stop signal on its own (004:33); burning and throbbing count as injury signs (004:70).
SHARP_CHARACTERS = frozenset({"sharp", "stabbing", "shooting"})
INJURY_CHARACTERS = SHARP_CHARACTERS | {"burning", "throbbing"}
ONE_SIDED = frozenset({"left", "right"})
# Soreness peaks at 24-48 h (003:3); 6 h more because people log when they can, not on the hour.
PEAK_END_HOURS = 54
# Soreness starts 12-24 h after the workout (003:3): an earlier reading of a next-day pain is no peak.
SORENESS_ONSET_HOURS = 12
# NRS 1-3 is mild. Soreness may leave a mild tail into day 4 (003:3 "about 72 h"; 000:80 "3 to 7 days").
MILD_PAIN_MAX = 3


def pain_began_at(episode: EpisodeFacts, entries: Sequence[EntryFacts]) -> datetime:
    """Return when the pain began: the training, or for pain that came days later, its first log.

    A pain that first appears days after training runs its own acute window (cold, no heat)
    from its onset; its first log is the latest it can have begun, so the window errs long.
    """
    if episode.onset == "later" and entries:
        return min(entry.recorded_at for entry in entries)
    return episode.started_at


def closed_at(episode: EpisodeFacts, entries: Sequence[EntryFacts]) -> datetime | None:
    """Return when the episode ended, or None if it is open or pain was logged after it was closed."""
    if episode.resolved_at is None:
        return None
    if any(e.recorded_at > episode.resolved_at and (e.pain > 0 or e.red_flags) for e in entries):
        return None
    return episode.resolved_at
