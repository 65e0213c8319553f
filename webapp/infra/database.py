"""Engine set-up: SQLite tuned for several gunicorn workers; write intent per request.

SQLite allows one writer at a time. A transaction that starts as a reader and
later writes cannot wait for the lock if another worker wrote in between: SQLite
answers "database is locked" at once, whatever the busy timeout. So transactions
that may write start with BEGIN IMMEDIATE (they wait, up to busy_timeout, for
the write lock), and read-only requests start a plain deferred BEGIN, which in
WAL mode never blocks nor is blocked.

Writers queue on an operating-system lock (flock on a file beside the database)
before BEGIN IMMEDIATE. SQLite's own busy handler waits by sleeping, longer and
longer (up to 100 ms a time), so under steady writes a waiting request could
sleep through many free moments while others took the lock: a write took
hundreds of milliseconds at the 99th percentile. A blocked flock wakes the
moment the lock is free. The busy timeout stays, for writers that are not this
app (the sqlite3 shell, say).

A diary write holds the lock only to write: it reads and judges in a plain read
transaction, then turns it into a writer (begin_writing) and checks that the
athlete's diary_version has not moved meanwhile (triggers move it on every change
to what the rules judge); if it has, the write is done again under the lock.

Every commit that wrote is on disk before the request answers: the WAL file is
fsync'd as the connection goes back to the pool, after the lock is free (see
_sqlite_on_connect for why this, and not synchronous = FULL).
"""
import fcntl
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

BUSY_TIMEOUT_MS = 15_000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Made by the diary_version migration; without every one of them a write read without the lock could go unchecked.
DIARY_TRIGGERS = frozenset(
    f"diary_version_{table}_{event}" for table in ("entries", "episodes", "alerts", "alert_settings") for event in ("insert", "update")
)
# Per SQLite engine: its writers' queue, and whether its diary writes may read before they lock.
_queues: "weakref.WeakKeyDictionary[Engine, WriterQueue | None]" = weakref.WeakKeyDictionary()
_checked_triggers: "weakref.WeakKeyDictionary[Engine, bool]" = weakref.WeakKeyDictionary()

# CLI commands and tests default to the safe choice: may write.
_may_write: ContextVar[bool] = ContextVar("may_write", default=True)


def set_write_intent(may_write: bool) -> None:
    """Declare whether transactions begun from now on in this context may write."""
    _may_write.set(may_write)


@contextmanager
def write_transaction(engine) -> Iterator:
    """A short transaction of its own, on its own connection, that may write whatever the request declared."""
    token = _may_write.set(True)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        _may_write.reset(token)


def commit_keeping_loaded(session) -> None:
    """Commit, leaving the loaded objects as they are instead of expiring them.

    Expired objects are read again on their next use; a request that only goes on to
    answer with what it wrote or read would pay statements for nothing.
    """
    keep = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


@contextmanager
def as_reader() -> Iterator[None]:
    """Begin the transactions of the block as readers (a plain BEGIN), whatever the request declared."""
    token = _may_write.set(False)
    try:
        yield
    finally:
        _may_write.reset(token)


# Where read_first notes the reader it kept open, in the session's info.
_OPEN_READER = "open_reader"


@contextmanager
def read_first(session, keep_open: bool = False) -> Iterator[None]:
    """Run the block in a read-only transaction of its own, ended with the block unless keep_open.

    A writing request reads who is calling before it queues for the write lock, so
    that the lock is held only while there is something to write. keep_open: the
    request's write goes on reading in this same transaction (see open_reader), so
    the identity read and the diary read share one snapshot and one BEGIN.
    """
    with as_reader():
        yield
    if keep_open and session.in_transaction():
        session.info[_OPEN_READER] = session.get_transaction()
    else:
        commit_keeping_loaded(session)



def open_reader(session) -> bool:
    """Whether the session's transaction is the reader read_first kept open, with nothing written in it yet."""
    transaction = session.get_transaction()
    return (
        transaction is not None and session.info.get(_OPEN_READER) is transaction
        and not (session.new or session.dirty or session.deleted)
    )


def keeps_reader_open(view):
    """Mark a writing view whose write reads first (run_write with read_first): its caller's identity is read in that same reader."""
    view.keeps_reader_open = True
    return view


def writes_on_read(view):
    """Mark a GET view that writes (the access log of a physiotherapist's reads)."""
    view.writes_on_read = True
    return view


def set_write_intent_for_request(method: str, view=None) -> None:
    """Treat safe HTTP methods as read-only, unless the view is marked writes_on_read."""
    set_write_intent(method not in SAFE_METHODS or getattr(view, "writes_on_read", False))


def may_write() -> bool:
    """Whether transactions begun now in this context start as writers."""
    return _may_write.get()


