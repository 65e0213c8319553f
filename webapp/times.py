"""Time helpers: the server keeps UTC and answers with offsets.

Times are kept to the millisecond, the precision of a phone's JavaScript clock,
so that a time sent back by a client compares equal to the one it was given.
"""
from datetime import datetime, timezone


def to_millisecond(moment: datetime) -> datetime:
    """Drop the sub-millisecond part of a time."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def utcnow() -> datetime:
    """Return the current time in UTC (a callable default: one value per row)."""
    return to_millisecond(datetime.now(timezone.utc))


def iso(moment: datetime | None) -> str | None:
    """Return an ISO 8601 string in UTC with its offset, to the millisecond when there is one."""
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds" if moment.microsecond else "seconds")
