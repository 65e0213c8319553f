"""Read what the rules engine judges, as plain values, in a fixed number of statements.

A write re-evaluates its episode; that must not cost more as the athlete's
history grows. Earlier episodes come as the PainCourse kept on their rows
(webapp.services.pain_courses), not as every earlier entry; the judged episodes'
entries come as plain column rows, not ORM objects.
"""
import json
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import BindParameter, Text, bindparam, cast, func, select, type_coerce
from sqlalchemy.types import NullType

from webapp.core.rules import EntryFacts, PainCourse, PriorEpisode, Thresholds
from webapp.core.rules.thresholds import LIMITS
from webapp.infra.extensions import db
from webapp.infra.raw_values import by_raw_id, string_tuple, utc, uuid_of, uuid_text
from webapp.infra.times import utcnow
from webapp.models import AlertSettings, Entry, Episode, User
from webapp.services.episode_facts import entry_facts
from webapp.services.pain_courses import course_from_row, course_row, courses_from_entries

# Only the recurrence rule reads earlier episodes, those within the athlete's lookback: most athletes
# keep the default, and reading the furthest a physiotherapist may set would read four times as many.
LOOKBACK_DEFAULT = timedelta(days=LIMITS["recurrence_lookback_days"].default)
LOOKBACK_MAX = timedelta(days=LIMITS["recurrence_lookback_days"].high)
# What the rules read of an entry, in the order _facts unpacks it.
_ENTRY_READ = (
    Entry.id, Entry.episode_id, Entry.recorded_at, Entry.pain, Entry.regions, Entry.side,
    Entry.character, Entry.movement, Entry.red_flags, Entry.treatments, Entry.swelling, Entry.updated_at,
)
# The driver's own values (see webapp.infra.raw_values): no per-value processing by SQLAlchemy.
ENTRY_COLUMNS = tuple(type_coerce(column, NullType()) for column in _ENTRY_READ)
PRIOR_COLUMNS = tuple(type_coerce(column, NullType()).label(column.key) for column in (
    Episode.id, Episode.user_id, Episode.started_at, Episode.activity, Episode.regions, Episode.resolved_at,
    Episode.pain_course, AlertSettings.overrides, User.timezone,
))


class Candidate(NamedTuple):
    """An episode row that may count as an earlier one, its values made plain."""

    id: uuid.UUID
    user_id: uuid.UUID
    started_at: datetime
    activity: str
    regions: tuple[str, ...]
    resolved_at: datetime | None
    pain_course: Any


@dataclass
class RuleInputs:
    episodes: list[Episode]
    entries: dict[uuid.UUID, list[EntryFacts]]
    # Per athlete, their episodes that may count as earlier ones (each judged episode picks those before it).
    candidates: dict[uuid.UUID, list[PriorEpisode]]
    thresholds: dict[uuid.UUID, Thresholds]
    # Each athlete's time zone: the episode's days are counted on their calendar.
    zones: dict[uuid.UUID, str]
    # When each athlete's latest judged episode started: only an episode that started before it is read as an
    # earlier one (and, judged with its later episodes, it is the athlete's latest).
    latest_start: dict[uuid.UUID, datetime]
    # Courses of earlier episodes kept by none of their rows yet, worked out from their entries: the
    # caller stores them with its writes (store_course_rows), as course rows.
    worked_out: dict[uuid.UUID, list[str | None]] = field(default_factory=dict)

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
# Each athlete's episodes that started in the window read (the judged ones among them); with
# each, the athlete's threshold overrides and time zone (statements fewer for every write).
CANDIDATES = select(*PRIOR_COLUMNS).select_from(Episode).join(User, User.id == Episode.user_id).outerjoin(
    AlertSettings, AlertSettings.user_id == Episode.user_id,
).where(
    Episode.user_id.in_(bindparam("users", expanding=True)),
    Episode.started_at >= bindparam("earliest"), Episode.started_at <= bindparam("latest"),
)
LIVE_ENTRIES = select(*ENTRY_COLUMNS).where(Entry.episode_id.in_(_IDS), _LIVE)
# PostgreSQL's driver makes each value a Python object (a UUID, an aware datetime, a decoded JSON
# list), which cost more per entry than the rules' own work: read as text, in UTC, they are
# parsed as SQLite's are, and are a cache key as they are (see live_entries).
_TEXT = {Entry.id, Entry.regions, Entry.red_flags, Entry.treatments}
_UTC_TEXT = {Entry.recorded_at, Entry.updated_at}
LIVE_ENTRIES_AS_TEXT = select(*(
    cast(column, Text) if column in _TEXT else cast(func.timezone("UTC", column), Text) if column in _UTC_TEXT
    else type_coerce(column, NullType())
    for column in _ENTRY_READ
)).where(Entry.episode_id.in_(_IDS), _LIVE)


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


