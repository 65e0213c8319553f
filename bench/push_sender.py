"""Benchmark `reminders send` when some devices' push service never answers.

Athletes with silent devices (a push service that accepts the connection and says
nothing) beside athletes with healthy ones, every request with a one-second
timeout. The baseline is the sender one request at a time with no deadline, as it
was before runs were bounded; it is measured in the same run, on the same data,
and the bounded sender's time is printed as a ratio to it.

    .venv/bin/python bench/push_sender.py [--silent-athletes 3] [--healthy-athletes 20]
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchdb import bench_app, rebuild_database  # noqa: E402

from tests.builders import ago, entry_body, episode_body, new_id  # noqa: E402
from tests.push_service_stub import PushServiceStub, SilentServer  # noqa: E402
from webapp.infra.vapid import new_private_key  # noqa: E402
from webapp.services.accounts import create_account  # noqa: E402
from webapp.services.reminder_delivery import send_reminders  # noqa: E402

SILENT_HOST = "silent.push.services.mozilla.com"
DEVICES_PER_SILENT_ATHLETE = 10
VAPID_KEY = new_private_key()
ANY_TIME = {"enabled": True, "daily_at": "00:00", "quiet_start": None, "quiet_end": None}


def athlete_due_a_checkin(app, client, index: int) -> dict:
    email = f"bench-{index}-{new_id()}@bench.test"
    with app.app_context():
        create_account(email=email, password="bench password", role="athlete", name="Bench", timezone="UTC")
    token = client.post("/api/v1/tokens", json={"email": email, "password": "bench password"}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    client.put("/api/v1/me/reminders", json=ANY_TIME, headers=headers)
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(days=3), client_updated_at=ago(days=3)), headers=headers)
    entry = entry_body(episode_id, recorded_at=ago(days=2), client_updated_at=ago(days=2), pain=4)
    client.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers)
    return headers


def one_run(url: str, stub: PushServiceStub, silent_athletes: int, healthy_athletes: int, **limits) -> tuple[float, dict]:
    """Build the diaries afresh, then time one `reminders send`; return its seconds and its counts."""
    app = bench_app(url, VAPID_PRIVATE_KEY=VAPID_KEY, PUSH_TIMEOUT_SECONDS=1, **stub.app_config(), **limits)
    client = app.test_client()
    with app.app_context():
        rebuild_database()
    for index in range(silent_athletes):
        headers = athlete_due_a_checkin(app, client, index)
        for device in range(DEVICES_PER_SILENT_ATHLETE):
            subscription = stub.subscription(f"silent-{index}-{device}-{new_id()}", host=SILENT_HOST)
            client.post("/api/v1/push/subscriptions", json=subscription.as_json(), headers=headers)
    for index in range(healthy_athletes):
        headers = athlete_due_a_checkin(app, client, silent_athletes + index)
        client.post("/api/v1/push/subscriptions", json=stub.subscription(f"healthy-{index}-{new_id()}").as_json(), headers=headers)
    with app.app_context():
        started = time.perf_counter()
        counts = send_reminders()
        return time.perf_counter() - started, dict(counts)



def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--silent-athletes", type=int, default=3)
    parser.add_argument("--healthy-athletes", type=int, default=20)
    args = parser.parse_args()
    silent = SilentServer()
    stub = PushServiceStub()
    stub.network.route(SILENT_HOST, silent.port)
    url = "sqlite:///" + str(Path(tempfile.mkdtemp()) / "push-bench.db")
    try:
        baseline, baseline_counts = one_run(url, stub, args.silent_athletes, args.healthy_athletes,
                                            PUSH_WORKERS=1, PUSH_CONNECTIONS_PER_HOST=1, PUSH_RUN_SECONDS=3600)
        bounded, bounded_counts = one_run(url, stub, args.silent_athletes, args.healthy_athletes, PUSH_RUN_SECONDS=3)
    finally:
        stub.close()
        silent.close()
    silent_devices = args.silent_athletes * DEVICES_PER_SILENT_ATHLETE
    print(f"reminders send: {silent_devices} silent devices, {args.healthy_athletes} healthy ones, 1 s timeout per request")
    print(f"  one at a time, no deadline (baseline): {baseline:6.2f} s  {baseline_counts}")
    print(f"  16 at once, 4 per push service, 3 s run: {bounded:6.2f} s  {bounded_counts}  ratio {bounded / baseline:.2f}")
    healthy_sent = bounded_counts.get("sent", 0) == args.healthy_athletes
    print(f"  goal: every healthy device served within the run's bound (3 s + one timeout): "
          f"{'met' if healthy_sent and bounded < 3 + 1 + 1 else 'NOT met'}")


if __name__ == "__main__":
    main()
