"""GET /api/v1/patients: the list's additions (worst alert, pain and trend, episode day, last logged, the week's
checklist) beside the fields it had, each as the OpenAPI document says."""
from datetime import UTC, datetime

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import linked_pair


def test_the_list_says_what_the_rows_show_as_documented(client, app):
    _, athlete_headers, physio_headers = linked_pair(client, app, "Ines")
    episode_id = new_id()
    started = ago(days=2, minutes=30)
    assert client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=started, client_updated_at=started),
                      headers=athlete_headers).status_code == 201
    for days, pain in ((2, 2), (1, 3), (0, 8)):
        at = ago(days=days, seconds=5)
        body = entry_body(episode_id, recorded_at=at, client_updated_at=at, pain=pain, treatments=[])
        assert client.put(f"/api/v1/entries/{new_id()}", json=body, headers=athlete_headers).status_code == 201
    items = client.get(f"/api/v1/episodes/{episode_id}/checklist", headers=athlete_headers).json["items"]
    today = datetime.now(UTC).date()
    for item in items[:2]:
        client.put(f"/api/v1/episodes/{episode_id}/checklist/{today}/{item['key']}", json={"done": True}, headers=athlete_headers)

    [row] = client.get("/api/v1/patients", headers=physio_headers).json
    day = (today - datetime.fromisoformat(started).astimezone(UTC).date()).days + 1
    # Pain 8 is severe: a warning, named in words, its code beside.
    assert row["worst_alert"]["rule"] == "severe_pain" and row["worst_alert"]["severity"] == "warning"
    assert row["worst_alert"]["name"] == "Severe pain" and row["other_open_alerts"] == sum(row["open_alerts"].values()) - 1
    assert (row["pain"], row["pain_trend"], row["episode_day"], row["episode_activity"]) == (8, "rising", day, "Deadlifts")
    assert row["calendar_days_since_last_log"] == 0
    assert row["checklist_last_7_days"] == {"items_done": 2, "items_due": len(items), "days_ticked": 1, "days_with_plan": day}
    # The fields it had keep their meaning: the daily highest pain of the last 15 days, today last.
    assert len(row["trend"]) == 15 and row["trend"][-3:] == [2, 3, 8] and row["days_since_last_log"] == 0

    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["PatientSummary"]["properties"]
    assert set(row) == set(schema)
    for name, value in row.items():
        described = schema[name]
        if value is None:
            assert described.get("nullable"), name
        elif "enum" in described:
            assert value in described["enum"], name
    assert set(row["worst_alert"]) == set(schema["worst_alert"]["properties"])


def test_the_list_in_spanish_names_the_alert_in_spanish(client, app):
    _, athlete_headers, physio_headers = linked_pair(client, app)
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(), headers=athlete_headers)
    client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, pain=9), headers=athlete_headers)
    [row] = client.get("/api/v1/patients", headers={**physio_headers, "Accept-Language": "es"}).json
    assert row["worst_alert"]["rule"] == "severe_pain" and row["worst_alert"]["name"] == "Dolor intenso"
