"""Plain builders for diary bodies, with times relative to now."""
import uuid
from datetime import UTC, datetime, timedelta, timezone


def ago(**delta) -> str:
    """Return an ISO time that long before now, with a +01:00 offset as a phone in Madrid would send."""
    moment = datetime.now(UTC) - timedelta(**delta)
    return moment.astimezone(timezone(timedelta(hours=1))).isoformat(timespec="milliseconds")


def new_id() -> str:
    return str(uuid.uuid4())


def episode_body(**overrides) -> dict:
    return {
        "started_at": ago(hours=30),
        "activity": "Deadlifts",
        "exercises": "deadlift 5x5, rows",
        "rpe": 8,
        "load_increase_percent": 10,
        "new_exercise": False,
        "onset": "next_day",
        "regions": ["lower_back"],
        "side": "both",
        "character": "dull_ache",
        "note": None,
        "client_updated_at": ago(hours=29),
        **overrides,
    }


def entry_body(episode_id: str, **overrides) -> dict:
    return {
        "episode_id": episode_id,
        "recorded_at": ago(hours=6),
        "pain": 4,
        "regions": ["lower_back"],
        "side": "both",
        "character": "dull_ache",
        "movement": "eases",
        "red_flags": [],
        "treatments": ["ice", "walk"],
        "walk_minutes": 20,
        "note": "Stiff getting out of bed",
        "client_updated_at": ago(hours=6),
        **overrides,
    }
