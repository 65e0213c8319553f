"""The printable PDF report of a patient's diary, in the reader's language (ReportLab; user text escaped)."""
import functools
import io
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from sqlalchemy import select, type_coerce
from sqlalchemy.types import NullType

from webapp.core import codes
from webapp.core.charts import ChartEntry, pain_chart
from webapp.core.clinician_words import CLINICIAN_WORDS
from webapp.core.time_axis import Views
from webapp.core.timeline import Timeline, in_pieces
from webapp.infra.extensions import db
from webapp.infra.languages import format_day, format_full_day, format_month, format_number, translate, translate_reworded
from webapp.infra.raw_values import by_raw_id, utc
from webapp.infra.times import day_bounds, utcnow
from webapp.models import Alert, ClinicianNote, Entry, User
from webapp.services import care_plan_exports, history, pdf_parts
from webapp.services.checklist_progress import adherence_by_episode
from webapp.services.export_words import readable_time
from webapp.services.pdf_parts import headed, kept_with_heading

# A drawing cannot break across pages, and each overlapping episode takes a lane of its own: the timeline is drawn
# in pieces of this many lanes (about 340 pt), two to an A4 or Letter page, however many episodes overlap.
TIMELINE_LANES_PER_PIECE = 12
# ReportLab's built-in Helvetica has Latin-1 glyphs only: any other name or text (Łukasz, Иван) printed as boxes.
# DejaVu Sans, bundled with its licence, covers Latin, Greek and Cyrillic; CJK still prints as boxes, without failing.
FONTS = Path(__file__).resolve().parent.parent / "fonts"
# Each page and each drawing starts by setting Helvetica too unless given an initialFontName, which lists it in the PDF.
FONT, BOLD, ITALIC, BOLD_ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"
IN_PLACE_OF = {"Helvetica": FONT, "Helvetica-Bold": BOLD, "Helvetica-Oblique": ITALIC, "Helvetica-BoldOblique": BOLD_ITALIC}


