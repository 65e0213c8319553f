"""The diary service: store episodes and entries sent by pages and phones.

Writes are idempotent and ordered by the client's clock: a write whose
client_updated_at is older than the stored copy's changes nothing (Conflict).
Pain logged after an episode was closed is never filed away unseen: soon after
the close it reopens the episode; long after, it starts a new one.
"""
import uuid
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, func, select

from webapp.core.wording import N_, Said
from webapp.infra.extensions import db
from webapp.infra.times import iso, utcnow
from webapp.models import AlertCopy, Entry, Episode, User
from webapp.services.diary_transactions import NeedsLock, commit_change, run_write
from webapp.services.invalid_input import InvalidFields

EPISODE_FIELDS = (
    "started_at", "activity", "exercises", "rpe", "load_increase_percent", "new_exercise",
    "onset", "regions", "side", "character", "note", "resolved_at",
)
ENTRY_FIELDS = (
    "recorded_at", "pain", "regions", "side", "character", "movement",
    "red_flags", "treatments", "swelling", "walk_minutes", "note",
)
# Pain within a week of the close is the same episode not yet over (soreness lasts 3-7 days, 000:80);
# later pain is a new bout, which the recurrence rule links to this one.
REOPEN_WITHIN = timedelta(days=7)
CHANGE_MESSAGES = {
    "reopened": N_("You logged pain after closing this episode, so it is open again and checked as before."),
    "started": N_("This episode was closed more than 7 days before this log, so the pain is saved as a new episode. "
                  "The app still compares it with the earlier one."),
}


class Saved(NamedTuple):
    """What a diary write stored, and what it left."""

    record: Episode | Entry
    created: bool
    # An entry's pain after its episode was closed: "reopened" or "started" (see CHANGE_MESSAGES).
    change: str | None = None
    # The written episode's open alerts, most severe first; None when nothing changed, so none were judged.
    open_alerts: list[AlertCopy] | None = None


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


