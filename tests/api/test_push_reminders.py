"""Reminders through a local push service that checks them as a real one does: signed, encrypted, sent once."""
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import VAPID_PRIVATE_KEY, bearer, make_account
from tests.push_service_stub import certificates
from webapp.infra.extensions import db
from webapp.infra.times import utcnow
from webapp.models import Alert, PushDelivery
from webapp.services.alert_sweep import sweep
from webapp.services.reminder_delivery import deliver_due, send_reminders

ROOT = Path(__file__).resolve().parents[2]
# Due whenever the test runs: the reminder time is midnight and there are no quiet hours.
ANY_TIME = {"enabled": True, "daily_at": "00:00", "quiet_start": None, "quiet_end": None}


@pytest.fixture
def app(make_app, stub):
    return make_app(**stub.app_config())


def athlete_with_device(app, client, stub, name, answers=None, settings=ANY_TIME, activity="Deadlifts"):
    """An athlete with reminders on, one device, and an open episode last logged two days ago."""
    account = make_account(app, "athlete")
    headers = bearer(client, account)
    assert client.put("/api/v1/me/reminders", json=settings, headers=headers).status_code == 200
    subscription = stub.subscription(name, answers)
    assert client.post("/api/v1/push/subscriptions", json=subscription.as_json(), headers=headers).status_code == 201
    episode_id = new_id()
    body = episode_body(started_at=ago(days=3), client_updated_at=ago(days=3), activity=activity)
    assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
    entry = entry_body(episode_id, recorded_at=ago(days=2), client_updated_at=ago(days=2), pain=6)
    assert client.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).status_code == 201
    return account, headers, episode_id, subscription


def send(app, now=None):
    with app.app_context():
        return send_reminders(now)


def test_a_due_checkin_reaches_the_device_signed_encrypted_and_free_of_health_details(app, client, stub):
    _, _, episode_id, device = athlete_with_device(app, client, stub, "phone", activity="Hill sprints")
    counts = send(app)
    assert counts["claimed"] == 1 and counts["sent"] == 1
    [received] = device.received
    assert received.payload == {
        "title": "Time to log your pain", "body": "How is it today after Hill sprints? Logging takes under a minute.",
        "url": f"/athlete/episodes/{episode_id}/log", "log_url": f"/athlete/episodes/{episode_id}/log", "tag": f"daily_checkin:{episode_id}",
            "log_title": "Log pain",
    }
    # The pain logged (6/10) is never in the push service's hands.
    assert not any(ch.isdigit() for ch in received.payload["title"] + received.payload["body"])
    assert received.headers["urgency"] == "low"
    # The same day again, and again: nothing more.
    assert send(app)["claimed"] == 0 and send(app)["sent"] == 0
    assert len(device.received) == 1


def test_nothing_after_the_athlete_logged_today_closed_the_episode_or_turned_reminders_off(app, client, stub):
    _, headers, episode_id, device = athlete_with_device(app, client, stub, "logged")
    entry = entry_body(episode_id, recorded_at=ago(minutes=5), client_updated_at=ago(minutes=5))
    assert client.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).status_code == 201
    assert send(app)["claimed"] == 0

    _, headers, episode_id, device = athlete_with_device(app, client, stub, "closed")
    body = episode_body(started_at=ago(days=3), resolved_at=ago(hours=1), client_updated_at=ago(hours=1))
    assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 200
    assert send(app)["claimed"] == 0

    _, headers, _, device = athlete_with_device(app, client, stub, "off")
    assert client.put("/api/v1/me/reminders", json={**ANY_TIME, "enabled": False}, headers=headers).status_code == 200
    assert client.get("/api/v1/push/subscriptions", headers=headers).json == []
    assert send(app)["claimed"] == 0
    assert [s.received for s in stub.subscriptions.values()] == [[], [], []]


