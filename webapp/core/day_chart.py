"""One episode day by day: the worst pain of each day as a line with its numbers, alerts and prescriptions marked.

Pure: readings, marks, a zone and a width in, coordinates out. It is the timeline zoomed into the episode the
physiotherapist chose: the axis runs from its first day to the last day logged (or today, while it is open),
days numbered as the care plan counts them (day 1: the day it began).
"""
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from webapp.core.time_axis import LABEL_HALF, MEDIUM, NARROW, WIDE, TimeTick, Views, episode_day_ticks, fitted
from webapp.core.timeline import RaisedAlert

LEFT, RIGHT, TOP = 30, 12, 4
PLOT_HEIGHT = 110
VALUE_ROOM = 18  # above the plot: the label of a pain of 10
MARK_ROW, MAX_ROWS = 14, 3
AXIS_ROOM = 36  # two lines under the axis: the date and the episode's day
MIN_SPAN = timedelta(days=7)
# Centres of two labels or two marks closer than these overlap at 12 px.
VALUE_GAP, MARK_GAP = 18, 13


@dataclass(frozen=True)
class Prescription:
    starts: date
    text: str  # what the plan item asks, as the care plan's history says it


@dataclass(frozen=True)
class DayPoint:
    x: float
    y: float
    day: date
    episode_day: int
    pain: int
    labelled: bool  # its number is written above it (not where it would run into a neighbour's)


@dataclass(frozen=True)
class Mark:
    x: float
    y: float  # the centre of the mark, in its row
    day: date
    alert: RaisedAlert | None = None
    prescription: Prescription | None = None


@dataclass(frozen=True)
class DayChart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    axis_y: float
    points: tuple[DayPoint, ...]
    line: str  # from day to next day logged
    gaps: str  # across days with no log: drawn dashed, nothing was said about them
    alerts: tuple[Mark, ...]
    prescriptions: tuple[Mark, ...]
    ticks: tuple[TimeTick, ...]
    y_ticks: tuple[tuple[float, int], ...]
    first_day: date
    last_day: date


def worst_by_day(readings: Sequence[tuple[datetime, int]], zone: tzinfo) -> dict[date, int]:
    """The highest pain logged on each local day: the day's worst is what a flare-up or a setback shows as."""
    worst: dict[date, int] = {}
    for at, pain in readings:
        day = at.astimezone(zone).date()
        worst[day] = max(pain, worst.get(day, pain))
    return dict(sorted(worst.items()))


def _noon(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(12), zone)


def _rows(xs: Sequence[float]) -> list[int]:
    """For marks left to right: the lowest row where each stands clear of the one before it (the last row is shared)."""
    ends: list[float] = []
    rows = []
    for x in xs:
        row = next((i for i, end in enumerate(ends) if x - end >= MARK_GAP), min(len(ends), MAX_ROWS - 1))
        if row == len(ends):
            ends.append(x)
        ends[row] = x
        rows.append(row)
    return rows


def _labelled(points: list[tuple[float, int]]) -> set[int]:
    """Which points' numbers to write: the worst day's and the last day's first, then the others left to right."""
    if not points:
        return set()
    peak = max(range(len(points)), key=lambda i: (points[i][1], -i))
    chosen: list[int] = []
    for i in [peak, len(points) - 1, *range(len(points))]:
        if i not in chosen and all(abs(points[i][0] - points[j][0]) >= VALUE_GAP for j in chosen):
            chosen.append(i)
    return set(chosen)


def _path(segments: list[tuple[DayPoint, DayPoint]]) -> str:
    return " ".join(f"M{a.x},{a.y} L{b.x},{b.y}" for a, b in segments)


def day_chart(started_at: datetime, readings: Sequence[tuple[datetime, int]], until: datetime, now: datetime,
              zone: tzinfo = UTC, width: int = NARROW, alerts: Sequence[RaisedAlert] = (),
              prescriptions: Sequence[Prescription] = ()) -> DayChart:
    """The episode's days from the one it began to the one of `until` (its last log, or now while it is open)."""
    worst = worst_by_day(readings, zone)
    first_day = started_at.astimezone(zone).date()
    last_day = max([until.astimezone(zone).date(), *worst])
    axis = fitted(datetime.combine(first_day, time(), zone), datetime.combine(last_day + timedelta(days=1), time(), zone),
                            now, MIN_SPAN, LEFT, width - RIGHT)
    span = (started_at, max(until, started_at))
    alert_list = sorted(alerts, key=lambda a: a.marked_at(*span))
    # In the middle of the day the alert's evidence was logged, above that day's point.
    alert_days = [a.marked_at(*span).astimezone(zone).date() for a in alert_list]
    alert_rows = _rows([axis.x(_noon(day, zone)) for day in alert_days])
    top_rows = max(alert_rows, default=-1) + 1
    plot_top = TOP + top_rows * MARK_ROW + VALUE_ROOM
    plot_bottom = plot_top + PLOT_HEIGHT

    def y(pain: float) -> float:
        return round(plot_top + PLOT_HEIGHT * (1 - pain / 10), 1)

    marks = [Mark(axis.x(_noon(day, zone)), TOP + row * MARK_ROW + MARK_ROW / 2, day, alert=a)
             for a, day, row in zip(alert_list, alert_days, alert_rows, strict=True)]
    plan = sorted((p for p in prescriptions if first_day <= p.starts <= last_day), key=lambda p: p.starts)
    plan_rows = _rows([axis.x(_noon(p.starts, zone)) for p in plan])
    plan_marks = [Mark(axis.x(_noon(p.starts, zone)), plot_bottom + 4 + row * MARK_ROW + MARK_ROW / 2, p.starts, prescription=p)
                  for p, row in zip(plan, plan_rows, strict=True)]
    axis_y = plot_bottom + 4 + (max(plan_rows, default=-1) + 1) * MARK_ROW

    placed = [(axis.x(_noon(day, zone)), pain) for day, pain in worst.items()]
    labelled = _labelled(placed)
    points = tuple(DayPoint(x, y(pain), day, (day - first_day).days + 1, pain, i in labelled)
                   for i, ((x, pain), day) in enumerate(zip(placed, worst, strict=True)))
    solid: list[tuple[DayPoint, DayPoint]] = []
    dashed: list[tuple[DayPoint, DayPoint]] = []
    for before, after in itertools.pairwise(points):
        (solid if (after.day - before.day).days == 1 else dashed).append((before, after))
    ticks = episode_day_ticks(axis, first_day, last_day, zone, LABEL_HALF - LEFT)
    return DayChart(
        width, int(axis_y + AXIS_ROOM), LEFT, width - RIGHT, plot_top, plot_bottom, axis_y, points, _path(solid), _path(dashed),
        tuple(marks), tuple(plan_marks), ticks, tuple((y(v), v) for v in (0, 5, 10)), first_day, last_day,
    )


def day_charts(started_at: datetime, readings: Sequence[tuple[datetime, int]], until: datetime, now: datetime, zone: tzinfo = UTC,
               alerts: Sequence[RaisedAlert] = (), prescriptions: Sequence[Prescription] = ()) -> Views[DayChart]:
    """The day-by-day chart at the timeline's three widths."""
    return Views(*(day_chart(started_at, readings, until, now, zone, width, alerts, prescriptions) for width in (WIDE, MEDIUM, NARROW)))
