"""What the worsening rule compares each reading with (webapp.core.rules.checks.worsening_trend)."""
from typing import TYPE_CHECKING

from webapp.core.rules.clock import IMMEDIATE_ONSETS, PEAK_END_HOURS, SORENESS_ONSET_HOURS
from webapp.core.rules.facts import EntryFacts

if TYPE_CHECKING:
    from webapp.core.rules.checks import Case


def worsening_baselines(case: "Case") -> list[EntryFacts | None]:
    """For each reading, the one it is compared with: the early peak, or the lowest reading since the peak window.

    Only strictly earlier readings count (two logs of the same minute are no change
    over time), so the running peak and low take in a minute's readings after it.
    """
    floor = 0 if case.episode.onset in IMMEDIATE_ONSETS else SORENESS_ONSET_HOURS
    peak: tuple[int, float, EntryFacts] | None = None  # (pain, hours, reading)
    low: tuple[int, float, EntryFacts] | None = None
    best: EntryFacts | None = None
    baselines: list[EntryFacts | None] = []
    pending: list[EntryFacts] = []
    hours_by_id, pain_hours_by_id = case.hours_by_id, case.pain_hours_by_id  # type: ignore[attr-defined]
    for entry in case.entries:
        if pending and pending[-1].recorded_at < entry.recorded_at:
            for earlier in pending:
                hours, pain_hours = hours_by_id[earlier.id], pain_hours_by_id[earlier.id]
                if floor <= pain_hours <= PEAK_END_HOURS:
                    if peak is None or (earlier.pain, -hours) > (peak[0], -peak[1]):
                        peak = (earlier.pain, hours, earlier)
                elif pain_hours > PEAK_END_HOURS and (low is None or (earlier.pain, hours) < low[:2]):
                    low = (earlier.pain, hours, earlier)
            # The lowest since the window, unless the peak is lower; on a tie, the reading after the window.
            pick = low if low is not None and (peak is None or low[:2] <= peak[:2]) else peak
            best = pick[2] if pick is not None else best
            pending = []
        pending.append(entry)
        baselines.append(best)
    return baselines
