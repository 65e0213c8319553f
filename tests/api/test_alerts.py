"""Alerts through the public API: raised on write, lifecycle, overrides, sweep (shared/api-v1.md)."""
import random
import threading
import uuid

import pytest
from sqlalchemy import func, select

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import bearer, csrf_token_from, make_account
from webapp.infra.extensions import db
from webapp.models import Alert, AlertSettings
from webapp.services import alert_sweep
from webapp.services import alerts as alert_service


@pytest.fixture
def headers(client, athlete):
    return bearer(client, athlete)


def put_episode(client, headers, **changes) -> str:
    episode_id = new_id()
    response = client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(**changes), headers=headers)
    assert response.status_code == 201, response.json
    return episode_id


def put_entry(client, headers, episode_id, entry_id=None, **changes):
    response = client.put(f"/api/v1/entries/{entry_id or new_id()}", json=entry_body(episode_id, **changes), headers=headers)
    assert response.status_code in (200, 201), response.json
    return response.json


def rules(alert_list) -> set[str]:
    return {alert["rule"] for alert in alert_list}


def alert_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Alert))


def test_a_red_flag_comes_back_at_once_in_the_put_answer(client, app, headers):
    episode_id = put_episode(client, headers)
    body = put_entry(client, headers, episode_id, red_flags=["bladder_bowel_change"], pain=5)
    [alert] = body["alerts"]
    assert alert["rule"] == "red_flag" and alert["severity"] == "urgent" and alert["status"] == "open"
    assert "emergency" in alert["message"].lower()
    assert alert["evidence"][0]["entry_id"] == body["entry"]["id"]
    # Claim ids a reader can open, each resolving through the documented endpoint.
    assert alert["source"] and all(client.get(f"/api/v1/sources/{claim}").status_code == 200 for claim in alert["source"])
    listed = client.get("/api/v1/alerts", query_string={"status": "open"}, headers=headers).json
    assert [a["id"] for a in listed] == [alert["id"]]
    assert set(listed[0]) >= {"id", "rule", "severity", "status", "episode_id", "raised_at", "message", "evidence", "source"}


def test_replays_never_duplicate_an_alert(client, app, headers):
    episode_id = put_episode(client, headers)
    entry_id = new_id()
    body = entry_body(episode_id, red_flags=["fever_chills"])
    for _ in range(3):
        client.put(f"/api/v1/entries/{entry_id}", json=body, headers=headers)
    put_entry(client, headers, episode_id, red_flags=["fever_chills"])
    assert alert_count(app) == 1


def test_acknowledge_with_a_note_then_again(client, headers):
    episode_id = put_episode(client, headers)
    [alert] = put_entry(client, headers, episode_id, red_flags=["fever_chills"])["alerts"]
    response = client.post(f"/api/v1/alerts/{alert['id']}/acknowledge", json={"note": "GP appointment at 4pm"}, headers=headers)
    assert response.status_code == 200
    acknowledged = response.json
    assert acknowledged["status"] == "acknowledged" and acknowledged["acknowledge_note"] == "GP appointment at 4pm"
    assert acknowledged["acknowledged_by"]["role"] == "athlete" and acknowledged["acknowledged_at"]
    again = client.post(f"/api/v1/alerts/{alert['id']}/acknowledge", headers=headers)
    assert again.status_code == 200 and again.json["acknowledge_note"] == "GP appointment at 4pm"
    assert put_entry(client, headers, episode_id)["alerts"] == []


def test_new_evidence_reopens_an_acknowledged_alert_and_old_evidence_does_not(client, headers):
    episode_id = put_episode(client, headers)
    [alert] = put_entry(client, headers, episode_id, red_flags=["fever_chills"], recorded_at=ago(hours=10))["alerts"]
    client.post(f"/api/v1/alerts/{alert['id']}/acknowledge", json={}, headers=headers)
    assert put_entry(client, headers, episode_id, red_flags=["fever_chills"], recorded_at=ago(hours=8))["alerts"] == []
    [reopened] = put_entry(client, headers, episode_id, red_flags=["leg_numbness_weakness"], recorded_at=ago(hours=6))["alerts"]
    assert reopened["id"] == alert["id"] and reopened["status"] == "open"
    assert len(reopened["evidence"]) == 2


