"""An athlete's history of episodes for the timeline, in a fixed number of queries however long the diary."""
import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, type_coerce
from sqlalchemy.types import NullType

from webapp.core.charts import EarlierCourse
from webapp.core.day_chart import DayChart, Prescription, day_charts
from webapp.core.history_summary import EpisodeContext, HistorySummary, compare_with_earlier, summarise_history
from webapp.core.time_axis import Views
from webapp.core.timeline import MONTHS_SHOWN, HistoryEpisode, RaisedAlert, Timeline, history_timelines
from webapp.infra.extensions import db
from webapp.infra.languages import reader_timezone
from webapp.infra.raw_values import by_raw_id, string_tuple
from webapp.models import Alert, ChecklistProgress, Entry, Episode, User
from webapp.services import care_plans


def all_episodes(user: User) -> list[Episode]:
    """Every episode of the athlete's, oldest first: load once, pass to history_of and contexts_of."""
    return list(db.session.scalars(select(Episode).where(Episode.user_id == user.id).order_by(Episode.started_at)))


def history_of(user: User, now: datetime, months: int = MONTHS_SHOWN, episodes: list[Episode] | None = None) -> list[HistoryEpisode]:
    """The athlete's episodes that touch the last `months` months, with peak pain, alert times and recurrence links."""
    since = now - timedelta(days=round(30.44 * months))
    episodes = [e for e in (all_episodes(user) if episodes is None else episodes) if e.resolved_at is None or e.resolved_at >= since]
    ids = [episode.id for episode in episodes]
    peaks = dict(db.session.execute(
        select(Entry.episode_id, func.max(Entry.pain)).where(Entry.episode_id.in_(ids), Entry.deleted_at.is_(None)).group_by(Entry.episode_id)
    ).all()) if ids else {}
    raised: dict = {}
    recurrence_of: dict = {}
    rows = db.session.execute(
        select(Alert.episode_id, Alert.rule, Alert.raised_at, Alert.status, Alert.severity, Alert.evidence).where(Alert.episode_id.in_(ids))
    ).all() if ids else []
    logged_at = _cited_times([evidence for *_, evidence in rows]) if ids else {}
    for episode_id, rule, raised_at, status, severity, evidence in rows:
        raised.setdefault(episode_id, []).append(RaisedAlert(raised_at, severity, rule, _last_cited(evidence, logged_at)))
        if rule == "recurrent_pain" and status != "resolved":
            recurrence_of[episode_id] = tuple(item["episode_id"] for item in evidence or () if item.get("episode_id"))
    return [
        HistoryEpisode(
            id=str(episode.id), activity=episode.activity, started_at=episode.started_at, resolved_at=episode.resolved_at,
            peak_pain=peaks.get(episode.id), onset=episode.onset, regions=tuple(episode.regions or ()),
            rpe=episode.rpe, load_increase_percent=episode.load_increase_percent,
            alerts=tuple(raised.get(episode.id, ())), recurrence_of=recurrence_of.get(episode.id, ()),
        )
        for episode in episodes
    ]


def _cited_times(evidences: list) -> dict[str, datetime]:
    """When each entry some alert cites was logged (one query for them all)."""
    cited = {entry_id for evidence in evidences for item in evidence or () if (entry_id := _entry_id(item.get("entry_id")))}
    return {str(entry_id): at for entry_id, at in db.session.execute(select(Entry.id, Entry.recorded_at).where(Entry.id.in_(cited))).all()}


def _entry_id(value: object) -> uuid.UUID | None:
    # Evidence is stored JSON: an id that is not one (written by hand, by an old version) marks nothing, rather than failing the page.
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _last_cited(evidence: list | None, logged_at: dict[str, datetime]) -> datetime | None:
    return max((logged_at[item["entry_id"]] for item in evidence or () if item.get("entry_id") in logged_at), default=None)


def contexts_of(user: User, episodes: list[Episode] | None = None) -> list[EpisodeContext]:
    """Every episode of the athlete's with what came before it and what was done for it (three queries)."""
    episodes = all_episodes(user) if episodes is None else episodes
    treatments: dict = {episode.id: set() for episode in episodes}
    by_key = by_raw_id(treatments)
    # Raw column values (webapp.infra.raw_values): a long diary repeats the same few lists of treatments.
    row: Any
    for row in db.session.execute(
        select(type_coerce(Entry.episode_id, NullType()), type_coerce(Entry.treatments, NullType()))
        .where(Entry.user_id == user.id, Entry.deleted_at.is_(None))
    ).all():
        by_key[row[0]].update(string_tuple(row[1]))
    ticked: dict = {}
    for episode_id, due, done in db.session.execute(
        select(ChecklistProgress.episode_id, ChecklistProgress.due, ChecklistProgress.done).where(ChecklistProgress.user_id == user.id)
    ).all():
        counts = ticked.setdefault(episode_id, [0, 0])
        counts[0] += len(set(due or ()))
        counts[1] += len(set(due or ()) & set(done or ()))
    return [
        EpisodeContext(
            activity=episode.activity, started_at=episode.started_at, resolved_at=episode.resolved_at,
            load_increase_percent=episode.load_increase_percent, rpe=episode.rpe, new_exercise=episode.new_exercise,
            treatments=tuple(sorted(treatments.get(episode.id, ()))),
            items_due=ticked.get(episode.id, [0, 0])[0], items_done=ticked.get(episode.id, [0, 0])[1],
        )
        for episode in episodes
    ]


