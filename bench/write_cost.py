"""What one PUT of an entry costs in-process, and whether it grows with the diary.

An athlete with a year of earlier episodes logs into a current episode of 20
entries and into one of 400. Reports each PUT's server time (median, no
network) as a ratio to GET /healthz measured the same way in the same run, the
400/20 ratio, and the SQL statements one PUT issues.

    .venv/bin/python bench/write_cost.py [--repeats 200] [--database-url URL]
"""
import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchdb import EARLIER_EPISODES, bench_app, build_diary, rebuild_database  # noqa: E402
from sqlalchemy import event  # noqa: E402

from webapp.infra.extensions import db  # noqa: E402
from webapp.infra.times import iso, utcnow  # noqa: E402
from webapp.services.accounts import create_account, issue_token  # noqa: E402

GOAL_GROWTH = 1.5


def median_ms(calls, repeats):
    """Median time of each call; the calls take turns, so that a slower spell of the machine hits each alike."""
    samples = [[] for _ in calls]
    for i in range(repeats):
        for call, times in zip(calls, samples, strict=True):
            started = time.perf_counter()
            call(i)
            times.append(time.perf_counter() - started)
    return [statistics.median(times) * 1000 for times in samples]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--database-url", help="default: a fresh SQLite file (the database is emptied)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/write.db"
        app = bench_app(url)
        client = app.test_client()
        targets = {}
        with app.app_context():
            rebuild_database()
            for size in (20, 400):
                athlete = create_account(email=f"athlete{size}@bench.test", password="bench password", role="athlete", name="Bench")
                episode_id = build_diary(athlete.id, size)
                token, _ = issue_token(athlete)
                targets[size] = ({"Authorization": f"Bearer {token}"}, episode_id)

        def put(size):
            headers, episode_id = targets[size]
            # Each PUT rewrites one entry that is already the latest of the episode: the diary keeps its size.
            entry_id = uuid.uuid5(episode_id, "bench")

            def call(i):
                at = utcnow()
                body = {"episode_id": str(episode_id), "recorded_at": iso(at), "pain": 4 + i % 3, "treatments": ["walk"],
                        "client_updated_at": iso(at)}
                response = client.put(f"/api/v1/entries/{entry_id}", json=body, headers=headers)
                assert response.status_code in (200, 201), response.get_data(as_text=True)
            return call

        for size in targets:
            put(size)(0)
        statements = []
        with app.app_context():
            def count(*cursor_args):
                statements.append(cursor_args[2])
            event.listen(db.engine, "before_cursor_execute", count)
            put(400)(1)
            event.remove(db.engine, "before_cursor_execute", count)
        baseline, small, large = median_ms([lambda i: client.get("/healthz"), put(20), put(400)], args.repeats)
        with app.app_context():
            db.engine.dispose()
    engine = url.split(":", 1)[0]
    print(f"\nBackOnTrack bench: one PUT of an entry in-process, {EARLIER_EPISODES} earlier episodes in the past year, database {engine}")
    print(f"{'request (server time, median of ' + str(args.repeats) + ')':48} {'ms':>8} {'ratio':>8}")
    print(f"{'GET /healthz (baseline)':48} {baseline:>8.2f} {1:>7.1f}x")
    print(f"{'PUT /api/v1/entries/{id}, episode of 20 entries':48} {small:>8.2f} {small / baseline:>7.1f}x")
    print(f"{'PUT /api/v1/entries/{id}, episode of 400 entries':48} {large:>8.2f} {large / baseline:>7.1f}x")
    verdict = "met" if large / small <= GOAL_GROWTH else "NOT met"
    print(f"400 entries / 20 entries: {large / small:.2f}x (goal <= {GOAL_GROWTH}x: {verdict})")
    print(f"SQL statements for one PUT: {len(statements)}")


if __name__ == "__main__":
    main()
