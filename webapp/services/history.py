"""An athlete's history of episodes for the timeline, in a fixed number of queries however long the diary."""
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.types import NullType

from webapp.core.charts import EarlierCourse
from webapp.core.history_summary import EpisodeContext, HistorySummary, compare_with_earlier, summarise_history
from webapp.core.timeline import MONTHS_SHOWN, HistoryEpisode, Timeline, history_timeline
from webapp.infra.extensions import db
from webapp.infra.raw_values import by_raw_id, string_tuple
from webapp.models import Alert, ChecklistProgress, Entry, Episode, User


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
    for episode_id, rule, raised_at, status, evidence in db.session.execute(
        select(Alert.episode_id, Alert.rule, Alert.raised_at, Alert.status, Alert.evidence).where(Alert.episode_id.in_(ids))
    ).all() if ids else ():
        raised.setdefault(episode_id, []).append(raised_at)
        if rule == "recurrent_pain" and status != "resolved":
            recurrence_of[episode_id] = tuple(item["episode_id"] for item in evidence or () if item.get("episode_id"))
    return [
        HistoryEpisode(
            id=str(episode.id), activity=episode.activity, started_at=episode.started_at, resolved_at=episode.resolved_at,
            peak_pain=peaks.get(episode.id), onset=episode.onset, regions=tuple(episode.regions or ()),
            rpe=episode.rpe, load_increase_percent=episode.load_increase_percent,
            alert_times=tuple(raised.get(episode.id, ())), recurrence_of=recurrence_of.get(episode.id, ()),
        )
        for episode in episodes
    ]


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


def overview(user: User, now: datetime, episodes: list[Episode] | None = None) -> tuple[Timeline, HistorySummary]:
    """The timeline and the what-came-before summary every history view opens with (episodes: all, oldest first)."""
    episodes = all_episodes(user) if episodes is None else episodes
    return history_timeline(history_of(user, now, episodes=episodes), now), summarise_history(contexts_of(user, episodes))


def compared_with_earlier(episode: Episode, now: datetime) -> tuple[list[EarlierCourse], str | None]:
    """The earlier courses of the same region to draw behind the episode's chart, and the sentence comparing lengths."""
    earlier = earlier_of_same_region(episode)
    sentence = compare_with_earlier(episode.started_at, episode.resolved_at, now, [(e.started_at, e.resolved_at) for e, _ in earlier])
    return [EarlierCourse(e.started_at, readings) for e, readings in earlier], sentence


def episodes_in(episodes: list[Episode], starts: datetime | None, ends: datetime | None) -> list[Episode]:
    """The episodes that touch a period (either end open)."""
    return [e for e in episodes if (ends is None or e.started_at < ends) and (starts is None or e.resolved_at is None or e.resolved_at >= starts)]
