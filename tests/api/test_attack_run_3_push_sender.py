"""Issue 27, findings 1-4: the reminder sender connects only to push services, and no device stops or holds the run.

The push services are stubs on loopback behind a StubNetwork that maps public
names to public-looking addresses (tests/push_service_stub.py), so the sender's
production checks stay on: registration's rules for an endpoint's text, the
connection-time check of every resolved address, TLS, no redirects.
"""
import threading
import time
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select, update

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import bearer, make_account
from tests.push_service_stub import SilentServer
from webapp.infra.extensions import db
from webapp.infra.times import utcnow
from webapp.models import PushDelivery, PushSubscription
from webapp.services.reminder_delivery import send_reminders

ANY_TIME = {"enabled": True, "daily_at": "00:00", "quiet_start": None, "quiet_end": None}
KEYS = {"p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM", "auth": "tBHItJI5svbpez7KI4CCXg"}


@pytest.fixture
def app(make_app, stub):
    return make_app(**stub.app_config())


class RecordingServer:
    """A plain server on loopback standing for something internal: it records every request that reaches it."""

    def __init__(self):
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                server.hits.append(self.path)
                self.send_response(201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST  # noqa: N815

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.http.server_address[1]
        threading.Thread(target=self.http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def internal():
    server = RecordingServer()
    yield server
    server.close()


def athlete_with_episode(app, client):
    """An athlete with reminders on and an open episode last logged two days ago: a check-in is due."""
    account = make_account(app, "athlete")
    headers = bearer(client, account)
    assert client.put("/api/v1/me/reminders", json=ANY_TIME, headers=headers).status_code == 200
    episode_id = new_id()
    body = episode_body(started_at=ago(days=3), client_updated_at=ago(days=3))
    assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
    entry = entry_body(episode_id, recorded_at=ago(days=2), client_updated_at=ago(days=2), pain=5)
    assert client.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).status_code == 201
    return account, headers


def add_device(client, headers, subscription) -> str:
    answer = client.post("/api/v1/push/subscriptions", json=subscription.as_json(), headers=headers)
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def send(app, now=None):
    with app.app_context():
        return send_reminders(now)


def deliveries(app) -> list[PushDelivery]:
    with app.app_context():
        return list(db.session.scalars(select(PushDelivery)))


def point_device_at(app, device_id: str, endpoint: str) -> None:
    """Store an endpoint as a row written before today's rules would hold it (registration refuses it now)."""
    with app.app_context():
        db.session.execute(update(PushSubscription).where(PushSubscription.id == uuid.UUID(device_id)).values(endpoint=endpoint))
        db.session.commit()


REFUSED_ENDPOINTS = [
    "https://2130706433/push/x", "https://0x7f000001/push/x", "https://0177.0.0.1/push/x", "https://127.1/push/x", "https://0/push/x",
    "https://127.0.0.1\\@fcm.googleapis.com/push/x", "https://127.0.0.1%5C@fcm.googleapis.com/push/x",
    "https://user:secret@fcm.googleapis.com/push/x", "https://fcm.googleapis.com@127.0.0.1/push/x",
    "https://[::ffff:127.0.0.1]/push/x", "https://[::ffff:7f00:1]/push/x", "https://[::1]/push/x", "https://[fe80::1%25eth0]/push/x",
    "https://fcm.googleapis.com:8443/push/x", "https://fcm.googleapis.com:22/push/x", "https://fcm.googleapis.com:0/push/x",
    "https://fcm.googleapis.com:99999/push/x", "http://fcm.googleapis.com/push/x", "https://fcm.googleapis.com./push/x",
    "https://localhost/push/x", "https://metadata.google.internal/x", "https://169.254.169.254/latest", "https://10.0.0.7/x",
    "https://fcm.googleapis.com/push/x y", "https://fcm.googleapis.com/push/\u0445", "https://fcm.googleapis.com.evil.example/x",
    "https://evilfcm.googleapis.com.example/x", "https://push.example.net/x",
]
PUSH_SERVICE_ENDPOINTS = [
    "https://fcm.googleapis.com/fcm/send/dQw4w9WgXcQ:APA91b", "https://updates.push.services.mozilla.com/wpush/v2/gAAAAAB",
    "https://web.push.apple.com/QGdL6jH", "https://wns2-by3p.notify.windows.com/w/?token=BQYAAA", "https://FCM.googleapis.com/fcm/send/x",
    "https://fcm.googleapis.com:443/fcm/send/y",
]


def test_ssrf_endpoint_spellings_are_refused_at_registration_and_push_services_accepted(app, client):
    headers = bearer(client, make_account(app, "athlete"))
    answers = {endpoint: client.post("/api/v1/push/subscriptions", json={"endpoint": endpoint, "keys": KEYS}, headers=headers)
               for endpoint in REFUSED_ENDPOINTS}
    assert {e: a.status_code for e, a in answers.items() if a.status_code != 422 or "endpoint" not in a.json["errors"]} == {}
    assert client.get("/api/v1/push/subscriptions", headers=headers).json == []
    accepted = {endpoint: client.post("/api/v1/push/subscriptions", json={"endpoint": endpoint, "keys": KEYS}, headers=headers).status_code
                for endpoint in PUSH_SERVICE_ENDPOINTS}
    assert set(accepted.values()) == {201}, accepted


def test_the_allow_list_is_the_operators_to_set(make_app, stub):
    app = make_app(**stub.app_config(), PUSH_ALLOWED_HOSTS=None)
    client = app.test_client()
    headers = bearer(client, make_account(app, "athlete"))
    own = {"endpoint": "https://push.example.net/x", "keys": KEYS}
    assert client.post("/api/v1/push/subscriptions", json=own, headers=headers).status_code == 201
    # With no allow-list, the address rules hold all the same.
    for endpoint in ("https://127.1/x", "https://push.localhost/x", "https://printer.lan/x", "https://push.example.net:8443/x"):
        answer = client.post("/api/v1/push/subscriptions", json={"endpoint": endpoint, "keys": KEYS}, headers=headers)
        assert answer.status_code == 422, endpoint


@pytest.mark.parametrize("addresses", [
    ["127.0.0.1"], ["10.1.2.3"], ["169.254.169.254"], ["0.0.0.0"], ["100.64.0.9"], ["::1"], ["::ffff:127.0.0.1"],
    ["64:ff9b::7f00:1"], ["2002:7f00:1::1"], ["fd00::1"], ["224.0.0.1"], ["PUBLIC", "127.0.0.1"],
])
def test_a_name_that_resolves_to_a_non_global_address_is_never_connected_to(app, client, stub, network, internal, addresses):
    _, headers = athlete_with_episode(app, client)
    device_id = add_device(client, headers, stub.subscription("phone"))
    public = network.names[stub.host][0]
    # Every address of the name leads to the internal server, if the sender ever connected to it.
    network.names[stub.host] = [public if address == "PUBLIC" else address for address in addresses]
    for address in addresses:
        network.routes[address] = internal.port
    network.routes[public] = internal.port
    counts = send(app)
    assert counts["failed"] == 1 and counts["sent"] == 0, counts
    assert internal.hits == [] and network.connected == [], network.connected
    [delivery] = deliveries(app)
    assert delivery.status == "failed" and "never connects to" in delivery.last_error
    [listed] = client.get("/api/v1/push/subscriptions", headers=headers).json
    assert listed["id"] == device_id and listed["last_sent_at"] is None


def test_dns_rebinding_gains_nothing_the_address_connected_to_is_the_one_checked(app, client, stub, network, internal):
    _, headers = athlete_with_episode(app, client)
    add_device(client, headers, stub.subscription("phone"))
    public = network.names[stub.host][0]
    answers = iter([[public]])
    # Public when asked first (the check), loopback on any later look-up (a second resolution to connect).
    network.names[stub.host] = lambda: next(answers, ["127.0.0.1"])
    network.routes["127.0.0.1"] = internal.port
    assert send(app)["sent"] == 1
    assert len(stub.subscriptions["phone"].received) == 1 and internal.hits == []
    assert network.resolved == [stub.host] and network.connected == [public]


@pytest.mark.parametrize("location", ["http://127.0.0.1:{internal}/steal", "https://rebind.fcm.googleapis.com/push/phone"])
def test_a_push_services_redirect_is_never_followed(app, client, stub, network, internal, location):
    network.route("rebind.fcm.googleapis.com", internal.port)
    _, headers = athlete_with_episode(app, client)
    add_device(client, headers, stub.subscription("phone", answers=[(307, {"Location": location.format(internal=internal.port)})]))
    counts = send(app)
    assert counts["failed"] == 1, counts
    assert internal.hits == [] and set(network.connected) == {network.names[stub.host][0]}
    [delivery] = deliveries(app)
    assert (delivery.status, delivery.last_status) == ("failed", 307)


@pytest.mark.parametrize("poison", [
    "https://user@fcm.googleapis.com/push/phone", "https://[::1]/push/phone", "https://[2001:db8::1]:8443/push/phone",
    "https://127.0.0.1\\@fcm.googleapis.com/push/phone", "https://fcm.googleapis.com:99999/push/phone", "keys",
])
def test_a_poisoned_subscription_fails_alone_and_the_healthy_one_is_delivered(app, client, stub, poison):
    _, poisoned_headers = athlete_with_episode(app, client)
    poisoned_id = add_device(client, poisoned_headers, stub.subscription("poisoned"))
    if poison == "keys":
        with app.app_context():
            # A point not on the curve, as a row stored before keys were checked would hold.
            db.session.execute(update(PushSubscription).values(p256dh="B" + "A" * 86))
            db.session.commit()
    else:
        point_device_at(app, poisoned_id, poison)
    _, healthy_headers = athlete_with_episode(app, client)
    add_device(client, healthy_headers, stub.subscription("healthy"))
    result = app.test_cli_runner().invoke(args=["reminders", "send"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "2 reminders due" in result.output
    assert len(stub.subscriptions["healthy"].received) == 1 and stub.subscriptions["poisoned"].received == []
    statuses = {d.subscription_id.hex: d.status for d in deliveries(app)}
    assert sorted(statuses.values()) == ["failed", "sent"]


def test_a_huge_retry_after_neither_overflows_nor_stops_the_run(app, client, stub):
    _, headers = athlete_with_episode(app, client)
    add_device(client, headers, stub.subscription("busy", answers=[(429, {"Retry-After": "9" * 30})]))
    _, other = athlete_with_episode(app, client)
    add_device(client, other, stub.subscription("healthy"))
    now = utcnow()
    counts = send(app, now)
    assert (counts["retrying"], counts["sent"]) == (1, 1), counts
    [waiting] = [d for d in deliveries(app) if d.status == "pending"]
    # Never sooner than asked, never later than a day: the reminder is worth nothing after that.
    assert now + timedelta(hours=23) < waiting.next_attempt_at <= now + timedelta(days=1, minutes=1)


@pytest.mark.parametrize("retry_after", ["Fri, 31 Dec 9999 23:59:59 GMT", "\u0663\u0660", "-5", "1e9", "Mon, 99 Foo 2026"])
def test_odd_retry_after_values_are_read_safely(app, client, stub, retry_after):
    _, headers = athlete_with_episode(app, client)
    add_device(client, headers, stub.subscription("busy", answers=[(503, {"Retry-After": retry_after})]))
    now = utcnow()
    assert send(app, now)["retrying"] == 1
    [waiting] = deliveries(app)
    assert now < waiting.next_attempt_at <= now + timedelta(days=1, minutes=1)


def test_devices_that_never_answer_end_the_run_within_its_bound(make_app, stub, network):
    silent = SilentServer()
    try:
        network.route("silent.push.services.mozilla.com", silent.port)
        app = make_app(**stub.app_config(), PUSH_TIMEOUT_SECONDS=1, PUSH_RUN_SECONDS=2)
        client = app.test_client()
        for athlete in range(3):
            _, headers = athlete_with_episode(app, client)
            for device in range(10):
                add_device(client, headers, stub.subscription(f"silent-{athlete}-{device}", host="silent.push.services.mozilla.com"))
        _, headers = athlete_with_episode(app, client)
        add_device(client, headers, stub.subscription("healthy"))
        started = time.monotonic()
        counts = send(app)
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    # Two seconds of sending, plus the claims and the records; 30 silent devices one after another took 30 x the timeout.
    assert elapsed < 2 + 1 + 3, elapsed
    assert counts["sent"] == 1 and len(stub.subscriptions["healthy"].received) == 1, counts
    assert counts["retrying"] + counts["deferred"] == 30, counts
    # At most a few at a time to one push service: those the run did not reach wait for the next, no attempt spent.
    assert counts["deferred"] > 0
    assert all(d.attempts == 0 for d in deliveries(app) if d.status == "pending" and d.last_error.startswith("not sent"))


def test_devices_per_athlete_are_bounded_and_the_newest_kept(make_app, stub):
    app = make_app(**stub.app_config(), PUSH_DEVICES_PER_ATHLETE=3)
    client = app.test_client()
    headers = bearer(client, make_account(app, "athlete"))
    ids = [add_device(client, headers, stub.subscription(f"device-{index}")) for index in range(5)]
    listed = [device["id"] for device in client.get("/api/v1/push/subscriptions", headers=headers).json]
    assert sorted(listed) == sorted(ids[-3:])
