"""Benchmark the app under gunicorn (4 workers) with load from this separate process.

Prints requests per second and p50/p95/p99 latency for each endpoint, and each
one's p50 as a ratio to GET /healthz measured on the same server in the same
run (absolute figures depend on the machine; ratios travel).

The writes are 8 athletes' at once (one per client), each with a year of earlier
episodes and a current episode of 20 entries; each PUT rewrites one of those
entries with a new reading, so the episode keeps its size through the run.

    .venv/bin/python bench/http_load.py [--database-url URL] [--requests N] [--clients N]
"""
import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchdb import bench_app, build_diary, rebuild_database  # noqa: E402
from sqlalchemy import select  # noqa: E402

from webapp.infra.extensions import db  # noqa: E402
from webapp.models import Entry  # noqa: E402
from webapp.services.accounts import create_account, issue_token  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "bench mark password"
# The write path's goals: with every commit on disk (synchronous = FULL), 8 athletes writing at once.
GOAL_SHARE = 0.25
GOAL_P95_MS = 50
# healthz and the PUTs take turns this many times; the goal is judged on the median round, so that
# a slower spell of the machine during one measurement does not decide it. A first round of each,
# not counted, warms every worker (its caches and the database's pages) as a server in use is warm.
ROUNDS = 5
ATHLETES = 8
CURRENT_ENTRIES = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    payload = json.dumps(body) if body is not None else None
    all_headers = {"Content-Type": "application/json", **(headers or {})} if payload else (headers or {})
    started = time.perf_counter()
    connection.request(method, path, body=payload, headers=all_headers)
    response = connection.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, data, elapsed


def wait_until_up(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited; see its output above")
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within {seconds} s")


def athletes_with_diaries(url: str) -> list[tuple[dict, list]]:
    """Empty the database and migrate it; return each athlete's bearer header and their current episode's entries."""
    app = bench_app(url)
    athletes = []
    with app.app_context():
        rebuild_database()
        for k in range(ATHLETES):
            athlete = create_account(email=f"writer{k}@bench.test", password=PASSWORD, role="athlete", name="Bench")
            episode_id = build_diary(athlete.id, CURRENT_ENTRIES)
            token, _ = issue_token(athlete)
            entries = db.session.execute(select(Entry.id, Entry.episode_id, Entry.recorded_at).where(Entry.episode_id == episode_id)).all()
            athletes.append(({"Authorization": f"Bearer {token}"}, entries))
        db.engine.dispose()
    return athletes


def measure(port, name, method, path, body, headers, count, clients, expect, first=0):
    """path, body and headers may be functions of the request number (first, first + 1, ...)."""
    def one(i):
        status, data, elapsed = request(
            port, method, path(i) if callable(path) else path, body(i) if callable(body) else body,
            headers(i) if callable(headers) else headers,
        )
        if status not in (expect if isinstance(expect, tuple) else (expect,)):
            raise RuntimeError(f"{name}: expected {expect}, got {status}: {data[:200]!r}")
        return elapsed

    one(first - 1)  # warm the code path once
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = sorted(pool.map(one, range(first, first + count)))
    wall = time.perf_counter() - started
    quantiles = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "name": name,
        "count": count,
        "rps": count / wall,
        "p50": quantiles[49] * 1000,
        "p95": quantiles[94] * 1000,
        "p99": quantiles[98] * 1000,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"  # a given database is emptied
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-only",
            "BACKONTRACK_RATELIMIT_ENABLED": "false",
        }
        writers = athletes_with_diaries(url)
        port = free_port()
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "webapp:create_app()"],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_until_up(port, server)
            email = f"bench-{os.getpid()}-{int(time.time())}@example.org"
            account = {"email": email, "password": PASSWORD, "role": "athlete", "name": "Bench"}
            assert request(port, "POST", "/api/v1/accounts", account)[0] == 201
            status, data, _ = request(port, "POST", "/api/v1/tokens", {"email": email, "password": PASSWORD})
            bearer = {"Authorization": "Bearer " + json.loads(data)["token"]}

            def rewrite(i):
                entries = writers[i % ATHLETES][1]
                entry_id, episode_id, recorded_at = entries[i // ATHLETES % len(entries)]
                stamp = datetime.now(UTC).isoformat()
                # A new reading each time round: the pain moves by one from the entry's previous one.
                rounds = i // (ATHLETES * CURRENT_ENTRIES)
                body = {"episode_id": str(episode_id), "recorded_at": recorded_at.isoformat(), "pain": 2 + (i + rounds) % 6,
                        "treatments": ["walk"], "client_updated_at": stamp}
                return f"/api/v1/entries/{entry_id}", body

            for i in range(ATHLETES):  # each athlete's first write works out their earlier episodes' courses
                assert request(port, "PUT", *rewrite(i), writers[i][0])[0] == 200

            n, c = args.requests, args.clients
            kdf_count = max(20, n // 50)
            def puts(name, count, first):
                return measure(port, name, "PUT", lambda i: rewrite(i)[0], lambda i: rewrite(i)[1], lambda i: writers[i % ATHLETES][0],
                               count, c, (200, 201), first=first)

            measure(port, "warm-up", "GET", "/healthz", None, None, n // 2, c, 200)
            puts("warm-up", n // 4, ROUNDS * n)
            rounds = []
            for r in range(ROUNDS):
                baseline = measure(port, "GET /healthz (baseline)", "GET", "/healthz", None, None, n, c, 200)
                put = puts("PUT /api/v1/entries/{id} (+ alerts)", n // 2, r * n)
                rounds.append((put["rps"] / baseline["rps"], baseline, put))
            share, baseline, put = sorted(rounds, key=lambda r: r[0])[ROUNDS // 2]
            rows = [
                baseline,
                measure(port, "GET /login (page + CSRF)", "GET", "/login", None, None, n, c, 200),
                measure(port, "GET /api/v1/me (bearer)", "GET", "/api/v1/me", None, bearer, n, c, 200),
                put,
                measure(port, "POST /api/v1/tokens (argon2id)", "POST", "/api/v1/tokens", {"email": email, "password": PASSWORD}, None, kdf_count, c, 201),
            ]
        finally:
            server.terminate()
            server.wait(timeout=30)

    engine = url.split(":", 1)[0]
    print(f"\nBackOnTrack bench: gunicorn {args.workers} workers, {args.clients} clients, database {engine}")
    print(f"{'endpoint':34} {'n':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'p50 / healthz':>14}")
    base = rows[0]["p50"]
    for row in rows:
        print(
            f"{row['name']:34} {row['count']:>6} {row['rps']:>8.0f} {row['p50']:>8.2f} {row['p95']:>8.2f} {row['p99']:>8.2f} {row['p50'] / base:>13.1f}x"
        )
    print(f"PUT throughput as a share of healthz's, {ROUNDS} rounds taking turns: " + ", ".join(f"{r[0]:.1%}" for r in rounds)
          + " (the table shows the median round)")
    # The share's goal is the embedded database's (synchronous = FULL or its equivalent); PostgreSQL's is reported.
    share_goal = (f"PUT throughput >= {GOAL_SHARE:.0%} of healthz's: {share:.1%} ({verdict(share >= GOAL_SHARE)})" if engine == "sqlite"
                  else f"PUT throughput as a share of healthz's (reported; the {GOAL_SHARE:.0%} goal is SQLite's): {share:.1%}")
    print(f"goal: {share_goal}; PUT p95 < {GOAL_P95_MS} ms: {put['p95']:.0f} ms ({verdict(put['p95'] < GOAL_P95_MS)})")


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


if __name__ == "__main__":
    main()
