"""The PDF report's parts a clinician reads first: which episode is charted and why, the alerts and the adherence
tables, and each heading kept on the page of what it heads (ReportLab is imported where it is drawn, as in pdf_report)."""
import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from webapp.core import codes
from webapp.core.wording import N_, Said
from webapp.infra.languages import translate
from webapp.models import Alert, ChecklistProgress, Episode
from webapp.services.export_words import clock, local_day, readable_time
from webapp.services.plan_days import day_range

SEVERITY_WORDS = {"urgent": N_("urgent"), "warning": N_("warning"), "advice": N_("advice")}
STATUS_WORDS = {"open": N_("open"), "acknowledged": N_("acknowledged"), "resolved": N_("resolved")}
# Why the chart shows the episode it does: the most serious one still open, else the latest.
CHART_REASONS = {
    "urgent": N_("Charted because it has an urgent alert not yet resolved."),
    "warning": N_("Charted because it has a warning not yet resolved."),
    "latest": N_("The latest episode of the period."),
}
# Less room than this left on a page: a heading and a table that would split start on the next page together (the
# heading, the table's header row and at least its first row or two fit in it).
LEAST_TO_SPLIT = 120  # points


def charted(episodes: Sequence[Episode], alerts: Sequence[Alert]) -> tuple[Episode, str] | None:
    """The episode to chart: one with an urgent alert not yet resolved, else a warning, else the latest (each the latest
    begun of its kind). An acknowledged alert still counts: acknowledging is not resolving."""
    unresolved = {(alert.episode_id, alert.severity) for alert in alerts if alert.status != "resolved"}
    for severity in ("urgent", "warning"):
        flagged = [episode for episode in episodes if (episode.id, severity) in unresolved]
        if flagged:
            return flagged[-1], severity
    return (episodes[-1], "latest") if episodes else None


def chart_note(episode: Episode, reason: str, latest: Episode, zone: str | None) -> str:
    """What the chart shows and why, the latest episode named when it is another."""
    said = [translate(Said("Day by day from the training on %(began)s.", began=readable_time(episode.started_at, zone))),
            translate(CHART_REASONS[reason])]
    if latest.id != episode.id:
        said.append(translate(Said("The latest episode, %(activity)s (begun %(began)s), is in the Episodes table.",
                                   activity=latest.activity, began=local_day(latest.started_at, zone))))
    said.append(translate(N_("Shaded: the normal soreness window.")))
    return " ".join(said)


def two_lines(moment: datetime, zone: str | None) -> str:
    """A time for a narrow table column: the day, then the hour and the offset."""
    return f"{local_day(moment, zone)}\n{clock(moment, zone)}"


# Each table's columns in points, their sum the A4 text width (the Letter one is wider); a cell is wrapped to its column.
ALERT_WIDTHS = (74, 70, 66, 104, 196)
EPISODE_WIDTHS = (74, 150, 96, 52, 80, 58)
PLAN_WIDTHS = (110, 250, 70, 80)
ADHERENCE_WIDTHS = (250, 130, 130)
PADDING = 12  # a cell's left and right padding together (ReportLab's default, 6 each)


def fit(rows: list[list], widths: Sequence[float], wrap: Any, font: str) -> list[list]:
    """Each text cell broken into lines that fit its column (a header, a long activity, Spanish words).

    wrap: ReportLab's simpleSplit; by line, not as Paragraphs: a long diary has hundreds of alerts.
    """
    def lines(cell: object, width: float) -> object:
        if not isinstance(cell, str):
            return cell
        return "\n".join(line for part in cell.split("\n") for line in (wrap(part, font, 8, width - PADDING) or [""]))

    return [[lines(cell, width) for cell, width in zip(row, widths, strict=True)] for row in rows]


def alert_rows(alerts: Sequence[Alert], episodes: Sequence[Episode], zone: str | None, clinical: bool) -> list[list]:
    """The alerts table (ALERT_WIDTHS): raised (local time), episode, severity above status, the rule by name, and the
    evidence in the reader's words."""
    activity = {episode.id: episode.activity for episode in episodes}
    rows = [[translate(N_("Raised")), translate(N_("Episode")), translate(N_("Severity")) + "\n" + translate(N_("Status")), translate(N_("Alert")),
             translate(N_("Evidence"))]]
    for alert in alerts:
        rows.append([two_lines(alert.raised_at, zone), activity.get(alert.episode_id, ""),
                     f"{translate(SEVERITY_WORDS[alert.severity])}\n{translate(STATUS_WORDS[alert.status])}",
                     translate(codes.RULE_NAMES.get(alert.rule, N_("Other alert"))), "; ".join(item["text"] for item in alert.evidence_said(clinical))])
    return rows


def adherence_rows(episodes: Sequence[Episode], days_of: dict, zone: str | None, now: datetime) -> list[list] | None:
    """Per episode: on how many of its days with a plan the athlete ticked, and the items done of those due on them.
    None when nobody ticked on any day of these episodes (the report says so in a sentence)."""
    if not any(days_of[episode.id] for episode in episodes):
        return None
    rows = [[translate(N_("Episode")), translate(N_("Days ticked / days with a plan")), translate(N_("Items done / due on the days ticked"))]]
    for episode in episodes:
        ticked: list[ChecklistProgress] = days_of[episode.id]
        first, last = day_range(episode, zone, now)
        due = sum(len(day.due or ()) for day in ticked)
        done = sum(len(set(day.due or ()) & set(day.done or ())) for day in ticked)
        rows.append([f"{episode.activity[:80]}\n{local_day(episode.started_at, zone)}", f"{len(ticked)} / {(last - first).days + 1}",
                     f"{done} / {due}"])
    return rows


@functools.cache
def _headed_class() -> Any:
    from reportlab.platypus import KeepTogether

    class Headed(KeepTogether):
        """A heading and what it heads, on one page: moved on together when they do not fit. A long table may still
        split where enough of the page is left (LEAST_TO_SPLIT) for the heading to have rows under it."""

        def __init__(self, flowables: list, splits: bool) -> None:
            super().__init__(flowables)
            self._splits = splits

        def split(self, aW: float, aH: float) -> list:
            if getattr(self, "_wrapInfo", None) != (aW, aH):
                self.wrap(aW, aH)
            if self._splits and self._H > aH >= LEAST_TO_SPLIT:
                return list(self._content)
            return super().split(aW, aH)

    return Headed


def headed(heading: Any, *content: Any, splits: bool = True) -> Any:
    """splits: the content may go on over the next page (tables, paragraphs); a drawing never does."""
    return _headed_class()([heading, *content], splits)


def kept_with_heading(parts: list) -> list:
    """A section built elsewhere (a heading, then paragraphs and drawings): its heading kept with its first drawing."""
    first = next((i for i, part in enumerate(parts) if i and not hasattr(part, "getPlainText")), len(parts) - 1)
    return [headed(*parts[:first + 1], splits=False), *parts[first + 1:]] if parts else []
