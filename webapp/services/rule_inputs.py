"""Read what the rules engine judges, as plain values, in a fixed number of statements.

A write re-evaluates its episode; that must not cost more as the athlete's
history grows. Earlier episodes come as the PainCourse kept on their rows
(webapp.services.pain_courses), not as every earlier entry; the judged episodes'
entries come as plain column rows, not ORM objects.
"""
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BindParameter, and_, bindparam, or_, select, type_coerce
from sqlalchemy.types import NullType

from webapp.core.rules import EntryFacts, PainCourse, PriorEpisode, Thresholds
from webapp.core.rules.thresholds import LIMITS
from webapp.infra.extensions import db
from webapp.infra.raw_values import by_raw_id, string_tuple, utc, uuid_text
from webapp.infra.times import utcnow
from webapp.models import AlertSettings, Entry, Episode
from webapp.services.pain_courses import course_from_row, courses_from_entries, store_courses

LOOKBACK_MAX = timedelta(days=LIMITS["recurrence_lookback_days"].high)
# The driver's own values (see webapp.infra.raw_values): no per-value processing by SQLAlchemy.
ENTRY_COLUMNS = tuple(type_coerce(column, NullType()) for column in (
    Entry.id, Entry.episode_id, Entry.recorded_at, Entry.pain, Entry.regions, Entry.side,
    Entry.character, Entry.movement, Entry.red_flags, Entry.treatments, Entry.swelling, Entry.updated_at,
))
PRIOR_COLUMNS = (
    Episode.id, Episode.user_id, Episode.started_at, Episode.activity, Episode.regions, Episode.resolved_at,
    type_coerce(Episode.pain_course, NullType()).label("pain_course"),
)


@dataclass
class RuleInputs:
    episodes: list[Episode]
    entries: dict[uuid.UUID, list[EntryFacts]]
    # Per athlete, their episodes that may count as earlier ones (each judged episode picks those before it).
    candidates: dict[uuid.UUID, list[PriorEpisode]]
    thresholds: dict[uuid.UUID, Thresholds]

    def prior_to(self, episode: Episode) -> list[PriorEpisode]:
        own = str(episode.id)
        return [p for p in self.candidates[episode.user_id] if p.id != own]


def thresholds_for(user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Thresholds]:
    """Return each user's thresholds, defaults with their physiotherapist's overrides."""
    user_ids = list(user_ids)
    rows = db.session.execute(select(AlertSettings.user_id, AlertSettings.overrides).where(AlertSettings.user_id.in_(user_ids)))
    overrides = {row.user_id: row.overrides for row in rows}
    return {user_id: Thresholds.with_overrides(overrides.get(user_id)) for user_id in user_ids}


# Built once: a statement built per call costs more than running it.
_IDS: BindParameter = bindparam("ids", expanding=True)
_LIVE = Entry.deleted_at.is_(None)
JUDGED_EPISODES = select(Episode).where(Episode.id.in_(_IDS))
# The judged episodes, and each athlete's episodes that started in the lookback before them.
CANDIDATES = select(*PRIOR_COLUMNS).where(
    Episode.user_id.in_(bindparam("users", expanding=True)),
    or_(Episode.id.in_(_IDS), and_(Episode.started_at >= bindparam("earliest"), Episode.started_at < bindparam("latest"))),
)
LIVE_ENTRIES = select(*ENTRY_COLUMNS).where(Entry.episode_id.in_(_IDS), _LIVE)


def episodes_by_id(episode_ids: Collection[uuid.UUID]) -> list[Episode]:
    """These episodes; a write has its episode in hand already, and then no statement is run for it."""
    session = db.session()
    episodes, missing = [], []
    for episode_id in episode_ids:
        known = session.identity_map.get(session.identity_key(Episode, episode_id))
        if known is None:
            missing.append(episode_id)
        else:
            episodes.append(known)
    if missing:
        episodes += db.session.scalars(JUDGED_EPISODES, {"ids": missing})
    return episodes


def load_rule_inputs(episode_ids: Collection[uuid.UUID]) -> RuleInputs:
    """Load the episodes, their entries, the earlier episodes that may be recurrences, and thresholds."""
    episodes = episodes_by_id(episode_ids)
    user_ids = {e.user_id for e in episodes}
    judged = [e.id for e in episodes]
    judged_ids = set(judged)
    window = {
        "users": list(user_ids),
        "earliest": min((e.started_at for e in episodes), default=utcnow()) - LOOKBACK_MAX,
        "latest": max((e.started_at for e in episodes), default=utcnow()),
    }
    rows = db.session.execute(CANDIDATES, {"ids": judged, **window}).all()
    entries = live_entries(episodes)
    # Only an episode that started before one being judged can be its recurrence: only those need a course.
    last_judged: dict[uuid.UUID, datetime] = {}
    for episode in episodes:
        last_judged[episode.user_id] = max(episode.started_at, last_judged.get(episode.user_id, episode.started_at))
    courses: dict[uuid.UUID, PainCourse | None] = {}
    for row in rows:
        if row.started_at < last_judged[row.user_id]:
            # A judged episode's entries are in hand, and may have just changed: its stored course may be the old one.
            in_hand = row.id in judged_ids
            courses[row.id] = PainCourse.of((e.recorded_at, e.pain) for e in entries[row.id]) if in_hand else course_from_row(row.pain_course)
    unknown = [episode_id for episode_id, course in courses.items() if course is None]
    if unknown:
        worked_out = courses_from_entries(unknown, window)
        store_courses(worked_out)
        courses.update(worked_out)
    candidates: dict[uuid.UUID, list[PriorEpisode]] = defaultdict(list)
    for row in rows:
        candidates[row.user_id].append(PriorEpisode(
            str(row.id), row.started_at, row.activity, tuple(row.regions or ()), resolved_at=row.resolved_at, summary=courses.get(row.id),
        ))
    return RuleInputs(episodes, entries, candidates, thresholds_for(user_ids))


def live_entries(episodes: list[Episode]) -> dict[uuid.UUID, list[EntryFacts]]:
    """The live entries of these episodes, as the engine reads them."""
    by_key: dict[Any, list[EntryFacts]] = defaultdict(list)
    # When the server got each entry matters only against a physiotherapist's clearance.
    cleared = by_raw_id({e.id: e for e in episodes if e.cleared_at is not None})
    row: Any
    # On the session's connection, not through the ORM's result handling: these are plain column rows.
    for row in db.session.connection().execute(LIVE_ENTRIES, {"ids": [e.id for e in episodes]}).all():
        entry_id, episode_key, recorded_at, pain, regions, side, character, movement, red_flags, treatments, swelling, updated_at = row
        by_key[episode_key].append(EntryFacts(
            uuid_text(entry_id), utc(recorded_at), pain, string_tuple(regions), side, character, movement,
            string_tuple(red_flags), string_tuple(treatments), bool(swelling), utc(updated_at) if episode_key in cleared else None,
        ))
    episode_for = by_raw_id({e.id: e.id for e in episodes})
    entries: dict[uuid.UUID, list[EntryFacts]] = defaultdict(list)
    for key, facts in by_key.items():
        entries[episode_for[key]] = facts
    return entries