def test_nothing_to_an_account_whose_sessions_all_ended_or_that_was_deleted(app, client, stub):
    _, headers, _, _ = athlete_with_device(app, client, stub, "logged-out")
    assert client.delete("/api/v1/me/sessions", headers=headers).status_code == 204
    account, headers, _, _ = athlete_with_device(app, client, stub, "deleted")
    assert client.delete("/api/v1/me", json={"password": account["password"]}, headers=headers).status_code == 204
    assert send(app)["claimed"] == 0
    assert all(not s.received for s in stub.subscriptions.values())


def test_410_deletes_the_subscription(app, client, stub):
    _, headers, _, device = athlete_with_device(app, client, stub, "gone", answers=[410])
    assert send(app)["gone"] == 1
    assert len(device.received) == 1
    assert client.get("/api/v1/push/subscriptions", headers=headers).json == []


def test_429_is_retried_after_retry_after_and_sent_once(app, client, stub):
    _, _, _, device = athlete_with_device(app, client, stub, "busy", answers=[(429, {"Retry-After": "120"}), 201])
    now = utcnow()
    assert send(app, now)["retrying"] == 1
    with app.app_context():
        assert not deliver_due(now + timedelta(seconds=90))  # Retry-After has not passed
        assert deliver_due(now + timedelta(seconds=130))["sent"] == 1
        assert not deliver_due(now + timedelta(hours=2))
        [delivery] = db.session.scalars(select(PushDelivery)).all()
        assert (delivery.status, delivery.attempts, delivery.last_status) == ("sent", 2, 201)
    assert len(device.received) == 2


def test_a_server_error_backs_off_and_gives_up_when_the_reminder_is_no_longer_wanted(app, client, stub):
    _, _, _, device = athlete_with_device(app, client, stub, "down", answers=[503])
    now = utcnow()
    assert send(app, now)["retrying"] == 1
    with app.app_context():
        assert not deliver_due(now + timedelta(seconds=30))  # the first backoff is a minute
        assert deliver_due(now + timedelta(seconds=70))["retrying"] == 1
        # The check-in was for that day: once the day is over it is not sent at all.
        assert deliver_due(now + timedelta(days=1))["expired"] == 1
    assert len(device.received) == 2


def test_a_warning_raised_by_the_physiotherapists_change_is_pushed_at_once(app, client, stub):
    account, headers, episode_id, device = athlete_with_device(app, client, stub, "warned", settings={**ANY_TIME, "daily_at": "23:59"})
    # The athlete's own 6/10 raised nothing they did not see on the page.
    physio = make_account(app, "physio")
    physio_headers = bearer(client, physio)
    code = client.post("/api/v1/invites", headers=headers).json["code"]
    assert client.post("/api/v1/care-links", json={"code": code}, headers=physio_headers).status_code == 201
    answer = client.put(f"/api/v1/patients/{account['id']}/alert-settings", json={"thresholds": {"severe_alert_min": 5}}, headers=physio_headers)
    assert answer.status_code == 200
    counts = send(app)
    assert counts["sent"] >= 1
    notices = [r.payload for r in device.received if r.payload["tag"].startswith("alert:")]
    assert notices == [{
        "title": "New advice about your pain", "body": "BackOnTrack has new advice about your pain after Deadlifts.",
        "url": f"/athlete/episodes/{episode_id}", "log_url": f"/athlete/episodes/{episode_id}/log", "tag": f"alert:{episode_id}",
        "log_title": "Log pain",
    }]
    assert send(app)["claimed"] == 0


def test_two_senders_at_once_send_each_reminder_once(app, client, stub, database_url):
    devices = [athlete_with_device(app, client, stub, f"athlete-{i}")[3] for i in range(4)]
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-only-secret", "VAPID_PRIVATE_KEY": VAPID_PRIVATE_KEY,
           "PUSH_STUB_NETWORK": stub.network.as_json(), "PUSH_STUB_CA_BUNDLE": certificates().ca_file}
    command = [sys.executable, "-m", "tests.push_sender_process"]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert [len(device.received) for device in devices] == [1, 1, 1, 1], outputs
    assert sum(int(out.split(" reminders due")[0]) for out, _ in outputs) == 4, outputs


