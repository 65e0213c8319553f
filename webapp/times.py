"""Time helpers: the server keeps UTC and answers with offsets."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    """Return the current time in UTC (a callable default: one value per row)."""
    return datetime.now(timezone.utc)


def iso(moment: datetime | None) -> str | None:
    """Return an ISO 8601 string with its UTC offset, to the second."""
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")
