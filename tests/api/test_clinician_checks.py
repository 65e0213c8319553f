"""Leaving the emergency plan: only a clinician's review does it, and no deletion takes a red flag out of the history.

An athlete seen in A&E or by their GP records the check (who, when, a note); before this, deleting the
red flag was the only way out, and a physiotherapist linked later saw nothing (issue 28, point 1).
"""
from urllib.parse import quote

from tests.api.test_clinical_round_3_api import alerts_of, log, start
from tests.builders import ago, episode_body, new_id
from tests.conftest import bearer, linked_pair, make_account

LOADING = {"core", "strengthen", "warm_up", "technique", "gradual_load", "cool_down", "rest_days"}


def plan(client, headers, episode_id) -> dict:
    body = client.get(f"/api/v1/episodes/{episode_id}/checklist", headers=headers).json
    return {"phase": body["phase"], "keys": {item["key"] for item in body["items"]}}


def check(client, headers, episode_id, **changes):
    body = {"checked_by": "emergency", "clinician": "Hospital La Paz", "checked_at": ago(hours=1), "note": "Scan clear", **changes}
    return client.post(f"/api/v1/episodes/{episode_id}/clinician-checks", json=body, headers=headers)


def flagged_episode(client, headers, flag="saddle_numbness") -> tuple[str, str]:
    """An episode begun 60 h ago (past the first 48 h) with a red flag logged 50 h ago; returns (episode id, entry id)."""
    episode_id = start(client, headers, 60)
    saved = log(client, headers, episode_id, 50, pain=5, red_flags=[flag])
    return episode_id, saved["entry"]["id"]


def test_acknowledging_logging_0_and_closing_do_not_leave_the_emergency_plan(client, athlete):
    headers = bearer(client, athlete)
    episode_id, _ = flagged_episode(client, headers)
    alert = alerts_of(client, headers, episode_id)["red_flag"]
    assert client.post(f"/api/v1/alerts/{alert['id']}/acknowledge", json={}, headers=headers).status_code == 200
    log(client, headers, episode_id, 2, pain=0)
    closed = episode_body(started_at=ago(hours=60), client_updated_at=ago(hours=1), resolved_at=ago(hours=1))
    assert client.put(f"/api/v1/episodes/{episode_id}", json=closed, headers=headers).status_code == 200
    assert plan(client, headers, episode_id) == {"phase": "see_clinician", "keys": {"emergency_care", "stop_training"}}


def test_a_clinician_check_ends_the_emergency_plan_keeps_the_alert_and_never_goes_straight_to_loading(client, athlete):
    headers = bearer(client, athlete)
    episode_id, _ = flagged_episode(client, headers)
    log(client, headers, episode_id, 3, pain=0)
    assert plan(client, headers, episode_id)["phase"] == "see_clinician"

    response = check(client, headers, episode_id)
    assert response.status_code == 201, response.json
    assert response.json["clinician_check"]["checked_by"] == "emergency"
    assert response.json["episode"]["clinician_checked_at"] is not None
    after = plan(client, headers, episode_id)
    assert after["phase"] == "recovering" and not after["keys"] & LOADING, after
    # The flag and its alert stay in the history, acknowledged with what the athlete wrote.
    kept = client.get(f"/api/v1/alerts?episode_id={episode_id}", headers=headers).json
    red = [a for a in kept if a["rule"] == "red_flag"]
    assert red and red[0]["status"] == "acknowledged" and red[0]["acknowledge_note"] == "Scan clear"
    assert [c["clinician"] for c in client.get(f"/api/v1/episodes/{episode_id}/clinician-checks", headers=headers).json] == ["Hospital La Paz"]

    # Loading comes back through the pain logged after the check, not through the check.
    log(client, headers, episode_id, 0.5, pain=2)
    eased = plan(client, headers, episode_id)
    assert eased["phase"] == "recovering" and "core" in eased["keys"]


def test_with_pain_today_the_plan_resumes_at_the_phase_the_pain_allows(client, athlete):
    headers = bearer(client, athlete)
    episode_id, _ = flagged_episode(client, headers)
    log(client, headers, episode_id, 2, pain=6)
    assert check(client, headers, episode_id).status_code == 201
    assert plan(client, headers, episode_id)["phase"] == "subacute"


def test_a_red_flag_reported_after_the_check_is_new(client, athlete):
    headers = bearer(client, athlete)
    episode_id, _ = flagged_episode(client, headers)
    assert check(client, headers, episode_id).status_code == 201
    assert plan(client, headers, episode_id)["phase"] != "see_clinician"
    log(client, headers, episode_id, 0.2, pain=4, red_flags=["saddle_numbness"])
    assert alerts_of(client, headers, episode_id)["red_flag"]["status"] == "open"
    assert plan(client, headers, episode_id) == {"phase": "see_clinician", "keys": {"emergency_care", "stop_training"}}


