"""Time helpers: the server keeps UTC and answers with offsets.

Times are kept to the millisecond, the precision of a phone's JavaScript clock,
so that a time sent back by a client compares equal to the one it was given.
"""
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l


def to_millisecond(moment: datetime) -> datetime:
    """Drop the sub-millisecond part of a time."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def utcnow() -> datetime:
    """Return the current time in UTC (a callable default: one value per row)."""
    return to_millisecond(datetime.now(UTC))


def iso(moment: datetime | None) -> str | None:
    """Return an ISO 8601 string in UTC with its offset, to the millisecond when there is one."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds" if moment.microsecond else "seconds")


# "When did you train?" in one tap: (days back, local time of day). "just_now" is now; "exact" reads the time field.
# Lazy: said in the reader's language wherever they are shown.
TRAINED_WHEN = {
    "just_now": _l("Just now"),
    "this_morning": _l("This morning"),
    "yesterday_evening": _l("Yesterday evening"),
    "yesterday_daytime": _l("Yesterday, during the day"),
    "two_days_ago": _l("2 days ago"),
    "exact": _l("Another time"),
}
TRAINED_WHEN_WALL = {
    "this_morning": (0, time(8)),
    "yesterday_evening": (1, time(19)),
    "yesterday_daytime": (1, time(12)),
    "two_days_ago": (2, time(18)),
}


def trained_at(choice: str, now: datetime, zone: str) -> datetime:
    """Return the moment a one-tap answer stands for, in the athlete's time zone, never later than now.

    To the minute, as the pages show times: a log made "now" on the next page is never before it.
    """
    now = now.replace(second=0, microsecond=0)
    if choice not in TRAINED_WHEN_WALL:
        return now
    days_back, wall = TRAINED_WHEN_WALL[choice]
    local_day = now.astimezone(ZoneInfo(zone)).date() - timedelta(days=days_back)
    return min(now, datetime.combine(local_day, wall, ZoneInfo(zone)).astimezone(UTC))


def day_bounds(first: date | None, last: date | None, zone: str) -> tuple[datetime | None, datetime | None]:
    """The first moment of the first day and the moment after the last, in a time zone (None stays open)."""
    tz = ZoneInfo(zone)
    return (datetime.combine(first, time(0), tzinfo=tz) if first else None,
            datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz) if last else None)
