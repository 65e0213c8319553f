"""A calendar axis fitted to what a chart shows, for the timelines: its bounds, positions and labelled days.

Pure: times, a zone and a width in, coordinates out. A fixed window (the last twelve months) put six weeks of
episodes into the right 5% of the width; the axis runs instead from a little before the first thing shown to a
little after the last, and is never shorter than a minimum span, so that one short episode is not a wall of colour.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Generic, TypeVar

# The margin each side, as a share of the span, and never less than half a day: the first bar does not touch the edge.
PAD_SHARE, MIN_PAD = 0.04, timedelta(hours=12)
# A tick label ("30 Nov", "sept") is about 44 units wide at 13 px: labels closer than this would run into each other.
LABEL_GAP = 58
MONTH_DAYS = 30.44
# Steps in days; 30 and more mean months (1, 2, 3, 6, 12 of them), labelled by the month, the rest by the day.
STEPS = (1, 2, 7, 14, 30, 61, 91, 183, 365)
# An episode's days are counted from its first: day 1, 4, 7... reads as well as the calendar's Mondays.
EPISODE_STEPS = (1, 2, 3, 7, 14, 28)
# The widths a chart is laid out at, for containers of 52rem and more, of 34rem and more, and a phone's: each is shown
# at 0.9-1.3 times its size (static/css/app.css), its 12-13 px text near that size on the screen.
WIDE, MEDIUM, NARROW = 860, 560, 340
# Half a tick label's width: a label centred nearer the edge than this would be cut off.
LABEL_HALF = 22

Chart = TypeVar("Chart")


@dataclass(frozen=True)
class Views(Generic[Chart]):
    """The same chart laid out for a wide container, a middling one and a phone's: one viewBox cannot keep its text
    readable at all three."""
    wide: Chart
    medium: Chart
    narrow: Chart


@dataclass(frozen=True)
class TimeAxis:
    starts: datetime
    ends: datetime
    left: float
    right: float

    def x(self, moment: datetime) -> float:
        """Where a moment falls, clamped to the axis."""
        clamped = min(max(moment, self.starts), self.ends)
        share = (clamped - self.starts).total_seconds() / (self.ends - self.starts).total_seconds()
        return round(self.left + (self.right - self.left) * share, 1)


@dataclass(frozen=True)
class TimeTick:
    x: float
    day: date
    unit: str  # "day": labelled with the day ("3 Nov"); "month": with the month ("Nov")
    episode_day: int | None = None  # day 1 is the day the episode began, as the care plan counts days


def fitted(first: datetime, last: datetime, now: datetime, min_span: timedelta, left: float, right: float) -> TimeAxis:
    """From a little before `first` to a little after `last`, at least `min_span` long.

    A span too short grows on both sides, but not past now, when `last` is now or before it: a chart does not
    reach into days nobody has lived yet further than its margin.
    """
    if last < first:
        first, last = last, first
    missing = min_span - (last - first)
    if missing > timedelta(0):
        latest = max(last, now)
        last = min(last + missing / 2, latest)
        first = last - min_span
    pad = max((last - first) * PAD_SHARE, MIN_PAD)
    return TimeAxis(first - pad, last + pad, left, right)


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(), zone)


def _step_days(axis: TimeAxis, steps: tuple[int, ...] = STEPS) -> int:
    """The shortest step whose labels stand at least LABEL_GAP apart."""
    span_days = (axis.ends - axis.starts).total_seconds() / 86400
    per_day = (axis.right - axis.left) / span_days
    return next((step for step in steps if step * per_day >= LABEL_GAP), steps[-1])


def _month_days(first: date, last: date, months: int) -> list[date]:
    days, month = [], date(first.year, first.month, 1)
    while month <= last:
        if (month.month - 1) % months == 0:
            days.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return days


def calendar_ticks(axis: TimeAxis, zone: tzinfo, edge: float = 0) -> tuple[TimeTick, ...]:
    """Local midnights to mark: every day or every other day, Mondays, first days of months, as the width allows.

    edge: the labels are centred on their tick, so a tick nearer than this to either end of the axis is left out.
    """
    step = _step_days(axis)
    first, last = axis.starts.astimezone(zone).date(), axis.ends.astimezone(zone).date()
    if step >= 30:
        days, unit = _month_days(first, last, round(step / MONTH_DAYS)), "month"
    else:
        start = first + timedelta(days=(-first.weekday()) % 7) if step >= 7 else first
        if step == 14:
            # Every other Monday counted from a fixed Monday: the same Mondays whatever the first day shown.
            start += timedelta(days=7 * ((start - date(2024, 1, 1)).days // 7 % 2))
        days = [start + timedelta(days=n) for n in range(0, (last - start).days + 1, step)]
        unit = "day"
    ticks = []
    for day in days:
        at = _midnight(day, zone)
        if axis.starts <= at <= axis.ends and axis.left + edge <= (x := axis.x(at)) <= axis.right - edge:
            ticks.append(TimeTick(x, day, unit))
    return tuple(ticks)


def episode_day_ticks(axis: TimeAxis, first_day: date, last_day: date, zone: tzinfo, edge: float = 0) -> tuple[TimeTick, ...]:
    """The middle of days 1, 1 + step, ... of an episode, labelled with the date and the episode's day number."""
    step = _step_days(axis, EPISODE_STEPS)
    ticks = []
    for n in range(0, (last_day - first_day).days + 1, step):
        day = first_day + timedelta(days=n)
        x = axis.x(_midnight(day, zone) + timedelta(hours=12))
        if axis.left + edge <= x <= axis.right - edge:
            ticks.append(TimeTick(x, day, "day", n + 1))
    return tuple(ticks)