def earlier_of_same_region(episode: Episode, limit: int = 3) -> list[tuple[Episode, tuple[tuple[datetime, int], ...]]]:
    """The athlete's last closed episodes before this one that share a region, with their (time, pain) readings."""
    candidates = db.session.scalars(
        select(Episode).where(Episode.user_id == episode.user_id, Episode.started_at < episode.started_at, Episode.resolved_at.is_not(None))
        .order_by(Episode.started_at.desc()).limit(50)
    )
    regions = set(episode.regions or ())
    chosen = [e for e in candidates if not regions or not e.regions or regions & set(e.regions)][:limit]
    readings: dict = {}
    if chosen:
        for episode_id, at, pain in db.session.execute(
            select(Entry.episode_id, Entry.recorded_at, Entry.pain)
            .where(Entry.episode_id.in_([e.id for e in chosen]), Entry.deleted_at.is_(None)).order_by(Entry.recorded_at)
        ).all():
            readings.setdefault(episode_id, []).append((at, pain))
    return [(e, tuple(readings.get(e.id, ()))) for e in chosen]


def _zone(user: User) -> ZoneInfo:
    """The reader's zone, as the pages say times; the athlete's own where nobody is signed in."""
    return ZoneInfo(reader_timezone() or user.timezone or "UTC")


def overview(user: User, now: datetime, episodes: list[Episode] | None = None) -> tuple[Views[Timeline], HistorySummary]:
    """The timeline and the what-came-before summary every history view opens with (episodes: all, oldest first)."""
    episodes = all_episodes(user) if episodes is None else episodes
    return history_timelines(history_of(user, now, episodes=episodes), now, _zone(user)), summarise_history(contexts_of(user, episodes))


def day_by_day(user: User, episode: Episode, now: datetime) -> Views[DayChart]:
    """The timeline zoomed into one episode: its worst pain each day, its alerts by severity, the days prescriptions began.

    A care plan item begins on its first day (day 1: the day the episode began), or on the day it was prescribed
    when that came later: a plan is not followed on days already gone.
    """
    zone = _zone(user)
    readings = [(at, pain) for at, pain in db.session.execute(
        select(Entry.recorded_at, Entry.pain).where(Entry.episode_id == episode.id, Entry.deleted_at.is_(None))
    ).all()]
    rows = db.session.execute(select(Alert.raised_at, Alert.severity, Alert.rule, Alert.evidence).where(Alert.episode_id == episode.id)).all()
    logged_at = _cited_times([evidence for *_, evidence in rows])
    raised = [RaisedAlert(at, severity, rule, _last_cited(evidence, logged_at)) for at, severity, rule, evidence in rows]
    first_day = episode.started_at.astimezone(zone).date()
    prescribed = [Prescription(max(first_day + timedelta(days=(record.from_day or 1) - 1), record.created_at.astimezone(zone).date()),
                               care_plans.describe(care_plans.plan_item(record))) for record in care_plans.items_of(episode.id)]
    return day_charts(episode.started_at, readings, episode.resolved_at or now, now, zone, raised, prescribed)


def compared_with_earlier(episode: Episode, now: datetime) -> tuple[list[EarlierCourse], str | None]:
    """The earlier courses of the same region to draw behind the episode's chart, and the sentence comparing lengths."""
    earlier = earlier_of_same_region(episode)
    sentence = compare_with_earlier(episode.started_at, episode.resolved_at, now, [(e.started_at, e.resolved_at) for e, _ in earlier])
    return [EarlierCourse(e.started_at, readings) for e, readings in earlier], sentence


def episodes_in(episodes: list[Episode], starts: datetime | None, ends: datetime | None) -> list[Episode]:
    """The episodes that touch a period (either end open)."""
    return [e for e in episodes if (ends is None or e.started_at < ends) and (starts is None or e.resolved_at is None or e.resolved_at >= starts)]
