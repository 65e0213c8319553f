"""Eight phones writing at once to gunicorn with four workers: nothing lost, no errors (SQLite or PostgreSQL)."""
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import func, select

from tests.builders import ago, entry_body, episode_body
from tests.conftest import bearer
from webapp.infra.extensions import db
from webapp.models import Entry

ROOT = Path(__file__).resolve().parents[1]
CLIENTS, ENTRIES_EACH = 8, 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def put(port, path, body, headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("PUT", path, body=json.dumps(body), headers={"Content-Type": "application/json", **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def test_concurrent_writers_lose_nothing(app, client, athlete, database_url):
    headers = bearer(client, athlete)
    episode_id = str(uuid.uuid4())
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=100), client_updated_at=ago(hours=100)), headers=headers)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-only-secret",
           "BACKONTRACK_RATELIMIT_ENABLED": "false", "BACKONTRACK_PASSWORD_HASH_PROFILE": "CHEAPEST"}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen([str(gunicorn), "--workers", "4", "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "webapp:create_app()"],
                              cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        statuses, start = [], threading.Barrier(CLIENTS)

        def phone(n):
            start.wait()
            for i in range(ENTRIES_EACH):
                entry_id = str(uuid.uuid4())
                body = entry_body(episode_id, recorded_at=ago(hours=90 - i), pain=(n + i) % 11, treatments=["walk"])
                statuses.append(put(port, f"/api/v1/entries/{entry_id}", body, headers))
                if i % 5 == 0:  # a replay, as an outbox would after a lost answer
                    statuses.append(put(port, f"/api/v1/entries/{entry_id}", body, headers))

        threads = [threading.Thread(target=phone, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert sorted(set(statuses)) == [200, 201], statuses
    assert statuses.count(201) == CLIENTS * ENTRIES_EACH
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Entry)) == CLIENTS * ENTRIES_EACH
