"""When an episode's pain began and whether it is really over: shared by the rules and the checklist."""
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from webapp.core.rules.facts import EntryFacts, EpisodeFacts

IMMEDIATE_ONSETS = frozenset({"during", "right_after"})
# Sharp-type pain is a stop signal on its own (004:33); burning and throbbing count as injury signs (004:70).
SHARP_CHARACTERS = frozenset({"sharp", "stabbing", "shooting"})
INJURY_CHARACTERS = SHARP_CHARACTERS | {"burning", "throbbing"}
ONE_SIDED = frozenset({"left", "right"})
# Soreness peaks at 24-48 h (003:3); 6 h more because people log when they can, not on the hour.
PEAK_END_HOURS = 54
# Soreness starts 12-24 h after the workout and peaks at 24-48 h (003:3): a reading before 24 h is on
# its rising slope, below the peak still to come, so it is no baseline for "getting worse".
PEAK_START_HOURS = 24
SORENESS_PEAK_BY_HOURS = 48
# NRS 1-3 is mild. Soreness may leave a mild tail into day 4 (003:3 "about 72 h"; 000:80 "3 to 7 days").
MILD_PAIN_MAX = 3


def reading_order(entry: EntryFacts) -> tuple:
    """Sort key for readings, in time order: of readings logged at the same minute, the worse one counts as the later.

    Two readings of one moment are a tie the clock cannot break (a phone and a watch, a log and
    its correction); the rules and the plan break it the safe way, by the red flag, then the higher
    pain, then the later server time, never by a random id (which decided before).
    """
    return entry.recorded_at, bool(entry.red_flags), entry.pain, entry.seen_at, entry.id


def episode_day(episode: EpisodeFacts, at: datetime) -> int:
    """Return the episode's day number at a moment: day 1 is the calendar day of the training in the athlete's zone.

    One definition for the alerts' "day N" and the checklist's: the athlete counts days by the calendar.
    """
    zone = ZoneInfo(episode.zone)
    return (at.astimezone(zone).date() - episode.started_at.astimezone(zone).date()).days + 1


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
