"""Each episode's PainCourse, kept on its row so that judging a later episode reads one row, not its entries.

A diary write works out the course of the episodes whose entries it changed, from
the entries it reads anyway, and stores it in the same transaction. An athlete's
latest episode keeps none (NULL), as nothing reads it yet: most writes go into that
episode, and each would store a course for nobody. Rows that have none (the latest
episode once a later one starts, and rows written before the column existed) get
theirs from two grouped queries over their entries the first time they are read,
and keep it.
"""
import json
import uuid
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, exists, func, select, type_coerce, update
from sqlalchemy.orm import aliased
from sqlalchemy.types import NullType

from webapp.core.rules import EntryFacts, PainCourse
from webapp.infra.extensions import db
from webapp.infra.raw_values import by_raw_id, utc
from webapp.infra.row_updates import as_written
from webapp.models import Entry, Episode

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
# The episode's own updated_at says when the athlete last edited it: a new course is not an edit.
_EPISODES = cast(Table, Episode.__table__)
STORE = (
    update(_EPISODES)
    .where(_EPISODES.c.id == bindparam("episode_id"))
    .values(pain_course=bindparam("course"), updated_at=_EPISODES.c.updated_at)
)


def course_row(course: PainCourse) -> list[str | None]:
    """The course as the episodes table keeps it: its moments as ISO text, in a fixed order."""
    moments = (course.last_pain_at, course.calm_from, *course.latest_at_least)
    return [at.isoformat() if at is not None else None for at in moments]


def course_from_row(raw: Any) -> PainCourse | None:
    """The course kept on a row (JSON text from SQLite, a list from PostgreSQL), or None if there is none."""
    if raw is None:
        return None
    return _course_of(raw if isinstance(raw, str) else tuple(raw))


@lru_cache(maxsize=4096)
def _course_of(kept: str | tuple) -> PainCourse | None:
    # Each write reads the courses of the athlete's earlier episodes, which seldom change: a course is
    # immutable, so one decoded (a dozen timestamps parsed) serves every later write that reads the same row.
    values = json.loads(kept) if isinstance(kept, str) else kept
    if values is None:
        return None
    moments = [datetime.fromisoformat(text) if text is not None else None for text in values]
    return PainCourse(last_pain_at=moments[0], calm_from=moments[1], latest_at_least=tuple(moments[2:]))


def courses_from_entries(episode_ids: Collection[uuid.UUID], window: dict) -> dict[uuid.UUID, PainCourse]:
    """The PainCourse of each of these episodes, from two grouped queries over the window's live entries."""
    episode_for = by_raw_id({episode_id: episode_id for episode_id in episode_ids})
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
    for episode_id in episode_ids:
        hurting = [at for at, pain in levels[episode_id] if pain > 0]
        courses[episode_id] = PainCourse(
            last_pain_at=max(hurting, default=None),
            calm_from=calm_from.get(episode_id),
            latest_at_least=PainCourse.latest_by_level(levels[episode_id]),
        )
    return courses


def store_course_rows(rows: Mapping[uuid.UUID, list[str | None] | None]) -> None:
    """Keep these courses (as course_row gives them, or None for none) on their episodes' rows, in the caller's transaction."""
    if rows:
        db.session.execute(STORE, [{"episode_id": episode_id, "course": row} for episode_id, row in rows.items()])


def changed_courses(
    episodes: Sequence[Episode], entries: Mapping[uuid.UUID, Sequence[EntryFacts]], latest_start: Mapping[uuid.UUID, datetime],
) -> dict[uuid.UUID, list[str | None] | None]:
    """The course row of each of these episodes, from their live entries, where it is not the one kept.

    latest_start: when each athlete's latest episode started, as far as the caller read; an
    episode that started then keeps none (None). The episodes hold the new rows from now on;
    the caller stores them (store_course_rows).
    """
    changed: dict[uuid.UUID, list[str | None] | None] = {}
    for episode in episodes:
        read_later = episode.started_at < latest_start[episode.user_id]
        readings = ((entry.recorded_at, entry.pain) for entry in entries.get(episode.id, ()))
        wanted = course_row(PainCourse.of(readings)) if read_later else None
        if episode.pain_course != wanted:
            changed[episode.id] = wanted
            # Written by store_course_rows, not by the session's flush (which would stamp updated_at).
            as_written(episode, {"pain_course": wanted})
    return changed