def load_rule_inputs(
    episode_ids: Collection[uuid.UUID], later: bool = False, moved_from: datetime | None = None, pending: Entry | None = None,
    reuse_facts: bool = False,
) -> RuleInputs:
    """Load the episodes, their entries, the earlier episodes that may be recurrences, and thresholds.

    later: also judge each athlete's episodes that started after these (within the
    lookback), which count them as earlier episodes: pain logged late into an earlier
    episode can make a later one a recurrence, or, edited away, stop it being one.
    The same statement reads both. moved_from: where a changed episode started before
    an edit moved it. pending: an entry the caller changed but has not written yet (it
    reads before it locks; see webapp.infra.database), judged as it will be stored.
    reuse_facts: see live_entries.
    """
    episodes = episodes_by_id(episode_ids)
    user_ids = {e.user_id for e in episodes}
    starts = [e.started_at for e in episodes] + ([moved_from] if moved_from else [])
    first, last = min(starts, default=utcnow()), max(starts, default=utcnow())

    def window(users: Collection[uuid.UUID], lookback: timedelta) -> dict:
        return {"users": list(users), "earliest": first - lookback, "latest": last + lookback if later else last}

    # The judged episodes started within every window read: they are among the rows.
    rows, thresholds, zones = _candidates(window(user_ids, LOOKBACK_DEFAULT))
    missing = user_ids - thresholds.keys()  # only if a judged episode is not stored yet
    if missing:
        thresholds.update(thresholds_for(missing))
        zones.update(db.session.execute(select(User.id, User.timezone).where(User.id.in_(missing))).tuples())
    read = window(user_ids, LOOKBACK_DEFAULT)
    longer = {user_id for user_id in user_ids if thresholds[user_id].recurrence_lookback_days > LOOKBACK_DEFAULT.days}
    if longer:
        # Their physiotherapist looks further back: read those athletes' episodes again, over their lookback.
        lookback = timedelta(days=max(thresholds[user_id].recurrence_lookback_days for user_id in longer))
        known = {row.id for row in rows}
        rows += [row for row in _candidates(window(longer, lookback))[0] if row.id not in known]
        read = window(user_ids, lookback)
    judged_ids = {e.id for e in episodes}
    if later:
        after = [row.id for row in rows if row.started_at > first and row.id not in judged_ids]
        if after:
            episodes += db.session.scalars(JUDGED_EPISODES, {"ids": after})
            judged_ids.update(after)
    entries = live_entries(episodes, reuse_facts)
    if pending is not None:
        _as_stored(entries, episodes, pending)
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
    worked_out = courses_from_entries(unknown, read) if unknown else {}
    courses.update(worked_out)
    candidates: dict[uuid.UUID, list[PriorEpisode]] = defaultdict(list)
    for row in rows:
        if row.started_at < last_judged[row.user_id] or row.id in judged_ids:
            candidates[row.user_id].append(PriorEpisode(
                str(row.id), row.started_at, row.activity, row.regions, resolved_at=row.resolved_at, summary=courses.get(row.id),
            ))
    return RuleInputs(
        episodes, entries, candidates, thresholds, zones, last_judged, {key: course_row(course) for key, course in worked_out.items()},
    )