def reads_before_locking(engine: Engine) -> bool:
    """Whether a diary write may read and judge before it takes the write lock.

    Only on SQLite (PostgreSQL writers lock the athlete's row and run in parallel), and only
    where the diary_version triggers are all there: a table rebuilt by a later migration
    loses its triggers, and then every write takes the lock first.
    """
    if engine.dialect.name != "sqlite":
        return False
    known = _checked_triggers.get(engine)
    if known is None:
        with as_reader(), engine.connect() as connection:
            names = set(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
        known = _checked_triggers[engine] = DIARY_TRIGGERS <= names
    return known


def begin_writing(connection: Connection) -> None:
    """Turn the connection's SQLite read transaction into a write transaction, in place.

    The read transaction ends (it wrote nothing) and BEGIN IMMEDIATE starts the writer's,
    after the writers' queue; the ORM session on it keeps its pending changes. What was read
    may be out of date now: the caller checks the athlete's diary_version.
    """
    connection.exec_driver_sql("COMMIT")
    queue = _queues.get(connection.engine)
    if queue is not None:
        queue.enter(connection.connection.info)
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def configure_engine(engine) -> None:
    """Install the SQLite connection pragmas, explicit BEGIN, the writers' queue and the WAL sync on an engine."""
    if engine.dialect.name != "sqlite":
        return
    path = engine.url.database
    in_memory = not path or path == ":memory:" or "mode=memory" in str(engine.url)
    wal = None if in_memory else os.path.abspath(path) + "-wal"
    event.listen(engine, "connect", lambda dbapi_connection, record: _sqlite_on_connect(dbapi_connection, record, wal))
    queue = None if in_memory else WriterQueue(os.path.abspath(path) + "-writers.lock")
    _queues[engine] = queue

    def on_begin(connection) -> None:
        if _may_write.get():
            if queue is not None:
                queue.enter(connection.connection.info)
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    def on_checkin(dbapi_connection, record) -> None:
        # Back in the pool means the transaction is over (committed or rolled back): the next
        # writer may go, while this one makes sure what it wrote is on disk.
        if queue is not None:
            queue.leave(record.info)
        if dbapi_connection is not None:
            sync_what_was_written(dbapi_connection, record.info)

    event.listen(engine, "begin", on_begin)
    event.listen(engine, "checkin", on_checkin)
    if queue is not None:
        event.listen(engine, "invalidate", lambda _dbapi, record, _exc: queue.leave(record.info))


def sync_what_was_written(dbapi_connection: sqlite3.Connection, info: dict) -> None:
    """fsync the WAL file if this connection wrote since it last did (see _sqlite_on_connect)."""
    wal = info.get("wal_path")
    changes = dbapi_connection.total_changes  # rows written since the connection opened
    if wal is None or changes == info.get("synced_changes"):
        return
    try:
        fd = os.open(wal, os.O_RDONLY)
    except FileNotFoundError:
        # Only the last connection to close removes the WAL, after checkpointing it into the
        # database file, which SQLite syncs; this connection is still open.
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    info["synced_changes"] = changes


class WriterQueue:
    """One writer at a time across this machine's worker processes, woken as soon as the lock is free."""

    def __init__(self, path: str):
        self.path = path
        self._holders: dict[int, int] = {}  # thread -> its lock file descriptor

    def enter(self, info: dict) -> None:
        if "writer_lock" in info:
            return  # this connection is already the writer
        thread = threading.get_ident()
        if thread in self._holders:
            # This thread is the writer on another connection: waiting for itself would never end.
            raise OperationalError("BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked by this thread's other connection"))
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        info["writer_lock"] = (fd, thread)
        self._holders[thread] = fd

    def leave(self, info: dict) -> None:
        held = info.pop("writer_lock", None)
        if held is None:
            return
        fd, thread = held
        if self._holders.get(thread) == fd:
            del self._holders[thread]
        os.close(fd)  # closing the file releases its lock


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, record, wal: str | None) -> None:
    # Take BEGIN away from pysqlite so that the begin listener decides its kind.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "memory":
        mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    # Every commit is on disk before the API answers 2xx: the phone's outbox deletes an entry
    # once it has that answer, so a commit lost to a power cut or OS crash would lose an entry
    # the athlete was told is saved. synchronous = FULL does it by an fsync of the WAL inside
    # each commit, while the commit holds the database's one write lock: under load, waiting
    # for that fsync and then for the CPU again was most of the time every other writer queued.
    # So in WAL mode the commit itself runs as NORMAL, and the same fsync of the WAL file runs
    # right after, once the lock is free (sync_what_was_written, as the connection goes back to
    # the pool, within session.commit(), before any answer is made). A commit is durable once
    # its frames in the WAL are on disk; NORMAL still syncs the WAL before each checkpoint and
    # the database file after it. Without a WAL (an in-memory database), FULL.
    in_wal = wal is not None and mode == "wal"
    cursor.execute(f"PRAGMA synchronous = {'NORMAL' if in_wal else 'FULL'}")
    if in_wal:
        record.info["wal_path"] = wal
        record.info["synced_changes"] = dbapi_connection.total_changes
    cursor.close()