def pdf_report(patient: User, generated_for: str, since: date | None = None, until: date | None = None, paper: str = "a4",
               notes: Sequence[ClinicianNote] = (), clinical: bool = False) -> bytes:
    """A one-minute read: who, which period, the pain chart, episodes, alerts and checklist adherence.

    since/until: whole days; the episodes that touch them and the alerts of those episodes that are open or were
    raised in the period (the whole diary when not given). paper: "a4" or "letter". notes: the clinical notes to
    include (a physiotherapist's copy; those of the period are printed). clinical: the reader is a physiotherapist,
    who reads the athlete's sentences said about the patient (webapp.core.clinician_words). Times are the patient's.
    """
    from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_fonts()
    zone = patient.timezone or "UTC"
    # Whole days in the patient's own time zone.
    starts, ends = day_bounds(since, until, zone)
    now = utcnow()
    every_episode = history.all_episodes(patient)
    episodes = history.episodes_in(every_episode, starts, ends)
    # Only what the report draws, grouped once: time and pain of each live entry.
    readings: dict[uuid.UUID, list[tuple[datetime, int]]] = {episode.id: [] for episode in episodes}
    by_key = by_raw_id(readings)
    row: Any
    for row in db.session.execute(
        select(type_coerce(Entry.episode_id, NullType()), type_coerce(Entry.recorded_at, NullType()), Entry.pain)
        .where(Entry.user_id == patient.id, Entry.deleted_at.is_(None)).order_by(Entry.recorded_at, Entry.created_at)
    ):
        if row[0] in by_key:  # an episode outside the period is not drawn
            by_key[row[0]].append((utc(row[1]), row[2]))
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        if getattr(style, "fontName", None) in IN_PLACE_OF:
            style.fontName = IN_PLACE_OF[style.fontName]

    def fitted(rows: list[list], widths: Sequence[float]) -> Any:
        return _table(pdf_parts.fit(rows, widths, simpleSplit, FONT), Table, TableStyle, colors, widths)

    story = []
    first = min((e.started_at for e in episodes), default=None)
    last_day = format_full_day(until if until else now)
    if since:
        period = _("%(first)s to %(last)s", first=format_full_day(since), last=last_day)
    elif until:
        period = _("up to %(last)s", last=last_day)
    else:
        period = _("%(first)s to %(last)s", first=format_full_day(first), last=last_day) if first else _("no entries yet")
    story += [
        Paragraph(escape(_("BackOnTrack report: %(name)s", name=patient.name)), styles["Title"]),
        Paragraph(escape(_("Period: %(period)s. Generated %(when)s for %(whom)s. Times in the athlete's time zone, %(zone)s.", period=period,
                           when=readable_time(now, zone), whom=translate(generated_for), zone=zone)), styles["Normal"]),
        Paragraph(escape(_("General information from the athlete's own diary, not a diagnosis.")), styles["Italic"]),
        Spacer(1, 4 * mm),
    ]
    said = (lambda text: translate_reworded(text, CLINICIAN_WORDS)) if clinical else translate
    alerts = [alert for alert in db.session.scalars(select(Alert).where(Alert.user_id == patient.id).order_by(Alert.raised_at))
              if alert.episode_id in readings and (starts is None or alert.status == "open" or alert.raised_at >= starts)]
    chosen = pdf_parts.charted(episodes, alerts)
    if chosen:
        charted, reason = chosen
        chart = pain_chart(charted.started_at, [ChartEntry(at, pain) for at, pain in readings[charted.id]])
        drawing = Drawing(chart.width, chart.height, initialFontName=FONT)
        for band in chart.bands:
            drawing.add(Rect(band.x, chart.height - chart.plot_bottom, band.width, chart.plot_bottom - chart.plot_top,
                             fillColor=colors.HexColor("#d5ebe3"), strokeColor=None))
        drawing.add(Line(chart.plot_left, chart.height - chart.plot_bottom, chart.plot_right, chart.height - chart.plot_bottom))
        for tick in chart.y_ticks:
            drawing.add(String(chart.plot_left - 12, chart.height - tick.at - 3, tick.label, fontName=FONT, fontSize=7))
        for tick in chart.x_ticks:
            drawing.add(String(tick.at, chart.height - chart.plot_bottom - 12, translate(tick.label), fontName=FONT, fontSize=7))
        points = [(p.x, chart.height - p.y) for p in chart.points]
        if len(points) > 1:
            drawing.add(PolyLine([c for point in points for c in point], strokeWidth=1.5))
        for x, y in points:
            drawing.add(Rect(x - 2, y - 2, 4, 4, fillColor=colors.black))
        comparison = history.compared_with_earlier(charted, now)[1]
        story.append(headed(
            Paragraph(escape(_("Pain over time: %(activity)s", activity=charted.activity)), styles["Heading3"]),
            Paragraph(escape(pdf_parts.chart_note(charted, reason, episodes[-1], zone)), styles["BodyText"]), drawing,
            *([Paragraph(escape(said(comparison)), styles["BodyText"])] if comparison else []), splits=False))
    timeline, summary = history.overview(patient, now, every_episode)
    story += kept_with_heading(_timeline_drawing(timeline, styles, Drawing, Rect, Line, String, Paragraph, colors))
    if summary.episodes:
        durations = [[_("Quarter begun"), _("Median days to the end"), _("Episodes")]] + [
            [d.quarter, format_number(d.median_days), d.episodes] for d in summary.durations]
        story.append(headed(
            Paragraph(escape(_("What came before, and how it went (counts from the diary, not a diagnosis)")), styles["Heading3"]),
            *(Paragraph(escape("• " + said(line)), styles["BodyText"]) for line in summary.observations),
            *([_table(durations, Table, TableStyle, colors)] if summary.durations else [])))
    rows: list[list] = [[_("Started"), _("Activity"), _("Onset"), _("Entries"), _("Pain first / peak / last"), _("Status")]]
    for episode in episodes:
        pains = [pain for _, pain in readings[episode.id]]
        rows.append([
            pdf_parts.two_lines(episode.started_at, zone), episode.activity[:80], translate(codes.ONSETS[episode.onset]), len(pains),
            f"{pains[0]} / {max(pains)} / {pains[-1]}" if pains else "-",
            _("closed") if episode.resolved_at else _("open"),
        ])
    story.append(headed(Paragraph(escape(_("Episodes")), styles["Heading3"]), fitted(rows, pdf_parts.EPISODE_WIDTHS)))
    alerts_part = (fitted(pdf_parts.alert_rows(alerts, episodes, zone, clinical), pdf_parts.ALERT_WIDTHS) if alerts
                   else Paragraph(escape(_("No alerts for these episodes.")), styles["BodyText"]))
    story.append(headed(Paragraph(escape(_("Alerts")), styles["Heading3"]), alerts_part))
    adherence = pdf_parts.adherence_rows(episodes, adherence_by_episode([episode.id for episode in episodes]), zone, now)
    story.append(headed(Paragraph(escape(_("Checklist adherence")), styles["Heading3"]), fitted(adherence, pdf_parts.ADHERENCE_WIDTHS) if adherence else
                        Paragraph(escape(_("No checklist adherence was recorded: the athlete ticked no checklist item on these episodes' days.")),
                                  styles["BodyText"])))
    plan_rows = care_plan_exports.pdf_rows(patient, episodes)
    if plan_rows:
        story.append(headed(Paragraph(escape(_("Care plan from the physiotherapist: done on days due, pain during")), styles["Heading3"]),
                            fitted([[_("Episode"), _("Change"), _("Done / due"), _("Pain during")], *plan_rows], pdf_parts.PLAN_WIDTHS)))
    in_period = [n for n in notes if (starts is None or n.created_at >= starts) and (ends is None or n.created_at < ends)]
    if in_period:
        story.append(headed(Paragraph(escape(_("Clinical notes")), styles["Heading3"]), *(
            Paragraph(f"<b>{escape(readable_time(n.created_at, zone))}</b>{' · ' + escape(n.physio.name) if n.physio else ''}: {escape(n.text)}",
                      styles["BodyText"]) for n in in_period)))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER if paper == "letter" else A4, title=_("BackOnTrack report: %(name)s", name=patient.name), author="BackOnTrack",
                      initialFontName=FONT, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm).build(story)
    return buffer.getvalue()


