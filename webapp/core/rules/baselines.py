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
    peak_end = PEAK_END_HOURS
    # The peak: highest pain, earliest on a tie; the low: lowest pain, earliest on a tie. (pain, hours, reading)
    peak: tuple[int, float, EntryFacts] | None = None
    low: tuple[int, float, EntryFacts] | None = None
    best: EntryFacts | None = None
    baselines: list[EntryFacts | None] = []
    entries, hours_at, pain_hours_at = case.entries, case.hours_at, case.pain_hours_at
    pending_from = 0  # the readings from here to the current one share a minute, not yet taken in
    for index, entry in enumerate(entries):
        if index > pending_from and entries[index - 1].recorded_at < entry.recorded_at:
            moved = False
            for earlier_index in range(pending_from, index):
                earlier = entries[earlier_index]
                pain, hours, pain_hours = earlier.pain, hours_at[earlier_index], pain_hours_at[earlier_index]
                if floor <= pain_hours <= peak_end:
                    if peak is None or pain > peak[0] or (pain == peak[0] and hours < peak[1]):
                        peak, moved = (pain, hours, earlier), True
                elif pain_hours > peak_end and (low is None or pain < low[0] or (pain == low[0] and hours < low[1])):
                    low, moved = (pain, hours, earlier), True
            if moved:
                # The lowest since the window, unless the peak is lower; on a tie, the reading after the window.
                lower = low is not None and (peak is None or low[0] < peak[0] or (low[0] == peak[0] and low[1] <= peak[1]))
                pick = low if lower else peak
                best = pick[2] if pick is not None else best
            pending_from = index
        baselines.append(best)
    return baselines
