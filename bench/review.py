"""A patient with three years of diary: the patient page, the review page and the PDF report against a short diary.

The baseline is the same patient page for a patient with one episode (what the page
cost when it showed one episode at a time), measured in the same run. Reports each
page's server time (median, no network) as a ratio to it, and the SQL statements
each runs for a diary of 10 episodes and for the long one (they must be the same).

    .venv/bin/python bench/review.py [--episodes 60] [--entries 2000] [--database-url URL]
"""
import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchdb import bench_app, rebuild_database  # noqa: E402
from sqlalchemy import event, insert  # noqa: E402

from webapp.infra.extensions import db  # noqa: E402
from webapp.infra.times import utcnow  # noqa: E402
from webapp.models import CareLink, Entry, Episode  # noqa: E402
from webapp.services.accounts import create_account  # noqa: E402
from webapp.services.alert_sweep import sweep  # noqa: E402

GOAL_RATIO = 3
PASSWORD = "bench password"


def build_diary(user_id, episodes: int, entries: int) -> None:
    """Episodes spread over three years, each closed after its entries but the last; the entries shared out evenly."""
    now = utcnow()
    per_episode = max(1, entries // episodes)
    episode_rows, entry_rows = [], []
    for k in range(episodes):
        started = now - timedelta(days=3 * 365) + timedelta(days=k * (3 * 365 // episodes))
        episode_id = uuid.uuid4()
        last = k == episodes - 1
        episode_rows.append({"id": episode_id, "user_id": user_id, "started_at": started, "activity": ["Deadlifts", "Running", "Squats"][k % 3],
                             "onset": "next_day", "regions": ["lower_back"], "side": "both", "character": "dull_ache",
                             "load_increase_percent": 15 if k % 2 else 0, "rpe": 6 + k % 4, "client_updated_at": started,
                             "created_at": started, "updated_at": started,
                             "resolved_at": None if last else started + timedelta(days=per_episode // 2 + 3)})
        for i in range(per_episode):
            at = started + timedelta(hours=12 + i * 12)
            entry_rows.append({"id": uuid.uuid4(), "user_id": user_id, "episode_id": episode_id, "recorded_at": at,
                               "pain": max(0, 6 - i // 4), "regions": ["lower_back"], "side": "both", "red_flags": [],
                               "treatments": ["walk", "ice" if i < 4 else "heat"], "client_updated_at": at, "created_at": at, "updated_at": at})
    db.session.execute(insert(Episode), episode_rows)
    db.session.execute(insert(Entry), entry_rows)
    db.session.commit()


def statements_for(app, client, path) -> int:
    seen: list[str] = []
    with app.app_context():
        listener = lambda *a: seen.append(a[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        client.get(path)
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)


def median_ms(client, path, repeats):
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=60)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--database-url", help="default: a fresh SQLite file (the database is emptied)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/review.db"
        app = bench_app(url, WTF_CSRF_ENABLED=False)
        with app.app_context():
            rebuild_database()
            physio = create_account(email="physio@bench.test", password=PASSWORD, role="physio", name="Bench Physio")
            short = create_account(email="short@bench.test", password=PASSWORD, role="athlete", name="Short")
            medium = create_account(email="medium@bench.test", password=PASSWORD, role="athlete", name="Medium")
            long = create_account(email="long@bench.test", password=PASSWORD, role="athlete", name="Long")
            build_diary(short.id, 1, 20)
            build_diary(medium.id, 10, 300)
            build_diary(long.id, args.episodes, args.entries)
            sweep()
            db.session.execute(insert(CareLink), [{"athlete_id": a.id, "physio_id": physio.id} for a in (short, medium, long)])
            db.session.commit()
            ids = {"short": short.id, "medium": medium.id, "long": long.id}
        client = app.test_client()
        client.post("/login", data={"email": "physio@bench.test", "password": PASSWORD})
        pages = {
            "patient page, 1 episode (baseline)": f"/physio/patients/{ids['short']}",
            f"patient page, {args.episodes} episodes": f"/physio/patients/{ids['long']}",
            f"review page, {args.episodes} episodes": f"/physio/patients/{ids['long']}/review?since={(utcnow() - timedelta(days=3 * 365)).date()}",
            "PDF report, 1 episode": f"/api/v1/patients/{ids['short']}/export?format=pdf",
            "review PDF (the review's 90 days)": f"/api/v1/patients/{ids['long']}/export?format=pdf&since={(utcnow() - timedelta(days=89)).date()}",
            f"PDF report, all {args.episodes} episodes": f"/api/v1/patients/{ids['long']}/export?format=pdf",
        }
        for path in pages.values():
            # Each patient's first view writes the access log once: warmed first, so that only reads are counted.
            client.get(path.replace(str(ids["long"]), str(ids["medium"])))
            client.get(path)
        counts = {}
        for name, path in pages.items():
            counts[name] = (statements_for(app, client, path.replace(str(ids["long"]), str(ids["medium"]))), statements_for(app, client, path))
        times = {name: median_ms(client, path, args.repeats) for name, path in pages.items()}
        engine = url.split(":", 1)[0]
    base = times["patient page, 1 episode (baseline)"]
    print(f"\nBackOnTrack bench: a patient's history, {args.episodes} episodes and {args.entries} entries over 3 years, database {engine}")
    print(f"{'page (server time, median of ' + str(args.repeats) + ')':44} {'ms':>8} {'ratio':>8} {'SQL 10 / many':>16}")
    for name, ms in times.items():
        print(f"{name:44} {ms:>8.1f} {ms / base:>7.1f}x {counts[name][0]:>7} / {counts[name][1]:<7}")
    pages_worst = max(ms / base for name, ms in times.items() if "page" in name)
    pdf_ratio = times["review PDF (the review's 90 days)"] / base
    constant = all(medium == many for name, (medium, many) in counts.items() if "1 episode" not in name)
    print(f"goal: pages within {GOAL_RATIO}x the one-episode page: {pages_worst:.1f}x ({'met' if pages_worst <= GOAL_RATIO else 'NOT met'}); "
          f"review PDF within {GOAL_RATIO}x the one-episode page: {pdf_ratio:.1f}x ({'met' if pdf_ratio <= GOAL_RATIO else 'NOT met'}); "
          f"statements the same for 10 and {args.episodes} episodes: {'met' if constant else 'NOT met'}")


if __name__ == "__main__":
    main()
