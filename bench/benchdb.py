"""A benchmark's database: emptied, then built by the real migrations; an athlete's diary in it."""
import uuid
from datetime import timedelta

import flask_migrate
from sqlalchemy import MetaData, insert

from webapp import create_app
from webapp.infra.extensions import db
from webapp.infra.times import utcnow
from webapp.models import Entry, Episode

EARLIER_EPISODES = 24  # one every two weeks for a year, 12 entries each


def bench_app(url: str, **config):
    """The app on a benchmark's database: cheapest password hashing, no rate limits."""
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only", "PASSWORD_HASH_PROFILE": "CHEAPEST",
                       "RATELIMIT_ENABLED": False, **config})


def rebuild_database() -> None:
    """Drop every table (in the app context's database) and migrate from scratch."""
    existing = MetaData()
    existing.reflect(bind=db.engine)
    existing.drop_all(bind=db.engine)
    flask_migrate.upgrade()


def _episode(user_id, started, resolved=None):
    return {"id": uuid.uuid4(), "user_id": user_id, "started_at": started, "activity": "Deadlifts", "onset": "next_day",
            "regions": ["lower_back"], "side": "both", "character": "dull_ache", "client_updated_at": started,
            "created_at": started, "updated_at": started, "resolved_at": resolved}


def _entries(user_id, episode_id, started, count, span_hours, pain):
    step = span_hours / count
    rows = []
    for i in range(count):
        at = started + timedelta(hours=12 + i * step)
        rows.append({"id": uuid.uuid4(), "user_id": user_id, "episode_id": episode_id, "recorded_at": at, "pain": pain(i),
                     "regions": ["lower_back"], "side": "both", "red_flags": [], "treatments": ["walk", "stretches"],
                     "client_updated_at": at, "created_at": at, "updated_at": at})
    return rows


def build_diary(user_id, current_entries: int) -> uuid.UUID:
    """A year of earlier episodes that ended, and a current one of current_entries entries over 9 days."""
    now = utcnow()
    episodes, entries = [], []
    for k in range(EARLIER_EPISODES):
        started = now - timedelta(days=365 - 14 * k)
        row = _episode(user_id, started, resolved=started + timedelta(days=5))
        episodes.append(row)
        entries += _entries(user_id, row["id"], started, 12, 96, lambda i: max(0, 5 - i // 2))
    current = _episode(user_id, now - timedelta(days=9, hours=14))
    episodes.append(current)
    entries += _entries(user_id, current["id"], current["started_at"], current_entries, 9 * 24, lambda i: 4 + i % 3)
    db.session.execute(insert(Episode), episodes)
    db.session.execute(insert(Entry), entries)
    db.session.commit()
    return current["id"]
