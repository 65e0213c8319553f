"""The physiotherapist's triaged list with N linked patients: server time and SQL query count.

Times each request in-process (server time, no network) and reports it as a
ratio to GET /healthz measured the same way in the same run.

    .venv/bin/python bench/patients.py [--patients 500] [--days 30] [--database-url URL]
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchdb import bench_app, rebuild_database  # noqa: E402
from sqlalchemy import event, insert, select  # noqa: E402
from sweep import populate  # noqa: E402

from webapp.infra.extensions import db  # noqa: E402
from webapp.models import CareLink, User  # noqa: E402
from webapp.services.accounts import create_account, issue_token  # noqa: E402
from webapp.services.alert_sweep import sweep  # noqa: E402


def timed(client, path, headers, repeats):
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return statistics.median(samples) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--database-url", help="default: a fresh SQLite file (the database is emptied)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/patients.db"
        app = bench_app(url)
        with app.app_context():
            rebuild_database()
            populate(args.patients, args.days)
            sweep()
            physio = create_account(email="physio@bench.test", password="bench password", role="physio", name="Bench Physio")
            athletes = db.session.scalars(select(User.id).where(User.role == "athlete")).all()
            db.session.execute(insert(CareLink), [{"athlete_id": a, "physio_id": physio.id} for a in athletes])
            db.session.commit()
            token, _ = issue_token(physio)
        headers = {"Authorization": f"Bearer {token}"}
        client = app.test_client()
        statements = []
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
            client.get("/api/v1/patients", headers=headers)
            queries = len(statements)
        baseline = timed(client, "/healthz", {}, args.repeats)
        listing = timed(client, "/api/v1/patients", headers, args.repeats)
        engine = url.split(":", 1)[0]
    print(f"\nBackOnTrack bench: physiotherapist's patient list, {args.patients} linked patients x {args.days} days, database {engine}")
    print(f"{'request (server time, median of ' + str(args.repeats) + ')':44} {'ms':>8} {'ratio':>8}")
    print(f"{'GET /healthz (baseline)':44} {baseline:>8.2f} {1:>7.1f}x")
    print(f"{'GET /api/v1/patients (triaged)':44} {listing:>8.2f} {listing / baseline:>7.1f}x")
    print(f"SQL statements for one list: {queries} (constant: the same for 5 or 500 patients)")


if __name__ == "__main__":
    main()
