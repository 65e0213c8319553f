"""Benchmark `alerts sweep` over N athletes with D days of entries each.

Reports the sweep's time as a ratio to a plain SQL scan of the same rows (the
least any sweep must do: read every entry once), in the same run.

    .venv/bin/python bench/sweep.py [--athletes 10000] [--days 30] [--database-url URL]
"""
import argparse
import random
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchdb import bench_app, rebuild_database  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from webapp.infra.extensions import db  # noqa: E402
from webapp.infra.times import utcnow  # noqa: E402
from webapp.models import Entry, Episode, User  # noqa: E402
from webapp.services.alert_sweep import sweep, sweep_processes  # noqa: E402

GOAL_RATIO = 10

SHAPES = {
    # pain by day: normal soreness, a strain that persists, one that worsens, one that fades slowly
    "soreness": lambda day: max(0, [3, 5, 3, 1][day] if day < 4 else 0),
    "persisting": lambda day: 6 if day < 10 else 5,
    "worsening": lambda day: min(10, 2 + day // 3),
    "slow": lambda day: max(0, 7 - day // 4),
}


def populate(athletes: int, days: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    now = utcnow()
    started = now - timedelta(days=days, hours=2)
    rows = 0
    for first in range(0, athletes, 1000):
        users, episodes, entries = [], [], []
        for _ in range(first, min(first + 1000, athletes)):
            user_id, episode_id = uuid.uuid4(), uuid.uuid4()
            users.append({"id": user_id, "email": f"{user_id}@bench.test", "name": "Bench", "role": "athlete",
                          "timezone": "UTC", "password_hash": "not-a-real-hash", "created_at": started})
            shape = rng.choice(list(SHAPES))
            episodes.append({"id": episode_id, "user_id": user_id, "started_at": started, "activity": "Deadlifts",
                             "onset": rng.choice(["during", "next_day"]), "regions": ["lower_back"], "side": "both",
                             "character": rng.choice(["dull_ache", "sharp"]), "client_updated_at": started,
                             "created_at": started, "updated_at": started})
            for day in range(days):
                at = started + timedelta(days=day, hours=18 + rng.random() * 4)
                entries.append({"id": uuid.uuid4(), "user_id": user_id, "episode_id": episode_id, "recorded_at": at,
                                "pain": SHAPES[shape](day), "regions": ["lower_back"], "side": "both",
                                "red_flags": ["night_or_rest_pain"] if rng.random() < 0.001 else [],
                                "treatments": rng.sample(["ice", "walk", "heat", "stretches", "bed_rest"], 2),
                                "client_updated_at": at, "created_at": at, "updated_at": at})
        db.session.execute(insert(User), users)
        db.session.execute(insert(Episode), episodes)
        db.session.execute(insert(Entry), entries)
        db.session.commit()
        rows += len(entries)
    return rows


def plain_scan() -> int:
    count = 0
    result = db.session.execute(
        text("SELECT id, episode_id, recorded_at, pain, regions, red_flags, treatments FROM entries WHERE deleted_at IS NULL")
    )
    for _ in result:
        count += 1
    db.session.commit()
    return count


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--database-url", help="default: a fresh SQLite file (the database is emptied)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/sweep.db"
        app = bench_app(url)
        with app.app_context():
            rebuild_database()
            load_s, rows = timed(lambda: populate(args.athletes, args.days))
            scan_s, scanned = timed(plain_scan)
            # As `flask alerts sweep` runs it: shared among the machine's cores.
            processes = sweep_processes()
            sweep_s, first = timed(lambda: sweep(processes=processes))
            again_s, second = timed(lambda: sweep(processes=processes))
            db.engine.dispose()
    engine = url.split(":", 1)[0]
    print(f"\nBackOnTrack bench: alert sweep, {args.athletes} athletes x {args.days} days = {rows} entries, database {engine}, "
          f"{processes} processes")
    print(f"(loading the data took {load_s:.1f} s)")
    print(f"{'step':44} {'seconds':>8} {'ratio to scan':>14}")
    print(f"{'plain SQL scan of the entries (baseline)':44} {scan_s:>8.2f} {1:>13.1f}x")
    print(f"{'alerts sweep, first run':44} {sweep_s:>8.2f} {sweep_s / scan_s:>13.1f}x")
    print(f"{'alerts sweep, second run (nothing changes)':44} {again_s:>8.2f} {again_s / scan_s:>13.1f}x")
    worst = max(sweep_s, again_s) / scan_s
    print(f"goal: every sweep within {GOAL_RATIO}x the scan: {worst:.1f}x ({'met' if worst <= GOAL_RATIO else 'NOT met'})")
    print(f"first run: {first['raised']} alerts raised over {first['episodes']} episodes; "
          f"second run: {second['raised']} raised, {second['updated']} updated, {second['resolved']} resolved")
    assert scanned == rows


if __name__ == "__main__":
    main()
