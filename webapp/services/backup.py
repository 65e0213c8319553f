"""A consistent copy of the live SQLite database, taken while the app keeps serving."""
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from webapp.infra.database import BUSY_TIMEOUT_MS


class BackupRefused(Exception):
    """The copy would overwrite something it should not; nothing was written."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size_bytes: int
    schema_revision: str | None


def backup_sqlite(database: Path, target: Path, *, overwrite: bool = False) -> BackupReport:
    """Copy the database to target as one self-contained file, checked before it takes target's place.

    SQLite's online backup copies every page within one read transaction, so the
    copy is a snapshot of a single moment; in WAL mode writers carry on meanwhile.
    """
    if not database.is_file():
        raise BackupRefused(f"There is no database at {database}.")
    if target.resolve() == database.resolve():
        raise BackupRefused("The target is the live database itself.")
    if target.exists() and not overwrite:
        raise BackupRefused(f"{target} exists; pass --force to replace it.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        revision = _copy_and_check(database, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return BackupReport(path=target, size_bytes=target.stat().st_size, schema_revision=revision)


def _copy_and_check(database: Path, copy_path: Path) -> str | None:
    """Write the copy, make it self-contained, check it; return its schema revision."""
    with closing(sqlite3.connect(database, timeout=BUSY_TIMEOUT_MS / 1000)) as source, closing(sqlite3.connect(copy_path)) as copy:
        source.backup(copy)
        # One file with no -wal beside it, so that the copy can be moved anywhere.
        copy.execute("PRAGMA journal_mode = DELETE")
        problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupRefused("The copy failed its integrity check: " + "; ".join(problems[:5]))
        if not copy.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone():
            return None
        return copy.execute("SELECT version_num FROM alembic_version").fetchone()[0]