def test_deleting_the_entry_keeps_the_flag_its_alert_and_the_emergency_plan(client, app):
    athlete, headers, physio_headers = linked_pair(client, app)
    episode_id, entry_id = flagged_episode(client, headers)
    log(client, headers, episode_id, 2, pain=0)
    stamp = quote(ago(hours=0))
    assert client.delete(f"/api/v1/entries/{entry_id}?client_updated_at={stamp}", headers=headers).status_code == 204

    red = alerts_of(client, headers, episode_id)["red_flag"]
    assert red["status"] == "open" and red["severity"] == "urgent"
    assert [item.get("withdrawn") for item in red["evidence"]] == [True]
    assert "deleted this entry" in red["evidence"][0]["text"]
    assert plan(client, headers, episode_id) == {"phase": "see_clinician", "keys": {"emergency_care", "stop_training"}}
    # A physiotherapist linked to the athlete sees it among the open alerts.
    seen = client.get(f"/api/v1/patients/{athlete['id']}/alerts?status=open", headers=physio_headers).json
    assert [a["rule"] for a in seen if a["episode_id"] == episode_id] == ["red_flag"]

    # Only the clinician's check ends the plan; the alert stays in the history.
    assert check(client, headers, episode_id).status_code == 201
    assert plan(client, headers, episode_id)["phase"] != "see_clinician"
    assert alerts_of(client, headers, episode_id)["red_flag"]["status"] == "acknowledged"
    checks = client.get(f"/api/v1/patients/{athlete['id']}/episodes/{episode_id}/clinician-checks", headers=physio_headers)
    assert checks.status_code == 200 and [c["note"] for c in checks.json] == ["Scan clear"]


def test_deleting_one_of_two_flagged_entries_keeps_both_in_the_evidence(client, athlete):
    headers = bearer(client, athlete)
    episode_id, first = flagged_episode(client, headers, flag="fever_chills")
    log(client, headers, episode_id, 40, pain=5, red_flags=["fever_chills"])
    stamp = quote(ago(hours=0))
    assert client.delete(f"/api/v1/entries/{first}?client_updated_at={stamp}", headers=headers).status_code == 204
    evidence = alerts_of(client, headers, episode_id)["red_flag"]["evidence"]
    assert [bool(item.get("withdrawn")) for item in evidence] == [False, True]


def test_a_check_is_refused_with_a_clear_reason_and_nothing_changes(client, athlete):
    headers = bearer(client, athlete)
    quiet = start(client, headers, 30)
    log(client, headers, quiet, 20, pain=3)
    assert "no warning sign" in check(client, headers, quiet).json["errors"]["checked_by"][0]

    episode_id, _ = flagged_episode(client, headers)
    cases = [
        ({"checked_at": ago(hours=55)}, "checked_at", "after the last warning sign"),
        ({"checked_at": ago(hours=-3)}, "checked_at", "future"),
        ({"checked_by": "witch_doctor"}, "checked_by", "Unknown code"),
        ({"checked_by": None}, "checked_by", "Say who checked you"),
        ({"clinician": "x" * 101}, "clinician", "100 characters"),
        ({"checked_at": "yesterday"}, "checked_at", "ISO 8601"),
    ]
    for changes, field, words in cases:
        response = check(client, headers, episode_id, **changes)
        assert response.status_code == 422, (changes, response.json)
        assert words in " ".join(response.json["errors"][field]), (changes, response.json)
    assert client.get(f"/api/v1/episodes/{episode_id}/clinician-checks", headers=headers).json == []
    assert plan(client, headers, episode_id)["phase"] == "see_clinician"
    assert alerts_of(client, headers, episode_id)["red_flag"]["status"] == "open"


def test_only_the_athlete_records_a_check_on_their_own_episode(client, app, athlete):
    headers = bearer(client, athlete)
    episode_id, _ = flagged_episode(client, headers)
    other = bearer(client, make_account(app))
    assert check(client, other, episode_id).status_code == 404
    assert check(client, headers, new_id()).status_code == 404
    physio = bearer(client, make_account(app, role="physio"))
    assert check(client, physio, episode_id).status_code == 403
    assert client.get(f"/api/v1/patients/{athlete['id']}/episodes/{episode_id}/clinician-checks", headers=physio).status_code == 404


def test_deleting_the_emergency_sign_does_not_calm_the_advice(client, athlete):
    """Saddle numbness (an emergency) and fever (a doctor now) in two entries; deleting the first keeps the emergency."""
    headers = bearer(client, athlete)
    episode_id, emergency = flagged_episode(client, headers, flag="saddle_numbness")
    log(client, headers, episode_id, 40, pain=4, red_flags=["fever_chills"])
    before = alerts_of(client, headers, episode_id)["red_flag"]["message"]
    assert "emergency" in before
    stamp = quote(ago(hours=0))
    assert client.delete(f"/api/v1/entries/{emergency}?client_updated_at={stamp}", headers=headers).status_code == 204
    assert alerts_of(client, headers, episode_id)["red_flag"]["message"] == before
    assert plan(client, headers, episode_id)["keys"] == {"emergency_care", "stop_training"}