def _candidates(parameters: dict) -> tuple[list[Candidate], dict[uuid.UUID, Thresholds], dict[uuid.UUID, str]]:
    """The CANDIDATES rows, and each athlete's thresholds and time zone."""
    rows, thresholds, zones = [], {}, {}
    raw: Any
    for raw in db.session.connection().execute(CANDIDATES, parameters).all():
        episode_id, user_key, started_at, activity, regions, resolved_at, pain_course, overrides, zone = raw
        user_id = uuid_of(user_key)
        if user_id not in thresholds:
            zones[user_id] = zone
            thresholds[user_id] = _thresholds(overrides) if overrides is None or isinstance(overrides, str) else Thresholds.with_overrides(overrides)
        rows.append(Candidate(
            uuid_of(episode_id), user_id, utc(started_at), activity, string_tuple(regions),
            utc(resolved_at) if resolved_at is not None else None, pain_course,
        ))
    return rows, thresholds, zones


@lru_cache(maxsize=256)
def _thresholds(overrides: str | None) -> Thresholds:
    # SQLite gives the overrides as JSON text; Thresholds are immutable, and an athlete's seldom change.
    return Thresholds.with_overrides(json.loads(overrides) if overrides is not None else None)


def _as_stored(entries: dict[uuid.UUID, list[EntryFacts]], episodes: list[Episode], pending: Entry) -> None:
    """Put a changed entry where the database will have it once written: out of wherever it was, into its episode."""
    own = str(pending.id)
    for episode_id, facts in entries.items():
        entries[episode_id] = [entry for entry in facts if entry.id != own]
    episode = next((e for e in episodes if e.id == pending.episode_id), None)
    if episode is None or pending.deleted_at is not None:
        return
    # In UTC as read back, and got by the server now (what live_entries reads as updated_at).
    logged_at = utcnow() if episode.flags_reviewed_at is not None else None
    entries[episode.id].append(entry_facts(pending)._replace(recorded_at=utc(pending.recorded_at), logged_at=logged_at))


def live_entries(episodes: list[Episode], reuse: bool = False) -> dict[uuid.UUID, list[EntryFacts]]:
    """The live entries of these episodes, as the engine reads them.

    reuse: take the facts of a row read before from a cache. Each diary write reads its whole
    episode again, and only one of its entries has changed: in a long episode, turning the
    other rows into facts again was most of what the write grew by. A row is the cache's key,
    so a changed entry (updated_at moves on) is read anew. The sweep reads each row once, and
    does not use it.
    """
    by_key: dict[Any, list[EntryFacts]] = defaultdict(list)
    # When the server got each entry matters only against a clearance or a clinician's check.
    cleared = by_raw_id({e.id: e for e in episodes if e.flags_reviewed_at is not None})
    connection = db.session.connection()
    statement = LIVE_ENTRIES_AS_TEXT if connection.dialect.name == "postgresql" else LIVE_ENTRIES
    facts_of = _cached_facts if reuse else _facts
    row: Any
    # On the session's connection, not through the ORM's result handling: these are plain column rows.
    for row in connection.execute(statement, {"ids": [e.id for e in episodes]}).all():
        by_key[row[1]].append(facts_of(tuple(row), row[1] in cleared))
    episode_for = by_raw_id({e.id: e.id for e in episodes})
    entries: dict[uuid.UUID, list[EntryFacts]] = defaultdict(list)
    for key, facts in by_key.items():
        entries[episode_for[key]] = facts
    return entries


def _facts(row: tuple, cleared: bool) -> EntryFacts:
    entry_id, _, recorded_at, pain, regions, side, character, movement, red_flags, treatments, swelling, updated_at = row
    return EntryFacts(
        uuid_text(entry_id), utc(recorded_at), pain, string_tuple(regions), side, character, movement,
        string_tuple(red_flags), string_tuple(treatments), bool(swelling), utc(updated_at) if cleared else None,
    )


_cached_facts = lru_cache(maxsize=8192)(_facts)
