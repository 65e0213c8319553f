"""Engine set-up: SQLite tuned for several gunicorn workers; write intent per request.

SQLite allows one writer at a time. A transaction that starts as a reader and
later writes cannot wait for the lock if another worker wrote in between: SQLite
answers "database is locked" at once, whatever the busy timeout. So transactions
that may write start with BEGIN IMMEDIATE (they wait, up to busy_timeout, for
the write lock), and read-only requests start a plain deferred BEGIN, which in
WAL mode never blocks nor is blocked.
"""
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event

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


def writes_on_read(view):
    """Mark a GET view that writes (the access log of a physiotherapist's reads)."""
    view.writes_on_read = True
    return view


def set_write_intent_for_request(method: str, view=None) -> None:
    """Treat safe HTTP methods as read-only, unless the view is marked writes_on_read."""
    set_write_intent(method not in SAFE_METHODS or getattr(view, "writes_on_read", False))


def configure_engine(engine) -> None:
    """Install the SQLite connection pragmas and explicit BEGIN on an engine."""
    if engine.dialect.name != "sqlite":
        return
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
    # Take BEGIN away from pysqlite so that _sqlite_on_begin decides its kind.
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


def _sqlite_on_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _may_write.get() else "BEGIN")