def _timeline_drawing(timeline: Views[Timeline], styles: Any, Drawing: Any, Rect: Any, Line: Any, String: Any, Paragraph: Any,
                      colors: Any) -> list:
    """The history timeline as ReportLab drawings (the pages draw the same geometry as SVG), in pieces that fit a page."""
    if not timeline.medium.bars:
        return []
    title = _("Episodes over time, %(first)s to %(last)s: each episode from start to end, shaded by worst pain (grey none, green mild, "
              "amber moderate, red severe); alerts ▼ urgent, ◆ warning, ● advice",
              first=format_full_day(timeline.medium.starts), last=format_full_day(timeline.medium.ends))
    return [Paragraph(escape(title), styles["Heading3"]),
            *(_timeline_piece(piece, Drawing, Rect, Line, String, colors) for piece in in_pieces(timeline.medium, TIMELINE_LANES_PER_PIECE))]


def _timeline_piece(timeline: Timeline, Drawing: Any, Rect: Any, Line: Any, String: Any, colors: Any) -> Any:
    from reportlab.graphics.shapes import Circle, Polygon

    shades = {"none": "#e4e8e6", "mild": "#a8d5aa", "moderate": "#f0b65a", "severe": "#d9534f"}
    marks = {"urgent": "#a61b1b", "warning": "#8a5a00", "advice": "#1a56db"}
    drawing = Drawing(timeline.width, timeline.height, initialFontName=FONT)
    flip = timeline.height
    for tick in timeline.ticks:
        drawing.add(Line(tick.x, flip, tick.x, flip - timeline.axis_y, strokeColor=colors.HexColor("#e4e8e6")))
        label = format_month(tick.day) if tick.unit == "month" else format_day(tick.day)
        drawing.add(String(tick.x, flip - timeline.axis_y - 14, label, fontName=FONT, fontSize=11, textAnchor="middle"))
    drawing.add(Line(timeline.plot_left, flip - timeline.axis_y, timeline.plot_right, flip - timeline.axis_y))
    for bar in timeline.bars:
        drawing.add(Rect(bar.x, flip - bar.y - bar.height, bar.width, bar.height, fillColor=colors.HexColor(shades[bar.shade]),
                         strokeColor=colors.black, strokeWidth=0.5, strokeDashArray=[2, 1] if bar.ongoing else None))
        for mark in bar.alert_marks:
            x, y, fill = mark.x, flip - bar.y + 1, colors.HexColor(marks[mark.alert.severity])
            # The shape says the severity as the pages do, for a copy printed without colour.
            if mark.alert.severity == "urgent":
                drawing.add(Polygon([x, y - 5, x - 6, y + 5, x + 6, y + 5], fillColor=fill, strokeColor=colors.white, strokeWidth=0.5))
            elif mark.alert.severity == "warning":
                drawing.add(Polygon([x, y + 5, x + 5, y, x, y - 5, x - 5, y], fillColor=fill, strokeColor=colors.white, strokeWidth=0.5))
            else:
                drawing.add(Circle(x, y, 4, fillColor=fill, strokeColor=colors.white, strokeWidth=0.5))
    for link in timeline.links:
        drawing.add(Line(link.x1, flip - link.y1, link.x2, flip - link.y2, strokeColor=colors.HexColor("#b42318"), strokeDashArray=[3, 2]))
    # Laid out for a middling screen (560 units): nine tenths of that fits the A4 and the Letter text width, its labels 10 pt.
    scale = 0.9
    drawing.scale(scale, scale)
    drawing.width, drawing.height = timeline.width * scale, timeline.height * scale
    return drawing


@functools.cache
def _register_fonts() -> None:
    """Once per process: reading the four TrueType files takes longer than a small report."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in (FONT, BOLD, ITALIC, BOLD_ITALIC):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{name}.ttf")))
    # ReportLab makes each TrueType font a family of its own: <b> in a Paragraph (a clinical note's date) printed regular.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)


@functools.cache
def _kept_left(Table: Any) -> Any:
    """Table, its pieces kept to the left too: ReportLab (5.1) builds the pieces of a split row without hAlign, centred."""

    class LeftTable(Table):
        def onSplit(self, T: Any, byRow: int = 1) -> None:
            T.hAlign = self.hAlign

    return LeftTable


def _table(rows: list[list], Table: Any, TableStyle: Any, colors: Any, widths: Sequence[float] | None = None) -> Any:
    # A row may be taller than a page (a recurrence alert cites every earlier episode): it goes on over the next.
    table = _kept_left(Table)(rows, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3f1ec")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table