def test_resolving_the_episode_resolves_its_present_state_and_keeps_its_events(client, headers):
    """Issue 12, item 5: 'still there after 72 h' ends with the episode; 'began like a strain' stays until acknowledged."""
    started = dict(started_at=ago(hours=100), onset="during", character="sharp")
    episode_id = put_episode(client, headers, **started, client_updated_at=ago(hours=100))
    body = put_entry(client, headers, episode_id, recorded_at=ago(hours=10), pain=4, character="sharp", movement="worsens")
    assert rules(body["alerts"]) == {"injury_pattern", "doms_window_exceeded"}
    response = client.put(
        f"/api/v1/episodes/{episode_id}",
        json=episode_body(**started, resolved_at=ago(hours=1), client_updated_at=ago(hours=1)),
        headers=headers,
    )
    assert rules(response.json["alerts"]) == {"injury_pattern"}
    by_rule = {a["rule"]: a for a in client.get("/api/v1/alerts", query_string={"episode_id": episode_id}, headers=headers).json}
    state = by_rule["doms_window_exceeded"]
    assert state["status"] == "resolved" and state["resolution"] == "the episode resolved"
    conflict = client.post(f"/api/v1/alerts/{state['id']}/acknowledge", headers=headers)
    assert conflict.status_code == 409 and conflict.json["current"]["status"] == "resolved"
    assert client.post(f"/api/v1/alerts/{by_rule['injury_pattern']['id']}/acknowledge", headers=headers).status_code == 200


def test_deleting_the_evidence_resolves_the_alert(client, headers):
    episode_id = put_episode(client, headers)
    entry_id = new_id()
    put_entry(client, headers, episode_id, entry_id, treatments=["heat"])
    assert client.delete(f"/api/v1/entries/{entry_id}", headers=headers).status_code == 204
    [alert] = client.get("/api/v1/alerts", headers=headers).json
    assert alert["rule"] == "heat_in_first_48h" and alert["status"] == "resolved"
    assert alert["resolution"].startswith("no longer supported by the diary")


def test_order_of_arrival_does_not_change_the_alerts(client, make_app, headers):
    """A phone that was offline sends late and out of order: same data, same alerts."""
    hours_pain = [(2, 6), (20, 7), (44, 6), (80, 6), (130, 6), (190, 6)]

    def send(order, account_headers):
        episode_id = new_id()
        client.put(
            f"/api/v1/episodes/{episode_id}",
            json=episode_body(started_at=ago(hours=200), onset="during", character="sharp", client_updated_at=ago(hours=199)),
            headers=account_headers,
        )
        for hours, pain in order:
            put_entry(client, account_headers, episode_id, recorded_at=ago(hours=200 - hours), pain=pain, treatments=[], movement="worsens", character="sharp")
        return {(a["rule"], a["status"]) for a in client.get("/api/v1/alerts", headers=account_headers).json}

    in_order = send(hours_pain, headers)
    other = bearer(client, make_account(client.application, "athlete"))
    shuffled = send(random.Random(3).sample(hours_pain, len(hours_pain)), other)
    assert in_order == shuffled
    assert {rule for rule, _ in in_order} == {
        "injury_pattern", "doms_window_exceeded", "persisting_beyond_week", "no_improvement_7_10_days", "severe_pain",
    }


def test_a_physiotherapists_override_is_used_and_shown(client, app, athlete, headers):
    episode_id = put_episode(client, headers, started_at=ago(hours=70), client_updated_at=ago(hours=69))
    assert put_entry(client, headers, episode_id, recorded_at=ago(hours=10), pain=4, treatments=[])["alerts"] == []
    physio = make_account(app, "physio")
    with app.app_context():
        db.session.add(AlertSettings(user_id=uuid.UUID(athlete["id"]), overrides={"doms_window_hours": 48}, updated_by_id=uuid.UUID(physio["id"])))
        db.session.commit()
        first = alert_sweep.sweep()
        second = alert_sweep.sweep()
    assert first["raised"] == 1 and second["raised"] == second["updated"] == second["resolved"] == 0
    [alert] = client.get("/api/v1/alerts", headers=headers).json
    assert alert["rule"] == "doms_window_exceeded" and alert["thresholds"]["doms_window_hours"] == 48
    assert alert["overridden"] == ["doms_window_hours"]


