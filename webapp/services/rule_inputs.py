"""Read what the rules engine judges, as plain values, in a fixed number of statements.

A write re-evaluates its episode; that must not cost more as the athlete's
history grows. Earlier episodes come as a PainCourse worked out by the database
(a grouped query), not as every earlier entry; the judged episodes' entries come
as plain column rows, not ORM objects.
"""
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BindParameter, and_, bindparam, exists, func, or_, select, type_coerce
from sqlalchemy.orm import aliased
from sqlalchemy.types import NullType

from webapp.core.rules import EntryFacts, PainCourse, PriorEpisode, Thresholds
from webapp.core.rules.thresholds import LIMITS
from webapp.infra.extensions import db
from webapp.infra.raw_values import string_tuple, utc, uuid_text
from webapp.infra.times import utcnow
from webapp.models import AlertSettings, Entry, Episode

LOOKBACK_MAX = timedelta(days=LIMITS["recurrence_lookback_days"].high)
# The driver's own values (see webapp.infra.raw_values): no per-value processing by SQLAlchemy.
ENTRY_COLUMNS = tuple(type_coerce(column, NullType()) for column in (
    Entry.id, Entry.episode_id, Entry.recorded_at, Entry.pain, Entry.regions, Entry.side,
    Entry.character, Entry.movement, Entry.red_flags, Entry.treatments, Entry.swelling, Entry.updated_at,
))
PRIOR_COLUMNS = (Episode.id, Episode.user_id, Episode.started_at, Episode.activity, Episode.regions, Episode.resolved_at)


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
_later = aliased(Entry)
_RAW_TIME = type_coerce(Entry.recorded_at, NullType())
_RAW_EPISODE = type_coerce(Entry.episode_id, NullType())
# The athletes' episodes that started in a window: named by owner and time, not by a list of ids.
_IN_WINDOW = (
    Episode.id == Entry.episode_id, Episode.user_id.in_(bindparam("users", expanding=True)),
    Episode.started_at >= bindparam("earliest"), Episode.started_at < bindparam("latest"), _LIVE,
)
LATEST_BY_PAIN = select(_RAW_EPISODE, func.max(_RAW_TIME), Entry.pain).where(*_IN_WINDOW).group_by(Entry.episode_id, Entry.pain)
# The first 0 with no pain at or after it; at the same minute, the pain is the later reading.
CALM_FROM = (
    select(_RAW_EPISODE, func.min(_RAW_TIME))
    .where(*_IN_WINDOW, Entry.pain == 0, ~exists().where(
        _later.episode_id == Entry.episode_id, _later.deleted_at.is_(None), _later.pain > 0, _later.recorded_at >= Entry.recorded_at,
    ))
    .group_by(Entry.episode_id)
)
JUDGED_EPISODES = select(Episode).where(Episode.id.in_(_IDS))
# The judged episodes, and each athlete's episodes that started in the lookback before them.
CANDIDATES = select(*PRIOR_COLUMNS).where(
    Episode.user_id.in_(bindparam("users", expanding=True)),
    or_(Episode.id.in_(_IDS), and_(Episode.started_at >= bindparam("earliest"), Episode.started_at < bindparam("latest"))),
)
LIVE_ENTRIES = select(*ENTRY_COLUMNS).where(Entry.episode_id.in_(_IDS), _LIVE)


def _episode_keys(episode_ids: list[uuid.UUID]) -> dict[Any, uuid.UUID]:
    # The driver gives an episode id as text or as a UUID, whichever it is: both name it here.
    return {key: episode_id for episode_id in episode_ids for key in (episode_id, episode_id.hex)}


def pain_courses(episode_ids: Collection[uuid.UUID], window: dict) -> dict[uuid.UUID, PainCourse]:
    """The PainCourse of each of these episodes, from two grouped queries over the window's live entries."""
    ids = list(episode_ids)
    episode_for = _episode_keys(ids)
    levels: dict[uuid.UUID, list] = defaultdict(list)
    calm_from: dict[uuid.UUID, datetime | None] = {}
    row: Any
    for row in db.session.execute(LATEST_BY_PAIN, window):
        if row[0] in episode_for:
            levels[episode_for[row[0]]].append((utc(row[1]), row[2]))
    for row in db.session.execute(CALM_FROM, window):
        if row[0] in episode_for:
            calm_from[episode_for[row[0]]] = utc(row[1])
    courses = {}
    for episode_id in ids:
        hurting = [at for at, pain in levels[episode_id] if pain > 0]
        courses[episode_id] = PainCourse(
            last_pain_at=max(hurting, default=None),
            calm_from=calm_from.get(episode_id),
            latest_at_least=PainCourse.latest_by_level(levels[episode_id]),
        )
    return courses


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
    window = {
        "users": list(user_ids),
        "earliest": min((e.started_at for e in episodes), default=utcnow()) - LOOKBACK_MAX,
        "latest": max((e.started_at for e in episodes), default=utcnow()),
    }
    rows = db.session.execute(CANDIDATES, {"ids": judged, **window}).all()
    # Only an episode that started before one being judged can be its recurrence: only those are read for their course.
    last_judged: dict[uuid.UUID, datetime] = {}
    for episode in episodes:
        last_judged[episode.user_id] = max(episode.started_at, last_judged.get(episode.user_id, episode.started_at))
    earlier = [row.id for row in rows if row.started_at < last_judged[row.user_id]]
    courses = pain_courses(earlier, window) if earlier else {}
    candidates: dict[uuid.UUID, list[PriorEpisode]] = defaultdict(list)
    for row in rows:
        candidates[row.user_id].append(PriorEpisode(
            str(row.id), row.started_at, row.activity, tuple(row.regions or ()), resolved_at=row.resolved_at, summary=courses.get(row.id),
        ))
    return RuleInputs(episodes, live_entries(episodes), candidates, thresholds_for(user_ids))


def live_entries(episodes: list[Episode]) -> dict[uuid.UUID, list[EntryFacts]]:
    """The live entries of these episodes, as the engine reads them."""
    by_key: dict[Any, list[EntryFacts]] = defaultdict(list)
    # When the server got each entry matters only against a physiotherapist's clearance.
    cleared = {key for e in episodes if e.cleared_at is not None for key in (e.id, e.id.hex)}
    row: Any
    # On the session's connection, not through the ORM's result handling: these are plain column rows.
    for row in db.session.connection().execute(LIVE_ENTRIES, {"ids": [e.id for e in episodes]}).all():
        entry_id, episode_key, recorded_at, pain, regions, side, character, movement, red_flags, treatments, swelling, updated_at = row
        by_key[episode_key].append(EntryFacts(
            uuid_text(entry_id), utc(recorded_at), pain, string_tuple(regions), side, character, movement,
            string_tuple(red_flags), string_tuple(treatments), bool(swelling), utc(updated_at) if episode_key in cleared else None,
        ))
    episode_for = _episode_keys([e.id for e in episodes])
    entries: dict[uuid.UUID, list[EntryFacts]] = defaultdict(list)
    for key, facts in by_key.items():
        entries[episode_for[key]] = facts
    return entries
