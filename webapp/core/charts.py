"""Pain-over-time chart geometry for inline SVG, drawn on the server.

Pure: plain data and times in, coordinates out. The expected course of normal
soreness is shaded: onset 12-24 h, peak 24-48 h, gone by about 72 h (003:3).
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from webapp.core.wording import N_, Said

WIDTH, HEIGHT = 340, 200
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 10, 40
MIN_HOURS = 96


@dataclass(frozen=True)
class ChartEntry:
    recorded_at: datetime
    pain: int
    red_flags: tuple[str, ...] = ()
    treatments: tuple[str, ...] = ()
    alerts: tuple[str, ...] = ()  # the alert rules that cite this entry as evidence


@dataclass(frozen=True)
class EarlierCourse:
    started_at: datetime
    readings: tuple[tuple[datetime, int], ...]


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    pain: int
    hours: float
    red_flag: bool
    treatments: tuple[str, ...]
    alerts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Band:
    x: float
    width: float
    label: str
    kind: str


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class PainChart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    points: tuple[Point, ...]
    line: str
    bands: tuple[Band, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    soreness_end_x: float
    # Earlier episodes of the same region, drawn faint behind this one on the same hours-since-training axis.
    earlier_lines: tuple[str, ...] = ()


def pain_chart(started_at: datetime, entries: list[ChartEntry], earlier: Sequence[EarlierCourse] = ()) -> PainChart:
    """Lay out pain (0-10) against hours since the episode started, earlier episodes' courses faint behind it."""
    hours = [(entry.recorded_at - started_at).total_seconds() / 3600 for entry in entries]
    span = max([MIN_HOURS, *[h + 12 for h in hours]])
    span = 24 * -(-span // 24)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(h: float) -> float:
        return round(LEFT + plot_w * max(0.0, h) / span, 1)

    def y(pain: float) -> float:
        return round(TOP + plot_h * (1 - pain / 10), 1)

    points = tuple(
        Point(x(h), y(entry.pain), entry.pain, round(h, 1), bool(entry.red_flags), tuple(entry.treatments), tuple(entry.alerts))
        for h, entry in sorted(zip(hours, entries, strict=True), key=lambda pair: pair[0])
    )
    line = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
    earlier_lines = []
    for course in earlier:
        # Only as far as this episode's axis goes: the comparison is of the same days since training.
        shown = sorted((h, pain) for at, pain in course.readings if 0 <= (h := (at - course.started_at).total_seconds() / 3600) <= span)
        if len(shown) > 1:
            earlier_lines.append(" ".join(f"{'M' if i == 0 else 'L'}{x(h)},{y(pain)}" for i, (h, pain) in enumerate(shown)))
    bands = (
        Band(x(12), x(72) - x(12), N_("Normal soreness comes 12-24 h after training and fades by about 72 h"), "soreness"),
        Band(x(24), x(48) - x(24), N_("Normal soreness peaks 24-48 h after training"), "peak"),
    )
    day_step = 24 if span <= 240 else 24 * 7
    x_ticks = tuple(Tick(x(h), Said("Day %(day)s", day=h // 24 + 1) if day_step == 24 else Said("Week %(week)s", week=h // 168 + 1))
                    for h in range(0, int(span), day_step))
    y_ticks = tuple(Tick(y(v), str(v)) for v in (0, 2, 4, 6, 8, 10))
    return PainChart(
        WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM,
        points, line, bands, x_ticks, y_ticks, x(72), tuple(earlier_lines),
    )


@dataclass(frozen=True)
class Sparkline:
    lines: tuple[str, ...]  # polyline point lists, one per run of consecutive logged days
    bridges: tuple[str, ...]  # from one run to the next across the days without a log, drawn dashed
    dots: tuple[tuple[float, float], ...]  # every logged day, so that a day logged alone shows too


def sparkline(values: list[int | None], width: int = 120, height: int = 30) -> Sparkline:
    """Lay out daily pain (0-10): solid over consecutive logged days, dashed across days without a log, a dot a day."""
    step = width / (len(values) - 1) if len(values) > 1 else 0
    runs: list[list[tuple[float, float]]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((round(i * step, 1), round(height - 2 - (height - 4) * value / 10, 1)))
    runs = [run for run in runs if run]
    return Sparkline(
        lines=tuple(" ".join(f"{x},{y}" for x, y in run) for run in runs if len(run) > 1),
        bridges=tuple(f"{a[-1][0]},{a[-1][1]} {b[0][0]},{b[0][1]}" for a, b in zip(runs, runs[1:], strict=False)),
        dots=tuple(point for run in runs for point in run),
    )