def test_two_sweeps_at_once_store_each_alert_once(make_app, client, headers):
    for _ in range(5):
        episode_id = put_episode(client, headers)
        put_entry(client, headers, episode_id, treatments=["heat"], pain=4)
    app = client.application
    with app.app_context():
        db.session.execute(Alert.__table__.delete())
        db.session.commit()
    errors, start = [], threading.Barrier(2)

    def run():
        with app.app_context():
            start.wait()
            try:
                alert_sweep.sweep(batch=2)
            except Exception as exc:  # noqa: BLE001  (collected and asserted below)
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with app.app_context():
        rows = db.session.execute(select(Alert.episode_id, Alert.rule)).all()
    assert len(rows) == len(set(rows)) == 5


def test_sweep_command_on_demo_data_is_idempotent(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo"])
    with app.app_context():
        before = {(a.rule, a.status) for a in db.session.scalars(select(Alert))}
    first = runner.invoke(args=["alerts", "sweep"])
    second = runner.invoke(args=["alerts", "sweep"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert "0 alerts raised, 0 updated, 0 resolved" in second.output
    with app.app_context():
        after = {(a.rule, a.status) for a in db.session.scalars(select(Alert))}
    assert before == after == {
        ("injury_pattern", "open"), ("doms_window_exceeded", "open"), ("persisting_beyond_week", "open"), ("severe_pain", "open"),
    }


def test_an_unlogged_episode_gets_a_check_in_prompt_not_an_alert(client, app, athlete, auth, headers):
    episode_id = put_episode(client, headers, started_at=ago(days=6), client_updated_at=ago(days=6))
    put_entry(client, headers, episode_id, recorded_at=ago(days=5), treatments=[], pain=3)
    with app.app_context():
        assert alert_service.episodes_due_checkin() == {uuid.UUID(episode_id)}
    assert client.get("/api/v1/alerts", headers=headers).json == []
    auth.login(athlete["email"])
    assert "You have not logged for a few days" in client.get("/athlete/").text


@pytest.mark.parametrize("query, field", [({"status": "closed"}, "status"), ({"episode_id": "x"}, "episode_id")])
def test_bad_alert_queries_are_422(client, headers, query, field):
    response = client.get("/api/v1/alerts", query_string=query, headers=headers)
    assert response.status_code == 422 and field in response.json["errors"]


def test_a_long_note_is_422_and_changes_nothing(client, headers):
    episode_id = put_episode(client, headers)
    [alert] = put_entry(client, headers, episode_id, red_flags=["trauma"])["alerts"]
    response = client.post(f"/api/v1/alerts/{alert['id']}/acknowledge", json={"note": "x" * 1001}, headers=headers)
    assert response.status_code == 422 and "note" in response.json["errors"]
    assert client.get("/api/v1/alerts", headers=headers).json[0]["status"] == "open"


def test_other_peoples_alerts_are_invisible(client, app, headers):
    episode_id = put_episode(client, headers)
    [alert] = put_entry(client, headers, episode_id, red_flags=["trauma"])["alerts"]
    other = bearer(client, make_account(app, "athlete"))
    assert client.get("/api/v1/alerts", headers=other).json == []
    assert client.post(f"/api/v1/alerts/{alert['id']}/acknowledge", headers=other).status_code == 404
    assert client.post(f"/api/v1/alerts/{uuid.uuid4()}/acknowledge", headers=other).status_code == 404
    physio = bearer(client, make_account(app, "physio"))
    assert client.get("/api/v1/alerts", headers=physio).status_code == 403


def test_home_shows_urgent_alerts_unmissably_and_acknowledges_them(client, app, athlete, auth, headers):
    episode_id = put_episode(client, headers)
    put_entry(client, headers, episode_id, red_flags=["saddle_numbness"])
    put_entry(client, headers, episode_id, treatments=["heat"])
    auth.login(athlete["email"])
    home = client.get("/athlete/")
    assert home.text.index("alert-urgent") < home.text.index("alert-advice")
    assert 'role="alert"' in home.text and "Seek emergency care now" in home.text
    # Sources a reader can open, not file:line references.
    assert 'href="/sources#s003-14"' in home.text and "003:14" not in home.text
    [alert_id] = [a["id"] for a in client.get("/api/v1/alerts", query_string={"status": "open"}, headers=headers).json if a["rule"] == "red_flag"]
    response = client.post(
        f"/athlete/alerts/{alert_id}/acknowledge", data={"csrf_token": csrf_token_from(home), "note": "On my way to A&E", "next": "/athlete/"}
    )
    assert response.status_code == 302
    home = client.get("/athlete/").text
    assert "alert-urgent" not in home and "Noted." in home
    episode_page = client.get(f"/athlete/episodes/{episode_id}").text
    assert "On my way to A&amp;E" in episode_page
