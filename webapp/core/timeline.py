"""The history timeline: the episodes of the last months on one calendar axis, drawn as inline SVG on the server.

Pure: plain episode facts and a clock in, coordinates out. Each episode is a bar
from its start to its resolution (or to now, if it is still open), shaded by its
peak pain, with a mark by severity where each alert was raised. Episodes that overlap in time
go in separate lanes. A recurrence (the rule's own link: the earlier episodes a
recurrent_pain alert cites) is drawn as a line from the earlier bar to the later.
The axis is fitted to the episodes shown (webapp.core.time_axis), and laid out at three
widths, for wide and middling containers and for a phone's, each with text of about the same size on the screen.
"""
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo

from webapp.core.codes import pain_word
from webapp.core.time_axis import LABEL_HALF, MEDIUM, NARROW, WIDE, TimeTick, Views, calendar_ticks, fitted

WIDTH = NARROW
LEFT, RIGHT, TOP, AXIS = 8, 8, 8, 24
LANE, BAR, MIN_BAR = 26, 16, 4
MONTHS_SHOWN = 12
MIN_SPAN = timedelta(days=14)


@dataclass(frozen=True)
class RaisedAlert:
    at: datetime  # when it was raised
    severity: str  # urgent, warning, advice
    rule: str
    # When the last entry it cites was logged as recorded: a diary synced late raises its alerts later than the pain.
    evidence_at: datetime | None = None

    def marked_at(self, starts: datetime, ends: datetime) -> datetime:
        """Where it is marked: at its evidence, inside the episode it belongs to (a sweep raises some after it ended)."""
        return min(max(self.evidence_at or self.at, starts), ends)


@dataclass(frozen=True)
class HistoryEpisode:
    id: str
    activity: str
    started_at: datetime
    resolved_at: datetime | None
    peak_pain: int | None
    onset: str = ""
    regions: tuple[str, ...] = ()
    # The training context logged with it.
    rpe: int | None = None
    load_increase_percent: int | None = None
    alerts: tuple[RaisedAlert, ...] = ()
    # Earlier episodes this one is a recurrence of (ids), as the recurrence alert's evidence names them.
    recurrence_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class AlertMark:
    x: float
    alert: RaisedAlert


@dataclass(frozen=True)
class TimelineBar:
    episode: HistoryEpisode
    x: float
    width: float
    y: float
    height: float
    shade: str  # none, mild, moderate, severe: the peak pain's word, as the pain badges use
    ongoing: bool
    alert_marks: tuple[AlertMark, ...]


@dataclass(frozen=True)
class TimelineLink:
    earlier_id: str
    later_id: str
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    plot_left: float
    plot_right: float
    axis_y: float
    bars: tuple[TimelineBar, ...]
    links: tuple[TimelineLink, ...]
    ticks: tuple[TimeTick, ...]
    starts: datetime  # the first episode's start and the last one's end (or now): the axis runs a little wider
    ends: datetime


def _lanes(episodes: list[HistoryEpisode], now: datetime) -> dict[str, int]:
    """Give each episode the lowest lane free at its start: overlapping episodes never share one."""
    lane_ends: list[datetime] = []
    lanes = {}
    for episode in sorted(episodes, key=lambda e: (e.started_at, e.id)):
        end = episode.resolved_at or now
        lane = next((i for i, busy_until in enumerate(lane_ends) if busy_until < episode.started_at), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        lanes[episode.id] = lane
    return lanes


def history_timeline(episodes: list[HistoryEpisode], now: datetime, months: int = MONTHS_SHOWN, width: int = WIDTH,
                     zone: tzinfo = UTC) -> Timeline:
    """Lay out the episodes that touch the last `months` months on an axis fitted to them, `width` units wide."""
    since = now - timedelta(days=round(30.44 * months))
    shown = [e for e in episodes if (e.resolved_at or now) >= since and e.started_at <= now]
    first = max(since, min((e.started_at for e in shown), default=now - MIN_SPAN))
    last = max((e.resolved_at or now for e in shown), default=now)
    axis = fitted(first, last, now, MIN_SPAN, LEFT, width - RIGHT)
    plot_right = width - RIGHT

    lanes = _lanes(shown, now)
    lane_count = max(lanes.values(), default=-1) + 1
    bars = []
    for episode in sorted(shown, key=lambda e: (e.started_at, e.id)):
        left, right = axis.x(episode.started_at), axis.x(episode.resolved_at or now)
        bar_width = max(MIN_BAR, right - left)
        left = min(left, plot_right - bar_width)
        top = TOP + lanes[episode.id] * LANE + (LANE - BAR) / 2
        bars.append(TimelineBar(
            episode, left, round(bar_width, 1), top, BAR, pain_word(episode.peak_pain) or "none", episode.resolved_at is None,
            tuple(AlertMark(axis.x(alert.marked_at(episode.started_at, episode.resolved_at or now)), alert)
                  for alert in sorted(episode.alerts, key=lambda a: a.marked_at(episode.started_at, episode.resolved_at or now))),
        ))
    by_id = {bar.episode.id: bar for bar in bars}
    links = tuple(
        TimelineLink(earlier, bar.episode.id, round(by_id[earlier].x + by_id[earlier].width, 1), by_id[earlier].y + BAR / 2,
                     bar.x, bar.y + BAR / 2)
        for bar in bars for earlier in bar.episode.recurrence_of if earlier in by_id
    )
    axis_y = TOP + max(lane_count, 1) * LANE
    return Timeline(width, int(axis_y + AXIS), LEFT, plot_right, axis_y, tuple(bars), links,
                    calendar_ticks(axis, zone, LABEL_HALF - LEFT), first, last)


def history_timelines(episodes: list[HistoryEpisode], now: datetime, zone: tzinfo = UTC) -> Views[Timeline]:
    return Views(*(history_timeline(episodes, now, width=width, zone=zone) for width in (WIDE, MEDIUM, NARROW)))


def _lane_of(bar: TimelineBar) -> int:
    return int((bar.y - TOP) // LANE)


def _lanes_from(timeline: Timeline, first: int, count: int) -> Timeline:
    """Lanes first .. first + count - 1 of the timeline, moved to the top, with an axis of their own."""
    shift = first * LANE
    bars = tuple(replace(bar, y=bar.y - shift) for bar in timeline.bars if first <= _lane_of(bar) < first + count)
    kept = {bar.episode.id for bar in bars}
    links = tuple(replace(link, y1=link.y1 - shift, y2=link.y2 - shift)
                  for link in timeline.links if link.earlier_id in kept and link.later_id in kept)
    axis_y = TOP + count * LANE
    return replace(timeline, height=int(axis_y + AXIS), axis_y=axis_y, bars=bars, links=links)


def in_pieces(timeline: Timeline, lanes: int) -> tuple[Timeline, ...]:
    """The timeline cut into pieces of at most `lanes` lanes, each with its own axis: a page that cannot hold many
    overlapping episodes at once holds a piece. A recurrence line is drawn where both its episodes share a piece."""
    lane_count = max((_lane_of(bar) for bar in timeline.bars), default=-1) + 1
    return tuple(_lanes_from(timeline, first, min(lanes, lane_count - first)) for first in range(0, lane_count, lanes))