def _apply(target: Episode | Entry, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed = True
    return changed


def _changed(entry: Entry, values: dict) -> Entry:
    """A copy of a stored entry with these values, not in the session: what commit_change writes."""
    return Entry(**{column.key: getattr(entry, column.key) for column in Entry.__table__.columns} | values)


def save_episode(user: User, episode_id: uuid.UUID, values: dict, client_updated_at: datetime) -> Saved:
    """Create or update an episode."""
    values = {name: values[name] for name in EPISODE_FIELDS}

    def save(seen: int | None) -> Saved:
        episode = db.session.get(Episode, episode_id)
        if episode is None:
            episode = Episode(id=episode_id, user_id=user.id, client_updated_at=client_updated_at, **values)
            db.session.add(episode)
            return Saved(episode, True, open_alerts=commit_change(user, {episode.id}, seen)[episode.id])
        if episode.user_id != user.id:
            raise NotFound
        if episode.client_updated_at > client_updated_at:
            raise Conflict(episode.to_dict())
        earliest = db.session.scalar(
            select(func.min(Entry.recorded_at)).where(Entry.episode_id == episode.id, Entry.deleted_at.is_(None))
        )
        if earliest is not None and earliest < values["started_at"]:
            raise InvalidFields({"started_at": [Said("An entry of this episode is earlier (%(when)s).", when=iso(earliest))]})
        _refuse_close_before_later_pain(episode, values["resolved_at"])
        started_before = episode.started_at
        if _apply(episode, {**values, "client_updated_at": client_updated_at}):
            return Saved(episode, False, open_alerts=commit_change(user, {episode.id}, seen, started_before)[episode.id])
        return Saved(episode, False)

    return run_write(user, save)


def _refuse_close_before_later_pain(episode: Episode, resolved_at: datetime | None) -> None:
    if resolved_at is None:
        return
    later = db.session.execute(
        select(Entry.recorded_at, Entry.pain).where(
            Entry.episode_id == episode.id, Entry.deleted_at.is_(None), Entry.recorded_at > resolved_at, Entry.pain > 0,
        ).order_by(Entry.recorded_at).limit(1)
    ).first()
    if later is not None:
        raise InvalidFields({"resolved_at": [Said(
            "Pain %(pain)s/10 was logged after this time (%(when)s): the pain was not gone yet. "
            "Close the episode after that log, or edit the log.", pain=later.pain, when=iso(later.recorded_at),
        )]})


def _is_new_pain(episode: Episode, values: dict) -> bool:
    return (
        episode.resolved_at is not None and values["recorded_at"] > episode.resolved_at
        and (values["pain"] > 0 or bool(values["red_flags"]))
    )


def _episode_for(user: User, episode: Episode, values: dict, client_updated_at: datetime) -> tuple[Episode, str | None]:
    """Return the episode new pain belongs to, reopening or starting one; and which of the two happened."""
    if not _is_new_pain(episode, values):
        return episode, None
    assert episode.resolved_at is not None
    if values["recorded_at"] - episode.resolved_at <= REOPEN_WITHIN:
        episode.resolved_at, episode.reopened_at = None, utcnow()
        # An older copy of "closed" still queued on a phone must not close it again unseen (409).
        episode.client_updated_at = max(episode.client_updated_at, client_updated_at)
        return episode, "reopened"
    # One follow-up per close, whichever device logs first, so replays and other logs land in the same one.
    follow_up_id = uuid.uuid5(episode.id, f"after {iso(episode.resolved_at)}")
    follow_up = db.session.get(Episode, follow_up_id)
    if follow_up is None:
        follow_up = Episode(
            id=follow_up_id, user_id=user.id, started_at=values["recorded_at"],
            activity=f"Pain came back after: {episode.activity}"[:100], onset="later",
            regions=list(values["regions"] or episode.regions or []), side=values["side"], character=values["character"],
            client_updated_at=client_updated_at,
        )
        db.session.add(follow_up)
        db.session.flush()
    elif follow_up.started_at > values["recorded_at"]:
        follow_up.started_at = values["recorded_at"]
    follow_up, change = _episode_for(user, follow_up, values, client_updated_at)
    return follow_up, change or "started"


# The episode written into and the entry, if it exists yet, in one statement.
EPISODE_AND_ENTRY = (
    select(Episode, Entry).select_from(Episode)
    .outerjoin(Entry, Entry.id == bindparam("entry_id")).where(Episode.id == bindparam("episode_id"))
)


def save_entry(user: User, entry_id: uuid.UUID, values: dict, client_updated_at: datetime) -> Saved:
    """Create or update an entry; say whether its episode was reopened or a new one started."""
    episode_id = uuid.UUID(str(values["episode_id"]))
    values = {name: values[name] for name in ENTRY_FIELDS}

    def save(seen: int | None) -> Saved:
        found = db.session.execute(EPISODE_AND_ENTRY, {"entry_id": entry_id, "episode_id": episode_id}).first()
        if found is None or found.Episode.user_id != user.id:
            raise NotFound
        episode, entry = found
        if values["recorded_at"] < episode.started_at:
            raise InvalidFields({"recorded_at": [N_("This is before the episode started.")]})
        if entry is not None and entry.user_id != user.id:
            raise NotFound
        if entry is not None:
            stale = entry.client_updated_at > client_updated_at
            if stale or (entry.deleted_at is not None and entry.client_updated_at == client_updated_at):
                raise Conflict(entry.to_dict())
        if seen is not None and _is_new_pain(episode, values):
            raise NeedsLock
        episode, change = _episode_for(user, episode, values, client_updated_at)
        written = {**values, "episode_id": episode.id, "deleted_at": None, "client_updated_at": client_updated_at}
        if entry is None:
            pending = Entry(id=entry_id, user_id=user.id, **written)
            return Saved(pending, True, change, commit_change(user, {episode.id}, seen, pending=pending)[episode.id])
        if any(getattr(entry, name) != value for name, value in written.items()) or change:
            judged = commit_change(user, {entry.episode_id, episode.id}, seen, pending=_changed(entry, written), stored=entry)
            return Saved(entry, False, change, judged[episode.id])
        return Saved(entry, False, change)

    # The common write, pain logged into an open episode, reads and judges before it takes the lock.
    return run_write(user, save, read_first=True)


def delete_entry(user: User, entry_id: uuid.UUID, client_updated_at: datetime | None = None) -> None:
    """Leave a tombstone for the entry (again: no-op)."""

    def save(seen: int | None) -> None:
        entry = db.session.get(Entry, entry_id)
        if entry is None or entry.user_id != user.id:
            raise NotFound
        if entry.deleted_at is not None:
            return
        stamp = client_updated_at or utcnow()
        if entry.client_updated_at > stamp:
            raise Conflict(entry.to_dict())
        tombstone = _changed(entry, {"deleted_at": utcnow(), "client_updated_at": stamp})
        commit_change(user, {entry.episode_id}, seen, pending=tombstone, stored=entry)

    run_write(user, save)


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


def last_entries(episode_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, Entry]:
    """Each of these episodes' latest live entry, in one query however long their diaries."""
    if not episode_ids:
        return {}
    latest_first = func.row_number().over(
        partition_by=Entry.episode_id, order_by=(Entry.recorded_at.desc(), Entry.created_at.desc())
    )
    ranked = (
        select(Entry.id, latest_first.label("rank"))
        .where(Entry.episode_id.in_(list(episode_ids)), Entry.deleted_at.is_(None)).subquery()
    )
    query = select(Entry).join(ranked, ranked.c.id == Entry.id).where(ranked.c.rank == 1)
    return {entry.episode_id: entry for entry in db.session.scalars(query)}


def last_entry_times(user: User) -> dict[uuid.UUID, datetime]:
    """When each of the user's episodes was last logged, without loading the entries."""
    query = (
        select(Entry.episode_id, func.max(Entry.recorded_at))
        .where(Entry.user_id == user.id, Entry.deleted_at.is_(None)).group_by(Entry.episode_id)
    )
    return {episode_id: at for episode_id, at in db.session.execute(query).all()}


def own_entry(user: User, entry_id: uuid.UUID) -> Entry:
    """Return the user's live entry or raise NotFound."""
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.user_id != user.id or entry.deleted_at is not None:
        raise NotFound
    return entry