def test_a_device_registered_from_the_page_stops_with_that_browsers_log_out(app, client, auth, stub):
    account = make_account(app, "athlete")
    auth.login(account["email"])
    same_origin = {"Sec-Fetch-Site": "same-origin"}
    assert client.put("/api/v1/me/reminders", json=ANY_TIME, headers=same_origin).status_code == 200
    subscription = stub.subscription("browser")
    assert client.post("/api/v1/push/subscriptions", json=subscription.as_json(), headers=same_origin).status_code == 201
    # Sent again from the same browser (each page load does): the same device, not a second one.
    assert client.post("/api/v1/push/subscriptions", json=subscription.as_json(), headers=same_origin).status_code == 200
    assert len(client.get("/api/v1/push/subscriptions").json) == 1
    auth.logout()
    api = app.test_client()
    assert api.get("/api/v1/push/subscriptions", headers=bearer(api, account)).json == []


def test_bad_subscriptions_are_refused_with_reasons(app, client, stub):
    headers = bearer(client, make_account(app, "athlete"))
    good = stub.subscription("good").as_json()
    cases = [
        ({**good, "keys": {"p256dh": good["keys"]["p256dh"][:-4] + "AAAA", "auth": good["keys"]["auth"]}}, "p256dh"),
        ({**good, "keys": {"p256dh": good["keys"]["p256dh"], "auth": "short"}}, "auth"),
        ({"endpoint": good["endpoint"]}, "p256dh"),
        ({**good, "endpoint": 42}, "endpoint"),
    ]
    for body, field in cases:
        answer = client.post("/api/v1/push/subscriptions", json=body, headers=headers)
        assert answer.status_code == 422 and field in answer.json["errors"], (body, answer.json)
    assert client.get("/api/v1/push/subscriptions", headers=headers).json == []


@pytest.mark.parametrize("endpoint", [
    "http://push.example.com/x", "https://localhost/x", "https://10.0.0.7/x", "https://[::1]/x", "https://169.254.169.254/latest",
    "ftp://push.example.com/x", "https:///nohost",
])
def test_endpoints_the_server_must_not_post_to_are_refused(make_app, endpoint):
    app = make_app()  # production rules: public https only
    client = app.test_client()
    headers = bearer(client, make_account(app, "athlete"))
    keys = {"p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM", "auth": "tBHItJI5svbpez7KI4CCXg"}
    answer = client.post("/api/v1/push/subscriptions", json={"endpoint": endpoint, "keys": keys}, headers=headers)
    assert answer.status_code == 422 and "endpoint" in answer.json["errors"], answer.json


def test_an_alert_the_athletes_own_log_raised_is_not_pushed_but_one_the_sweep_raised_is(app, client, stub):
    settings = {**ANY_TIME, "daily_at": "23:59"}
    account, headers, episode_id, device = athlete_with_device(app, client, stub, "sweep", settings=settings)
    entry = entry_body(episode_id, recorded_at=ago(hours=1), client_updated_at=ago(hours=1), pain=8)
    answer = client.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).json
    assert "severe_pain" in {alert["rule"] for alert in answer["alerts"]}
    send(app)
    assert not [r for r in device.received if r.payload["tag"].startswith("alert:")]

    # The same finding, raised this time by the nightly sweep (as after a rules update): pushed.
    with app.app_context():
        db.session.execute(delete(Alert))
        db.session.commit()
        sweep()
    send(app)
    notices = [r.payload for r in device.received if r.payload["tag"].startswith("alert:")]
    with app.app_context():
        warnings = db.session.scalars(select(Alert).where(Alert.severity == "warning")).all()
        assert {alert.raised_via for alert in warnings} == {"sweep"}
    # One per alert raised (severe pain, and the rise from 6 to 8); the device shows the latest in place (one tag per episode).
    assert len(notices) == len(warnings) >= 1
    assert {(n["title"], n["tag"]) for n in notices} == {("New advice about your pain", f"alert:{episode_id}")}
