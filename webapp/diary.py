"""The diary service: store episodes and entries sent by pages and phones.

Writes are idempotent and ordered by the client's clock: a write whose
client_updated_at is older than the stored copy's changes nothing (Conflict).
"""
import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from webapp.alerts import refresh_alerts
from webapp.extensions import db
from webapp.models import Entry, Episode, User
from webapp.times import iso, utcnow
from webapp.validation import InvalidFields

EPISODE_FIELDS = (
    "started_at", "activity", "exercises", "rpe", "load_increase_percent", "new_exercise",
    "onset", "regions", "side", "character", "note", "resolved_at",
)
ENTRY_FIELDS = (
    "recorded_at", "pain", "regions", "side", "character", "movement",
    "red_flags", "treatments", "walk_minutes", "note",
)


class NotFound(Exception):
    """No such object, or it belongs to someone else (never say which)."""


class Conflict(Exception):
    """The stored copy is newer than the one sent; it is in .current."""

    def __init__(self, current: dict):
        super().__init__(current)
        self.current = current


def own_episode(user: User, episode_id: uuid.UUID) -> Episode:
    """Return the user's episode or raise NotFound."""
    episode = db.session.get(Episode, episode_id)
    if episode is None or episode.user_id != user.id:
        raise NotFound
    return episode


def _retry_once_on_race(save):
    """Run save(); if a concurrent insert of the same id won, run it again as an update."""
    try:
        return save()
    except IntegrityError:
        db.session.rollback()
        return save()


def _commit(*episode_ids: uuid.UUID) -> None:
    """Commit a diary change together with the alerts it raises or resolves."""
    db.session.flush()
    refresh_alerts(set(episode_ids))
    db.session.commit()


def _apply(target, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed = True
    return changed


def save_episode(user: User, episode_id: uuid.UUID, values: dict, client_updated_at: datetime) -> tuple[Episode, bool]:
    """Create or update an episode; return it and whether it was created."""
    values = {name: values[name] for name in EPISODE_FIELDS}

    def save():
        episode = db.session.get(Episode, episode_id)
        if episode is None:
            episode = Episode(id=episode_id, user_id=user.id, client_updated_at=client_updated_at, **values)
            db.session.add(episode)
            _commit(episode.id)
            return episode, True
        if episode.user_id != user.id:
            raise NotFound
        if episode.client_updated_at > client_updated_at:
            raise Conflict(episode.to_dict())
        earliest = db.session.scalar(
            select(func.min(Entry.recorded_at)).where(Entry.episode_id == episode.id, Entry.deleted_at.is_(None))
        )
        if earliest is not None and earliest < values["started_at"]:
            raise InvalidFields({"started_at": [f"An entry of this episode is earlier ({iso(earliest)})."]})
        if _apply(episode, {**values, "client_updated_at": client_updated_at}):
            _commit(episode.id)
        return episode, False

    return _retry_once_on_race(save)


def save_entry(user: User, entry_id: uuid.UUID, values: dict, client_updated_at: datetime) -> tuple[Entry, bool]:
    """Create or update an entry; return it and whether it was created."""
    episode_id = uuid.UUID(str(values["episode_id"]))
    values = {name: values[name] for name in ENTRY_FIELDS}

    def save():
        episode = own_episode(user, episode_id)
        if values["recorded_at"] < episode.started_at:
            raise InvalidFields({"recorded_at": ["This is before the episode started."]})
        entry = db.session.get(Entry, entry_id)
        if entry is None:
            entry = Entry(id=entry_id, user_id=user.id, episode_id=episode.id, client_updated_at=client_updated_at, **values)
            db.session.add(entry)
            _commit(episode.id)
            return entry, True
        if entry.user_id != user.id:
            raise NotFound
        stale = entry.client_updated_at > client_updated_at
        if stale or (entry.deleted_at is not None and entry.client_updated_at == client_updated_at):
            raise Conflict(entry.to_dict())
        previous_episode = entry.episode_id
        if _apply(entry, {**values, "episode_id": episode.id, "deleted_at": None, "client_updated_at": client_updated_at}):
            _commit(previous_episode, episode.id)
        return entry, False

    return _retry_once_on_race(save)


def delete_entry(user: User, entry_id: uuid.UUID, client_updated_at: datetime | None = None) -> None:
    """Leave a tombstone for the entry (again: no-op)."""
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.user_id != user.id:
        raise NotFound
    if entry.deleted_at is not None:
        return
    stamp = client_updated_at or utcnow()
    if entry.client_updated_at > stamp:
        raise Conflict(entry.to_dict())
    entry.deleted_at = utcnow()
    entry.client_updated_at = stamp
    _commit(entry.episode_id)


def episodes_of(user: User) -> list[Episode]:
    """Return the user's episodes, newest first."""
    return list(db.session.scalars(select(Episode).where(Episode.user_id == user.id).order_by(Episode.started_at.desc())))


def entries_of(user: User, episode_id: uuid.UUID | None = None, since: datetime | None = None) -> list[Entry]:
    """Return the user's entries in time order; with since, every change after it, tombstones included."""
    query = select(Entry).where(Entry.user_id == user.id).order_by(Entry.recorded_at, Entry.created_at)
    if episode_id is not None:
        query = query.where(Entry.episode_id == episode_id)
    if since is not None:
        query = query.where(Entry.updated_at > since)
    else:
        query = query.where(Entry.deleted_at.is_(None))
    return list(db.session.scalars(query))


def own_entry(user: User, entry_id: uuid.UUID) -> Entry:
    """Return the user's live entry or raise NotFound."""
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.user_id != user.id or entry.deleted_at is not None:
        raise NotFound
    return entry
