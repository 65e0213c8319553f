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
"""
import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

BUSY_TIMEOUT_MS = 15_000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

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
def read_first(session) -> Iterator[None]:
    """Run the block in a read-only transaction of its own, ended with the block.

    A writing request reads who is calling before it queues for the write lock, so
    that the lock is held only while there is something to write.
    """
    token = _may_write.set(False)
    try:
        yield
    finally:
        _may_write.reset(token)
    commit_keeping_loaded(session)


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


def configure_engine(engine) -> None:
    """Install the SQLite connection pragmas, explicit BEGIN and the writers' queue on an engine."""
    if engine.dialect.name != "sqlite":
        return
    event.listen(engine, "connect", _sqlite_on_connect)
    path = engine.url.database
    in_memory = not path or path == ":memory:" or "mode=memory" in str(engine.url)
    queue = None if in_memory else WriterQueue(os.path.abspath(path) + "-writers.lock")

    def on_begin(connection) -> None:
        if _may_write.get():
            if queue is not None:
                queue.enter(connection.connection.info)
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    event.listen(engine, "begin", on_begin)
    if queue is not None:
        # Back in the pool means the transaction is over (committed or rolled back): the next writer may go.
        event.listen(engine, "checkin", lambda _dbapi, record: queue.leave(record.info))
        event.listen(engine, "invalidate", lambda _dbapi, record, _exc: queue.leave(record.info))


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


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
    # Take BEGIN away from pysqlite so that the begin listener decides its kind.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: every commit is on disk before the API answers 2xx. The phone's outbox deletes
    # an entry once it has that answer, so NORMAL (which may lose the last commits to a
    # power cut or OS crash) could lose an entry the athlete was told is saved.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()
