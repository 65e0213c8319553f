"""How a diary write holds the database: read and judge first, lock only to write.

On SQLite one writer at a time holds the database, so a write that read and judged
while holding it made every other athlete wait for all of that. A write of an entry
instead reads and judges in a plain read transaction, with its changes pending in
the session; then it takes the write lock (begin_writing) and checks that the
athlete's diary_version has not moved since it read (triggers move it on any change
to their entries, episodes, alerts or thresholds). If it has, nothing was written:
the write is done again from the start, under the lock. If not, what it read is
what is stored, and it writes what it worked out.

The entry a write changes is written by one fixed statement (write_entry) rather than
the session's flush, which builds and runs a statement per object and costs more than
the row; the session's copy is then left as if read back.

Everything else, and everything on PostgreSQL, runs under the lock from the start:
there a write first moves the athlete's diary_version, which locks their row, so
that two writes to one diary (two phones at once) are judged one after the other.
"""
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar, cast

from sqlalchemy import ColumnDefault, Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from webapp.infra.database import as_reader, begin_writing, commit_keeping_loaded, open_reader, reads_before_locking
from webapp.infra.extensions import db
from webapp.infra.row_updates import as_written, update_by_id, update_parameters
from webapp.infra.times import utcnow
from webapp.models import AlertCopy, Entry, User
from webapp.services.alerts import refresh_after_change, store_judged

T = TypeVar("T")

_USERS = cast(Table, User.__table__)
VERSIONS = select(_USERS.c.id, _USERS.c.diary_version).where(_USERS.c.id.in_(bindparam("ids", expanding=True)))
# One athlete's, as each diary write checks it: a list of one would cost its expansion into the statement on every write.
VERSION = select(_USERS.c.diary_version).where(_USERS.c.id == bindparam("user_id"))
MOVE_VERSION = update(_USERS).where(_USERS.c.id == bindparam("user_id")).values(diary_version=_USERS.c.diary_version + 1)
_ENTRIES = cast(Table, Entry.__table__)
# What a write may change of a stored entry: all but its id, its owner and when it was made.
_REWRITTEN = tuple(column.key for column in _ENTRIES.c if column.key not in ("id", "user_id", "created_at"))
INSERT_ENTRY = insert(_ENTRIES)
UPDATE_ENTRY = update_by_id(_ENTRIES, _REWRITTEN)


class NeedsLock(Exception):
    """This write changes more than a read without the lock may judge (an episode reopened or started)."""


class _Stale(Exception):
    """The diary changed between the read and the lock."""


def diary_versions(user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Each athlete's diary_version, as the session's transaction sees it."""
    return {row.id: row.diary_version for row in db.session.connection().execute(VERSIONS, {"ids": list(user_ids)})}


def diary_version(user: User) -> int:
    """The athlete's diary_version, as the session's transaction sees it."""
    return db.session.connection().execute(VERSION, {"user_id": user.id}).scalar_one()


def may_read_first() -> bool:
    """Whether a write may read and judge now, before it takes the lock.

    Only one that begins its own transaction, or goes on in the reader the request's
    authentication kept open: turning one into a writer commits what came before.
    """
    session = db.session()
    return (not session.in_transaction() or open_reader(session)) and reads_before_locking(db.engine)


def run_write(user: User, save: Callable[[int | None], T], read_first: bool = False) -> T:
    """Run a diary save, read first where it may be (read_first and SQLite), else under the lock.

    save(seen) makes the change; seen is the diary_version it read without the lock (pass it
    to commit_change), or None when it runs under the lock. It may run twice: it must read
    everything it goes by itself.
    """
    if read_first and may_read_first():
        # In the reader kept open, the user was read in this snapshot: their version as loaded is the
        # one to check. (Loaded earlier, it can only be lower than the stored one: then the write is
        # done again under the lock, never judged on a diary that moved unseen.)
        seen = user.diary_version if open_reader(db.session()) else None
        try:
            # Nothing pending may reach the database before the lock is held and the version checked.
            with as_reader(), db.session.no_autoflush:
                return save(diary_version(user) if seen is None else seen)
        except (NeedsLock, _Stale, IntegrityError):
            db.session.rollback()
    try:
        return _locked(user, save)
    except IntegrityError:
        # A concurrent insert of the same id won: run it again, now as an update.
        db.session.rollback()
        return _locked(user, save)


def _locked(user: User, save: Callable[[int | None], T]) -> T:
    db.session.execute(MOVE_VERSION, {"user_id": user.id})
    return save(None)


def commit_change(
    user: User, episode_ids: set[uuid.UUID], seen: int | None, moved_from: datetime | None = None,
    pending: Entry | None = None, stored: Entry | None = None,
) -> dict[uuid.UUID, list[AlertCopy]]:
    """Judge a diary change and commit it with the alerts it raises or resolves, in its episodes and the later ones.

    seen: as run_write gave it. pending: the entry changed, if one was, as the change leaves it: a
    copy not in the session, written with the change (write_entry). stored: the session's copy of
    that entry's row, if it has one. Returns the judged episodes' open alerts.
    """
    if seen is None:
        db.session.flush()
    judged = refresh_after_change(episode_ids, moved_from, pending)
    if seen is not None:
        begin_writing(db.session.connection())
        if diary_version(user) != seen:
            raise _Stale
    store_judged(judged)
    if pending is not None:
        write_entry(pending, stored)
    # The answer is made from the objects just written: reloading them would only cost statements.
    commit_keeping_loaded(db.session())
    return judged.open_alerts


def write_entry(pending: Entry, stored: Entry | None) -> None:
    """Store an entry as pending holds it; leave the session's copy as if read back.

    A new entry (stored None) is inserted, and pending joins the session as its copy; a stored
    one is rewritten whole, and stored takes pending's values.
    """
    now = utcnow()
    given = {column.key: getattr(pending, column.key) for column in _ENTRIES.c}
    connection = db.session.connection()
    if stored is None:
        values = {**_with_defaults(given), "created_at": now, "updated_at": now}
        connection.execute(INSERT_ENTRY, values)
        for name, value in values.items():
            if value is not given[name]:
                setattr(pending, name, value)
        make_transient_to_detached(pending)
        db.session.add(pending)
        return
    values = {**given, "updated_at": now}
    connection.execute(UPDATE_ENTRY, update_parameters(stored.id, {name: values[name] for name in _REWRITTEN}))
    moved = stored.episode_id != values["episode_id"]
    as_written(stored, {name: values[name] for name in _REWRITTEN if getattr(stored, name) != values[name]})
    if moved:
        db.session.expire(stored, ["episode"])


def _with_defaults(values: dict) -> dict:
    """As the session's flush inserts: a column left None takes its default, if it has one."""
    filled = dict(values)
    for column in _ENTRIES.c:
        default = column.default
        if filled[column.key] is None and isinstance(default, ColumnDefault):
            filled[column.key] = default.arg(None) if default.is_callable else default.arg
    return filled
