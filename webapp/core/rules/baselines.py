"""What the worsening rule compares each reading with (webapp.core.rules.checks.worsening_trend)."""
from webapp.core.rules.case import Case
from webapp.core.rules.clock import IMMEDIATE_ONSETS, PEAK_END_HOURS, PEAK_START_HOURS, SORENESS_PEAK_BY_HOURS
from webapp.core.rules.facts import EntryFacts


def worsening_baselines(case: Case) -> list[EntryFacts | None]:
    """For each reading, the one it is compared with: the lower of the early peak and the lowest reading since.

    Soreness rises from 12-24 h to a peak somewhere in 24-48 h, then fades (003:3). A reading
    before 48 h may be on the rising slope, below a peak nobody logged, so until soreness is
    over (the normal soreness window, 72 h) a next-day pain is compared only with readings from
    48 h on, when soreness can only be fading. Pain that began during or right after training is
    there from the start: its first readings are its level, and count at once.

    Only strictly earlier readings count (two logs of the same minute are no change over time),
    so the running peak and lows take in a minute's readings after it.
    """
    immediate = case.episode.onset in IMMEDIATE_ONSETS
    floor = 0 if immediate else PEAK_START_HOURS
    window_over = case.thresholds.doms_window_hours
    # (pain, hours, reading): the peak, highest pain and earliest on a tie; the lows, lowest pain and earliest on a tie.
    peak: tuple[int, float, EntryFacts] | None = None
    low: tuple[int, float, EntryFacts] | None = None  # after the peak window (54 h)
    fading_low: tuple[int, float, EntryFacts] | None = None  # from 48 h, when soreness has peaked
    baselines: list[EntryFacts | None] = []
    entries, hours_at, pain_hours_at = case.entries, case.hours_at, case.pain_hours_at
    pending_from = 0  # the readings from here to the current one share a minute, not yet taken in
    for index, entry in enumerate(entries):
        if index > pending_from and entries[index - 1].recorded_at < entry.recorded_at:
            for earlier_index in range(pending_from, index):
                earlier = entries[earlier_index]
                reading = (earlier.pain, hours_at[earlier_index], earlier)
                pain_hours = pain_hours_at[earlier_index]
                if floor <= pain_hours <= PEAK_END_HOURS and (peak is None or _higher(reading, peak)):
                    peak = reading
                if pain_hours > PEAK_END_HOURS and (low is None or _lower(reading, low)):
                    low = reading
                if pain_hours >= SORENESS_PEAK_BY_HOURS and (fading_low is None or _lower(reading, fading_low)):
                    fading_low = reading
            pending_from = index
        if immediate or pain_hours_at[index] > window_over:
            baselines.append(_lower_of(low, peak))
        else:
            baselines.append(fading_low[2] if fading_low is not None else None)
    return baselines


def _higher(a: tuple[int, float, EntryFacts], b: tuple[int, float, EntryFacts]) -> bool:
    return a[0] > b[0] or (a[0] == b[0] and a[1] < b[1])


def _lower(a: tuple[int, float, EntryFacts], b: tuple[int, float, EntryFacts]) -> bool:
    return a[0] < b[0] or (a[0] == b[0] and a[1] < b[1])


def _lower_of(low: tuple[int, float, EntryFacts] | None, peak: tuple[int, float, EntryFacts] | None) -> EntryFacts | None:
    """The lowest since the window, unless the peak is lower; on a tie, the reading after the window."""
    if low is not None and (peak is None or low[0] < peak[0] or (low[0] == peak[0] and low[1] <= peak[1])):
        return low[2]
    return peak[2] if peak is not None else None
